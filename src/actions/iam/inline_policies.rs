//! Inline policies of users and groups: Put/Get/Delete/List UserPolicy and GroupPolicy (roles'
//! handlers, in `role_policies.rs`, use the same rules).
//!
//! The rules are the same for every owner (roles included), so they live in small functions over
//! an [`InlinePolicies`] map; the handlers only find the owner and shape the output.

use super::common::{key, no_such};
use super::documents::{self, DocKind};
use super::{groups, users};
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::entities::{Document, InlinePolicies, InlinePolicy};
use crate::store::paging::{Page, page_map};

/// Checks `document` as the new text of the inline policy `name` of the `owner` (`user`, `group`
/// or `role`) named `owner_name`: AWS's quota on the size of all the owner's inline policies
/// together, where a policy being replaced no longer counts, then the grammar.
pub(crate) fn checked(
    policies: &InlinePolicies,
    (owner, owner_name): (&str, &str),
    name: &str,
    document: &str,
    kind: DocKind,
) -> Result<Document, ApiError> {
    let k = key(name);
    let others: usize = policies
        .iter()
        .filter(|(pk, _)| **pk != k)
        .map(|(_, p)| documents::size(p.document.text()))
        .sum();
    let limit = kind.limit();
    if others + documents::size(document) > limit {
        return Err(ApiError::limit_exceeded(format!(
            "Maximum policy size of {limit} bytes exceeded for {owner} {owner_name}"
        )));
    }
    documents::validate(document, kind, name)
}

/// Adds the policy, or replaces the one with the same name (compared case-insensitively); the
/// name is kept as given this time.
pub(crate) fn put(policies: &mut InlinePolicies, name: String, document: Document) {
    policies.insert(key(&name), InlinePolicy { name, document });
}

/// The policy `name`, or `NoSuchEntity: The {owner} policy with name X cannot be found.`
pub(crate) fn get<'a>(
    policies: &'a InlinePolicies,
    owner: &str,
    name: &str,
) -> Result<&'a InlinePolicy, ApiError> {
    policies
        .get(&key(name))
        .ok_or_else(|| no_such(&format!("{owner} policy"), name))
}

/// Removes the policy `name`, with [`get`]'s error when there is none.
pub(crate) fn delete(
    policies: &mut InlinePolicies,
    owner: &str,
    name: &str,
) -> Result<(), ApiError> {
    policies
        .remove(&key(name))
        .map(|_| ())
        .ok_or_else(|| no_such(&format!("{owner} policy"), name))
}

/// A page of policy names, in name order.
pub(crate) fn list(
    policies: &InlinePolicies,
    marker: Option<&str>,
    max_items: Option<i32>,
) -> Result<Page<String>, ApiError> {
    Ok(page_map(policies, marker, max_items, |_| true)?.map(|p| p.name.clone()))
}

/// `PutUserPolicy`.
pub fn put_user_policy(
    account: &mut AccountState,
    input: iam::PutUserPolicyRequest,
) -> Result<(), ApiError> {
    let user = users::find_mut(account, &input.user_name)?;
    let document = checked(
        &user.inline_policies,
        ("user", &user.name),
        &input.policy_name,
        &input.policy_document,
        DocKind::UserInline,
    )?;
    put(&mut user.inline_policies, input.policy_name, document);
    Ok(())
}

/// `GetUserPolicy`: the document exactly as it was put.
pub fn get_user_policy(
    account: &AccountState,
    input: iam::GetUserPolicyRequest,
) -> Result<iam::GetUserPolicyResponse, ApiError> {
    let user = users::find(account, &input.user_name)?;
    let policy = get(&user.inline_policies, "user", &input.policy_name)?;
    Ok(iam::GetUserPolicyResponse {
        user_name: user.name.clone(),
        policy_name: policy.name.clone(),
        policy_document: policy.document.text().to_string(),
    })
}

/// `DeleteUserPolicy`.
pub fn delete_user_policy(
    account: &mut AccountState,
    input: iam::DeleteUserPolicyRequest,
) -> Result<(), ApiError> {
    let user = users::find_mut(account, &input.user_name)?;
    delete(&mut user.inline_policies, "user", &input.policy_name)
}

/// `ListUserPolicies`.
pub fn list_user_policies(
    account: &AccountState,
    input: iam::ListUserPoliciesRequest,
) -> Result<iam::ListUserPoliciesResponse, ApiError> {
    let user = users::find(account, &input.user_name)?;
    let page = list(
        &user.inline_policies,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListUserPoliciesResponse {
        is_truncated: Some(page.is_truncated()),
        policy_names: page.items,
        marker: page.marker,
    })
}

/// `PutGroupPolicy`.
pub fn put_group_policy(
    account: &mut AccountState,
    input: iam::PutGroupPolicyRequest,
) -> Result<(), ApiError> {
    let group = groups::find_mut(account, &input.group_name)?;
    let document = checked(
        &group.inline_policies,
        ("group", &group.name),
        &input.policy_name,
        &input.policy_document,
        DocKind::GroupInline,
    )?;
    put(&mut group.inline_policies, input.policy_name, document);
    Ok(())
}

/// `GetGroupPolicy`: the document exactly as it was put.
pub fn get_group_policy(
    account: &AccountState,
    input: iam::GetGroupPolicyRequest,
) -> Result<iam::GetGroupPolicyResponse, ApiError> {
    let group = groups::find(account, &input.group_name)?;
    let policy = get(&group.inline_policies, "group", &input.policy_name)?;
    Ok(iam::GetGroupPolicyResponse {
        group_name: group.name.clone(),
        policy_name: policy.name.clone(),
        policy_document: policy.document.text().to_string(),
    })
}

/// `DeleteGroupPolicy`.
pub fn delete_group_policy(
    account: &mut AccountState,
    input: iam::DeleteGroupPolicyRequest,
) -> Result<(), ApiError> {
    let group = groups::find_mut(account, &input.group_name)?;
    delete(&mut group.inline_policies, "group", &input.policy_name)
}

/// `ListGroupPolicies`.
pub fn list_group_policies(
    account: &AccountState,
    input: iam::ListGroupPoliciesRequest,
) -> Result<iam::ListGroupPoliciesResponse, ApiError> {
    let group = groups::find(account, &input.group_name)?;
    let page = list(
        &group.inline_policies,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListGroupPoliciesResponse {
        is_truncated: Some(page.is_truncated()),
        policy_names: page.items,
        marker: page.marker,
    })
}
