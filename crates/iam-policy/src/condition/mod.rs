//! Condition blocks compiled once and evaluated against a request context.
//! STUB: the engine-conditions branch replaces this module.

use crate::context::Context;
use crate::parse::{Condition, ParseError, Version};

/// A statement's whole `Condition` element: every entry must hold (AND).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConditionBlock {
    entries: usize,
}

impl ConditionBlock {
    /// Compiles the parsed entries of one statement; an unknown operator or a value the operator
    /// cannot read is a `MalformedPolicyDocument` error.
    pub fn compile(conditions: &[Condition], version: Option<Version>) -> Result<Self, ParseError> {
        let _ = version;
        Ok(Self {
            entries: conditions.len(),
        })
    }

    /// True when the block has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Whether every entry holds in `context`. `missing` is called with the key (as written in
    /// the policy) of each entry whose key was absent from the context.
    pub fn evaluate(&self, context: &Context, missing: &mut dyn FnMut(&str)) -> bool {
        let _ = (context, missing);
        true
    }
}
