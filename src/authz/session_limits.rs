//! What temporary credentials may not call whatever their policies say
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html>,
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html>): sessions
//! from GetSessionToken call IAM only when MFA-authenticated and STS only for AssumeRole and
//! GetCallerIdentity; federated users call no IAM operation and no STS operation but
//! GetCallerIdentity; no session asks for another GetSessionToken or GetFederationToken.

use crate::auth::{Caller, Principal};
use crate::error::{ApiError, ErrorCode};
use crate::protocol::{Action, Service};

/// Refuses what `caller`'s temporary credentials may never do.
pub fn check(caller: &Caller, action: Action) -> Result<(), ApiError> {
    let Some(session) = caller.session() else {
        return Ok(());
    };
    if matches!(action, Action::GetSessionToken | Action::GetFederationToken) {
        return Err(with_session_credentials(action));
    }
    let from_session_token = session.issued_by == Action::GetSessionToken;
    let federated = matches!(caller.principal(), Principal::FederatedUser { .. });
    let refused = match action.service() {
        // AWS answers as if the token were not valid for IAM at all.
        Service::Iam => (from_session_token && session.mfa_authenticated.is_none()) || federated,
        Service::Sts => {
            (from_session_token
                && !matches!(action, Action::AssumeRole | Action::GetCallerIdentity))
                || (federated && action != Action::GetCallerIdentity)
        }
    };
    if !refused {
        return Ok(());
    }
    Err(match action.service() {
        Service::Iam => crate::auth::invalid_token(),
        Service::Sts => ApiError::new(
            ErrorCode::AccessDenied,
            format!(
                "User: {} is not authorized to perform: {} with session credentials",
                caller.arn(),
                action.iam_action()
            ),
        ),
    })
}

/// AccessDenied for an operation that needs long-term credentials, called with session ones.
pub fn with_session_credentials(action: Action) -> ApiError {
    ApiError::new(
        ErrorCode::AccessDenied,
        format!("Cannot call {} with session credentials", action.name()),
    )
}
