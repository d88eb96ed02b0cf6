//! ARN operators: ArnEquals, ArnLike (identical) and ArnNotEquals, ArnNotLike (identical).
//!
//! "Case-sensitive matching of the ARN. Each of the six colon-delimited components of the ARN is
//! checked separately and each can include multi-character match wildcards (*) or
//! single-character match wildcards (?)"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN>).
//! So, unlike the Resource element, a `*` never crosses a colon before the resource component:
//! `arn:aws:someservice:*:111122223333:finance/*` does not match
//! `arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt`.
//! Pattern and value are split at their first five colons (the sixth component keeps its
//! colons, as ARNs' resource parts do) and must have the same number of components. AWS does
//! not say what a pattern of stars alone does: it matches every value, as in Resource.

use crate::context::Context;
use crate::glob::{Case, Glob};
use crate::parse::Version;
use crate::variables::Template;

/// Components of an ARN.
const COMPONENTS: usize = 6;

/// The policy values of one ARN condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ArnTest {
    values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// Only stars: every value.
    Any,
    /// One glob per component.
    Components(Vec<Glob>),
    /// A value with variables, split and matched when resolved.
    Template(Template),
}

impl ArnTest {
    pub(super) fn compile<'a>(
        values: impl Iterator<Item = &'a str>,
        version: Option<Version>,
    ) -> Self {
        let values = values
            .map(|text| {
                if let Some(template) = Template::with_variables(text, version) {
                    Value::Template(template)
                } else if !text.is_empty() && text.bytes().all(|b| b == b'*') {
                    Value::Any
                } else {
                    Value::Components(
                        text.splitn(COMPONENTS, ':')
                            .map(|part| Glob::new(part, Case::Sensitive))
                            .collect(),
                    )
                }
            })
            .collect();
        Self { values }
    }

    /// Whether `request` matches at least one policy value.
    pub(super) fn matches(&self, request: &str, context: &Context) -> bool {
        self.values.iter().any(|value| match value {
            Value::Any => true,
            Value::Components(globs) => components_match(globs, request),
            Value::Template(template) => template.arn_like(context, request).unwrap_or(false),
        })
    }

    /// The policy values that hold variables.
    pub(super) fn templates(&self) -> impl Iterator<Item = &Template> {
        self.values.iter().filter_map(|value| match value {
            Value::Template(template) => Some(template),
            Value::Any | Value::Components(_) => None,
        })
    }
}

fn components_match(globs: &[Glob], request: &str) -> bool {
    let mut parts = request.splitn(COMPONENTS, ':');
    globs
        .iter()
        .all(|glob| parts.next().is_some_and(|part| glob.matches(part)))
        && parts.next().is_none()
}
