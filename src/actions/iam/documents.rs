//! Policy documents as the store accepts them: AWS's size quotas, then the policy engine's
//! compiler (grammar, per-kind rules, conditions); the document is kept exactly as sent.

use crate::error::ApiError;
use crate::store::entities::Document;
use crate::store::quotas;
use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, PolicySource, SourceType};

/// Which size quota applies to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A managed policy version.
    Managed,
    /// An inline policy of a user.
    UserInline,
    /// An inline policy of a group.
    GroupInline,
    /// An inline policy of a role.
    RoleInline,
    /// A role's trust policy.
    Trust,
}

impl DocKind {
    /// AWS's quota name and limit, as its LimitExceeded messages spell them.
    fn quota(self) -> (&'static str, usize) {
        match self {
            DocKind::Managed => ("PolicySize", quotas::POLICY_SIZE),
            DocKind::UserInline => ("UserPolicySize", quotas::USER_POLICY_SIZE),
            DocKind::GroupInline => ("GroupPolicySize", quotas::GROUP_POLICY_SIZE),
            DocKind::RoleInline => ("RolePolicySize", quotas::ROLE_POLICY_SIZE),
            DocKind::Trust => ("ACLSizePerRole", quotas::ASSUME_ROLE_POLICY_SIZE),
        }
    }
}

impl DocKind {
    /// The size limit, in non-whitespace characters.
    pub fn limit(self) -> usize {
        self.quota().1
    }
}

/// The size AWS counts against quotas: characters other than whitespace.
pub fn size(document: &str) -> usize {
    document.chars().filter(|c| !c.is_whitespace()).count()
}

/// Checks a size (one document, or an entity's inline policies together) against the quota of
/// `kind`.
pub fn check_size(size: usize, kind: DocKind) -> Result<(), ApiError> {
    let (quota, limit) = kind.quota();
    if size > limit {
        return Err(ApiError::limit_exceeded(format!(
            "Cannot exceed quota for {quota}: {limit}"
        )));
    }
    Ok(())
}

impl DocKind {
    /// The engine's policy kind: everything but a trust policy is an identity policy.
    fn policy_kind(self) -> PolicyKind {
        match self {
            DocKind::Trust => PolicyKind::Trust,
            DocKind::Managed | DocKind::UserInline | DocKind::GroupInline | DocKind::RoleInline => {
                PolicyKind::Identity
            }
        }
    }

    /// Where a policy of this kind comes from, as evaluations report it.
    fn source_type(self) -> SourceType {
        match self {
            DocKind::Managed => SourceType::UserManaged,
            DocKind::UserInline => SourceType::User,
            DocKind::GroupInline => SourceType::Group,
            DocKind::RoleInline => SourceType::Role,
            DocKind::Trust => SourceType::Resource,
        }
    }
}

/// Checks a document with the policy engine (grammar, per-kind rules, condition operators and
/// values) and returns it ready to store, compiled once here for every request it will decide.
/// `id` names the policy in explanations: the managed policy's ARN, the inline policy's name,
/// the role's ARN for a trust policy.
pub fn validate(document: &str, kind: DocKind, id: &str) -> Result<Document, ApiError> {
    check_size(size(document), kind)?;
    let source = PolicySource {
        id: id.to_owned(),
        source_type: kind.source_type(),
    };
    let policy = CompiledPolicy::compile(document, kind.policy_kind(), source)
        .map_err(|e| ApiError::malformed_policy(e.message))?;
    Ok(Document::compiled(document, policy))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOW: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;

    #[test]
    fn grammar_kinds_and_size() {
        let stored = validate(
            ALLOW,
            DocKind::Managed,
            "arn:aws:iam::123456789012:policy/p",
        )
        .expect("valid");
        assert_eq!(stored.text(), ALLOW);
        let policy = stored.policy().expect("compiled when stored");
        assert_eq!(policy.source().id, "arn:aws:iam::123456789012:policy/p");
        assert_eq!(policy.source().source_type, SourceType::UserManaged);
        assert!(
            validate(
                r#"{"Version":"2012-10-17","Statement":[]}"#,
                DocKind::Managed,
                "p"
            )
            .is_err()
        );
        assert!(validate("{", DocKind::Managed, "p").is_err());
        assert!(validate("[]", DocKind::Managed, "p").is_err());
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        assert!(validate(trust, DocKind::Trust, "p").is_ok());
        let err = validate(trust, DocKind::UserInline, "p").unwrap_err();
        assert_eq!(
            err.message,
            "Policy document should not specify a principal."
        );
        let big = ALLOW.replace("s3:*", &format!("s3:{}", "a".repeat(2100)));
        assert!(validate(&big, DocKind::UserInline, "p").is_err());
        assert!(validate(&big, DocKind::GroupInline, "p").is_ok());
        assert_eq!(size("{ \n\t}"), 2);
    }
}
