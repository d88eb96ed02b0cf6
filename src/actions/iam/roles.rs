//! Roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
//! DeleteRole, ListRoles, TagRole, UntagRole, ListRoleTags.

use super::common::{already_exists, key, no_such, path_or_root, quota, under_prefix};
use super::documents::{self, DocKind};
use super::users::boundary_shape;
use super::{policy_refs, tags};
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::store::entities::{InlinePolicies, Role};
use crate::store::ids::{IdPrefix, unique_id};
use crate::store::paging::page_map;
use crate::store::{AccountState, quotas};

/// AWS's default `MaxSessionDuration`, in seconds.
const DEFAULT_MAX_SESSION_DURATION: i32 = 3600;

/// How much of a role an output shows: AWS's listings leave out what the full view has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// GetRole, UpdateRoleDescription: everything, `RoleLastUsed` included.
    Full,
    /// CreateRole, CreateServiceLinkedRole: everything but `RoleLastUsed`.
    Created,
    /// ListRoles: no tags, boundary or `RoleLastUsed`.
    Listed,
    /// A role inside an instance profile: the identity and the trust policy only.
    InProfile,
}

/// The `Role` shape of a stored role, as `view` shows it.
pub fn shape(r: &Role, view: View) -> iam::Role {
    let detailed = matches!(view, View::Full | View::Created);
    let described = view != View::InProfile;
    iam::Role {
        path: r.path.clone(),
        role_name: r.name.clone(),
        role_id: r.id.clone(),
        arn: r.arn.clone(),
        create_date: r.created,
        assume_role_policy_document: Some(r.assume_role_policy.text().to_string()),
        description: if described {
            r.description.clone()
        } else {
            None
        },
        max_session_duration: described.then_some(r.max_session_duration),
        permissions_boundary: if detailed {
            boundary_shape(r.permissions_boundary.as_deref())
        } else {
            None
        },
        tags: if detailed { tags::shown(&r.tags) } else { None },
        // AWS answers an empty element for a role never used.
        role_last_used: (view == View::Full).then(|| iam::RoleLastUsed {
            last_used_date: r.last_used.as_ref().map(|(when, _)| *when),
            region: r.last_used.as_ref().map(|(_, region)| region.clone()),
        }),
    }
}

/// The stored role named `name`, or AWS's NoSuchEntity.
pub fn find<'a>(account: &'a AccountState, name: &str) -> Result<&'a Role, ApiError> {
    account
        .roles
        .get(&key(name))
        .ok_or_else(|| no_such("role", name))
}

/// The stored role named `name`, mutably.
pub fn find_mut<'a>(account: &'a mut AccountState, name: &str) -> Result<&'a mut Role, ApiError> {
    account
        .roles
        .get_mut(&key(name))
        .ok_or_else(|| no_such("role", name))
}

/// Refuses changes to a service-linked role, which only its service may make.
pub fn modifiable(role: &Role) -> Result<(), ApiError> {
    if role.service_linked.is_some() {
        return Err(ApiError::modeled(
            ModeledError::UnmodifiableEntity,
            format!(
                "Cannot perform the operation on the protected role '{}' - this role is only modifiable by AWS",
                role.name
            ),
        ));
    }
    Ok(())
}

/// What a new role is made of, whoever creates it (CreateRole or CreateServiceLinkedRole).
pub struct NewRole {
    /// Name as given.
    pub name: String,
    /// Path.
    pub path: String,
    /// The checked trust policy.
    pub trust: crate::store::entities::Document,
    /// Description.
    pub description: Option<String>,
    /// Maximum session duration in seconds.
    pub max_session_duration: i32,
    /// Permissions boundary ARN, already checked.
    pub permissions_boundary: Option<String>,
    /// Tags, already checked.
    pub tags: Vec<iam::Tag>,
    /// The owning service of a service-linked role.
    pub service_linked: Option<String>,
}

/// Checks the name and the account quota before a role is created.
pub fn check_new(cx: &Ctx<'_>, account: &AccountState, name: &str) -> Result<(), ApiError> {
    if account.roles.contains_key(&key(name)) {
        return Err(already_exists("role", name));
    }
    if cx.store.entity_quotas && account.roles.len() >= quotas::ROLES {
        return Err(quota("RolesPerAccount", quotas::ROLES));
    }
    Ok(())
}

/// Stores a role checked with [`check_new`] and returns its creation shape.
pub fn insert(cx: &Ctx<'_>, account: &mut AccountState, new: NewRole) -> iam::Role {
    let role = Role {
        arn: account.arn("role", &new.path, &new.name),
        id: unique_id(IdPrefix::Role),
        created: cx.now,
        assume_role_policy: new.trust,
        description: new.description,
        max_session_duration: new.max_session_duration,
        permissions_boundary: new.permissions_boundary,
        tags: new.tags,
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
        last_used: None,
        service_linked: new.service_linked,
        path: new.path,
        name: new.name,
    };
    if let Some(arn) = &role.permissions_boundary {
        policy_refs::count_boundary(account, arn, 1);
    }
    let out = shape(&role, View::Created);
    account.roles.insert(key(&role.name), role);
    out
}

/// `CreateRole`.
pub fn create_role(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateRoleRequest,
) -> Result<iam::CreateRoleResponse, ApiError> {
    check_new(cx, account, &input.role_name)?;
    let path = path_or_root(input.path);
    let trust = documents::validate(
        &input.assume_role_policy_document,
        DocKind::Trust,
        &account.arn("role", &path, &input.role_name),
    )?;
    if let Some(arn) = &input.permissions_boundary {
        policy_refs::boundary(cx.store, account, arn)?;
    }
    let tags = tags::initial(input.tags)?;
    let role = insert(
        cx,
        account,
        NewRole {
            name: input.role_name,
            path,
            trust,
            description: input.description,
            max_session_duration: input
                .max_session_duration
                .unwrap_or(DEFAULT_MAX_SESSION_DURATION),
            permissions_boundary: input.permissions_boundary,
            tags,
            service_linked: None,
        },
    );
    Ok(iam::CreateRoleResponse { role })
}

/// `GetRole`.
pub fn get_role(
    account: &AccountState,
    input: iam::GetRoleRequest,
) -> Result<iam::GetRoleResponse, ApiError> {
    Ok(iam::GetRoleResponse {
        role: shape(find(account, &input.role_name)?, View::Full),
    })
}

/// `UpdateRole`: description and maximum session duration. A service-linked role's description
/// may change (AWS lets its owner edit it), nothing else of it.
pub fn update_role(
    account: &mut AccountState,
    input: iam::UpdateRoleRequest,
) -> Result<(), ApiError> {
    let role = find_mut(account, &input.role_name)?;
    if input.max_session_duration.is_some() {
        modifiable(role)?;
    }
    if let Some(d) = input.description {
        role.description = Some(d);
    }
    if let Some(m) = input.max_session_duration {
        role.max_session_duration = m;
    }
    Ok(())
}

/// `UpdateRoleDescription`: answers the whole role.
pub fn update_role_description(
    account: &mut AccountState,
    input: iam::UpdateRoleDescriptionRequest,
) -> Result<iam::UpdateRoleDescriptionResponse, ApiError> {
    let role = find_mut(account, &input.role_name)?;
    role.description = Some(input.description);
    Ok(iam::UpdateRoleDescriptionResponse {
        role: Some(shape(role, View::Full)),
    })
}

/// `UpdateAssumeRolePolicy`.
pub fn update_assume_role_policy(
    account: &mut AccountState,
    input: iam::UpdateAssumeRolePolicyRequest,
) -> Result<(), ApiError> {
    let role = find_mut(account, &input.role_name)?;
    modifiable(role)?;
    role.assume_role_policy =
        documents::validate(&input.policy_document, DocKind::Trust, &role.arn)?;
    Ok(())
}

/// Whether any instance profile holds the role with map key `role_key`.
pub fn in_instance_profile(account: &AccountState, role_key: &str) -> bool {
    account
        .instance_profiles
        .values()
        .any(|p| p.role.as_deref() == Some(role_key))
}

/// `DeleteRole`: refused while anything still hangs off the role, as AWS does, and for
/// service-linked roles, which only DeleteServiceLinkedRole removes.
pub fn delete_role(
    account: &mut AccountState,
    input: iam::DeleteRoleRequest,
) -> Result<(), ApiError> {
    let k = key(&input.role_name);
    let role = find(account, &input.role_name)?;
    modifiable(role)?;
    let conflict = if in_instance_profile(account, &k) {
        Some("must remove roles from instance profile first")
    } else if !role.attached_policies.is_empty() {
        Some("must detach all policies first")
    } else if !role.inline_policies.is_empty() {
        Some("must delete policies first")
    } else {
        None
    };
    if let Some(what) = conflict {
        return Err(ApiError::delete_conflict(format!(
            "Cannot delete entity, {what}."
        )));
    }
    let Some(role) = account.roles.remove(&k) else {
        return Err(no_such("role", &input.role_name));
    };
    if let Some(arn) = &role.permissions_boundary {
        policy_refs::count_boundary(account, arn, -1);
    }
    Ok(())
}

/// `ListRoles`, in name order, filtered by path prefix.
pub fn list_roles(
    account: &AccountState,
    input: iam::ListRolesRequest,
) -> Result<iam::ListRolesResponse, ApiError> {
    let prefix = input.path_prefix.as_deref();
    let page = page_map(
        &account.roles,
        input.marker.as_deref(),
        input.max_items,
        |r| under_prefix(&r.path, prefix),
    )?;
    Ok(iam::ListRolesResponse {
        is_truncated: Some(page.is_truncated()),
        roles: page.items.iter().map(|r| shape(r, View::Listed)).collect(),
        marker: page.marker,
    })
}

/// `TagRole`.
pub fn tag_role(account: &mut AccountState, input: iam::TagRoleRequest) -> Result<(), ApiError> {
    tags::apply(&mut find_mut(account, &input.role_name)?.tags, input.tags)
}

/// `UntagRole`.
pub fn untag_role(
    account: &mut AccountState,
    input: iam::UntagRoleRequest,
) -> Result<(), ApiError> {
    tags::remove(
        &mut find_mut(account, &input.role_name)?.tags,
        &input.tag_keys,
    );
    Ok(())
}

/// `ListRoleTags`.
pub fn list_role_tags(
    account: &AccountState,
    input: iam::ListRoleTagsRequest,
) -> Result<iam::ListRoleTagsResponse, ApiError> {
    let page = tags::page(
        &find(account, &input.role_name)?.tags,
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListRoleTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
