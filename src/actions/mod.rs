//! Handlers: one file per resource family, and the exhaustive match from request to handler.
//!
//! Handlers are synchronous functions over one account's state. The dispatcher takes the account's
//! lock (shared for reads, exclusive for writes) and never holds it across an `.await`.

pub mod iam;
pub mod sts;

use crate::auth::Caller;
use crate::error::{ApiError, ErrorCode};
use crate::protocol::Request;
use crate::protocol::xml::{Timestamp, WriteXml};
use crate::store::{AccountState, Store};

/// What every handler may read besides its account.
pub struct Ctx<'a> {
    /// The whole store (global indexes, other accounts).
    pub store: &'a Store,
    /// Who is calling.
    pub caller: &'a Caller,
    /// The time of the request.
    pub now: Timestamp,
    /// The region the request was signed for.
    pub region: &'a str,
}

/// The result element of a response; `None` for operations without output.
pub type Output = Option<Box<dyn WriteXml + Send>>;

/// A handler's return value turned into an [`Output`].
pub trait IntoOutput {
    /// Boxes the output shape, or `None` for `()`.
    fn into_output(self) -> Output;
}

impl IntoOutput for () {
    fn into_output(self) -> Output {
        None
    }
}

impl<T: WriteXml + Send + 'static> IntoOutput for T {
    fn into_output(self) -> Output {
        Some(Box::new(self))
    }
}

/// Runs a handler that only reads the caller's account.
fn read<T: IntoOutput>(
    cx: &Ctx<'_>,
    f: impl FnOnce(&AccountState) -> Result<T, ApiError>,
) -> Result<Output, ApiError> {
    let account = cx.store.account(cx.caller.account());
    let guard = account.read();
    f(&guard).map(IntoOutput::into_output)
}

/// Runs a handler that changes the caller's account. Handlers check everything before they change
/// anything, so an error never leaves a half-made change behind.
fn write<T: IntoOutput>(
    cx: &Ctx<'_>,
    f: impl FnOnce(&mut AccountState) -> Result<T, ApiError>,
) -> Result<Output, ApiError> {
    let account = cx.store.account(cx.caller.account());
    let mut guard = account.write();
    f(&mut guard).map(IntoOutput::into_output)
}

/// Routes a decoded request to its handler.
pub fn dispatch(cx: &Ctx<'_>, request: Request) -> Result<Output, ApiError> {
    use iam::users;
    match request {
        // users
        Request::CreateUser(i) => write(cx, |a| users::create_user(cx, a, i)),
        Request::GetUser(i) => read(cx, |a| users::get_user(cx, a, i)),
        Request::UpdateUser(i) => write(cx, |a| users::update_user(cx, a, i)),
        Request::DeleteUser(i) => write(cx, |a| users::delete_user(a, i)),
        Request::ListUsers(i) => read(cx, |a| users::list_users(a, i)),
        Request::TagUser(i) => write(cx, |a| users::tag_user(a, i)),
        Request::UntagUser(i) => write(cx, |a| users::untag_user(a, i)),
        Request::ListUserTags(i) => read(cx, |a| users::list_user_tags(a, i)),
        // managed policies
        Request::CreatePolicy(i) => write(cx, |a| iam::policies::create_policy(cx, a, i)),
        Request::GetPolicy(i) => read(cx, |a| iam::policies::get_policy(cx, a, i)),
        Request::DeletePolicy(i) => write(cx, |a| iam::policies::delete_policy(cx, a, i)),
        Request::ListPolicies(i) => read(cx, |a| iam::policy_list::list_policies(cx, a, i)),
        Request::TagPolicy(i) => write(cx, |a| iam::policies::tag_policy(cx, a, i)),
        Request::UntagPolicy(i) => write(cx, |a| iam::policies::untag_policy(cx, a, i)),
        Request::ListPolicyTags(i) => read(cx, |a| iam::policies::list_policy_tags(cx, a, i)),
        // policy versions
        Request::CreatePolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::create_policy_version(cx, a, i)
        }),
        Request::GetPolicyVersion(i) => {
            read(cx, |a| iam::policy_versions::get_policy_version(cx, a, i))
        }
        Request::DeletePolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::delete_policy_version(cx, a, i)
        }),
        Request::ListPolicyVersions(i) => {
            read(cx, |a| iam::policy_versions::list_policy_versions(cx, a, i))
        }
        Request::SetDefaultPolicyVersion(i) => write(cx, |a| {
            iam::policy_versions::set_default_policy_version(cx, a, i)
        }),
        // attachments
        Request::AttachUserPolicy(i) => {
            write(cx, |a| iam::attachments::attach_user_policy(cx, a, i))
        }
        Request::DetachUserPolicy(i) => write(cx, |a| iam::attachments::detach_user_policy(a, i)),
        Request::AttachGroupPolicy(i) => {
            write(cx, |a| iam::attachments::attach_group_policy(cx, a, i))
        }
        Request::DetachGroupPolicy(i) => write(cx, |a| iam::attachments::detach_group_policy(a, i)),
        Request::AttachRolePolicy(i) => {
            write(cx, |a| iam::attachments::attach_role_policy(cx, a, i))
        }
        Request::DetachRolePolicy(i) => write(cx, |a| iam::attachments::detach_role_policy(a, i)),
        Request::ListAttachedUserPolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_user_policies(a, i))
        }
        Request::ListAttachedGroupPolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_group_policies(a, i))
        }
        Request::ListAttachedRolePolicies(i) => {
            read(cx, |a| iam::attachments::list_attached_role_policies(a, i))
        }
        Request::ListEntitiesForPolicy(i) => read(cx, |a| {
            iam::policy_entities::list_entities_for_policy(cx, a, i)
        }),
        // permissions boundaries
        Request::PutUserPermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::put_user_permissions_boundary(cx, a, i)
        }),
        Request::DeleteUserPermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::delete_user_permissions_boundary(a, i)
        }),
        Request::PutRolePermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::put_role_permissions_boundary(cx, a, i)
        }),
        Request::DeleteRolePermissionsBoundary(i) => write(cx, |a| {
            iam::boundaries::delete_role_permissions_boundary(a, i)
        }),
        // sts
        Request::GetCallerIdentity(i) => {
            sts::identity::get_caller_identity(cx, i).map(IntoOutput::into_output)
        }
        other => Err(ApiError::new(
            ErrorCode::NotImplemented,
            format!("localiam does not implement {} yet", other.action().name()),
        )),
    }
}
