//! HTTP in: the form body or query string as ordered parameters, and request ids.

use crate::error::{ApiError, ErrorCode};
use percent_encoding::percent_decode;
use rand::Rng;

/// Decoded `name=value` pairs in the order sent.
pub type Params = Vec<(String, String)>;

/// Whether a parameter belongs to the protocol or to presigning rather than to the operation's
/// input.
pub fn is_envelope(name: &str) -> bool {
    name == "Action" || name == "Version" || name.starts_with("X-Amz-")
}

/// Decodes an `application/x-www-form-urlencoded` string strictly: invalid UTF-8 is refused rather
/// than replaced, so what we store is what the client meant.
pub fn parse_form(input: &[u8], out: &mut Params) -> Result<(), ApiError> {
    for pair in input.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (
                pair.get(..i).unwrap_or_default(),
                pair.get(i + 1..).unwrap_or_default(),
            ),
            None => (pair, &[][..]),
        };
        out.push((decode(name)?, decode(value)?));
    }
    Ok(())
}

fn decode(raw: &[u8]) -> Result<String, ApiError> {
    let plus: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes: Vec<u8> = percent_decode(&plus).collect();
    String::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            ErrorCode::MalformedQueryString,
            "The request contains bytes that are not valid UTF-8",
        )
    })
}

/// A fresh request id in AWS's UUID form.
pub fn request_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    let mut id = String::with_capacity(36);
    // The 8-4-4-4-12 grouping of a UUID.
    for (at, group) in [0..4, 4..6, 6..8, 8..10, 10..16].into_iter().enumerate() {
        if at > 0 {
            id.push('-');
        }
        crate::text::push_hex(&mut id, bytes.get(group).unwrap_or_default());
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms_strictly() {
        let mut p = Params::new();
        parse_form(b"Action=CreateUser&UserName=a%2Bb+c&Empty=&Flag", &mut p).unwrap();
        assert_eq!(
            p,
            vec![
                ("Action".into(), "CreateUser".into()),
                ("UserName".into(), "a+b c".into()),
                ("Empty".into(), String::new()),
                ("Flag".into(), String::new())
            ]
        );
        assert!(parse_form(b"UserName=%ff", &mut Params::new()).is_err());
    }

    #[test]
    fn request_ids_look_like_uuids() {
        let id = request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
    }
}
