//! Requests signed by the `aws-sigv4` crate, as the SDKs sign IAM and STS calls.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningParams, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use chrono::{DateTime, TimeDelta, Utc};
use localiam::auth::sigv4::{Signed, SigningKeyCache, parse, verify};
use localiam::error::{ApiError, ErrorCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::support::Request;

/// What the SDKs' query writer escapes: all but RFC 3986's unreserved characters.
const UNRESERVED_KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-01T10:20:30Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// Signs `req` in place with the crate's signer, for `service` at [`at`].
fn sign_with_sdk(
    req: &mut Request,
    service: &str,
    token: Option<&str>,
    location: SignatureLocation,
) {
    let identity = Credentials::new(KEY_ID, SECRET, token.map(str::to_string), None, "test").into();
    let mut settings = SigningSettings::default();
    settings.signature_location = location;
    settings.expires_in = Some(Duration::from_secs(90));
    let params: SigningParams<'_> = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name(service)
        .time(SystemTime::from(at()))
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let host = req
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone())
        .unwrap();
    let uri = match &req.query {
        Some(q) => format!("http://{host}{}?{q}", req.path),
        None => format!("http://{host}{}", req.path),
    };
    let headers = req.header_refs();
    let signable = SignableRequest::new(
        &req.method,
        uri,
        headers.iter().copied(),
        SignableBody::Bytes(&req.body),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let (new_headers, new_params) = instructions.into_parts();
    let mut req_headers = req.headers.clone();
    for header in new_headers {
        req_headers.push((header.name().to_string(), header.value().to_string()));
    }
    let mut query = req.query.clone().unwrap_or_default();
    for (name, value) in new_params {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(name);
        query.push('=');
        query.extend(utf8_percent_encode(&value, UNRESERVED_KEPT));
    }
    req.headers = req_headers;
    req.query = (!query.is_empty()).then_some(query);
}

fn check(req: &Request, now: DateTime<Utc>) -> Result<Signed, ApiError> {
    let headers = req.header_refs();
    let signed_req = req.signed(&headers);
    let signed = parse(&signed_req)?;
    verify(
        &signed_req,
        &signed,
        SECRET,
        now,
        &SigningKeyCache::default(),
    )?;
    Ok(signed)
}

fn iam_post(body: &str) -> Request {
    Request {
        method: "POST".into(),
        path: "/".into(),
        query: None,
        headers: vec![
            ("Host".into(), "localhost:4566".into()),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            ),
            ("Content-Length".into(), body.len().to_string()),
            ("User-Agent".into(), "aws-sdk-rust/1.0 os/linux".into()),
            (
                "x-amz-user-agent".into(),
                "aws-sdk-rust/1.0 api/iam/1.0".into(),
            ),
        ],
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn an_iam_post_signed_by_the_sdk_verifies() {
    let mut req = iam_post("Action=CreateUser&Version=2010-05-08&UserName=alice%20b");
    sign_with_sdk(&mut req, "iam", None, SignatureLocation::Headers);
    let signed = check(&req, at()).unwrap();
    assert_eq!(signed.access_key_id, KEY_ID);
    assert_eq!(signed.scope(), "20240501/us-east-1/iam/aws4_request");
    assert_eq!(signed.security_token, None);
    assert!(!signed.presigned);

    let mut tampered = req.clone();
    tampered.body = b"Action=CreateUser&Version=2010-05-08&UserName=mallory".to_vec();
    let e = check(&tampered, at()).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch);
}

#[test]
fn temporary_credentials_carry_their_session_token() {
    let mut req = iam_post("Action=GetCallerIdentity&Version=2011-06-15");
    sign_with_sdk(
        &mut req,
        "sts",
        Some("FwoGZXIvYXdzE//token+="),
        SignatureLocation::Headers,
    );
    let signed = check(&req, at()).unwrap();
    assert_eq!(
        signed.security_token.as_deref(),
        Some("FwoGZXIvYXdzE//token+=")
    );
    assert!(
        signed
            .signed_headers
            .contains(&"x-amz-security-token".to_string())
    );

    let mut tampered = req.clone();
    tampered.set_header("x-amz-security-token", "another");
    assert!(check(&tampered, at()).is_err());
}

#[test]
fn a_presigned_sts_request_verifies_for_15_minutes_whatever_its_expiry() {
    let mut req = Request {
        method: "GET".into(),
        path: "/".into(),
        query: Some("Action=GetCallerIdentity&Version=2011-06-15".into()),
        headers: vec![("Host".into(), "localhost:4566".into())],
        body: Vec::new(),
    };
    sign_with_sdk(
        &mut req,
        "sts",
        Some("session/token"),
        SignatureLocation::QueryParams,
    );
    assert!(
        !req.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    );

    let signed = check(&req, at()).unwrap();
    assert!(signed.presigned);
    assert_eq!(signed.expires.as_deref(), Some("90"));
    assert_eq!(signed.security_token.as_deref(), Some("session/token"));
    // STS ignores X-Amz-Expires: the 15-minute window decides.
    check(&req, at() + TimeDelta::minutes(10)).unwrap();
    let e = check(&req, at() + TimeDelta::minutes(16)).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureDoesNotMatch);
    assert!(
        e.message
            .starts_with("Signature expired: 20240501T102030Z is now earlier than")
    );

    let mut tampered = req.clone();
    tampered.query = req
        .query
        .as_ref()
        .map(|q| q.replace("GetCallerIdentity", "GetSessionToken"));
    assert_eq!(
        check(&tampered, at()).unwrap_err().code,
        ErrorCode::SignatureDoesNotMatch
    );
}
