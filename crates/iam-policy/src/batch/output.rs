//! The answer side of the batch format: a decision with its reasons, or an error.

use serde::{Deserialize, Serialize};

use crate::compile::SourceType;
use crate::decision::{Decision, Explanation, MatchedStatement};
use crate::parse::{Effect, ParseError, Pos};

/// The answer to one request that could be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchResponse {
    /// The decision, named as IAM's Simulate APIs name it.
    pub decision: BatchDecision,
    /// Every statement that matched, in evaluation order.
    pub matched_statements: Vec<BatchMatch>,
    /// Every policy of the request, in evaluation order.
    pub sources: Vec<BatchSource>,
    /// Condition keys the policies used that the context lacked.
    pub missing_context_keys: Vec<String>,
}

/// `allowed`, `explicitDeny` or `implicitDeny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BatchDecision {
    /// Some policy allowed the request and nothing denied it.
    Allowed,
    /// A Deny statement matched.
    ExplicitDeny,
    /// Nothing allowed the request.
    ImplicitDeny,
}

impl From<Decision> for BatchDecision {
    fn from(decision: Decision) -> Self {
        match decision {
            Decision::Allowed => Self::Allowed,
            Decision::ExplicitDeny => Self::ExplicitDeny,
            Decision::ImplicitDeny => Self::ImplicitDeny,
        }
    }
}

/// `Allow` or `Deny`, as policies spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum BatchEffect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl From<Effect> for BatchEffect {
    fn from(effect: Effect) -> Self {
        match effect {
            Effect::Allow => Self::Allow,
            Effect::Deny => Self::Deny,
        }
    }
}

/// A 1-based line and column in a policy's text (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchPos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl From<Pos> for BatchPos {
    fn from(pos: Pos) -> Self {
        Self {
            line: pos.line,
            column: pos.column,
        }
    }
}

/// A statement that matched.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchMatch {
    /// The id of the policy holding it.
    pub source_policy_id: String,
    /// That policy's origin (see [`source_type_name`]).
    pub source_policy_type: String,
    /// The statement's Sid, if it has one.
    pub sid: Option<String>,
    /// Its effect.
    pub effect: BatchEffect,
    /// Where the statement starts in the policy text.
    pub start: BatchPos,
    /// Just past where it ends.
    pub end: BatchPos,
}

impl From<&MatchedStatement> for BatchMatch {
    fn from(matched: &MatchedStatement) -> Self {
        Self {
            source_policy_id: matched.source_id.clone(),
            source_policy_type: source_type_name(matched.source_type).to_owned(),
            sid: matched.sid.clone(),
            effect: matched.effect.into(),
            start: matched.span.start.into(),
            end: matched.span.end.into(),
        }
    }
}

/// One policy of the request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchSource {
    /// Its id, as given or by default from its field (`identity_policies[0]`).
    pub id: String,
    /// Its origin (see [`source_type_name`]).
    #[serde(rename = "type")]
    pub source_type: String,
    /// The text positions refer to, when the document was given as a JSON object and so had
    /// to be serialized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Why a request could not be evaluated; written as `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchError {
    /// What went wrong.
    pub code: BatchErrorCode,
    /// A human-readable text; for policies, IAM's `MalformedPolicyDocument` message.
    pub message: String,
    /// The id of the policy at fault.
    pub policy: Option<String>,
    /// Where the fault is: in the policy text for policy errors, in the line for input errors.
    pub position: Option<BatchPos>,
}

/// The kinds of error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum BatchErrorCode {
    /// A policy failed to parse or compile.
    MalformedPolicyDocument,
    /// The line is not a request of this format.
    InvalidInput,
}

impl BatchError {
    /// An input error at `position` of the line.
    pub fn invalid_input(message: String, position: Option<BatchPos>) -> Self {
        Self {
            code: BatchErrorCode::InvalidInput,
            message,
            policy: None,
            position,
        }
    }

    /// A policy error from the parser or compiler.
    pub fn malformed(policy: &str, error: &ParseError) -> Self {
        Self {
            code: BatchErrorCode::MalformedPolicyDocument,
            message: error.message.clone(),
            policy: Some(policy.to_owned()),
            position: error.span.map(|span| span.start.into()),
        }
    }
}

/// The wrapper an error is written in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BatchErrorResponse {
    /// The error.
    pub error: BatchError,
}

impl BatchResponse {
    /// The answer for `explanation` over the request's `sources`.
    pub fn new(explanation: &Explanation, sources: Vec<BatchSource>) -> Self {
        Self {
            decision: explanation.decision.into(),
            matched_statements: explanation.matched.iter().map(BatchMatch::from).collect(),
            sources,
            missing_context_keys: explanation.missing_context_keys.clone(),
        }
    }
}

/// The name answers give a policy origin: IAM's `SourcePolicyType` values (`user`, `group`,
/// `role`, `aws-managed`, `user-managed`, `resource`, `none`) and, for the policy types that
/// enum lacks, `permissions-boundary`, `session`, `scp` and `rcp`.
pub fn source_type_name(source_type: SourceType) -> &'static str {
    match source_type {
        SourceType::User => "user",
        SourceType::Group => "group",
        SourceType::Role => "role",
        SourceType::AwsManaged => "aws-managed",
        SourceType::UserManaged => "user-managed",
        SourceType::Resource => "resource",
        SourceType::PermissionsBoundary => "permissions-boundary",
        SourceType::Session => "session",
        SourceType::Scp => "scp",
        SourceType::Rcp => "rcp",
        SourceType::None => "none",
    }
}
