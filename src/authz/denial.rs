//! Why a request was denied, in AWS's words
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>): an
//! implicit denial reads `because no <type> policy allows the <action> action`, an explicit one
//! `with an explicit deny in <a type> policy`.

use crate::error::{ApiError, ErrorCode};
use iam_policy::{Decision, Explanation, PolicySet};
use std::fmt;

/// The policy type that denied the request, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No identity-based policy allows the action.
    NoIdentityAllow,
    /// Identity-based policies allow it, the permissions boundary does not.
    NoBoundaryAllow,
    /// A Deny statement in an identity-based policy matched.
    IdentityDeny,
    /// A Deny statement in the permissions boundary matched.
    BoundaryDeny,
    /// Identity-based policies (and boundary) allow it, the session policies do not.
    NoSessionAllow,
    /// A Deny statement in a session policy matched.
    SessionDeny,
    /// A role's trust policy refused sts:AssumeRole: AWS's text then gives no reason.
    Trust,
}

impl Reason {
    /// The reason an evaluation that did not allow gives.
    pub fn of(explanation: &Explanation) -> Self {
        let verdict = |set: PolicySet| {
            explanation
                .sources
                .iter()
                .find(|s| s.policy_set == set)
                .map(|s| s.decision)
        };
        let said = |set: PolicySet, decision: Decision| verdict(set) == Some(decision);
        let not_allowed = |set: PolicySet| verdict(set).is_some_and(|d| d != Decision::Allowed);
        if explanation.decision == Decision::ExplicitDeny {
            return if said(PolicySet::Identity, Decision::ExplicitDeny) {
                Reason::IdentityDeny
            } else if said(PolicySet::Session, Decision::ExplicitDeny) {
                Reason::SessionDeny
            } else {
                Reason::BoundaryDeny
            };
        }
        if !said(PolicySet::Identity, Decision::Allowed) {
            Reason::NoIdentityAllow
        } else if not_allowed(PolicySet::PermissionsBoundary) {
            Reason::NoBoundaryAllow
        } else if not_allowed(PolicySet::Session) {
            Reason::NoSessionAllow
        } else {
            Reason::NoIdentityAllow
        }
    }
}

/// A denied request: who, what, on what, why.
#[derive(Debug)]
pub struct Denial<'a> {
    /// The caller's ARN.
    pub caller: &'a str,
    /// `iam:CreateUser`.
    pub action: &'a str,
    /// The resource as AWS prints it.
    pub resource: &'a str,
    /// Why.
    pub reason: Reason,
}

impl fmt::Display for Denial<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Denial {
            caller,
            action,
            resource,
            reason,
        } = self;
        write!(
            f,
            "User: {caller} is not authorized to perform: {action} on resource: {resource}"
        )?;
        if *reason != Reason::Trust {
            f.write_str(" ")?;
        }
        match reason {
            Reason::Trust => Ok(()),
            Reason::NoIdentityAllow => {
                write!(
                    f,
                    "because no identity-based policy allows the {action} action"
                )
            }
            Reason::NoBoundaryAllow => {
                write!(
                    f,
                    "because no permissions boundary allows the {action} action"
                )
            }
            Reason::IdentityDeny => {
                f.write_str("with an explicit deny in an identity-based policy")
            }
            Reason::BoundaryDeny => f.write_str("with an explicit deny in a permissions boundary"),
            Reason::NoSessionAllow => {
                write!(f, "because no session policy allows the {action} action")
            }
            Reason::SessionDeny => f.write_str("with an explicit deny in a session policy"),
        }
    }
}

impl From<&Denial<'_>> for ApiError {
    fn from(denial: &Denial<'_>) -> Self {
        ApiError::new(ErrorCode::AccessDenied, denial.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_aws_writes_them() {
        let denial = |reason| {
            Denial {
                caller: "arn:aws:iam::123456789012:user/bob",
                action: "iam:CreateUser",
                resource: "arn:aws:iam::123456789012:user/alice",
                reason,
            }
            .to_string()
        };
        let head = "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: \
                    iam:CreateUser on resource: arn:aws:iam::123456789012:user/alice ";
        assert_eq!(
            denial(Reason::NoIdentityAllow),
            format!("{head}because no identity-based policy allows the iam:CreateUser action")
        );
        assert_eq!(
            denial(Reason::NoBoundaryAllow),
            format!("{head}because no permissions boundary allows the iam:CreateUser action")
        );
        assert_eq!(
            denial(Reason::IdentityDeny),
            format!("{head}with an explicit deny in an identity-based policy")
        );
        assert_eq!(
            denial(Reason::BoundaryDeny),
            format!("{head}with an explicit deny in a permissions boundary")
        );
        assert_eq!(
            denial(Reason::NoSessionAllow),
            format!("{head}because no session policy allows the iam:CreateUser action")
        );
        assert_eq!(
            denial(Reason::SessionDeny),
            format!("{head}with an explicit deny in a session policy")
        );
        assert_eq!(denial(Reason::Trust), head.trim_end());
    }
}
