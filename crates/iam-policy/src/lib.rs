//! AWS IAM policy parsing and evaluation, free of I/O and of localiam's own types.

pub mod glob;
pub mod matching;
pub mod parse;
