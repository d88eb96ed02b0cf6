//! Access keys: CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys,
//! GetAccessKeyLastUsed.
//!
//! Keys belong to IAM users only. Without `UserName`, AWS acts on the keys of whoever signed the
//! request; for the root user that would be the root's own access keys, which localiam does not
//! emulate (its root credentials are `test`/`test` and 12-digit key ids, not minted keys). So root
//! callers must name a user: CreateAccessKey answers NoSuchEntity saying so, ListAccessKeys lists
//! none, and Update/DeleteAccessKey find no such key.

use super::common::{key, quota, user_or_caller};
use super::credentials;
use super::users::{find, find_mut};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::entities::{AccessKey, User};
use crate::store::paging::page_iter;
use crate::store::{AccountState, KeyOwner, ids, quotas};
use std::sync::Arc;

/// What AWS reports as the service and region of a key that was never used.
const NEVER_USED: &str = "N/A";

/// `NoSuchEntity: The Access Key with id AKIA... cannot be found.`
fn no_such_key(id: &str) -> ApiError {
    ApiError::no_such_entity(format!("The Access Key with id {id} cannot be found."))
}

/// The keys of the user named in the request (or of the calling IAM user); for the root user,
/// which has no emulated keys, the key `id` cannot be found.
fn keys_mut<'a>(
    cx: &Ctx<'_>,
    account: &'a mut AccountState,
    user_name: Option<String>,
    id: &str,
) -> Result<&'a mut Vec<AccessKey>, ApiError> {
    let Some(name) = user_or_caller(cx, user_name)? else {
        return Err(no_such_key(id));
    };
    Ok(&mut find_mut(account, &name)?.access_keys)
}

/// `CreateAccessKey`: a new active key; the only response that ever carries its secret.
pub fn create_access_key(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateAccessKeyRequest,
) -> Result<iam::CreateAccessKeyResponse, ApiError> {
    let Some(name) = user_or_caller(cx, input.user_name)? else {
        return Err(ApiError::no_such_entity(
            "localiam does not emulate access keys of the root user: specify UserName.",
        ));
    };
    let account_id = Arc::clone(&account.id);
    let user = find_mut(account, &name)?;
    if user.access_keys.len() >= quotas::ACCESS_KEYS_PER_USER {
        return Err(quota("AccessKeysPerUser", quotas::ACCESS_KEYS_PER_USER));
    }
    let secret = ids::secret_access_key();
    let created = AccessKey {
        id: ids::access_key_id("AKIA", &account_id),
        secret: Arc::from(secret.as_str()),
        active: true,
        created: cx.now,
        last_used: None,
    };
    cx.store.access_keys.insert(
        created.id.clone(),
        KeyOwner {
            account: account_id,
            user: key(&user.name),
        },
    );
    let out = iam::AccessKey {
        user_name: user.name.clone(),
        access_key_id: created.id.clone(),
        status: iam::StatusType::Active,
        secret_access_key: secret,
        create_date: Some(created.created),
    };
    user.access_keys.push(created);
    Ok(iam::CreateAccessKeyResponse { access_key: out })
}

/// `UpdateAccessKey`: activates or deactivates a key.
pub fn update_access_key(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UpdateAccessKeyRequest,
) -> Result<(), ApiError> {
    let active = credentials::settable(input.status, "an access key")?;
    let id = input.access_key_id;
    let keys = keys_mut(cx, account, input.user_name, &id)?;
    credentials::update(keys, &id, active, no_such_key)
}

/// `DeleteAccessKey`: removes the key from its user and from the global index.
pub fn delete_access_key(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeleteAccessKeyRequest,
) -> Result<(), ApiError> {
    let id = input.access_key_id;
    credentials::delete(
        keys_mut(cx, account, input.user_name, &id)?,
        &id,
        no_such_key,
    )?;
    cx.store.access_keys.remove(&id);
    cx.store.deleted_access_keys.insert(id);
    Ok(())
}

fn metadata(user: &User, k: &AccessKey) -> iam::AccessKeyMetadata {
    iam::AccessKeyMetadata {
        user_name: Some(user.name.clone()),
        access_key_id: Some(k.id.clone()),
        status: Some(credentials::status(k.active)),
        create_date: Some(k.created),
    }
}

/// `ListAccessKeys`: metadata only, in creation order; never the secrets.
pub fn list_access_keys(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListAccessKeysRequest,
) -> Result<iam::ListAccessKeysResponse, ApiError> {
    // The root user's own keys are not emulated: it has none to list.
    let keys = match user_or_caller(cx, input.user_name)? {
        Some(name) => {
            let user = find(account, &name)?;
            user.access_keys.iter().map(|k| metadata(user, k)).collect()
        }
        None => Vec::new(),
    };
    let page = page_iter(keys, input.marker.as_deref(), input.max_items)?;
    Ok(iam::ListAccessKeysResponse {
        is_truncated: Some(page.is_truncated()),
        access_key_metadata: page.items,
        marker: page.marker,
    })
}

/// `GetAccessKeyLastUsed`: any key in the global index, whatever its account; `N/A` for the service
/// and region of a key never used, as AWS answers.
pub fn get_access_key_last_used(
    cx: &Ctx<'_>,
    input: iam::GetAccessKeyLastUsedRequest,
) -> Result<iam::GetAccessKeyLastUsedResponse, ApiError> {
    let id = input.access_key_id;
    // Clone the owner so the index's shard lock is released before the account lock is taken.
    let owner = cx
        .store
        .access_keys
        .get(&id)
        .map(|o| o.value().clone())
        .ok_or_else(|| no_such_key(&id))?;
    let account = cx.store.account(&owner.account);
    let account = account.read();
    let user = account
        .users
        .get(&owner.user)
        .ok_or_else(|| no_such_key(&id))?;
    let k = user
        .access_keys
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| no_such_key(&id))?;
    let last_used = match &k.last_used {
        Some(last) => iam::AccessKeyLastUsed {
            last_used_date: Some(last.date),
            service_name: last.service.clone(),
            region: last.region.clone(),
        },
        None => iam::AccessKeyLastUsed {
            last_used_date: None,
            service_name: NEVER_USED.to_string(),
            region: NEVER_USED.to_string(),
        },
    };
    Ok(iam::GetAccessKeyLastUsedResponse {
        user_name: Some(user.name.clone()),
        access_key_last_used: Some(last_used),
    })
}
