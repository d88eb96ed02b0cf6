//! What authorization decided about one request, kept for the audit log.

use super::denial::{Denial, Reason};
use crate::error::ApiError;
use std::borrow::Cow;

/// The kind of decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Policies allow the call, or it needs no permission.
    Allowed,
    /// A Deny statement matched.
    ExplicitDeny,
    /// Nothing allows the call.
    ImplicitDeny,
    /// The account's root user, allowed in its own account.
    Root,
}

impl Outcome {
    /// The name the audit log shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::ExplicitDeny => "explicitDeny",
            Outcome::ImplicitDeny => "implicitDeny",
            Outcome::Root => "root",
        }
    }
}

/// A decision and its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// What was decided.
    pub outcome: Outcome,
    /// Why: AccessDenied's text for a denial, a short note otherwise.
    pub reason: Cow<'static, str>,
    /// The AccessDenied answered, absent when allowed or when `audit` mode lets a denial through.
    pub error: Option<ApiError>,
    /// For a denial, the encoded authorization message DecodeAuthorizationMessage reads.
    pub encoded_message: Option<String>,
}

impl Verdict {
    /// An allowed call, with why.
    pub(super) fn allowed(reason: &'static str) -> Self {
        Verdict {
            outcome: Outcome::Allowed,
            reason: Cow::Borrowed(reason),
            error: None,
            encoded_message: None,
        }
    }

    /// The root user in its own account.
    pub(super) fn root() -> Self {
        Verdict {
            outcome: Outcome::Root,
            reason: Cow::Borrowed("the root user may do anything in its own account"),
            error: None,
            encoded_message: None,
        }
    }

    /// A denial; `enforced` is false in `audit` mode, where the call goes on.
    pub(super) fn denied(denial: &Denial<'_>, enforced: bool, encoded_message: String) -> Self {
        let outcome = match denial.reason {
            Reason::IdentityDeny | Reason::BoundaryDeny | Reason::SessionDeny => {
                Outcome::ExplicitDeny
            }
            Reason::NoIdentityAllow
            | Reason::NoBoundaryAllow
            | Reason::NoSessionAllow
            | Reason::Trust => Outcome::ImplicitDeny,
        };
        Verdict {
            outcome,
            reason: Cow::Owned(denial.to_string()),
            error: enforced.then(|| ApiError::from(denial)),
            encoded_message: Some(encoded_message),
        }
    }

    /// The AccessDenied to answer, if the call must stop here.
    pub fn check(&self) -> Result<(), ApiError> {
        self.error.clone().map_or(Ok(()), Err)
    }
}
