//! The decision: AWS's evaluation logic over every policy type that applies to a request.
//! STUB: the engine-decision branch fills this in.

use crate::compile::{CompiledPolicy, SourceType};
use crate::parse::{Effect, Span};
use crate::request::Request;

/// Every policy that applies to one request. Empty slices and `None` mean "no such policy";
/// an empty `scps` means the account is in no organization (no SCP applies).
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

/// A decision with the reasons for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// Every statement that matched, in evaluation order.
    pub matched: Vec<MatchedStatement>,
    /// Condition keys the policies used that the context lacked.
    pub missing_context_keys: Vec<String>,
}

/// Decides `request` against `policies` without allocating.
pub fn decide(policies: &Policies<'_>, request: &Request<'_>) -> Decision {
    let _ = (policies, request);
    Decision::ImplicitDeny
}

/// Decides `request` and says why.
pub fn explain(policies: &Policies<'_>, request: &Request<'_>) -> Explanation {
    Explanation {
        decision: decide(policies, request),
        matched: Vec::new(),
        missing_context_keys: Vec::new(),
    }
}
