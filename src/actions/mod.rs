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
    use iam::{instance_profiles, role_policies, roles, service_linked_roles};
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
        // roles
        Request::CreateRole(i) => write(cx, |a| roles::create_role(cx, a, i)),
        Request::GetRole(i) => read(cx, |a| roles::get_role(a, i)),
        Request::UpdateRole(i) => write(cx, |a| roles::update_role(a, i)),
        Request::UpdateRoleDescription(i) => write(cx, |a| roles::update_role_description(a, i)),
        Request::UpdateAssumeRolePolicy(i) => write(cx, |a| roles::update_assume_role_policy(a, i)),
        Request::DeleteRole(i) => write(cx, |a| roles::delete_role(a, i)),
        Request::ListRoles(i) => read(cx, |a| roles::list_roles(a, i)),
        Request::TagRole(i) => write(cx, |a| roles::tag_role(a, i)),
        Request::UntagRole(i) => write(cx, |a| roles::untag_role(a, i)),
        Request::ListRoleTags(i) => read(cx, |a| roles::list_role_tags(a, i)),
        // role policies
        Request::PutRolePolicy(i) => write(cx, |a| role_policies::put_role_policy(a, i)),
        Request::GetRolePolicy(i) => read(cx, |a| role_policies::get_role_policy(a, i)),
        Request::DeleteRolePolicy(i) => write(cx, |a| role_policies::delete_role_policy(a, i)),
        Request::ListRolePolicies(i) => read(cx, |a| role_policies::list_role_policies(a, i)),
        // service-linked roles
        Request::CreateServiceLinkedRole(i) => write(cx, |a| {
            service_linked_roles::create_service_linked_role(cx, a, i)
        }),
        Request::DeleteServiceLinkedRole(i) => write(cx, |a| {
            service_linked_roles::delete_service_linked_role(a, i)
        }),
        Request::GetServiceLinkedRoleDeletionStatus(i) => read(cx, |a| {
            service_linked_roles::get_service_linked_role_deletion_status(a, i)
        }),
        // instance profiles
        Request::CreateInstanceProfile(i) => {
            write(cx, |a| instance_profiles::create_instance_profile(cx, a, i))
        }
        Request::GetInstanceProfile(i) => {
            read(cx, |a| instance_profiles::get_instance_profile(a, i))
        }
        Request::DeleteInstanceProfile(i) => {
            write(cx, |a| instance_profiles::delete_instance_profile(a, i))
        }
        Request::ListInstanceProfiles(i) => {
            read(cx, |a| instance_profiles::list_instance_profiles(a, i))
        }
        Request::AddRoleToInstanceProfile(i) => write(cx, |a| {
            instance_profiles::add_role_to_instance_profile(a, i)
        }),
        Request::RemoveRoleFromInstanceProfile(i) => write(cx, |a| {
            instance_profiles::remove_role_from_instance_profile(a, i)
        }),
        Request::ListInstanceProfilesForRole(i) => read(cx, |a| {
            instance_profiles::list_instance_profiles_for_role(a, i)
        }),
        Request::TagInstanceProfile(i) => {
            write(cx, |a| instance_profiles::tag_instance_profile(a, i))
        }
        Request::UntagInstanceProfile(i) => {
            write(cx, |a| instance_profiles::untag_instance_profile(a, i))
        }
        Request::ListInstanceProfileTags(i) => {
            read(cx, |a| instance_profiles::list_instance_profile_tags(a, i))
        }
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
