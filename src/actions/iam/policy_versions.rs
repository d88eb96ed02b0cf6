//! Versions of managed policies: CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion,
//! ListPolicyVersions, SetDefaultPolicyVersion. Versions of AWS managed policies can be read, not
//! changed.

use super::documents::{self, DocKind};
use super::policies::{find, find_mut};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::entities::{ManagedPolicy, PolicyVersion};
use crate::store::paging::page_iter;
use crate::store::{AccountState, quotas};

/// The `PolicyVersion` shape; only GetPolicyVersion returns the document, as AWS does.
fn shape(v: &PolicyVersion, with_document: bool) -> iam::PolicyVersion {
    iam::PolicyVersion {
        document: with_document.then(|| v.document.text().to_string()),
        version_id: Some(v.id.clone()),
        is_default_version: Some(v.is_default),
        create_date: Some(v.created),
    }
}

fn no_version(arn: &str, version_id: &str) -> ApiError {
    ApiError::no_such_entity(format!(
        "Policy {arn} version {version_id} does not exist or is not attachable."
    ))
}

/// Where `version_id` sits in the policy's versions, or AWS's NoSuchEntity.
fn position(policy: &ManagedPolicy, version_id: &str) -> Result<usize, ApiError> {
    policy
        .versions
        .iter()
        .position(|v| v.id == version_id)
        .ok_or_else(|| no_version(&policy.arn, version_id))
}

/// `CreatePolicyVersion`: ids count up (`v2`, `v3`, ...) and are never reused.
pub fn create_policy_version(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreatePolicyVersionRequest,
) -> Result<iam::CreatePolicyVersionResponse, ApiError> {
    let policy = find_mut(cx, account, &input.policy_arn, "CreatePolicyVersion")?;
    let document = documents::validate(&input.policy_document, DocKind::Managed, &policy.arn)?;
    if policy.versions.len() >= quotas::VERSIONS_PER_POLICY {
        return Err(ApiError::limit_exceeded(format!(
            "A managed policy can have up to {} versions. Before you create a new version, you \
             must delete an existing version.",
            quotas::VERSIONS_PER_POLICY
        )));
    }
    let set_default = input.set_as_default.unwrap_or(false);
    if set_default {
        for v in &mut policy.versions {
            v.is_default = false;
        }
        policy.updated = cx.now;
    }
    let version = PolicyVersion {
        id: format!("v{}", policy.next_version),
        document,
        created: cx.now,
        is_default: set_default,
    };
    policy.next_version += 1;
    let out = shape(&version, false);
    policy.versions.push(version);
    Ok(iam::CreatePolicyVersionResponse {
        policy_version: Some(out),
    })
}

/// `GetPolicyVersion`, with the document exactly as it was sent (the writer URL-encodes it).
pub fn get_policy_version(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetPolicyVersionRequest,
) -> Result<iam::GetPolicyVersionResponse, ApiError> {
    let view = find(cx.store, account, &input.policy_arn)?;
    let version = view
        .versions
        .iter()
        .find(|v| v.id == input.version_id)
        .ok_or_else(|| no_version(view.arn, &input.version_id))?;
    Ok(iam::GetPolicyVersionResponse {
        policy_version: Some(shape(version, true)),
    })
}

/// `DeletePolicyVersion`: the default version goes only with the policy.
pub fn delete_policy_version(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeletePolicyVersionRequest,
) -> Result<(), ApiError> {
    let policy = find_mut(cx, account, &input.policy_arn, "DeletePolicyVersion")?;
    let at = position(policy, &input.version_id)?;
    if policy.versions.get(at).is_some_and(|v| v.is_default) {
        return Err(ApiError::delete_conflict(
            "Cannot delete the default version of a policy.",
        ));
    }
    policy.versions.remove(at);
    Ok(())
}

/// `ListPolicyVersions`, newest first as AWS lists them.
pub fn list_policy_versions(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListPolicyVersionsRequest,
) -> Result<iam::ListPolicyVersionsResponse, ApiError> {
    let view = find(cx.store, account, &input.policy_arn)?;
    let page = page_iter(
        view.versions.iter().rev(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListPolicyVersionsResponse {
        is_truncated: Some(page.is_truncated()),
        versions: Some(page.items.into_iter().map(|v| shape(v, false)).collect()),
        marker: page.marker,
    })
}

/// `SetDefaultPolicyVersion`: the policy's `UpdateDate` moves with its default version.
pub fn set_default_policy_version(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::SetDefaultPolicyVersionRequest,
) -> Result<(), ApiError> {
    let policy = find_mut(cx, account, &input.policy_arn, "SetDefaultPolicyVersion")?;
    let at = position(policy, &input.version_id)?;
    for (i, v) in policy.versions.iter_mut().enumerate() {
        v.is_default = i == at;
    }
    policy.updated = cx.now;
    Ok(())
}
