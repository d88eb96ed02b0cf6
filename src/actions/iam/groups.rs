//! Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AddUserToGroup,
//! RemoveUserFromGroup, ListGroupsForUser.

use super::common::{already_exists, key, no_such, path_or_root, quota, under_prefix};
use super::users;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::entities::{Group, InlinePolicies};
use crate::store::ids::{IdPrefix, unique_id};
use crate::store::paging::{page_iter, page_map};
use crate::store::{AccountState, quotas};
use std::collections::BTreeSet;

/// The `Group` shape of a stored group.
pub fn shape(g: &Group) -> iam::Group {
    iam::Group {
        path: g.path.clone(),
        group_name: g.name.clone(),
        group_id: g.id.clone(),
        arn: g.arn.clone(),
        create_date: g.created,
    }
}

/// The stored group named `name`, or AWS's NoSuchEntity.
pub fn find<'a>(account: &'a AccountState, name: &str) -> Result<&'a Group, ApiError> {
    account
        .groups
        .get(&key(name))
        .ok_or_else(|| no_such("group", name))
}

/// The stored group named `name`, mutably.
pub fn find_mut<'a>(account: &'a mut AccountState, name: &str) -> Result<&'a mut Group, ApiError> {
    account
        .groups
        .get_mut(&key(name))
        .ok_or_else(|| no_such("group", name))
}

/// `CreateGroup`.
pub fn create_group(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateGroupRequest,
) -> Result<iam::CreateGroupResponse, ApiError> {
    let k = key(&input.group_name);
    if account.groups.contains_key(&k) {
        return Err(already_exists("group", &input.group_name));
    }
    if cx.store.entity_quotas && account.groups.len() >= quotas::GROUPS {
        return Err(quota("GroupsPerAccount", quotas::GROUPS));
    }
    let path = path_or_root(input.path);
    let group = Group {
        arn: account.arn("group", &path, &input.group_name),
        name: input.group_name,
        path,
        id: unique_id(IdPrefix::Group),
        created: cx.now,
        members: BTreeSet::new(),
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
    };
    let out = shape(&group);
    account.groups.insert(k, group);
    Ok(iam::CreateGroupResponse { group: out })
}

/// `GetGroup`: the group and a page of its members, in name order.
pub fn get_group(
    account: &AccountState,
    input: iam::GetGroupRequest,
) -> Result<iam::GetGroupResponse, ApiError> {
    let group = find(account, &input.group_name)?;
    let page = page_iter(
        group
            .members
            .iter()
            .filter_map(|member| account.users.get(member)),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::GetGroupResponse {
        group: shape(group),
        is_truncated: Some(page.is_truncated()),
        users: page.items.iter().map(|u| users::shape(u, false)).collect(),
        marker: page.marker,
    })
}

/// `UpdateGroup`: rename and/or move to a new path. Members keep their membership.
pub fn update_group(
    account: &mut AccountState,
    input: iam::UpdateGroupRequest,
) -> Result<(), ApiError> {
    let old = key(&input.group_name);
    find(account, &input.group_name)?;
    if let Some(new_name) = &input.new_group_name {
        let nk = key(new_name);
        if nk != old && account.groups.contains_key(&nk) {
            return Err(already_exists("group", new_name));
        }
    }
    let Some(mut group) = account.groups.remove(&old) else {
        return Err(no_such("group", &input.group_name));
    };
    if let Some(p) = input.new_path {
        group.path = p;
    }
    if let Some(n) = input.new_group_name {
        group.name = n;
    }
    group.arn = account.arn("group", &group.path, &group.name);
    let nk = key(&group.name);
    if nk != old {
        // Users record their groups by lowercased name, so a rename must follow through.
        for member in &group.members {
            if let Some(user) = account.users.get_mut(member) {
                for g in &mut user.groups {
                    if *g == old {
                        g.clone_from(&nk);
                    }
                }
            }
        }
    }
    account.groups.insert(nk, group);
    Ok(())
}

/// `DeleteGroup`: refused while the group has members or policies, as AWS does.
pub fn delete_group(
    account: &mut AccountState,
    input: iam::DeleteGroupRequest,
) -> Result<(), ApiError> {
    let group = find(account, &input.group_name)?;
    let conflict = if !group.members.is_empty() {
        Some("must remove users from group first")
    } else if !group.attached_policies.is_empty() {
        Some("must detach all policies first")
    } else if !group.inline_policies.is_empty() {
        Some("must delete policies first")
    } else {
        None
    };
    if let Some(what) = conflict {
        return Err(ApiError::delete_conflict(format!(
            "Cannot delete entity, {what}."
        )));
    }
    account.groups.remove(&key(&input.group_name));
    Ok(())
}

/// `ListGroups`, in name order, filtered by path prefix.
pub fn list_groups(
    account: &AccountState,
    input: iam::ListGroupsRequest,
) -> Result<iam::ListGroupsResponse, ApiError> {
    let prefix = input.path_prefix.as_deref();
    let page = page_map(
        &account.groups,
        input.marker.as_deref(),
        input.max_items,
        |g| under_prefix(&g.path, prefix),
    )?;
    Ok(iam::ListGroupsResponse {
        is_truncated: Some(page.is_truncated()),
        groups: page.items.iter().map(|g| shape(g)).collect(),
        marker: page.marker,
    })
}

/// `AddUserToGroup`: adding a member again changes nothing, as in AWS.
pub fn add_user_to_group(
    account: &mut AccountState,
    input: iam::AddUserToGroupRequest,
) -> Result<(), ApiError> {
    let gk = key(&find(account, &input.group_name)?.name);
    let user = users::find(account, &input.user_name)?;
    if user.groups.contains(&gk) {
        return Ok(());
    }
    if user.groups.len() >= quotas::GROUPS_PER_USER {
        return Err(quota("GroupsPerUser", quotas::GROUPS_PER_USER));
    }
    let uk = key(&user.name);
    users::find_mut(account, &input.user_name)?
        .groups
        .push(gk.clone());
    find_mut(account, &input.group_name)?.members.insert(uk);
    Ok(())
}

/// `RemoveUserFromGroup`.
pub fn remove_user_from_group(
    account: &mut AccountState,
    input: iam::RemoveUserFromGroupRequest,
) -> Result<(), ApiError> {
    let gk = key(&find(account, &input.group_name)?.name);
    let user = users::find(account, &input.user_name)?;
    if !user.groups.contains(&gk) {
        return Err(no_such("user", &input.user_name));
    }
    let uk = key(&user.name);
    users::find_mut(account, &input.user_name)?
        .groups
        .retain(|g| *g != gk);
    find_mut(account, &input.group_name)?.members.remove(&uk);
    Ok(())
}

/// `ListGroupsForUser`, in name order.
pub fn list_groups_for_user(
    account: &AccountState,
    input: iam::ListGroupsForUserRequest,
) -> Result<iam::ListGroupsForUserResponse, ApiError> {
    let uk = key(&users::find(account, &input.user_name)?.name);
    let page = page_map(
        &account.groups,
        input.marker.as_deref(),
        input.max_items,
        |g| g.members.contains(&uk),
    )?;
    Ok(iam::ListGroupsForUserResponse {
        is_truncated: Some(page.is_truncated()),
        groups: page.items.iter().map(|g| shape(g)).collect(),
        marker: page.marker,
    })
}
