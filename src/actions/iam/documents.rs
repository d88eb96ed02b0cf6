//! Policy documents as the store accepts them. Until the policy engine validates them, this
//! checks the JSON grammar and AWS's size quotas; the document is kept exactly as sent.

use crate::error::ApiError;
use crate::store::entities::Document;
use crate::store::quotas;

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

/// Checks a document and returns it ready to store.
pub fn validate(document: &str, kind: DocKind) -> Result<Document, ApiError> {
    check_size(size(document), kind)?;
    match serde_json::from_str::<serde_json::Value>(document) {
        Ok(serde_json::Value::Object(_)) => Ok(Document::from(document)),
        _ => Err(ApiError::malformed_policy("Syntax errors in policy.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_and_size() {
        assert!(
            validate(
                r#"{"Version":"2012-10-17","Statement":[]}"#,
                DocKind::Managed
            )
            .is_ok()
        );
        assert!(validate("{", DocKind::Managed).is_err());
        assert!(validate("[]", DocKind::Managed).is_err());
        let big = format!(r#"{{"Sid":"{}"}}"#, "a".repeat(2100));
        assert!(validate(&big, DocKind::UserInline).is_err());
        assert!(validate(&big, DocKind::GroupInline).is_ok());
        assert_eq!(size("{ \n\t}"), 2);
    }
}
