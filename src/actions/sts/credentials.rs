//! Issuing temporary credentials: a session kept in the store, its keys handed out once.

use crate::protocol::Action;
use crate::protocol::iam::Tag;
use crate::protocol::sts;
use crate::protocol::xml::Timestamp;
use crate::store::Store;
use crate::store::sessions::{self, Session, SessionPrincipal};
use iam_policy::CompiledPolicy;
use std::sync::Arc;

/// Everything a new session is made of besides its keys.
pub struct NewSession {
    /// The account it belongs to.
    pub account: String,
    /// Who it acts as.
    pub principal: SessionPrincipal,
    /// The STS operation issuing it.
    pub issued_by: Action,
    /// How long it lives, in seconds.
    pub duration_seconds: i64,
    /// Session policies, when passed.
    pub policies: Option<Vec<Arc<CompiledPolicy>>>,
    /// Session tags.
    pub tags: Vec<Tag>,
    /// Tag keys passed along a role chain.
    pub transitive_tag_keys: Vec<String>,
    /// The source identity.
    pub source_identity: Option<String>,
    /// When MFA was checked, if it was.
    pub mfa_authenticated: Option<Timestamp>,
    /// Whether a role session asked for it.
    pub chained: bool,
}

/// Stores the session and returns its credentials as STS answers them.
pub fn issue(store: &Store, new: NewSession, now: Timestamp) -> sts::Credentials {
    let expires = now + chrono::Duration::seconds(new.duration_seconds);
    let (access_key_id, secret, token) = sessions::new_credentials(&new.account, expires);
    let session = Session {
        access_key_id: access_key_id.clone(),
        secret: secret.clone(),
        token: token.clone(),
        account: new.account,
        principal: new.principal,
        issued_by: new.issued_by,
        issued: now,
        expires,
        has_session_policies: new.policies.is_some(),
        policies: new.policies.unwrap_or_default(),
        tags: new.tags,
        transitive_tag_keys: new.transitive_tag_keys,
        source_identity: new.source_identity,
        mfa_authenticated: new.mfa_authenticated,
        chained: new.chained,
    };
    store.sessions.insert(session, now);
    sts::Credentials {
        access_key_id,
        secret_access_key: secret,
        session_token: token,
        expiration: expires,
    }
}
