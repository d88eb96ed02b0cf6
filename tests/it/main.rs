//! Black-box tests: a real server over HTTP, driven by the real AWS SDK for Rust.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod attachments;
mod policies;
mod policy_versions;
mod sts_identity;
mod support;
mod users;
mod wire;
