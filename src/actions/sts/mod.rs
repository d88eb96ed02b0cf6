//! STS handlers.

pub mod access_key_info;
pub mod assume_role;
pub mod credentials;
pub mod delegated;
mod federated;
pub mod identity;
pub mod messages;
pub mod mfa;
pub mod root;
pub mod saml;
pub mod session_policies;
pub mod session_token;
pub mod web_identity;
pub mod web_identity_token;
pub mod web_token;
