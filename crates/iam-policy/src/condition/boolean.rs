//! Bool and Null, whose values are `true` or `false`.
//!
//! Bool "compares a key to true or false"; the operators page allows policy variables in its
//! values (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean>),
//! so they are resolved. `true` and `false` are read in any case (JSON booleans and strings
//! alike); any other policy value is refused, and a request value other than `true` or `false`
//! matches nothing. AWS does not document either choice.

use crate::context::Context;
use crate::glob::Case;
use crate::parse::Version;
use crate::variables::Template;

/// Reads `true` or `false` in any case.
pub(super) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The policy values of one Bool condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BoolTest {
    values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Literal(bool),
    Template(Template),
}

impl BoolTest {
    /// Reads every policy value; `None` when one is neither `true` nor `false`.
    pub(super) fn compile<'a>(
        values: impl Iterator<Item = &'a str>,
        version: Option<Version>,
    ) -> Option<Self> {
        let values = values
            .map(|text| {
                if let Some(template) = Template::with_variables(text, version) {
                    Some(Value::Template(template))
                } else {
                    parse_bool(text).map(Value::Literal)
                }
            })
            .collect::<Option<_>>()?;
        Some(Self { values })
    }

    /// Whether the request value is the boolean of at least one policy value.
    pub(super) fn matches(&self, request: &str, context: &Context) -> bool {
        let Some(request) = parse_bool(request) else {
            return false;
        };
        let text = if request { "true" } else { "false" };
        self.values.iter().any(|value| match value {
            Value::Literal(value) => *value == request,
            Value::Template(template) => template
                .equals(context, text, Case::Insensitive)
                .unwrap_or(false),
        })
    }

    /// The policy values that hold variables.
    pub(super) fn templates(&self) -> impl Iterator<Item = &Template> {
        self.values.iter().filter_map(|value| match value {
            Value::Template(template) => Some(template),
            Value::Literal(_) => None,
        })
    }
}

/// The policy values of one Null condition: `true` asks for the key to be absent, `false`
/// for it to be present
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null>).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NullTest {
    values: Vec<bool>,
}

impl NullTest {
    /// Reads every policy value; `None` when one is neither `true` nor `false`.
    pub(super) fn compile<'a>(values: impl Iterator<Item = &'a str>) -> Option<Self> {
        let values = values.map(parse_bool).collect::<Option<_>>()?;
        Some(Self { values })
    }

    /// Whether a key that is `absent` (or whose value is an empty set) satisfies a value.
    pub(super) fn holds(&self, absent: bool) -> bool {
        self.values.contains(&absent)
    }
}
