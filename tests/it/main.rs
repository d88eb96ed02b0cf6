//! Black-box tests: a real server over HTTP, driven by the real AWS SDK for Rust.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod access_keys;
mod account;
mod attachments;
mod audit;
mod authentication;
mod authorization;
mod authorization_details;
mod cli;
mod examples;
mod groups;
mod init_file;
mod inline_policies;
mod instance_profiles;
mod last_accessed;
mod login_profiles;
mod mfa_devices;
mod observe;
mod oidc_providers;
mod policies;
mod policy_cli;
mod policy_versions;
mod role_policies;
mod roles;
mod saml;
mod saml_providers;
mod service_linked_roles;
mod signing_certificates;
mod simulate;
mod ssh_public_keys;
mod sts;
mod sts_identity;
mod summary;
mod support;
mod usage;
mod users;
mod web_identity;
mod web_token;
mod wire;
