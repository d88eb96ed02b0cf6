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

/// Everything about the caller that authorization needs, copied from the account (it is derived
/// once per generation of the state, see [`super::Profile`]).
#[derive(Debug)]
pub struct Subject {
    /// `aws:PrincipalArn`: the user's ARN, the role's ARN for a role session.
    pub principal_arn: String,
    /// `aws:PrincipalType`.
    pub principal_type: &'static str,
    /// `aws:userid`.
    pub userid: String,
    /// `aws:username`, for IAM users only.
    pub username: Option<String>,
    /// `aws:PrincipalTag/…`: the principal's tags, session tags over them.
    pub tags: Vec<Tag>,
    /// The STS session signing the request, if any.
    pub session: Option<Arc<Session>>,
    /// The identity policies and boundary.
    pub policies: UserPolicies,
}

impl Subject {
    /// The session policies that bound the caller, when the session was given any.
    pub fn session_policies(&self) -> Vec<Arc<CompiledPolicy>> {
        self.session
            .as_ref()
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
pub fn of(store: &Store, account: &AccountState, caller: &Caller) -> Option<Subject> {
    let session = caller.session();
    match caller.principal() {
        Principal::Root => None,
        Principal::User { name, .. } => {
            let user = account.users.get(&key(name))?;
            Some(Subject {
                principal_arn: user.arn.clone(),
                principal_type: "User",
                userid: user.id.clone(),
                username: Some(user.name.clone()),
                tags: user.tags.clone(),
                session: session.cloned(),
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
                principal_arn: role.arn.clone(),
                principal_type: "AssumedRole",
                userid: id.clone(),
                username: None,
                tags: merged_tags(&role.tags, session),
                session: session.cloned(),
                policies: UserPolicies { identity, boundary },
            })
        }
        Principal::FederatedUser { user_name, id, arn } => {
            let user = account.users.get(&key(user_name))?;
            Some(Subject {
                principal_arn: arn.clone(),
                principal_type: "FederatedUser",
                userid: id.clone(),
                username: None,
                tags: merged_tags(&[], session),
                session: session.cloned(),
                policies: policies::of_user(store, account, user),
            })
        }
    }
}

/// The root user as a subject: no policies of its own (it needs none in its own account), its
/// session if it signs with one (AssumeRoot).
pub fn root(caller: &Caller) -> Subject {
    Subject {
        principal_arn: format!("arn:aws:iam::{}:root", caller.account()),
        principal_type: "Account",
        userid: caller.account().to_owned(),
        username: None,
        tags: Vec::new(),
        session: caller.session().cloned(),
        policies: UserPolicies::default(),
    }
}

/// The principal's own tags with the session's tags over them (keys compared case-insensitively,
/// as IAM tag keys are unique).
fn merged_tags(own: &[Tag], session: Option<&Arc<Session>>) -> Vec<Tag> {
    let session_tags: &[Tag] = session.map_or(&[], |s| &s.tags);
    own.iter()
        .filter(|t| {
            !session_tags
                .iter()
                .any(|s| s.key.eq_ignore_ascii_case(&t.key))
        })
        .chain(session_tags)
        .cloned()
        .collect()
}
