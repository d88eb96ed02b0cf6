//! The built-in test OpenID Connect issuers: tokens for AssumeRoleWithWebIdentity without an
//! identity provider on the internet.
//!
//! An issuer exists as soon as its name is used. Its identifier (the `iss` claim and the
//! discovery document's `issuer`) is `https://localiam/oidc/NAME` whatever address the server
//! listens on, so an IAM OIDC provider created with that URL matches tokens minted from the host
//! and from inside a container alike. Tokens are ES256 JWTs signed with one P-256 key per issuer,
//! made on first use and kept for the life of the process (a reset of the state keeps them, so
//! tokens already handed out stay verifiable).

pub mod outbound;
pub mod routes;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey};
use parking_lot::Mutex;
use rand::Rng;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// What every built-in issuer identifier starts with.
pub const ISSUER_PREFIX: &str = "https://localiam/oidc/";

/// How long a minted token lives unless its claims say otherwise.
pub const DEFAULT_LIFETIME_SECONDS: i64 = 3600;

/// The issuers' signing keys: the test issuers' by issuer name, and each account's outbound
/// issuer's (GetWebIdentityToken).
#[derive(Debug, Default)]
pub struct Issuers {
    keys: Mutex<HashMap<String, Arc<SigningKey>>>,
    /// The accounts' outbound issuers.
    pub outbound: outbound::OutboundKeys,
}

/// Whether `name` can name an issuer: 1 to 64 letters, digits, `.`, `_` or `-`.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The issuer identifier of the built-in issuer `name`.
pub fn issuer_id(name: &str) -> String {
    format!("{ISSUER_PREFIX}{name}")
}

/// The built-in issuer an `iss` claim names, if it names one.
pub fn builtin_name(iss: &str) -> Option<&str> {
    iss.strip_prefix(ISSUER_PREFIX).filter(|n| valid_name(n))
}

impl Issuers {
    /// The signing key of issuer `name`, made on first use.
    fn key(&self, name: &str) -> Arc<SigningKey> {
        let mut keys = self.keys.lock();
        if let Some(key) = keys.get(name) {
            return Arc::clone(key);
        }
        let key = Arc::new(new_key());
        keys.insert(name.to_owned(), Arc::clone(&key));
        key
    }

    /// The key of issuer `name` if it was ever used: a token naming an issuer that never
    /// signed anything cannot verify.
    fn existing(&self, name: &str) -> Option<Arc<SigningKey>> {
        self.keys.lock().get(name).cloned()
    }

    /// Whether issuer `name` has signed anything since the server started.
    pub fn knows(&self, name: &str) -> bool {
        self.keys.lock().contains_key(name)
    }

    /// A signed token for `claims`, with `iss`, `iat` and `exp` filled in where missing.
    pub fn mint(&self, name: &str, mut claims: Map<String, Value>, now: i64) -> String {
        claims
            .entry("iss")
            .or_insert_with(|| Value::from(issuer_id(name)));
        claims.entry("iat").or_insert_with(|| Value::from(now));
        claims
            .entry("exp")
            .or_insert_with(|| Value::from(now + DEFAULT_LIFETIME_SECONDS));
        let header = serde_json::json!({ "alg": "ES256", "typ": "JWT", "kid": name });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string())
        );
        let signature: Signature = self.key(name).sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }

    /// Whether `signature` (the JWS's third part, decoded) signs `signing_input` with the key of
    /// issuer `name`.
    pub fn verify(&self, name: &str, signing_input: &str, signature: &[u8]) -> bool {
        let Some(key) = self.existing(name) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(signature) else {
            return false;
        };
        key.verifying_key()
            .verify(signing_input.as_bytes(), &signature)
            .is_ok()
    }

    /// The issuer's public key as a JWK Set.
    pub fn jwks(&self, name: &str) -> Value {
        let point = self.key(name).verifying_key().to_sec1_point(false);
        let bytes = point.as_bytes();
        let coordinate =
            |r: std::ops::Range<usize>| URL_SAFE_NO_PAD.encode(bytes.get(r).unwrap_or_default());
        serde_json::json!({
            "keys": [{
                "kty": "EC",
                "crv": "P-256",
                "x": coordinate(1..33),
                "y": coordinate(33..65),
                "kid": name,
                "use": "sig",
                "alg": "ES256",
            }]
        })
    }
}

/// A fresh P-256 key from the thread's CSPRNG. A random 32-byte string is a valid scalar but for
/// odds of about 2^-32; those draws are simply repeated.
pub(crate) fn new_key() -> SigningKey {
    loop {
        let mut bytes = [0u8; 32];
        rand::rng().fill(&mut bytes[..]);
        if let Ok(key) = SigningKey::from_slice(&bytes) {
            return key;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn minted_tokens_verify_with_their_issuer_only() {
        let issuers = Issuers::default();
        let mut claims = Map::new();
        claims.insert("sub".into(), Value::from("alice"));
        let token = issuers.mint("one", claims, 1_000);
        let (input, signature) = token.rsplit_once('.').unwrap();
        let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
        assert!(issuers.verify("one", input, &signature));
        issuers.mint("two", Map::new(), 1_000);
        assert!(!issuers.verify("two", input, &signature));
        assert!(!issuers.verify("never-used", input, &signature));
        let payload = input.split('.').nth(1).unwrap();
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(claims["iss"], "https://localiam/oidc/one");
        assert_eq!(claims["exp"], 4_600);
        let jwks = issuers.jwks("one");
        assert_eq!(jwks["keys"][0]["x"].as_str().unwrap().len(), 43);
    }

    #[test]
    fn names_and_identifiers() {
        assert!(valid_name("eks-cluster.1_a"));
        assert!(!valid_name(""));
        assert!(!valid_name("a/b"));
        assert_eq!(builtin_name("https://localiam/oidc/ci"), Some("ci"));
        assert_eq!(builtin_name("https://localiam/oidc/a/b"), None);
        assert_eq!(
            builtin_name("https://token.actions.githubusercontent.com"),
            None
        );
    }
}
