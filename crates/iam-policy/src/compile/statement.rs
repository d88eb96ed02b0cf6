//! One statement compiled: its Action, Resource, Principal and Condition elements in the forms
//! the evaluator matches.

use super::principal::{PrincipalMatch, PrincipalMatcher};
use crate::condition::ConditionBlock;
use crate::context::Context;
use crate::matching::{ActionPattern, RequestAction};
use crate::parse::{Effect, ParseError, Span, Statement, StatementView, Strings, Version};
use crate::request::Request;
use crate::variables::ResourceTemplate;

/// One statement ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledStatement {
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// Where the statement is in the source text.
    pub span: Span,
    principal: Option<PrincipalMatcher>,
    actions: Actions,
    resources: Option<Resources>,
    conditions: ConditionBlock,
}

/// Action or NotAction: "NotAction ... matches everything except the specified list of
/// actions" (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html>).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Actions {
    negated: bool,
    /// The patterns one after another; `patterns` hold ranges of it.
    text: String,
    patterns: Vec<ActionPattern>,
}

/// Resource or NotResource: "NotResource ... matches every resource except those specified"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>).
/// An entry with policy variables (Version 2012-10-17) resolves them per request; one whose
/// variable has no value "will not match any resource", for Resource and NotResource alike
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Resources {
    negated: bool,
    entries: Vec<ResourceTemplate>,
}

impl CompiledStatement {
    /// Compiles one parsed statement of a policy written in `version`.
    pub fn compile(statement: &Statement, version: Option<Version>) -> Result<Self, ParseError> {
        Self::from_view(&StatementView::of(statement), version)
    }

    /// Compiles a checked statement, copying only the text the compiled form keeps.
    pub(crate) fn from_view(
        statement: &StatementView,
        version: Option<Version>,
    ) -> Result<Self, ParseError> {
        Ok(Self {
            sid: statement.sid.map(str::to_owned),
            effect: statement.effect,
            span: statement.span,
            principal: statement
                .principal
                .as_ref()
                .map(PrincipalMatcher::compile)
                .transpose()?,
            actions: Actions::compile(statement.action.negated, statement.action.patterns),
            resources: statement
                .resource
                .map(|block| Resources::compile(block.negated, block.patterns, version)),
            conditions: ConditionBlock::from_views(statement.conditions, version)?,
        })
    }

    /// The compiled Principal or NotPrincipal element, if the statement has one.
    pub fn principal(&self) -> Option<&PrincipalMatcher> {
        self.principal.as_ref()
    }

    /// The policy variables of Resource or NotResource entries, by name as written, in order.
    pub fn resource_variables(&self) -> impl Iterator<Item = &str> {
        self.resources
            .iter()
            .flat_map(|r| &r.entries)
            .flat_map(ResourceTemplate::variables)
            .map(crate::variables::Variable::name)
    }

    /// The compiled Condition element.
    pub fn conditions(&self) -> &ConditionBlock {
        &self.conditions
    }

    /// Whether the statement applies to `request`, and how its Principal element names the
    /// principal ([`PrincipalMatch::Direct`] when it has none). Elements are checked cheapest
    /// first. With `missing`, every condition is evaluated and each context key (or Resource
    /// variable) the context lacked is reported; without, the first failing condition decides.
    ///
    /// A statement without Resource (a trust policy's) matches every resource: the resource is
    /// the role the policy is attached to.
    pub fn applies(
        &self,
        request: &Request<'_>,
        has_permissions_boundary: bool,
        missing: Option<&mut dyn FnMut(&str)>,
    ) -> Option<PrincipalMatch> {
        let action = RequestAction::new(request.action);
        self.applies_to(request, &action, has_permissions_boundary, missing)
    }

    /// [`CompiledStatement::applies`] with the request's action already split, so that an
    /// evaluation splits it once rather than once per statement. `action` must be
    /// `request.action`.
    pub fn applies_to(
        &self,
        request: &Request<'_>,
        action: &RequestAction<'_>,
        has_permissions_boundary: bool,
        missing: Option<&mut dyn FnMut(&str)>,
    ) -> Option<PrincipalMatch> {
        let named = match &self.principal {
            None => PrincipalMatch::Direct,
            Some(principal) => {
                principal.matches(request.principal, self.effect, has_permissions_boundary)?
            }
        };
        if !self.actions.matches(action) {
            return None;
        }
        let context = request.context;
        let applies = match missing {
            None => {
                self.resources_match(request.resource, context) && self.conditions.matches(context)
            }
            Some(missing) => {
                if let Some(resources) = &self.resources {
                    resources.report_missing(context, missing);
                }
                let conditions = self.conditions.evaluate(context, missing);
                self.resources_match(request.resource, context) && conditions
            }
        };
        applies.then_some(named)
    }

    /// The Action patterns as (service prefix, action name) when every one has a service
    /// prefix (see [`crate::matching::ActionMatcher::service`]): the statement then applies
    /// only to actions of those services. `None` for NotAction, or when a pattern such as `*`
    /// or `s3*:Get` may match actions of any service.
    pub fn bounded_actions(&self) -> Option<impl ExactSizeIterator<Item = (&str, &str)>> {
        let Actions {
            negated,
            text,
            patterns,
        } = &self.actions;
        let bounded = !negated && patterns.iter().all(|p| p.service(text).is_some());
        bounded.then(|| {
            patterns.iter().map(|pattern| {
                let service = pattern.service(text).unwrap_or_default();
                let name = pattern.as_str(text).get(service.len() + 1..);
                (service, name.unwrap_or_default())
            })
        })
    }

    fn resources_match(&self, resource: &str, context: &Context) -> bool {
        self.resources
            .as_ref()
            .is_none_or(|resources| resources.matches(resource, context))
    }
}

impl Actions {
    fn compile(negated: bool, patterns: Strings) -> Self {
        let mut text = String::with_capacity(patterns.iter().map(str::len).sum());
        let mut compiled = Vec::with_capacity(patterns.len());
        for pattern in patterns.iter() {
            let start = text.len();
            text.push_str(pattern);
            compiled.push(ActionPattern::new(&text, start..text.len()));
        }
        Self {
            negated,
            text,
            patterns: compiled,
        }
    }

    fn matches(&self, action: &RequestAction<'_>) -> bool {
        self.negated
            != self
                .patterns
                .iter()
                .any(|pattern| pattern.matches_action(&self.text, action))
    }
}

impl Resources {
    fn compile(negated: bool, patterns: Strings, version: Option<Version>) -> Self {
        Self {
            negated,
            entries: patterns
                .iter()
                .map(|pattern| ResourceTemplate::new(pattern, version))
                .collect(),
        }
    }

    fn matches(&self, resource: &str, context: &Context) -> bool {
        self.negated
            != self
                .entries
                .iter()
                .any(|entry| entry.matches(resource, context))
    }

    /// Reports the variables of the element that have no value in `context`.
    fn report_missing(&self, context: &Context, missing: &mut dyn FnMut(&str)) {
        for entry in self.entries.iter().filter(|entry| entry.has_variables()) {
            entry.missing_variables(context, missing);
        }
    }
}
