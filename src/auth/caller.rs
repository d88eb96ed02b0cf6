//! The authenticated principal behind a request.

use crate::store::AccountId;
use crate::store::sessions::{Session, SessionPrincipal};
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
    /// A role session.
    AssumedRole {
        /// The role's name.
        role_name: String,
        /// The role's ARN, with its path.
        role_arn: String,
        /// `AROA…:session-name`, the session's `aws:userid`.
        id: String,
        /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
        arn: String,
    },
    /// A federated user from GetFederationToken.
    FederatedUser {
        /// The IAM user whose permissions bound the federated user's.
        user_name: String,
        /// `ACCOUNT:name`.
        id: String,
        /// `arn:aws:sts::ACCOUNT:federated-user/NAME`.
        arn: String,
    },
}

/// Who made a request, as authentication established it.
#[derive(Debug, Clone)]
pub struct Caller {
    account: AccountId,
    principal: Principal,
    access_key_id: String,
    session: Option<Arc<Session>>,
}

impl Caller {
    pub(super) fn root(account: &str, access_key_id: &str) -> Self {
        Caller {
            account: Arc::from(account),
            principal: Principal::Root,
            access_key_id: access_key_id.to_string(),
            session: None,
        }
    }

    pub(super) fn user(
        account: &AccountId,
        name: &str,
        id: &str,
        arn: &str,
        access_key_id: &str,
    ) -> Self {
        Caller {
            account: Arc::clone(account),
            principal: Principal::User {
                name: name.to_string(),
                id: id.to_string(),
                arn: arn.to_string(),
            },
            access_key_id: access_key_id.to_string(),
            session: None,
        }
    }

    /// The caller signing with `session`'s credentials.
    pub(super) fn from_session(session: Arc<Session>) -> Self {
        let account = session.account.as_str();
        let principal = match &session.principal {
            SessionPrincipal::Root => Principal::Root,
            SessionPrincipal::User { name, id, arn } => Principal::User {
                name: name.clone(),
                id: id.clone(),
                arn: arn.clone(),
            },
            SessionPrincipal::AssumedRole {
                role_name,
                role_arn,
                role_id,
                session_name,
            } => Principal::AssumedRole {
                role_name: role_name.clone(),
                role_arn: role_arn.clone(),
                id: format!("{role_id}:{session_name}"),
                arn: assumed_role_arn(account, role_name, session_name),
            },
            SessionPrincipal::FederatedUser { name, user_name } => Principal::FederatedUser {
                user_name: user_name.clone(),
                id: format!("{account}:{name}"),
                arn: format!("arn:aws:sts::{account}:federated-user/{name}"),
            },
        };
        Caller {
            account: Arc::from(account),
            principal,
            access_key_id: session.access_key_id.clone(),
            session: Some(session),
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

    /// The STS session whose credentials signed the request, if any.
    pub fn session(&self) -> Option<&Arc<Session>> {
        self.session.as_ref()
    }

    /// The principal's ARN (`arn:aws:iam::ACCOUNT:root` for root).
    pub fn arn(&self) -> String {
        match &self.principal {
            Principal::Root => format!("arn:aws:iam::{}:root", self.account),
            Principal::User { arn, .. }
            | Principal::AssumedRole { arn, .. }
            | Principal::FederatedUser { arn, .. } => arn.clone(),
        }
    }

    /// The principal's unique id (the account id for root).
    pub fn user_id(&self) -> &str {
        match &self.principal {
            Principal::Root => &self.account,
            Principal::User { id, .. }
            | Principal::AssumedRole { id, .. }
            | Principal::FederatedUser { id, .. } => id,
        }
    }
}

/// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`: the role's path is not part of it.
pub fn assumed_role_arn(account: &str, role_name: &str, session_name: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}")
}
