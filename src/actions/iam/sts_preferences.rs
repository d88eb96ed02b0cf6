//! SetSecurityTokenServicePreferences
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetSecurityTokenServicePreferences.html>):
//! which session tokens STS's global endpoint issues, version 1 (valid in the regions enabled by
//! default) or version 2 (valid in every region, and longer). GetAccountSummary reports it as
//! `GlobalEndpointTokenVersion`. The emulator serves every region alike, so the choice changes
//! nothing else here.

use crate::error::ApiError;
use crate::protocol::iam::{GlobalEndpointTokenVersion, SetSecurityTokenServicePreferencesRequest};
use crate::store::AccountState;

/// `SetSecurityTokenServicePreferences`.
pub fn set_security_token_service_preferences(
    account: &mut AccountState,
    input: SetSecurityTokenServicePreferencesRequest,
) -> Result<(), ApiError> {
    account.global_endpoint_token_version = input.global_endpoint_token_version;
    Ok(())
}

/// The number GetAccountSummary shows for `version`.
pub fn summary_value(version: GlobalEndpointTokenVersion) -> i32 {
    match version {
        GlobalEndpointTokenVersion::V1Token => 1,
        GlobalEndpointTokenVersion::V2Token => 2,
    }
}
