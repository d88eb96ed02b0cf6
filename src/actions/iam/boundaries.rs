//! Permissions boundaries of users and roles: Put/Delete User/Role PermissionsBoundary.

use super::attachments::protected_role;
use super::common::{key, no_such};
use super::policy_refs;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;

/// The boundary slot of the named user, or AWS's NoSuchEntity.
fn user_slot<'a>(
    account: &'a mut AccountState,
    name: &str,
) -> Result<&'a mut Option<String>, ApiError> {
    account
        .users
        .get_mut(&key(name))
        .map(|u| &mut u.permissions_boundary)
        .ok_or_else(|| no_such("user", name))
}

/// The boundary slot of the named role; service-linked roles are refused.
fn role_slot<'a>(
    account: &'a mut AccountState,
    name: &str,
) -> Result<&'a mut Option<String>, ApiError> {
    match account.roles.get_mut(&key(name)) {
        Some(r) if r.service_linked.is_some() => Err(protected_role(&r.name)),
        Some(r) => Ok(&mut r.permissions_boundary),
        None => Err(no_such("role", name)),
    }
}

/// Replaces the boundary in `slot` by `new` and keeps the use counts in step.
fn replace(
    account: &mut AccountState,
    slot: impl Fn(&mut AccountState) -> Result<&mut Option<String>, ApiError>,
    new: Option<String>,
) -> Result<(), ApiError> {
    let old = std::mem::replace(slot(account)?, new.clone());
    if old == new {
        return Ok(());
    }
    if let Some(arn) = &old {
        policy_refs::count_boundary(account, arn, -1);
    }
    if let Some(arn) = &new {
        policy_refs::count_boundary(account, arn, 1);
    }
    Ok(())
}

/// `PutUserPermissionsBoundary`.
pub fn put_user_permissions_boundary(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::PutUserPermissionsBoundaryRequest,
) -> Result<(), ApiError> {
    let name = input.user_name;
    user_slot(account, &name)?;
    policy_refs::boundary(cx.store, account, &input.permissions_boundary)?;
    replace(
        account,
        |a| user_slot(a, &name),
        Some(input.permissions_boundary),
    )
}

/// `DeleteUserPermissionsBoundary`: a user without a boundary is left as it is.
pub fn delete_user_permissions_boundary(
    account: &mut AccountState,
    input: iam::DeleteUserPermissionsBoundaryRequest,
) -> Result<(), ApiError> {
    let name = input.user_name;
    replace(account, |a| user_slot(a, &name), None)
}

/// `PutRolePermissionsBoundary`.
pub fn put_role_permissions_boundary(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::PutRolePermissionsBoundaryRequest,
) -> Result<(), ApiError> {
    let name = input.role_name;
    role_slot(account, &name)?;
    policy_refs::boundary(cx.store, account, &input.permissions_boundary)?;
    replace(
        account,
        |a| role_slot(a, &name),
        Some(input.permissions_boundary),
    )
}

/// `DeleteRolePermissionsBoundary`: a role without a boundary is left as it is.
pub fn delete_role_permissions_boundary(
    account: &mut AccountState,
    input: iam::DeleteRolePermissionsBoundaryRequest,
) -> Result<(), ApiError> {
    let name = input.role_name;
    replace(account, |a| role_slot(a, &name), None)
}
