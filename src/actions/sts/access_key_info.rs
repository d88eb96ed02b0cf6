//! GetAccessKeyInfo: the account an access key id belongs to, read from the id itself as AWS
//! encodes it (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html>).

use crate::error::ApiError;
use crate::protocol::sts::{GetAccessKeyInfoRequest, GetAccessKeyInfoResponse};
use crate::store::ids;

/// `GetAccessKeyInfo`.
pub fn get_access_key_info(
    input: &GetAccessKeyInfoRequest,
) -> Result<GetAccessKeyInfoResponse, ApiError> {
    let id = input.access_key_id.as_str();
    let account = ["AKIA", "ASIA"]
        .iter()
        .any(|p| id.starts_with(p))
        .then(|| ids::account_of_access_key(id))
        .flatten()
        .ok_or_else(|| ApiError::validation(format!("Invalid AccessKeyId: {id}")))?;
    Ok(GetAccessKeyInfoResponse {
        account: Some(account),
    })
}
