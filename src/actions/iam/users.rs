//! Users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, TagUser, UntagUser, ListUserTags.

use super::common::{already_exists, key, no_such, path_or_root, quota, under_prefix};
use super::{policy_refs, tags};
use crate::actions::Ctx;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::entities::{InlinePolicies, User};
use crate::store::ids::{IdPrefix, unique_id};
use crate::store::paging::page_map;
use crate::store::{AccountState, quotas};

/// The `User` shape of a stored user; listings leave out tags and the boundary, as AWS does.
pub fn shape(u: &User, full: bool) -> iam::User {
    iam::User {
        path: u.path.clone(),
        user_name: u.name.clone(),
        user_id: u.id.clone(),
        arn: u.arn.clone(),
        create_date: u.created,
        password_last_used: u.password_last_used,
        permissions_boundary: if full {
            boundary_shape(u.permissions_boundary.as_deref())
        } else {
            None
        },
        tags: if full { tags::shown(&u.tags) } else { None },
    }
}

/// The `AttachedPermissionsBoundary` shape of a boundary ARN.
pub fn boundary_shape(arn: Option<&str>) -> Option<iam::AttachedPermissionsBoundary> {
    arn.map(|a| iam::AttachedPermissionsBoundary {
        permissions_boundary_type: Some(
            iam::PermissionsBoundaryAttachmentType::PermissionsBoundaryPolicy,
        ),
        permissions_boundary_arn: Some(a.to_string()),
    })
}

/// The stored user named `name`, or AWS's NoSuchEntity.
pub fn find<'a>(account: &'a AccountState, name: &str) -> Result<&'a User, ApiError> {
    account
        .users
        .get(&key(name))
        .ok_or_else(|| no_such("user", name))
}

/// The stored user named `name`, mutably.
pub fn find_mut<'a>(account: &'a mut AccountState, name: &str) -> Result<&'a mut User, ApiError> {
    account
        .users
        .get_mut(&key(name))
        .ok_or_else(|| no_such("user", name))
}

/// `CreateUser`.
pub fn create_user(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateUserRequest,
) -> Result<iam::CreateUserResponse, ApiError> {
    let k = key(&input.user_name);
    if account.users.contains_key(&k) {
        return Err(already_exists("user", &input.user_name));
    }
    if cx.store.entity_quotas && account.users.len() >= quotas::USERS {
        return Err(quota("UsersPerAccount", quotas::USERS));
    }
    if let Some(arn) = &input.permissions_boundary {
        policy_refs::boundary(cx.store, account, arn)?;
    }
    let tags = tags::initial(input.tags)?;
    let path = path_or_root(input.path);
    let user = User {
        arn: account.arn("user", &path, &input.user_name),
        name: input.user_name,
        path,
        id: unique_id(IdPrefix::User),
        created: cx.now,
        tags,
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
        permissions_boundary: input.permissions_boundary,
        groups: Vec::new(),
        access_keys: Vec::new(),
        login_profile: None,
        ssh_public_keys: Vec::new(),
        signing_certificates: Vec::new(),
        password_last_used: None,
    };
    if let Some(arn) = &user.permissions_boundary {
        policy_refs::count_boundary(account, arn, 1);
    }
    let out = shape(&user, true);
    account.users.insert(k, user);
    Ok(iam::CreateUserResponse { user: Some(out) })
}

/// `GetUser`: without a name, the calling user (or the root user).
pub fn get_user(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetUserRequest,
) -> Result<iam::GetUserResponse, ApiError> {
    let name = match (input.user_name, cx.caller.principal()) {
        (Some(name), _) => name,
        (None, Principal::User { name, .. }) => name.clone(),
        (None, Principal::AssumedRole { .. } | Principal::FederatedUser { .. }) => {
            return Err(super::common::non_user_credentials());
        }
        (None, Principal::Root) => {
            return Ok(iam::GetUserResponse {
                user: iam::User {
                    path: String::new(),
                    user_name: String::new(),
                    user_id: cx.caller.account().to_string(),
                    arn: cx.caller.arn(),
                    create_date: cx.now,
                    ..Default::default()
                },
            });
        }
    };
    Ok(iam::GetUserResponse {
        user: shape(find(account, &name)?, true),
    })
}

/// `UpdateUser`: rename and/or move to a new path.
pub fn update_user(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UpdateUserRequest,
) -> Result<(), ApiError> {
    let old = key(&input.user_name);
    find(account, &input.user_name)?;
    let new_name = input.new_user_name.clone();
    let new_key = new_name.as_deref().map(key);
    if let (Some(nk), Some(nn)) = (&new_key, &new_name)
        && *nk != old
        && account.users.contains_key(nk)
    {
        return Err(already_exists("user", nn));
    }
    let Some(mut user) = account.users.remove(&old) else {
        return Err(no_such("user", &input.user_name));
    };
    if let Some(p) = input.new_path {
        user.path = p;
    }
    if let Some(n) = new_name {
        user.name = n;
    }
    user.arn = account.arn("user", &user.path, &user.name);
    let nk = key(&user.name);
    if nk != old {
        for g in &user.groups {
            if let Some(group) = account.groups.get_mut(g) {
                group.members.remove(&old);
                group.members.insert(nk.clone());
            }
        }
        for k in &user.access_keys {
            if let Some(mut owner) = cx.store.access_keys.get_mut(&k.id) {
                owner.user.clone_from(&nk);
            }
        }
        for device in account.mfa_devices.values_mut() {
            if let Some(assigned) = device.assigned.as_mut().filter(|a| a.user == old) {
                assigned.user.clone_from(&nk);
            }
        }
    }
    account.users.insert(nk, user);
    Ok(())
}

/// `DeleteUser`: refused while anything still hangs off the user, as AWS does.
pub fn delete_user(
    account: &mut AccountState,
    input: iam::DeleteUserRequest,
) -> Result<(), ApiError> {
    let user = find(account, &input.user_name)?;
    let user_key = key(&user.name);
    let conflict = if user.login_profile.is_some() {
        Some("must delete login profile first")
    } else if !user.access_keys.is_empty() {
        Some("must delete access keys first")
    } else if !user.ssh_public_keys.is_empty() {
        Some("must delete SSH public keys first")
    } else if !user.signing_certificates.is_empty() {
        Some("must delete signing certificates first")
    } else if account
        .mfa_devices
        .values()
        .any(|d| d.assigned_to(&user_key))
    {
        Some("must delete MFA device first")
    } else if !user.groups.is_empty() {
        Some("must remove user from group first")
    } else if !user.attached_policies.is_empty() {
        Some("must detach all policies first")
    } else if !user.inline_policies.is_empty() {
        Some("must delete policies first")
    } else {
        None
    };
    if let Some(what) = conflict {
        return Err(ApiError::delete_conflict(format!(
            "Cannot delete entity, {what}."
        )));
    }
    let Some(user) = account.users.remove(&key(&input.user_name)) else {
        return Err(no_such("user", &input.user_name));
    };
    if let Some(arn) = &user.permissions_boundary {
        policy_refs::count_boundary(account, arn, -1);
    }
    Ok(())
}

/// `ListUsers`, in name order, filtered by path prefix.
pub fn list_users(
    account: &AccountState,
    input: iam::ListUsersRequest,
) -> Result<iam::ListUsersResponse, ApiError> {
    let prefix = input.path_prefix.as_deref();
    let page = page_map(
        &account.users,
        input.marker.as_deref(),
        input.max_items,
        |u| under_prefix(&u.path, prefix),
    )?;
    Ok(iam::ListUsersResponse {
        is_truncated: Some(page.is_truncated()),
        users: page.items.iter().map(|u| shape(u, false)).collect(),
        marker: page.marker,
    })
}

/// `TagUser`.
pub fn tag_user(account: &mut AccountState, input: iam::TagUserRequest) -> Result<(), ApiError> {
    tags::apply(&mut find_mut(account, &input.user_name)?.tags, input.tags)
}

/// `UntagUser`.
pub fn untag_user(
    account: &mut AccountState,
    input: iam::UntagUserRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.user_name)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListUserTags`.
pub fn list_user_tags(
    account: &AccountState,
    input: iam::ListUserTagsRequest,
) -> Result<iam::ListUserTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.user_name)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListUserTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
