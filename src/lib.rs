//! localiam: a local, in-memory emulator of AWS IAM and STS.

pub mod error;
pub mod protocol;
