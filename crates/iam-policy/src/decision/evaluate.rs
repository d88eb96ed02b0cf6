//! One pass over every applicable policy set, feeding [`super::combine`].

use std::ops::ControlFlow;

use super::combine::{Outcomes, Situation, combine};
use super::recorder::Recorder;
use super::{Decision, Policies, PolicySet, SourceDecision};
use crate::compile::{CompiledPolicy, PrincipalMatch};
use crate::matching::RequestAction;
use crate::parse::{Effect, PolicyKind};
use crate::request::{PrincipalType, Request};

/// Decides `request`, telling `recorder` what applied. With a recorder that is not
/// [`Recorder::THOROUGH`], the first explicit deny ends the evaluation.
pub(super) fn evaluate<R: Recorder>(
    policies: &Policies<'_>,
    request: &Request<'_>,
    recorder: &mut R,
) -> Decision {
    let principal = request.principal;
    let situation = Situation {
        principal_type: principal.principal_type,
        cross_account: policies
            .resource_account
            .is_some_and(|account| account != principal.account),
        trust: policies
            .resource
            .is_some_and(|policy| policy.kind() == PolicyKind::Trust),
    };
    let mut pass = Pass {
        request,
        action: RequestAction::new(request.action),
        has_permissions_boundary: policies.permissions_boundary.is_some()
            && has_identity_policies(principal.principal_type),
        recorder,
        explicit_deny: false,
    };
    match pass.gather(policies) {
        ControlFlow::Break(()) => Decision::ExplicitDeny,
        ControlFlow::Continue(outcomes) => combine(outcomes, situation),
    }
}

/// Users and sessions have identity-based policies and may have a permissions boundary; the
/// root user, services, identity-provider users and anonymous callers have neither ("You can't
/// attach policies to the root user", so identity-side policies given for it are ignored).
fn has_identity_policies(kind: PrincipalType) -> bool {
    matches!(
        kind,
        PrincipalType::User | PrincipalType::AssumedRole | PrincipalType::FederatedUser
    )
}

/// Session policies exist only for session principals: role and federated-user sessions, and
/// root sessions from AssumeRoot, whose task policy is their session policy
/// (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html>); for the root user
/// only a Deny in it can matter, as nothing needs to allow.
fn has_session_policies(kind: PrincipalType) -> bool {
    matches!(
        kind,
        PrincipalType::AssumedRole | PrincipalType::FederatedUser | PrincipalType::Account
    )
}

/// What the statements of one policy set did.
#[derive(Debug, Clone, Copy, Default)]
struct SetOutcome {
    deny: bool,
    allow: Option<PrincipalMatch>,
}

struct Pass<'p, 'a, R> {
    request: &'p Request<'a>,
    /// `request.action`, split once for every statement.
    action: RequestAction<'a>,
    has_permissions_boundary: bool,
    recorder: &'p mut R,
    explicit_deny: bool,
}

impl<R: Recorder> Pass<'_, '_, R> {
    /// Evaluates the sets in the documented order; breaks on an explicit deny unless thorough.
    fn gather(&mut self, policies: &Policies<'_>) -> ControlFlow<(), Outcomes> {
        let kind = self.request.principal.principal_type;
        let mut outcomes = Outcomes {
            explicit_deny: false,
            rcps: true,
            scps: true,
            identity: false,
            boundary: None,
            session: None,
            resource: None,
        };
        for (level, rcps) in policies.rcps.iter().enumerate() {
            let set = self.set(PolicySet::Rcp, Some(level), rcps)?;
            outcomes.rcps &= set.allow.is_some();
        }
        for (level, scps) in policies.scps.iter().enumerate() {
            let set = self.set(PolicySet::Scp, Some(level), scps)?;
            outcomes.scps &= set.allow.is_some();
        }
        if let Some(resource) = policies.resource {
            outcomes.resource = self.set(PolicySet::Resource, None, &[resource])?.allow;
        }
        if has_identity_policies(kind) {
            outcomes.identity = self
                .set(PolicySet::Identity, None, policies.identity)?
                .allow
                .is_some();
            if let Some(boundary) = policies.permissions_boundary {
                let set = self.set(PolicySet::PermissionsBoundary, None, &[boundary])?;
                outcomes.boundary = Some(set.allow.is_some());
            }
        }
        if has_session_policies(kind) && !policies.session.is_empty() {
            let set = self.set(PolicySet::Session, None, policies.session)?;
            outcomes.session = Some(set.allow.is_some());
        }
        outcomes.explicit_deny = self.explicit_deny;
        ControlFlow::Continue(outcomes)
    }

    /// Evaluates one set of policies and reports its verdict.
    fn set(
        &mut self,
        policy_set: PolicySet,
        level: Option<usize>,
        policies: &[&CompiledPolicy],
    ) -> ControlFlow<(), SetOutcome> {
        let mut outcome = SetOutcome::default();
        'policies: for policy in policies {
            // Statements that name only other services cannot apply, nor report missing keys.
            for statement in policy.candidates(&self.action) {
                let recorder = &mut *self.recorder;
                let mut report = |key: &str| recorder.missing(key);
                let missing: Option<&mut dyn FnMut(&str)> =
                    if R::THOROUGH { Some(&mut report) } else { None };
                let Some(named) = statement.applies_to(
                    self.request,
                    &self.action,
                    self.has_permissions_boundary,
                    missing,
                ) else {
                    continue;
                };
                self.recorder.matched(policy, statement);
                match statement.effect {
                    Effect::Deny => {
                        outcome.deny = true;
                        if !R::THOROUGH {
                            break 'policies;
                        }
                    }
                    Effect::Allow => outcome.allow = outcome.allow.max(Some(named)),
                }
            }
        }
        self.recorder.source(SourceDecision::new(
            policy_set,
            level,
            outcome.deny,
            outcome.allow.is_some(),
        ));
        self.explicit_deny |= outcome.deny;
        if outcome.deny && !R::THOROUGH {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(outcome)
        }
    }
}
