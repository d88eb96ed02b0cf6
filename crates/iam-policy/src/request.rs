//! Who asks to do what to which resource: the request an evaluation answers.

use crate::context::Context;

/// The kinds of principal that make requests, as `aws:PrincipalType` names most of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalType {
    /// An account's root user (`arn:aws:iam::123456789012:root`).
    Account,
    /// An IAM user.
    User,
    /// A role session (`arn:aws:sts::123456789012:assumed-role/Role/session`).
    AssumedRole,
    /// A GetFederationToken session (`arn:aws:sts::123456789012:federated-user/name`).
    FederatedUser,
    /// An AWS service (`ec2.amazonaws.com`), as in trust policies.
    Service,
    /// A web identity or SAML user, named by its provider (`Federated` principals).
    Federated,
    /// An unauthenticated caller.
    Anonymous,
}

/// The principal making the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPrincipal {
    /// The principal's ARN; a service name for [`PrincipalType::Service`], the provider's ARN or
    /// name for [`PrincipalType::Federated`].
    pub arn: String,
    /// The 12-digit account the principal belongs to; empty for services and providers.
    pub account: String,
    /// What kind of principal this is.
    pub principal_type: PrincipalType,
    /// For a role session, the role's ARN (with its path), which `Principal` elements and
    /// `aws:PrincipalArn` name instead of the session.
    pub source_arn: Option<String>,
}

/// One authorization question: may `principal` perform `action` on `resource` in `context`?
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The caller.
    pub principal: &'a RequestPrincipal,
    /// The action, `service:Name` (`iam:CreateUser`).
    pub action: &'a str,
    /// The resource ARN, or `*` for actions without a resource.
    pub resource: &'a str,
    /// The condition keys.
    pub context: &'a Context,
}
