//! Matchers for the entries of the Action/NotAction and Resource/NotResource elements.

mod action;
mod resource;

pub(crate) use action::ActionPattern;
pub use action::{ActionMatcher, RequestAction};
pub(crate) use action::{initials, service_hash};
pub use resource::ResourceMatcher;
