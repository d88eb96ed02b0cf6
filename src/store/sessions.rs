//! STS sessions: the temporary credentials AssumeRole, GetSessionToken and GetFederationToken
//! issue, by access key id, across accounts.
//!
//! A session's token carries its key id and expiry in clear (base64), so a request signed with
//! credentials already purged from memory is still answered `ExpiredToken`, not taken for an
//! unknown key.

use super::ids;
use crate::protocol::Action;
use crate::protocol::iam::Tag;
use crate::protocol::xml::Timestamp;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dashmap::DashMap;
use iam_policy::CompiledPolicy;
use parking_lot::Mutex;
use rand::Rng;
use std::sync::Arc;

/// What a session token starts with once decoded: ours, in this format.
const TOKEN_MAGIC: &str = "localiam-session-v1";

/// How often expired sessions are swept from memory, at most.
const SWEEP_EVERY_SECONDS: i64 = 60;

/// Who a session acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionPrincipal {
    /// A role session from AssumeRole (or AssumeRoleWith*).
    AssumedRole {
        /// The role's name as created.
        role_name: String,
        /// The role's ARN, with its path.
        role_arn: String,
        /// `AROA…`.
        role_id: String,
        /// The RoleSessionName.
        session_name: String,
    },
    /// A federated user from GetFederationToken, acting within the IAM user's permissions.
    FederatedUser {
        /// The Name given to GetFederationToken.
        name: String,
        /// The IAM user who asked for the token.
        user_name: String,
    },
    /// An IAM user's own session from GetSessionToken.
    User {
        /// The user's name.
        name: String,
        /// `AIDA…`.
        id: String,
        /// The user's ARN.
        arn: String,
    },
    /// The root user's session from GetSessionToken.
    Root,
}

/// One set of temporary credentials and everything requests signed with them need.
#[derive(Debug)]
pub struct Session {
    /// `ASIA…`.
    pub access_key_id: String,
    /// The secret the requests are signed with.
    pub secret: String,
    /// The session token the requests carry.
    pub token: String,
    /// The account the session belongs to.
    pub account: String,
    /// Who the session acts as.
    pub principal: SessionPrincipal,
    /// The STS operation that issued it.
    pub issued_by: Action,
    /// When the credentials were issued (`aws:TokenIssueTime`).
    pub issued: Timestamp,
    /// When they stop working.
    pub expires: Timestamp,
    /// The session policies (inline Policy and PolicyArns), compiled once.
    pub policies: Vec<Arc<CompiledPolicy>>,
    /// Whether session policies were passed at all: with none, the principal's own policies
    /// apply unchanged.
    pub has_session_policies: bool,
    /// Session tags (`aws:PrincipalTag/…`, over the role's own tags).
    pub tags: Vec<Tag>,
    /// Session tag keys passed on to sessions this one assumes.
    pub transitive_tag_keys: Vec<String>,
    /// The source identity, fixed for a whole chain of roles.
    pub source_identity: Option<String>,
    /// When MFA was checked, if it was (`aws:MultiFactorAuthPresent`/`Age`).
    pub mfa_authenticated: Option<Timestamp>,
    /// Whether the session came from a role session (role chaining).
    pub chained: bool,
}

impl Session {
    /// Whether the credentials have expired at `now`.
    pub fn expired(&self, now: Timestamp) -> bool {
        now >= self.expires
    }
}

/// Fresh temporary credentials: `ASIA…` key id, secret and a token naming both key and expiry.
pub fn new_credentials(account: &str, expires: Timestamp) -> (String, String, String) {
    let key = ids::access_key_id("ASIA", account);
    let secret = ids::secret_access_key();
    let mut nonce = [0u8; 48];
    rand::rng().fill(&mut nonce[..]);
    let token = STANDARD.encode(format!(
        "{TOKEN_MAGIC}:{key}:{}:{}",
        expires.timestamp(),
        crate::text::hex(&nonce)
    ));
    (key, secret, token)
}

/// The key id and expiry (seconds since the epoch) a token of ours names; `None` for anything else.
pub fn read_token(token: &str) -> Option<(String, i64)> {
    let decoded = STANDARD.decode(token).ok()?;
    let text = std::str::from_utf8(&decoded).ok()?;
    let mut parts = text.split(':');
    if parts.next()? != TOKEN_MAGIC {
        return None;
    }
    let key = parts.next()?.to_owned();
    let expires = parts.next()?.parse().ok()?;
    Some((key, expires))
}

/// Every live session, by access key id.
#[derive(Debug, Default)]
pub struct Sessions {
    by_key: DashMap<String, Arc<Session>>,
    last_sweep: Mutex<Option<Timestamp>>,
}

impl Sessions {
    /// The session of `key`, if it is still in memory.
    pub fn get(&self, key: &str) -> Option<Arc<Session>> {
        self.by_key.get(key).map(|s| Arc::clone(s.value()))
    }

    /// Adds `session`; now and then forgets the expired ones.
    pub fn insert(&self, session: Session, now: Timestamp) -> Arc<Session> {
        self.sweep(now);
        let session = Arc::new(session);
        self.by_key
            .insert(session.access_key_id.clone(), Arc::clone(&session));
        session
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Forgets every session.
    pub fn clear(&self) {
        self.by_key.clear();
    }

    /// Forgets expired sessions, at most once a minute.
    fn sweep(&self, now: Timestamp) {
        {
            let mut last = self.last_sweep.lock();
            if last.is_some_and(|t| (now - t).num_seconds() < SWEEP_EVERY_SECONDS) {
                return;
            }
            *last = Some(now);
        }
        self.by_key.retain(|_, s| !s.expired(now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    fn session(expires: Timestamp) -> Session {
        let (access_key_id, secret, token) = new_credentials("123456789012", expires);
        Session {
            access_key_id,
            secret,
            token,
            account: "123456789012".into(),
            principal: SessionPrincipal::Root,
            issued_by: Action::GetSessionToken,
            issued: expires - Duration::hours(1),
            expires,
            policies: Vec::new(),
            has_session_policies: false,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa_authenticated: None,
            chained: false,
        }
    }

    #[test]
    fn tokens_name_their_key_and_expiry() {
        let expires = Utc::now();
        let s = session(expires);
        assert!(s.access_key_id.starts_with("ASIA"));
        assert_eq!(
            ids::account_of_access_key(&s.access_key_id).as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            read_token(&s.token),
            Some((s.access_key_id.clone(), expires.timestamp()))
        );
        assert_eq!(read_token("not a token"), None);
        assert_eq!(read_token(&STANDARD.encode("other:AKIA:1")), None);
    }

    #[test]
    fn expired_sessions_are_swept() {
        let now = Utc::now();
        let sessions = Sessions::default();
        let old = sessions.insert(session(now + Duration::minutes(15)), now);
        let later = now + Duration::minutes(20);
        assert!(old.expired(later));
        let fresh = sessions.insert(session(later + Duration::hours(1)), later);
        assert!(sessions.get(&old.access_key_id).is_none());
        assert!(sessions.get(&fresh.access_key_id).is_some());
        assert_eq!(sessions.len(), 1);
    }
}
