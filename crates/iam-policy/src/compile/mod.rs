//! Policies compiled once into the forms the evaluator matches: action and resource globs,
//! principal sets, condition blocks. Nothing is parsed again at evaluation time.

mod index;
mod principal;
mod statement;

pub use index::Candidates;
pub use principal::{PrincipalMatch, PrincipalMatcher};
pub use statement::CompiledStatement;

use crate::collect;
use crate::matching::RequestAction;
use crate::parse::{ParseError, Policy, PolicyKind, StatementView, Version, grammar, json};
use index::ServiceIndex;

/// Where a policy comes from, as IAM's Simulate APIs report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceType {
    /// An inline policy of a user (`user`).
    User,
    /// An inline policy of a group (`group`).
    Group,
    /// An inline policy of a role (`role`).
    Role,
    /// An AWS managed policy (`aws-managed`).
    AwsManaged,
    /// A customer managed policy (`user-managed`).
    UserManaged,
    /// A resource-based or trust policy (`resource`).
    Resource,
    /// A permissions boundary.
    PermissionsBoundary,
    /// A session policy.
    Session,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// A policy with no stated origin (`none`).
    None,
}

/// A policy's id (name or ARN) and origin, carried into explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// The policy's name or ARN.
    pub id: String,
    /// Its origin.
    pub source_type: SourceType,
}

/// A policy ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledPolicy {
    source: PolicySource,
    kind: PolicyKind,
    statements: Vec<CompiledStatement>,
    index: ServiceIndex,
}

impl CompiledPolicy {
    /// Parses, validates for `kind` and compiles `text`.
    pub fn compile(text: &str, kind: PolicyKind, source: PolicySource) -> Result<Self, ParseError> {
        let tape = json::read_tape(text)?;
        let policy = grammar::check(&tape, kind)?;
        Self::from_views(&policy.statements, policy.version, kind, source)
    }

    /// Compiles an already parsed policy.
    pub fn from_ast(
        policy: &Policy,
        kind: PolicyKind,
        source: PolicySource,
    ) -> Result<Self, ParseError> {
        let statements: Vec<StatementView> =
            policy.statements.iter().map(StatementView::of).collect();
        Self::from_views(&statements, policy.version, kind, source)
    }

    fn from_views(
        statements: &[StatementView],
        version: Option<Version>,
        kind: PolicyKind,
        source: PolicySource,
    ) -> Result<Self, ParseError> {
        let statements = collect::exact(
            statements
                .iter()
                .map(|statement| CompiledStatement::from_view(statement, version)),
        )?;
        Ok(Self {
            source,
            kind,
            index: ServiceIndex::new(&statements),
            statements,
        })
    }

    /// Where the policy comes from.
    pub fn source(&self) -> &PolicySource {
        &self.source
    }

    /// How the policy is used.
    pub fn kind(&self) -> PolicyKind {
        self.kind
    }

    /// The statements in source order.
    pub fn statements(&self) -> &[CompiledStatement] {
        &self.statements
    }

    /// The statements that can apply to `action`, in source order: every statement but those
    /// whose Action patterns all name other services or other initials of the action name.
    /// Looking them up does not allocate.
    pub fn candidates(&self, action: &RequestAction<'_>) -> Candidates<'_> {
        Candidates::new(&self.statements, self.index.entries(action), action)
    }
}
