//! SAML 2.0 for AssumeRoleWithSAML: reading and verifying signed responses, and built-in test
//! identity providers so a test needs no IdP of its own.
//!
//! Verification ([`response`], [`dsig`], [`c14n`], [`keys`]): the `SAMLAssertion` is a base64
//! `samlp:Response` holding one `Assertion`; an XML-DSig enveloped signature on the assertion or
//! on the response (exclusive canonicalization, SHA-256 or SHA-1 digest, RSA-SHA256, RSA-SHA1 or
//! ECDSA-SHA256) must verify with one of the signing certificates of the IAM SAML provider's
//! metadata.
//!
//! Built-in identity providers ([`idp`], [`routes`]): one exists as soon as its name is used,
//! with a P-256 key and a self-signed certificate made on first use and kept for the life of the
//! process (a reset of the state keeps them). Its entity id (the assertions' `Issuer`) is
//! `https://localiam/saml/NAME` whatever address the server listens on.
//!
//! - `GET /_localiam/saml/NAME/metadata`: the `EntityDescriptor` to pass to CreateSAMLProvider.
//! - `POST /_localiam/saml/NAME/assertion` with a JSON object answers
//!   `{"saml_assertion": BASE64, "issuer": ..., "expires": RFC3339}`, a signed response ready for
//!   the `SAMLAssertion` parameter. Members: `role_arn` and `provider_arn` (required; the `Role`
//!   attribute pairs them), `session_name` (the `RoleSessionName` attribute), `subject` and
//!   `subject_format` (the `NameID`), `audience`, `recipient`, `lifetime` (seconds, default 300,
//!   negative for an expired assertion), `session_duration`, `source_identity`, `tags` (an object:
//!   `PrincipalTag:KEY` attributes), `transitive_tag_keys`, `attributes` (an object of extra
//!   attributes, each a string or a list of strings), `roles` (the `Role` values as given,
//!   instead of the pair), `issuer` (instead of the entity id) and `sign` (`"assertion"`, the
//!   default, or `"response"`).

pub mod c14n;
pub mod dom;
pub mod dsig;
pub mod idp;
pub mod keys;
pub mod response;
pub mod routes;

use p256::ecdsa::SigningKey;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;

/// What every built-in entity id starts with.
pub const ENTITY_PREFIX: &str = "https://localiam/saml/";

/// The entity id of the built-in identity provider `name`.
pub fn entity_id(name: &str) -> String {
    format!("{ENTITY_PREFIX}{name}")
}

/// One built-in identity provider's key and certificate.
pub struct Idp {
    key: SigningKey,
    /// The certificate, base64 DER as metadata carries it.
    certificate: String,
}

/// The built-in identity providers by name.
#[derive(Default)]
pub struct Idps {
    idps: Mutex<HashMap<String, Arc<Idp>>>,
}

impl std::fmt::Debug for Idps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Idps")
            .field("names", &self.idps.lock().keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Idps {
    /// Identity provider `name`, made on first use; `None` if `name` is no valid name.
    pub fn get(&self, name: &str) -> Option<Arc<Idp>> {
        if !crate::oidc::valid_name(name) {
            return None;
        }
        let mut idps = self.idps.lock();
        if let Some(idp) = idps.get(name) {
            return Some(Arc::clone(idp));
        }
        let key = crate::oidc::new_key();
        let der = keys::self_signed(&key, &format!("localiam SAML IdP {name}"))?;
        let idp = Arc::new(Idp {
            key,
            certificate: base64::Engine::encode(&base64::engine::general_purpose::STANDARD, der),
        });
        idps.insert(name.to_owned(), Arc::clone(&idp));
        Some(idp)
    }
}

#[cfg(test)]
mod tests;
