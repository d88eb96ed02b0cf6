//! Which services an entity's permissions policies grant, for the last accessed reports and
//! `ListPoliciesGrantingServiceAccess`.
//!
//! AWS lists "every AWS service that the resource could access using permissions policies",
//! using "only permissions policy logic" (GetServiceLastAccessedDetails, IAM API Reference): the
//! identity policies of the entity (a user's include its groups'), not boundaries or resource
//! policies. A service is granted when an `Allow` statement's `Action` matches one of its actions
//! in the Service Authorization Reference, or its `NotAction` leaves one out. Documents are parsed
//! here, when a report is made, never on the request path.

use super::common::no_such;
use super::policies;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::service_reference::ServiceReference;
use crate::store::entities::{InlinePolicies, User};
use crate::store::paging::page_iter;
use crate::store::{AccountState, Store};
use iam_policy::matching::ActionMatcher;
use iam_policy::parse::{Effect, PolicyKind, parse_policy};
use std::collections::{BTreeSet, HashMap};

/// Services whose calls localiam records per action, so ACTION_LEVEL reports list their actions.
pub const TRACKED: [&str; 2] = ["iam", "sts"];

/// What one document grants.
#[derive(Debug, Default)]
pub struct Grants {
    /// Service prefixes.
    pub services: BTreeSet<&'static str>,
    /// Actions of the [`TRACKED`] services, as (prefix, name).
    pub actions: BTreeSet<(&'static str, &'static str)>,
}

impl Grants {
    fn add(&mut self, prefix: &'static str, action: &'static str) {
        self.services.insert(prefix);
        if TRACKED.contains(&prefix) {
            self.actions.insert((prefix, action));
        }
    }

    /// What `document` grants; nothing when it does not parse (stored documents always do).
    pub fn of(document: &str) -> Self {
        let mut grants = Grants::default();
        let Ok(policy) = parse_policy(document, PolicyKind::Identity) else {
            return grants;
        };
        let reference = ServiceReference::get();
        for statement in policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
        {
            let block = &statement.action;
            if !block.negated {
                for pattern in &block.patterns {
                    for (service, action) in reference.matching_actions(pattern) {
                        grants.add(&service.prefix, &action.name);
                    }
                }
                continue;
            }
            let matchers: Vec<ActionMatcher> = block
                .patterns
                .iter()
                .map(|p| ActionMatcher::new(p))
                .collect();
            let mut full = String::new();
            for service in reference.services() {
                for action in &service.actions {
                    full.clear();
                    full.push_str(&service.prefix);
                    full.push(':');
                    full.push_str(&action.name);
                    if !matchers.iter().any(|m| m.matches(&full)) {
                        grants.add(&service.prefix, &action.name);
                    }
                }
            }
        }
        grants
    }
}

/// One permissions policy of an entity.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The policy's name.
    pub name: &'a str,
    /// The managed policy's ARN; `None` for an inline policy.
    pub arn: Option<&'a str>,
    /// For an inline policy, the kind and name of the entity it is embedded in.
    pub owner: Option<(iam::PolicyOwnerEntityType, &'a str)>,
    /// The document (a managed policy's default version).
    pub document: &'a str,
}

fn inline<'a>(
    policies: &'a InlinePolicies,
    kind: iam::PolicyOwnerEntityType,
    owner: &'a str,
) -> impl Iterator<Item = Source<'a>> {
    policies.values().map(move |p| Source {
        name: &p.name,
        arn: None,
        owner: Some((kind, owner)),
        document: p.document.text(),
    })
}

fn attached<'a>(
    store: &'a Store,
    account: &'a AccountState,
    arns: &'a [String],
) -> impl Iterator<Item = Source<'a>> {
    arns.iter().filter_map(|arn| {
        let view = policies::find(store, account, arn).ok()?;
        let default = view.versions.iter().find(|v| v.is_default)?;
        Some(Source {
            name: view.name,
            arn: Some(view.arn),
            owner: None,
            document: default.document.text(),
        })
    })
}

/// A user's policies: its own, then its groups'.
pub fn of_user<'a>(store: &'a Store, account: &'a AccountState, user: &'a User) -> Vec<Source<'a>> {
    let mut sources: Vec<Source<'a>> = inline(
        &user.inline_policies,
        iam::PolicyOwnerEntityType::User,
        &user.name,
    )
    .chain(attached(store, account, &user.attached_policies))
    .collect();
    for group in user.groups.iter().filter_map(|g| account.groups.get(g)) {
        sources.extend(of_group(store, account, group));
    }
    sources
}

/// A group's policies.
pub fn of_group<'a>(
    store: &'a Store,
    account: &'a AccountState,
    group: &'a crate::store::entities::Group,
) -> Vec<Source<'a>> {
    inline(
        &group.inline_policies,
        iam::PolicyOwnerEntityType::Group,
        &group.name,
    )
    .chain(attached(store, account, &group.attached_policies))
    .collect()
}

/// A role's permissions policies (not its trust policy).
pub fn of_role<'a>(
    store: &'a Store,
    account: &'a AccountState,
    role: &'a crate::store::entities::Role,
) -> Vec<Source<'a>> {
    inline(
        &role.inline_policies,
        iam::PolicyOwnerEntityType::Role,
        &role.name,
    )
    .chain(attached(store, account, &role.attached_policies))
    .collect()
}

/// What each distinct document grants, computed once per document.
#[derive(Debug, Default)]
pub struct GrantCache<'a>(HashMap<&'a str, Grants>);

impl<'a> GrantCache<'a> {
    /// The grants of `document`.
    pub fn get(&mut self, document: &'a str) -> &Grants {
        self.0
            .entry(document)
            .or_insert_with(|| Grants::of(document))
    }

    /// Everything the sources grant together.
    pub fn union(&mut self, sources: &[Source<'a>]) -> Grants {
        let mut all = Grants::default();
        for source in sources {
            let grants = self.get(source.document);
            all.services.extend(grants.services.iter().copied());
            all.actions.extend(grants.actions.iter().copied());
        }
        all
    }
}

/// The last path segment of an IAM ARN's resource (`user/path/name` gives `name`).
pub fn arn_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The kind (`user`, `group`, `role`, `policy`) of an IAM ARN of `account` (or of an AWS managed
/// policy), or `None` when `arn` names nothing IAM can report on there.
pub fn arn_kind<'a>(account: &AccountState, arn: &'a str) -> Option<&'a str> {
    let (owner, rest) = arn.strip_prefix("arn:aws:iam::")?.split_once(':')?;
    let (kind, _) = rest.split_once('/')?;
    let known = match owner {
        "aws" => kind == "policy",
        _ => owner == &*account.id && matches!(kind, "user" | "group" | "role" | "policy"),
    };
    known.then_some(kind)
}

/// `InvalidInput` for an ARN that names no user, group, role or policy of the caller's account.
pub fn invalid_arn(arn: &str) -> ApiError {
    ApiError::invalid_input(format!("ARN {arn} is not valid."))
}

/// The policies of the user, group or role named by `arn`.
fn sources_of<'a>(
    store: &'a Store,
    account: &'a AccountState,
    arn: &str,
) -> Result<Vec<Source<'a>>, ApiError> {
    let name = arn_name(arn);
    let key = name.to_ascii_lowercase();
    match arn_kind(account, arn) {
        Some("user") => {
            let user = account.users.get(&key).filter(|u| u.arn == arn);
            Ok(of_user(
                store,
                account,
                user.ok_or_else(|| no_such("user", name))?,
            ))
        }
        Some("group") => {
            let group = account.groups.get(&key).filter(|g| g.arn == arn);
            Ok(of_group(
                store,
                account,
                group.ok_or_else(|| no_such("group", name))?,
            ))
        }
        Some("role") => {
            let role = account.roles.get(&key).filter(|r| r.arn == arn);
            Ok(of_role(
                store,
                account,
                role.ok_or_else(|| no_such("role", name))?,
            ))
        }
        _ => Err(invalid_arn(arn)),
    }
}

fn granting(source: &Source<'_>) -> iam::PolicyGrantingServiceAccess {
    iam::PolicyGrantingServiceAccess {
        policy_name: source.name.to_owned(),
        policy_type: if source.arn.is_some() {
            iam::PolicyType::Managed
        } else {
            iam::PolicyType::Inline
        },
        policy_arn: source.arn.map(str::to_owned),
        entity_type: source.owner.map(|(kind, _)| kind),
        entity_name: source.owner.map(|(_, name)| name.to_owned()),
    }
}

/// `ListPoliciesGrantingServiceAccess`: for each namespace asked, the user's, group's or role's
/// policies that grant it (a user's include its groups'; a managed policy attached twice is
/// listed once).
pub fn list_policies_granting_service_access(
    store: &Store,
    account: &AccountState,
    input: iam::ListPoliciesGrantingServiceAccessRequest,
) -> Result<iam::ListPoliciesGrantingServiceAccessResponse, ApiError> {
    let sources = sources_of(store, account, &input.arn)?;
    let mut cache = GrantCache::default();
    let mut entries = Vec::with_capacity(input.service_namespaces.len());
    for namespace in input.service_namespaces {
        let mut seen = BTreeSet::new();
        let policies = sources
            .iter()
            .filter(|s| s.arn.is_none_or(|arn| seen.insert(arn)))
            .filter(|s| cache.get(s.document).services.contains(namespace.as_str()))
            .map(granting)
            .collect();
        entries.push(iam::ListPoliciesGrantingServiceAccessEntry {
            service_namespace: Some(namespace),
            policies: Some(policies),
        });
    }
    let page = page_iter(entries, input.marker.as_deref(), None)?;
    Ok(iam::ListPoliciesGrantingServiceAccessResponse {
        is_truncated: Some(page.is_truncated()),
        policies_granting_service_access: page.items,
        marker: page.marker,
    })
}

#[cfg(test)]
mod tests {
    use super::Grants;

    #[test]
    fn allow_statements_grant_the_services_their_actions_match() {
        let g = Grants::of(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["s3:Get*","iam:ListUsers"],"Resource":"*"},
                {"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}"#,
        );
        assert_eq!(
            g.services.iter().copied().collect::<Vec<_>>(),
            ["iam", "s3"]
        );
        assert_eq!(
            g.actions.iter().copied().collect::<Vec<_>>(),
            [("iam", "ListUsers")]
        );
    }

    #[test]
    fn not_action_grants_everything_it_leaves_out() {
        let g = Grants::of(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
        );
        assert!(!g.services.contains("iam"));
        assert!(g.services.contains("sts") && g.services.contains("s3"));
        assert!(g.actions.iter().all(|(prefix, _)| *prefix == "sts"));
        assert!(Grants::of("not json").services.is_empty());
    }
}
