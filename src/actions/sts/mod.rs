//! STS handlers.

pub mod identity;
