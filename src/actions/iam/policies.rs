//! Customer managed policies: CreatePolicy, GetPolicy, DeletePolicy, TagPolicy, UntagPolicy,
//! ListPolicyTags, and the lookups every managed-policy family shares. AWS managed policies are
//! read from the catalog and are never changed (`ListPolicies` lives in `policy_list.rs`).

use super::common::{key, path_or_root, quota};
use super::documents::{self, DocKind};
use super::{policy_refs, tags};
use crate::actions::Ctx;
use crate::error::{ApiError, ErrorCode};
use crate::protocol::iam;
use crate::protocol::iam::Tag;
use crate::protocol::xml::Timestamp;
use crate::store::entities::{ManagedPolicy, PolicyUsage, PolicyVersion};
use crate::store::ids::{IdPrefix, unique_id};
use crate::store::{AccountState, Store, quotas};

/// The ARN prefix of every AWS managed policy.
const AWS_POLICY_PREFIX: &str = "arn:aws:iam::aws:policy";

/// A managed policy as the read operations see it, whether the account's own or AWS's.
pub struct View<'a> {
    /// Name as created.
    pub name: &'a str,
    /// Path.
    pub path: &'a str,
    /// `ANPA…`.
    pub id: &'a str,
    /// ARN.
    pub arn: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Creation time.
    pub created: Timestamp,
    /// Last change of the default version.
    pub updated: Timestamp,
    /// Versions, oldest first.
    pub versions: &'a [PolicyVersion],
    /// Tags (AWS managed policies have none).
    pub tags: &'a [Tag],
}

impl<'a> View<'a> {
    /// The view of a customer managed policy.
    pub fn local(p: &'a ManagedPolicy) -> Self {
        View {
            name: &p.name,
            path: &p.path,
            id: &p.id,
            arn: &p.arn,
            description: p.description.as_deref(),
            created: p.created,
            updated: p.updated,
            versions: &p.versions,
            tags: &p.tags,
        }
    }

    /// The view of an AWS managed policy.
    pub fn aws(p: &'a crate::store::catalog::AwsManagedPolicy) -> Self {
        View {
            name: &p.name,
            path: &p.path,
            id: &p.id,
            arn: &p.arn,
            description: p.description.as_deref(),
            created: p.created,
            updated: p.updated,
            versions: &p.versions,
            tags: &[],
        }
    }

    /// The id of the default version (`v1` when, against the invariant, none is marked).
    pub fn default_version(&self) -> &'a str {
        self.versions
            .iter()
            .find(|v| v.is_default)
            .map_or("v1", |v| v.id.as_str())
    }
}

/// Whether `arn` names an AWS managed policy (`arn:aws:iam::aws:policy/...`).
pub fn is_aws(arn: &str) -> bool {
    arn.starts_with(AWS_POLICY_PREFIX)
}

/// Service-linked role policies (path `/aws-service-role/`) can be used only by the roles AWS
/// makes for its services, so AWS reports them as not attachable.
pub fn service_role_policy(path: &str) -> bool {
    path.starts_with("/aws-service-role/")
}

/// `InvalidInput` for a value that is not an ARN at all, as AWS answers before any lookup.
pub fn check_arn(arn: &str) -> Result<(), ApiError> {
    if arn.starts_with("arn:") && arn.split(':').count() >= 6 {
        Ok(())
    } else {
        Err(ApiError::invalid_input(format!("ARN {arn} is not valid.")))
    }
}

/// `NoSuchEntity: Policy arn:... was not found.`
pub fn not_found(arn: &str) -> ApiError {
    ApiError::no_such_entity(format!("Policy {arn} was not found."))
}

/// The policy named by `arn`, from the account or the catalog, or AWS's NoSuchEntity.
pub fn find<'a>(
    store: &'a Store,
    account: &'a AccountState,
    arn: &str,
) -> Result<View<'a>, ApiError> {
    check_arn(arn)?;
    if let Some(p) = policy_refs::customer_key(account, arn).and_then(|k| account.policies.get(&k))
    {
        return Ok(View::local(p));
    }
    if is_aws(arn)
        && let Some(p) = store.catalog().get(arn)
    {
        return Ok(View::aws(p));
    }
    Err(not_found(arn))
}

/// The account's own policy named by `arn`, for a change. AWS managed policies belong to AWS:
/// changing one is denied whoever asks, as it is on AWS for any resource of another account.
pub fn find_mut<'a>(
    cx: &Ctx<'_>,
    account: &'a mut AccountState,
    arn: &str,
    action: &str,
) -> Result<&'a mut ManagedPolicy, ApiError> {
    check_arn(arn)?;
    if is_aws(arn) {
        return Err(ApiError::new(
            ErrorCode::AccessDenied,
            format!(
                "User: {} is not authorized to perform: iam:{action} on resource: policy {arn} \
                 because no resource-based policy allows the iam:{action} action",
                cx.caller.arn()
            ),
        ));
    }
    policy_refs::customer_key(account, arn)
        .and_then(|k| account.policies.get_mut(&k))
        .ok_or_else(|| not_found(arn))
}

/// How often the account uses the policy named by `arn`.
pub fn usage(account: &AccountState, arn: &str) -> PolicyUsage {
    account.policy_usage.get(arn).copied().unwrap_or_default()
}

/// The `Policy` shape. Listings leave out the description and tags, as AWS does.
pub fn shape(view: &View<'_>, usage: PolicyUsage, full: bool) -> iam::Policy {
    iam::Policy {
        policy_name: Some(view.name.to_string()),
        policy_id: Some(view.id.to_string()),
        arn: Some(view.arn.to_string()),
        path: Some(view.path.to_string()),
        default_version_id: Some(view.default_version().to_string()),
        attachment_count: Some(usage.attachments),
        permissions_boundary_usage_count: Some(usage.boundaries),
        is_attachable: Some(!service_role_policy(view.path)),
        description: if full {
            view.description.map(str::to_string)
        } else {
            None
        },
        create_date: Some(view.created),
        update_date: Some(view.updated),
        tags: if full { tags::shown(view.tags) } else { None },
    }
}

/// `CreatePolicy`: names are unique in the account whatever the path; `v1` is the default.
pub fn create_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreatePolicyRequest,
) -> Result<iam::CreatePolicyResponse, ApiError> {
    let k = key(&input.policy_name);
    if account.policies.contains_key(&k) {
        return Err(ApiError::already_exists(format!(
            "A policy called {} already exists. Duplicate names are not allowed.",
            input.policy_name
        )));
    }
    if cx.store.entity_quotas && account.policies.len() >= quotas::POLICIES {
        return Err(quota("PoliciesPerAccount", quotas::POLICIES));
    }
    let path = path_or_root(input.path);
    let arn = account.arn("policy", &path, &input.policy_name);
    let document = documents::validate(&input.policy_document, DocKind::Managed, &arn)?;
    let tags = tags::initial(input.tags)?;
    let policy = ManagedPolicy {
        arn,
        name: input.policy_name,
        path,
        id: unique_id(IdPrefix::Policy),
        description: input.description,
        created: cx.now,
        updated: cx.now,
        versions: vec![PolicyVersion {
            id: "v1".to_string(),
            document,
            created: cx.now,
            is_default: true,
        }],
        next_version: 2,
        tags,
    };
    let out = shape(&View::local(&policy), PolicyUsage::default(), true);
    account.policies.insert(k, policy);
    Ok(iam::CreatePolicyResponse { policy: Some(out) })
}

/// `GetPolicy`, for the account's own policies and AWS managed ones alike.
pub fn get_policy(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetPolicyRequest,
) -> Result<iam::GetPolicyResponse, ApiError> {
    let view = find(cx.store, account, &input.policy_arn)?;
    Ok(iam::GetPolicyResponse {
        policy: Some(shape(&view, usage(account, view.arn), true)),
    })
}

/// `DeletePolicy`: refused while anything uses the policy or while it has other versions.
pub fn delete_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeletePolicyRequest,
) -> Result<(), ApiError> {
    let arn = input.policy_arn;
    let policy = find_mut(cx, account, &arn, "DeletePolicy")?;
    let k = key(&policy.name);
    let versions = policy.versions.len();
    let used = usage(account, &arn);
    if used.attachments > 0 || used.boundaries > 0 {
        return Err(ApiError::delete_conflict(
            "Cannot delete a policy attached to entities.",
        ));
    }
    if versions > 1 {
        return Err(ApiError::delete_conflict(
            "This policy has more than one version. Before you delete a policy, you must delete \
             the policy's versions. The default version is deleted with the policy.",
        ));
    }
    account.policies.remove(&k);
    account.policy_usage.remove(&arn);
    Ok(())
}

/// `TagPolicy`.
pub fn tag_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::TagPolicyRequest,
) -> Result<(), ApiError> {
    let policy = find_mut(cx, account, &input.policy_arn, "TagPolicy")?;
    tags::apply(&mut policy.tags, input.tags)
}

/// `UntagPolicy`.
pub fn untag_policy(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UntagPolicyRequest,
) -> Result<(), ApiError> {
    let policy = find_mut(cx, account, &input.policy_arn, "UntagPolicy")?;
    tags::remove(&mut policy.tags, &input.tag_keys);
    Ok(())
}

/// `ListPolicyTags`.
pub fn list_policy_tags(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListPolicyTagsRequest,
) -> Result<iam::ListPolicyTagsResponse, ApiError> {
    let view = find(cx.store, account, &input.policy_arn)?;
    let page = tags::page(view.tags, input.marker.as_deref(), input.max_items)?;
    Ok(iam::ListPolicyTagsResponse {
        is_truncated: Some(page.is_truncated()),
        marker: page.marker,
        tags: page.items,
    })
}
