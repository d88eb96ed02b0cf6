//! Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile,
//! ChangePassword.
//!
//! Login profiles belong to IAM users. AWS also lets the root user of a member account manage its
//! own password through these operations (no `UserName`, a session from AssumeRoot); localiam
//! does not emulate the root user's password, so a root caller must name a user.

use super::common::user_or_caller;
use super::password_policy;
use super::users::{find, find_mut};
use crate::actions::Ctx;
use crate::auth::Principal;
use crate::error::{ApiError, ErrorCode, ModeledError};
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::entities::{LoginProfile, User};
use std::sync::Arc;

fn no_profile(user: &str) -> ApiError {
    ApiError::no_such_entity(format!("Login Profile for User {user} cannot be found."))
}

fn root_has_none() -> ApiError {
    ApiError::no_such_entity(
        "localiam does not emulate the root user's password: specify UserName.",
    )
}

/// The user named in the request, or the calling IAM user.
fn subject(cx: &Ctx<'_>, name: Option<String>) -> Result<String, ApiError> {
    user_or_caller(cx, name)?.ok_or_else(root_has_none)
}

/// The user's login profile, or AWS's NoSuchEntity.
fn profile_of(user: &User) -> Result<&LoginProfile, ApiError> {
    user.login_profile
        .as_ref()
        .ok_or_else(|| no_profile(&user.name))
}

fn shape(user: &User, profile: &LoginProfile) -> iam::LoginProfile {
    iam::LoginProfile {
        user_name: user.name.clone(),
        create_date: profile.created,
        password_reset_required: Some(profile.reset_required),
    }
}

/// Whether two secrets are equal, in time that depends only on their lengths.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// `CreateLoginProfile`: gives the user a console password the account's policy accepts.
pub fn create_login_profile(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::CreateLoginProfileRequest,
) -> Result<iam::CreateLoginProfileResponse, ApiError> {
    let name = subject(cx, input.user_name)?;
    let user = find(account, &name)?;
    if user.login_profile.is_some() {
        return Err(ApiError::already_exists(format!(
            "Login Profile for user {} already exists.",
            user.name
        )));
    }
    // The model makes Password optional for the root user's case only; a user needs one.
    let Some(password) = input.password else {
        return Err(ApiError::validation(
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
        ));
    };
    password_policy::check(account, &password)?;
    let profile = LoginProfile {
        password: Arc::from(password),
        created: cx.now,
        changed: cx.now,
        reset_required: input.password_reset_required.unwrap_or(false),
    };
    let user = find_mut(account, &name)?;
    let out = shape(user, &profile);
    user.login_profile = Some(profile);
    Ok(iam::CreateLoginProfileResponse { login_profile: out })
}

/// `GetLoginProfile`.
pub fn get_login_profile(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::GetLoginProfileRequest,
) -> Result<iam::GetLoginProfileResponse, ApiError> {
    let user = find(account, &subject(cx, input.user_name)?)?;
    Ok(iam::GetLoginProfileResponse {
        login_profile: shape(user, profile_of(user)?),
    })
}

/// `UpdateLoginProfile`: an administrator sets a new password and/or the reset flag.
pub fn update_login_profile(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UpdateLoginProfileRequest,
) -> Result<(), ApiError> {
    profile_of(find(account, &input.user_name)?)?;
    if let Some(password) = &input.password {
        password_policy::check(account, password)?;
    }
    let user = find_mut(account, &input.user_name)?;
    if let Some(profile) = user.login_profile.as_mut() {
        if let Some(password) = input.password {
            profile.password = Arc::from(password);
            profile.changed = cx.now;
        }
        if let Some(reset) = input.password_reset_required {
            profile.reset_required = reset;
        }
    }
    Ok(())
}

/// `DeleteLoginProfile`.
pub fn delete_login_profile(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeleteLoginProfileRequest,
) -> Result<(), ApiError> {
    let user = find_mut(account, &subject(cx, input.user_name)?)?;
    if user.login_profile.take().is_none() {
        return Err(no_profile(&user.name));
    }
    Ok(())
}

/// `ChangePassword`: an IAM user replaces its own password, proving it knows the old one. A
/// successful change clears the reset-required flag.
pub fn change_password(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::ChangePasswordRequest,
) -> Result<(), ApiError> {
    let Principal::User { name, .. } = cx.caller.principal() else {
        return Err(ApiError::modeled(
            ModeledError::InvalidUserType,
            "Only IAM users can change their password with ChangePassword; the root user's password is not affected by it.",
        ));
    };
    let profile = profile_of(find(account, name)?)?;
    // AWS documents no error for a wrong old password and none of ChangePassword's modeled errors
    // fits it, so localiam refuses the call as AccessDenied.
    if !same_secret(&profile.password, &input.old_password) {
        return Err(ApiError::new(
            ErrorCode::AccessDenied,
            "The old password is incorrect.",
        ));
    }
    password_policy::check(account, &input.new_password)?;
    if let Some(profile) = find_mut(account, name)?.login_profile.as_mut() {
        profile.password = Arc::from(input.new_password);
        profile.changed = cx.now;
        profile.reset_required = false;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_by_content_and_length() {
        assert!(same_secret("Secret-1!", "Secret-1!"));
        assert!(!same_secret("Secret-1!", "Secret-2!"));
        assert!(!same_secret("Secret-1!", "Secret-1!x"));
        assert!(same_secret("", ""));
    }
}
