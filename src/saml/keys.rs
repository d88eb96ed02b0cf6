//! Signing keys: the public key of an X.509 certificate from a SAML provider's metadata, the
//! XML-DSig signature algorithms checked with it, and self-signed certificates for the built-in
//! identity providers.
//!
//! Crates (RustCrypto, the family `p256` and `sha2` already come from): `x509-cert` reads and
//! builds certificates (DER, RFC 5280) and `rsa` verifies PKCS #1 v1.5 signatures; both are pure
//! Rust and share `der`/`spki`/`signature` with `p256`, so they add no second copy of those.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use p256::ecdsa::signature::Verifier as _;
use p256::pkcs8::DecodePublicKey as _;
use std::str::FromStr as _;
use std::time::{Duration, SystemTime};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder as _, CertificateBuilder};
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use x509_cert::time::Validity;
use x509_cert::{Certificate, TbsCertificate};

/// `SignatureMethod` algorithms checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256`.
    RsaSha256,
    /// `http://www.w3.org/2000/09/xmldsig#rsa-sha1`, still sent by older identity providers.
    RsaSha1,
    /// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256`: `r || s`, 32 bytes each
    /// (RFC 4050).
    EcdsaSha256,
}

impl SignatureAlgorithm {
    /// The algorithm an XML-DSig `Algorithm` URI names, if checked here.
    pub fn from_uri(uri: &str) -> Option<Self> {
        match uri {
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => Some(Self::RsaSha256),
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => Some(Self::RsaSha1),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => Some(Self::EcdsaSha256),
            _ => None,
        }
    }
}

/// A certificate's public key.
#[derive(Debug, Clone)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(rsa::PublicKey),
    /// A P-256 key.
    P256(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// The key of a certificate given as base64 DER (as in metadata), if it is an RSA or P-256
    /// key.
    pub fn from_certificate(base64_der: &str) -> Option<Self> {
        let der = STANDARD.decode(base64_der).ok()?;
        let certificate = Certificate::from_der(&der).ok()?;
        let spki = certificate
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .ok()?;
        if let Ok(key) = rsa::PublicKey::from_public_key_der(&spki) {
            return Some(Self::Rsa(key));
        }
        p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
            .ok()
            .map(Self::P256)
    }

    /// Whether `signature` signs `message` with this key under `algorithm`.
    pub fn verify(&self, algorithm: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        match (self, algorithm) {
            (Self::Rsa(key), SignatureAlgorithm::RsaSha256) => {
                rsa_verify::<sha2::Sha256>(key, message, signature)
            }
            (Self::Rsa(key), SignatureAlgorithm::RsaSha1) => {
                rsa_verify::<sha1::Sha1>(key, message, signature)
            }
            (Self::P256(key), SignatureAlgorithm::EcdsaSha256) => {
                p256::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
            _ => false,
        }
    }
}

fn rsa_verify<D>(key: &rsa::PublicKey, message: &[u8], signature: &[u8]) -> bool
where
    D: sha2::digest::Digest + sha2::digest::const_oid::AssociatedOid,
{
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return false;
    };
    rsa::pkcs1v15::VerifyingKey::<D>::new(key.clone())
        .verify(message, &signature)
        .is_ok()
}

/// A self-signed certificate without extensions: all metadata needs to carry a key.
struct SelfSigned(Name);

impl BuilderProfile for SelfSigned {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.0.clone()
    }

    fn build_extensions(
        &self,
        _: SubjectPublicKeyInfoRef<'_>,
        _: SubjectPublicKeyInfoRef<'_>,
        _: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<x509_cert::ext::Extension>> {
        Ok(Vec::new())
    }
}

/// A self-signed certificate (DER) for `key`, subject `CN=<common_name>`, valid for ten years
/// from now; `None` only if the name cannot be a common name.
pub fn self_signed(key: &p256::ecdsa::SigningKey, common_name: &str) -> Option<Vec<u8>> {
    let subject = Name::from_str(&format!("CN={common_name}")).ok()?;
    let spki = SubjectPublicKeyInfo::from_key(key.verifying_key()).ok()?;
    let now = SystemTime::now();
    let validity = Validity::new(
        now.try_into().ok()?,
        (now + Duration::from_hours(10 * 365 * 24))
            .try_into()
            .ok()?,
    );
    let serial = SerialNumber::new(&rand::random::<[u8; 8]>().map(|b| b & 0x7f)).ok()?;
    let builder = CertificateBuilder::new(SelfSigned(subject), serial, validity, spki).ok()?;
    let certificate = builder.build::<_, p256::ecdsa::DerSignature>(key).ok()?;
    certificate.to_der().ok()
}
