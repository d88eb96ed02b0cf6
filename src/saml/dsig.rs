//! XML-DSig enveloped signatures as SAML uses them
//! (<https://www.w3.org/TR/xmldsig-core1/>, profile in SAML core §5.4): a `ds:Signature` child of
//! the signed element, one `Reference` to that element's `ID`, the transforms
//! enveloped-signature and exclusive canonicalization, a SHA-256 (or SHA-1) digest, and the
//! `SignedInfo` canonicalized exclusively and signed with RSA or ECDSA.

use super::c14n::{self, Options};
use super::dom::Element;
use super::keys::{PublicKey, SignatureAlgorithm};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::Digest as _;

/// The XML-DSig namespace.
pub const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Exclusive canonicalization without comments (also the namespace of `InclusiveNamespaces`).
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// The enveloped-signature transform.
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// SHA-256 digests.
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
/// SHA-1 digests.
const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";

/// The `ds:Signature` child of `element`, if it has one.
pub fn signature_of(element: &Element) -> Option<&Element> {
    element.child(DSIG, "Signature")
}

/// The `PrefixList` of an `InclusiveNamespaces` child of `method` (a canonicalization method or
/// transform).
fn inclusive_prefixes(method: &Element) -> Vec<String> {
    method
        .child(EXC_C14N, "InclusiveNamespaces")
        .and_then(|e| e.attribute("PrefixList"))
        .map(|list| list.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The base64 content of an element, white space ignored.
fn base64_content(element: &Element) -> Option<Vec<u8>> {
    let text: String = element
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(text).ok()
}

/// The digest of `data` under the `DigestMethod` `uri`.
pub fn digest(uri: &str, data: &[u8]) -> Option<Vec<u8>> {
    match uri {
        SHA256 => Some(sha2::Sha256::digest(data).to_vec()),
        SHA1 => Some(sha1::Sha1::digest(data).to_vec()),
        _ => None,
    }
}

/// Whether `signed` carries a valid enveloped signature over itself by one of `keys`.
pub fn verify(signed: &Element, keys: &[PublicKey]) -> bool {
    check(signed, keys).is_some()
}

fn check(signed: &Element, keys: &[PublicKey]) -> Option<()> {
    let id = signed.attribute("ID")?;
    let signature = signature_of(signed)?;
    let info = signature.child(DSIG, "SignedInfo")?;
    let method = info.child(DSIG, "CanonicalizationMethod")?;
    if method.attribute("Algorithm")? != EXC_C14N {
        return None;
    }
    let algorithm = SignatureAlgorithm::from_uri(
        info.child(DSIG, "SignatureMethod")?
            .attribute("Algorithm")?,
    )?;
    // Exactly one reference, to the signed element itself: anything more could vouch for a part
    // of the document that is not what gets read.
    let mut references = info.children_named(DSIG, "Reference");
    let reference = references.next()?;
    if references.next().is_some() || reference.attribute("URI")? != format!("#{id}") {
        return None;
    }
    let mut enveloped = false;
    let mut canonical = None;
    if let Some(transforms) = reference.child(DSIG, "Transforms") {
        for transform in transforms.children_named(DSIG, "Transform") {
            match transform.attribute("Algorithm")? {
                ENVELOPED => enveloped = true,
                EXC_C14N => canonical = Some(inclusive_prefixes(transform)),
                _ => return None,
            }
        }
    }
    let (true, Some(inclusive)) = (enveloped, canonical) else {
        return None;
    };
    let digest_method = reference
        .child(DSIG, "DigestMethod")?
        .attribute("Algorithm")?;
    let expected = base64_content(reference.child(DSIG, "DigestValue")?)?;
    let content = c14n::canonicalize(
        signed,
        Options {
            exclude: Some(signature),
            inclusive: &inclusive,
        },
    );
    if digest(digest_method, content.as_bytes())? != expected {
        return None;
    }
    let info_prefixes = inclusive_prefixes(method);
    let canonical_info = c14n::canonicalize(
        info,
        Options {
            exclude: None,
            inclusive: &info_prefixes,
        },
    );
    let value = base64_content(signature.child(DSIG, "SignatureValue")?)?;
    keys.iter()
        .any(|key| key.verify(algorithm, canonical_info.as_bytes(), &value))
        .then_some(())
}
