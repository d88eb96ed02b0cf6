//! Policy variables (`${aws:username}`, `${*}`, `${key, 'default'}`) inside Resource patterns
//! and condition values. STUB: the engine-conditions branch replaces this file.

use crate::context::Context;
use crate::parse::{ParseError, Version};

/// A string that may hold policy variables, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
}

/// What resolving a template against a context gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// Every variable had a value (or a default); the result is in the output buffer.
    Complete,
    /// A variable had no value and no default: the element containing it does not match.
    Missing,
}

impl Template {
    /// Parses `text`; under Version 2008-10-17 or without a Version, `${...}` is literal text.
    pub fn parse(text: &str, version: Option<Version>) -> Result<Self, ParseError> {
        let _ = version;
        Ok(Self {
            text: text.to_owned(),
        })
    }

    /// True when the text has at least one variable.
    pub fn has_variables(&self) -> bool {
        false
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Writes the text with variables replaced into `out` (cleared first).
    pub fn resolve(&self, context: &Context, out: &mut String) -> Resolved {
        let _ = context;
        out.clear();
        out.push_str(&self.text);
        Resolved::Complete
    }
}
