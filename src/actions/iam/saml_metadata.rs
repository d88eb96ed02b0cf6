//! Reading a SAML 2.0 metadata document as far as IAM needs it: the identity provider's
//! `entityID`, the `validUntil` of the document and the certificates it signs assertions with
//! (<https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf>).

use crate::store::providers::SamlMetadata;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const METADATA: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Where the reader is in the elements it cares about.
#[derive(Default)]
struct Position {
    depth: usize,
    /// Depth of the `IDPSSODescriptor`, when inside one.
    idp: Option<usize>,
    /// Depth of a signing `KeyDescriptor` of the identity provider, when inside one.
    signing_key: Option<usize>,
    /// The certificate being read, when inside an `X509Certificate` of a signing key.
    certificate: Option<String>,
}

/// What the document says, or `None` when it is not well-formed SAML metadata of an identity
/// provider with at least one signing certificate.
pub fn read(document: &str) -> Option<SamlMetadata> {
    let mut reader = NsReader::from_str(document);
    let mut out = SamlMetadata::default();
    let mut pos = Position::default();
    let mut seen_root = false;
    let mut seen_idp = false;
    loop {
        let (ns, event) = reader.read_resolved_event().ok()?;
        let ns = match ns {
            ResolveResult::Bound(n) => Some(n.0.to_owned()),
            _ => None,
        };
        match event {
            // An empty root has no identity provider inside.
            Event::Empty(_) if pos.depth == 0 => return None,
            Event::Start(e) if pos.depth == 0 => {
                // A DTD never gets this far: it would come before the root element.
                if seen_root || ns.as_deref() != Some(METADATA) || local(&e) != "EntityDescriptor" {
                    return None;
                }
                seen_root = true;
                root_attributes(&e, &mut out)?;
                pos.depth = 1;
            }
            Event::Start(e) => {
                pos.depth += 1;
                open(&e, ns.as_deref(), &mut pos, &mut seen_idp);
            }
            Event::Empty(e) => {
                // An empty element opens and closes at once; nothing inside it to read.
                let name = local(&e);
                if ns.as_deref() == Some(METADATA) && name == "IDPSSODescriptor" {
                    seen_idp = true;
                }
            }
            Event::Text(t) if pos.certificate.is_some() => {
                if let Some(c) = pos.certificate.as_mut() {
                    c.extend(t.xml10_content().chars().filter(|c| !c.is_whitespace()));
                }
            }
            Event::End(_) => {
                close(&mut pos, &mut out);
                pos.depth = pos.depth.checked_sub(1)?;
            }
            Event::Eof if pos.depth == 0 => break,
            // A DTD is refused outright; an end of input inside an element is no document.
            Event::DocType(_) | Event::Eof => return None,
            _ => {}
        }
    }
    let certificates_ok = out
        .signing_certificates
        .iter()
        .all(|c| STANDARD.decode(c).is_ok_and(|der| !der.is_empty()));
    (seen_root && seen_idp && !out.signing_certificates.is_empty() && certificates_ok)
        .then_some(out)
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_owned()
}

/// `entityID` and `validUntil` of the `EntityDescriptor`.
fn root_attributes(e: &BytesStart<'_>, out: &mut SamlMetadata) -> Option<()> {
    for attribute in e.attributes() {
        let attribute = attribute.ok()?;
        let value = attribute.normalized_value(XmlVersion::Implicit1_0).ok()?;
        match attribute.key.local_name().as_ref() {
            "entityID" => out.entity_id = value.into_owned(),
            "validUntil" => {
                let at = DateTime::parse_from_rfc3339(value.trim()).ok()?;
                out.valid_until = Some(at.with_timezone(&Utc));
            }
            _ => {}
        }
    }
    (!out.entity_id.is_empty()).then_some(())
}

/// Notes the elements that matter as they open (the depth already counts them).
fn open(e: &BytesStart<'_>, ns: Option<&str>, pos: &mut Position, seen_idp: &mut bool) {
    let name = local(e);
    match (ns, name.as_str()) {
        (Some(METADATA), "IDPSSODescriptor") if pos.idp.is_none() => {
            pos.idp = Some(pos.depth);
            *seen_idp = true;
        }
        (Some(METADATA), "KeyDescriptor") if pos.idp.is_some() => {
            // A key without `use` serves both signing and encryption.
            let signing = e
                .attributes()
                .flatten()
                .all(|a| a.key.local_name().as_ref() != "use" || a.value.as_ref() == "signing");
            if signing {
                pos.signing_key = Some(pos.depth);
            }
        }
        (Some(DSIG), "X509Certificate") if pos.signing_key.is_some() => {
            pos.certificate = Some(String::new());
        }
        _ => {}
    }
}

/// Closes the element at the current depth.
fn close(pos: &mut Position, out: &mut SamlMetadata) {
    if let Some(certificate) = pos.certificate.take() {
        out.signing_certificates.push(certificate);
    }
    if pos.signing_key == Some(pos.depth) {
        pos.signing_key = None;
    }
    if pos.idp == Some(pos.depth) {
        pos.idp = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(valid_until: &str, key_use: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"{valid_until}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor{key_use}>
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
        MIIBszCCAVmgAwIBAgIU
        AAAA
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
        )
    }

    #[test]
    fn reads_entity_validity_and_signing_certificates() {
        let metadata = read(&doc(
            r#" validUntil="2030-01-02T03:04:05Z""#,
            r#" use="signing""#,
        ))
        .expect("metadata");
        assert_eq!(metadata.entity_id, "https://idp.example.com/saml");
        assert_eq!(
            metadata.valid_until.map(|t| t.to_rfc3339()),
            Some("2030-01-02T03:04:05+00:00".to_owned())
        );
        assert_eq!(metadata.signing_certificates, ["MIIBszCCAVmgAwIBAgIUAAAA"]);
        assert!(read(&doc("", "")).is_some(), "a key without use signs too");
    }

    #[test]
    fn refuses_what_is_not_idp_metadata() {
        assert!(read(&doc("", r#" use="encryption""#)).is_none());
        assert!(read(&doc(r#" validUntil="soon""#, "")).is_none());
        assert!(read("<html><body>hello</body></html>").is_none());
        assert!(read("not xml at all").is_none());
        let unclosed = doc("", "").replace("</md:EntityDescriptor>", "");
        assert!(read(&unclosed).is_none());
        let with_dtd = format!("<!DOCTYPE x>{}", doc("", ""));
        assert!(read(&with_dtd).is_none());
    }
}
