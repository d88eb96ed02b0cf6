//! Black-box tests: a real server over HTTP, driven by the real AWS SDK for Rust.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod instance_profiles;
mod role_policies;
mod roles;
mod service_linked_roles;
mod sts_identity;
mod support;
mod users;
mod wire;
