//! Signing keys, derived once per secret, day, region and service.

use std::time::SystemTime;

use aws_sigv4::sign::v4::generate_signing_key;
use chrono::Datelike;
use dashmap::DashMap;
use sha2::{Digest, Sha256};

use super::Signed;

/// A bounded cache of derived signing keys: a client signs many requests with the same key for a
/// day, and deriving it costs four HMACs.
///
/// Entries are found by a hash of the secret, the day, the region and the service, so no secret is
/// kept here. When the cache is full it is emptied: re-deriving is cheap, and this keeps the bound
/// without bookkeeping on every hit.
pub struct SigningKeyCache {
    keys: DashMap<[u8; 32], [u8; 32]>,
    capacity: usize,
}

impl SigningKeyCache {
    /// A cache holding at most `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        SigningKeyCache {
            keys: DashMap::new(),
            capacity: capacity.max(1),
        }
    }

    /// The signing key for a secret and the day, region and service of a signature.
    pub fn signing_key(&self, secret: &str, signed: &Signed) -> [u8; 32] {
        let day = signed.time.date_naive().num_days_from_ce();
        let id = cache_id(secret, day, &signed.region, &signed.service);
        if let Some(key) = self.keys.get(&id) {
            return *key;
        }
        let derived = generate_signing_key(
            secret,
            SystemTime::from(signed.time),
            &signed.region,
            &signed.service,
        );
        let mut key = [0; 32];
        for (slot, byte) in key.iter_mut().zip(derived.as_ref()) {
            *slot = *byte;
        }
        if self.keys.len() >= self.capacity {
            self.keys.clear();
        }
        self.keys.insert(id, key);
        key
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is cached.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl Default for SigningKeyCache {
    /// Room for a thousand distinct credentials a day, far more than a local emulator sees.
    fn default() -> Self {
        Self::new(1024)
    }
}

impl std::fmt::Debug for SigningKeyCache {
    // Keys are secrets: only their count is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyCache")
            .field("len", &self.keys.len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// A collision-free name for an entry: each field is length-prefixed so no two tuples hash the same
/// input.
fn cache_id(secret: &str, day: i32, region: &str, service: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for field in [secret, region, service] {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.update(day.to_le_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::sigv4::{SignedRequest, parse};

    fn signed(region: &str, date: &str) -> Signed {
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential=AKID/{}/{region}/iam/aws4_request, SignedHeaders=host, Signature=00",
            date.get(..8).unwrap()
        );
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Amz-Date", date),
            ("Host", "h"),
        ];
        parse(&SignedRequest {
            method: "POST",
            path: "/",
            query: None,
            headers: &headers,
            body: b"",
        })
        .unwrap()
    }

    #[test]
    fn caches_per_day_region_and_secret_within_its_bound() {
        let cache = SigningKeyCache::new(2);
        let a = signed("us-east-1", "20240101T000000Z");
        let k = cache.signing_key("secret", &a);
        assert_eq!(cache.signing_key("secret", &a), k);
        assert_eq!(
            cache.signing_key("secret", &signed("us-east-1", "20240101T235959Z")),
            k
        );
        assert_eq!(cache.len(), 1);
        assert_ne!(cache.signing_key("other", &a), k);
        assert_ne!(
            cache.signing_key("secret", &signed("eu-west-1", "20240101T000000Z")),
            k
        );
        assert!(cache.len() <= 2);
        assert_ne!(
            cache.signing_key("secret", &signed("us-east-1", "20240102T000000Z")),
            k
        );
        assert!(!cache.is_empty() && cache.len() <= 2);
        assert!(!format!("{cache:?}").contains("secret"));
    }
}
