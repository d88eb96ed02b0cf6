//! The request side of the batch format: what one input line holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One evaluation request: the policies that apply, who asks, and for what.
///
/// Every field but `action` is optional. Absent policy fields mean "no such policy"; an empty
/// `scps` (or `rcps`) means the account is in no organization (or has no RCPs).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The principal's identity-based policies (compiled as `PolicyKind::Identity`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_policies: Vec<PolicyInput>,
    /// The principal's permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<PolicyInput>,
    /// Session policies passed when the session was created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub session_policies: Vec<PolicyInput>,
    /// The resource's policy; for the `sts:AssumeRole*` family, `sts:TagSession` and
    /// `sts:SetSourceIdentity` it is the role's trust policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<PolicyInput>,
    /// The 12-digit account that owns the resource; absent means the principal's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_account: Option<String>,
    /// SCP levels from the organization root down to the principal's account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scps: Vec<Vec<PolicyInput>>,
    /// RCP levels from the organization root down to the resource's account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<Vec<PolicyInput>>,
    /// Who makes the request; absent means [`DEFAULT_PRINCIPAL_ARN`], an IAM user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<BatchPrincipal>,
    /// The action, `service:Name`.
    pub action: String,
    /// The resource ARN; `*` when absent.
    #[serde(default = "any_resource")]
    pub resource: String,
    /// Condition keys (any case): a string is a single-valued key, a list a multivalued one.
    /// These win over the keys derived from the principal.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, ContextInput>,
}

/// The principal used when a request names none: an IAM user of account `123456789012`.
pub const DEFAULT_PRINCIPAL_ARN: &str = "arn:aws:iam::123456789012:user/batch-user";

fn any_resource() -> String {
    "*".to_owned()
}

/// A policy: the document itself (a JSON object, or a string holding the document text), or
/// `{"id": ..., "document": ...}` to name it.
///
/// Positions in answers refer to the document text. A document given as a JSON object has no
/// text of its own, so it is serialized with `serde_json::to_string_pretty` first and positions
/// refer to that text (which the answer's `sources` carries).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(
    untagged,
    expecting = "a policy document (object or string) or {\"id\": ..., \"document\": ...}"
)]
pub enum PolicyInput {
    /// A named document.
    Named(NamedPolicy),
    /// A document with a default id (`identity_policies[0]`, `permissions_boundary`...).
    Document(PolicyDocument),
}

/// A policy document with the id answers report for it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPolicy {
    /// The policy's name or ARN.
    pub id: String,
    /// The document.
    pub document: PolicyDocument,
}

/// A policy document as text or as a JSON object.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged, expecting = "a policy document as an object or a string")]
pub enum PolicyDocument {
    /// The document text, kept as given.
    Text(String),
    /// The document as JSON; its text is the pretty-printed serialization.
    Object(Map<String, Value>),
}

/// A context key's value in a request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged, expecting = "a string or a list of strings")]
pub enum ContextInput {
    /// A single-valued key.
    Single(String),
    /// A multivalued key, possibly empty.
    Multi(Vec<String>),
}

/// The principal making the request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BatchPrincipal {
    /// The principal's ARN (the session ARN for a role session; a service name such as
    /// `ec2.amazonaws.com` for a service; the provider for a federated web identity or SAML
    /// user).
    pub arn: String,
    /// What kind of principal this is; when absent it is read from the ARN.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub principal_type: Option<BatchPrincipalType>,
    /// Its 12-digit account; when absent, the ARN's account field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Its tags (for a session, the role's and the session's), as `aws:PrincipalTag/key`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// For a role session, the role's ARN; when absent it is built from the session ARN (without
    /// the role's path, which a session ARN does not carry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
}

/// The principal types a request can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum BatchPrincipalType {
    /// An IAM user.
    User,
    /// A role session.
    AssumedRole,
    /// A GetFederationToken session.
    FederatedUser,
    /// An account's root user.
    Account,
    /// An AWS service principal.
    Service,
    /// A web identity or SAML user, before it has a session.
    Federated,
    /// An unauthenticated caller.
    Anonymous,
}
