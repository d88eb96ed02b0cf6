//! String operators: StringEquals, StringEqualsIgnoreCase, StringLike and their negations.
//!
//! Values compare case-sensitively except for the IgnoreCase pair; StringLike's `*` matches any
//! run of characters and `?` one character
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>).
//! Values may hold policy variables.

use crate::context::Context;
use std::ops::Range;

use crate::glob::{Case, Pattern};
use crate::parse::Version;
use crate::variables::{Template, eq_ignore_case};

/// How a request value is compared with a policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Comparison {
    /// StringEquals.
    Exact,
    /// StringEqualsIgnoreCase.
    IgnoreCase,
    /// StringLike.
    Like,
}

/// The policy values of one string condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StringTest {
    values: Vec<Value>,
}

/// Plain values are ranges of the condition block's text (see [`super::ConditionBlock`]).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Exact(Range<usize>),
    IgnoreCase(Range<usize>),
    Like(Pattern),
    Template(Template, Comparison),
}

impl StringTest {
    /// Compiles the policy values, writing the plain ones to the block's text (`block`).
    pub(super) fn compile<'a>(
        comparison: Comparison,
        values: impl Iterator<Item = &'a str>,
        version: Option<Version>,
        block: &mut String,
    ) -> Self {
        let values = values
            .map(|value| {
                if let Some(template) = Template::with_variables(value, version) {
                    return Value::Template(template, comparison);
                }
                let start = block.len();
                block.push_str(value);
                let range = start..block.len();
                match comparison {
                    Comparison::Exact => Value::Exact(range),
                    Comparison::IgnoreCase => Value::IgnoreCase(range),
                    Comparison::Like => Value::Like(Pattern::new(block, range, Case::Sensitive)),
                }
            })
            .collect();
        Self { values }
    }

    /// Whether `request` matches at least one policy value; a value whose variable has no
    /// value matches nothing. `block` is the block's text.
    pub(super) fn matches(&self, request: &str, context: &Context, block: &str) -> bool {
        self.values.iter().any(|value| match value {
            // Bytes: equal strings have equal bytes, and byte slicing skips `str`'s checks.
            Value::Exact(range) => block.as_bytes().get(range.clone()) == Some(request.as_bytes()),
            Value::IgnoreCase(range) => {
                eq_ignore_case(block.get(range.clone()).unwrap_or_default(), request)
            }
            Value::Like(pattern) => pattern.matches(block, request),
            Value::Template(template, comparison) => match comparison {
                Comparison::Exact => template.equals(context, request, Case::Sensitive),
                Comparison::IgnoreCase => template.equals(context, request, Case::Insensitive),
                Comparison::Like => template.like(context, request, Case::Sensitive),
            }
            .unwrap_or(false),
        })
    }

    /// The policy values that hold variables.
    pub(super) fn templates(&self) -> impl Iterator<Item = &Template> {
        self.values.iter().filter_map(|value| match value {
            Value::Template(template, _) => Some(template),
            Value::Exact(_) | Value::IgnoreCase(_) | Value::Like(_) => None,
        })
    }
}
