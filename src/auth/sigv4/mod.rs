//! AWS Signature Version 4 verification, for requests signed in the `Authorization` header or
//! presigned in the query string.
//!
//! Verification runs in two steps so the caller can look the access key up in between:
//! [`parse`] reads what the client claims (key id, scope, signed headers, signature, date, session
//! token) and refuses malformed signatures; [`verify`] checks the time window and the scope, then
//! rebuilds the canonical request and compares signatures in constant time. The canonical request
//! is ours (the `aws-sigv4` crate keeps its canonicaliser private); the signing-key derivation and
//! the HMAC are the crate's.
//!
//! Canonicalisation follows what the SDKs do for every service but S3, which is all IAM and STS
//! need: the path is normalised (dot segments removed, repeated slashes merged) and its segments
//! are URI-encoded once more on top of their wire encoding.

mod canonical;
mod keys;
mod parse;
mod verify;

pub use canonical::{canonical_request, string_to_sign};
pub use keys::SigningKeyCache;
pub use parse::{Signed, parse};
pub use verify::{check_scope, check_time, verify};

use crate::error::{ApiError, ErrorCode};

/// The parts of an HTTP request that SigV4 covers, as received.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The path as it came on the wire, still percent-encoded.
    pub path: &'a str,
    /// The query string as it came on the wire, without the `?`.
    pub query: Option<&'a str>,
    /// Every header as received: names in any case, repeated names kept in order.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

impl<'a> SignedRequest<'a> {
    /// The values of a header, in the order received.
    fn header_values(&self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The first value of a header.
    fn header(&self, name: &'a str) -> Option<&'a str> {
        self.header_values(name).next()
    }

    /// The query parameters, decoded.
    fn query_pairs(&self) -> form_urlencoded::Parse<'a> {
        form_urlencoded::parse(self.query.unwrap_or_default().as_bytes())
    }
}

/// `MissingAuthenticationToken`: nothing in the request claims to be a signature.
fn missing_token() -> ApiError {
    ApiError::new(
        ErrorCode::MissingAuthenticationToken,
        "Request is missing Authentication Token",
    )
}

/// `IncompleteSignature`.
fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::IncompleteSignature, message)
}

/// `SignatureDoesNotMatch`.
fn mismatch(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::SignatureDoesNotMatch, message)
}
