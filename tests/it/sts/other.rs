//! AssumeRoot, DecodeAuthorizationMessage and GetDelegatedAccessToken.

use super::{ACCOUNT, clients, user};
use crate::support::{code, message, start};
use aws_sdk_sts::types::PolicyDescriptorType;

#[tokio::test]
async fn assume_root_is_bounded_by_its_task_policy() {
    const MEMBER: &str = "111111111111";
    let server = start().await;
    let task = |name: &str| {
        PolicyDescriptorType::builder()
            .arn(format!("arn:aws:iam::aws:policy/root-task/{name}"))
            .build()
    };
    let out = server
        .sts()
        .assume_root()
        .target_principal(MEMBER)
        .task_policy_arn(task("IAMAuditRootUserCredentials"))
        .send()
        .await
        .unwrap();
    let credentials = out.credentials.unwrap();
    let (iam, sts) = clients(&server, &credentials);
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:iam::{MEMBER}:root").as_str())
    );
    // The audit task may read the root user's credentials, nothing else.
    iam.list_access_keys().send().await.unwrap();
    let err = iam.create_user().user_name("x").send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert!(
        message(&err).ends_with("with an explicit deny in a session policy"),
        "{}",
        message(&err)
    );
    let err = server
        .sts()
        .assume_root()
        .target_principal(MEMBER)
        .task_policy_arn(task("NotATask"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn a_denial_decodes() {
    let server = start().await;
    let (key, secret) = user(&server, "eve", None).await;
    let err = server
        .iam_as(&key, &secret, None)
        .create_user()
        .user_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let records: serde_json::Value = reqwest::get(format!("{}/_localiam/audit", server.endpoint))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let denial = records
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|r| r["eventName"] == "CreateUser")
        .unwrap();
    let encoded = denial["localiam"]["encodedAuthorizationMessage"]
        .as_str()
        .unwrap();
    let decoded = server
        .sts()
        .decode_authorization_message()
        .encoded_message(encoded)
        .send()
        .await
        .unwrap();
    let decoded: serde_json::Value =
        serde_json::from_str(decoded.decoded_message().unwrap()).unwrap();
    assert_eq!(decoded["allowed"], false);
    assert_eq!(decoded["context"]["action"], "iam:CreateUser");
    assert_eq!(
        decoded["context"]["principal"]["arn"],
        format!("arn:aws:iam::{ACCOUNT}:user/eve")
    );
    let err = server
        .sts()
        .decode_authorization_message()
        .encoded_message("not-one-of-ours")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidAuthorizationMessageException");
}

#[tokio::test]
async fn no_trade_in_token_is_valid() {
    let server = start().await;
    let err = server
        .sts()
        .get_delegated_access_token()
        .trade_in_token("anything")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ExpiredTradeInTokenException");
}
