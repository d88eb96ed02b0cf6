//! The wire protocol itself: envelopes, request ids, errors for bad input.

use crate::support::start;

#[tokio::test]
async fn success_envelope_and_request_id() {
    let server = start().await;
    let response = server
        .signed(
            "POST",
            "",
            b"Action=CreateUser&Version=2010-05-08&UserName=wire",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let id = response
        .headers()
        .get("x-amzn-requestid")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateUserResult><User>"), "{body}");
    assert!(
        body.contains(&format!(
            "<ResponseMetadata><RequestId>{id}</RequestId></ResponseMetadata></CreateUserResponse>"
        )),
        "{body}"
    );
    let (status, body) = server.post_form("Action=DeleteUser&UserName=wire").await;
    assert_eq!(status, 200);
    assert!(body.contains("<DeleteUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata>"), "{body}");
}

#[tokio::test]
async fn get_with_query_string() {
    let server = start().await;
    let response = server
        .signed("GET", "/?Action=ListUsers&Version=2010-05-08", b"")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("<ListUsersResult><Users></Users><IsTruncated>false</IsTruncated>")
    );
}

#[tokio::test]
async fn bad_input_gets_aws_errors_and_changes_nothing() {
    let server = start().await;
    let cases: &[(&str, u16, &str)] = &[
        ("Version=2010-05-08", 400, "<Code>MissingAction</Code>"),
        ("Action=CreateUsr", 400, "<Code>InvalidAction</Code>"),
        (
            "Action=CreateUser&UserName=a&Bogus=1",
            400,
            "<Code>UnknownParameter</Code>",
        ),
        (
            "Action=CreateUser&UserName=a&UserName=b",
            400,
            "<Code>MalformedQueryString</Code>",
        ),
        (
            "Action=CreateUser&UserName=%ff%fe",
            400,
            "<Code>MalformedQueryString</Code>",
        ),
        (
            "Action=CreateUser",
            400,
            "Value null at &apos;userName&apos; failed to satisfy constraint: Member must not be null",
        ),
        (
            "Action=ListUsers&MaxItems=abc",
            400,
            "<Code>ValidationError</Code>",
        ),
        (
            "Action=ListUsers&MaxItems=99999999999999999999",
            400,
            "<Code>ValidationError</Code>",
        ),
        (
            "Action=CreateUser&UserName=a&Tags.member.x.Key=k",
            400,
            "<Code>UnknownParameter</Code>",
        ),
        (
            "Action=CreateUser&UserName=a&Tags.member.1.Key=k",
            400,
            "Value null at &apos;tags.1.member.value&apos;",
        ),
    ];
    for (body, want_status, want) in cases {
        let (status, text) = server.post_form(body).await;
        assert_eq!(status, *want_status, "{body}: {text}");
        assert!(text.contains(want), "{body}: {text}");
        assert!(text.contains("<Type>Sender</Type>"), "{body}: {text}");
    }
    let (_, list) = server.post_form("Action=ListUsers").await;
    assert!(
        list.contains("<Users></Users>"),
        "nothing was created: {list}"
    );
}

#[tokio::test]
async fn oversized_body_is_refused() {
    let server = start().await;
    let body = format!("Action=CreateUser&UserName={}", "a".repeat(10 << 20));
    let (status, text) = server.post_form(&body).await;
    assert_eq!(status, 413);
    assert!(text.contains("RequestEntityTooLarge"));
}

#[tokio::test]
async fn side_endpoints() {
    let server = start().await;
    for path in ["/_localiam/health", "/_localstack/health"] {
        let v: serde_json::Value = reqwest::get(format!("{}{path}", server.endpoint))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["services"]["iam"], "running");
        assert_eq!(v["auth"], "enforce");
    }
    server
        .iam()
        .create_user()
        .user_name("gone")
        .send()
        .await
        .unwrap();
    for path in ["/_localiam/reset", "/moto-api/reset"] {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", server.endpoint))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert!(
        server
            .iam()
            .list_users()
            .send()
            .await
            .unwrap()
            .users()
            .is_empty()
    );
}

#[tokio::test]
async fn slow_client_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut config = localiam::config::Config::defaults();
    config.body_timeout = 1;
    let server = crate::support::start_with(config).await;
    let addr = server.endpoint.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=").await.unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut reply),
    )
    .await;
    assert!(read.is_ok(), "the server must not hang on a stalled body");
    assert!(
        String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    let (_, list) = server.post_form("Action=ListUsers").await;
    assert!(list.contains("<Users></Users>"));
}
