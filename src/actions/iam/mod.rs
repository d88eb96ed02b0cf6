//! IAM handlers, one module per resource family, plus the helpers they share.

pub mod attachments;
pub mod boundaries;
pub mod common;
pub mod documents;
pub mod policies;
pub mod policy_entities;
pub mod policy_list;
pub mod policy_refs;
pub mod policy_versions;
pub mod tags;
pub mod users;
