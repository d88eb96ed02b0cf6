//! GetWebIdentityToken
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html>): a JWT
//! naming the caller, signed by the account's outbound issuer, for services outside AWS
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html>).
//!
//! The claims are `iss` (the account's issuer, [`crate::oidc::outbound`]), `sub` (the user's ARN,
//! the role's ARN for a role session, the account's root ARN for the root user), `aud`, `iat`,
//! `nbf`, `exp` and `jti`, and under `https://sts.amazonaws.com/` the account, the region the
//! request was signed for, the principal's tags (session tags over the role's) and the request's
//! tags.

use super::session_policies;
use crate::actions::Ctx;
use crate::auth::Principal;
use crate::authz::subject;
use crate::error::{ApiError, ModeledError};
use crate::oidc::outbound::{Algorithm, issuer_id};
use crate::protocol::iam::Tag;
use crate::protocol::sts::{GetWebIdentityTokenRequest, GetWebIdentityTokenResponse};
use rand::Rng;
use serde_json::{Map, Value};

/// How long a token lives unless asked otherwise.
const DEFAULT_DURATION_SECONDS: i32 = 300;

/// The namespace of AWS's own claims.
const AWS_CLAIMS: &str = "https://sts.amazonaws.com/";

/// The largest payload (its JSON, in bytes) signed. AWS documents a limit without its value; this
/// one lets the largest audience list through with a fair number of tags.
const MAX_PAYLOAD_BYTES: usize = 16 * 1024;

/// `GetWebIdentityToken`.
pub fn get_web_identity_token(
    cx: &Ctx<'_>,
    input: GetWebIdentityTokenRequest,
) -> Result<GetWebIdentityTokenResponse, ApiError> {
    let algorithm = Algorithm::parse(&input.signing_algorithm).ok_or_else(|| {
        ApiError::validation(format!(
            "1 validation error detected: Value '{}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]",
            input.signing_algorithm
        ))
    })?;
    let request_tags = session_policies::tags(input.tags.as_deref())?;
    let duration = input.duration_seconds.unwrap_or(DEFAULT_DURATION_SECONDS);
    let expires = cx.now + chrono::Duration::seconds(i64::from(duration));
    let account_id = cx.caller.account();
    let (subject, principal_tags) = {
        let account = cx.store.account(account_id);
        let account = account.read();
        if !account.outbound_web_identity_federation {
            return Err(ApiError::modeled(
                ModeledError::OutboundWebIdentityFederationDisabled,
                "The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the AWS Management Console or API.",
            ));
        }
        let tags: Vec<Tag> = subject::of(cx.store, &account, cx.caller)
            .map(|s| s.tags)
            .unwrap_or_default();
        (subject_arn(cx), tags)
    };
    if let Some(session) = cx.caller.session()
        && expires > session.expires
    {
        return Err(ApiError::modeled(
            ModeledError::SessionDurationEscalation,
            "The requested token duration would extend the session beyond its original expiration time.",
        ));
    }

    let mut aws = Map::new();
    aws.insert("aws_account".into(), Value::from(account_id));
    aws.insert("source_region".into(), Value::from(cx.region));
    if !principal_tags.is_empty() {
        aws.insert("principal_tags".into(), tag_object(&principal_tags));
    }
    if !request_tags.is_empty() {
        aws.insert("request_tags".into(), tag_object(&request_tags));
    }
    let now = cx.now.timestamp();
    let mut claims = Map::new();
    claims.insert("iss".into(), Value::from(issuer_id(account_id)));
    claims.insert("sub".into(), Value::from(subject));
    claims.insert("aud".into(), audience(input.audience));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("nbf".into(), Value::from(now));
    claims.insert("exp".into(), Value::from(expires.timestamp()));
    claims.insert("jti".into(), Value::from(token_id()));
    claims.insert(AWS_CLAIMS.into(), Value::Object(aws));
    if Value::Object(claims.clone()).to_string().len() > MAX_PAYLOAD_BYTES {
        return Err(ApiError::modeled(
            ModeledError::JWTPayloadSizeExceeded,
            "The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags included in the GetWebIdentityToken API call to reduce the token payload size.",
        ));
    }
    let token = cx.issuers.outbound.sign(account_id, algorithm, &claims);
    Ok(GetWebIdentityTokenResponse {
        web_identity_token: Some(token),
        expiration: Some(expires),
    })
}

/// `sub`: the IAM identity behind the caller (a role session is its role).
fn subject_arn(cx: &Ctx<'_>) -> String {
    match cx.caller.principal() {
        Principal::Root => format!("arn:aws:iam::{}:root", cx.caller.account()),
        Principal::User { arn, .. } | Principal::FederatedUser { arn, .. } => arn.clone(),
        Principal::AssumedRole { role_arn, .. } => role_arn.clone(),
    }
}

/// `aud`: one audience as a string, several as an array (RFC 7519, 4.1.3).
fn audience(mut audience: Vec<String>) -> Value {
    if audience.len() == 1 {
        Value::from(audience.pop().unwrap_or_default())
    } else {
        Value::from(audience)
    }
}

/// Tags as a JSON object of keys to values.
fn tag_object(tags: &[Tag]) -> Value {
    Value::Object(
        tags.iter()
            .map(|t| (t.key.clone(), Value::from(t.value.as_str())))
            .collect(),
    )
}

/// A random token id (`jti`) in UUID form.
fn token_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes[..]);
    let hex = crate::text::hex(&bytes);
    let part = |r: std::ops::Range<usize>| hex.get(r).unwrap_or_default().to_owned();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}
