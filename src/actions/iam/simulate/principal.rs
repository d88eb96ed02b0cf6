//! Who a simulation is about: the user, group or role `PolicySourceArn` names, with the policies
//! the store keeps compiled for it, and the simulated caller (`CallerArn`).

use crate::actions::iam::common::{key, no_such};
use crate::authz::policies::{self, UserPolicies};
use crate::error::ApiError;
use crate::store::{AccountState, Store};
use iam_policy::{PrincipalType, RequestPrincipal};

/// The entity a principal simulation evaluates.
pub struct Source {
    /// Its identity policies (a user's include its groups').
    pub policies: UserPolicies,
    /// The caller the requests come from when no `CallerArn` is given: a user is its own caller,
    /// a role calls as a session of itself; a group has none (`None`).
    pub caller: Option<RequestPrincipal>,
}

/// The entity `arn` names in `account`, or `NoSuchEntity` as GetUser, GetGroup and GetRole word it.
pub fn source(store: &Store, account: &AccountState, arn: &str) -> Result<Source, ApiError> {
    let invalid = || ApiError::invalid_input(format!("Invalid ARN: {arn}"));
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some("iam"), Some(_), Some(owner), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(invalid());
    };
    let (kind, rest) = resource.split_once('/').ok_or_else(invalid)?;
    let name = rest.rsplit('/').next().unwrap_or(rest);
    let same = |stored: &str| owner == account.id.as_ref() && stored.eq_ignore_ascii_case(arn);
    match kind {
        "user" => {
            let user = account
                .users
                .get(&key(name))
                .filter(|u| same(&u.arn))
                .ok_or_else(|| no_such("user", name))?;
            Ok(Source {
                policies: policies::of_user(store, account, user),
                caller: Some(user_principal(&user.arn)),
            })
        }
        "group" => {
            let group = account
                .groups
                .get(&key(name))
                .filter(|g| same(&g.arn))
                .ok_or_else(|| no_such("group", name))?;
            let mut identity = Vec::new();
            policies::inline(&group.inline_policies, &mut identity);
            policies::attached(store, account, &group.attached_policies, &mut identity);
            Ok(Source {
                policies: UserPolicies {
                    identity,
                    boundary: None,
                },
                caller: None,
            })
        }
        "role" => {
            let role = account
                .roles
                .get(&key(name))
                .filter(|r| same(&r.arn))
                .ok_or_else(|| no_such("role", name))?;
            let mut identity = Vec::new();
            policies::inline(&role.inline_policies, &mut identity);
            policies::attached(store, account, &role.attached_policies, &mut identity);
            let boundary = role
                .permissions_boundary
                .as_deref()
                .and_then(|b| policies::managed(store, account, b));
            Ok(Source {
                policies: UserPolicies { identity, boundary },
                caller: Some(RequestPrincipal {
                    arn: format!(
                        "arn:aws:sts::{}:assumed-role/{}/SimulatePrincipalPolicy",
                        account.id, role.name
                    ),
                    account: account.id.to_string(),
                    principal_type: PrincipalType::AssumedRole,
                    source_arn: Some(role.arn.clone()),
                }),
            })
        }
        _ => Err(invalid()),
    }
}

/// The simulated caller `CallerArn` names: AWS takes only IAM users ("You cannot specify the ARN
/// of an assumed role, federated user, or a service principal").
pub fn caller(arn: &str) -> Result<RequestPrincipal, ApiError> {
    let is_user = arn
        .split(':')
        .nth(5)
        .is_some_and(|resource| resource.starts_with("user/"));
    if !arn.starts_with("arn:") || !is_user {
        return Err(ApiError::invalid_input(format!(
            "Invalid CallerArn: {arn}. CallerArn must be the ARN of an IAM user."
        )));
    }
    Ok(user_principal(arn))
}

/// The caller when none is named: requests evaluated against identity policies alone, as from
/// an unnamed user of the calling account.
pub fn unnamed(account: &str) -> RequestPrincipal {
    RequestPrincipal {
        arn: format!("arn:aws:iam::{account}:user/"),
        account: account.to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    }
}

fn user_principal(arn: &str) -> RequestPrincipal {
    RequestPrincipal {
        arn: arn.to_owned(),
        account: arn.split(':').nth(4).unwrap_or_default().to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    }
}
