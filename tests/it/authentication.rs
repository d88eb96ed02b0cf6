//! SigV4 authentication end to end: what each `--auth` mode accepts and AWS's refusals.

use crate::support::{code, message, start, start_with};
use aws_sigv4::http_request::SignatureLocation;
use localiam::config::{AuthMode, Config};
use std::time::{Duration, SystemTime};

#[tokio::test]
async fn unsigned_requests_are_refused_in_enforce_mode() {
    let server = start().await;
    let response = reqwest::Client::new()
        .post(&server.endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Action=ListUsers&Version=2010-05-08")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("<Code>MissingAuthenticationToken</Code>"),
        "{body}"
    );
    assert!(
        body.contains("<Message>Request is missing Authentication Token</Message>"),
        "{body}"
    );
}

#[tokio::test]
async fn off_mode_accepts_unsigned_requests() {
    let mut config = Config::defaults();
    config.auth = AuthMode::Off;
    let server = start_with(config).await;
    let response = reqwest::get(format!(
        "{}/?Action=ListUsers&Version=2010-05-08",
        server.endpoint
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    // A wrong secret is not checked either.
    server
        .iam_as("test", "not-the-secret", None)
        .list_users()
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn root_keys_sign_with_secret_test() {
    let server = start().await;
    let err = server
        .iam_as("test", "wrong", None)
        .list_users()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "SignatureDoesNotMatch");
    assert!(
        message(&err).starts_with("The request signature we calculated does not match"),
        "{}",
        message(&err)
    );
    let err = server
        .iam_as("123456789012", "wrong", None)
        .list_users()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "SignatureDoesNotMatch");
    server
        .iam_as("123456789012", "test", None)
        .list_users()
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn user_keys_are_verified_and_inactive_keys_refused() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("kim").send().await.unwrap();
    let key = iam
        .create_access_key()
        .user_name("kim")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let sts = server.sts_as(key.access_key_id(), key.secret_access_key(), None);
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn(), Some("arn:aws:iam::000000000000:user/kim"));
    let err = server
        .sts_as(key.access_key_id(), "forged", None)
        .get_caller_identity()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "SignatureDoesNotMatch");
    iam.update_access_key()
        .user_name("kim")
        .access_key_id(key.access_key_id())
        .status(aws_sdk_iam::types::StatusType::Inactive)
        .send()
        .await
        .unwrap();
    let err = sts.get_caller_identity().send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidClientTokenId");
    assert_eq!(
        message(&err),
        "The security token included in the request is invalid."
    );
}

#[tokio::test]
async fn unknown_keys_act_as_the_default_root_unless_strict() {
    let server = start().await;
    let me = server
        .sts_as("AKIAIOSFODNN7EXAMPLE", "anything", None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(me.arn(), Some("arn:aws:iam::000000000000:root"));
}

#[tokio::test]
async fn deleted_keys_are_refused() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("gone").send().await.unwrap();
    let key = iam
        .create_access_key()
        .user_name("gone")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    iam.delete_access_key()
        .user_name("gone")
        .access_key_id(key.access_key_id())
        .send()
        .await
        .unwrap();
    let err = server
        .sts_as(key.access_key_id(), key.secret_access_key(), None)
        .get_caller_identity()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidClientTokenId");
}

const LIST: &[u8] = b"Action=ListUsers&Version=2010-05-08";

#[tokio::test]
async fn a_tampered_body_or_signed_header_is_refused() {
    let server = start().await;
    let request = server
        .signed("POST", "", LIST)
        .body("Action=ListUsers&Version=2010-05-08&MaxItems=1");
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("<Code>SignatureDoesNotMatch</Code>")
    );
    // content-type is signed: changing it breaks the signature.
    let response = server
        .signed("POST", "", LIST)
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_skewed_clock_is_refused_with_aws_text() {
    let server = start().await;
    let then = SystemTime::now() - Duration::from_mins(20);
    let response = server
        .signed_at(
            ("test", "test"),
            ("POST", "/", LIST),
            then,
            SignatureLocation::Headers,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("<Code>SignatureDoesNotMatch</Code>"),
        "{body}"
    );
    assert!(body.contains("Signature expired: "), "{body}");
    assert!(body.contains(" - 15 min.)"), "{body}");
}

#[tokio::test]
async fn presigned_urls_work_until_the_window_closes() {
    let server = start().await;
    let presigned = |time| {
        server.signed_at(
            ("test", "test"),
            ("GET", "/?Action=ListUsers&Version=2010-05-08", b""),
            time,
            SignatureLocation::QueryParams,
        )
    };
    let response = presigned(SystemTime::now()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let stale = SystemTime::now() - Duration::from_mins(20);
    let response = presigned(stale).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("Signature expired"));
}
