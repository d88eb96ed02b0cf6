//! STS sessions end to end through aws-sdk-sts and aws-sdk-iam: AssumeRole decided by the trust
//! policy, role sessions acting with the role's permissions bounded by session policies, chains,
//! cross-account, GetSessionToken, GetFederationToken, GetAccessKeyInfo, expiry and bad tokens.

mod chains;
mod other;
mod sessions;

use crate::support::Server;

pub const ACCOUNT: &str = "000000000000";

pub fn trust(principal: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}}]}}"#
    )
}

pub fn allow(action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
    )
}

/// Creates the role `name` trusting `principal`, allowed `iam:List*` and `iam:GetUser`.
pub async fn role(server: &Server, name: &str, principal: &str) -> String {
    let iam = server.iam();
    let arn = iam
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust(principal))
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    iam.put_role_policy()
        .role_name(name)
        .policy_name("read")
        .policy_document(allow("iam:List*", "*"))
        .send()
        .await
        .unwrap();
    arn
}

/// Creates the user `name` with `policy` (if any) and an access key; returns key and secret.
pub async fn user(server: &Server, name: &str, policy: Option<String>) -> (String, String) {
    let iam = server.iam();
    iam.create_user().user_name(name).send().await.unwrap();
    if let Some(policy) = policy {
        iam.put_user_policy()
            .user_name(name)
            .policy_name("p")
            .policy_document(policy)
            .send()
            .await
            .unwrap();
    }
    let key = iam
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    (key.access_key_id, key.secret_access_key)
}

/// The session's IAM and STS clients.
pub fn clients(
    server: &Server,
    c: &aws_sdk_sts::types::Credentials,
) -> (aws_sdk_iam::Client, aws_sdk_sts::Client) {
    let token = Some(c.session_token.clone());
    (
        server.iam_as(&c.access_key_id, &c.secret_access_key, token.clone()),
        server.sts_as(&c.access_key_id, &c.secret_access_key, token),
    )
}
