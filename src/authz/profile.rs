//! The caller as authorization sees it, derived from the state once per generation and kept by
//! access key id: who it is to the engine, its subject (condition keys and policies), its session
//! policies, and the context keys all those policies read.

use super::subject::{self, Subject};
use crate::auth::{Caller, Principal};
use crate::store::{AccountState, Derived, Store};
use iam_policy::{CompiledPolicy, RequestPrincipal};
use std::sync::Arc;

/// Profiles already derived, by the access key id that signed.
pub type Profiles = Derived<Profile>;

/// One caller's profile.
#[derive(Debug)]
pub struct Profile {
    /// The principal the engine matches.
    pub principal: RequestPrincipal,
    /// `None` for a user or role deleted since its credentials were checked: nothing allows.
    pub subject: Option<Subject>,
    /// The session policies that bound the caller, when its session was given any.
    pub session: Vec<Arc<CompiledPolicy>>,
    /// Every context key the caller's policies read, lowercase, sorted, each once.
    pub keys: Box<[Box<str>]>,
}

impl Profile {
    /// The profile of `caller` (an IAM user, a session, or root signing with an AssumeRoot
    /// session) in `account`, its own.
    pub fn of(store: &Store, account: &AccountState, caller: &Caller) -> Profile {
        let subject = match caller.principal() {
            Principal::Root => Some(subject::root(caller)),
            _ => subject::of(store, account, caller),
        };
        let session = subject
            .as_ref()
            .map(Subject::session_policies)
            .unwrap_or_default();
        let mut keys: Vec<Box<str>> = subject
            .iter()
            .flat_map(|s| s.policies.identity.iter().chain(&s.policies.boundary))
            .chain(&session)
            .flat_map(|p| p.referenced_keys().iter().cloned())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        Profile {
            principal: subject::request_principal(caller),
            subject,
            session,
            keys: keys.into_boxed_slice(),
        }
    }
}
