//! `ListEntitiesForPolicy`: the groups, users and roles that use a managed policy, as one listing
//! paged across the three kinds (groups, then users, then roles, each in name order).

use super::common::under_prefix;
use super::policies;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::paging::page_iter;

/// One entity that uses the policy.
enum Entity {
    Group(iam::PolicyGroup),
    User(iam::PolicyUser),
    Role(iam::PolicyRole),
}

/// `ListEntitiesForPolicy` with `EntityFilter`, `PathPrefix` and `PolicyUsageFilter`. The filter
/// values `LocalManagedPolicy` and `AWSManagedPolicy` name no entity kind that can use a policy,
/// so they list nothing.
pub fn list_entities_for_policy(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListEntitiesForPolicyRequest,
) -> Result<iam::ListEntitiesForPolicyResponse, ApiError> {
    let arn = policies::find(cx.store, account, &input.policy_arn)?.arn;
    let prefix = input.path_prefix.as_deref();
    let kind = |k: iam::EntityType| input.entity_filter.is_none_or(|f| f == k);
    let (attachments, boundaries) = match input.policy_usage_filter {
        Some(iam::PolicyUsageType::PermissionsPolicy) => (true, false),
        Some(iam::PolicyUsageType::PermissionsBoundary) => (false, true),
        None => (true, true),
    };
    let is_using = |attached: &[String], boundary: Option<&str>| {
        (attachments && attached.iter().any(|a| a == arn)) || (boundaries && boundary == Some(arn))
    };

    let in_groups = account
        .groups
        .values()
        .filter(|g| kind(iam::EntityType::Group) && under_prefix(&g.path, prefix))
        .filter(|g| is_using(&g.attached_policies, None))
        .map(|g| {
            Entity::Group(iam::PolicyGroup {
                group_name: Some(g.name.clone()),
                group_id: Some(g.id.clone()),
            })
        });
    let in_users = account
        .users
        .values()
        .filter(|u| kind(iam::EntityType::User) && under_prefix(&u.path, prefix))
        .filter(|u| is_using(&u.attached_policies, u.permissions_boundary.as_deref()))
        .map(|u| {
            Entity::User(iam::PolicyUser {
                user_name: Some(u.name.clone()),
                user_id: Some(u.id.clone()),
            })
        });
    let in_roles = account
        .roles
        .values()
        .filter(|r| kind(iam::EntityType::Role) && under_prefix(&r.path, prefix))
        .filter(|r| is_using(&r.attached_policies, r.permissions_boundary.as_deref()))
        .map(|r| {
            Entity::Role(iam::PolicyRole {
                role_name: Some(r.name.clone()),
                role_id: Some(r.id.clone()),
            })
        });
    let page = page_iter(
        in_groups.chain(in_users).chain(in_roles),
        input.marker.as_deref(),
        input.max_items,
    )?;

    let (mut groups, mut users, mut roles) = (Vec::new(), Vec::new(), Vec::new());
    for entity in page.items {
        match entity {
            Entity::Group(g) => groups.push(g),
            Entity::User(u) => users.push(u),
            Entity::Role(r) => roles.push(r),
        }
    }
    Ok(iam::ListEntitiesForPolicyResponse {
        policy_groups: Some(groups),
        policy_users: Some(users),
        policy_roles: Some(roles),
        is_truncated: Some(page.marker.is_some()),
        marker: page.marker,
    })
}
