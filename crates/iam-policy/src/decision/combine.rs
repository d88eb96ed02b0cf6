//! Combining what each kind of policy said into the final decision.

use super::Decision;
use crate::compile::PrincipalMatch;
use crate::request::PrincipalType;

/// What each applicable policy set said about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Outcomes {
    /// A Deny statement applied somewhere.
    pub explicit_deny: bool,
    /// Every RCP level has an applicable Allow (true when no RCP applies).
    pub rcps: bool,
    /// Every SCP level has an applicable Allow (true when no SCP applies).
    pub scps: bool,
    /// An identity-based policy allows.
    pub identity: bool,
    /// The permissions boundary allows; `None` without one.
    pub boundary: Option<bool>,
    /// A session policy allows; `None` when none was passed.
    pub session: Option<bool>,
    /// The strongest way an applicable Allow of the resource policy named the principal.
    pub resource: Option<PrincipalMatch>,
}

/// The facts about the request that pick the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Situation {
    pub principal_type: PrincipalType,
    /// The resource belongs to another account than the principal.
    pub cross_account: bool,
    /// The resource policy is a role trust policy, which must allow the principal itself.
    pub trust: bool,
}

/// The final decision, from
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>
/// (order: explicit deny, RCPs, SCPs, resource-based policies, identity-based policies,
/// permissions boundary, session policies) and
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>.
pub(super) fn combine(outcomes: Outcomes, situation: Situation) -> Decision {
    if outcomes.explicit_deny {
        return Decision::ExplicitDeny;
    }
    if !outcomes.rcps || !outcomes.scps {
        return Decision::ImplicitDeny;
    }
    let allowed = match situation.principal_type {
        // No identity side exists: the resource policy alone grants.
        PrincipalType::Service | PrincipalType::Federated | PrincipalType::Anonymous => {
            outcomes.resource.is_some()
        }
        // "all requests are implicitly denied with the exception of the AWS account root user,
        // which has full access": in its own account, unless a policy that must name it (a
        // trust policy) does not; elsewhere, the resource policy must allow.
        PrincipalType::Account => {
            outcomes.resource.is_some() || !(situation.cross_account || situation.trust)
        }
        PrincipalType::User | PrincipalType::AssumedRole | PrincipalType::FederatedUser => {
            iam_principal_allowed(outcomes, situation)
        }
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    }
}

/// Users and sessions: identity-based policies intersected with the boundary and session
/// policies, united (same account) with what the resource policy grants.
fn iam_principal_allowed(outcomes: Outcomes, situation: Situation) -> bool {
    let boundary = outcomes.boundary.unwrap_or(true);
    // "If the principal is not a session principal, the enforcement code returns a final
    // decision of Allow"; for a role session without session policy "the request is Allowed.
    // Otherwise [a federated user] the request is implicitly denied" (denyallow page).
    let session = match situation.principal_type {
        PrincipalType::AssumedRole => outcomes.session.unwrap_or(true),
        PrincipalType::FederatedUser => outcomes.session == Some(true),
        _ => true,
    };
    let identity_side = outcomes.identity && boundary && session;
    match outcomes.resource {
        // Without a resource grant only the identity side can allow, and only in the same
        // account for a resource whose policy need not name the principal.
        None => identity_side && !situation.cross_account && !situation.trust,
        // Cross-account: "the identity-based policy in the trusted account and the resource-based
        // policy in the trusting account both allow" (cross-account page).
        Some(_) if situation.cross_account => identity_side,
        // Same account (denyallow page, "Resource-based policies"): a grant to the user or the
        // session itself "is not limited by an implicit deny in an identity-based policy, a
        // permissions boundary, or session policy"; with `*`, "for IAM users and role
        // principals within your account, no other permissions are required" (Principal page).
        Some(PrincipalMatch::Direct) => true,
        // A grant to the role ARN, or to the IAM user who federated, "is limited by an implicit
        // deny in a permissions boundary or session policy": the session's permissions are "the
        // intersection of the session policies and either the resource-based policy or the
        // identity-based policy" (access_policies.html#policies_session).
        Some(PrincipalMatch::Source) => boundary && session,
        // A grant to the account delegates: the identity side must allow (Principal page).
        Some(PrincipalMatch::Account) => identity_side,
    }
}
