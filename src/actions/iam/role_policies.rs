//! Inline policies of roles: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.

use super::documents::DocKind;
use super::inline_policies::{checked, delete, get, list, put};
use super::roles::{find, find_mut, modifiable};
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;

/// `PutRolePolicy`: adds or replaces; a role's inline policies share one size quota.
pub fn put_role_policy(
    account: &mut AccountState,
    input: iam::PutRolePolicyRequest,
) -> Result<(), ApiError> {
    let role = find_mut(account, &input.role_name)?;
    modifiable(role)?;
    let document = checked(
        &role.inline_policies,
        ("role", &role.name),
        &input.policy_name,
        &input.policy_document,
        DocKind::RoleInline,
    )?;
    put(&mut role.inline_policies, input.policy_name, document);
    Ok(())
}

/// `GetRolePolicy`: the document exactly as it was put.
pub fn get_role_policy(
    account: &AccountState,
    input: iam::GetRolePolicyRequest,
) -> Result<iam::GetRolePolicyResponse, ApiError> {
    let role = find(account, &input.role_name)?;
    let policy = get(&role.inline_policies, "role", &input.policy_name)?;
    Ok(iam::GetRolePolicyResponse {
        role_name: role.name.clone(),
        policy_name: policy.name.clone(),
        policy_document: policy.document.text().to_string(),
    })
}

/// `DeleteRolePolicy`.
pub fn delete_role_policy(
    account: &mut AccountState,
    input: iam::DeleteRolePolicyRequest,
) -> Result<(), ApiError> {
    let role = find_mut(account, &input.role_name)?;
    modifiable(role)?;
    delete(&mut role.inline_policies, "role", &input.policy_name)
}

/// `ListRolePolicies`: policy names in name order.
pub fn list_role_policies(
    account: &AccountState,
    input: iam::ListRolePoliciesRequest,
) -> Result<iam::ListRolePoliciesResponse, ApiError> {
    let role = find(account, &input.role_name)?;
    let page = list(
        &role.inline_policies,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListRolePoliciesResponse {
        is_truncated: Some(page.is_truncated()),
        policy_names: page.items,
        marker: page.marker,
    })
}
