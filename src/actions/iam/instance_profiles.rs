//! Instance profiles: CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile,
//! ListInstanceProfiles, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
//! ListInstanceProfilesForRole, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.

use super::common::{key, no_such, path_or_root, quota, under_prefix};
use super::roles::{self, View};
use super::tags;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::entities::InstanceProfile;
use crate::store::ids::{IdPrefix, unique_id};
use crate::store::paging::page_map;
use crate::store::{AccountState, quotas};

/// `NoSuchEntity: Instance Profile X cannot be found.` (AWS's wording for this entity).
fn no_such_profile(name: &str) -> ApiError {
    ApiError::no_such_entity(format!("Instance Profile {name} cannot be found."))
}

/// The `InstanceProfile` shape; listings leave out tags, as AWS does.
pub fn shape(account: &AccountState, p: &InstanceProfile, with_tags: bool) -> iam::InstanceProfile {
    iam::InstanceProfile {
        path: p.path.clone(),
        instance_profile_name: p.name.clone(),
        instance_profile_id: p.id.clone(),
        arn: p.arn.clone(),
        create_date: p.created,
        roles: p
            .role
            .as_ref()
            .and_then(|k| account.roles.get(k))
            .map(|r| roles::shape(r, View::InProfile))
            .into_iter()
            .collect(),
        tags: if with_tags {
            tags::shown(&p.tags)
        } else {
            None
        },
    }
}

fn find<'a>(account: &'a AccountState, name: &str) -> Result<&'a InstanceProfile, ApiError> {
    account
        .instance_profiles
        .get(&key(name))
        .ok_or_else(|| no_such_profile(name))
}

fn find_mut<'a>(
    account: &'a mut AccountState,
    name: &str,
) -> Result<&'a mut InstanceProfile, ApiError> {
    account
        .instance_profiles
        .get_mut(&key(name))
        .ok_or_else(|| no_such_profile(name))
}

/// `CreateInstanceProfile`.
pub fn create_instance_profile(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateInstanceProfileRequest,
) -> Result<iam::CreateInstanceProfileResponse, ApiError> {
    let k = key(&input.instance_profile_name);
    if account.instance_profiles.contains_key(&k) {
        return Err(ApiError::already_exists(format!(
            "Instance Profile {} already exists.",
            input.instance_profile_name
        )));
    }
    if cx.store.entity_quotas && account.instance_profiles.len() >= quotas::INSTANCE_PROFILES {
        return Err(quota(
            "InstanceProfilesPerAccount",
            quotas::INSTANCE_PROFILES,
        ));
    }
    let tags = tags::initial(input.tags)?;
    let path = path_or_root(input.path);
    let profile = InstanceProfile {
        arn: account.arn("instance-profile", &path, &input.instance_profile_name),
        name: input.instance_profile_name,
        path,
        id: unique_id(IdPrefix::InstanceProfile),
        created: cx.now,
        role: None,
        tags,
    };
    let out = shape(account, &profile, true);
    account.instance_profiles.insert(k, profile);
    Ok(iam::CreateInstanceProfileResponse {
        instance_profile: out,
    })
}

/// `GetInstanceProfile`.
pub fn get_instance_profile(
    account: &AccountState,
    input: iam::GetInstanceProfileRequest,
) -> Result<iam::GetInstanceProfileResponse, ApiError> {
    Ok(iam::GetInstanceProfileResponse {
        instance_profile: shape(account, find(account, &input.instance_profile_name)?, true),
    })
}

/// `DeleteInstanceProfile`: refused while it holds a role.
pub fn delete_instance_profile(
    account: &mut AccountState,
    input: iam::DeleteInstanceProfileRequest,
) -> Result<(), ApiError> {
    if find(account, &input.instance_profile_name)?.role.is_some() {
        return Err(ApiError::delete_conflict(
            "Cannot delete entity, must remove roles from instance profile first.",
        ));
    }
    account
        .instance_profiles
        .remove(&key(&input.instance_profile_name));
    Ok(())
}

/// `ListInstanceProfiles`, in name order, filtered by path prefix.
pub fn list_instance_profiles(
    account: &AccountState,
    input: iam::ListInstanceProfilesRequest,
) -> Result<iam::ListInstanceProfilesResponse, ApiError> {
    let prefix = input.path_prefix.as_deref();
    let page = page_map(
        &account.instance_profiles,
        input.marker.as_deref(),
        input.max_items,
        |p| under_prefix(&p.path, prefix),
    )?;
    Ok(iam::ListInstanceProfilesResponse {
        is_truncated: Some(page.is_truncated()),
        instance_profiles: page
            .items
            .iter()
            .map(|p| shape(account, p, false))
            .collect(),
        marker: page.marker,
    })
}

/// `AddRoleToInstanceProfile`: a profile holds one role at most.
pub fn add_role_to_instance_profile(
    account: &mut AccountState,
    input: iam::AddRoleToInstanceProfileRequest,
) -> Result<(), ApiError> {
    let profile = find(account, &input.instance_profile_name)?;
    let role = roles::find(account, &input.role_name)?;
    roles::modifiable(role)?;
    if profile.role.is_some() {
        return Err(quota(
            "InstanceSessionsPerInstanceProfile",
            quotas::ROLES_PER_INSTANCE_PROFILE,
        ));
    }
    let role_key = key(&role.name);
    find_mut(account, &input.instance_profile_name)?.role = Some(role_key);
    Ok(())
}

/// `RemoveRoleFromInstanceProfile`.
pub fn remove_role_from_instance_profile(
    account: &mut AccountState,
    input: iam::RemoveRoleFromInstanceProfileRequest,
) -> Result<(), ApiError> {
    let role_key = key(&roles::find(account, &input.role_name)?.name);
    let profile = find_mut(account, &input.instance_profile_name)?;
    if profile.role.as_deref() != Some(role_key.as_str()) {
        return Err(no_such("role", &input.role_name));
    }
    profile.role = None;
    Ok(())
}

/// `ListInstanceProfilesForRole`, in profile name order.
pub fn list_instance_profiles_for_role(
    account: &AccountState,
    input: iam::ListInstanceProfilesForRoleRequest,
) -> Result<iam::ListInstanceProfilesForRoleResponse, ApiError> {
    let role_key = key(&roles::find(account, &input.role_name)?.name);
    let page = page_map(
        &account.instance_profiles,
        input.marker.as_deref(),
        input.max_items,
        |p| p.role.as_deref() == Some(role_key.as_str()),
    )?;
    Ok(iam::ListInstanceProfilesForRoleResponse {
        is_truncated: Some(page.is_truncated()),
        instance_profiles: page
            .items
            .iter()
            .map(|p| shape(account, p, false))
            .collect(),
        marker: page.marker,
    })
}

/// `TagInstanceProfile`.
pub fn tag_instance_profile(
    account: &mut AccountState,
    input: iam::TagInstanceProfileRequest,
) -> Result<(), ApiError> {
    tags::apply(
        &mut find_mut(account, &input.instance_profile_name)?.tags,
        input.tags,
    )
}

/// `UntagInstanceProfile`.
pub fn untag_instance_profile(
    account: &mut AccountState,
    input: iam::UntagInstanceProfileRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.instance_profile_name)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListInstanceProfileTags`.
pub fn list_instance_profile_tags(
    account: &AccountState,
    input: iam::ListInstanceProfileTagsRequest,
) -> Result<iam::ListInstanceProfileTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.instance_profile_name)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListInstanceProfileTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
