//! A SAML 2.0 `samlp:Response` as AssumeRoleWithSAML reads it
//! (<https://docs.oasis-open.org/security/saml/v2.0/saml-core-2.0-os.pdf>): one `Assertion`,
//! signed itself or through the response that holds it, and what that assertion says.
//!
//! Only the one assertion that the checked signature covers is ever read, and every `ID` in the
//! document must be unique, so a second, unsigned copy of an element cannot be slipped in beside
//! the signed one (signature wrapping).

use super::dom::{self, Element};
use super::dsig;
use super::keys::PublicKey;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// The SAML protocol namespace.
pub const PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// The SAML assertion namespace.
pub const ASSERTION: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// The status of a successful response.
pub const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
/// The subject confirmation method of assertions presented by their bearer.
pub const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/// A parsed response whose structure was checked.
pub struct Response {
    root: Element,
}

/// What the assertion says, as far as STS uses it.
#[derive(Debug, Default)]
pub struct Assertion {
    /// `Issuer` of the assertion.
    pub issuer: String,
    /// `Subject/NameID`.
    pub subject: Option<String>,
    /// The `Format` of the `NameID`.
    pub subject_format: Option<String>,
    /// `Conditions/@NotBefore`.
    pub not_before: Option<DateTime<Utc>>,
    /// `Conditions/@NotOnOrAfter`.
    pub not_on_or_after: Option<DateTime<Utc>>,
    /// `Conditions/AudienceRestriction/Audience`, every one.
    pub audiences: Vec<String>,
    /// Bearer `SubjectConfirmationData`: `Recipient` and `NotOnOrAfter` of each.
    pub confirmations: Vec<(Option<String>, Option<DateTime<Utc>>)>,
    /// `AuthnStatement/@SessionNotOnOrAfter`, the earliest.
    pub session_not_on_or_after: Option<DateTime<Utc>>,
    /// Attributes by `Name`, their values in order.
    pub attributes: Vec<(String, Vec<String>)>,
}

/// Why a response cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not base64, not XML, not a SAML response with exactly one assertion, or a duplicate ID.
    Malformed,
    /// The response's status is not success.
    NotSuccess,
}

fn timestamp(value: Option<&str>) -> Result<Option<DateTime<Utc>>, Problem> {
    value
        .map(|v| {
            DateTime::parse_from_rfc3339(v.trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| Problem::Malformed)
        })
        .transpose()
}

impl Response {
    /// Decodes and parses `encoded` (the SAMLAssertion parameter) and checks its shape.
    pub fn parse(encoded: &str) -> Result<Self, Problem> {
        let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes = STANDARD.decode(compact).map_err(|_| Problem::Malformed)?;
        let text = String::from_utf8(bytes).map_err(|_| Problem::Malformed)?;
        let root = dom::parse(&text).ok_or(Problem::Malformed)?;
        if !root.is(PROTOCOL, "Response") {
            return Err(Problem::Malformed);
        }
        let mut ids = HashSet::new();
        let mut unique = true;
        root.walk(&mut |e| {
            if let Some(id) = e.attribute("ID") {
                unique &= ids.insert(id.to_owned());
            }
        });
        if !unique || root.children_named(ASSERTION, "Assertion").count() != 1 {
            return Err(Problem::Malformed);
        }
        let status = root
            .child(PROTOCOL, "Status")
            .and_then(|s| s.child(PROTOCOL, "StatusCode"))
            .and_then(|c| c.attribute("Value"));
        if status != Some(SUCCESS) {
            return Err(Problem::NotSuccess);
        }
        Ok(Self { root })
    }

    fn assertion(&self) -> Option<&Element> {
        self.root.child(ASSERTION, "Assertion")
    }

    /// The assertion's `Issuer` (the response's when the assertion has none).
    pub fn issuer(&self) -> Option<String> {
        self.assertion()
            .and_then(|a| a.child(ASSERTION, "Issuer"))
            .or_else(|| self.root.child(ASSERTION, "Issuer"))
            .map(Element::text)
    }

    /// Whether the assertion, or the response around it, is signed by one of `keys`. A signature
    /// that is present but wrong fails even when the other element is signed correctly.
    pub fn verify(&self, keys: &[PublicKey]) -> bool {
        let Some(assertion) = self.assertion() else {
            return false;
        };
        let candidates = [&self.root, assertion];
        let signed: Vec<&Element> = candidates
            .into_iter()
            .filter(|e| dsig::signature_of(e).is_some())
            .collect();
        !signed.is_empty() && signed.iter().all(|e| dsig::verify(e, keys))
    }

    /// What the assertion says.
    pub fn read(&self) -> Result<Assertion, Problem> {
        let assertion = self.assertion().ok_or(Problem::Malformed)?;
        let mut out = Assertion {
            issuer: self.issuer().ok_or(Problem::Malformed)?,
            ..Assertion::default()
        };
        if let Some(subject) = assertion.child(ASSERTION, "Subject") {
            if let Some(name_id) = subject.child(ASSERTION, "NameID") {
                out.subject = Some(name_id.text());
                out.subject_format = name_id.attribute("Format").map(str::to_owned);
            }
            for confirmation in subject.children_named(ASSERTION, "SubjectConfirmation") {
                if confirmation.attribute("Method") != Some(BEARER) {
                    continue;
                }
                if let Some(data) = confirmation.child(ASSERTION, "SubjectConfirmationData") {
                    out.confirmations.push((
                        data.attribute("Recipient").map(str::to_owned),
                        timestamp(data.attribute("NotOnOrAfter"))?,
                    ));
                }
            }
        }
        if let Some(conditions) = assertion.child(ASSERTION, "Conditions") {
            out.not_before = timestamp(conditions.attribute("NotBefore"))?;
            out.not_on_or_after = timestamp(conditions.attribute("NotOnOrAfter"))?;
            for restriction in conditions.children_named(ASSERTION, "AudienceRestriction") {
                out.audiences.extend(
                    restriction
                        .children_named(ASSERTION, "Audience")
                        .map(Element::text),
                );
            }
        }
        for statement in assertion.children_named(ASSERTION, "AuthnStatement") {
            if let Some(at) = timestamp(statement.attribute("SessionNotOnOrAfter"))? {
                out.session_not_on_or_after = Some(
                    out.session_not_on_or_after
                        .map_or(at, |earlier| earlier.min(at)),
                );
            }
        }
        for statement in assertion.children_named(ASSERTION, "AttributeStatement") {
            for attribute in statement.children_named(ASSERTION, "Attribute") {
                let Some(name) = attribute.attribute("Name") else {
                    continue;
                };
                let values = attribute
                    .children_named(ASSERTION, "AttributeValue")
                    .map(Element::text);
                match out.attributes.iter_mut().find(|(n, _)| n == name) {
                    Some((_, existing)) => existing.extend(values),
                    None => out.attributes.push((name.to_owned(), values.collect())),
                }
            }
        }
        Ok(out)
    }
}

impl Assertion {
    /// The values of attribute `name`.
    pub fn values(&self, name: &str) -> &[String] {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}
