//! The decision: AWS's evaluation logic over every policy type that applies to a request
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
//!
//! One generic pass ([`evaluate::evaluate`]) serves both entry points: [`decide`] records
//! nothing and stops at the first explicit deny; [`explain`] evaluates everything and keeps the
//! reasons.

mod combine;
mod evaluate;
mod recorder;
#[cfg(test)]
mod tests;

use crate::compile::{CompiledPolicy, SourceType};
use crate::parse::{Effect, Span};
use crate::request::Request;
use recorder::{Silent, Trace};

/// Every policy that applies to one request. Empty slices and `None` mean "no such policy";
/// an empty `scps` means the account is in no organization (no SCP applies).
///
/// The engine evaluates what it is given: leaving out SCPs for an organization's management
/// account ("SCPs don't affect users or roles in the management account",
/// <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html>)
/// or RCPs for services they do not cover is the caller's job. A level with no policy has no
/// Allow, so it denies, as AWS's "If the enforcement code does not find any applicable Allow
/// statements in the SCPs" reads. Identity-based policies and the boundary are ignored for
/// principals that cannot have them (the root user, services, identity-provider users,
/// anonymous callers), session policies for principals that are not sessions.
///
/// A resource policy of kind [`crate::parse::PolicyKind::Trust`] must allow the principal
/// itself, as "IAM role trust policies and KMS key policies ... must explicitly allow access for
/// principals" (denyallow page); other resource policies may be absent in the same account.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policies<'a> {
    /// The principal's identity policies (inline and attached, its groups' too).
    pub identity: &'a [&'a CompiledPolicy],
    /// The principal's permissions boundary.
    pub permissions_boundary: Option<&'a CompiledPolicy>,
    /// Session policies passed when the session was created.
    pub session: &'a [&'a CompiledPolicy],
    /// The resource's policy (a role's trust policy for sts:AssumeRole).
    pub resource: Option<&'a CompiledPolicy>,
    /// The account owning the resource; `None` means the principal's own account.
    pub resource_account: Option<&'a str>,
    /// SCP levels from the organization root down to the account; each must allow.
    pub scps: &'a [&'a [&'a CompiledPolicy]],
    /// RCP levels from the organization root down to the resource's account.
    pub rcps: &'a [&'a [&'a CompiledPolicy]],
}

/// The outcome, named as IAM's Simulate APIs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// `allowed`.
    Allowed,
    /// `explicitDeny`: a Deny statement matched.
    ExplicitDeny,
    /// `implicitDeny`: nothing allowed the request.
    ImplicitDeny,
}

impl Decision {
    /// The Simulate API's name for the decision.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::ExplicitDeny => "explicitDeny",
            Self::ImplicitDeny => "implicitDeny",
        }
    }
}

/// A statement that matched the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedStatement {
    /// The policy's id.
    pub source_id: String,
    /// The policy's origin.
    pub source_type: SourceType,
    /// The statement's Sid.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: Effect,
    /// Where it is in the policy text.
    pub span: Span,
}

/// The kinds of policy set an evaluation reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicySet {
    /// The principal's identity-based policies.
    Identity,
    /// Its permissions boundary.
    PermissionsBoundary,
    /// The session policies.
    Session,
    /// The resource's policy (or the role's trust policy).
    Resource,
    /// One level of service control policies.
    Scp,
    /// One level of resource control policies.
    Rcp,
}

/// What one policy set said on its own: `explicitDeny` when a Deny applied, `allowed` when an
/// Allow applied and no Deny, `implicitDeny` when nothing applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceDecision {
    /// Which set.
    pub policy_set: PolicySet,
    /// For SCPs and RCPs, the level from the organization root (0) down to the account.
    pub level: Option<usize>,
    /// The set's verdict.
    pub decision: Decision,
}

/// A decision with the reasons for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// Every statement that matched, in evaluation order: RCP levels, SCP levels, the resource
    /// policy, identity-based policies, the boundary, session policies.
    pub matched: Vec<MatchedStatement>,
    /// Condition keys the policies used that the context lacked, each once.
    pub missing_context_keys: Vec<String>,
    /// Each evaluated policy set's own verdict, in evaluation order; sets that do not apply to
    /// the principal, or that were not given, are absent.
    pub sources: Vec<SourceDecision>,
}

/// Decides `request` against `policies` without allocating. Each policy's statements are
/// looked up by the action's service prefix ([`CompiledPolicy::candidates`]), so a decision
/// visits only the statements that can apply.
pub fn decide(policies: &Policies<'_>, request: &Request<'_>) -> Decision {
    evaluate::evaluate(policies, request, &mut Silent)
}

/// Decides `request` and says why.
pub fn explain(policies: &Policies<'_>, request: &Request<'_>) -> Explanation {
    let mut trace = Trace::default();
    let decision = evaluate::evaluate(policies, request, &mut trace);
    Explanation {
        decision,
        matched: trace.matched,
        missing_context_keys: trace.missing,
        sources: trace.sources,
    }
}
