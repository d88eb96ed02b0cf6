//! What an evaluation keeps besides the decision: nothing for [`super::decide`], the reasons
//! for [`super::explain`].

use super::{Decision, MatchedStatement, PolicySet, SourceDecision};
use crate::compile::{CompiledPolicy, CompiledStatement};

/// Hears the steps of an evaluation.
pub(super) trait Recorder {
    /// Whether to evaluate every policy even once an explicit deny has settled the decision.
    const THOROUGH: bool;

    /// A statement applied to the request.
    fn matched(&mut self, policy: &CompiledPolicy, statement: &CompiledStatement);

    /// A condition key the context lacked, as written in the policy.
    fn missing(&mut self, key: &str);

    /// A policy set's own verdict.
    fn source(&mut self, decision: SourceDecision);
}

/// Keeps nothing and allocates nothing.
pub(super) struct Silent;

impl Recorder for Silent {
    const THOROUGH: bool = false;

    fn matched(&mut self, _: &CompiledPolicy, _: &CompiledStatement) {}

    fn missing(&mut self, _: &str) {}

    fn source(&mut self, _: SourceDecision) {}
}

/// Keeps every matched statement, missing key (once, compared case-insensitively as condition
/// keys are) and per-set verdict.
#[derive(Debug, Default)]
pub(super) struct Trace {
    pub matched: Vec<MatchedStatement>,
    pub missing: Vec<String>,
    pub sources: Vec<SourceDecision>,
}

impl Recorder for Trace {
    const THOROUGH: bool = true;

    fn matched(&mut self, policy: &CompiledPolicy, statement: &CompiledStatement) {
        self.matched.push(MatchedStatement {
            source_id: policy.source().id.clone(),
            source_type: policy.source().source_type,
            sid: statement.sid.clone(),
            effect: statement.effect,
            span: statement.span,
        });
    }

    fn missing(&mut self, key: &str) {
        if !self.missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_owned());
        }
    }

    fn source(&mut self, decision: SourceDecision) {
        self.sources.push(decision);
    }
}

impl SourceDecision {
    /// A set's verdict from whether a Deny and an Allow applied.
    pub(super) fn new(
        policy_set: PolicySet,
        level: Option<usize>,
        deny: bool,
        allow: bool,
    ) -> Self {
        let decision = if deny {
            Decision::ExplicitDeny
        } else if allow {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        };
        Self {
            policy_set,
            level,
            decision,
        }
    }
}
