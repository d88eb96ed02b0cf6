//! Small rules every IAM family shares: name keys, paths, and AWS's error wording.

use crate::actions::Ctx;
use crate::auth::Principal;
use crate::error::ApiError;

/// The map key of an IAM name: names are unique case-insensitively (and ASCII by their pattern).
pub fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The path given, or `/`.
pub fn path_or_root(path: Option<String>) -> String {
    path.unwrap_or_else(|| "/".to_string())
}

/// Whether `path` falls under the optional `PathPrefix`.
pub fn under_prefix(path: &str, prefix: Option<&str>) -> bool {
    prefix.is_none_or(|p| path.starts_with(p))
}

/// `NoSuchEntity: The user with name alice cannot be found.`
pub fn no_such(kind: &str, name: &str) -> ApiError {
    ApiError::no_such_entity(format!("The {kind} with name {name} cannot be found."))
}

/// `EntityAlreadyExists: User with name alice already exists.`
pub fn already_exists(kind: &str, name: &str) -> ApiError {
    let mut chars = kind.chars();
    let title = chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default();
    ApiError::already_exists(format!("{title} with name {name} already exists."))
}

/// `LimitExceeded: Cannot exceed quota for UsersPerAccount: 5000` (AWS ends it without a period).
pub fn quota(name: &str, limit: usize) -> ApiError {
    ApiError::limit_exceeded(format!("Cannot exceed quota for {name}: {limit}"))
}

/// The user an operation is about: the `UserName` given, else, as AWS does, the IAM user whose
/// access key signed the request. `None` when no name is given and the caller is the root user;
/// a role session or federated user must name the user.
pub fn user_or_caller(cx: &Ctx<'_>, name: Option<String>) -> Result<Option<String>, ApiError> {
    if name.is_some() {
        return Ok(name);
    }
    match cx.caller.principal() {
        Principal::User { name, .. } => Ok(Some(name.clone())),
        Principal::Root => Ok(None),
        Principal::AssumedRole { .. } | Principal::FederatedUser { .. } => {
            Err(non_user_credentials())
        }
    }
}

/// What AWS answers a user operation that names no user, called with role or federated
/// credentials.
pub fn non_user_credentials() -> ApiError {
    ApiError::validation("Must specify userName when calling with non-User credentials")
}
