//! The authenticated principal behind a request.

use crate::store::AccountId;
use std::sync::Arc;

/// The kind of principal and what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The account's root user.
    Root,
    /// An IAM user.
    User {
        /// User name as created.
        name: String,
        /// `AIDA…`.
        id: String,
        /// The user's ARN.
        arn: String,
    },
}

/// Who made a request, as authentication established it.
#[derive(Debug, Clone)]
pub struct Caller {
    account: AccountId,
    principal: Principal,
    access_key_id: String,
}

impl Caller {
    pub(super) fn root(account: &str, access_key_id: &str) -> Self {
        Caller {
            account: Arc::from(account),
            principal: Principal::Root,
            access_key_id: access_key_id.to_string(),
        }
    }

    pub(super) fn user(
        account: &str,
        name: &str,
        id: &str,
        arn: &str,
        access_key_id: &str,
    ) -> Self {
        Caller {
            account: Arc::from(account),
            principal: Principal::User {
                name: name.to_string(),
                id: id.to_string(),
                arn: arn.to_string(),
            },
            access_key_id: access_key_id.to_string(),
        }
    }

    /// The caller's account.
    pub fn account(&self) -> &str {
        &self.account
    }

    /// The kind of principal.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The access key that signed the request.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The principal's ARN (`arn:aws:iam::ACCOUNT:root` for root).
    pub fn arn(&self) -> String {
        match &self.principal {
            Principal::Root => format!("arn:aws:iam::{}:root", self.account),
            Principal::User { arn, .. } => arn.clone(),
        }
    }

    /// The principal's unique id (the account id for root).
    pub fn user_id(&self) -> &str {
        match &self.principal {
            Principal::Root => &self.account,
            Principal::User { id, .. } => id,
        }
    }
}
