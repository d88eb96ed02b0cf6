//! IAM SAML providers through aws-sdk-iam: metadata read for its validity, lifecycle, update,
//! private keys, tags and the documented errors.

use crate::support::{code, message, start, status};
use aws_sdk_iam::primitives::DateTime;
use aws_sdk_iam::types::{AssertionEncryptionModeType, Tag};

const ARN: &str = "arn:aws:iam::000000000000:saml-provider/Corp";
const KEY: &str =
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

/// IdP metadata, over the 1,000 characters the model asks for, valid until `valid_until` (an
/// attribute, or nothing).
fn metadata(valid_until: &str) -> String {
    let certificate = format!("MIIC{}", "QUJD".repeat(200));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"{valid_until}>
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
    )
}

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

#[tokio::test]
async fn providers_are_created_read_updated_and_deleted() {
    let server = start().await;
    let iam = server.iam();
    let document = metadata(r#" validUntil="2031-05-06T07:08:09Z""#);
    let created = iam
        .create_saml_provider()
        .name("Corp")
        .saml_metadata_document(&document)
        .tags(tag("team", "a"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.saml_provider_arn(), Some(ARN));
    assert_eq!(created.tags().len(), 1);

    let got = iam
        .get_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(got.saml_metadata_document(), Some(document.as_str()));
    assert_eq!(got.valid_until(), Some(&DateTime::from_secs(1_935_817_689)));
    assert!(got.create_date().is_some());
    assert_eq!(got.saml_provider_uuid().map(str::len), Some(36));
    assert_eq!(got.tags()[0].key(), "team");
    assert!(got.assertion_encryption_mode().is_none());

    // Without validUntil, AWS shows the provider valid for 100 years.
    iam.update_saml_provider()
        .saml_provider_arn(ARN)
        .saml_metadata_document(metadata(""))
        .send()
        .await
        .unwrap();
    let got = iam
        .get_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    let created_at = got.create_date().unwrap().secs();
    let until = got.valid_until().unwrap().secs();
    assert!(
        until - created_at > 99 * 365 * 86_400,
        "{created_at} {until}"
    );

    let listed = iam.list_saml_providers().send().await.unwrap();
    let entries = listed.saml_provider_list();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].arn(), Some(ARN));
    assert_eq!(entries[0].valid_until(), got.valid_until());

    let err = iam
        .create_saml_provider()
        .name("corp")
        .saml_metadata_document(&document)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(status(&err), 409);
    assert_eq!(message(&err), "Provider with name corp already exists.");

    iam.delete_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    let err = iam
        .delete_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), format!("Manifest not found for arn {ARN}"));
}

#[tokio::test]
async fn private_keys_and_encryption_mode() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .create_saml_provider()
        .name("Corp")
        .saml_metadata_document(metadata(""))
        .assertion_encryption_mode(AssertionEncryptionModeType::Required)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    iam.create_saml_provider()
        .name("Corp")
        .saml_metadata_document(metadata(""))
        .assertion_encryption_mode(AssertionEncryptionModeType::Required)
        .add_private_key(KEY)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.assertion_encryption_mode(),
        Some(&AssertionEncryptionModeType::Required)
    );
    let keys = got.private_key_list();
    assert_eq!(keys.len(), 1);
    let id = keys[0].key_id().unwrap().to_owned();
    // The only key cannot go while assertions must be encrypted.
    let err = iam
        .update_saml_provider()
        .saml_provider_arn(ARN)
        .remove_private_key(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    iam.update_saml_provider()
        .saml_provider_arn(ARN)
        .assertion_encryption_mode(AssertionEncryptionModeType::Allowed)
        .remove_private_key(&id)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_saml_provider()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert!(got.private_key_list().is_empty());
    let err = iam
        .update_saml_provider()
        .saml_provider_arn(ARN)
        .add_private_key("not a key")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn metadata_that_is_not_idp_metadata_is_refused() {
    let server = start().await;
    let iam = server.iam();
    let not_metadata = format!("<html><body>{}</body></html>", "x".repeat(1000));
    let no_signing_key = metadata("").replace(r#"use="signing""#, r#"use="encryption""#);
    let bad_date = metadata(r#" validUntil="tomorrow""#);
    for document in [not_metadata, no_signing_key, bad_date] {
        let err = iam
            .create_saml_provider()
            .name("Corp")
            .saml_metadata_document(document)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "InvalidInput");
        assert_eq!(status(&err), 400);
        assert_eq!(message(&err), "Could not parse metadata");
    }
    let err = iam
        .create_saml_provider()
        .name("Corp")
        .saml_metadata_document("<short/>")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    iam.create_saml_provider()
        .name("Corp")
        .saml_metadata_document(metadata(""))
        .send()
        .await
        .unwrap();
    let err = iam
        .update_saml_provider()
        .saml_provider_arn(ARN)
        .saml_metadata_document(format!("<x>{}</x>", "y".repeat(1000)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn provider_tags_and_missing_providers() {
    let server = start().await;
    let iam = server.iam();
    iam.create_saml_provider()
        .name("Corp")
        .saml_metadata_document(metadata(""))
        .send()
        .await
        .unwrap();
    iam.tag_saml_provider()
        .saml_provider_arn(ARN)
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .send()
        .await
        .unwrap();
    let page = iam
        .list_saml_provider_tags()
        .saml_provider_arn(ARN)
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    let rest = iam
        .list_saml_provider_tags()
        .saml_provider_arn(ARN)
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags()[0].key(), "b");
    iam.untag_saml_provider()
        .saml_provider_arn(ARN)
        .tag_keys("a")
        .send()
        .await
        .unwrap();
    let left = iam
        .list_saml_provider_tags()
        .saml_provider_arn(ARN)
        .send()
        .await
        .unwrap();
    assert_eq!(left.tags().len(), 1);

    let missing = "arn:aws:iam::000000000000:saml-provider/Nobody";
    let err = iam
        .get_saml_provider()
        .saml_provider_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .update_saml_provider()
        .saml_provider_arn(missing)
        .saml_metadata_document(metadata(""))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .tag_saml_provider()
        .saml_provider_arn(missing)
        .tags(tag("a", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .untag_saml_provider()
        .saml_provider_arn(missing)
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_saml_provider_tags()
        .saml_provider_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .get_saml_provider()
        .saml_provider_arn("arn:aws:iam::000000000000:role/x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}
