//! One statement compiled: its Action, Resource, Principal and Condition elements in the forms
//! the evaluator matches.

use std::cell::RefCell;

use super::pattern::resource_pattern_matches;
use super::principal::{PrincipalMatch, PrincipalMatcher};
use crate::condition::ConditionBlock;
use crate::context::Context;
use crate::matching::{ActionMatcher, ResourceMatcher};
use crate::parse::{ActionBlock, Effect, ParseError, ResourceBlock, Span, Statement, Version};
use crate::request::Request;
use crate::variables::{Resolved, Template};

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
    matchers: Vec<ActionMatcher>,
}

/// Resource or NotResource: "NotResource ... matches every resource except those specified"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html>).
#[derive(Debug, Clone, PartialEq)]
struct Resources {
    negated: bool,
    entries: Vec<ResourceEntry>,
}

#[derive(Debug, Clone, PartialEq)]
enum ResourceEntry {
    /// A pattern without policy variables, matched without allocating.
    Pattern(ResourceMatcher),
    /// A pattern with policy variables (Version 2012-10-17 only), resolved per request and then
    /// matched as a pattern.
    Template(Template),
}

impl CompiledStatement {
    /// Compiles one parsed statement of a policy written in `version`.
    pub fn compile(statement: &Statement, version: Option<Version>) -> Result<Self, ParseError> {
        Ok(Self {
            sid: statement.sid.clone(),
            effect: statement.effect,
            span: statement.span,
            principal: statement
                .principal
                .as_ref()
                .map(PrincipalMatcher::compile)
                .transpose()?,
            actions: Actions::compile(&statement.action),
            resources: statement
                .resource
                .as_ref()
                .map(|block| Resources::compile(block, version))
                .transpose()?,
            conditions: ConditionBlock::compile(&statement.conditions, version)?,
        })
    }

    /// The compiled Principal or NotPrincipal element, if the statement has one.
    pub fn principal(&self) -> Option<&PrincipalMatcher> {
        self.principal.as_ref()
    }

    /// The compiled Condition element.
    pub fn conditions(&self) -> &ConditionBlock {
        &self.conditions
    }

    /// Whether the statement applies to `request`, and how its Principal element names the
    /// principal ([`PrincipalMatch::Direct`] when it has none). Elements are checked cheapest
    /// first; `missing` hears each condition key the context lacked, as
    /// [`ConditionBlock::evaluate`] reports them.
    ///
    /// A statement without Resource (a trust policy's) matches every resource: the resource is
    /// the role the policy is attached to.
    pub fn applies(
        &self,
        request: &Request<'_>,
        has_permissions_boundary: bool,
        missing: &mut dyn FnMut(&str),
    ) -> Option<PrincipalMatch> {
        let named = match &self.principal {
            None => PrincipalMatch::Direct,
            Some(principal) => {
                principal.matches(request.principal, self.effect, has_permissions_boundary)?
            }
        };
        let applies = self.actions.matches(request.action)
            && self
                .resources
                .as_ref()
                .is_none_or(|resources| resources.matches(request.resource, request.context))
            && self.conditions.evaluate(request.context, missing);
        applies.then_some(named)
    }
}

impl Actions {
    fn compile(block: &ActionBlock) -> Self {
        Self {
            negated: block.negated,
            matchers: block
                .patterns
                .iter()
                .map(|p| ActionMatcher::new(p))
                .collect(),
        }
    }

    fn matches(&self, action: &str) -> bool {
        self.negated != self.matchers.iter().any(|m| m.matches(action))
    }
}

impl Resources {
    fn compile(block: &ResourceBlock, version: Option<Version>) -> Result<Self, ParseError> {
        let entries = block
            .patterns
            .iter()
            .map(|pattern| {
                let template = Template::parse(pattern, version)?;
                Ok(if template.has_variables() {
                    ResourceEntry::Template(template)
                } else {
                    ResourceEntry::Pattern(ResourceMatcher::new(pattern))
                })
            })
            .collect::<Result<_, ParseError>>()?;
        Ok(Self {
            negated: block.negated,
            entries,
        })
    }

    /// Whether the element matches `resource`. A variable the context cannot resolve voids the
    /// whole statement, whatever the other entries say: a key "not present ... any attempt to
    /// match it fails and causes the statement to be invalid"
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).
    fn matches(&self, resource: &str, context: &Context) -> bool {
        let mut matched = false;
        for entry in &self.entries {
            match entry {
                ResourceEntry::Pattern(pattern) => matched = matched || pattern.matches(resource),
                ResourceEntry::Template(template) => {
                    let resolved = SCRATCH.with_borrow_mut(|text| {
                        (template.resolve(context, text) == Resolved::Complete)
                            .then(|| resource_pattern_matches(text, resource))
                    });
                    match resolved {
                        Some(hit) => matched = matched || hit,
                        None => return false,
                    }
                }
            }
        }
        self.negated != matched
    }
}

thread_local! {
    /// The text of a Resource template resolved for the current request, kept per thread so
    /// that its capacity is reused and evaluation stops allocating once it has grown.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
}
