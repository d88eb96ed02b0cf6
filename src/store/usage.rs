//! Usage data: what each IAM principal called and when, an account's first use, and the reports
//! made from them (credential reports, service last accessed jobs).
//!
//! Every authenticated request records here, so recording must not take an account's write lock:
//! the data lives beside the accounts, in maps sharded by key, and a call that changes nothing
//! visible takes read locks only. AWS's own data is coarse: its reports take up to four hours to
//! show a call and give times to the minute ("Recent activity usually appears within four hours",
//! GenerateServiceLastAccessedDetails in the IAM API Reference), so a recorded access is refreshed
//! only when it is [`REFRESH`] old or the region changed.

use super::entities::KeyLastUsed;
use super::{AccountId, KeyOwner, Store};
use crate::auth::{Caller, Principal};
use crate::protocol::Action;
use crate::protocol::iam;
use crate::protocol::xml::Timestamp;
use chrono::TimeDelta;
use dashmap::DashMap;
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;

/// How old a recorded access gets before a new call replaces it.
const REFRESH: TimeDelta = TimeDelta::minutes(1);

/// AWS records only the first use of an access key in any 15-minute span ("When an access key is
/// used more than once in a 15-minute span, only the first use is recorded", Getting credential
/// reports, IAM User Guide); so a key's use is written at most once per span per key.
const KEY_USE_SPAN: TimeDelta = TimeDelta::minutes(15);

/// The last call of one action by one principal.
#[derive(Debug, Clone)]
pub struct Access {
    /// When.
    pub at: Timestamp,
    /// The region the request was signed for.
    pub region: String,
}

/// A generated credential report.
#[derive(Debug, Clone)]
pub struct CredentialReport {
    /// When it was made.
    pub generated: Timestamp,
    /// The CSV text.
    pub csv: Arc<[u8]>,
}

/// A service last accessed job: the report, computed when the job was created.
#[derive(Debug, Clone)]
pub struct Job {
    /// The account it reports on.
    pub account: AccountId,
    /// The ARN of the principal that created it: AWS lets only that principal read it.
    pub owner: String,
    /// `SERVICE_LEVEL` or `ACTION_LEVEL`.
    pub granularity: iam::AccessAdvisorUsageGranularityType,
    /// Creation (and completion) time.
    pub created: Timestamp,
    /// The services the entity's policies allow, by namespace.
    pub services: Vec<iam::ServiceLastAccessed>,
    /// The users and roles the report covers, each with its last access per namespace.
    pub entities: Vec<JobEntity>,
}

/// One user or role of a job.
#[derive(Debug, Clone)]
pub struct JobEntity {
    /// Who.
    pub info: iam::EntityInfo,
    /// Its last access to each namespace it used.
    pub last_accessed: HashMap<String, Timestamp>,
}

/// Accesses of one principal, by IAM action name (`iam:ListUsers`).
type Activity = RwLock<HashMap<&'static str, Access>>;

/// All usage data of the store.
#[derive(Debug, Default)]
pub struct Usage {
    /// By the principal's unique id (`AIDA…`): a user deleted and re-created under the same name is
    /// a new principal, as on AWS.
    activity: DashMap<String, Activity>,
    /// The first authenticated request seen for each account: the account's creation, since
    /// accounts are created on first use.
    first_seen: DashMap<AccountId, Timestamp>,
    /// The latest credential report of each account.
    pub credential_reports: DashMap<AccountId, CredentialReport>,
    /// Service last accessed jobs by JobId.
    pub jobs: DashMap<String, Arc<Job>>,
}

impl Usage {
    /// Records an authenticated request, allowed or not: AWS's last accessed data "includes all
    /// attempts to access an AWS API, not just the successful ones". IAM users record each action;
    /// assumed-role sessions will record under their role's id (and set RoleLastUsed) once STS
    /// issues them.
    pub fn record(&self, caller: &Caller, action: Action, region: &str, now: Timestamp) {
        if !self.first_seen.contains_key(caller.account()) {
            self.first_seen
                .entry(Arc::from(caller.account()))
                .or_insert(now);
        }
        let Principal::User { id, .. } = caller.principal() else {
            return;
        };
        let name = action.iam_action();
        let fresh = |a: &Access| a.region == region && now.signed_duration_since(a.at) < REFRESH;
        let access = || Access {
            at: now,
            region: region.to_owned(),
        };
        if let Some(activity) = self.activity.get(id.as_str()) {
            if activity.read().get(name).is_some_and(fresh) {
                return;
            }
            activity.write().insert(name, access());
            return;
        }
        self.activity
            .entry(id.clone())
            .or_default()
            .write()
            .insert(name, access());
    }

    /// The principal's last call of each action it made, as (`service:Action`, access).
    pub fn accesses(&self, principal_id: &str) -> Vec<(&'static str, Access)> {
        self.activity.get(principal_id).map_or_else(Vec::new, |a| {
            a.read().iter().map(|(k, v)| (*k, v.clone())).collect()
        })
    }

    /// When the account was first used, if it was.
    pub fn first_seen(&self, account: &str) -> Option<Timestamp> {
        self.first_seen.get(account).map(|t| *t)
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.activity.clear();
        self.first_seen.clear();
        self.credential_reports.clear();
        self.jobs.clear();
    }
}

/// Whether a request signed now with a key last recorded at `last_used` must be recorded as its
/// last use: never used, or last recorded a span ago.
pub fn key_use_due(last_used: Option<Timestamp>, now: Timestamp) -> bool {
    last_used.is_none_or(|at| now.signed_duration_since(at) >= KEY_USE_SPAN)
}

/// Records that the user key `key_id` (owned by `owner`) signed a request for `service` in
/// `region`. Called only when [`key_use_due`] said so, which keeps the account's write lock off
/// the request path but once per span.
pub fn record_key_use(
    store: &Store,
    owner: &KeyOwner,
    key_id: &str,
    now: Timestamp,
    service: &str,
    region: &str,
) {
    let account = store.account(&owner.account);
    let mut account = account.write();
    let key = account
        .users
        .get_mut(&owner.user)
        .and_then(|u| u.access_keys.iter_mut().find(|k| k.id == key_id));
    // Another request may have recorded it while this one waited for the lock.
    if let Some(key) = key.filter(|k| key_use_due(k.last_used.as_ref().map(|u| u.date), now)) {
        key.last_used = Some(KeyLastUsed {
            date: now,
            service: service.to_owned(),
            region: region.to_owned(),
        });
    }
}
