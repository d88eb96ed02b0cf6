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
use crate::store::sessions::{self, Session};
use crate::store::{KeyOwner, Store, usage};
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
    /// The server's time.
    pub now: DateTime<Utc>,
}

/// An access key resolved to its principal; `secret` is `None` for keys the emulator does not
/// know and lets through as the default root (nothing to verify against).
struct Resolved {
    caller: Caller,
    secret: Option<String>,
    /// The key's owner when this use must be recorded as the key's last use.
    record_use: Option<KeyOwner>,
}

impl Authenticator<'_> {
    /// Authenticates `request` for `action`. `signature` is what [`sigv4::parse`] made of it.
    pub fn authenticate(
        &self,
        request: &SignedRequest<'_>,
        signature: Result<&Signed, &ApiError>,
        action: Action,
    ) -> Result<Caller, ApiError> {
        let default_root = || Caller::root(&self.config.account_id, ROOT_SECRET);
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
                return Ok(Caller::from_session(session));
            }
            return Ok(self
                .resolve(&signed.access_key_id)?
                .map_or_else(|| self.lenient(&signed.access_key_id), |r| r.caller));
        }
        // AWS reports a stale clock before it looks at the key.
        sigv4::check_time(signed, self.now)?;
        sigv4::check_scope(signed)?;
        if let Some(caller) = self.session(signed)? {
            sigv4::verify(request, signed, &caller.secret, self.now, self.keys)?;
            return Ok(Caller::from_session(caller));
        }
        let resolved = match self.resolve(&signed.access_key_id)? {
            Some(resolved) => resolved,
            None if self.config.strict
                || self
                    .store
                    .deleted_access_keys
                    .contains(&signed.access_key_id) =>
            {
                return Err(invalid_token());
            }
            // Unknown keys act as the default account's root so dummy credentials work.
            None => Resolved {
                caller: Caller::root(&self.config.account_id, &signed.access_key_id),
                secret: None,
                record_use: None,
            },
        };
        if let Some(secret) = &resolved.secret {
            sigv4::verify(request, signed, secret, self.now, self.keys)?;
        }
        if let Some(owner) = &resolved.record_use {
            let key = &signed.access_key_id;
            usage::record_key_use(
                self.store,
                owner,
                key,
                self.now,
                &signed.service,
                &signed.region,
            );
        }
        Ok(resolved.caller)
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
    fn lenient(&self, key: &str) -> Caller {
        if is_account_id(key) {
            Caller::root(key, key)
        } else {
            Caller::root(&self.config.account_id, key)
        }
    }

    /// Looks a key up: root keys, then IAM user keys. `None` when the emulator does not know it;
    /// an inactive key is `InvalidClientTokenId`.
    fn resolve(&self, key: &str) -> Result<Option<Resolved>, ApiError> {
        if key == ROOT_SECRET {
            return Ok(Some(Resolved {
                caller: Caller::root(&self.config.account_id, key),
                secret: Some(ROOT_SECRET.to_owned()),
                record_use: None,
            }));
        }
        if is_account_id(key) {
            return Ok(Some(Resolved {
                caller: Caller::root(key, key),
                secret: Some(ROOT_SECRET.to_owned()),
                record_use: None,
            }));
        }
        let Some(owner) = self.store.access_keys.get(key).map(|o| o.value().clone()) else {
            return Ok(None);
        };
        let account = self.store.account(&owner.account);
        let account = account.read();
        let Some(user) = account.users.get(&owner.user) else {
            return Ok(None);
        };
        let Some(access_key) = user.access_keys.iter().find(|k| k.id == key) else {
            return Ok(None);
        };
        if !access_key.active {
            return Err(invalid_token());
        }
        Ok(Some(Resolved {
            caller: Caller::user(&owner.account, &user.name, &user.id, &user.arn, key),
            secret: Some(access_key.secret.to_string()),
            record_use: usage::key_use_due(access_key, self.now).then_some(owner),
        }))
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
