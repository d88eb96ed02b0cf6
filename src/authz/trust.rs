//! Whether a caller may assume a role: the role's trust policy and the caller's own policies
//! weighed together by the engine, as AWS does for `sts:AssumeRole` and the actions that come
//! with it (`sts:TagSession`, `sts:SetSourceIdentity`)
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html>).

use super::context::{self, Facts, Wanted};
use super::denial::{Denial, Reason};
use super::subject;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::protocol::iam::Tag;
use crate::store::Store;
use iam_policy::{CompiledPolicy, ContextValue, Decision, Policies, Request, decide};
use std::sync::Arc;

/// One AssumeRole question.
pub struct TrustRequest<'a> {
    /// The role's ARN.
    pub role_arn: &'a str,
    /// The account the role belongs to.
    pub role_account: &'a str,
    /// The role's trust policy.
    pub trust: &'a CompiledPolicy,
    /// Keys the STS request sets (`sts:ExternalId`, `sts:RoleSessionName`, ...), lowercase.
    pub keys: Vec<(&'static str, ContextValue)>,
    /// Session tags the request passes (`aws:RequestTag/…`, `aws:TagKeys`).
    pub tags: &'a [Tag],
    /// Every action that must be allowed: `sts:AssumeRole` first.
    pub actions: &'a [&'static str],
}

/// Allows the call, or answers AccessDenied with AWS's text for the first action refused.
pub fn check(
    store: &Store,
    facts: &Facts<'_>,
    caller: &Caller,
    request: &TrustRequest<'_>,
) -> Result<(), ApiError> {
    let principal = subject::request_principal(caller);
    let (policies, session, context) = {
        let account = store.account(caller.account());
        let account = account.read();
        let subject = subject::of(store, &account, caller).unwrap_or_else(|| subject::root(caller));
        let mut context = context::base(facts, &subject, caller.account(), Wanted::ALL);
        let tags = request
            .tags
            .iter()
            .map(|t| (t.key.as_str(), t.value.as_str()));
        context::tags_of_request(&mut context, Wanted::ALL, tags, std::iter::empty());
        context.insert_lowercase("aws:resourceaccount", request.role_account);
        for (key, value) in &request.keys {
            context.insert_lowercase(*key, value.clone());
        }
        let session = subject.session_policies();
        (subject.policies, session, context.build())
    };
    let identity: Vec<&CompiledPolicy> = policies.identity.iter().map(AsRef::as_ref).collect();
    let session: Vec<&CompiledPolicy> = session.iter().map(Arc::as_ref).collect();
    let cross_account = request.role_account != caller.account();
    let evaluated = Policies {
        identity: &identity,
        permissions_boundary: policies.boundary.as_deref(),
        session: &session,
        resource: Some(request.trust),
        resource_account: cross_account.then_some(request.role_account),
        ..Policies::default()
    };
    for action in request.actions {
        let question = Request {
            principal: &principal,
            action,
            resource: request.role_arn,
            context: &context,
        };
        if decide(&evaluated, &question) != Decision::Allowed {
            let denial = Denial {
                caller: &principal.arn,
                action,
                resource: request.role_arn,
                reason: Reason::Trust,
            };
            return Err(ApiError::from(&denial));
        }
    }
    Ok(())
}

/// One AssumeRoleWithWebIdentity (or AssumeRoleWithSAML) question: the identity provider is the
/// principal, and only the role's trust policy can allow it
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html>).
pub struct FederatedRequest<'a> {
    /// The role's ARN.
    pub role_arn: &'a str,
    /// The account the role belongs to.
    pub role_account: &'a str,
    /// The role's trust policy.
    pub trust: &'a CompiledPolicy,
    /// The provider's ARN (`Principal: {"Federated": ...}`, `aws:FederatedProvider`).
    pub provider_arn: &'a str,
    /// The provider's keys (`HOST/PATH:sub`, ...) and the STS keys, lowercase.
    pub keys: Vec<(String, ContextValue)>,
    /// The action asked: `sts:AssumeRoleWithWebIdentity`.
    pub action: &'static str,
}

/// Whether the trust policy allows the provider's user; `false` is AccessDenied.
pub fn allows_federated(facts: &Facts<'_>, request: &FederatedRequest<'_>) -> bool {
    let principal = iam_policy::RequestPrincipal {
        arn: request.provider_arn.to_owned(),
        account: String::new(),
        principal_type: iam_policy::PrincipalType::Federated,
        source_arn: None,
    };
    let mut context = context::request(facts, 16 + request.keys.len(), Wanted::ALL);
    context.insert_lowercase("aws:federatedprovider", request.provider_arn);
    context.insert_lowercase("aws:resourceaccount", request.role_account);
    for (key, value) in &request.keys {
        context.insert_lowercase(key.clone(), value.clone());
    }
    let context = context.build();
    // A provider has no account; only the trust policy can grant it anything.
    let evaluated = Policies {
        resource: Some(request.trust),
        ..Policies::default()
    };
    let question = Request {
        principal: &principal,
        action: request.action,
        resource: request.role_arn,
        context: &context,
    };
    decide(&evaluated, &question) == Decision::Allowed
}
