//! The caller as authorization sees it: the principal the engine matches, the policies that
//! apply, and the principal's condition keys — for IAM users, role sessions, federated users and
//! GetSessionToken sessions alike
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>).

use super::policies::{self, UserPolicies};
use crate::actions::iam::common::key;
use crate::auth::{Caller, Principal};
use crate::protocol::iam::Tag;
use crate::store::sessions::Session;
use crate::store::{AccountState, Store};
use iam_policy::{CompiledPolicy, PrincipalType, RequestPrincipal};
use std::sync::Arc;

/// Everything about the caller that authorization needs, borrowed from the account.
pub struct Subject<'a> {
    /// `aws:PrincipalArn`: the user's ARN, the role's ARN for a role session.
    pub principal_arn: &'a str,
    /// `aws:PrincipalType`.
    pub principal_type: &'static str,
    /// `aws:userid`.
    pub userid: &'a str,
    /// `aws:username`, for IAM users only.
    pub username: Option<&'a str>,
    /// `aws:PrincipalTag/…`: the principal's tags, session tags over them.
    pub tags: Vec<&'a Tag>,
    /// The STS session signing the request, if any.
    pub session: Option<&'a Session>,
    /// The identity policies and boundary.
    pub policies: UserPolicies,
}

impl Subject<'_> {
    /// The session policies that bound the caller, when the session was given any.
    pub fn session_policies(&self) -> Vec<Arc<CompiledPolicy>> {
        self.session
            .filter(|s| s.has_session_policies)
            .map(|s| s.policies.clone())
            .unwrap_or_default()
    }
}

/// The caller seen by the engine: its ARN, account, kind and, for a role session, the role.
pub fn request_principal(caller: &Caller) -> RequestPrincipal {
    let (principal_type, source_arn) = match caller.principal() {
        Principal::Root => (PrincipalType::Account, None),
        Principal::User { .. } => (PrincipalType::User, None),
        Principal::AssumedRole { role_arn, .. } => {
            (PrincipalType::AssumedRole, Some(role_arn.clone()))
        }
        Principal::FederatedUser { .. } => (PrincipalType::FederatedUser, None),
    };
    RequestPrincipal {
        arn: caller.arn(),
        account: caller.account().to_owned(),
        principal_type,
        source_arn,
    }
}

/// The subject behind `caller`; `None` for the root user and for a user or role deleted since
/// its credentials were checked (nothing allows then).
pub fn of<'a>(store: &Store, account: &'a AccountState, caller: &'a Caller) -> Option<Subject<'a>> {
    let session = caller.session().map(AsRef::as_ref);
    match caller.principal() {
        Principal::Root => None,
        Principal::User { name, .. } => {
            let user = account.users.get(&key(name))?;
            Some(Subject {
                principal_arn: &user.arn,
                principal_type: "User",
                userid: &user.id,
                username: Some(&user.name),
                tags: user.tags.iter().collect(),
                session,
                policies: policies::of_user(store, account, user),
            })
        }
        Principal::AssumedRole { role_name, id, .. } => {
            let role = account.roles.get(&key(role_name))?;
            let mut identity = Vec::new();
            policies::inline(&role.inline_policies, &mut identity);
            policies::attached(store, account, &role.attached_policies, &mut identity);
            let boundary = role
                .permissions_boundary
                .as_deref()
                .and_then(|arn| policies::managed(store, account, arn));
            Some(Subject {
                principal_arn: &role.arn,
                principal_type: "AssumedRole",
                userid: id,
                username: None,
                tags: merged_tags(&role.tags, session),
                session,
                policies: UserPolicies { identity, boundary },
            })
        }
        Principal::FederatedUser { user_name, id, arn } => {
            let user = account.users.get(&key(user_name))?;
            Some(Subject {
                principal_arn: arn,
                principal_type: "FederatedUser",
                userid: id,
                username: None,
                tags: merged_tags(&[], session),
                session,
                policies: policies::of_user(store, account, user),
            })
        }
    }
}

/// The root user as a subject, `root_arn` being `arn:aws:iam::ACCOUNT:root`: no policies of its
/// own (it needs none in its own account), its session if it signs with one (AssumeRoot).
pub fn root<'a>(caller: &'a Caller, root_arn: &'a str) -> Subject<'a> {
    Subject {
        principal_arn: root_arn,
        principal_type: "Account",
        userid: caller.account(),
        username: None,
        tags: Vec::new(),
        session: caller.session().map(AsRef::as_ref),
        policies: UserPolicies::default(),
    }
}

/// The principal's own tags with the session's tags over them (keys compared case-insensitively,
/// as IAM tag keys are unique).
fn merged_tags<'a>(own: &'a [Tag], session: Option<&'a Session>) -> Vec<&'a Tag> {
    let session_tags: &[Tag] = session.map_or(&[], |s| &s.tags);
    own.iter()
        .filter(|t| {
            !session_tags
                .iter()
                .any(|s| s.key.eq_ignore_ascii_case(&t.key))
        })
        .chain(session_tags)
        .collect()
}
