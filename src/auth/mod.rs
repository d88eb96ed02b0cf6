//! Who is calling: the access key of the request resolved to a `Caller`.
//!
//! Signature verification is the enforcement issue's work; today the key id is read from the
//! `Authorization` header or a presigned query and resolved without checking the signature.

mod caller;
mod scope;
pub mod sigv4;

pub use caller::{Caller, Principal};
pub use scope::CredentialScope;

use crate::config::Config;
use crate::error::{ApiError, ErrorCode};
use crate::store::Store;

/// Resolves the caller of a request from its credential scope.
pub fn authenticate(
    store: &Store,
    config: &Config,
    scope: Option<&CredentialScope>,
) -> Result<Caller, ApiError> {
    let Some(scope) = scope else {
        return Ok(Caller::root(&config.account_id, "test"));
    };
    let key = scope.access_key_id.as_str();
    if key.len() == 12 && key.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Caller::root(key, key));
    }
    if let Some(owner) = store.access_keys.get(key).map(|o| o.value().clone()) {
        let acct = store.account(&owner.account);
        let acct = acct.read();
        if let Some(user) = acct.users.get(&owner.user) {
            return Ok(Caller::user(
                &owner.account,
                &user.name,
                &user.id,
                &user.arn,
                key,
            ));
        }
    }
    if config.strict && key != "test" {
        return Err(ApiError::new(
            ErrorCode::InvalidClientTokenId,
            "The security token included in the request is invalid.",
        ));
    }
    // Unknown keys act as the default account's root so dummy credentials work out of the box.
    Ok(Caller::root(&config.account_id, key))
}
