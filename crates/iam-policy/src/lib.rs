//! AWS IAM policy documents: parsing (and, later, evaluation). Pure: no I/O.

pub mod parse;
