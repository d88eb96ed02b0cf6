//! Who is calling: the request's SigV4 signature verified and its access key resolved to a
//! `Caller`, as the `--auth` mode asks.

mod caller;
mod scope;
pub mod sigv4;

pub use caller::{Caller, Principal, assumed_role_arn};
pub use scope::CredentialScope;

use chrono::{DateTime, Utc};

use crate::config::{AuthMode, Config};
use crate::error::{ApiError, ErrorCode};
use crate::protocol::Action;
use crate::protocol::xml::Timestamp;
use crate::store::sessions::{self, Session};
use crate::store::{Derived, KeyOwner, Store, usage};
use sigv4::{Signed, SignedRequest, SigningKeyCache};
use std::sync::Arc;

/// The secret every root access key signs with (`test`, or a 12-digit account id).
const ROOT_SECRET: &str = "test";

/// What authentication needs besides the request.
pub struct Authenticator<'a> {
    /// The entities, for user access keys.
    pub store: &'a Store,
    /// The mode, the default account, `--strict`.
    pub config: &'a Config,
    /// Derived signing keys.
    pub keys: &'a SigningKeyCache,
    /// IAM user keys already resolved.
    pub known: &'a KnownKeys,
    /// The server's time.
    pub now: DateTime<Utc>,
}

/// An access key resolved to its principal.
enum Resolved {
    /// A root key, signed with [`ROOT_SECRET`].
    Root(Caller),
    /// An IAM user's key.
    User(Arc<UserKey>),
}

/// An IAM user's access key as the state holds it, derived once per generation of the state.
#[derive(Debug)]
struct UserKey {
    caller: Arc<Caller>,
    secret: Arc<str>,
    active: bool,
    owner: KeyOwner,
    /// When its use was last recorded.
    last_used: Option<Timestamp>,
}

/// IAM user access keys already resolved, by access key id.
#[derive(Debug, Default)]
pub struct KnownKeys(Derived<UserKey>);

impl Authenticator<'_> {
    /// Authenticates `request` for `action`. `signature` is what [`sigv4::parse`] made of it.
    pub fn authenticate(
        &self,
        request: &SignedRequest<'_>,
        signature: Result<&Signed, &ApiError>,
        action: Action,
    ) -> Result<Arc<Caller>, ApiError> {
        let default_root = || Arc::new(Caller::root(&self.config.account_id, ROOT_SECRET));
        let signed = match signature {
            Ok(signed) => signed,
            // Operations such as AssumeRoleWithWebIdentity are unsigned by design.
            Err(_) if action.is_unsigned() => return Ok(default_root()),
            Err(error) if self.config.auth != AuthMode::Off => return Err(error.clone()),
            // `off`: whatever the request claims, it is the root of the account its key names.
            Err(_) => {
                let key = CredentialScope::from_authorization(
                    request
                        .headers
                        .iter()
                        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                        .map_or("", |(_, v)| *v),
                )
                .map(|scope| scope.access_key_id);
                return Ok(key.map_or_else(default_root, |key| self.lenient(&key)));
            }
        };
        if self.config.auth == AuthMode::Off {
            if let Some(session) = self.store.sessions.get(&signed.access_key_id) {
                return Ok(Arc::new(Caller::from_session(session)));
            }
            return Ok(match self.resolve(&signed.access_key_id)? {
                Some(Resolved::Root(caller)) => Arc::new(caller),
                Some(Resolved::User(key)) => Arc::clone(&key.caller),
                None => self.lenient(&signed.access_key_id),
            });
        }
        // AWS reports a stale clock before it looks at the key.
        sigv4::check_time(signed, self.now)?;
        sigv4::check_scope(signed)?;
        if let Some(caller) = self.session(signed)? {
            sigv4::verify(request, signed, &caller.secret, self.now, self.keys)?;
            return Ok(Arc::new(Caller::from_session(caller)));
        }
        match self.resolve(&signed.access_key_id)? {
            Some(Resolved::Root(caller)) => {
                sigv4::verify(request, signed, ROOT_SECRET, self.now, self.keys)?;
                Ok(Arc::new(caller))
            }
            Some(Resolved::User(key)) => {
                sigv4::verify(request, signed, &key.secret, self.now, self.keys)?;
                if usage::key_use_due(key.last_used, self.now) {
                    let id = &signed.access_key_id;
                    let (service, region) = (&signed.service, &signed.region);
                    usage::record_key_use(self.store, &key.owner, id, self.now, service, region);
                }
                Ok(Arc::clone(&key.caller))
            }
            None if self.config.strict
                || self
                    .store
                    .deleted_access_keys
                    .contains(&signed.access_key_id) =>
            {
                Err(invalid_token())
            }
            // Unknown keys act as the default account's root so dummy credentials work (nothing
            // to verify their signature against).
            None => Ok(Arc::new(Caller::root(
                &self.config.account_id,
                &signed.access_key_id,
            ))),
        }
    }

    /// The live session `signed` names, checked against its token and expiry. `None` when the key
    /// is no session of ours: an unknown key, decided as any other.
    fn session(&self, signed: &Signed) -> Result<Option<Arc<Session>>, ApiError> {
        let key = &signed.access_key_id;
        let token = signed.security_token.as_deref();
        let Some(session) = self.store.sessions.get(key) else {
            // Purged or from before a reset: the token still says whether it expired.
            return match token.and_then(sessions::read_token) {
                Some((named, expires)) if named == *key => {
                    Err(if expires <= self.now.timestamp() {
                        expired_token()
                    } else {
                        invalid_token()
                    })
                }
                _ => Ok(None),
            };
        };
        if token != Some(session.token.as_str()) {
            return Err(invalid_token());
        }
        if session.expired(self.now) {
            return Err(expired_token());
        }
        Ok(Some(session))
    }

    /// An unverified key as `off` mode reads it: a 12-digit key is that account's root, anything
    /// else the default account's.
    fn lenient(&self, key: &str) -> Arc<Caller> {
        Arc::new(if is_account_id(key) {
            Caller::root(key, key)
        } else {
            Caller::root(&self.config.account_id, key)
        })
    }

    /// Looks a key up: root keys, then IAM user keys. `None` when the emulator does not know it;
    /// an inactive key is `InvalidClientTokenId`.
    fn resolve(&self, key: &str) -> Result<Option<Resolved>, ApiError> {
        if key == ROOT_SECRET {
            return Ok(Some(Resolved::Root(Caller::root(
                &self.config.account_id,
                key,
            ))));
        }
        if is_account_id(key) {
            return Ok(Some(Resolved::Root(Caller::root(key, key))));
        }
        match self.user_key(key) {
            Some(user_key) if !user_key.active => Err(invalid_token()),
            user_key => Ok(user_key.map(Resolved::User)),
        }
    }

    /// The IAM user key `key`, as derived for the state's current generation.
    fn user_key(&self, key: &str) -> Option<Arc<UserKey>> {
        // Read before the state it is derived from.
        let generation = self.store.generation();
        if let Some(known) = self.known.0.get(key, generation) {
            return Some(known);
        }
        let owner = self.store.access_keys.get(key).map(|o| o.value().clone())?;
        let account = self.store.account(&owner.account);
        let account = account.read();
        let user = account.users.get(&owner.user)?;
        let access_key = user.access_keys.iter().find(|k| k.id == key)?;
        let known = Arc::new(UserKey {
            caller: Arc::new(Caller::user(
                &owner.account,
                &user.name,
                &user.id,
                &user.arn,
                key,
            )),
            secret: Arc::clone(&access_key.secret),
            active: access_key.active,
            last_used: access_key.last_used.as_ref().map(|u| u.date),
            owner,
        });
        self.known.0.insert(key, generation, Arc::clone(&known));
        Some(known)
    }
}

fn is_account_id(key: &str) -> bool {
    key.len() == 12 && key.bytes().all(|b| b.is_ascii_digit())
}

fn expired_token() -> ApiError {
    ApiError::new(
        ErrorCode::ExpiredToken,
        "The security token included in the request is expired",
    )
}

/// `InvalidClientTokenId`, as AWS answers a key or token it does not accept.
pub fn invalid_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidClientTokenId,
        "The security token included in the request is invalid.",
    )
}

/// The root of `account` as the `--init` file acts: the file is trusted as the command line that
/// names it is, so what it declares is built with root's rights and no signature.
pub fn operator(account: &str) -> Caller {
    Caller::root(account, account)
}
