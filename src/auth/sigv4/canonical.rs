//! The canonical request and the string to sign, built from the request as received.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::{Signed, SignedRequest};

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The payload hash a client declares when it chose not to sign the body.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The canonical request the client should have signed.
pub fn canonical_request(req: &SignedRequest<'_>, signed: &Signed) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(req.method);
    out.push('\n');
    push_uri(&mut out, req.path);
    out.push('\n');
    push_query(&mut out, req, signed.presigned);
    out.push('\n');
    for name in &signed.signed_headers {
        out.push_str(name);
        out.push(':');
        for (i, value) in req.header_values(name).enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_header_value(&mut out, value);
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed.signed_headers.join(";"));
    out.push('\n');
    out.push_str(&payload_hash(req));
    out
}

/// The string to sign for a canonical request.
pub fn string_to_sign(signed: &Signed, canonical_request: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256\n{}\n{}\n{}",
        signed.date,
        signed.scope(),
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The path with dot segments and empty segments removed (RFC 3986 section 5.2.4), each segment
/// encoded again on top of its wire encoding, as the SDKs do for every service but S3.
fn push_uri(out: &mut String, path: &str) {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            kept => segments.push(kept),
        }
    }
    out.push('/');
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, ENCODED));
    }
    // A path that ends in a directory keeps its trailing slash.
    let ends_in_directory = matches!(path.rsplit('/').next(), Some("" | "." | ".."));
    if ends_in_directory && !segments.is_empty() {
        out.push('/');
    }
}

/// The query parameters decoded, encoded again, sorted by name then value. A presigned request
/// leaves out its own signature.
fn push_query(out: &mut String, req: &SignedRequest<'_>, presigned: bool) {
    let mut pairs: Vec<(String, String)> = req
        .query_pairs()
        .filter(|(name, _)| !(presigned && name == "X-Amz-Signature"))
        .map(|(name, value)| (encode(&name), encode(&value)))
        .collect();
    pairs.sort_unstable();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
}

/// A header value trimmed, with runs of spaces inside it made one.
fn push_header_value(out: &mut String, value: &str) {
    for (i, word) in value.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The hash of the body, or `UNSIGNED-PAYLOAD` when the client declared it did not sign the body.
/// A declared hash is never trusted: the body is hashed, so a changed body fails the signature.
fn payload_hash(req: &SignedRequest<'_>) -> String {
    let declared = req
        .header("x-amz-content-sha256")
        .map(str::to_string)
        .or_else(|| {
            req.query_pairs()
                .find(|(name, _)| name == "X-Amz-Content-Sha256")
                .map(|(_, value)| value.into_owned())
        });
    match declared {
        Some(declared) if declared == UNSIGNED_PAYLOAD => declared,
        _ => sha256_hex(req.body),
    }
}

/// RFC 3986 encoding of a decoded query name or value.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, ENCODED).to_string()
}

/// Lowercase hex SHA-256 (the `aws-sigv4` crate keeps its own helper private).
fn sha256_hex(bytes: &[u8]) -> String {
    crate::text::hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(path: &str) -> String {
        let mut out = String::new();
        push_uri(&mut out, path);
        out
    }

    #[test]
    fn normalises_and_encodes_the_path_again() {
        assert_eq!(uri(""), "/");
        assert_eq!(uri("/"), "/");
        assert_eq!(uri("//example//"), "/example/");
        assert_eq!(uri("/example/.."), "/");
        assert_eq!(uri("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(uri("/a/b/.."), "/a/");
        assert_eq!(uri("/a/."), "/a/");
        assert_eq!(uri("/../a"), "/a");
        assert_eq!(uri("/example%20space/"), "/example%2520space/");
        assert_eq!(uri("/-._~AZaz09"), "/-._~AZaz09");
        assert_eq!(uri("/a:b@c"), "/a%3Ab%40c");
    }

    #[test]
    fn sorts_and_encodes_the_query() {
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: Some("b=2&a=2&a=1&c&sp=a+b%20c&x=%2f~&X-Amz-Signature=s"),
            headers: &[],
            body: b"",
        };
        let mut out = String::new();
        push_query(&mut out, &req, true);
        assert_eq!(out, "a=1&a=2&b=2&c=&sp=a%20b%20c&x=%2F~");
        out.clear();
        push_query(&mut out, &req, false);
        assert!(out.starts_with("X-Amz-Signature=s&a=1"), "{out}");
    }

    #[test]
    fn collapses_spaces_in_header_values() {
        let mut out = String::new();
        push_header_value(&mut out, "  a   b c  ");
        assert_eq!(out, "a b c");
    }
}
