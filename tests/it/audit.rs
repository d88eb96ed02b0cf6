//! The audit log: CloudTrail-shaped records at `GET /_localiam/audit` and in `--audit-log`.

use crate::support::{self, Server};
use aws_sdk_iam::operation::RequestId;
use localiam::config::Config;
use serde_json::Value;
use std::time::Duration;

/// The kept records, oldest first, and the raw body they came in.
async fn records(server: &Server, query: &str) -> (Vec<Value>, String) {
    let body = reqwest::get(format!("{}/_localiam/audit{query}", server.endpoint))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let records: Vec<Value> = serde_json::from_str(&body).unwrap();
    (records, body)
}

/// The last record of `event_name`.
async fn last(server: &Server, event_name: &str) -> Value {
    let (records, _) = records(server, "").await;
    records
        .into_iter()
        .rev()
        .find(|r| r["eventName"] == event_name)
        .unwrap_or_else(|| panic!("no {event_name} record"))
}

/// A file path of its own for this test.
fn log_path(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "localiam-audit-{name}-{}-{}.log",
        std::process::id(),
        localiam::http::request_id()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

/// The file's lines, once it has at least `count` (the writer thread writes them soon after).
async fn file_lines(path: &std::path::Path, count: usize) -> Vec<String> {
    for _ in 0..100 {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        if lines.len() >= count {
            return lines;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{} has fewer than {count} lines", path.display());
}

/// Creates `name` with an access key, allowed what `document` allows; returns (key, secret).
async fn user_with_key(server: &Server, name: &str, document: Option<&str>) -> (String, String) {
    let iam = server.iam();
    iam.create_user().user_name(name).send().await.unwrap();
    if let Some(document) = document {
        iam.put_user_policy()
            .user_name(name)
            .policy_name("p")
            .policy_document(document)
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

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

#[tokio::test]
async fn a_successful_call_is_recorded_as_cloudtrail_shows_it() {
    let server = support::start().await;
    let out = server
        .iam()
        .create_user()
        .user_name("Bob")
        .path("/team/")
        .tags(
            aws_sdk_iam::types::Tag::builder()
                .key("k")
                .value("v")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let record = last(&server, "CreateUser").await;
    assert_eq!(record["eventVersion"], "1.11");
    assert_eq!(record["eventSource"], "iam.amazonaws.com");
    assert_eq!(record["eventType"], "AwsApiCall");
    assert_eq!(record["awsRegion"], "us-east-1");
    assert_eq!(record["sourceIPAddress"], "127.0.0.1");
    assert!(
        record["userAgent"]
            .as_str()
            .unwrap()
            .contains("aws-sdk-rust")
    );
    assert!(record["eventTime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(record["readOnly"], false);
    assert_eq!(record["requestID"], out.request_id().unwrap());
    assert_eq!(record["eventID"].as_str().unwrap().len(), 36);
    assert_eq!(record["recipientAccountId"], "000000000000");
    assert_eq!(
        record["userIdentity"],
        serde_json::json!({
            "type": "Root",
            "principalId": "000000000000",
            "arn": "arn:aws:iam::000000000000:root",
            "accountId": "000000000000",
            "accessKeyId": "test",
        })
    );
    assert_eq!(
        record["requestParameters"],
        serde_json::json!({
            "userName": "Bob",
            "path": "/team/",
            "tags": [{"key": "k", "value": "v"}],
        })
    );
    assert_eq!(record["responseElements"], Value::Null);
    assert_eq!(record["errorCode"], Value::Null);
    assert_eq!(record["localiam"]["decision"], "root");

    server.sts().get_caller_identity().send().await.unwrap();
    let record = last(&server, "GetCallerIdentity").await;
    assert_eq!(record["eventSource"], "sts.amazonaws.com");
    assert_eq!(record["readOnly"], true);
    assert_eq!(record["requestParameters"], Value::Null);
    assert_eq!(record["localiam"]["decision"], "allowed");
}

#[tokio::test]
async fn a_denied_call_is_recorded_with_its_reason() {
    let server = support::start().await;
    let (key, secret) = user_with_key(&server, "alice", None).await;
    let err = server
        .iam_as(&key, &secret, None)
        .create_user()
        .user_name("mallory")
        .send()
        .await
        .unwrap_err();
    assert_eq!(support::code(&err), "AccessDenied");
    let record = last(&server, "CreateUser").await;
    assert_eq!(record["errorCode"], "AccessDenied");
    assert_eq!(record["errorMessage"], support::message(&err));
    assert_eq!(record["localiam"]["decision"], "implicitDeny");
    assert_eq!(record["localiam"]["reason"], support::message(&err));
    let identity = &record["userIdentity"];
    assert_eq!(identity["type"], "IAMUser");
    assert_eq!(identity["userName"], "alice");
    assert_eq!(identity["arn"], "arn:aws:iam::000000000000:user/alice");
    assert_eq!(identity["accessKeyId"], key.as_str());
    assert!(
        identity["principalId"]
            .as_str()
            .unwrap()
            .starts_with("AIDA")
    );

    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}"#;
    let (key, secret) = user_with_key(&server, "carol", Some(deny)).await;
    let user = server.iam_as(&key, &secret, None);
    user.get_user().user_name("alice").send().await.unwrap();
    assert_eq!(
        last(&server, "GetUser").await["localiam"]["decision"],
        "allowed"
    );
    let err = user
        .delete_user()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    let record = last(&server, "DeleteUser").await;
    assert_eq!(record["localiam"]["decision"], "explicitDeny");
    assert_eq!(record["localiam"]["reason"], support::message(&err));
    assert!(support::message(&err).contains("with an explicit deny in an identity-based policy"));
}

#[tokio::test]
async fn a_request_that_fails_before_authentication_is_recorded() {
    let server = support::start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/", server.endpoint))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Action=ListUsers&Version=2010-05-08")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let record = last(&server, "ListUsers").await;
    assert_eq!(record["errorCode"], "MissingAuthenticationToken");
    assert_eq!(record["userIdentity"], Value::Null);
    assert_eq!(record["localiam"]["decision"], Value::Null);

    let (_, body) = server
        .post_form_as("AKIAIOSFODNN7EXAMPLE", "wrong", "Action=NoSuchThing")
        .await;
    assert!(body.contains("InvalidAction"), "{body}");
    let record = last(&server, "NoSuchThing").await;
    assert_eq!(record["errorCode"], "InvalidAction");
    assert_eq!(
        record["userIdentity"]["accessKeyId"],
        "AKIAIOSFODNN7EXAMPLE"
    );
}

#[tokio::test]
async fn secrets_and_passwords_are_never_logged() {
    let path = log_path("secrets");
    let mut config = Config::defaults();
    config.audit_log = Some(path.display().to_string());
    let server = support::start_with(config).await;
    let (key, secret) = user_with_key(&server, "alice", Some(ALLOW_ALL)).await;
    let iam = server.iam();
    let first_password = "First-Passw0rd!xyzzy";
    let second_password = "Second-Passw0rd!plugh";
    iam.create_login_profile()
        .user_name("alice")
        .password(first_password)
        .send()
        .await
        .unwrap();
    server
        .iam_as(&key, &secret, None)
        .change_password()
        .old_password(first_password)
        .new_password(second_password)
        .send()
        .await
        .unwrap();
    iam.update_login_profile()
        .user_name("alice")
        .password("Third-Passw0rd!frotz")
        .send()
        .await
        .unwrap();

    let too_long = format!("Fourth-{}", "x".repeat(130));
    let err = iam
        .create_login_profile()
        .user_name("alice")
        .password(&too_long)
        .send()
        .await
        .unwrap_err();
    assert_eq!(support::code(&err), "ValidationError");

    let (_, body) = records(&server, "").await;
    let login = last(&server, "CreateLoginProfile").await;
    assert_eq!(
        login["requestParameters"]["password"],
        localiam::audit::HIDDEN
    );
    let change = last(&server, "ChangePassword").await;
    assert_eq!(
        change["requestParameters"]["newPassword"],
        localiam::audit::HIDDEN
    );
    assert_eq!(change["userIdentity"]["userName"], "alice");
    assert!(last(&server, "CreateAccessKey").await["errorCode"].is_null());
    let file = file_lines(&path, 7).await.join("\n");
    for text in [&body, &file] {
        for hidden in [
            secret.as_str(),
            first_password,
            second_password,
            "Third-Passw0rd!frotz",
            too_long.as_str(),
        ] {
            assert!(!text.contains(hidden), "{hidden} leaked");
        }
    }
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn the_file_gets_one_json_line_per_request() {
    let path = log_path("lines");
    let mut config = Config::defaults();
    config.audit_log = Some(path.display().to_string());
    let server = support::start_with(config).await;
    let iam = server.iam();
    iam.create_user().user_name("one").send().await.unwrap();
    iam.get_user().user_name("one").send().await.unwrap();
    iam.get_user().user_name("nobody").send().await.unwrap_err();
    let lines = file_lines(&path, 3).await;
    assert_eq!(lines.len(), 3);
    let names: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["eventName"].clone())
        .collect();
    assert_eq!(names, ["CreateUser", "GetUser", "GetUser"]);
    let failed: Value = serde_json::from_str(&lines[2]).unwrap();
    assert_eq!(failed["errorCode"], "NoSuchEntity");
    assert_eq!(
        failed["errorMessage"],
        "The user with name nobody cannot be found."
    );
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn the_buffer_keeps_the_last_records_and_reset_clears_it() {
    let mut config = Config::defaults();
    config.audit_buffer = 3;
    let server = support::start_with(config).await;
    let iam = server.iam();
    for n in 1..=5 {
        iam.create_user()
            .user_name(format!("u{n}"))
            .send()
            .await
            .unwrap();
    }
    let users = |records: &[Value]| -> Vec<Value> {
        records
            .iter()
            .map(|r| r["requestParameters"]["userName"].clone())
            .collect()
    };
    let (all, _) = records(&server, "").await;
    assert_eq!(users(&all), ["u3", "u4", "u5"]);
    let (two, _) = records(&server, "?limit=2").await;
    assert_eq!(users(&two), ["u4", "u5"]);
    let reset = reqwest::Client::new()
        .post(format!("{}/_localiam/reset", server.endpoint))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status().as_u16(), 200);
    let (none, body) = records(&server, "").await;
    assert!(none.is_empty(), "{body}");
}

#[tokio::test]
async fn audit_mode_records_the_would_be_denial_of_a_call_that_went_on() {
    let mut config = Config::defaults();
    config.auth = localiam::config::AuthMode::Audit;
    let server = support::start_with(config).await;
    let (key, secret) = user_with_key(&server, "alice", None).await;
    server
        .iam_as(&key, &secret, None)
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    let record = last(&server, "CreateUser").await;
    assert_eq!(record["errorCode"], Value::Null);
    assert_eq!(record["localiam"]["decision"], "implicitDeny");
    assert!(
        record["localiam"]["reason"]
            .as_str()
            .unwrap()
            .ends_with("because no identity-based policy allows the iam:CreateUser action")
    );
}
