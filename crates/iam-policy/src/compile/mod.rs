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
    referenced_keys: Box<[Box<str>]>,
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
            referenced_keys: referenced_keys(&statements),
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

    /// Every context key the policy reads — Condition keys, variables in Condition values and in
    /// Resource elements — lowercased, sorted, each once: a caller building a context for every
    /// request can leave out the keys no policy reads.
    pub fn referenced_keys(&self) -> &[Box<str>] {
        &self.referenced_keys
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

/// The keys `statements` read, lowercased, sorted and each once.
fn referenced_keys(statements: &[CompiledStatement]) -> Box<[Box<str>]> {
    let mut keys: Vec<Box<str>> = Vec::new();
    let mut add = |key: &str| {
        // Few distinct keys per policy: compare before allocating.
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            keys.push(key.to_lowercase().into_boxed_str());
        }
    };
    for statement in statements {
        statement.resource_variables().for_each(&mut add);
        statement.conditions().referenced_keys(&mut add);
    }
    keys.sort_unstable();
    keys.dedup();
    keys.into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referenced_keys_are_every_key_read_lowercased_once() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*",
             "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1",
                                          "s3:prefix":"${aws:PrincipalTag/team}"}}},
            {"Effect":"Deny","Action":"s3:*","Resource":"*",
             "Condition":{"IpAddress":{"AWS:SourceIp":"10.0.0.0/8"},"Null":{"aws:requestedregion":"true"}}}]}"#;
        let source = PolicySource {
            id: "p".into(),
            source_type: SourceType::UserManaged,
        };
        let policy = CompiledPolicy::compile(text, PolicyKind::Identity, source).unwrap();
        let keys: Vec<&str> = policy.referenced_keys().iter().map(AsRef::as_ref).collect();
        assert_eq!(
            keys,
            [
                "aws:principaltag/team",
                "aws:requestedregion",
                "aws:sourceip",
                "aws:username",
                "s3:prefix"
            ]
        );
    }
}
