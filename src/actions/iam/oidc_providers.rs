//! OpenID Connect providers: CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
//! DeleteOpenIDConnectProvider, ListOpenIDConnectProviders, AddClientIDToOpenIDConnectProvider,
//! RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint and their tags
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html>).
//!
//! A provider is named by its URL without `https://`, exactly as given: a trailing slash or a
//! path makes another provider.

use super::common::quota;
use super::tags;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::providers::OidcProvider;
use crate::store::{AccountState, quotas};

/// The part of a provider's ARN after `oidc-provider/`, when `arn` is an OIDC provider ARN of
/// `account`; `Ok(None)` for a well-formed ARN of another account (no such provider here).
fn url_of<'a>(account: &AccountState, arn: &'a str) -> Result<Option<&'a str>, ApiError> {
    let invalid = || ApiError::invalid_input(format!("ARN {arn} is not valid."));
    let rest = arn.strip_prefix("arn:aws:iam::").ok_or_else(invalid)?;
    let (owner, resource) = rest.split_once(':').ok_or_else(invalid)?;
    let url = resource
        .strip_prefix("oidc-provider/")
        .filter(|u| !u.is_empty())
        .ok_or_else(invalid)?;
    Ok((owner == &*account.id).then_some(url))
}

fn not_found(arn: &str) -> ApiError {
    ApiError::no_such_entity(format!("OpenIDConnect Provider not found for arn {arn}"))
}

/// The provider `arn` names, or AWS's NoSuchEntity.
pub fn find<'a>(account: &'a AccountState, arn: &str) -> Result<&'a OidcProvider, ApiError> {
    url_of(account, arn)?
        .and_then(|url| account.oidc_providers.get(url))
        .ok_or_else(|| not_found(arn))
}

fn find_mut<'a>(
    account: &'a mut AccountState,
    arn: &str,
) -> Result<&'a mut OidcProvider, ApiError> {
    let url = url_of(account, arn)?.ok_or_else(|| not_found(arn))?;
    account
        .oidc_providers
        .get_mut(url)
        .ok_or_else(|| not_found(arn))
}

/// The URL without `https://`, refused as AWS refuses it: no scheme at all is a validation
/// error, another scheme, user info, a port, a query or a fragment are invalid input.
fn checked_url(url: &str) -> Result<&str, ApiError> {
    let invalid = || ApiError::invalid_input("Invalid Open ID Connect Provider URL.");
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(ApiError::validation("Invalid Open ID Connect Provider URL"));
    };
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(ApiError::invalid_input(
            "Invalid Open ID Connect Provider URL. The URL must begin with https://.",
        ));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(ApiError::validation("Invalid Open ID Connect Provider URL"));
    }
    let host_ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !host_ok || rest.contains(['?', '#']) {
        return Err(invalid());
    }
    Ok(rest)
}

/// Client ids without repeats, in the order given, within AWS's limit.
fn client_ids(ids: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.len() > quotas::CLIENT_IDS_PER_OIDC_PROVIDER {
        return Err(quota(
            "ClientIdsPerOpenIdConnectProvider",
            quotas::CLIENT_IDS_PER_OIDC_PROVIDER,
        ));
    }
    Ok(out)
}

/// Thumbprints lowercased (AWS stores them so), without repeats, at most five.
fn thumbprints(list: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for t in list {
        let t = t.to_ascii_lowercase();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > quotas::THUMBPRINTS_PER_OIDC_PROVIDER {
        return Err(ApiError::invalid_input(format!(
            "Thumbprint list must contain fewer than {} entries.",
            quotas::THUMBPRINTS_PER_OIDC_PROVIDER
        )));
    }
    Ok(out)
}

/// `CreateOpenIDConnectProvider`. Without a ThumbprintList AWS fetches the provider's
/// certificate itself; the emulator, offline, keeps an empty list.
pub fn create_open_id_connect_provider(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateOpenIDConnectProviderRequest,
) -> Result<iam::CreateOpenIDConnectProviderResponse, ApiError> {
    let url = checked_url(&input.url)?.to_owned();
    if account.oidc_providers.contains_key(&url) {
        return Err(ApiError::already_exists(format!(
            "Provider with url {} already exists.",
            input.url
        )));
    }
    if cx.store.entity_quotas && account.oidc_providers.len() >= quotas::OIDC_PROVIDERS {
        return Err(quota(
            "OpenIdConnectProvidersPerAccount",
            quotas::OIDC_PROVIDERS,
        ));
    }
    let client_ids = client_ids(input.client_id_list.unwrap_or_default())?;
    let thumbprints = thumbprints(input.thumbprint_list.unwrap_or_default())?;
    let tags = tags::initial(input.tags)?;
    let provider = OidcProvider {
        arn: account.arn("oidc-provider/", "", &url),
        url: url.clone(),
        client_ids,
        thumbprints,
        created: cx.now,
        tags,
    };
    let out = iam::CreateOpenIDConnectProviderResponse {
        open_id_connect_provider_arn: Some(provider.arn.clone()),
        tags: tags::shown(&provider.tags),
    };
    account.oidc_providers.insert(url, provider);
    Ok(out)
}

/// `GetOpenIDConnectProvider`: the URL shown without its scheme, as AWS shows it.
pub fn get_open_id_connect_provider(
    account: &AccountState,
    input: iam::GetOpenIDConnectProviderRequest,
) -> Result<iam::GetOpenIDConnectProviderResponse, ApiError> {
    let p = find(account, &input.open_id_connect_provider_arn)?;
    Ok(iam::GetOpenIDConnectProviderResponse {
        url: Some(p.url.clone()),
        client_id_list: Some(p.client_ids.clone()),
        thumbprint_list: Some(p.thumbprints.clone()),
        create_date: Some(p.created),
        tags: tags::shown(&p.tags),
    })
}

/// `DeleteOpenIDConnectProvider`: idempotent, as AWS documents: deleting a provider that does
/// not exist succeeds.
pub fn delete_open_id_connect_provider(
    account: &mut AccountState,
    input: iam::DeleteOpenIDConnectProviderRequest,
) -> Result<(), ApiError> {
    if let Some(url) = url_of(account, &input.open_id_connect_provider_arn)? {
        let url = url.to_owned();
        account.oidc_providers.remove(&url);
    }
    Ok(())
}

/// `ListOpenIDConnectProviders`: ARNs only, unpaginated as in the model.
pub fn list_open_id_connect_providers(
    account: &AccountState,
) -> iam::ListOpenIDConnectProvidersResponse {
    iam::ListOpenIDConnectProvidersResponse {
        open_id_connect_provider_list: Some(
            account
                .oidc_providers
                .values()
                .map(|p| iam::OpenIDConnectProviderListEntry {
                    arn: Some(p.arn.clone()),
                })
                .collect(),
        ),
    }
}

/// `AddClientIDToOpenIDConnectProvider`: adding a client id already there changes nothing.
pub fn add_client_id_to_open_id_connect_provider(
    account: &mut AccountState,
    input: iam::AddClientIDToOpenIDConnectProviderRequest,
) -> Result<(), ApiError> {
    let p = find_mut(account, &input.open_id_connect_provider_arn)?;
    if p.client_ids.contains(&input.client_id) {
        return Ok(());
    }
    if p.client_ids.len() >= quotas::CLIENT_IDS_PER_OIDC_PROVIDER {
        return Err(quota(
            "ClientIdsPerOpenIdConnectProvider",
            quotas::CLIENT_IDS_PER_OIDC_PROVIDER,
        ));
    }
    p.client_ids.push(input.client_id);
    Ok(())
}

/// `RemoveClientIDFromOpenIDConnectProvider`: removing a client id that is not there succeeds.
pub fn remove_client_id_from_open_id_connect_provider(
    account: &mut AccountState,
    input: iam::RemoveClientIDFromOpenIDConnectProviderRequest,
) -> Result<(), ApiError> {
    let p = find_mut(account, &input.open_id_connect_provider_arn)?;
    p.client_ids.retain(|c| *c != input.client_id);
    Ok(())
}

/// `UpdateOpenIDConnectProviderThumbprint`: replaces the whole list.
pub fn update_open_id_connect_provider_thumbprint(
    account: &mut AccountState,
    input: iam::UpdateOpenIDConnectProviderThumbprintRequest,
) -> Result<(), ApiError> {
    let list = thumbprints(input.thumbprint_list)?;
    find_mut(account, &input.open_id_connect_provider_arn)?.thumbprints = list;
    Ok(())
}

/// `TagOpenIDConnectProvider`.
pub fn tag_open_id_connect_provider(
    account: &mut AccountState,
    input: iam::TagOpenIDConnectProviderRequest,
) -> Result<(), ApiError> {
    tags::apply(
        &mut find_mut(account, &input.open_id_connect_provider_arn)?.tags,
        input.tags,
    )
}

/// `UntagOpenIDConnectProvider`.
pub fn untag_open_id_connect_provider(
    account: &mut AccountState,
    input: iam::UntagOpenIDConnectProviderRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.open_id_connect_provider_arn)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListOpenIDConnectProviderTags`.
pub fn list_open_id_connect_provider_tags(
    account: &AccountState,
    input: iam::ListOpenIDConnectProviderTagsRequest,
) -> Result<iam::ListOpenIDConnectProviderTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.open_id_connect_provider_arn)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListOpenIDConnectProviderTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
