//! Service last accessed reports: GenerateServiceLastAccessedDetails,
//! GetServiceLastAccessedDetails, GetServiceLastAccessedDetailsWithEntities.
//!
//! A report covers a user, group, role or managed policy: the services its permissions policies
//! grant (see `policy_grants`), each with the latest authenticated call to it by the entities the
//! report covers (the user or role itself, a group's members, a policy's users, group members and
//! roles), from what the request pipeline recorded. Denied calls count, as on AWS. The job is
//! complete when created: the report is computed then and kept, and only the principal that
//! created it may read it, as AWS requires ("The JobId returned by
//! GenerateServiceLastAccessedDetail must be used by the same role within a session, or by the
//! same user"). Action-level reports list the actions of the services localiam tracks per action
//! (IAM and STS): every action the policies grant, with the last call of those that were used.

use super::common::no_such;
use super::policies;
use super::policy_grants::{self, GrantCache, Source, TRACKED, arn_kind, arn_name, invalid_arn};
use super::service_names::service_name;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::http::request_id;
use crate::protocol::iam;
use crate::store::entities::{Role, User};
use crate::store::paging::page_iter;
use crate::store::usage::{Access, Job, JobEntity};
use crate::store::{AccountState, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A user or role the report covers, with its recorded calls.
struct Covered {
    info: iam::EntityInfo,
    accesses: Vec<(&'static str, Access)>,
}

impl Covered {
    fn user(store: &Store, u: &User) -> Self {
        Covered {
            info: iam::EntityInfo {
                arn: u.arn.clone(),
                name: u.name.clone(),
                type_: iam::PolicyOwnerEntityType::User,
                id: u.id.clone(),
                path: Some(u.path.clone()),
            },
            accesses: store.usage.accesses(&u.id),
        }
    }

    fn role(store: &Store, r: &Role) -> Self {
        Covered {
            info: iam::EntityInfo {
                arn: r.arn.clone(),
                name: r.name.clone(),
                type_: iam::PolicyOwnerEntityType::Role,
                id: r.id.clone(),
                path: Some(r.path.clone()),
            },
            accesses: store.usage.accesses(&r.id),
        }
    }

    /// Its latest call to each namespace.
    fn by_service(&self) -> HashMap<&'static str, &Access> {
        let mut latest: HashMap<&'static str, &Access> = HashMap::new();
        for (action, access) in &self.accesses {
            let namespace = action.split_once(':').map_or(*action, |(ns, _)| ns);
            let slot = latest.entry(namespace).or_insert(access);
            if access.at > slot.at {
                *slot = access;
            }
        }
        latest
    }
}

/// The entity a report is about: its policies and the users and roles it covers.
fn target<'a>(
    store: &'a Store,
    account: &'a AccountState,
    arn: &str,
) -> Result<(Vec<Source<'a>>, Vec<Covered>), ApiError> {
    let name = arn_name(arn);
    let key = name.to_ascii_lowercase();
    match arn_kind(account, arn) {
        Some("user") => {
            let user = account.users.get(&key).filter(|u| u.arn == arn);
            let user = user.ok_or_else(|| no_such("user", name))?;
            let sources = policy_grants::of_user(store, account, user);
            Ok((sources, vec![Covered::user(store, user)]))
        }
        Some("group") => {
            let group = account.groups.get(&key).filter(|g| g.arn == arn);
            let group = group.ok_or_else(|| no_such("group", name))?;
            let members = group.members.iter().filter_map(|m| account.users.get(m));
            let covered = members.map(|u| Covered::user(store, u)).collect();
            Ok((policy_grants::of_group(store, account, group), covered))
        }
        Some("role") => {
            let role = account.roles.get(&key).filter(|r| r.arn == arn);
            let role = role.ok_or_else(|| no_such("role", name))?;
            let sources = policy_grants::of_role(store, account, role);
            Ok((sources, vec![Covered::role(store, role)]))
        }
        Some(_) => {
            let view = policies::find(store, account, arn)?;
            let default = view.versions.iter().find(|v| v.is_default);
            let sources = default.map_or_else(Vec::new, |v| {
                vec![Source {
                    name: view.name,
                    arn: Some(view.arn),
                    owner: None,
                    document: v.document.text(),
                }]
            });
            Ok((sources, covered_by_policy(store, account, view.arn)))
        }
        None => Err(invalid_arn(arn)),
    }
}

/// The users (directly or through a group) and roles a managed policy is attached to.
fn covered_by_policy(store: &Store, account: &AccountState, arn: &str) -> Vec<Covered> {
    let attached = |arns: &[String]| arns.iter().any(|a| a == arn);
    let via_group = |u: &User| {
        u.groups
            .iter()
            .filter_map(|g| account.groups.get(g))
            .any(|g| attached(&g.attached_policies))
    };
    let users = account
        .users
        .values()
        .filter(|u| attached(&u.attached_policies) || via_group(u))
        .map(|u| Covered::user(store, u));
    let roles = account
        .roles
        .values()
        .filter(|r| attached(&r.attached_policies))
        .map(|r| Covered::role(store, r));
    users.chain(roles).collect()
}

/// The latest of several accesses, with who made it.
fn latest<'a>(
    accesses: impl Iterator<Item = (&'a Covered, &'a Access)>,
) -> Option<(&'a Covered, &'a Access)> {
    accesses.max_by_key(|(_, a)| a.at)
}

/// The tracked actions of `namespace` the policies grant, each with its last call.
fn tracked_actions(
    namespace: &str,
    granted: &[&'static str],
    covered: &[Covered],
) -> Vec<iam::TrackedActionLastAccessed> {
    granted
        .iter()
        .map(|action| {
            let full = format!("{namespace}:{action}");
            let last = latest(covered.iter().flat_map(|c| {
                c.accesses
                    .iter()
                    .filter(|(name, _)| **name == full)
                    .map(move |(_, a)| (c, a))
            }));
            iam::TrackedActionLastAccessed {
                action_name: Some((*action).to_owned()),
                last_accessed_entity: last.map(|(c, _)| c.info.arn.clone()),
                last_accessed_time: last.map(|(_, a)| a.at),
                last_accessed_region: last.map(|(_, a)| a.region.clone()),
            }
        })
        .collect()
}

/// The report: one entry per granted service, in namespace order.
fn services(
    sources: &[Source<'_>],
    covered: &[Covered],
    action_level: bool,
) -> Vec<iam::ServiceLastAccessed> {
    let grants = GrantCache::default().union(sources);
    let mut actions: BTreeMap<&str, Vec<&'static str>> = BTreeMap::new();
    for (namespace, action) in &grants.actions {
        actions.entry(namespace).or_default().push(action);
    }
    let by_service: Vec<HashMap<&'static str, &Access>> =
        covered.iter().map(Covered::by_service).collect();
    grants
        .services
        .iter()
        .map(|namespace| {
            let users = covered
                .iter()
                .zip(&by_service)
                .filter_map(|(c, seen)| seen.get(namespace).map(|a| (c, *a)));
            let total = users.clone().count();
            let last = latest(users);
            let tracked =
                (action_level && last.is_some() && TRACKED.contains(namespace)).then(|| {
                    let granted = actions.get(namespace).map_or(&[][..], Vec::as_slice);
                    tracked_actions(namespace, granted, covered)
                });
            iam::ServiceLastAccessed {
                service_name: service_name(namespace).to_owned(),
                last_authenticated: last.map(|(_, a)| a.at),
                service_namespace: (*namespace).to_owned(),
                last_authenticated_entity: last.map(|(c, _)| c.info.arn.clone()),
                last_authenticated_region: last.map(|(_, a)| a.region.clone()),
                total_authenticated_entities: Some(i32::try_from(total).unwrap_or(i32::MAX)),
                tracked_actions_last_accessed: tracked,
            }
        })
        .collect()
}

/// `GenerateServiceLastAccessedDetails`: computes the report now and returns its JobId.
pub fn generate_service_last_accessed_details(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GenerateServiceLastAccessedDetailsRequest,
) -> Result<iam::GenerateServiceLastAccessedDetailsResponse, ApiError> {
    let granularity = input.granularity.unwrap_or_default();
    let (sources, covered) = target(cx.store, account, &input.arn)?;
    let action_level = granularity == iam::AccessAdvisorUsageGranularityType::ActionLevel;
    let services = services(&sources, &covered, action_level);
    let entities = covered
        .iter()
        .map(|c| JobEntity {
            last_accessed: c
                .by_service()
                .into_iter()
                .map(|(ns, a)| (ns.to_owned(), a.at))
                .collect(),
            info: c.info.clone(),
        })
        .collect();
    let job_id = request_id();
    let job = Job {
        account: Arc::clone(&account.id),
        owner: cx.caller.arn(),
        granularity,
        created: cx.now,
        services,
        entities,
    };
    cx.store.usage.jobs.insert(job_id.clone(), Arc::new(job));
    Ok(iam::GenerateServiceLastAccessedDetailsResponse {
        job_id: Some(job_id),
    })
}

/// The caller's job `id`, or `InvalidInput`.
fn job(cx: &Ctx<'_>, id: &str) -> Result<Arc<Job>, ApiError> {
    cx.store
        .usage
        .jobs
        .get(id)
        .map(|j| Arc::clone(&j))
        .filter(|j| &*j.account == cx.caller.account() && j.owner == cx.caller.arn())
        .ok_or_else(|| ApiError::invalid_input(format!("JobId {id} is not valid.")))
}

/// `GetServiceLastAccessedDetails`: the report, a page of services at a time.
pub fn get_service_last_accessed_details(
    cx: &Ctx<'_>,
    input: iam::GetServiceLastAccessedDetailsRequest,
) -> Result<iam::GetServiceLastAccessedDetailsResponse, ApiError> {
    let job = job(cx, &input.job_id)?;
    let page = page_iter(
        job.services.iter().cloned(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::GetServiceLastAccessedDetailsResponse {
        job_status: iam::JobStatusType::Completed,
        job_type: Some(job.granularity),
        job_creation_date: job.created,
        services_last_accessed: page.items,
        job_completion_date: job.created,
        is_truncated: Some(page.marker.is_some()),
        marker: page.marker,
        error: None,
    })
}

/// `GetServiceLastAccessedDetailsWithEntities`: the users and roles the report covers, each with
/// its last call to one service (none when it made none), most recent first.
pub fn get_service_last_accessed_details_with_entities(
    cx: &Ctx<'_>,
    input: iam::GetServiceLastAccessedDetailsWithEntitiesRequest,
) -> Result<iam::GetServiceLastAccessedDetailsWithEntitiesResponse, ApiError> {
    let job = job(cx, &input.job_id)?;
    let namespace = input.service_namespace.as_str();
    let mut details: Vec<iam::EntityDetails> = job
        .entities
        .iter()
        .map(|e| iam::EntityDetails {
            entity_info: e.info.clone(),
            last_authenticated: e.last_accessed.get(namespace).copied(),
        })
        .collect();
    details.sort_by_key(|d| std::cmp::Reverse(d.last_authenticated));
    let page = page_iter(details, input.marker.as_deref(), input.max_items)?;
    Ok(iam::GetServiceLastAccessedDetailsWithEntitiesResponse {
        job_status: iam::JobStatusType::Completed,
        job_creation_date: job.created,
        job_completion_date: job.created,
        entity_details_list: page.items,
        is_truncated: Some(page.marker.is_some()),
        marker: page.marker,
        error: None,
    })
}
