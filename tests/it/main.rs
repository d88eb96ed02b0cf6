//! Black-box tests: a real server over HTTP, driven by the real AWS SDK for Rust.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli;
mod groups;
mod inline_policies;
mod access_keys;
mod account;
mod login_profiles;
mod instance_profiles;
mod role_policies;
mod roles;
mod service_linked_roles;
mod attachments;
mod policies;
mod policy_versions;
mod sts_identity;
mod summary;
mod support;
mod users;
mod wire;
