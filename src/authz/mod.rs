//! Authorization: every IAM and STS call decided by the policy engine before its handler runs.
//!
//! The root user may do anything in its own account (the only account it calls here) and
//! `sts:GetCallerIdentity` needs no permission, as on AWS
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>). An IAM
//! user's request is decided on its resource (`resource`), its context (`context`) and the user's
//! policies (`policies`); a denial is AccessDenied with AWS's text (`denial`). In `audit` mode a
//! denial is logged and the request goes on; in `off` mode nothing is evaluated.

mod context;
mod denial;
mod input;
pub mod policies;
mod resource;
#[cfg(test)]
mod tests;
mod verdict;

pub use context::Facts;
pub use verdict::{Outcome, Verdict};

use crate::actions::iam::common::key;
use crate::auth::{Caller, Principal};
use crate::config::AuthMode;
use crate::protocol::Action;
use crate::protocol::decode::Node;
use crate::store::Store;
use denial::{Denial, Reason};
use iam_policy::{
    CompiledPolicy, Context, Decision, Policies, PrincipalType, Request, RequestPrincipal, decide,
    explain,
};
use input::Input;
use policies::UserPolicies;
use resource::Scope;

/// What authorization needs besides the call itself.
pub struct Authorizer<'a> {
    /// The entities and their policies.
    pub store: &'a Store,
    /// `enforce`, `audit` or `off`.
    pub mode: AuthMode,
    /// Time, region, client address and user agent.
    pub facts: Facts<'a>,
}

/// Everything one evaluation needs, gathered under the account's read lock and owned, so the lock
/// is released before the engine runs.
struct Gathered {
    principal: RequestPrincipal,
    policies: UserPolicies,
    context: Context,
    /// Each resource to check: the ARN to match and the text AccessDenied shows.
    resources: Vec<(String, String)>,
}

impl Authorizer<'_> {
    /// Decides whether `caller` may perform `action` with `input` (the decoded parameters);
    /// [`Verdict::check`] gives the AccessDenied to answer, the rest is for the audit log.
    pub fn authorize(&self, caller: &Caller, action: Action, input: &Node) -> Verdict {
        if self.mode == AuthMode::Off {
            return Verdict::allowed("not evaluated: --auth off");
        }
        if action == Action::GetCallerIdentity {
            return Verdict::allowed("sts:GetCallerIdentity needs no permission");
        }
        let Principal::User { name, .. } = caller.principal() else {
            return Verdict::root();
        };
        let iam_action = action.iam_action();
        let gathered = self.gather(caller, name, action, Input(input));
        let Some((resource, reason)) = evaluate(&gathered, iam_action) else {
            return Verdict::allowed("an identity-based policy allows the action");
        };
        let caller_arn = &gathered.principal.arn;
        let denial = Denial {
            caller: caller_arn,
            action: iam_action,
            resource: &resource,
            reason,
        };
        if self.mode == AuthMode::Audit {
            tracing::warn!(
                caller = %caller_arn,
                action = iam_action,
                resource = %resource,
                reason = %denial,
                "audit mode: request would be denied, allowed"
            );
        }
        Verdict::denied(&denial, self.mode != AuthMode::Audit)
    }

    fn gather(&self, caller: &Caller, name: &str, action: Action, input: Input<'_>) -> Gathered {
        let account = self.store.account(caller.account());
        let account = account.read();
        let scope = Scope {
            store: self.store,
            account: &account,
            caller: caller.principal(),
        };
        let target = resource::resolve(scope, action, input);
        let mut resources = vec![(target.arn.clone(), target.shown().to_owned())];
        resources.extend(target.renamed.iter().map(|arn| (arn.clone(), arn.clone())));
        // A user deleted since its key was checked has no policies left: nothing allows.
        let (policies, context) = account.users.get(&key(name)).map_or_else(
            || (UserPolicies::default(), Context::new()),
            |user| {
                (
                    policies::of_user(self.store, &account, user),
                    context::build(&self.facts, user, caller.account(), action, input, &target),
                )
            },
        );
        Gathered {
            principal: RequestPrincipal {
                arn: caller.arn(),
                account: caller.account().to_owned(),
                principal_type: PrincipalType::User,
                source_arn: None,
            },
            policies,
            context,
            resources,
        }
    }
}

/// The first resource the policies do not allow, shown as AWS shows it, and why.
fn evaluate(gathered: &Gathered, action: &str) -> Option<(String, Reason)> {
    let identity: Vec<&CompiledPolicy> = gathered
        .policies
        .identity
        .iter()
        .map(AsRef::as_ref)
        .collect();
    let policies = Policies {
        identity: &identity,
        permissions_boundary: gathered.policies.boundary.as_deref(),
        ..Policies::default()
    };
    gathered.resources.iter().find_map(|(arn, shown)| {
        let request = Request {
            principal: &gathered.principal,
            action,
            resource: arn,
            context: &gathered.context,
        };
        // Only a denial is explained: the reason names the policy type that denied.
        (decide(&policies, &request) != Decision::Allowed)
            .then(|| (shown.clone(), Reason::of(&explain(&policies, &request))))
    })
}
