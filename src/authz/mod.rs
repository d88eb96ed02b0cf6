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
pub mod encoded;
mod input;
pub mod policies;
mod profile;
mod resource;
pub mod session_limits;
pub mod subject;
#[cfg(test)]
mod tests;
pub mod trust;
mod verdict;

pub use context::{Facts, Wanted};
pub use profile::{Profile, Profiles};
pub use verdict::{Outcome, Verdict};

use crate::auth::{Caller, Principal};
use crate::config::AuthMode;
use crate::protocol::Action;
use crate::protocol::decode::Node;
use crate::store::Store;
use denial::{Denial, Reason};
use iam_policy::{CompiledPolicy, Context, Decision, Policies, Request, decide, explain};
use input::Input;
use resource::Scope;
use std::sync::Arc;

/// What authorization needs besides the call itself.
pub struct Authorizer<'a> {
    /// The entities and their policies.
    pub store: &'a Store,
    /// `enforce`, `audit` or `off`.
    pub mode: AuthMode,
    /// Time, region, client address and user agent.
    pub facts: Facts<'a>,
    /// Callers' profiles already derived.
    pub profiles: &'a Profiles,
}

/// Everything one evaluation needs, gathered under the account's read lock and owned, so the lock
/// is released before the engine runs.
struct Gathered {
    profile: Arc<Profile>,
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
        if let Some(reason) = needs_no_identity_check(action) {
            return Verdict::allowed(reason);
        }
        // The root user needs no permission in its own account; an AssumeRoot session keeps that,
        // less what its task policy denies.
        let root_session = *caller.principal() == Principal::Root
            && caller.session().is_some_and(|s| s.has_session_policies);
        if *caller.principal() == Principal::Root && !root_session {
            return Verdict::root();
        }
        let gathered = self.gather(caller, action, Input(input));
        let denied = std::iter::once(action.iam_action())
            .chain(companion(action, Input(input)))
            .find_map(|a| evaluate(&gathered, a).map(|(resource, reason)| (a, resource, reason)));
        let Some((iam_action, resource, reason)) = denied else {
            return Verdict::allowed("the caller's policies allow the action");
        };
        let caller_arn = &gathered.profile.principal.arn;
        let denial = Denial {
            caller: caller_arn,
            action: iam_action,
            resource: &resource,
            reason,
        };
        if self.mode == AuthMode::Audit {
            tracing::warn!(
                request_id = self.facts.request_id,
                caller = %caller_arn,
                action = iam_action,
                resource = %resource,
                reason = %denial,
                "audit mode: request would be denied, allowed"
            );
        }
        let message = encoded::encode(&encoded::Described {
            allowed: false,
            explicit_deny: matches!(
                reason,
                Reason::IdentityDeny | Reason::BoundaryDeny | Reason::SessionDeny
            ),
            principal_arn: caller_arn,
            principal_id: caller.user_id(),
            action: iam_action,
            resource: &resource,
            context: &gathered.context,
        });
        Verdict::denied(&denial, self.mode != AuthMode::Audit, message)
    }

    fn gather(&self, caller: &Caller, action: Action, input: Input<'_>) -> Gathered {
        // Read before the state the profile may be derived from.
        let generation = self.store.generation();
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
        let profile = self
            .profiles
            .get_or_derive(caller.access_key_id(), generation, || {
                Profile::of(self.store, &account, caller)
            });
        let context = profile
            .subject
            .as_ref()
            .map_or_else(Context::new, |subject| {
                let wanted = Wanted::only(&profile.keys);
                let account = caller.account();
                context::build(
                    &self.facts,
                    subject,
                    account,
                    action,
                    input,
                    &target,
                    wanted,
                )
            });
        Gathered {
            profile,
            context,
            resources,
        }
    }
}

/// Operations that no identity policy decides here: `sts:GetCallerIdentity` and
/// `sts:GetSessionToken` need no permission; the AssumeRole family is decided by its handler,
/// which weighs the role's trust policy together with the caller's policies.
pub(crate) fn needs_no_identity_check(action: Action) -> Option<&'static str> {
    match action {
        Action::GetCallerIdentity => Some("sts:GetCallerIdentity needs no permission"),
        Action::GetSessionToken => Some("sts:GetSessionToken needs no permission"),
        Action::AssumeRole | Action::AssumeRoleWithWebIdentity | Action::AssumeRoleWithSAML => {
            Some("decided with the role's trust policy")
        }
        _ => None,
    }
}

/// The permission-only action a call needs besides its own: `sts:TagGetWebIdentityToken` for
/// GetWebIdentityToken with tags
/// (<https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html>).
fn companion(action: Action, input: Input<'_>) -> Option<&'static str> {
    (action == Action::GetWebIdentityToken && input.tags().next().is_some())
        .then_some("sts:TagGetWebIdentityToken")
}

/// The first resource the policies do not allow, shown as AWS shows it, and why.
fn evaluate(gathered: &Gathered, action: &str) -> Option<(String, Reason)> {
    let profile = &gathered.profile;
    let (identity, boundary) = profile.subject.as_ref().map_or((&[][..], None), |s| {
        (&s.policies.identity[..], s.policies.boundary.as_deref())
    });
    let identity: Vec<&CompiledPolicy> = identity.iter().map(AsRef::as_ref).collect();
    let session: Vec<&CompiledPolicy> = profile.session.iter().map(AsRef::as_ref).collect();
    let policies = Policies {
        identity: &identity,
        permissions_boundary: boundary,
        session: &session,
        ..Policies::default()
    };
    gathered.resources.iter().find_map(|(arn, shown)| {
        let request = Request {
            principal: &profile.principal,
            action,
            resource: arn,
            context: &gathered.context,
        };
        // Only a denial is explained: the reason names the policy type that denied.
        (decide(&policies, &request) != Decision::Allowed)
            .then(|| (shown.clone(), Reason::of(&explain(&policies, &request))))
    })
}
