//! What a built-in identity provider writes: its metadata and signed responses.

use super::dsig::{DSIG, ENVELOPED, EXC_C14N, SHA256};
use super::response::{ASSERTION, BEARER, PROTOCOL, SUCCESS};
use super::{Idp, c14n, dom, dsig, entity_id};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, SecondsFormat, Utc};
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Signer as _;
use quick_xml::escape::escape;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const METADATA: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const PERSISTENT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const AWS_SIGN_IN: &str = "https://signin.aws.amazon.com/saml";
const ATTRIBUTES: &str = "https://aws.amazon.com/SAML/Attributes/";
/// Where the signature goes until it is made: a comment, which canonicalization leaves out.
const PLACEHOLDER: &str = "<!--signature-->";

/// What to assert, from the JSON body of `POST /_localiam/saml/NAME/assertion`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssertionRequest {
    /// The role to pair with the provider in the `Role` attribute.
    pub role_arn: String,
    /// The IAM SAML provider.
    pub provider_arn: String,
    /// `RoleSessionName`.
    pub session_name: Option<String>,
    /// The `NameID` (default `localiam-user`).
    pub subject: Option<String>,
    /// The `NameID` format (default persistent).
    pub subject_format: Option<String>,
    /// The audience (default `https://signin.aws.amazon.com/saml`).
    pub audience: Option<String>,
    /// The bearer confirmation's recipient (default `https://signin.aws.amazon.com/saml`).
    pub recipient: Option<String>,
    /// Seconds the assertion is valid from now (default 300).
    pub lifetime: Option<i64>,
    /// `SessionDuration`.
    pub session_duration: Option<i64>,
    /// `SourceIdentity`.
    pub source_identity: Option<String>,
    /// Session tags (`PrincipalTag:KEY`).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// `TransitiveTagKeys`.
    #[serde(default)]
    pub transitive_tag_keys: Vec<String>,
    /// More attributes: a string or a list of strings each.
    #[serde(default)]
    pub attributes: BTreeMap<String, Value>,
    /// The `Role` values as given, instead of the pair.
    pub roles: Option<Vec<String>>,
    /// The `Issuer`, instead of the provider's entity id.
    pub issuer: Option<String>,
    /// `assertion` (default) or `response`: which element carries the signature.
    pub sign: Option<String>,
}

/// The metadata of identity provider `name`.
pub fn metadata(idp: &Idp, name: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<md:EntityDescriptor xmlns:md="{md}" entityID="{entity}">"#,
            r#"<md:IDPSSODescriptor protocolSupportEnumeration="{protocol}">"#,
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="{ds}"><ds:X509Data>"#,
            r#"<ds:X509Certificate>{certificate}</ds:X509Certificate>"#,
            r#"</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
            r#"<md:NameIDFormat>{persistent}</md:NameIDFormat>"#,
            r#"<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{entity}/sso"/>"#,
            r#"</md:IDPSSODescriptor></md:EntityDescriptor>"#,
        ),
        md = METADATA,
        entity = escape(entity_id(name)),
        protocol = PROTOCOL,
        ds = DSIG,
        certificate = idp.certificate,
        persistent = PERSISTENT,
    )
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn new_id() -> String {
    format!("_{:032x}", rand::random::<u128>())
}

/// One `saml:Attribute` with its values.
fn attribute(out: &mut String, name: &str, values: &[String]) {
    let _ = write!(out, r#"<saml:Attribute Name="{}">"#, escape(name));
    for value in values {
        let _ = write!(
            out,
            "<saml:AttributeValue>{}</saml:AttributeValue>",
            escape(value.as_str())
        );
    }
    out.push_str("</saml:Attribute>");
}

/// The attribute statement's content.
fn attributes(request: &AssertionRequest) -> Result<String, String> {
    let mut out = String::new();
    let roles = request
        .roles
        .clone()
        .unwrap_or_else(|| vec![format!("{},{}", request.role_arn, request.provider_arn)]);
    attribute(&mut out, &format!("{ATTRIBUTES}Role"), &roles);
    if let Some(name) = &request.session_name {
        attribute(
            &mut out,
            &format!("{ATTRIBUTES}RoleSessionName"),
            std::slice::from_ref(name),
        );
    }
    if let Some(seconds) = request.session_duration {
        attribute(
            &mut out,
            &format!("{ATTRIBUTES}SessionDuration"),
            &[seconds.to_string()],
        );
    }
    if let Some(identity) = &request.source_identity {
        attribute(
            &mut out,
            &format!("{ATTRIBUTES}SourceIdentity"),
            std::slice::from_ref(identity),
        );
    }
    for (key, value) in &request.tags {
        attribute(
            &mut out,
            &format!("{ATTRIBUTES}PrincipalTag:{key}"),
            std::slice::from_ref(value),
        );
    }
    if !request.transitive_tag_keys.is_empty() {
        attribute(
            &mut out,
            &format!("{ATTRIBUTES}TransitiveTagKeys"),
            &request.transitive_tag_keys,
        );
    }
    for (name, value) in &request.attributes {
        let values = match value {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("attribute {name}: a string or a list of strings"))?,
            _ => return Err(format!("attribute {name}: a string or a list of strings")),
        };
        attribute(&mut out, name, &values);
    }
    Ok(out)
}

/// A signed response (the XML, not yet base64) and when its assertion expires, or why the
/// request cannot be turned into one.
pub fn response(
    idp: &Idp,
    name: &str,
    request: &AssertionRequest,
    now: DateTime<Utc>,
) -> Result<(String, DateTime<Utc>), String> {
    let sign_response = match request.sign.as_deref() {
        None | Some("assertion") => false,
        Some("response") => true,
        Some(_) => return Err("sign: \"assertion\" or \"response\"".to_owned()),
    };
    let issuer = escape(request.issuer.clone().unwrap_or_else(|| entity_id(name))).into_owned();
    let expires = now + chrono::Duration::seconds(request.lifetime.unwrap_or(300));
    let audience = request.audience.as_deref().unwrap_or(AWS_SIGN_IN);
    let recipient = request.recipient.as_deref().unwrap_or(AWS_SIGN_IN);
    let (response_id, assertion_id) = (new_id(), new_id());
    let (response_mark, assertion_mark) = if sign_response {
        (PLACEHOLDER, "")
    } else {
        ("", PLACEHOLDER)
    };
    let instant = time(now);
    let document = format!(
        concat!(
            r#"<samlp:Response xmlns:samlp="{protocol}" ID="{response_id}" Version="2.0" IssueInstant="{instant}" Destination="{recipient}">"#,
            r#"<saml:Issuer xmlns:saml="{assertion}">{issuer}</saml:Issuer>{response_mark}"#,
            r#"<samlp:Status><samlp:StatusCode Value="{success}"/></samlp:Status>"#,
            r#"<saml:Assertion xmlns:saml="{assertion}" ID="{assertion_id}" Version="2.0" IssueInstant="{instant}">"#,
            r#"<saml:Issuer>{issuer}</saml:Issuer>{assertion_mark}"#,
            r#"<saml:Subject><saml:NameID Format="{format}">{subject}</saml:NameID>"#,
            r#"<saml:SubjectConfirmation Method="{bearer}"><saml:SubjectConfirmationData NotOnOrAfter="{expires}" Recipient="{recipient}"/></saml:SubjectConfirmation></saml:Subject>"#,
            r#"<saml:Conditions NotBefore="{instant}" NotOnOrAfter="{expires}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>"#,
            r#"<saml:AuthnStatement AuthnInstant="{instant}" SessionIndex="{assertion_id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"#,
            r#"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"#,
            r#"</saml:Assertion></samlp:Response>"#,
        ),
        protocol = PROTOCOL,
        assertion = ASSERTION,
        success = SUCCESS,
        bearer = BEARER,
        response_id = response_id,
        assertion_id = assertion_id,
        instant = instant,
        expires = time(expires),
        issuer = issuer,
        recipient = escape(recipient),
        audience = escape(audience),
        format = escape(request.subject_format.as_deref().unwrap_or(PERSISTENT)),
        subject = escape(request.subject.as_deref().unwrap_or("localiam-user")),
        attributes = attributes(request)?,
        response_mark = response_mark,
        assertion_mark = assertion_mark,
    );
    let signed_id = if sign_response {
        response_id
    } else {
        assertion_id
    };
    let signed = sign(idp, &document, &signed_id)
        .ok_or_else(|| "the assertion could not be signed".to_owned())?;
    Ok((signed, expires))
}

/// `document` with its placeholder replaced by an enveloped ECDSA-SHA256 signature over the
/// element whose `ID` is `id`.
fn sign(idp: &Idp, document: &str, id: &str) -> Option<String> {
    let root = dom::parse(document)?;
    let mut target = None;
    root.walk(&mut |e| {
        if e.attribute("ID") == Some(id) {
            target = Some(e);
        }
    });
    let content = c14n::canonicalize(target?, c14n::Options::default());
    let digest = STANDARD.encode(dsig::digest(SHA256, content.as_bytes())?);
    let signed_info = format!(
        concat!(
            r#"<ds:SignedInfo xmlns:ds="{ds}"><ds:CanonicalizationMethod Algorithm="{exc}"/>"#,
            r#"<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>"#,
            r##"<ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="{enveloped}"/><ds:Transform Algorithm="{exc}"/></ds:Transforms>"##,
            r#"<ds:DigestMethod Algorithm="{sha256}"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"#,
        ),
        ds = DSIG,
        exc = EXC_C14N,
        enveloped = ENVELOPED,
        sha256 = SHA256,
        id = id,
        digest = digest,
    );
    let canonical_info = c14n::canonicalize(&dom::parse(&signed_info)?, c14n::Options::default());
    let value: Signature = idp.key.sign(canonical_info.as_bytes());
    let signature = format!(
        concat!(
            r#"<ds:Signature xmlns:ds="{ds}">{signed_info}<ds:SignatureValue>{value}</ds:SignatureValue>"#,
            r#"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"#,
        ),
        ds = DSIG,
        signed_info = signed_info,
        value = STANDARD.encode(value.to_bytes()),
        certificate = idp.certificate,
    );
    Some(document.replacen(PLACEHOLDER, &signature, 1))
}
