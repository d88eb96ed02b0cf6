//! Identity providers an account trusts: OpenID Connect providers (web identity federation) and
//! SAML providers.

use crate::protocol::iam::{AssertionEncryptionModeType, Tag};
use crate::protocol::xml::Timestamp;
use std::collections::BTreeMap;

/// OIDC providers by their URL without `https://` (the part of the ARN after `oidc-provider/`).
pub type OidcProviders = BTreeMap<String, OidcProvider>;

/// An IAM OpenID Connect provider.
#[derive(Debug, Clone)]
pub struct OidcProvider {
    /// `arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH`.
    pub arn: String,
    /// The URL without its scheme, as GetOpenIDConnectProvider shows it.
    pub url: String,
    /// Client ids (audiences), in the order added, without duplicates.
    pub client_ids: Vec<String>,
    /// Server certificate thumbprints (40 hex digits each).
    pub thumbprints: Vec<String>,
    /// When it was created.
    pub created: Timestamp,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// An IAM SAML provider.
#[derive(Debug, Clone)]
pub struct SamlProvider {
    /// Name as created.
    pub name: String,
    /// `arn:aws:iam::ACCOUNT:saml-provider/NAME`.
    pub arn: String,
    /// `SAMLProviderUUID`.
    pub uuid: String,
    /// The metadata document as sent.
    pub metadata: String,
    /// What was read from it.
    pub parsed: SamlMetadata,
    /// When it was created.
    pub created: Timestamp,
    /// `ValidUntil`: the metadata's `validUntil`, else 100 years after creation (as AWS shows).
    pub valid_until: Timestamp,
    /// `AssertionEncryptionMode`, when set.
    pub encryption_mode: Option<AssertionEncryptionModeType>,
    /// Private keys added for encrypted assertions: their key ids and when they were added (the
    /// keys themselves are never shown again, and nothing here decrypts).
    pub private_keys: Vec<(String, Timestamp)>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// What a SAML metadata document says that IAM uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SamlMetadata {
    /// The `entityID` of the identity provider (the assertions' issuer).
    pub entity_id: String,
    /// The `validUntil` attribute of the root element, if any.
    pub valid_until: Option<Timestamp>,
    /// The signing certificates (DER, base64 as in the document without whitespace).
    pub signing_certificates: Vec<String>,
}
