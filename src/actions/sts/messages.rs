//! DecodeAuthorizationMessage: the details of a denial, from the encoded message the emulator
//! wrote into the denial's audit record (`localiam.encodedAuthorizationMessage`).

use crate::authz::encoded;
use crate::error::{ApiError, ModeledError};
use crate::protocol::sts::{DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse};

/// `DecodeAuthorizationMessage`.
pub fn decode_authorization_message(
    input: &DecodeAuthorizationMessageRequest,
) -> Result<DecodeAuthorizationMessageResponse, ApiError> {
    let decoded = encoded::decode(&input.encoded_message).ok_or_else(|| {
        ApiError::modeled(
            ModeledError::InvalidAuthorizationMessage,
            "The encoded message is not a valid authorization message.",
        )
    })?;
    Ok(DecodeAuthorizationMessageResponse {
        decoded_message: Some(decoded),
    })
}
