//! The typed form of a policy document. Patterns stay plain strings: matching
//! them is the evaluator's job.

/// A position in the policy text, 1-based, as IAM's Simulate APIs report it.
/// Columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// The text a value occupies: `start` is its first character, `end` the
/// position just after its last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First character.
    pub start: Pos,
    /// Just past the last character.
    pub end: Pos,
}

/// The policy language versions IAM accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`, the current language (policy variables work).
    V2012_10_17,
    /// `2008-10-17`, the legacy language.
    V2008_10_17,
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `Version`, absent when the document has none.
    pub version: Option<Version>,
    /// `Id`.
    pub id: Option<String>,
    /// The statements in source order.
    pub statements: Vec<Statement>,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalBlock>,
    /// `Action` or `NotAction`.
    pub action: ActionBlock,
    /// `Resource` or `NotResource`; absent in trust policies.
    pub resource: Option<ResourceBlock>,
    /// One entry per operator and key of the `Condition` block, in source order.
    pub conditions: Vec<Condition>,
    /// Where the statement object is.
    pub span: Span,
}

/// `Principal` (`negated == false`) or `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalBlock {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// What the block names.
    pub principal: Principal,
    /// Where the block's value is.
    pub span: Span,
}

/// The value of a principal block.
#[derive(Debug, Clone, PartialEq)]
pub enum Principal {
    /// `"*"`: everyone.
    Any,
    /// `{"AWS": ..., "Service": ...}`: the named principals, by type, in source order.
    Named(Vec<(PrincipalType, Vec<String>)>),
}

/// The keys of a principal object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions, or `*`.
    Aws,
    /// `Service`: service principals such as `ec2.amazonaws.com`.
    Service,
    /// `Federated`: identity providers.
    Federated,
    /// `CanonicalUser`: S3 canonical user ids.
    CanonicalUser,
}

/// `Action` (`negated == false`) or `NotAction`.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionBlock {
    /// True for `NotAction`.
    pub negated: bool,
    /// The action patterns as written.
    pub patterns: Vec<String>,
    /// Where the block's value is.
    pub span: Span,
}

/// `Resource` (`negated == false`) or `NotResource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceBlock {
    /// True for `NotResource`.
    pub negated: bool,
    /// The resource patterns as written.
    pub patterns: Vec<String>,
    /// Where the block's value is.
    pub span: Span,
}

/// One operator/key pair of a `Condition` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// The condition key as written.
    pub key: String,
    /// The values; numbers and booleans keep their JSON text (`10`, `true`).
    pub values: Vec<String>,
    /// Where the key's value is.
    pub span: Span,
}
