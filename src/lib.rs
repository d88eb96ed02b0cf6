//! localiam: a local, in-memory emulator of AWS IAM and STS.

pub mod actions;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
pub mod http;
pub mod init;
pub mod metrics;
pub mod mfa;
pub mod oidc;
pub mod pipeline;
pub mod protocol;
pub mod saml;
pub mod server;
pub mod service_reference;
pub mod store;
pub mod text;
