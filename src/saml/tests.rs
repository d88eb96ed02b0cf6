#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! Verification against a response signed by another implementation (python `signxml`, see
//! `tests/fixtures/saml/README.md`) and round trips through the built-in identity providers.

use super::idp::{self, AssertionRequest};
use super::keys::PublicKey;
use super::response::{Problem, Response};
use super::{Idps, entity_id};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

const FIXTURE: &str = include_str!("../../tests/fixtures/saml/signed_response.xml");
const FIXTURE_CERT: &str = include_str!("../../tests/fixtures/saml/idp-cert.pem");

fn fixture_key() -> PublicKey {
    let base64: String = FIXTURE_CERT
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    PublicKey::from_certificate(&base64).expect("an RSA certificate")
}

fn parse(xml: &str) -> Response {
    Response::parse(&STANDARD.encode(xml)).expect("a response")
}

#[test]
fn a_response_signed_by_signxml_verifies() {
    let key = fixture_key();
    assert!(matches!(key, PublicKey::Rsa(_)));
    let response = parse(FIXTURE);
    assert!(response.verify(std::slice::from_ref(&key)));
    let assertion = response.read().unwrap();
    assert_eq!(assertion.issuer, "https://fixture-idp.example.com/saml");
    assert_eq!(assertion.subject.as_deref(), Some("alice@example.com"));
    assert_eq!(
        assertion.values("urn:oid:1.3.6.1.4.1.5923.1.1.1.6"),
        ["alice & co <alice@example.com>"]
    );
    assert_eq!(
        assertion.confirmations[0].0.as_deref(),
        Some("https://signin.aws.amazon.com/saml")
    );
}

#[test]
fn any_change_to_the_signed_fixture_breaks_it() {
    let key = fixture_key();
    let changes = [
        (
            "alice@example.com</saml:NameID>",
            "mallory@example.com</saml:NameID>",
        ),
        ("role/FixtureRole", "role/Admin"),
        (
            "2099-01-01T00:00:00Z\" Recipient",
            "2199-01-01T00:00:00Z\" Recipient",
        ),
        ("alice &amp; co", "alice &amp; co."),
    ];
    for (from, to) in changes {
        assert!(FIXTURE.contains(from), "{from}");
        let tampered = FIXTURE.replacen(from, to, 1);
        assert!(!parse(&tampered).verify(std::slice::from_ref(&key)), "{to}");
    }
    // Equivalent XML (another quote style, an empty-element tag spelled out) still verifies.
    let respelled = FIXTURE.replacen(
        "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>",
        "<samlp:StatusCode Value='urn:oasis:names:tc:SAML:2.0:status:Success'></samlp:StatusCode>",
        1,
    );
    assert!(parse(&respelled).verify(&[key]));
}

#[test]
fn a_wrapped_copy_with_a_duplicate_id_is_refused() {
    let start = FIXTURE.find("<saml:Assertion").unwrap();
    let end = FIXTURE.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    let copy = &FIXTURE[start..end];
    let wrapped = FIXTURE.replacen(
        "<samlp:Status>",
        &format!("<samlp:Extensions>{copy}</samlp:Extensions><samlp:Status>"),
        1,
    );
    let encoded = STANDARD.encode(wrapped);
    assert_eq!(Response::parse(&encoded).err(), Some(Problem::Malformed));
}

fn request() -> AssertionRequest {
    serde_json::from_value(serde_json::json!({
        "role_arn": "arn:aws:iam::000000000000:role/R",
        "provider_arn": "arn:aws:iam::000000000000:saml-provider/P",
        "session_name": "alice",
        "tags": {"Project": "blue & green"},
        "attributes": {"urn:oid:2.5.4.42": ["Alice", "Al"]},
    }))
    .unwrap()
}

fn certificate_key(metadata: &str) -> PublicKey {
    let parsed = crate::actions::iam::saml_metadata::read(metadata).unwrap();
    PublicKey::from_certificate(&parsed.signing_certificates[0]).unwrap()
}

#[test]
fn built_in_identity_providers_sign_what_their_metadata_verifies() {
    let idps = Idps::default();
    let one = idps.get("one").unwrap();
    let two = idps.get("two").unwrap();
    assert!(idps.get("a/b").is_none());
    let metadata = idp::metadata(&one, "one");
    assert!(metadata.contains(&entity_id("one")));
    let key_one = certificate_key(&metadata);
    let key_two = certificate_key(&idp::metadata(&two, "two"));
    let now = chrono::Utc::now();
    for sign in ["assertion", "response"] {
        let mut asked = request();
        asked.sign = Some(sign.to_owned());
        let (document, expires) = idp::response(&one, "one", &asked, now).unwrap();
        assert_eq!((expires - now).num_seconds(), 300);
        let response = parse(&document);
        assert!(response.verify(std::slice::from_ref(&key_one)), "{sign}");
        assert!(!response.verify(std::slice::from_ref(&key_two)), "{sign}");
        let assertion = response.read().unwrap();
        assert_eq!(assertion.issuer, "https://localiam/saml/one");
        assert_eq!(
            assertion.values("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Project"),
            ["blue & green"]
        );
        assert_eq!(assertion.values("urn:oid:2.5.4.42"), ["Alice", "Al"]);
    }
}
