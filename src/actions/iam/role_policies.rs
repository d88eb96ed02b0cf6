//! Inline policies of roles: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.

use super::common::key;
use super::documents::{self, DocKind};
use super::roles::{find, find_mut, modifiable};
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::entities::InlinePolicy;
use crate::store::paging::page_map;
use crate::store::quotas;

/// `NoSuchEntity: The role policy with name X cannot be found.`
fn no_such_policy(name: &str) -> ApiError {
    ApiError::no_such_entity(format!("The role policy with name {name} cannot be found."))
}

/// `PutRolePolicy`: adds or replaces. AWS counts a role's inline policies together against one
/// quota, so the new document is measured with the others the role keeps.
pub fn put_role_policy(
    account: &mut AccountState,
    input: iam::PutRolePolicyRequest,
) -> Result<(), ApiError> {
    let role = find(account, &input.role_name)?;
    modifiable(role)?;
    let k = key(&input.policy_name);
    let others: usize = role
        .inline_policies
        .iter()
        .filter(|(name, _)| **name != k)
        .map(|(_, p)| documents::size(&p.document))
        .sum();
    if others + documents::size(&input.policy_document) > quotas::ROLE_POLICY_SIZE {
        return Err(ApiError::limit_exceeded(format!(
            "Maximum policy size of {} bytes exceeded for role {}",
            quotas::ROLE_POLICY_SIZE,
            role.name
        )));
    }
    let document = documents::validate(&input.policy_document, DocKind::RoleInline)?;
    let role = find_mut(account, &input.role_name)?;
    role.inline_policies.insert(
        k,
        InlinePolicy {
            name: input.policy_name,
            document,
        },
    );
    Ok(())
}

/// `GetRolePolicy`: the document exactly as it was put.
pub fn get_role_policy(
    account: &AccountState,
    input: iam::GetRolePolicyRequest,
) -> Result<iam::GetRolePolicyResponse, ApiError> {
    let role = find(account, &input.role_name)?;
    let policy = role
        .inline_policies
        .get(&key(&input.policy_name))
        .ok_or_else(|| no_such_policy(&input.policy_name))?;
    Ok(iam::GetRolePolicyResponse {
        role_name: role.name.clone(),
        policy_name: policy.name.clone(),
        policy_document: policy.document.to_string(),
    })
}

/// `DeleteRolePolicy`.
pub fn delete_role_policy(
    account: &mut AccountState,
    input: iam::DeleteRolePolicyRequest,
) -> Result<(), ApiError> {
    let role = find_mut(account, &input.role_name)?;
    modifiable(role)?;
    role.inline_policies
        .remove(&key(&input.policy_name))
        .map(|_| ())
        .ok_or_else(|| no_such_policy(&input.policy_name))
}

/// `ListRolePolicies`: policy names in name order.
pub fn list_role_policies(
    account: &AccountState,
    input: iam::ListRolePoliciesRequest,
) -> Result<iam::ListRolePoliciesResponse, ApiError> {
    let role = find(account, &input.role_name)?;
    let page = page_map(
        &role.inline_policies,
        input.marker.as_deref(),
        input.max_items,
        |_| true,
    )?;
    Ok(iam::ListRolePoliciesResponse {
        is_truncated: Some(page.is_truncated()),
        policy_names: page.items.iter().map(|p| p.name.clone()).collect(),
        marker: page.marker,
    })
}
