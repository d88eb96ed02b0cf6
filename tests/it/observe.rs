//! Observability and the habits of LocalStack and moto users: `/_localiam/metrics`, request ids
//! in the logs, `localiam health`, LocalStack's variables and health body, moto's reset, awslocal.

use crate::support;
use aws_sdk_iam::error::ProvideErrorMetadata;
use aws_sdk_iam::operation::RequestId;
use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The exposition of `server`, checked for its content type.
async fn scrape(server: &support::Server) -> String {
    let response = reqwest::get(format!("{}/_localiam/metrics", server.endpoint))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    response.text().await.unwrap()
}

/// The text of the series `name{labels}`'s value.
fn raw<'a>(text: &'a str, series: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
}

/// The count of the series `name{labels}`, 0 when absent (only non-zero request series are
/// shown).
fn value(text: &str, series: &str) -> u64 {
    raw(text, series).map_or(0, |v| v.parse().unwrap())
}

fn requests(text: &str, action: &str, status: u16) -> u64 {
    let service = if action == "GetCallerIdentity" {
        "sts"
    } else {
        "iam"
    };
    value(
        text,
        &format!(
            "localiam_requests_total{{service=\"{service}\",action=\"{action}\",status=\"{status}\"}}"
        ),
    )
}

fn decisions(text: &str, result: &str) -> u64 {
    value(
        text,
        &format!("localiam_authorization_decisions_total{{result=\"{result}\"}}"),
    )
}

#[tokio::test]
async fn metrics_count_requests_by_action_and_status() {
    let server = support::start().await;
    let iam = server.iam();
    let before = scrape(&server).await;
    assert!(before.contains("# TYPE localiam_requests_total counter\n"));
    assert!(before.contains("# HELP localiam_request_duration_seconds "));
    assert!(before.contains("# TYPE localiam_request_duration_seconds histogram\n"));
    assert!(before.contains("# TYPE localiam_uptime_seconds gauge\n"));
    // Only the series that counted something.
    assert!(!before.contains("action=\"CreateUser\""));

    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_user().user_name("bob").send().await.unwrap();
    let err = iam.get_user().user_name("nobody").send().await.unwrap_err();
    assert_eq!(err.code(), Some("NoSuchEntity"));
    let (status, _) = server.post_form("Action=NoSuchAction").await;
    assert_eq!(status, 400);

    let after = scrape(&server).await;
    assert_eq!(requests(&after, "CreateUser", 200), 2);
    assert_eq!(requests(&after, "GetUser", 404), 1);
    assert_eq!(requests(&after, "GetUser", 200), 0);
    assert_eq!(requests(&after, "unknown", 400), 1);
    assert_eq!(value(&after, "localiam_accounts"), 1);
    assert!(after.contains("localiam_build_info{version=\""));
}

#[tokio::test]
async fn latency_histogram_buckets_are_cumulative() {
    let server = support::start().await;
    for name in ["a", "b", "c"] {
        server
            .iam()
            .create_user()
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    server.sts().get_caller_identity().send().await.unwrap();
    let text = scrape(&server).await;
    for (service, calls) in [("iam", 3), ("sts", 1)] {
        let prefix =
            format!("localiam_request_duration_seconds_bucket{{service=\"{service}\",le=\"");
        let buckets: Vec<(String, u64)> = text
            .lines()
            .filter_map(|line| {
                let rest = line.strip_prefix(&prefix)?;
                let (le, count) = rest.split_once("\"} ")?;
                Some((le.to_owned(), count.parse().unwrap()))
            })
            .collect();
        assert_eq!(buckets.len(), 15, "{text}");
        assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{buckets:?}");
        let (le, inf) = buckets.last().unwrap();
        assert_eq!(le, "+Inf");
        let count = value(
            &text,
            &format!("localiam_request_duration_seconds_count{{service=\"{service}\"}}"),
        );
        assert_eq!(*inf, count);
        assert!(count >= calls, "{service}: {count}");
        let sum: f64 = raw(
            &text,
            &format!("localiam_request_duration_seconds_sum{{service=\"{service}\"}}"),
        )
        .unwrap()
        .parse()
        .unwrap();
        assert!(sum > 0.0);
    }
}

#[tokio::test]
async fn decision_counters_count_a_denial() {
    let server = support::start().await;
    let iam = server.iam();
    iam.create_user().user_name("alice").send().await.unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let before = scrape(&server).await;
    let alice = server.iam_as(&key.access_key_id, &key.secret_access_key, None);
    let err = alice.list_users().send().await.unwrap_err();
    assert_eq!(err.code(), Some("AccessDenied"));
    server
        .sts_as(&key.access_key_id, &key.secret_access_key, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    let after = scrape(&server).await;
    assert_eq!(
        decisions(&after, "implicit_deny") - decisions(&before, "implicit_deny"),
        1
    );
    assert_eq!(
        decisions(&after, "exempt") - decisions(&before, "exempt"),
        1
    );
    assert_eq!(decisions(&after, "root"), 2, "{after}");
    assert_eq!(requests(&after, "ListUsers", 403), 1);
}

#[tokio::test]
async fn localstack_health_and_moto_reset_answer_as_they_do() {
    let server = support::start().await;
    let health: serde_json::Value = reqwest::get(format!("{}/_localstack/health", server.endpoint))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["services"]["iam"], "running");
    assert_eq!(health["services"]["sts"], "running");
    assert!(health["version"].is_string() && health["edition"].is_string());

    server
        .iam()
        .create_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/moto-api/reset", server.endpoint);
    let response = client.post(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), r#"{"status": "ok"}"#);
    let users = server.iam().list_users().send().await.unwrap();
    assert!(users.users.is_empty());
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"Error": "Need to POST to reset Moto"}"#
    );
}

/// The built binary, killed when dropped.
struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for(port: u16) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "localiam did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// `localiam` with `args` and `env`, its standard error piped.
fn localiam(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_localiam"));
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for name in [
        "LOCALIAM_HOST",
        "LOCALIAM_PORT",
        "LOCALIAM_LOG_LEVEL",
        "GATEWAY_LISTEN",
        "LS_LOG",
        "DEBUG",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command
}

fn health(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = localiam(&["health"], env);
    command.args(args).stdout(Stdio::piped());
    command.output().unwrap()
}

#[test]
fn health_exits_0_when_the_server_answers_and_1_when_it_is_gone() {
    let port = free_port();
    let listen = format!("0.0.0.0:{port}");
    // LocalStack's variable, read by the server and by the check alike.
    let env = [("GATEWAY_LISTEN", listen.as_str())];
    let server = Binary(localiam(&[], &env).spawn().unwrap());
    wait_for(port);
    let ok = health(&[], &env);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(body["services"]["iam"], "running");
    let port_text = port.to_string();
    assert!(health(&["--port", &port_text], &[]).status.success());

    drop(server);
    let gone = health(&["--port", &port_text], &[]);
    assert_eq!(gone.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&gone.stderr).contains("unhealthy"));
}

#[test]
fn our_variables_win_over_localstacks() {
    let port = free_port();
    let port_text = port.to_string();
    let env = [
        ("GATEWAY_LISTEN", "127.0.0.1:1"),
        ("LOCALIAM_PORT", port_text.as_str()),
    ];
    let _server = Binary(localiam(&[], &env).spawn().unwrap());
    wait_for(port);
    assert!(health(&[], &env).status.success());
}

#[tokio::test]
async fn json_log_lines_carry_the_request_id() {
    let port = free_port();
    let port_text = port.to_string();
    let server = Binary(
        localiam(
            &["--port", &port_text, "--log-format", "json"],
            &[("LOCALIAM_LOG_LEVEL", "localiam=debug")],
        )
        .spawn()
        .unwrap(),
    );
    wait_for(port);
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/"))
        .form(&[("Action", "ListUsers"), ("Version", "2010-05-08")])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let request_id = response.headers()["x-amzn-requestid"]
        .to_str()
        .unwrap()
        .to_owned();
    let stderr = stderr_of(server);
    let lines_of_request: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["span"]["request_id"] == request_id.as_str())
        .filter(|l| l["fields"]["message"] == "served")
        .collect();
    assert_eq!(lines_of_request.len(), 1, "{stderr}");
    let line = &lines_of_request[0];
    assert_eq!(line["level"], "DEBUG");
    assert_eq!(line["fields"]["action"], "ListUsers");
    assert_eq!(line["fields"]["status"], status);
    assert!(line["fields"]["micros"].is_u64());
    assert_eq!(line["span"]["name"], "request");
}

/// Reads what the binary wrote to stderr, once it is stopped.
fn stderr_of(mut server: Binary) -> String {
    let _ = server.0.kill();
    let _ = server.0.wait();
    let mut stderr = String::new();
    server
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

#[tokio::test]
async fn warnings_at_the_default_level_name_the_request_id() {
    let port = free_port();
    let port_text = port.to_string();
    let server = Binary(
        localiam(
            &[
                "--port",
                &port_text,
                "--log-format",
                "json",
                "--auth",
                "audit",
            ],
            &[],
        )
        .spawn()
        .unwrap(),
    );
    wait_for(port);
    let endpoint = format!("http://127.0.0.1:{port}");
    let root = support::iam_client(&endpoint, "test", "test", None);
    root.create_user().user_name("nobody").send().await.unwrap();
    let key = root
        .create_access_key()
        .user_name("nobody")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let user = support::iam_client(&endpoint, &key.access_key_id, &key.secret_access_key, None);
    // Audit mode: allowed, with a warning that it would have been denied.
    let out = user.list_users().send().await.unwrap();
    let request_id = out.request_id().unwrap().to_owned();
    let stderr = stderr_of(server);
    let warnings: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|l| l["level"] == "WARN")
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert_eq!(
        warnings[0]["fields"]["request_id"],
        request_id.as_str(),
        "{stderr}"
    );
    assert_eq!(warnings[0]["fields"]["action"], "iam:ListUsers");
}

#[test]
fn awslocal_works_unchanged() {
    if Command::new("awslocal").arg("--version").output().is_err() {
        println!(
            "skipped: awslocal is not installed (.ci/run installs it: pip install awscli-local)"
        );
        return;
    }
    let port = free_port();
    let port_text = port.to_string();
    let _server = Binary(localiam(&["--port", &port_text], &[]).spawn().unwrap());
    wait_for(port);
    // What a LocalStack user sets: awslocal builds the endpoint from LOCALSTACK_HOST.
    let host = format!("127.0.0.1:{port}");
    let awslocal = |args: &[&str]| {
        let out = Command::new("awslocal")
            .args(args)
            .args(["--output", "json"])
            .env("LOCALSTACK_HOST", &host)
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "awslocal {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let created = awslocal(&["iam", "create-user", "--user-name", "alice"]);
    assert_eq!(
        created["User"]["Arn"],
        "arn:aws:iam::000000000000:user/alice"
    );
    let listed = awslocal(&["iam", "list-users"]);
    assert_eq!(listed["Users"][0]["UserName"], "alice");
}
