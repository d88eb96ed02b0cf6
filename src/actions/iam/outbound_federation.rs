//! Outbound identity federation: whether the account's principals may get JSON Web Tokens from
//! GetWebIdentityToken, and the issuer those tokens name
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html>,
//! <https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOutboundWebIdentityFederationInfo.html>).
//! The issuer and its keys are described in [`crate::oidc::outbound`].

use crate::error::{ApiError, ModeledError};
use crate::oidc::outbound::issuer_id;
use crate::protocol::iam::{
    EnableOutboundWebIdentityFederationResponse, GetOutboundWebIdentityFederationInfoResponse,
};
use crate::store::AccountState;

fn disabled() -> ApiError {
    ApiError::modeled(
        ModeledError::FeatureDisabled,
        "Outbound identity federation is disabled for your AWS account.",
    )
}

/// `EnableOutboundWebIdentityFederation`.
pub fn enable_outbound_web_identity_federation(
    account: &mut AccountState,
) -> Result<EnableOutboundWebIdentityFederationResponse, ApiError> {
    if account.outbound_web_identity_federation {
        return Err(ApiError::modeled(
            ModeledError::FeatureEnabled,
            "Outbound identity federation is already enabled for your AWS account.",
        ));
    }
    account.outbound_web_identity_federation = true;
    Ok(EnableOutboundWebIdentityFederationResponse {
        issuer_identifier: Some(issuer_id(&account.id)),
    })
}

/// `DisableOutboundWebIdentityFederation`.
pub fn disable_outbound_web_identity_federation(
    account: &mut AccountState,
) -> Result<(), ApiError> {
    if !account.outbound_web_identity_federation {
        return Err(disabled());
    }
    account.outbound_web_identity_federation = false;
    Ok(())
}

/// `GetOutboundWebIdentityFederationInfo`.
pub fn get_outbound_web_identity_federation_info(
    account: &AccountState,
) -> Result<GetOutboundWebIdentityFederationInfoResponse, ApiError> {
    if !account.outbound_web_identity_federation {
        return Err(disabled());
    }
    Ok(GetOutboundWebIdentityFederationInfoResponse {
        issuer_identifier: Some(issuer_id(&account.id)),
        jwt_vending_enabled: Some(true),
    })
}
