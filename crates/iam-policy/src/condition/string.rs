//! String operators: StringEquals, StringEqualsIgnoreCase, StringLike and their negations.
//!
//! Values compare case-sensitively except for the IgnoreCase pair; StringLike's `*` matches any
//! run of characters and `?` one character
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String>).
//! Values may hold policy variables.

use crate::context::Context;
use crate::glob::{Case, Glob};
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Exact(String),
    IgnoreCase(String),
    Like(Glob),
    Template(Template, Comparison),
}

impl StringTest {
    pub(super) fn compile<'a>(
        comparison: Comparison,
        values: impl Iterator<Item = &'a str>,
        version: Option<Version>,
    ) -> Self {
        let values = values
            .map(|text| {
                if let Some(template) = Template::with_variables(text, version) {
                    return Value::Template(template, comparison);
                }
                match comparison {
                    Comparison::Exact => Value::Exact(text.to_owned()),
                    Comparison::IgnoreCase => Value::IgnoreCase(text.to_owned()),
                    Comparison::Like => Value::Like(Glob::new(text, Case::Sensitive)),
                }
            })
            .collect();
        Self { values }
    }

    /// Whether `request` matches at least one policy value; a value whose variable has no
    /// value matches nothing.
    pub(super) fn matches(&self, request: &str, context: &Context) -> bool {
        self.values.iter().any(|value| match value {
            Value::Exact(text) => text == request,
            Value::IgnoreCase(text) => eq_ignore_case(text, request),
            Value::Like(glob) => glob.matches(request),
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
