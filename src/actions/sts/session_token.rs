//! GetSessionToken and GetFederationToken: sessions of the caller itself, and of a federated user
//! the calling IAM user speaks for
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html>,
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html>).

use super::credentials::{self, NewSession};
use super::session_policies;
use crate::actions::Ctx;
use crate::auth::Principal;
use crate::authz::session_limits::with_session_credentials;
use crate::error::ApiError;
use crate::protocol::Action;
use crate::protocol::sts::{
    FederatedUser, GetFederationTokenRequest, GetFederationTokenResponse, GetSessionTokenRequest,
    GetSessionTokenResponse,
};
use crate::store::sessions::SessionPrincipal;

/// The default length of both kinds of session: 12 hours.
const TWELVE_HOURS: i32 = 43_200;

/// The longest session the root user gets: "sessions for AWS account owners are restricted to a
/// maximum of 3,600 seconds", longer requests default to it.
const ROOT_MAX: i32 = 3600;

/// `GetSessionToken`.
pub fn get_session_token(
    cx: &Ctx<'_>,
    input: GetSessionTokenRequest,
) -> Result<GetSessionTokenResponse, ApiError> {
    let mfa_authenticated = super::mfa::authenticate(
        cx,
        input.serial_number.as_deref(),
        input.token_code.as_deref(),
    )?;
    let asked = input.duration_seconds.unwrap_or(TWELVE_HOURS);
    let (principal, duration) = match cx.caller.principal() {
        Principal::Root => (SessionPrincipal::Root, asked.min(ROOT_MAX)),
        Principal::User { name, id, arn } => (
            SessionPrincipal::User {
                name: name.clone(),
                id: id.clone(),
                arn: arn.clone(),
            },
            asked,
        ),
        Principal::AssumedRole { .. } | Principal::FederatedUser { .. } => {
            return Err(with_session_credentials(Action::GetSessionToken));
        }
    };
    let credentials = credentials::issue(
        cx.store,
        NewSession {
            account: cx.caller.account().to_owned(),
            principal,
            issued_by: Action::GetSessionToken,
            duration_seconds: i64::from(duration),
            policies: None,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa_authenticated,
            chained: false,
        },
        cx.now,
    );
    Ok(GetSessionTokenResponse {
        credentials: Some(credentials),
    })
}

/// `GetFederationToken`: without session policies the federated user can do nothing.
pub fn get_federation_token(
    cx: &Ctx<'_>,
    input: GetFederationTokenRequest,
) -> Result<GetFederationTokenResponse, ApiError> {
    let Principal::User {
        name: user_name, ..
    } = cx.caller.principal()
    else {
        return Err(with_session_credentials(Action::GetFederationToken));
    };
    let account = cx.caller.account();
    let tags = session_policies::tags(input.tags.as_deref())?;
    let policies = {
        let state = cx.store.account(account);
        let state = state.read();
        session_policies::compile(
            cx.store,
            &state,
            input.policy.as_deref(),
            input.policy_arns.as_deref().unwrap_or_default(),
            &tags,
        )?
    };
    let duration = input.duration_seconds.unwrap_or(TWELVE_HOURS);
    let credentials = credentials::issue(
        cx.store,
        NewSession {
            account: account.to_owned(),
            issued_by: Action::GetFederationToken,
            principal: SessionPrincipal::FederatedUser {
                name: input.name.clone(),
                user_name: user_name.clone(),
            },
            duration_seconds: i64::from(duration),
            // A federated user has only what its session policies allow.
            policies: Some(policies.compiled),
            tags,
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa_authenticated: None,
            chained: false,
        },
        cx.now,
    );
    Ok(GetFederationTokenResponse {
        credentials: Some(credentials),
        federated_user: Some(FederatedUser {
            federated_user_id: format!("{account}:{}", input.name),
            arn: format!("arn:aws:sts::{account}:federated-user/{}", input.name),
        }),
        packed_policy_size: policies.packed_size,
    })
}
