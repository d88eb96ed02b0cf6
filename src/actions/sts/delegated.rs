//! GetDelegatedAccessToken
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetDelegatedAccessToken.html>):
//! exchanges a trade-in token that another AWS service issued for credentials. No service in the
//! emulator issues trade-in tokens, so none is ever valid: every token is refused as the model's
//! only token error says.

use crate::error::{ApiError, ModeledError};
use crate::protocol::sts::{GetDelegatedAccessTokenRequest, GetDelegatedAccessTokenResponse};

/// `GetDelegatedAccessToken`.
pub fn get_delegated_access_token(
    _: &GetDelegatedAccessTokenRequest,
) -> Result<GetDelegatedAccessTokenResponse, ApiError> {
    Err(ApiError::modeled(
        ModeledError::ExpiredTradeInToken,
        "The trade-in token is expired or was not issued by this emulator.",
    ))
}
