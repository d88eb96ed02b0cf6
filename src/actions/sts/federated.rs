//! What AssumeRoleWithWebIdentity and AssumeRoleWithSAML share once the token or assertion is
//! checked: the role's trust policy asked for each action the request needs, and the session
//! policies compiled in the role's account.

use super::assume_role::Target;
use super::session_policies::{self, SessionPolicies};
use crate::actions::Ctx;
use crate::authz::trust::{self, FederatedRequest};
use crate::error::{ApiError, ErrorCode};
use crate::protocol::iam::Tag;
use crate::protocol::sts::PolicyDescriptorType;
use iam_policy::ContextValue;

/// `AccessDenied` as AWS words it for the federated calls.
pub(super) fn denied(call: &str) -> ApiError {
    ApiError::new(
        ErrorCode::AccessDenied,
        format!("Not authorized to perform {call}"),
    )
}

/// Checks that `role`'s trust policy lets the provider's user perform every one of `actions`
/// (the call's own, then `sts:TagSession` or `sts:SetSourceIdentity` where the request needs
/// them) with `keys`; any refusal is [`denied`] for `call`.
pub(super) fn check_trust(
    cx: &Ctx<'_>,
    call: &str,
    role: &Target,
    provider_arn: &str,
    keys: &[(String, ContextValue)],
    actions: &[&'static str],
) -> Result<(), ApiError> {
    for &action in actions {
        let request = FederatedRequest {
            role_arn: &role.arn,
            role_account: &role.account,
            trust: &role.trust,
            provider_arn,
            keys: keys.to_vec(),
            action,
        };
        if !trust::allows_federated(&cx.facts, &request) {
            return Err(denied(call));
        }
    }
    Ok(())
}

/// The inline and managed session policies the request passes, compiled in the role's account.
pub(super) fn session_policies(
    cx: &Ctx<'_>,
    role: &Target,
    policy: Option<&str>,
    policy_arns: Option<&[PolicyDescriptorType]>,
    tags: &[Tag],
) -> Result<SessionPolicies, ApiError> {
    let account = cx.store.account(&role.account);
    let account = account.read();
    session_policies::compile(
        cx.store,
        &account,
        policy,
        policy_arns.unwrap_or_default(),
        tags,
    )
}
