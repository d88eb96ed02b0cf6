//! SSH public keys of IAM users, which CodeCommit authenticates Git over SSH with:
//! UploadSSHPublicKey, GetSSHPublicKey, ListSSHPublicKeys, UpdateSSHPublicKey, DeleteSSHPublicKey
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html>).
//!
//! Keys are read and checked once, at upload ([`super::ssh_key`]); both encodings GetSSHPublicKey
//! can answer with are kept. AWS allows five keys per user. ListSSHPublicKeys without `UserName`
//! lists the calling IAM user's keys, and none for root (as ListAccessKeys does here). AWS
//! publishes no texts for these errors; the messages are ours.

use super::common::{quota, user_or_caller};
use super::credentials;
use super::ssh_key::{Refused, SshKey};
use super::users::{find, find_mut};
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::store::entities::{SshPublicKey, User};
use crate::store::paging::page_iter;
use crate::store::{AccountState, ids, quotas};

fn no_such_key(id: &str) -> ApiError {
    ApiError::no_such_entity(format!("The Public Key with id {id} cannot be found."))
}

fn refused(why: Refused) -> ApiError {
    match why {
        Refused::Encoding => ApiError::modeled(
            ModeledError::UnrecognizedPublicKeyEncoding,
            "The public key encoding format is unsupported or unrecognized: use ssh-rsa or PEM.",
        ),
        Refused::Invalid => ApiError::modeled(
            ModeledError::InvalidPublicKey,
            "The public key is malformed or otherwise invalid: it must be an RSA key of at least 2048 bits.",
        ),
    }
}

fn shape(user: &User, key: &SshPublicKey, body: String) -> iam::SSHPublicKey {
    iam::SSHPublicKey {
        user_name: user.name.clone(),
        ssh_public_key_id: key.id.clone(),
        fingerprint: key.fingerprint.clone(),
        ssh_public_key_body: body,
        status: credentials::status(key.active),
        upload_date: Some(key.uploaded),
    }
}

/// `UploadSSHPublicKey`.
pub fn upload_ssh_public_key(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UploadSSHPublicKeyRequest,
) -> Result<iam::UploadSSHPublicKeyResponse, ApiError> {
    let account_id = account.id.clone();
    let user = find_mut(account, &input.user_name)?;
    let parsed = SshKey::parse(&input.ssh_public_key_body).map_err(refused)?;
    let fingerprint = parsed.fingerprint();
    if user
        .ssh_public_keys
        .iter()
        .any(|k| k.fingerprint == fingerprint)
    {
        return Err(ApiError::modeled(
            ModeledError::DuplicateSSHPublicKey,
            "The SSH public key is already associated with the specified IAM user.",
        ));
    }
    if user.ssh_public_keys.len() >= quotas::SSH_PUBLIC_KEYS_PER_USER {
        return Err(quota(
            "SSHPublicKeysPerUser",
            quotas::SSH_PUBLIC_KEYS_PER_USER,
        ));
    }
    let key = SshPublicKey {
        id: ids::access_key_id("APKA", &account_id),
        openssh: parsed.openssh(),
        pem: parsed.pem().ok_or_else(|| refused(Refused::Invalid))?,
        body: input.ssh_public_key_body,
        fingerprint,
        active: true,
        uploaded: cx.now,
    };
    let out = shape(user, &key, key.body.clone());
    user.ssh_public_keys.push(key);
    Ok(iam::UploadSSHPublicKeyResponse {
        ssh_public_key: Some(out),
    })
}

/// `GetSSHPublicKey`: the key in the encoding asked for.
pub fn get_ssh_public_key(
    account: &AccountState,
    input: iam::GetSSHPublicKeyRequest,
) -> Result<iam::GetSSHPublicKeyResponse, ApiError> {
    let user = find(account, &input.user_name)?;
    let id = &input.ssh_public_key_id;
    let key = user
        .ssh_public_keys
        .iter()
        .find(|k| k.id == *id)
        .ok_or_else(|| no_such_key(id))?;
    let body = match input.encoding {
        iam::EncodingType::Ssh => key.openssh.clone(),
        iam::EncodingType::Pem => key.pem.clone(),
    };
    Ok(iam::GetSSHPublicKeyResponse {
        ssh_public_key: Some(shape(user, key, body)),
    })
}

/// `ListSSHPublicKeys`: metadata, in upload order.
pub fn list_ssh_public_keys(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListSSHPublicKeysRequest,
) -> Result<iam::ListSSHPublicKeysResponse, ApiError> {
    let keys = match user_or_caller(cx, input.user_name)? {
        Some(name) => {
            let user = find(account, &name)?;
            let metadata = |k: &SshPublicKey| iam::SSHPublicKeyMetadata {
                user_name: user.name.clone(),
                ssh_public_key_id: k.id.clone(),
                status: credentials::status(k.active),
                upload_date: k.uploaded,
            };
            user.ssh_public_keys.iter().map(metadata).collect()
        }
        None => Vec::new(),
    };
    let page = page_iter(keys, input.marker.as_deref(), input.max_items)?;
    Ok(iam::ListSSHPublicKeysResponse {
        is_truncated: Some(page.is_truncated()),
        ssh_public_keys: Some(page.items),
        marker: page.marker,
    })
}

/// `UpdateSSHPublicKey`: activates or deactivates a key.
pub fn update_ssh_public_key(
    account: &mut AccountState,
    input: iam::UpdateSSHPublicKeyRequest,
) -> Result<(), ApiError> {
    let active = credentials::settable(input.status, "an SSH public key")?;
    let keys = &mut find_mut(account, &input.user_name)?.ssh_public_keys;
    credentials::update(keys, &input.ssh_public_key_id, active, no_such_key)
}

/// `DeleteSSHPublicKey`.
pub fn delete_ssh_public_key(
    account: &mut AccountState,
    input: iam::DeleteSSHPublicKeyRequest,
) -> Result<(), ApiError> {
    let keys = &mut find_mut(account, &input.user_name)?.ssh_public_keys;
    credentials::delete(keys, &input.ssh_public_key_id, no_such_key)
}
