//! Code generated from the AWS service models by `cargo xtask codegen`; do not edit.
// Generated code is checked by its generator and its tests, not held to the pedantic style lints.
#![allow(clippy::pedantic, clippy::style, clippy::complexity)]

pub mod actions;
pub mod errors;
pub mod iam;
pub mod request;
pub mod sts;
