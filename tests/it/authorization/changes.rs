//! Every change to a caller's identity decides its very next request: the key's caller and its
//! gathered policies are kept between requests, and no change may leave a stale copy in use.

use super::{ACCOUNT, Caller, put_policy};
use crate::support::Server;
use crate::support::start;

const ALLOW_GET_USER: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}"#;
const ALLOW_LIST_USERS: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}}"#;
const DENY_GET_USER: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:GetUser","Resource":"*"}}"#;

/// GetUser of the caller itself, as the caller: the status and the error code, if any.
async fn get_user(caller: &Caller) -> (u16, String) {
    let (status, body) = caller.call("GetUser", &[]).await;
    let code = body
        .split_once("<Code>")
        .and_then(|(_, rest)| rest.split_once("</Code>"))
        .map_or(String::new(), |(code, _)| code.to_owned());
    (status, code)
}

async fn assert_allowed(caller: &Caller, after: &str) {
    assert_eq!(
        get_user(caller).await,
        (200, String::new()),
        "after {after}"
    );
}

async fn assert_denied(caller: &Caller, after: &str, code: &str) {
    let (status, got) = get_user(caller).await;
    assert_eq!(got, code, "after {after}");
    assert_eq!(status, 403, "after {after}");
}

#[tokio::test]
async fn policy_changes_decide_the_next_request() {
    let server = start().await;
    let iam = server.iam();
    let caller = Caller::new(&server, "caller").await;
    let arn = iam
        .create_policy()
        .policy_name("managed")
        .policy_document(ALLOW_GET_USER)
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_owned();
    assert_denied(&caller, "nothing", "AccessDenied").await;
    let attach = iam
        .attach_user_policy()
        .user_name("caller")
        .policy_arn(&arn);
    attach.send().await.unwrap();
    assert_allowed(&caller, "attaching").await;
    assert_allowed(&caller, "a second call").await;

    let version = iam.create_policy_version().policy_arn(&arn);
    let version = version
        .policy_document(ALLOW_LIST_USERS)
        .set_as_default(true);
    version.send().await.unwrap();
    assert_denied(&caller, "a new default version", "AccessDenied").await;
    let default = iam.set_default_policy_version().policy_arn(&arn);
    default.version_id("v1").send().await.unwrap();
    assert_allowed(&caller, "restoring v1").await;

    put_policy(&server, "caller", "deny", DENY_GET_USER).await;
    assert_denied(&caller, "an inline deny", "AccessDenied").await;
    let delete = iam.delete_user_policy().user_name("caller");
    delete.policy_name("deny").send().await.unwrap();
    assert_allowed(&caller, "deleting the deny").await;

    let boundary = iam.put_user_permissions_boundary().user_name("caller");
    let boundary = boundary.permissions_boundary("arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    boundary.send().await.unwrap();
    assert_allowed(&caller, "a boundary allowing iam:Get*").await;
    let boundary = iam.put_user_permissions_boundary().user_name("caller");
    let boundary = boundary.permissions_boundary("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    boundary.send().await.unwrap();
    assert_denied(&caller, "a boundary without IAM", "AccessDenied").await;
    let remove = iam.delete_user_permissions_boundary().user_name("caller");
    remove.send().await.unwrap();
    assert_allowed(&caller, "removing the boundary").await;

    iam.create_group().group_name("g").send().await.unwrap();
    let group_deny = iam.put_group_policy().group_name("g").policy_name("deny");
    group_deny
        .policy_document(DENY_GET_USER)
        .send()
        .await
        .unwrap();
    let join = iam.add_user_to_group().group_name("g").user_name("caller");
    join.send().await.unwrap();
    assert_denied(&caller, "joining a denying group", "AccessDenied").await;
    let leave = iam
        .remove_user_from_group()
        .group_name("g")
        .user_name("caller");
    leave.send().await.unwrap();
    assert_allowed(&caller, "leaving the group").await;

    let detach = iam
        .detach_user_policy()
        .user_name("caller")
        .policy_arn(&arn);
    detach.send().await.unwrap();
    assert_denied(&caller, "detaching", "AccessDenied").await;
}

#[tokio::test]
async fn key_changes_and_resets_decide_the_next_request() {
    let server = start().await;
    let iam = server.iam();
    let caller = Caller::new(&server, "caller").await;
    put_policy(&server, "caller", "allow", ALLOW_GET_USER).await;
    assert_allowed(&caller, "allowing").await;

    let update = iam.update_access_key().user_name("caller");
    let update = update.access_key_id(&caller.key);
    update.status("Inactive".into()).send().await.unwrap();
    assert_denied(&caller, "deactivating", "InvalidClientTokenId").await;
    let update = iam.update_access_key().user_name("caller");
    let update = update.access_key_id(&caller.key);
    update.status("Active".into()).send().await.unwrap();
    assert_allowed(&caller, "reactivating").await;

    // A reset forgets the key: it is an unknown key again, which passes as the default root.
    reset(&server).await;
    let (status, body) = caller.call("GetCallerIdentity", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&format!("arn:aws:iam::{ACCOUNT}:root")),
        "{body}"
    );
}

#[tokio::test]
async fn a_role_sessions_policies_follow_the_role() {
    let server = start().await;
    let iam = server.iam();
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"sts:AssumeRole"}}}}"#
    );
    let role = iam.create_role().role_name("r");
    role.assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    let put = iam.put_role_policy().role_name("r").policy_name("allow");
    put.policy_document(ALLOW_LIST_USERS).send().await.unwrap();
    let assumed = server.sts().assume_role();
    let assumed = assumed.role_arn(format!("arn:aws:iam::{ACCOUNT}:role/r"));
    let assumed = assumed.role_session_name("session").send().await.unwrap();
    let credentials = assumed.credentials().unwrap();
    let session = server.iam_as(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
    );
    session.list_users().send().await.unwrap();
    session.list_users().send().await.unwrap();
    let put = iam.put_role_policy().role_name("r").policy_name("deny");
    put.policy_document(r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:ListUsers","Resource":"*"}}"#)
        .send()
        .await
        .unwrap();
    let error = session.list_users().send().await.unwrap_err();
    assert_eq!(crate::support::code(&error), "AccessDenied");
}

/// `POST /_localiam/reset`.
async fn reset(server: &Server) {
    let url = format!("{}/_localiam/reset", server.endpoint);
    let response = reqwest::Client::new().post(url).send().await.unwrap();
    assert!(response.status().is_success());
}
