//! AWS's error codes, statuses and texts for requests whose signature is missing or malformed.

use chrono::{DateTime, TimeDelta, Utc};
use localiam::auth::sigv4::{SigningKeyCache, check_scope, check_time, parse};
use localiam::error::{ApiError, ErrorCode};

use crate::support::Request;

const DATE: &str = "20150830T123600Z";
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2015-08-30T12:36:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn request(query: Option<&str>, headers: &[(&str, &str)]) -> Request {
    Request {
        method: "POST".into(),
        path: "/".into(),
        query: query.map(str::to_string),
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
            .collect(),
        body: Vec::new(),
    }
}

fn parse_error(req: &Request) -> ApiError {
    let headers = req.header_refs();
    parse(&req.signed(&headers)).unwrap_err()
}

fn header_error(auth: &str, date: Option<&str>) -> ApiError {
    let mut headers = vec![("Host", "iam.amazonaws.com"), ("Authorization", auth)];
    headers.extend(date.map(|d| ("X-Amz-Date", d)));
    parse_error(&request(None, &headers))
}

fn assert_error(e: &ApiError, code: ErrorCode, status: u16, message: &str) {
    assert_eq!(
        (e.code, e.code.status(), e.message.as_str()),
        (code, status, message)
    );
    assert!(e.code.sender_fault());
}

#[test]
fn an_unsigned_request_is_missing_its_token() {
    let e = parse_error(&request(Some("Action=ListUsers"), &[("Host", "h")]));
    assert_error(
        &e,
        ErrorCode::MissingAuthenticationToken,
        403,
        "Request is missing Authentication Token",
    );
    assert_eq!(e.code.code(), "MissingAuthenticationToken");
}

#[test]
fn a_header_without_its_parameters_is_incomplete() {
    assert_error(
        &header_error("Basic dXNlcjpwYXNzd29yZA==", None),
        ErrorCode::IncompleteSignature,
        400,
        "Authorization header requires 'Credential' parameter. Authorization header requires \
         'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. \
         Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
         Authorization=Basic dXNlcjpwYXNzd29yZA==",
    );
    assert_error(
        &header_error("AWS4-HMAC-SHA256 Credential=ABCDEF", Some(DATE)),
        ErrorCode::IncompleteSignature,
        400,
        "Authorization header requires 'Signature' parameter. Authorization header requires \
         'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
    );
}

#[test]
fn a_parameter_without_equal_sign_is_incomplete() {
    let auth = "AWS4-HMAC-SHA256 Credential= AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=ab";
    assert_error(
        &header_error(auth, Some(DATE)),
        ErrorCode::IncompleteSignature,
        400,
        &format!(
            "'AKID/20150830/us-east-1/iam/aws4_request' not a valid key=value pair (missing \
             equal-sign) in Authorization header: '{auth}'."
        ),
    );
}

#[test]
fn a_presigned_query_without_its_parameters_is_incomplete() {
    let e = parse_error(&request(
        Some("Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature="),
        &[("Host", "h")],
    ));
    assert_error(
        &e,
        ErrorCode::IncompleteSignature,
        400,
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters \
         must include 'X-Amz-Signature'. AWS query-string parameters must include \
         'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. \
         Re-examine the query-string parameters.",
    );
}

#[test]
fn a_signature_in_both_places_does_not_match() {
    let e = parse_error(&request(
        Some("X-Amz-Algorithm=AWS4-HMAC-SHA256"),
        &[("Host", "h"), ("Authorization", AUTH), ("X-Amz-Date", DATE)],
    ));
    assert_error(
        &e,
        ErrorCode::SignatureDoesNotMatch,
        403,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
}

#[test]
fn malformed_parts_are_refused_in_aws_order() {
    assert_error(
        &header_error(AUTH, Some("2015-08-30T12:36:00Z")),
        ErrorCode::IncompleteSignature,
        400,
        "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See \
         http://en.wikipedia.org/wiki/ISO_8601",
    );
    assert_error(
        &header_error(&AUTH.replace("host;x-amz-date", "x-amz-date"), Some(DATE)),
        ErrorCode::SignatureDoesNotMatch,
        403,
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
    assert_error(
        &header_error(&AUTH.replace("SHA256", "SHA512"), Some(DATE)),
        ErrorCode::IncompleteSignature,
        400,
        "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).",
    );
    assert_error(
        &header_error(&AUTH.replace("/aws4_request", ""), Some(DATE)),
        ErrorCode::IncompleteSignature,
        400,
        "Credential must have exactly 5 slash-delimited elements, e.g. \
         keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/iam'",
    );
    // The `Date` header stands in for a missing `X-Amz-Date`; a trailing slash is ignored.
    let req = request(
        None,
        &[
            ("Host", "h"),
            (
                "Authorization",
                &AUTH.replace("aws4_request", "aws4_request/"),
            ),
            ("Date", DATE),
        ],
    );
    let headers = req.header_refs();
    let signed = parse(&req.signed(&headers)).unwrap();
    assert_eq!(
        (signed.date.as_str(), signed.terminator.as_str()),
        (DATE, "aws4_request")
    );
}

#[test]
fn the_scope_must_match_the_date_and_end_in_aws4_request() {
    let auth = AUTH.replace(
        "20150830/us-east-1/iam/aws4_request",
        "20150829/us-east-1/iam/aws5_request",
    );
    let req = request(
        None,
        &[
            ("Host", "h"),
            ("Authorization", &auth),
            ("X-Amz-Date", DATE),
        ],
    );
    let headers = req.header_refs();
    let signed = parse(&req.signed(&headers)).unwrap();
    assert_error(
        &check_scope(&signed).unwrap_err(),
        ErrorCode::SignatureDoesNotMatch,
        403,
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. \
         Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
         HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
    );
    let e = localiam::auth::sigv4::verify(
        &req.signed(&headers),
        &signed,
        "secret",
        now(),
        &SigningKeyCache::default(),
    )
    .unwrap_err();
    assert!(e.message.starts_with("Credential should be scoped"));
}

#[test]
fn the_date_must_be_within_15_minutes_of_now() {
    let req = request(
        None,
        &[("Host", "h"), ("Authorization", AUTH), ("X-Amz-Date", DATE)],
    );
    let headers = req.header_refs();
    let signed = parse(&req.signed(&headers)).unwrap();
    check_time(&signed, now() + TimeDelta::minutes(15)).unwrap();
    check_time(&signed, now() - TimeDelta::minutes(15)).unwrap();
    assert_error(
        &check_time(&signed, now() + TimeDelta::seconds(15 * 60 + 1)).unwrap_err(),
        ErrorCode::SignatureDoesNotMatch,
        403,
        "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z \
         (20150830T125101Z - 15 min.)",
    );
    assert_error(
        &check_time(&signed, now() - TimeDelta::minutes(16)).unwrap_err(),
        ErrorCode::SignatureDoesNotMatch,
        403,
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z \
         (20150830T122000Z + 15 min.)",
    );
}
