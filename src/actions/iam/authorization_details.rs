//! GetAccountAuthorizationDetails: every user, group, role and managed policy in use, with their
//! policies, in one paginated listing.

use super::attachments::path_and_name;
use super::policies::{self, View};
use super::roles::{self, View as RoleView};
use super::{instance_profiles, tags, users};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam::{self, EntityType};
use crate::store::AccountState;
use crate::store::entities::{Group, InlinePolicies, ManagedPolicy, Role, User};
use crate::store::paging::page_iter;

/// One entry of the combined listing; pages count entries of every kind together.
enum Entry<'a> {
    User(&'a User),
    Group(&'a Group),
    Role(&'a Role),
    Policy(View<'a>),
}

fn inline(policies: &InlinePolicies) -> Vec<iam::PolicyDetail> {
    policies
        .values()
        .map(|p| iam::PolicyDetail {
            policy_name: Some(p.name.clone()),
            policy_document: Some(p.document.text().to_string()),
        })
        .collect()
}

fn attached(arns: &[String]) -> Vec<iam::AttachedPolicy> {
    arns.iter()
        .map(|a| iam::AttachedPolicy {
            policy_name: Some(path_and_name(a).1.to_string()),
            policy_arn: Some(a.clone()),
        })
        .collect()
}

fn user_detail(account: &AccountState, u: &User) -> iam::UserDetail {
    iam::UserDetail {
        path: Some(u.path.clone()),
        user_name: Some(u.name.clone()),
        user_id: Some(u.id.clone()),
        arn: Some(u.arn.clone()),
        create_date: Some(u.created),
        user_policy_list: Some(inline(&u.inline_policies)),
        group_list: Some(
            u.groups
                .iter()
                .filter_map(|g| account.groups.get(g))
                .map(|g| g.name.clone())
                .collect(),
        ),
        attached_managed_policies: Some(attached(&u.attached_policies)),
        permissions_boundary: users::boundary_shape(u.permissions_boundary.as_deref()),
        tags: tags::shown(&u.tags),
    }
}

fn group_detail(g: &Group) -> iam::GroupDetail {
    iam::GroupDetail {
        path: Some(g.path.clone()),
        group_name: Some(g.name.clone()),
        group_id: Some(g.id.clone()),
        arn: Some(g.arn.clone()),
        create_date: Some(g.created),
        group_policy_list: Some(inline(&g.inline_policies)),
        attached_managed_policies: Some(attached(&g.attached_policies)),
    }
}

fn role_detail(account: &AccountState, r: &Role) -> iam::RoleDetail {
    let shown = roles::shape(r, RoleView::Full);
    let role_key = r.name.to_ascii_lowercase();
    iam::RoleDetail {
        path: Some(shown.path),
        role_name: Some(shown.role_name),
        role_id: Some(shown.role_id),
        arn: Some(shown.arn),
        create_date: Some(shown.create_date),
        assume_role_policy_document: shown.assume_role_policy_document,
        instance_profile_list: Some(
            account
                .instance_profiles
                .values()
                .filter(|p| p.role.as_deref() == Some(role_key.as_str()))
                .map(|p| instance_profiles::shape(account, p, false))
                .collect(),
        ),
        role_policy_list: Some(inline(&r.inline_policies)),
        attached_managed_policies: Some(attached(&r.attached_policies)),
        permissions_boundary: shown.permissions_boundary,
        tags: shown.tags,
        role_last_used: shown.role_last_used,
    }
}

fn policy_detail(account: &AccountState, view: &View<'_>) -> iam::ManagedPolicyDetail {
    let usage = policies::usage(account, view.arn);
    iam::ManagedPolicyDetail {
        policy_name: Some(view.name.to_string()),
        policy_id: Some(view.id.to_string()),
        arn: Some(view.arn.to_string()),
        path: Some(view.path.to_string()),
        default_version_id: Some(view.default_version().to_string()),
        attachment_count: Some(usage.attachments),
        permissions_boundary_usage_count: Some(usage.boundaries),
        is_attachable: Some(!policies::service_role_policy(view.path)),
        description: view.description.map(str::to_string),
        create_date: Some(view.created),
        update_date: Some(view.updated),
        policy_version_list: Some(
            view.versions
                .iter()
                .map(|v| iam::PolicyVersion {
                    document: Some(v.document.text().to_string()),
                    version_id: Some(v.id.clone()),
                    is_default_version: Some(v.is_default),
                    create_date: Some(v.created),
                })
                .collect(),
        ),
    }
}

/// `GetAccountAuthorizationDetails`. Without a filter every kind is listed; AWS managed policies
/// appear only when the account uses them (attached or as a boundary), as on AWS.
pub fn get_account_authorization_details(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetAccountAuthorizationDetailsRequest,
) -> Result<iam::GetAccountAuthorizationDetailsResponse, ApiError> {
    let filter = input.filter.unwrap_or_default();
    let wanted = |t: EntityType| filter.is_empty() || filter.contains(&t);
    let users = account
        .users
        .values()
        .filter(|_| wanted(EntityType::User))
        .map(Entry::User);
    let groups = account
        .groups
        .values()
        .filter(|_| wanted(EntityType::Group))
        .map(Entry::Group);
    let roles = account
        .roles
        .values()
        .filter(|_| wanted(EntityType::Role))
        .map(Entry::Role);
    let local = account
        .policies
        .values()
        .filter(|_| wanted(EntityType::LocalManagedPolicy))
        .map(|p: &ManagedPolicy| Entry::Policy(View::local(p)));
    let catalog = cx.store.catalog();
    let mut in_use: Vec<&str> = account
        .policy_usage
        .iter()
        .filter(|(arn, u)| policies::is_aws(arn) && (u.attachments > 0 || u.boundaries > 0))
        .map(|(arn, _)| arn.as_str())
        .collect();
    in_use.sort_unstable();
    let aws = in_use
        .into_iter()
        .filter(|_| wanted(EntityType::AwsManagedPolicy))
        .filter_map(|arn| catalog.get(arn))
        .map(|p| Entry::Policy(View::aws(p)));
    let page = page_iter(
        users.chain(groups).chain(roles).chain(local).chain(aws),
        input.marker.as_deref(),
        input.max_items,
    )?;
    let mut out = iam::GetAccountAuthorizationDetailsResponse {
        user_detail_list: Some(Vec::new()),
        group_detail_list: Some(Vec::new()),
        role_detail_list: Some(Vec::new()),
        policies: Some(Vec::new()),
        is_truncated: Some(page.is_truncated()),
        marker: page.marker.clone(),
    };
    for entry in page.items {
        match entry {
            Entry::User(u) => out
                .user_detail_list
                .get_or_insert_default()
                .push(user_detail(account, u)),
            Entry::Group(g) => out
                .group_detail_list
                .get_or_insert_default()
                .push(group_detail(g)),
            Entry::Role(r) => out
                .role_detail_list
                .get_or_insert_default()
                .push(role_detail(account, r)),
            Entry::Policy(v) => out
                .policies
                .get_or_insert_default()
                .push(policy_detail(account, &v)),
        }
    }
    Ok(out)
}
