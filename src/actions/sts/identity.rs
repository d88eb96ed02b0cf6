//! GetCallerIdentity.

use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::sts::{GetCallerIdentityRequest, GetCallerIdentityResponse};

/// `GetCallerIdentity`: needs no permission and answers for every principal.
pub fn get_caller_identity(
    cx: &Ctx<'_>,
    _: GetCallerIdentityRequest,
) -> Result<GetCallerIdentityResponse, ApiError> {
    Ok(GetCallerIdentityResponse {
        user_id: Some(cx.caller.user_id().to_string()),
        account: Some(cx.caller.account().to_string()),
        arn: Some(cx.caller.arn()),
    })
}
