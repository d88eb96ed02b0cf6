//! The caller's policies, gathered from the store as the compiled policies kept with them: never
//! parsed again on the request path.

use crate::actions::iam::policy_refs;
use crate::store::entities::{InlinePolicies, User};
use crate::store::{AccountState, Store};
use iam_policy::CompiledPolicy;
use std::sync::Arc;

/// An IAM user's policies.
#[derive(Debug, Default)]
pub struct UserPolicies {
    /// Inline and attached policies of the user and of each of its groups.
    pub identity: Vec<Arc<CompiledPolicy>>,
    /// The permissions boundary.
    pub boundary: Option<Arc<CompiledPolicy>>,
}

/// Gathers `user`'s policies: its own inline and attached ones, its groups' inline and attached
/// ones, and its permissions boundary.
pub fn of_user(store: &Store, account: &AccountState, user: &User) -> UserPolicies {
    let mut identity = Vec::new();
    inline(&user.inline_policies, &mut identity);
    attached(store, account, &user.attached_policies, &mut identity);
    for group in user.groups.iter().filter_map(|k| account.groups.get(k)) {
        inline(&group.inline_policies, &mut identity);
        attached(store, account, &group.attached_policies, &mut identity);
    }
    let boundary = user
        .permissions_boundary
        .as_deref()
        .and_then(|arn| managed(store, account, arn));
    UserPolicies { identity, boundary }
}

/// Appends the compiled inline `policies`.
pub fn inline(policies: &InlinePolicies, out: &mut Vec<Arc<CompiledPolicy>>) {
    out.extend(
        policies
            .values()
            .filter_map(|p| p.document.policy().cloned()),
    );
}

/// Appends the managed policies `arns` names (those that exist).
pub fn attached(
    store: &Store,
    account: &AccountState,
    arns: &[String],
    out: &mut Vec<Arc<CompiledPolicy>>,
) {
    out.extend(arns.iter().filter_map(|arn| managed(store, account, arn)));
}

/// The default version of the managed policy `arn`: the account's own, or AWS's (compiled on
/// first use).
pub fn managed(store: &Store, account: &AccountState, arn: &str) -> Option<Arc<CompiledPolicy>> {
    if let Some(own) = policy_refs::customer_policy(account, arn) {
        let version = own.versions.iter().find(|v| v.is_default)?;
        return version.document.policy().cloned();
    }
    store.catalog().get(arn)?.policy().cloned()
}
