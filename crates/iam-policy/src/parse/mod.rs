//! Policy documents: JSON text to a typed AST that keeps source positions.
//!
//! Nothing here evaluates a policy. [`parse_policy`] checks the grammar and the
//! rules that depend on where the policy is used ([`PolicyKind`]), and answers
//! faults with IAM's `MalformedPolicyDocument` texts where they are known.

mod ast;
pub(crate) mod grammar;
pub mod json;
mod print;
mod tape;
#[cfg(test)]
mod tests;
mod view;

pub use ast::{
    ActionBlock, Condition, Effect, Policy, Pos, Principal, PrincipalBlock, PrincipalType,
    ResourceBlock, Span, Statement, Version,
};
pub use grammar::parse_policy;
pub use print::to_json;
pub(crate) use view::{ConditionView, Conditions, StatementView, Strings};

/// IAM's answer to any JSON-level fault, and the fallback where AWS's own text is unknown.
pub const SYNTAX_ERRORS: &str = "Syntax errors in policy.";
/// A Principal or NotPrincipal where none is allowed (identity policies and the like).
pub const SHOULD_NOT_SPECIFY_PRINCIPAL: &str = "Policy document should not specify a principal.";
/// No Principal where one is required (resource and trust policies).
pub const MISSING_PRINCIPAL: &str = "Missing required field Principal";
/// A principal block of the wrong shape.
pub const INVALID_PRINCIPAL: &str = "Invalid principal in policy";
/// A statement with neither Action nor NotAction, or an empty one.
pub const MUST_CONTAIN_ACTIONS: &str = "Policy statement must contain actions.";
/// A statement with neither Resource nor NotResource where one is required.
pub const MUST_CONTAIN_RESOURCES: &str = "Policy statement must contain resources.";
/// A trust-policy statement that names a Resource or NotResource.
pub const PROHIBITED_RESOURCE: &str = "Has prohibited field Resource";
/// A statement with no Effect.
pub const MISSING_EFFECT: &str = "Missing required field Effect";
/// A Sid with characters other than letters and digits in a policy IAM stores.
pub const SID_NOT_ALPHANUMERIC: &str = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
/// Two statements with the same Sid.
pub const DUPLICATE_SID: &str = "Statement IDs (SID) in a single policy must be unique.";

/// Why a document was refused, with where when the fault has a place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// The text AWS answers with (`MalformedPolicyDocument`'s message).
    pub message: String,
    /// The offending value, when there is one.
    pub span: Option<Span>,
}

impl ParseError {
    /// An error with `message` at `span`.
    pub fn new(message: &str, span: Option<Span>) -> Self {
        Self {
            message: message.to_owned(),
            span,
        }
    }
}

/// Where a policy is used; it decides whether statements need a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// Attached to a user, group or role (managed or inline): no principal.
    Identity,
    /// Attached to a resource (bucket, key, queue...): principal required.
    Resource,
    /// A role's trust policy: principal required, no Resource.
    Trust,
    /// A permissions boundary: no principal.
    PermissionsBoundary,
    /// A session policy passed to AssumeRole or GetFederationToken: no principal.
    Session,
    /// An Organizations service control policy: no principal.
    Scp,
    /// An Organizations resource control policy: principal required.
    Rcp,
}

impl PolicyKind {
    /// True when every statement must carry Principal or NotPrincipal.
    pub fn requires_principal(self) -> bool {
        matches!(self, Self::Resource | Self::Trust | Self::Rcp)
    }
}
