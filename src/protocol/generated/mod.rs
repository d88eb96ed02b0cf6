//! Code generated from the AWS service models by `cargo xtask codegen`; do not edit.

pub mod actions;
pub mod errors;
pub mod iam;
pub mod request;
pub mod sts;
