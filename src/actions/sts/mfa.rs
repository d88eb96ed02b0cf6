//! MFA for STS: GetSessionToken and AssumeRole check SerialNumber + TokenCode against the calling
//! user's enabled virtual MFA device, by real TOTP, and mark the session MFA-authenticated
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html>).

use crate::actions::Ctx;
use crate::auth::Principal;
use crate::error::{ApiError, ErrorCode};
use crate::mfa::{self, MfaFailure};
use crate::protocol::xml::Timestamp;

/// When MFA was checked (now), `None` when the request carries no MFA; AccessDenied with AWS's
/// texts when it carries half of it, a device that is not the caller's, or a wrong or used code.
pub fn authenticate(
    cx: &Ctx<'_>,
    serial: Option<&str>,
    code: Option<&str>,
) -> Result<Option<Timestamp>, ApiError> {
    let (serial, code) = match (serial, code) {
        (None, None) => return Ok(None),
        (Some(serial), Some(code)) => (serial, code),
        _ => {
            return Err(denied(
                "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
            ));
        }
    };
    // Only IAM users have virtual MFA devices here.
    let Principal::User { name, .. } = cx.caller.principal() else {
        return Err(denied(
            "MultiFactorAuthentication failed, unable to validate MFA code.",
        ));
    };
    let account = cx.store.account(cx.caller.account());
    let mut account = account.write();
    match mfa::verify_code(&mut account, serial, name, code, cx.now) {
        Ok(()) => Ok(Some(cx.now)),
        Err(MfaFailure::NotEnabledForUser) => Err(denied(
            "MultiFactorAuthentication failed, unable to validate MFA code.",
        )),
        Err(MfaFailure::InvalidCode) => Err(denied(
            "MultiFactorAuthentication failed with invalid MFA one time pass code.",
        )),
    }
}

fn denied(message: &str) -> ApiError {
    ApiError::new(ErrorCode::AccessDenied, message)
}
