//! SAML providers: CreateSAMLProvider, GetSAMLProvider, UpdateSAMLProvider, DeleteSAMLProvider,
//! ListSAMLProviders and their tags
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html>).

use super::common::{already_exists, key, quota};
use super::{saml_metadata, tags};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::protocol::xml::Timestamp;
use crate::store::providers::{SamlMetadata, SamlProvider};
use crate::store::{AccountState, quotas};
use rand::Rng;

/// How long AWS keeps a provider valid when its metadata names no `validUntil`.
const DEFAULT_VALIDITY_YEARS: i32 = 100;

/// The lowercased name `arn` names in `account`; `Ok(None)` for another account's provider.
fn name_of<'a>(account: &AccountState, arn: &'a str) -> Result<Option<&'a str>, ApiError> {
    let invalid = || ApiError::invalid_input(format!("ARN {arn} is not valid."));
    let rest = arn.strip_prefix("arn:aws:iam::").ok_or_else(invalid)?;
    let (owner, resource) = rest.split_once(':').ok_or_else(invalid)?;
    let name = resource
        .strip_prefix("saml-provider/")
        .filter(|n| !n.is_empty())
        .ok_or_else(invalid)?;
    Ok((owner == &*account.id).then_some(name))
}

fn not_found(arn: &str) -> ApiError {
    ApiError::no_such_entity(format!("Manifest not found for arn {arn}"))
}

/// The provider `arn` names, or AWS's NoSuchEntity.
pub fn find<'a>(account: &'a AccountState, arn: &str) -> Result<&'a SamlProvider, ApiError> {
    name_of(account, arn)?
        .and_then(|name| account.saml_providers.get(&key(name)))
        .ok_or_else(|| not_found(arn))
}

fn find_mut<'a>(
    account: &'a mut AccountState,
    arn: &str,
) -> Result<&'a mut SamlProvider, ApiError> {
    let name = name_of(account, arn)?.ok_or_else(|| not_found(arn))?;
    account
        .saml_providers
        .get_mut(&key(name))
        .ok_or_else(|| not_found(arn))
}

/// The metadata read, or AWS's InvalidInput for a document that is not SAML metadata.
fn metadata(document: &str) -> Result<SamlMetadata, ApiError> {
    saml_metadata::read(document).ok_or_else(|| ApiError::invalid_input("Could not parse metadata"))
}

/// `ValidUntil`: the metadata's, else 100 years after `now`.
fn valid_until(metadata: &SamlMetadata, now: Timestamp) -> Timestamp {
    metadata.valid_until.unwrap_or_else(|| {
        now.checked_add_months(chrono::Months::new(
            DEFAULT_VALIDITY_YEARS.unsigned_abs() * 12,
        ))
        .unwrap_or(now)
    })
}

/// A random version 4 UUID, as `SAMLProviderUUID` shows one.
fn uuid() -> String {
    let mut b = [0u8; 16];
    rand::rng().fill(&mut b[..]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = crate::text::hex(&b);
    let part = |r: std::ops::Range<usize>| hex.get(r).unwrap_or_default().to_owned();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}

/// A key id for an added private key: 26 capitals and digits (the model asks 22 to 64).
fn private_key_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..26)
        .filter_map(|_| {
            ALPHABET
                .get(rng.random_range(0..ALPHABET.len()))
                .map(|&b| char::from(b))
        })
        .collect()
}

/// Adds a PEM private key: only its shape is checked, as nothing here decrypts assertions.
fn add_private_key(
    keys: &mut Vec<(String, Timestamp)>,
    pem: &str,
    now: Timestamp,
) -> Result<(), ApiError> {
    if !(pem.contains("-----BEGIN") && pem.contains("PRIVATE KEY-----")) {
        return Err(ApiError::invalid_input("The private key is not valid."));
    }
    if keys.len() >= quotas::PRIVATE_KEYS_PER_SAML_PROVIDER {
        return Err(quota(
            "PrivateKeysPerSamlProvider",
            quotas::PRIVATE_KEYS_PER_SAML_PROVIDER,
        ));
    }
    keys.push((private_key_id(), now));
    Ok(())
}

/// Assertions can only be required encrypted with a key to decrypt them.
fn check_encryption(
    mode: Option<iam::AssertionEncryptionModeType>,
    keys: &[(String, Timestamp)],
) -> Result<(), ApiError> {
    if mode == Some(iam::AssertionEncryptionModeType::Required) && keys.is_empty() {
        return Err(ApiError::invalid_input(
            "A private key is required when AssertionEncryptionMode is Required.",
        ));
    }
    Ok(())
}

/// `CreateSAMLProvider`.
pub fn create_saml_provider(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateSAMLProviderRequest,
) -> Result<iam::CreateSAMLProviderResponse, ApiError> {
    let k = key(&input.name);
    if account.saml_providers.contains_key(&k) {
        return Err(already_exists("provider", &input.name));
    }
    if cx.store.entity_quotas && account.saml_providers.len() >= quotas::SAML_PROVIDERS {
        return Err(quota("SamlProvidersPerAccount", quotas::SAML_PROVIDERS));
    }
    let parsed = metadata(&input.saml_metadata_document)?;
    let tags = tags::initial(input.tags)?;
    let mut private_keys = Vec::new();
    if let Some(pem) = &input.add_private_key {
        add_private_key(&mut private_keys, pem, cx.now)?;
    }
    check_encryption(input.assertion_encryption_mode, &private_keys)?;
    let provider = SamlProvider {
        arn: account.arn("saml-provider/", "", &input.name),
        name: input.name,
        uuid: uuid(),
        valid_until: valid_until(&parsed, cx.now),
        metadata: input.saml_metadata_document,
        parsed,
        created: cx.now,
        encryption_mode: input.assertion_encryption_mode,
        private_keys,
        tags,
    };
    let out = iam::CreateSAMLProviderResponse {
        saml_provider_arn: Some(provider.arn.clone()),
        tags: tags::shown(&provider.tags),
    };
    account.saml_providers.insert(k, provider);
    Ok(out)
}

/// `GetSAMLProvider`.
pub fn get_saml_provider(
    account: &AccountState,
    input: iam::GetSAMLProviderRequest,
) -> Result<iam::GetSAMLProviderResponse, ApiError> {
    let p = find(account, &input.saml_provider_arn)?;
    Ok(iam::GetSAMLProviderResponse {
        saml_provider_uuid: Some(p.uuid.clone()),
        saml_metadata_document: Some(p.metadata.clone()),
        create_date: Some(p.created),
        valid_until: Some(p.valid_until),
        tags: tags::shown(&p.tags),
        assertion_encryption_mode: p.encryption_mode,
        private_key_list: (!p.private_keys.is_empty()).then(|| {
            p.private_keys
                .iter()
                .map(|(id, at)| iam::SAMLPrivateKey {
                    key_id: Some(id.clone()),
                    timestamp: Some(*at),
                })
                .collect()
        }),
    })
}

/// `UpdateSAMLProvider`: new metadata, encryption mode, or private keys, checked together
/// before any is applied.
pub fn update_saml_provider(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UpdateSAMLProviderRequest,
) -> Result<iam::UpdateSAMLProviderResponse, ApiError> {
    let parsed = input
        .saml_metadata_document
        .as_deref()
        .map(metadata)
        .transpose()?;
    let p = find_mut(account, &input.saml_provider_arn)?;
    let mut keys = p.private_keys.clone();
    if let Some(id) = &input.remove_private_key {
        let before = keys.len();
        keys.retain(|(k, _)| k != id);
        if keys.len() == before {
            return Err(ApiError::invalid_input(format!(
                "The private key with KeyId {id} does not exist."
            )));
        }
    }
    if let Some(pem) = &input.add_private_key {
        add_private_key(&mut keys, pem, cx.now)?;
    }
    let mode = input.assertion_encryption_mode.or(p.encryption_mode);
    check_encryption(mode, &keys)?;
    if let (Some(parsed), Some(document)) = (parsed, input.saml_metadata_document) {
        p.valid_until = valid_until(&parsed, cx.now);
        p.parsed = parsed;
        p.metadata = document;
    }
    p.private_keys = keys;
    p.encryption_mode = mode;
    Ok(iam::UpdateSAMLProviderResponse {
        saml_provider_arn: Some(p.arn.clone()),
    })
}

/// `DeleteSAMLProvider`.
pub fn delete_saml_provider(
    account: &mut AccountState,
    input: iam::DeleteSAMLProviderRequest,
) -> Result<(), ApiError> {
    let k = key(&find(account, &input.saml_provider_arn)?.name);
    account.saml_providers.remove(&k);
    Ok(())
}

/// `ListSAMLProviders`: unpaginated, as in the model.
pub fn list_saml_providers(account: &AccountState) -> iam::ListSAMLProvidersResponse {
    iam::ListSAMLProvidersResponse {
        saml_provider_list: Some(
            account
                .saml_providers
                .values()
                .map(|p| iam::SAMLProviderListEntry {
                    arn: Some(p.arn.clone()),
                    valid_until: Some(p.valid_until),
                    create_date: Some(p.created),
                })
                .collect(),
        ),
    }
}

/// `TagSAMLProvider`.
pub fn tag_saml_provider(
    account: &mut AccountState,
    input: iam::TagSAMLProviderRequest,
) -> Result<(), ApiError> {
    tags::apply(
        &mut find_mut(account, &input.saml_provider_arn)?.tags,
        input.tags,
    )
}

/// `UntagSAMLProvider`.
pub fn untag_saml_provider(
    account: &mut AccountState,
    input: iam::UntagSAMLProviderRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.saml_provider_arn)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListSAMLProviderTags`.
pub fn list_saml_provider_tags(
    account: &AccountState,
    input: iam::ListSAMLProviderTagsRequest,
) -> Result<iam::ListSAMLProviderTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.saml_provider_arn)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListSAMLProviderTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
