//! Managed policies attached to users, groups and roles: Attach*Policy, Detach*Policy and
//! ListAttached*Policies (`ListEntitiesForPolicy` lives in `policy_entities.rs`).

use super::common::{key, no_such, under_prefix};
use super::policies::{self, service_role_policy};
use super::policy_refs;
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::store::paging::page_iter;
use crate::store::{AccountState, quotas};

/// The kinds of entity a managed policy attaches to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
}

impl Holder {
    fn noun(self) -> &'static str {
        match self {
            Holder::User => "user",
            Holder::Group => "group",
            Holder::Role => "role",
        }
    }

    /// AWS's quota name in its LimitExceeded message.
    fn quota(self) -> &'static str {
        match self {
            Holder::User => "PoliciesPerUser",
            Holder::Group => "PoliciesPerGroup",
            Holder::Role => "PoliciesPerRole",
        }
    }
}

/// `UnmodifiableEntity` for a service-linked role, which only its service may change.
pub fn protected_role(name: &str) -> ApiError {
    ApiError::modeled(
        ModeledError::UnmodifiableEntity,
        format!(
            "Cannot perform the operation on the protected role '{name}' - this role is only \
             modifiable by AWS"
        ),
    )
}

/// The attached policy ARNs of the named entity, or AWS's NoSuchEntity.
fn attached<'a>(
    account: &'a AccountState,
    holder: Holder,
    name: &str,
) -> Result<&'a [String], ApiError> {
    let k = key(name);
    let list = match holder {
        Holder::User => account.users.get(&k).map(|u| &u.attached_policies),
        Holder::Group => account.groups.get(&k).map(|g| &g.attached_policies),
        Holder::Role => account.roles.get(&k).map(|r| &r.attached_policies),
    };
    list.map(Vec::as_slice)
        .ok_or_else(|| no_such(holder.noun(), name))
}

/// The attached policy ARNs of the named entity, to change. Service-linked roles are refused.
fn attached_mut<'a>(
    account: &'a mut AccountState,
    holder: Holder,
    name: &str,
) -> Result<&'a mut Vec<String>, ApiError> {
    let k = key(name);
    match holder {
        Holder::User => account.users.get_mut(&k).map(|u| &mut u.attached_policies),
        Holder::Group => account.groups.get_mut(&k).map(|g| &mut g.attached_policies),
        Holder::Role => match account.roles.get_mut(&k) {
            Some(r) if r.service_linked.is_some() => return Err(protected_role(&r.name)),
            r => r.map(|r| &mut r.attached_policies),
        },
    }
    .ok_or_else(|| no_such(holder.noun(), name))
}

/// Attaches `arn` to the named entity; attaching it again changes nothing.
fn attach(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    holder: Holder,
    name: &str,
    arn: &str,
) -> Result<(), ApiError> {
    policies::check_arn(arn)?;
    attached_mut(account, holder, name)?;
    policy_refs::attachable(cx.store, account, arn)?;
    if let Some(p) = cx.store.catalog().get(arn)
        && service_role_policy(&p.path)
    {
        return Err(ApiError::modeled(
            ModeledError::PolicyNotAttachable,
            "Cannot attach a Service Role Policy to a Customer Role.",
        ));
    }
    let list = attached_mut(account, holder, name)?;
    if list.iter().any(|a| a == arn) {
        return Ok(());
    }
    if list.len() >= quotas::ATTACHED_POLICIES {
        return Err(ApiError::limit_exceeded(format!(
            "Cannot exceed quota for {}: {}",
            holder.quota(),
            quotas::ATTACHED_POLICIES
        )));
    }
    list.push(arn.to_string());
    policy_refs::count_attachment(account, arn, 1);
    Ok(())
}

/// Detaches `arn` from the named entity.
fn detach(
    account: &mut AccountState,
    holder: Holder,
    name: &str,
    arn: &str,
) -> Result<(), ApiError> {
    policies::check_arn(arn)?;
    let list = attached_mut(account, holder, name)?;
    let Some(at) = list.iter().position(|a| a == arn) else {
        return Err(ApiError::no_such_entity(format!(
            "Policy {arn} was not attached."
        )));
    };
    list.remove(at);
    policy_refs::count_attachment(account, arn, -1);
    Ok(())
}

/// The path and name of a managed policy from its ARN (`arn:...:policy/PATH/NAME`).
/// The path and name parts of a managed policy ARN.
pub fn path_and_name(arn: &str) -> (&str, &str) {
    let rest = arn.split_once(":policy").map_or(arn, |(_, r)| r);
    match rest.rfind('/') {
        Some(at) => rest.split_at(at + 1),
        None => ("/", rest),
    }
}

/// A page of the entity's attached policies, in attachment order, filtered by policy path.
fn list_attached(
    account: &AccountState,
    holder: Holder,
    name: &str,
    prefix: Option<&str>,
    marker: Option<&str>,
    max_items: Option<i32>,
) -> Result<(Vec<iam::AttachedPolicy>, Option<String>), ApiError> {
    let arns = attached(account, holder, name)?;
    let page = page_iter(
        arns.iter()
            .filter(|a| under_prefix(path_and_name(a).0, prefix)),
        marker,
        max_items,
    )?;
    let items = page
        .items
        .into_iter()
        .map(|a| iam::AttachedPolicy {
            policy_name: Some(path_and_name(a).1.to_string()),
            policy_arn: Some(a.clone()),
        })
        .collect();
    Ok((items, page.marker))
}

/// `AttachUserPolicy`.
pub fn attach_user_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::AttachUserPolicyRequest,
) -> Result<(), ApiError> {
    attach(
        cx,
        account,
        Holder::User,
        &input.user_name,
        &input.policy_arn,
    )
}

/// `DetachUserPolicy`.
pub fn detach_user_policy(
    account: &mut AccountState,
    input: iam::DetachUserPolicyRequest,
) -> Result<(), ApiError> {
    detach(account, Holder::User, &input.user_name, &input.policy_arn)
}

/// `AttachGroupPolicy`.
pub fn attach_group_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::AttachGroupPolicyRequest,
) -> Result<(), ApiError> {
    attach(
        cx,
        account,
        Holder::Group,
        &input.group_name,
        &input.policy_arn,
    )
}

/// `DetachGroupPolicy`.
pub fn detach_group_policy(
    account: &mut AccountState,
    input: iam::DetachGroupPolicyRequest,
) -> Result<(), ApiError> {
    detach(account, Holder::Group, &input.group_name, &input.policy_arn)
}

/// `AttachRolePolicy`.
pub fn attach_role_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::AttachRolePolicyRequest,
) -> Result<(), ApiError> {
    attach(
        cx,
        account,
        Holder::Role,
        &input.role_name,
        &input.policy_arn,
    )
}

/// `DetachRolePolicy`.
pub fn detach_role_policy(
    account: &mut AccountState,
    input: iam::DetachRolePolicyRequest,
) -> Result<(), ApiError> {
    detach(account, Holder::Role, &input.role_name, &input.policy_arn)
}

/// `ListAttachedUserPolicies`.
pub fn list_attached_user_policies(
    account: &AccountState,
    input: iam::ListAttachedUserPoliciesRequest,
) -> Result<iam::ListAttachedUserPoliciesResponse, ApiError> {
    let (items, marker) = list_attached(
        account,
        Holder::User,
        &input.user_name,
        input.path_prefix.as_deref(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListAttachedUserPoliciesResponse {
        attached_policies: Some(items),
        is_truncated: Some(marker.is_some()),
        marker,
    })
}

/// `ListAttachedGroupPolicies`.
pub fn list_attached_group_policies(
    account: &AccountState,
    input: iam::ListAttachedGroupPoliciesRequest,
) -> Result<iam::ListAttachedGroupPoliciesResponse, ApiError> {
    let (items, marker) = list_attached(
        account,
        Holder::Group,
        &input.group_name,
        input.path_prefix.as_deref(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListAttachedGroupPoliciesResponse {
        attached_policies: Some(items),
        is_truncated: Some(marker.is_some()),
        marker,
    })
}

/// `ListAttachedRolePolicies`.
pub fn list_attached_role_policies(
    account: &AccountState,
    input: iam::ListAttachedRolePoliciesRequest,
) -> Result<iam::ListAttachedRolePoliciesResponse, ApiError> {
    let (items, marker) = list_attached(
        account,
        Holder::Role,
        &input.role_name,
        input.path_prefix.as_deref(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListAttachedRolePoliciesResponse {
        attached_policies: Some(items),
        is_truncated: Some(marker.is_some()),
        marker,
    })
}

#[cfg(test)]
mod tests {
    use super::path_and_name;

    #[test]
    fn policy_path_and_name_from_arn() {
        assert_eq!(
            path_and_name("arn:aws:iam::123456789012:policy/a/b/P"),
            ("/a/b/", "P")
        );
        assert_eq!(
            path_and_name("arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ("/", "ReadOnlyAccess")
        );
    }
}
