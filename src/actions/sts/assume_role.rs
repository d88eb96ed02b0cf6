//! AssumeRole (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>): the
//! role's trust policy and the caller's policies decide; the session gets the role's permissions
//! bounded by the session policies, with session tags and source identity carried along a chain.

use super::credentials::{self, NewSession};
use super::session_policies;
use crate::actions::Ctx;
use crate::actions::iam::common::key;
use crate::auth::{Principal, assumed_role_arn};
use crate::authz::trust::{self, TrustRequest};
use crate::error::{ApiError, ErrorCode};
use crate::protocol::Action;
use crate::protocol::iam::Tag;
use crate::protocol::sts::{AssumeRoleRequest, AssumeRoleResponse, AssumedRoleUser};
use crate::store::sessions::SessionPrincipal;
use iam_policy::{CompiledPolicy, ContextValue};
use std::sync::Arc;

/// A session's default length, and the longest a chained session may last.
const ONE_HOUR: i32 = 3600;

/// The role as AssumeRole needs it, copied out of its account.
pub(super) struct Target {
    pub(super) name: String,
    pub(super) id: String,
    pub(super) arn: String,
    pub(super) account: String,
    pub(super) trust: Arc<CompiledPolicy>,
    pub(super) max_session_duration: i32,
}

/// `AssumeRole`.
pub fn assume_role(cx: &Ctx<'_>, input: AssumeRoleRequest) -> Result<AssumeRoleResponse, ApiError> {
    let caller_session = cx.caller.session();
    let chained = matches!(cx.caller.principal(), Principal::AssumedRole { .. });
    let denied = || {
        ApiError::new(
            ErrorCode::AccessDenied,
            format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {}",
                cx.caller.arn(),
                input.role_arn
            ),
        )
    };
    let role = find_role(cx, &input.role_arn).ok_or_else(denied)?;
    let duration = duration(input.duration_seconds, chained, role.max_session_duration)?;

    // Tags passed on from the calling session cannot be set again.
    let inherited: Vec<Tag> = caller_session
        .map(|s| {
            s.tags
                .iter()
                .filter(|t| {
                    s.transitive_tag_keys
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&t.key))
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let tags = session_policies::tags(input.tags.as_deref())?;
    if tags
        .iter()
        .any(|t| inherited.iter().any(|i| i.key.eq_ignore_ascii_case(&t.key)))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameterValue,
            "One or more session tags override a transitive tag of the calling session.",
        ));
    }
    let transitive = input.transitive_tag_keys.unwrap_or_default();
    if let Some(stray) = transitive
        .iter()
        .find(|k| !tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameterValue,
            format!("Transitive tag key {stray} is not one of the session tags."),
        ));
    }
    // The source identity is fixed for a whole chain once set.
    let inherited_identity = caller_session.and_then(|s| s.source_identity.clone());
    if let (Some(set), Some(asked)) = (&inherited_identity, &input.source_identity)
        && set != asked
    {
        return Err(ApiError::validation(
            "The source identity of a role chain cannot be changed once set.",
        ));
    }
    let source_identity = inherited_identity.or_else(|| input.source_identity.clone());

    let mfa_authenticated = super::mfa::authenticate(
        cx,
        input.serial_number.as_deref(),
        input.token_code.as_deref(),
    )?;

    let mut actions = vec!["sts:AssumeRole"];
    if !tags.is_empty() || !inherited.is_empty() {
        actions.push("sts:TagSession");
    }
    if input.source_identity.is_some() {
        actions.push("sts:SetSourceIdentity");
    }
    let mut keys = vec![(
        "sts:rolesessionname",
        ContextValue::from(input.role_session_name.as_str()),
    )];
    if let Some(external_id) = &input.external_id {
        keys.push(("sts:externalid", ContextValue::from(external_id.as_str())));
    }
    if let Some(identity) = &input.source_identity {
        keys.push(("sts:sourceidentity", ContextValue::from(identity.as_str())));
    }
    if !transitive.is_empty() {
        keys.push((
            "sts:transitivetagkeys",
            ContextValue::from(transitive.clone()),
        ));
    }
    if mfa_authenticated.is_some() {
        keys.push(("aws:multifactorauthpresent", ContextValue::from("true")));
        keys.push(("aws:multifactorauthage", ContextValue::from("0")));
    }
    trust::check(
        cx.store,
        &cx.facts,
        cx.caller,
        &TrustRequest {
            role_arn: &role.arn,
            role_account: &role.account,
            trust: &role.trust,
            keys,
            tags: &tags,
            actions: &actions,
        },
    )?;

    let policies = {
        let account = cx.store.account(&role.account);
        let account = account.read();
        session_policies::compile(
            cx.store,
            &account,
            input.policy.as_deref(),
            input.policy_arns.as_deref().unwrap_or_default(),
            &tags,
        )?
    };
    let mut session_tags = inherited.clone();
    session_tags.extend(tags);
    let mut transitive_keys: Vec<String> = inherited.iter().map(|t| t.key.clone()).collect();
    transitive_keys.extend(transitive);
    let credentials = credentials::issue(
        cx.store,
        NewSession {
            account: role.account.clone(),
            issued_by: Action::AssumeRole,
            principal: SessionPrincipal::AssumedRole {
                role_name: role.name.clone(),
                role_arn: role.arn.clone(),
                role_id: role.id.clone(),
                session_name: input.role_session_name.clone(),
            },
            duration_seconds: i64::from(duration),
            policies: policies.passed.then_some(policies.compiled),
            tags: session_tags,
            transitive_tag_keys: transitive_keys,
            source_identity: source_identity.clone(),
            mfa_authenticated,
            chained,
        },
        cx.now,
    );
    record_use(cx, &role);
    Ok(AssumeRoleResponse {
        credentials: Some(credentials),
        assumed_role_user: Some(AssumedRoleUser {
            assumed_role_id: format!("{}:{}", role.id, input.role_session_name),
            arn: assumed_role_arn(&role.account, &role.name, &input.role_session_name),
        }),
        packed_policy_size: policies.packed_size,
        source_identity,
    })
}

/// The role `arn` names, if it exists: `arn:aws:iam::ACCOUNT:role/PATH/NAME`.
pub(super) fn find_role(cx: &Ctx<'_>, arn: &str) -> Option<Target> {
    let rest = arn.strip_prefix("arn:aws:iam::")?;
    let (account, resource) = rest.split_once(':')?;
    let name = resource.strip_prefix("role/")?.rsplit('/').next()?;
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let state = cx.store.account(account);
    let state = state.read();
    let role = state.roles.get(&key(name))?;
    if !role.arn.eq_ignore_ascii_case(arn) {
        return None;
    }
    Some(Target {
        name: role.name.clone(),
        id: role.id.clone(),
        arn: role.arn.clone(),
        account: account.to_owned(),
        trust: role.assume_role_policy.policy()?.clone(),
        max_session_duration: role.max_session_duration,
    })
}

/// The session's length: 1 hour unless asked, never beyond the role's maximum, nor beyond one
/// hour when a role session assumes a role.
pub(super) fn duration(asked: Option<i32>, chained: bool, max: i32) -> Result<i32, ApiError> {
    match asked {
        Some(seconds) if chained && seconds > ONE_HOUR => Err(ApiError::validation(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        )),
        Some(seconds) if seconds > max => Err(ApiError::validation(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        )),
        Some(seconds) => Ok(seconds),
        None => Ok(ONE_HOUR),
    }
}

/// Marks the role used now, in the region the request was signed for (RoleLastUsed).
pub(super) fn record_use(cx: &Ctx<'_>, role: &Target) {
    let account = cx.store.account(&role.account);
    let mut account = account.write();
    if let Some(stored) = account.roles.get_mut(&key(&role.name)) {
        stored.last_used = Some((cx.now, cx.region.to_owned()));
    }
}
