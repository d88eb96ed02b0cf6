//! The Principal and NotPrincipal elements, compiled once into typed entries.
//!
//! AWS's rules, from <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>:
//! - An account (`123456789012` or `arn:aws:iam::123456789012:root`) "delegates authority to
//!   the account"; "using the account ARN ... does not limit permissions to only the root user".
//!   It names every principal of that account.
//! - A role ARN names the role's sessions: "the principal that makes the request is the IAM role
//!   session" (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>).
//! - User, assumed-role session and federated-user ARNs name exactly that principal; "the user
//!   name part of the ARN is case sensitive".
//! - `"*"` and `{"AWS": "*"}` are equivalent and name everyone, anonymous users included.
//! - "You cannot use a wildcard to match part of a principal name or ARN": such an entry is
//!   refused with "Invalid principal in policy", as IAM does for trust policies.

use crate::parse::{
    Effect, INVALID_PRINCIPAL, ParseError, Principal, PrincipalBlock, PrincipalType as Key,
};
use crate::request::{PrincipalType, RequestPrincipal};

/// How a statement's Principal element names the request's principal. The order matters: a
/// later variant is a stronger grant, and the strongest one of a policy decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalMatch {
    /// The principal's account: a delegation, so the principal's identity side must allow too.
    Account,
    /// The identity the session came from: the role of a role session, the IAM user of a
    /// federated-user session. Limited by the permissions boundary and session policies.
    Source,
    /// The principal itself, `*`, or a statement without a Principal element (identity-side
    /// policies, which apply to the principal they are attached to).
    Direct,
}

/// A compiled Principal or NotPrincipal element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalMatcher {
    negated: bool,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    /// `*` or `{"AWS": "*"}`.
    Any,
    /// A 12-digit account id, from either spelling.
    Account(String),
    /// `arn:aws:iam::ACCOUNT:user/...`.
    User(String),
    /// `arn:aws:iam::ACCOUNT:role/...`.
    Role(String),
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` or `.../federated-user/NAME`.
    Session(String),
    /// Any other `AWS` value (unique ids and the like), compared with the principal's ARN.
    Other(String),
    /// A service principal, lowercased: service names are DNS names, which AWS does not treat
    /// case-sensitively (our choice; the docs are silent).
    Service(String),
    /// An identity provider's ARN or name (`accounts.google.com`).
    Federated(String),
    /// An S3 canonical user id, compared with the principal's ARN field.
    CanonicalUser(String),
}

impl PrincipalMatcher {
    /// Compiles a parsed Principal or NotPrincipal block.
    pub fn compile(block: &PrincipalBlock) -> Result<Self, ParseError> {
        let entries =
            match &block.principal {
                Principal::Any => vec![Entry::Any],
                Principal::Named(named) => {
                    let mut entries = Vec::new();
                    for (key, values) in named {
                        for value in values {
                            entries.push(Entry::compile(*key, value).ok_or_else(|| {
                                ParseError::new(INVALID_PRINCIPAL, Some(block.span))
                            })?);
                        }
                    }
                    entries
                }
            };
        Ok(Self {
            negated: block.negated,
            entries,
        })
    }

    /// True for NotPrincipal.
    pub fn is_negated(&self) -> bool {
        self.negated
    }

    /// Whether the element names `principal`, and how. `effect` and `has_permissions_boundary`
    /// serve NotPrincipal's documented quirk (see [`Self::not_principal_applies`]).
    pub fn matches(
        &self,
        principal: &RequestPrincipal,
        effect: Effect,
        has_permissions_boundary: bool,
    ) -> Option<PrincipalMatch> {
        if self.negated {
            self.not_principal_applies(principal, effect, has_permissions_boundary)
                .then_some(PrincipalMatch::Direct)
        } else {
            self.entries
                .iter()
                .filter_map(|entry| entry.names(principal))
                .max()
        }
    }

    /// NotPrincipal: the statement applies to everyone the element does not exempt.
    ///
    /// From <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>:
    /// "AWS might validate the account first and then the user ... the account first, then the
    /// role, and then the assumed-role user", and the docs tell you to list the user's account,
    /// or the role and its account, besides the principal. So a principal is exempt only when
    /// every identity AWS may check is listed: its account, its role (for a role session) and
    /// itself. We apply that strict reading everywhere, as the safe one.
    ///
    /// From <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>:
    /// "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    /// permissions boundary policy attached, regardless of the values specified".
    fn not_principal_applies(
        &self,
        principal: &RequestPrincipal,
        effect: Effect,
        has_permissions_boundary: bool,
    ) -> bool {
        if effect == Effect::Deny && has_permissions_boundary {
            return true;
        }
        if self.entries.contains(&Entry::Any) {
            return false;
        }
        let account_listed = || {
            self.entries
                .iter()
                .any(|entry| matches!(entry, Entry::Account(id) if *id == principal.account))
        };
        let self_listed = || self.entries.iter().any(|entry| entry.is(principal));
        let exempt = match principal.principal_type {
            PrincipalType::Account => account_listed(),
            PrincipalType::User | PrincipalType::FederatedUser => account_listed() && self_listed(),
            PrincipalType::AssumedRole => {
                let role_listed = principal.source_arn.as_deref().is_none_or(|role| {
                    self.entries
                        .iter()
                        .any(|entry| matches!(entry, Entry::Role(arn) if arn == role))
                });
                account_listed() && role_listed && self_listed()
            }
            PrincipalType::Service | PrincipalType::Federated => self_listed(),
            PrincipalType::Anonymous => false,
        };
        !exempt
    }
}

impl Entry {
    /// Classifies one value of a principal object; `None` for a partial wildcard.
    fn compile(key: Key, value: &str) -> Option<Self> {
        Some(match key {
            Key::Aws => return compile_aws(value),
            Key::Service => Self::Service(value.to_ascii_lowercase()),
            Key::Federated => Self::Federated(value.to_owned()),
            Key::CanonicalUser => Self::CanonicalUser(value.to_owned()),
        })
    }

    /// How this entry names `principal`, if it does.
    fn names(&self, principal: &RequestPrincipal) -> Option<PrincipalMatch> {
        let kind = principal.principal_type;
        let source = principal.source_arn.as_deref();
        match self {
            Self::Any => Some(PrincipalMatch::Direct),
            Self::Account(id) => (is_account_principal(kind) && *id == principal.account)
                .then_some(PrincipalMatch::Account),
            Self::User(arn) if kind == PrincipalType::FederatedUser => {
                (source == Some(arn.as_str())).then_some(PrincipalMatch::Source)
            }
            Self::Role(arn) => (kind == PrincipalType::AssumedRole && source == Some(arn.as_str()))
                .then_some(PrincipalMatch::Source),
            _ => self.is(principal).then_some(PrincipalMatch::Direct),
        }
    }

    /// Whether this entry names the principal itself (not its account or its source).
    fn is(&self, principal: &RequestPrincipal) -> bool {
        let kind = principal.principal_type;
        let arn = principal.arn.as_str();
        match self {
            Self::Any => true,
            Self::Account(_) | Self::Role(_) => false,
            Self::User(user) => kind == PrincipalType::User && user == arn,
            Self::Session(session) => {
                matches!(
                    kind,
                    PrincipalType::AssumedRole | PrincipalType::FederatedUser
                ) && session == arn
            }
            Self::Other(value) | Self::CanonicalUser(value) => {
                kind != PrincipalType::Anonymous && value == arn
            }
            Self::Service(service) => {
                kind == PrincipalType::Service && arn.eq_ignore_ascii_case(service)
            }
            Self::Federated(provider) => kind == PrincipalType::Federated && provider == arn,
        }
    }
}

/// Principals that belong to an account and are named by it.
fn is_account_principal(kind: PrincipalType) -> bool {
    matches!(
        kind,
        PrincipalType::Account
            | PrincipalType::User
            | PrincipalType::AssumedRole
            | PrincipalType::FederatedUser
    )
}

/// Classifies an `AWS` value by its shape.
fn compile_aws(value: &str) -> Option<Entry> {
    if value == "*" {
        return Some(Entry::Any);
    }
    if value.contains('*') {
        return None;
    }
    if is_account_id(value) {
        return Some(Entry::Account(value.to_owned()));
    }
    let mut parts = value.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Some(Entry::Other(value.to_owned()));
    };
    let owned = value.to_owned();
    Some(match (service, resource) {
        ("iam", "root") if is_account_id(account) => Entry::Account(account.to_owned()),
        ("iam", r) if r.starts_with("user/") => Entry::User(owned),
        ("iam", r) if r.starts_with("role/") => Entry::Role(owned),
        ("sts", r) if r.starts_with("assumed-role/") || r.starts_with("federated-user/") => {
            Entry::Session(owned)
        }
        _ => Entry::Other(owned),
    })
}

fn is_account_id(value: &str) -> bool {
    value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
#[path = "principal_tests.rs"]
mod tests;
