//! IAM handlers, one module per resource family, plus the helpers they share.

pub mod access_keys;
pub mod account_aliases;
pub mod account_summary;
pub mod attachments;
pub mod authorization_details;
pub mod boundaries;
pub mod common;
pub mod credential_report;
pub mod documents;
pub mod groups;
pub mod inline_policies;
pub mod instance_profiles;
pub mod login_profiles;
pub mod password_policy;
pub mod policies;
pub mod policy_entities;
pub mod policy_list;
pub mod policy_refs;
pub mod policy_versions;
pub mod role_policies;
pub mod roles;
pub mod service_linked_roles;
pub mod tags;
pub mod users;
