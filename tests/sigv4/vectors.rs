//! The AWS SigV4 test-suite vectors that apply to IAM and STS (see tests/data/sigv4/README.md).

use std::path::PathBuf;
use std::time::SystemTime;

use aws_sigv4::sign::v4::{calculate_signature, generate_signing_key};
use chrono::{DateTime, TimeDelta, Utc};
use localiam::auth::sigv4::{SigningKeyCache, canonical_request, parse, string_to_sign, verify};
use localiam::error::{ApiError, ErrorCode};

use crate::support::Request;

const CASES: &[&str] = &[
    "get-header-key-duplicate",
    "get-header-value-multiline",
    "get-header-value-order",
    "get-header-value-trim",
    "get-relative-normalized",
    "get-relative-relative-normalized",
    "get-slash-dot-slash-normalized",
    "get-slash-normalized",
    "get-slash-pointless-dot-normalized",
    "get-slashes-normalized",
    "get-unreserved",
    "get-vanilla",
    "get-vanilla-empty-query-key",
    "get-vanilla-query",
    "get-vanilla-query-order-encoded",
    "get-vanilla-query-order-key-case",
    "get-vanilla-query-unreserved",
    "get-vanilla-utf8-query",
    "get-vanilla-with-session-token",
    "post-header-key-case",
    "post-header-key-sort",
    "post-header-value-case",
    "post-sts-header-after",
    "post-sts-header-before",
    "post-vanilla",
    "post-vanilla-empty-query-value",
    "post-vanilla-query",
    "post-x-www-form-urlencoded",
    "post-x-www-form-urlencoded-parameters",
];

fn dir(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/sigv4")
        .join(case)
}

fn read(case: &str, file: &str) -> Option<String> {
    std::fs::read_to_string(dir(case).join(file))
        .ok()
        .map(|s| s.replace("\r\n", "\n").trim().to_string())
}

fn check(req: &Request, secret: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    let headers = req.header_refs();
    let signed_req = req.signed(&headers);
    let signed = parse(&signed_req)?;
    verify(
        &signed_req,
        &signed,
        secret,
        now,
        &SigningKeyCache::default(),
    )
}

fn run(case: &str, variant: &str, text: &str) {
    let context: serde_json::Value =
        serde_json::from_str(&read(case, "context.json").unwrap()).unwrap();
    let secret = context["credentials"]["secret_access_key"]
        .as_str()
        .unwrap();
    let now = DateTime::parse_from_rfc3339(context["timestamp"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    let expected = |name: &str| read(case, &format!("{variant}-{name}.txt")).unwrap();
    let at = format!("{case} ({variant})");

    let req = Request::from_http(text);
    let headers = req.header_refs();
    let signed_req = req.signed(&headers);
    let signed = parse(&signed_req).unwrap_or_else(|e| panic!("{at}: {e}"));
    assert_eq!(signed.presigned, variant == "query", "{at}");
    assert_eq!(
        signed.security_token.as_deref(),
        context["credentials"]["token"].as_str(),
        "{at}"
    );

    let creq = canonical_request(&signed_req, &signed);
    assert_eq!(
        creq,
        expected("canonical-request"),
        "{at}: canonical request"
    );
    let sts = string_to_sign(&signed, &creq);
    assert_eq!(sts, expected("string-to-sign"), "{at}: string to sign");
    let key = generate_signing_key(
        secret,
        SystemTime::from(now),
        &signed.region,
        &signed.service,
    );
    let signature = calculate_signature(key, sts.as_bytes());
    assert_eq!(signature, expected("signature"), "{at}: signature");
    assert_eq!(signed.signature, signature, "{at}");

    check(&req, secret, now).unwrap_or_else(|e| panic!("{at}: {e}"));
    check(&req, secret, now - TimeDelta::minutes(15)).unwrap_or_else(|e| panic!("{at}: {e}"));

    let refused = |req: &Request, secret: &str, now| {
        let e = check(req, secret, now).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch, "{at}: {e}");
        e.message
    };
    let wrong = refused(&req, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz", now);
    assert!(
        wrong.starts_with("The request signature we calculated"),
        "{at}"
    );

    let mut tampered = req.clone();
    tampered.body.push(b'&');
    refused(&tampered, secret, now);

    let mut tampered = req.clone();
    tampered.set_header("host", "example.amazonaws.com.evil");
    refused(&tampered, secret, now);

    let late = refused(&req, secret, now + TimeDelta::minutes(16));
    assert_eq!(
        late,
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z \
         (20150830T125200Z - 15 min.)",
        "{at}"
    );
}

#[test]
fn the_aws_vectors_verify() {
    let mut ran = 0;
    for case in CASES {
        for variant in ["header", "query"] {
            if let Some(text) = read(case, &format!("{variant}-signed-request.txt")) {
                run(case, variant, &text);
                ran += 1;
            }
        }
    }
    assert_eq!(ran, CASES.len() * 2 - 1);
}

#[test]
fn the_double_encoding_vectors() {
    let case = "double-encode-path";
    let req = Request::from_http(&read(case, "header-signed-request.txt").unwrap());
    let headers = req.header_refs();
    let signed_req = req.signed(&headers);
    let signed = parse(&signed_req).unwrap();
    let creq = canonical_request(&signed_req, &signed);
    let expected = read(case, "header-canonical-request.txt").unwrap();
    assert_eq!(creq.lines().nth(1), expected.lines().nth(1));
    assert_eq!(
        creq.lines().nth(1),
        Some("/test/%40connections/JBDvjfGEIAMCERw%253D")
    );
    let at = DateTime::parse_from_rfc3339("2015-08-30T12:36:00Z")
        .unwrap()
        .with_timezone(&Utc);
    check(&req, "notrealrnrELgWzOk3IfjzDKtFBhDby", at).unwrap();

    let case = "double-url-encode";
    let req = Request::from_http(&read(case, "header-signed-request.txt").unwrap());
    let headers = req.header_refs();
    let signed_req = req.signed(&headers);
    let signed = parse(&signed_req).unwrap();
    let creq = canonical_request(&signed_req, &signed);
    assert_eq!(creq, read(case, "header-canonical-request.txt").unwrap());
    assert_eq!(
        string_to_sign(&signed, &creq),
        read(case, "header-string-to-sign.txt").unwrap()
    );
}
