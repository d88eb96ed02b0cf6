//! Usage data: access keys' last use and credential reports, from real calls (service last
//! accessed reports are in `last_accessed.rs`).

use crate::support::{Server, code, start, start_on_clock, status};
use aws_credential_types::Credentials;
use aws_sdk_iam::types::{ReportFormatType, ReportStateType, StatusType};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use localiam::clock::{Clock, ManualClock};
use std::time::SystemTime;

const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// A user with an inline policy allowing everything in IAM and STS, so that its calls succeed
/// whether or not the server enforces policies.
pub async fn user(server: &Server, name: &str) {
    let iam = server.iam();
    iam.create_user().user_name(name).send().await.unwrap();
    iam.put_user_policy()
        .user_name(name)
        .policy_name("iam-and-sts")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
}

/// A new key of `name`, as (id, secret).
pub async fn new_key(server: &Server, name: &str) -> (String, String) {
    let out = server
        .iam()
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .unwrap();
    let key = out.access_key().unwrap();
    (
        key.access_key_id().to_string(),
        key.secret_access_key().to_string(),
    )
}

#[tokio::test]
async fn key_last_used_comes_from_calls_signed_with_it() {
    let server = start().await;
    user(&server, "alice").await;
    let (id, secret) = new_key(&server, "alice").await;
    let iam = server.iam();

    let before = iam
        .get_access_key_last_used()
        .access_key_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(before.user_name(), Some("alice"));
    let last = before.access_key_last_used().unwrap();
    assert!(last.last_used_date().is_none());
    assert_eq!(last.service_name(), "N/A");
    assert_eq!(last.region(), "N/A");

    server
        .sts_as(&id, &secret, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let after = iam
        .get_access_key_last_used()
        .access_key_id(&id)
        .send()
        .await
        .unwrap();
    let last = after.access_key_last_used().unwrap();
    assert!(last.last_used_date().is_some());
    assert_eq!(last.service_name(), "sts");
    assert_eq!(last.region(), "us-east-1");
    let first_date = *last.last_used_date().unwrap();

    // AWS records only the first use in a 15-minute span: an IAM call right after leaves it.
    server
        .iam_as(&id, &secret, None)
        .list_users()
        .send()
        .await
        .unwrap();
    let again = iam
        .get_access_key_last_used()
        .access_key_id(&id)
        .send()
        .await
        .unwrap();
    let last = again.access_key_last_used().unwrap();
    assert_eq!(last.service_name(), "sts");
    assert_eq!(last.last_used_date(), Some(&first_date));
}

#[tokio::test]
async fn credential_report_is_not_present_before_generation() {
    let server = start().await;
    let err = server
        .iam()
        .get_credential_report()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ReportNotPresent");
    assert_eq!(status(&err), 410);
}

/// The report's CSV lines.
async fn report_lines(server: &Server) -> Vec<String> {
    let got = server.iam().get_credential_report().send().await.unwrap();
    assert_eq!(
        got.report_format().map(ReportFormatType::as_str),
        Some("text/csv")
    );
    assert!(got.generated_time().is_some());
    let text = String::from_utf8(got.content().unwrap().as_ref().to_vec()).unwrap();
    text.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn credential_report_lists_root_then_users_with_their_credentials() {
    let server = start().await;
    let iam = server.iam();
    user(&server, "alice").await;
    iam.create_user().user_name("bob").send().await.unwrap();
    iam.create_login_profile()
        .user_name("alice")
        .password("Correct-Horse-1")
        .send()
        .await
        .unwrap();
    let (used, secret) = new_key(&server, "alice").await;
    let (idle, _) = new_key(&server, "alice").await;
    iam.update_access_key()
        .user_name("alice")
        .access_key_id(&idle)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    server
        .iam_as(&used, &secret, None)
        .get_user()
        .send()
        .await
        .unwrap();

    let started = iam.generate_credential_report().send().await.unwrap();
    assert_eq!(
        started.state().map(ReportStateType::as_str),
        Some("STARTED")
    );
    assert_eq!(
        started.description(),
        Some("No report exists. Starting a new report generation task")
    );
    let complete = iam.generate_credential_report().send().await.unwrap();
    assert_eq!(
        complete.state().map(ReportStateType::as_str),
        Some("COMPLETE")
    );
    assert_eq!(complete.description(), None);

    let lines = report_lines(&server).await;
    assert_eq!(lines.len(), 4, "header, root, alice, bob: {lines:#?}");
    assert_eq!(lines[0], HEADER);
    let root: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(root.len(), 22);
    assert_eq!(root[0], "<root_account>");
    assert_eq!(root[1], "arn:aws:iam::000000000000:root");
    assert!(root[2].ends_with("+00:00"), "{}", root[2]);
    assert_eq!(
        root[3..].join(","),
        "not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
    );

    let alice: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(alice.len(), 22);
    assert_eq!(alice[0], "alice");
    assert_eq!(alice[1], "arn:aws:iam::000000000000:user/alice");
    assert_eq!(&alice[3..5], ["true", "no_information"]);
    assert!(alice[5].ends_with("+00:00"), "password_last_changed");
    assert_eq!(&alice[6..9], ["N/A", "false", "true"]);
    assert!(alice[9].ends_with("+00:00") && alice[10].ends_with("+00:00"));
    assert_eq!(&alice[11..14], ["us-east-1", "iam", "false"]);
    assert!(
        alice[14].ends_with("+00:00"),
        "an inactive key still has its date"
    );
    assert_eq!(
        &alice[15..],
        ["N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"]
    );

    let bob: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(bob[0], "bob");
    assert_eq!(
        bob[3..].join(","),
        "false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
    );
}

#[tokio::test]
async fn credential_report_next_rotation_follows_the_password_policy() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("carol").send().await.unwrap();
    iam.update_account_password_policy()
        .max_password_age(90)
        .send()
        .await
        .unwrap();
    iam.create_login_profile()
        .user_name("carol")
        .password("Correct-Horse-1")
        .send()
        .await
        .unwrap();
    iam.generate_credential_report().send().await.unwrap();
    let lines = report_lines(&server).await;
    let carol: Vec<&str> = lines[2].split(',').collect();
    let changed = chrono::DateTime::parse_from_rfc3339(carol[5]).unwrap();
    let next = chrono::DateTime::parse_from_rfc3339(carol[6]).unwrap();
    assert_eq!(next - changed, chrono::TimeDelta::days(90));
}

/// Calls `action` (no parameters) as the default root, signed at the server's clock; returns the
/// status and body.
async fn call_at(server: &Server, clock: &ManualClock, action: &str) -> (u16, String) {
    let url = format!("{}/", server.endpoint);
    let body = format!("Action={action}&Version=2010-05-08");
    let content_type = "application/x-www-form-urlencoded";
    let identity = Credentials::new("test", "test", None, None, "localiam-tests").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("iam")
        .time(SystemTime::from(clock.now()))
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let signable = SignableRequest::new(
        "POST",
        url.as_str(),
        [("content-type", content_type)].into_iter(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut request = reqwest::Client::new()
        .post(&url)
        .header("content-type", content_type)
        .body(body);
    for (name, value) in instructions.headers() {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn credential_report_expires_after_four_hours() {
    let (server, clock) = start_on_clock(chrono::Utc::now()).await;
    let (s, body) = call_at(&server, &clock, "GenerateCredentialReport").await;
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("<State>STARTED</State>"), "{body}");
    clock.advance(chrono::TimeDelta::hours(3));
    let (s, body) = call_at(&server, &clock, "GenerateCredentialReport").await;
    assert!(
        s == 200 && body.contains("<State>COMPLETE</State>"),
        "{body}"
    );
    let (s, _) = call_at(&server, &clock, "GetCredentialReport").await;
    assert_eq!(s, 200);

    clock.advance(chrono::TimeDelta::hours(1));
    let (s, body) = call_at(&server, &clock, "GetCredentialReport").await;
    assert_eq!(s, 410, "{body}");
    assert!(body.contains("<Code>ReportExpired</Code>"), "{body}");

    let (s, body) = call_at(&server, &clock, "GenerateCredentialReport").await;
    assert_eq!(s, 200);
    assert!(body.contains("<State>STARTED</State>"), "{body}");
    assert!(!body.contains("<Description>"), "a report existed: {body}");
    let (s, _) = call_at(&server, &clock, "GetCredentialReport").await;
    assert_eq!(s, 200);
}
