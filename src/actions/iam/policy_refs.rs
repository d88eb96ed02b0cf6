//! References from users, groups and roles to managed policies: lookup by ARN and use counts.

use crate::error::ApiError;
use crate::store::entities::ManagedPolicy;
use crate::store::{AccountState, Store};

/// Whether `arn` names a managed policy this account can attach: one of its own customer
/// managed policies, or an AWS managed policy from the catalog.
pub fn exists(store: &Store, account: &AccountState, arn: &str) -> bool {
    customer_policy(account, arn).is_some() || store.catalog().get(arn).is_some()
}

/// The customer managed policy of this account that `arn` names (as [`customer_key`] reads
/// it). On the request path: a name within IAM's 128 characters is lowercased on the stack.
pub fn customer_policy<'a>(account: &'a AccountState, arn: &str) -> Option<&'a ManagedPolicy> {
    let rest = arn
        .strip_prefix("arn:aws:iam::")?
        .strip_prefix(&*account.id)?
        .strip_prefix(":policy")?;
    let name = rest.rsplit('/').next()?;
    let mut buffer = [0; 128];
    let policy = match lowercase_on_stack(name, &mut buffer) {
        Some(key) => account.policies.get(key)?,
        None => account.policies.get(&name.to_ascii_lowercase())?,
    };
    (policy.arn == arn).then_some(policy)
}

/// `name` lowercased into `buffer`, if it is ASCII and fits.
fn lowercase_on_stack<'b>(name: &str, buffer: &'b mut [u8; 128]) -> Option<&'b str> {
    if !name.is_ascii() {
        return None;
    }
    let out = buffer.get_mut(..name.len())?;
    for (slot, byte) in out.iter_mut().zip(name.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// The map key of a customer managed policy of this account named by `arn`, if `arn` has the
/// shape `arn:aws:iam::ACCOUNT:policy/PATH/NAME` and the policy's path matches.
pub fn customer_key(account: &AccountState, arn: &str) -> Option<String> {
    let rest = arn
        .strip_prefix("arn:aws:iam::")?
        .strip_prefix(&*account.id)?
        .strip_prefix(":policy")?;
    let name = rest.rsplit('/').next()?;
    let key = name.to_ascii_lowercase();
    let policy = account.policies.get(&key)?;
    (policy.arn == arn).then_some(key)
}

/// Checks that a policy may be attached or used as a boundary.
pub fn attachable(store: &Store, account: &AccountState, arn: &str) -> Result<(), ApiError> {
    if exists(store, account, arn) {
        Ok(())
    } else {
        Err(ApiError::no_such_entity(format!(
            "Policy {arn} does not exist or is not attachable."
        )))
    }
}

/// Checks a permissions boundary ARN (AWS's wording differs from attachment's).
pub fn boundary(store: &Store, account: &AccountState, arn: &str) -> Result<(), ApiError> {
    if exists(store, account, arn) {
        Ok(())
    } else {
        Err(ApiError::no_such_entity(format!(
            "Scope ARN: {arn} does not exist or is not attachable."
        )))
    }
}

/// Records one more (`+1`) or one fewer (`-1`) attachment of `arn`.
pub fn count_attachment(account: &mut AccountState, arn: &str, delta: i32) {
    let usage = account.policy_usage.entry(arn.to_string()).or_default();
    usage.attachments += delta;
}

/// Records one more or one fewer use of `arn` as a permissions boundary.
pub fn count_boundary(account: &mut AccountState, arn: &str, delta: i32) {
    let usage = account.policy_usage.entry(arn.to_string()).or_default();
    usage.boundaries += delta;
}
