//! Matchers for the entries of the Action/NotAction and Resource/NotResource elements.

mod action;
mod resource;

pub(crate) use action::service_hash;
pub use action::{ActionMatcher, RequestAction};
pub use resource::ResourceMatcher;
