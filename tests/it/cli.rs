//! The aws CLI against the built `localiam` binary, as a user would run them.

use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary, killed when the test ends.
struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_binary() -> (Binary, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_localiam"))
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start localiam");
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "localiam did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    (Binary(child), endpoint)
}

fn aws(endpoint: &str, args: &[&str]) -> Output {
    Command::new("aws")
        .arg("--endpoint-url")
        .arg(endpoint)
        .args(["--output", "json"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("the aws CLI is installed (.ci/run installs it)")
}

fn ok(endpoint: &str, args: &[&str]) -> serde_json::Value {
    let out = aws(endpoint, args);
    assert!(
        out.status.success(),
        "aws {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if out.stdout.iter().all(u8::is_ascii_whitespace) {
        return serde_json::Value::Null;
    }
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn aws_cli_users_and_errors() {
    let (_bin, e) = start_binary();
    let created = ok(&e, &["iam", "create-user", "--user-name", "alice"]);
    assert_eq!(
        created["User"]["Arn"],
        "arn:aws:iam::000000000000:user/alice"
    );
    assert_eq!(
        ok(&e, &["iam", "get-user", "--user-name", "alice"])["User"]["UserName"],
        "alice"
    );
    let listed = ok(&e, &["iam", "list-users"]);
    assert_eq!(listed["Users"].as_array().unwrap().len(), 1);
    ok(&e, &["iam", "delete-user", "--user-name", "alice"]);

    let failed = aws(&e, &["iam", "get-user", "--user-name", "alice"]);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name alice cannot be found."), "{stderr}");

    let identity = ok(&e, &["sts", "get-caller-identity"]);
    assert_eq!(identity["Arn"], "arn:aws:iam::000000000000:root");
}
