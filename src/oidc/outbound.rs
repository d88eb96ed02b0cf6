//! Each account's outbound issuer: the keys GetWebIdentityToken signs with and the JWK Set that
//! verifies them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound.html>).
//!
//! AWS gives an account that enables outbound identity federation a unique issuer URL
//! (`https://ID.tokens.sts.global.api.aws`) serving `/.well-known/openid-configuration` and
//! `/.well-known/jwks.json`. Here the issuer of account `ACCOUNT` is
//! `https://localiam/outbound/ACCOUNT` whatever address the server listens on (as for the test
//! issuers, so tokens minted from the host and from a container name the same issuer), and its
//! documents are served at `/_localiam/outbound/ACCOUNT/.well-known/openid-configuration` and
//! `/_localiam/outbound/ACCOUNT/.well-known/jwks.json` (see [`super::routes`]).
//!
//! Each account has one ES384 (P-384) and one RS256 (RSA 2048) key, made on first use (the RSA one
//! takes a moment) and kept for the life of the process, so a reset of the state keeps tokens
//! already handed out verifiable. A key's `kid` is its RFC 7638 thumbprint.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parking_lot::Mutex;
use rand::Rng;
use rsa::sha2::{Digest as _, Sha256};
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// What every outbound issuer identifier starts with.
pub const ISSUER_PREFIX: &str = "https://localiam/outbound/";

/// The size of the RS256 keys, as AWS's.
const RSA_BITS: usize = 2048;

/// The issuer identifier of `account`'s outbound issuer.
pub fn issuer_id(account: &str) -> String {
    format!("{ISSUER_PREFIX}{account}")
}

/// A JWS algorithm GetWebIdentityToken signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
}

impl Algorithm {
    /// The algorithm `name` names (`RS256`, `ES384`), if any.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "RS256" => Some(Algorithm::Rs256),
            "ES384" => Some(Algorithm::Es384),
            _ => None,
        }
    }

    /// The JWS `alg` name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Es384 => "ES384",
        }
    }
}

/// A key and its `kid`.
struct Keyed<K> {
    kid: String,
    key: K,
}

/// One account's keys, each made when first needed.
#[derive(Default)]
struct AccountKeys {
    es384: OnceLock<Keyed<p384::ecdsa::SigningKey>>,
    rs256: OnceLock<Keyed<rsa::pkcs1v15::SigningKey<Sha256>>>,
}

/// The outbound issuers' keys by account.
#[derive(Default)]
pub struct OutboundKeys {
    accounts: Mutex<HashMap<String, Arc<AccountKeys>>>,
}

impl std::fmt::Debug for OutboundKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Private keys are never printed.
        f.debug_struct("OutboundKeys").finish_non_exhaustive()
    }
}

impl OutboundKeys {
    /// The account's keys; the map's lock is released before any key is made.
    fn account(&self, account: &str) -> Arc<AccountKeys> {
        Arc::clone(self.accounts.lock().entry(account.to_owned()).or_default())
    }

    /// Makes `account`'s keys on a thread of their own, so that the first token or key set asked
    /// for does not wait on a request worker while an RSA key is generated (a request arriving
    /// before they are ready waits for them, as it would have made them).
    pub fn prepare(&self, account: &str) {
        let keys = self.account(account);
        std::thread::spawn(move || {
            es384(&keys);
            rs256(&keys);
        });
    }

    /// A JWS compact serialization of `claims` signed with `account`'s `algorithm` key.
    pub fn sign(&self, account: &str, algorithm: Algorithm, claims: &Map<String, Value>) -> String {
        let keys = self.account(account);
        let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
        let header = |kid: &str| {
            let header = json!({ "alg": algorithm.name(), "typ": "JWT", "kid": kid });
            URL_SAFE_NO_PAD.encode(header.to_string())
        };
        let (signing_input, signature) = match algorithm {
            Algorithm::Es384 => {
                let keyed = es384(&keys);
                let input = format!("{}.{payload}", header(&keyed.kid));
                let signature: p384::ecdsa::Signature = keyed.key.sign(input.as_bytes());
                (input, signature.to_bytes().to_vec())
            }
            Algorithm::Rs256 => {
                let keyed = rs256(&keys);
                let input = format!("{}.{payload}", header(&keyed.kid));
                let signature = keyed.key.sign(input.as_bytes());
                (input, signature.to_vec())
            }
        };
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// `account`'s public keys as a JWK Set, both algorithms.
    pub fn jwks(&self, account: &str) -> Value {
        let keys = self.account(account);
        json!({
            "keys": [
                published(es384_jwk(&es384(&keys).key), Algorithm::Es384),
                published(rs256_jwk(&rs256(&keys).key), Algorithm::Rs256),
            ]
        })
    }
}

fn es384(keys: &AccountKeys) -> &Keyed<p384::ecdsa::SigningKey> {
    keys.es384.get_or_init(|| {
        let key = new_p384_key();
        Keyed {
            kid: thumbprint(&es384_jwk(&key)),
            key,
        }
    })
}

fn rs256(keys: &AccountKeys) -> &Keyed<rsa::pkcs1v15::SigningKey<Sha256>> {
    keys.rs256.get_or_init(|| {
        let key = new_rsa_key();
        Keyed {
            kid: thumbprint(&rs256_jwk(&key)),
            key,
        }
    })
}

/// The public part of an ES384 key as a JWK, without `kid`: what the thumbprint is made of.
fn es384_jwk(key: &p384::ecdsa::SigningKey) -> Value {
    let point = key.verifying_key().to_sec1_point(false);
    let bytes = point.as_bytes();
    let coordinate =
        |r: std::ops::Range<usize>| URL_SAFE_NO_PAD.encode(bytes.get(r).unwrap_or_default());
    json!({
        "kty": "EC",
        "crv": "P-384",
        "x": coordinate(1..49),
        "y": coordinate(49..97),
    })
}

/// The public part of an RS256 key as a JWK, without `kid`.
fn rs256_jwk(key: &rsa::pkcs1v15::SigningKey<Sha256>) -> Value {
    let private: &rsa::PrivateKey = key.as_ref();
    json!({
        "kty": "RSA",
        "n": URL_SAFE_NO_PAD.encode(private.n_bytes()),
        "e": URL_SAFE_NO_PAD.encode(private.e_bytes()),
    })
}

/// The RFC 7638 thumbprint of `jwk` (its required members in lexicographic order, which is how
/// serde_json writes an object's members).
fn thumbprint(jwk: &Value) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(jwk.to_string().as_bytes()))
}

/// `jwk` with `kid`, `use` and `alg` added, as the JWK Set serves it.
fn published(mut jwk: Value, algorithm: Algorithm) -> Value {
    let kid = thumbprint(&jwk);
    if let Value::Object(members) = &mut jwk {
        members.insert("kid".to_owned(), Value::from(kid));
        members.insert("use".to_owned(), Value::from("sig"));
        members.insert("alg".to_owned(), Value::from(algorithm.name()));
    }
    jwk
}

/// A fresh P-384 key from the thread's CSPRNG; the rare draw that is no valid scalar is repeated.
fn new_p384_key() -> p384::ecdsa::SigningKey {
    loop {
        let mut bytes = [0u8; 48];
        rand::rng().fill(&mut bytes[..]);
        if let Ok(key) = p384::ecdsa::SigningKey::from_slice(&bytes) {
            return key;
        }
    }
}

/// A fresh RSA 2048 key from the operating system's RNG. Generation fails only when the OS has
/// no randomness to give, and then it is retried.
fn new_rsa_key() -> rsa::pkcs1v15::SigningKey<Sha256> {
    loop {
        match rsa::pkcs1v15::SigningKey::<Sha256>::random(&mut getrandom::SysRng, RSA_BITS) {
            Ok(key) => return key,
            Err(e) => tracing::warn!("RSA key generation failed, retrying: {e}"),
        }
    }
}
