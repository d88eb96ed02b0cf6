//! IAM handlers, one module per resource family, plus the helpers they share.

pub mod common;
pub mod documents;
pub mod instance_profiles;
pub mod policy_refs;
pub mod role_policies;
pub mod roles;
pub mod service_linked_roles;
pub mod tags;
pub mod users;
