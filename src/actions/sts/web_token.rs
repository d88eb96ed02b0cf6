//! A web identity token as AssumeRoleWithWebIdentity reads it: a JWS compact serialization
//! (`header.payload.signature`, base64url) whose payload is a JSON object of claims
//! (<https://www.rfc-editor.org/rfc/rfc7519>).

use crate::error::{ApiError, ModeledError};
use crate::protocol::iam::Tag;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// A token split into what verification and the trust policy need.
pub struct WebToken {
    /// `alg` of the header.
    pub alg: String,
    /// `kid` of the header, if any.
    pub kid: Option<String>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// `header.payload` as sent: what the signature signs.
    pub signing_input: String,
    /// The signature, decoded.
    pub signature: Vec<u8>,
}

/// `InvalidIdentityToken` with `message`.
pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::modeled(ModeledError::InvalidIdentityToken, message)
}

/// AWS's text for a claim the token lacks.
pub fn missing(claim: &str) -> ApiError {
    invalid(format!("Missing a required claim: {claim}"))
}

/// The claim carrying session tags
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp>).
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";

/// AWS's limit on session tags per session.
const MAX_SESSION_TAGS: usize = 50;

/// The token's parts, or InvalidIdentityToken when it is not a JWS whose payload is a JSON
/// object.
pub fn parse(token: &str) -> Result<WebToken, ApiError> {
    let malformed = || invalid("The web identity token is not a well-formed JWT.");
    let mut parts = token.trim().split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let object = |part: &str| -> Option<Map<String, Value>> {
        let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            Value::Object(map) => Some(map),
            _ => None,
        }
    };
    let head = object(header).ok_or_else(malformed)?;
    let claims = object(payload).ok_or_else(malformed)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature.trim_end_matches('='))
        .map_err(|_| malformed())?;
    let text = |key: &str| head.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(WebToken {
        alg: text("alg").ok_or_else(malformed)?,
        kid: text("kid"),
        signing_input: format!("{header}.{payload}"),
        signature,
        claims,
    })
}

impl WebToken {
    /// A string claim.
    pub fn text(&self, claim: &str) -> Option<&str> {
        self.claims.get(claim).and_then(Value::as_str)
    }

    /// A NumericDate claim (seconds since the epoch; fractions are cut off).
    pub fn seconds(&self, claim: &str) -> Option<i64> {
        let value = self.claims.get(claim)?;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a NumericDate past i64 seconds is no date at all; it saturates"
        )]
        value
            .as_i64()
            .or_else(|| value.as_f64().map(|f| f.trunc() as i64))
    }

    /// The session tags of the `https://aws.amazon.com/tags` claim and its transitive tag keys:
    /// `{"principal_tags": {"Key": ["value"], ...}, "transitive_tag_keys": ["Key", ...]}`, each
    /// tag's value a one-element array. Any other shape is InvalidIdentityToken.
    pub fn session_tags(&self) -> Result<(Vec<Tag>, Vec<String>), ApiError> {
        let Some(claim) = self.claims.get(TAGS_CLAIM) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let bad = || {
            invalid(format!(
                "The {TAGS_CLAIM} claim of the web identity token is not valid."
            ))
        };
        let claim = claim.as_object().ok_or_else(bad)?;
        let mut tags: Vec<Tag> = Vec::new();
        if let Some(principal_tags) = claim.get("principal_tags") {
            for (key, values) in principal_tags.as_object().ok_or_else(bad)? {
                let Some([Value::String(value)]) = values.as_array().map(Vec::as_slice) else {
                    return Err(bad());
                };
                if key.is_empty()
                    || key.chars().count() > 128
                    || value.chars().count() > 256
                    || tags.iter().any(|t| t.key.eq_ignore_ascii_case(key))
                {
                    return Err(bad());
                }
                tags.push(Tag {
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
        if tags.len() > MAX_SESSION_TAGS {
            return Err(bad());
        }
        let transitive = match claim.get("transitive_tag_keys") {
            None => Vec::new(),
            Some(Value::Array(keys)) => keys
                .iter()
                .map(|k| {
                    k.as_str()
                        .filter(|k| tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)))
                        .map(str::to_owned)
                        .ok_or_else(bad)
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(bad()),
        };
        Ok((tags, transitive))
    }

    /// A claim that is a string or an array of strings, as a list.
    pub fn strings(&self, claim: &str) -> Vec<String> {
        match self.claims.get(claim) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn splits_a_jws_and_reads_claims() {
        let token = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"k1"}"#),
            b64(r#"{"aud":["a","b"],"exp":1.5e9,"sub":"x"}"#),
            b64("sig")
        );
        let t = parse(&token).unwrap();
        assert_eq!(t.alg, "RS256");
        assert_eq!(t.kid.as_deref(), Some("k1"));
        assert_eq!(t.strings("aud"), ["a", "b"]);
        assert_eq!(t.seconds("exp"), Some(1_500_000_000));
        assert_eq!(t.text("sub"), Some("x"));
        assert_eq!(t.signature, b"sig");
    }

    fn with_claims(claims: &str) -> WebToken {
        parse(&format!("{}.{}.AA", b64(r#"{"alg":"ES256"}"#), b64(claims))).unwrap()
    }

    #[test]
    fn reads_session_tags_of_the_documented_shape_only() {
        let token = with_claims(
            r#"{"https://aws.amazon.com/tags":{"principal_tags":{"team":["blue"],"env":["ci"]},"transitive_tag_keys":["team"]}}"#,
        );
        let (tags, transitive) = token.session_tags().unwrap();
        assert_eq!(tags.len(), 2);
        assert!(tags.iter().any(|t| t.key == "team" && t.value == "blue"));
        assert_eq!(transitive, ["team"]);
        assert!(with_claims("{}").session_tags().unwrap().0.is_empty());
        for bad in [
            r#"{"https://aws.amazon.com/tags":[]}"#,
            r#"{"https://aws.amazon.com/tags":{"principal_tags":{"team":"blue"}}}"#,
            r#"{"https://aws.amazon.com/tags":{"principal_tags":{"team":["a","b"]}}}"#,
            r#"{"https://aws.amazon.com/tags":{"principal_tags":{"team":["a"]},"transitive_tag_keys":["other"]}}"#,
            r#"{"https://aws.amazon.com/tags":{"principal_tags":{"team":["a"],"TEAM":["b"]}}}"#,
        ] {
            assert!(with_claims(bad).session_tags().is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_jws() {
        for token in ["", "a.b", "a.b.c.d", "!!.e30.AA"] {
            assert!(parse(token).is_err(), "{token}");
        }
        let no_alg = format!("{}.{}.AA", b64("{}"), b64("{}"));
        assert!(parse(&no_alg).is_err());
        let array = format!("{}.{}.AA", b64(r#"{"alg":"none"}"#), b64("[]"));
        assert!(parse(&array).is_err());
    }
}
