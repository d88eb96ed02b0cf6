//! AssumeRoleWithWebIdentity
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html>):
//! an OIDC token from a provider the role's account registered, checked (signature, audience,
//! validity), then the role's trust policy decides with the provider as the principal and the
//! token's claims as `HOST/PATH:sub`, `:aud`, `:oaud` and `:amr`
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
//!
//! Session tags come from the token's `https://aws.amazon.com/tags` claim; passing them needs
//! `sts:TagSession` in the trust policy too
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp>).
//!
//! Signatures are checked with the key of a built-in issuer (see [`crate::oidc`]) when the token
//! names one by its `iss` or its `kid`. The emulator cannot fetch any other provider's keys, so
//! such tokens are accepted unverified, with a warning in the log, unless the server runs with
//! `--strict`, which refuses them.

use super::assume_role::{Target, duration, find_role, record_use};
use super::credentials::{self, NewSession};
use super::federated;
use super::web_token::{self, WebToken, invalid, missing};
use crate::actions::Ctx;
use crate::auth::assumed_role_arn;
use crate::error::{ApiError, ModeledError};
use crate::protocol::Action;
use crate::protocol::iam::Tag;
use crate::protocol::sts::{
    AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse, AssumedRoleUser,
};
use crate::store::sessions::SessionPrincipal;
use iam_policy::ContextValue;

const ACTION: &str = "sts:AssumeRoleWithWebIdentity";

/// The provider a token's issuer names, copied out of the role's account.
struct Provider {
    arn: String,
    /// The URL without scheme: the prefix of the condition keys.
    url: String,
    client_ids: Vec<String>,
}

/// `AssumeRoleWithWebIdentity`.
pub fn assume_role_with_web_identity(
    cx: &Ctx<'_>,
    input: AssumeRoleWithWebIdentityRequest,
) -> Result<AssumeRoleWithWebIdentityResponse, ApiError> {
    let token = web_token::parse(&input.web_identity_token)?;
    let iss = token.text("iss").ok_or_else(|| missing("iss"))?.to_owned();
    let role = find_role(cx, &input.role_arn).ok_or_else(|| federated::denied(ACTION))?;
    let provider = find_provider(cx, &role, &iss)?;
    verify_signature(cx, &token, &iss)?;
    let audience = audience(&token, &provider)?;
    check_validity(cx, &token)?;
    let subject = token.text("sub").ok_or_else(|| missing("sub"))?.to_owned();
    let duration = duration(input.duration_seconds, false, role.max_session_duration)?;
    let (tags, transitive_tag_keys) = token.session_tags()?;

    let mut keys = condition_keys(&token, &provider.url, &subject, &input.role_session_name);
    keys.extend(tag_keys(&tags, &transitive_tag_keys));
    // Session tags need sts:TagSession in the trust policy as well.
    let actions: &[&'static str] = if tags.is_empty() {
        &[ACTION]
    } else {
        &[ACTION, "sts:TagSession"]
    };
    federated::check_trust(cx, ACTION, &role, &provider.arn, &keys, actions)?;
    let policies = federated::session_policies(
        cx,
        &role,
        input.policy.as_deref(),
        input.policy_arns.as_deref(),
        &tags,
    )?;
    let credentials = credentials::issue(
        cx.store,
        NewSession {
            account: role.account.clone(),
            issued_by: Action::AssumeRoleWithWebIdentity,
            principal: SessionPrincipal::AssumedRole {
                role_name: role.name.clone(),
                role_arn: role.arn.clone(),
                role_id: role.id.clone(),
                session_name: input.role_session_name.clone(),
            },
            duration_seconds: i64::from(duration),
            policies: policies.passed.then_some(policies.compiled),
            tags,
            transitive_tag_keys,
            source_identity: None,
            mfa_authenticated: None,
            chained: false,
        },
        cx.now,
    );
    record_use(cx, &role);
    Ok(AssumeRoleWithWebIdentityResponse {
        credentials: Some(credentials),
        subject_from_web_identity_token: Some(subject),
        assumed_role_user: Some(AssumedRoleUser {
            assumed_role_id: format!("{}:{}", role.id, input.role_session_name),
            arn: assumed_role_arn(&role.account, &role.name, &input.role_session_name),
        }),
        packed_policy_size: policies.packed_size,
        provider: Some(iss),
        audience: Some(audience),
        source_identity: None,
    })
}

/// The IAM OIDC provider of the role's account whose URL is the token's issuer.
fn find_provider(cx: &Ctx<'_>, role: &Target, iss: &str) -> Result<Provider, ApiError> {
    let url = iss.strip_prefix("https://").unwrap_or(iss);
    let account = cx.store.account(&role.account);
    let account = account.read();
    let provider = account.oidc_providers.get(url).ok_or_else(|| {
        invalid(format!(
            "No OpenIDConnect provider found in your account for {iss}"
        ))
    })?;
    Ok(Provider {
        arn: provider.arn.clone(),
        url: provider.url.clone(),
        client_ids: provider.client_ids.clone(),
    })
}

/// Checks the signature with the built-in issuer the token names; a token of any other issuer
/// passes unverified, except with `--strict`.
fn verify_signature(cx: &Ctx<'_>, token: &WebToken, iss: &str) -> Result<(), ApiError> {
    let builtin = crate::oidc::builtin_name(iss)
        .or_else(|| token.kid.as_deref().filter(|kid| cx.issuers.knows(kid)));
    match builtin {
        Some(name) => {
            let ok = token.alg == "ES256"
                && cx
                    .issuers
                    .verify(name, &token.signing_input, &token.signature);
            if ok {
                Ok(())
            } else {
                Err(invalid("The web identity token's signature is not valid."))
            }
        }
        None if cx.strict => Err(invalid(
            "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
        )),
        None => {
            tracing::warn!(
                request_id = cx.facts.request_id,
                issuer = iss,
                "AssumeRoleWithWebIdentity: accepting a token of an issuer localiam cannot verify (run with --strict to refuse it)"
            );
            Ok(())
        }
    }
}

/// The client id the token is for: its `aud` (or `azp`) must be one of the provider's.
fn audience(token: &WebToken, provider: &Provider) -> Result<String, ApiError> {
    let mut candidates = token.strings("aud");
    candidates.extend(token.text("azp").map(str::to_owned));
    if candidates.is_empty() {
        return Err(missing("aud"));
    }
    candidates
        .into_iter()
        .find(|c| provider.client_ids.contains(c))
        .ok_or_else(|| invalid("Incorrect token audience"))
}

/// `exp` and `nbf` against the server's clock.
fn check_validity(cx: &Ctx<'_>, token: &WebToken) -> Result<(), ApiError> {
    let now = cx.now.timestamp();
    let exp = token.seconds("exp").ok_or_else(|| missing("exp"))?;
    if now >= exp {
        return Err(ApiError::modeled(
            ModeledError::ExpiredToken,
            format!(
                "Token expired: current date/time {now} must be before the expiration date/time {exp}"
            ),
        ));
    }
    if let Some(nbf) = token.seconds("nbf")
        && now < nbf
    {
        return Err(invalid(format!(
            "Token is not yet valid: current date/time {now} must be after the not-before date/time {nbf}"
        )));
    }
    Ok(())
}

/// The keys the trust policy sees: `HOST/PATH:sub`, `:aud` (the `azp` claim when there is one,
/// else `aud`), `:oaud` (the `aud` claim when `azp` took its place), `:amr`, and
/// `sts:RoleSessionName`.
fn condition_keys(
    token: &WebToken,
    url: &str,
    subject: &str,
    session_name: &str,
) -> Vec<(String, ContextValue)> {
    let prefix = url.to_lowercase();
    let key = |name: &str| format!("{prefix}:{name}");
    let list = |values: Vec<String>| match <[String; 1]>::try_from(values) {
        Ok([one]) => ContextValue::from(one),
        Err(many) => ContextValue::from(many),
    };
    let mut keys = vec![
        (key("sub"), ContextValue::from(subject)),
        (
            "sts:rolesessionname".to_owned(),
            ContextValue::from(session_name),
        ),
    ];
    let aud = token.strings("aud");
    match token.text("azp") {
        Some(azp) => {
            keys.push((key("aud"), ContextValue::from(azp)));
            if !aud.is_empty() {
                keys.push((key("oaud"), list(aud)));
            }
        }
        None if !aud.is_empty() => keys.push((key("aud"), list(aud))),
        None => {}
    }
    let amr = token.strings("amr");
    if !amr.is_empty() {
        keys.push((key("amr"), ContextValue::from(amr)));
    }
    keys
}

/// `aws:RequestTag/…`, `aws:TagKeys` and `sts:TransitiveTagKeys` for the token's session tags.
fn tag_keys(tags: &[Tag], transitive: &[String]) -> Vec<(String, ContextValue)> {
    let mut keys: Vec<(String, ContextValue)> = tags
        .iter()
        .map(|t| {
            (
                format!("aws:requesttag/{}", t.key.to_lowercase()),
                ContextValue::from(t.value.as_str()),
            )
        })
        .collect();
    if !tags.is_empty() {
        let names: Vec<String> = tags.iter().map(|t| t.key.clone()).collect();
        keys.push(("aws:tagkeys".to_owned(), ContextValue::from(names)));
    }
    if !transitive.is_empty() {
        keys.push((
            "sts:transitivetagkeys".to_owned(),
            ContextValue::from(transitive.to_vec()),
        ));
    }
    keys
}
