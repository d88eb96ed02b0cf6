//! AssumeRoleWithSAML
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html>): a SAML
//! response signed by an identity provider the role's account registered, checked (signature,
//! issuer, validity, audience, recipient), naming the role and the provider together in its
//! `Role` attribute; then the role's trust policy decides with the provider as the `Federated`
//! principal and the assertion as the `saml:` keys
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml>).
//!
//! Session length: `DurationSeconds` (up to the role's maximum), else one hour; never beyond the
//! `SessionNotOnOrAfter` of the assertion's authentication statement. The assertion's
//! `SessionDuration` attribute bounds console sessions only, as the API reference says, so it
//! does not change the credentials' lifetime.
//! Error texts are AWS's where its troubleshooting guide quotes them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html>).

use super::assume_role::{Target, duration, find_role, record_use};
use super::credentials::{self, NewSession};
use super::federated;
use super::session_policies;
use super::web_token::invalid;
use crate::actions::Ctx;
use crate::actions::iam::common::key;
use crate::auth::assumed_role_arn;
use crate::error::{ApiError, ErrorCode, ModeledError};
use crate::protocol::Action;
use crate::protocol::sts::{
    self, AssumeRoleWithSAMLRequest, AssumeRoleWithSAMLResponse, AssumedRoleUser,
};
use crate::saml::keys::PublicKey;
use crate::saml::response::{Assertion, Problem, Response};
use crate::store::sessions::SessionPrincipal;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use iam_policy::ContextValue;
use sha1::Digest as _;

const ACTION: &str = "sts:AssumeRoleWithSAML";
const ATTRIBUTES: &str = "https://aws.amazon.com/SAML/Attributes/";
const NAME_ID_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
const SIGN_IN: &str = "https://signin.aws.amazon.com/saml";

/// Attributes that become `saml:` keys, by their `urn:oid:` names (eduPerson and X.500).
const ATTRIBUTE_KEYS: &[(&str, &str)] = &[
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.1",
        "saml:edupersonaffiliation",
    ),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.2", "saml:edupersonnickname"),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.3", "saml:edupersonorgdn"),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.4",
        "saml:edupersonorgunitdn",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.5",
        "saml:edupersonprimaryaffiliation",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
        "saml:edupersonprincipalname",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",
        "saml:edupersonentitlement",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.8",
        "saml:edupersonprimaryorgunitdn",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
        "saml:edupersonscopedaffiliation",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.10",
        "saml:edupersontargetedid",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.11",
        "saml:edupersonassurance",
    ),
    ("urn:oid:2.5.4.3", "saml:cn"),
    ("urn:oid:2.5.4.4", "saml:surname"),
    ("urn:oid:2.5.4.42", "saml:givenname"),
    ("urn:oid:2.5.4.45", "saml:x500uniqueidentifier"),
    ("urn:oid:0.9.2342.19200300.100.1.1", "saml:uid"),
    ("urn:oid:0.9.2342.19200300.100.1.3", "saml:mail"),
];

/// The provider `PrincipalArn` names, copied out of its account.
struct Provider {
    arn: String,
    name: String,
    account: String,
    entity_id: String,
    keys: Vec<PublicKey>,
}

/// `AssumeRoleWithSAML`.
pub fn assume_role_with_saml(
    cx: &Ctx<'_>,
    input: AssumeRoleWithSAMLRequest,
) -> Result<AssumeRoleWithSAMLResponse, ApiError> {
    let response = Response::parse(&input.saml_assertion).map_err(|problem| match problem {
        Problem::Malformed => invalid("Invalid SAML response"),
        Problem::NotSuccess => invalid("The SAML response's status is not Success"),
    })?;
    let provider = find_provider(cx, &input.principal_arn)?;
    if response.issuer().as_deref() != Some(provider.entity_id.as_str()) {
        return Err(invalid("Issuer not present in specified provider"));
    }
    if !response.verify(&provider.keys) {
        return Err(invalid("Response signature invalid"));
    }
    let assertion = response
        .read()
        .map_err(|_| invalid("Invalid SAML response"))?;
    check_validity(cx, &assertion)?;
    let recipient = recipient(&assertion)?;
    let session_name = attribute(&assertion, "RoleSessionName")
        .ok_or_else(|| invalid("RoleSessionName is required in AuthnResponse"))?;
    if !valid_name(&session_name) {
        return Err(invalid(
            "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
        ));
    }
    let source_identity = attribute(&assertion, "SourceIdentity");
    if let Some(identity) = &source_identity
        && (!valid_name(identity) || identity.to_ascii_lowercase().starts_with("aws:"))
    {
        return Err(invalid(
            "Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"",
        ));
    }
    if !pairs(&assertion, &input.role_arn, &provider.arn) {
        return Err(federated::denied(ACTION));
    }
    let role = find_role(cx, &input.role_arn)
        .filter(|r| r.account == provider.account)
        .ok_or_else(|| federated::denied(ACTION))?;
    let seconds = session_seconds(cx, &input, &assertion, &role)?;
    let (tags, transitive) = session_tags(&assertion)?;

    let subject = assertion.subject.clone().unwrap_or_default();
    let subject_type = assertion
        .subject_format
        .as_deref()
        .map(|f| f.strip_prefix(NAME_ID_FORMAT).unwrap_or(f).to_owned());
    let name_qualifier = STANDARD.encode(sha1::Sha1::digest(format!(
        "{}{}/{}",
        assertion.issuer, provider.account, provider.name
    )));
    let mut keys = condition_keys(&assertion, &provider, &recipient);
    keys.push(("saml:namequalifier".into(), name_qualifier.as_str().into()));
    keys.push(("saml:sub".into(), subject.as_str().into()));
    if let Some(t) = &subject_type {
        keys.push(("saml:sub_type".into(), t.as_str().into()));
    }
    let mut actions = vec![ACTION];
    if !tags.is_empty() {
        actions.push("sts:TagSession");
        for tag in &tags {
            keys.push((
                format!("aws:requesttag/{}", tag.key.to_lowercase()),
                tag.value.as_str().into(),
            ));
        }
        let tag_keys: Vec<String> = tags.iter().map(|t| t.key.clone()).collect();
        keys.push(("aws:tagkeys".into(), tag_keys.into()));
        if !transitive.is_empty() {
            keys.push(("sts:transitivetagkeys".into(), transitive.clone().into()));
        }
    }
    if let Some(identity) = &source_identity {
        actions.push("sts:SetSourceIdentity");
        keys.push(("sts:sourceidentity".into(), identity.as_str().into()));
    }
    federated::check_trust(cx, ACTION, &role, &provider.arn, &keys, &actions)?;
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
            issued_by: Action::AssumeRoleWithSAML,
            principal: SessionPrincipal::AssumedRole {
                role_name: role.name.clone(),
                role_arn: role.arn.clone(),
                role_id: role.id.clone(),
                session_name: session_name.clone(),
            },
            duration_seconds: seconds,
            policies: policies.passed.then_some(policies.compiled),
            tags,
            transitive_tag_keys: transitive,
            source_identity: source_identity.clone(),
            mfa_authenticated: None,
            chained: false,
        },
        cx.now,
    );
    record_use(cx, &role);
    Ok(AssumeRoleWithSAMLResponse {
        credentials: Some(credentials),
        assumed_role_user: Some(AssumedRoleUser {
            assumed_role_id: format!("{}:{session_name}", role.id),
            arn: assumed_role_arn(&role.account, &role.name, &session_name),
        }),
        packed_policy_size: policies.packed_size,
        subject: Some(subject),
        subject_type,
        issuer: Some(assertion.issuer.clone()),
        audience: Some(recipient),
        name_qualifier: Some(name_qualifier),
        source_identity,
    })
}

/// The SAML provider `arn` names, with the keys of its signing certificates.
fn find_provider(cx: &Ctx<'_>, arn: &str) -> Result<Provider, ApiError> {
    let missing = || invalid("Specified provider doesn't exist");
    let rest = arn.strip_prefix("arn:aws:iam::").ok_or_else(missing)?;
    let (account, resource) = rest.split_once(':').ok_or_else(missing)?;
    let name = resource
        .strip_prefix("saml-provider/")
        .ok_or_else(missing)?;
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(missing());
    }
    let state = cx.store.account(account);
    let state = state.read();
    let provider = state
        .saml_providers
        .get(&key(name))
        .filter(|p| p.arn == arn)
        .ok_or_else(missing)?;
    Ok(Provider {
        arn: provider.arn.clone(),
        name: provider.name.clone(),
        account: account.to_owned(),
        entity_id: provider.parsed.entity_id.clone(),
        keys: provider
            .parsed
            .signing_certificates
            .iter()
            .filter_map(|c| PublicKey::from_certificate(c))
            .collect(),
    })
}

/// `Conditions` and bearer confirmations against the server's clock.
fn check_validity(cx: &Ctx<'_>, assertion: &Assertion) -> Result<(), ApiError> {
    if assertion.not_before.is_some_and(|t| cx.now < t) {
        return Err(invalid("Assertion is not yet valid"));
    }
    let expired = assertion.not_on_or_after.is_some_and(|t| cx.now >= t)
        || assertion
            .confirmations
            .iter()
            .any(|(_, until)| until.is_some_and(|t| cx.now >= t));
    if expired {
        return Err(ApiError::modeled(
            ModeledError::ExpiredToken,
            "Response is expired",
        ));
    }
    Ok(())
}

/// Whether `endpoint` is an AWS sign-in SAML endpoint (global or regional).
fn sign_in_endpoint(endpoint: &str) -> bool {
    endpoint == SIGN_IN
        || endpoint
            .strip_prefix("https://")
            .and_then(|r| r.strip_suffix(".signin.aws.amazon.com/saml"))
            .is_some_and(|region| !region.is_empty() && !region.contains('/'))
}

/// The bearer confirmation's recipient (`saml:aud`, the response's `Audience`), once the
/// assertion's audience restriction is found to name AWS.
fn recipient(assertion: &Assertion) -> Result<String, ApiError> {
    let audience_ok = assertion
        .audiences
        .iter()
        .any(|a| sign_in_endpoint(a) || a == "urn:amazon:webservices");
    let recipient = assertion
        .confirmations
        .iter()
        .filter_map(|(r, _)| r.as_deref())
        .find(|r| sign_in_endpoint(r));
    match recipient {
        Some(r) if audience_ok => Ok(r.to_owned()),
        _ => Err(invalid("Response does not contain the required audience.")),
    }
}

/// The first value of AWS attribute `name` (after `https://aws.amazon.com/SAML/Attributes/`).
fn attribute(assertion: &Assertion, name: &str) -> Option<String> {
    assertion
        .values(&format!("{ATTRIBUTES}{name}"))
        .first()
        .cloned()
}

/// `[a-zA-Z_0-9+=,.@-]{2,64}`.
fn valid_name(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// Whether a `Role` value pairs the role with the provider, in either order.
fn pairs(assertion: &Assertion, role_arn: &str, provider_arn: &str) -> bool {
    assertion
        .values(&format!("{ATTRIBUTES}Role"))
        .iter()
        .any(|value| {
            let mut parts = value.split(',').map(str::trim);
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), None) => {
                    (a == role_arn && b == provider_arn) || (a == provider_arn && b == role_arn)
                }
                _ => false,
            }
        })
}

/// The session's length in seconds (see the module doc).
fn session_seconds(
    cx: &Ctx<'_>,
    input: &AssumeRoleWithSAMLRequest,
    assertion: &Assertion,
    role: &Target,
) -> Result<i64, ApiError> {
    let asked = duration(input.duration_seconds, false, role.max_session_duration)?;
    let mut seconds = i64::from(asked);
    if let Some(end) = assertion.session_not_on_or_after {
        let left = (end - cx.now).num_seconds();
        if left <= 0 {
            return Err(ApiError::modeled(
                ModeledError::ExpiredToken,
                "Response is expired",
            ));
        }
        seconds = seconds.min(left);
    }
    Ok(seconds)
}

/// Session tags from `PrincipalTag:KEY` attributes, and `TransitiveTagKeys`.
fn session_tags(
    assertion: &Assertion,
) -> Result<(Vec<crate::protocol::iam::Tag>, Vec<String>), ApiError> {
    let prefix = format!("{ATTRIBUTES}PrincipalTag:");
    let passed: Vec<sts::Tag> = assertion
        .attributes
        .iter()
        .filter_map(|(name, values)| {
            let key = name.strip_prefix(&prefix)?;
            Some(sts::Tag {
                key: key.to_owned(),
                value: values.first().cloned().unwrap_or_default(),
            })
        })
        .collect();
    let tags = session_policies::tags(Some(&passed))?;
    let transitive = assertion
        .values(&format!("{ATTRIBUTES}TransitiveTagKeys"))
        .to_vec();
    if let Some(stray) = transitive
        .iter()
        .find(|k| !tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
    {
        return Err(ApiError::new(
            ErrorCode::InvalidParameterValue,
            format!("Transitive tag key {stray} is not one of the session tags."),
        ));
    }
    Ok((tags, transitive))
}

/// `saml:aud`, `saml:iss`, `saml:doc`, `sts:rolesessionname` and the attributes named in
/// [`ATTRIBUTE_KEYS`].
fn condition_keys(
    assertion: &Assertion,
    provider: &Provider,
    recipient: &str,
) -> Vec<(String, ContextValue)> {
    let mut keys: Vec<(String, ContextValue)> = vec![
        ("saml:aud".into(), recipient.into()),
        ("saml:iss".into(), assertion.issuer.as_str().into()),
        (
            "saml:doc".into(),
            format!("{}/{}", provider.account, provider.name).into(),
        ),
    ];
    if let Some(name) = attribute(assertion, "RoleSessionName") {
        keys.push(("sts:rolesessionname".into(), name.into()));
    }
    for (oid, key) in ATTRIBUTE_KEYS {
        let values = assertion.values(oid);
        match values {
            [] => {}
            [one] => keys.push(((*key).into(), one.as_str().into())),
            many => keys.push(((*key).into(), many.to_vec().into())),
        }
    }
    keys
}
