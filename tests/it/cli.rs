//! The aws CLI against the built `localiam` binary, as a user would run them.

use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary, killed when the test ends (also used by the examples' tests).
pub(crate) struct Binary(Child);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn start_binary() -> (Binary, String) {
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
fn aws_cli_users_roles_policies_and_errors() {
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

    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let role = ok(
        &e,
        &[
            "iam",
            "create-role",
            "--role-name",
            "app",
            "--assume-role-policy-document",
            trust,
        ],
    );
    assert_eq!(role["Role"]["Arn"], "arn:aws:iam::000000000000:role/app");
    let got = ok(&e, &["iam", "get-role", "--role-name", "app"]);
    assert_eq!(
        got["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com",
        "the CLI decodes the URL-encoded document"
    );
    assert_eq!(
        ok(&e, &["iam", "list-roles"])["Roles"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}"#;
    let policy = ok(
        &e,
        &[
            "iam",
            "create-policy",
            "--policy-name",
            "read",
            "--policy-document",
            doc,
        ],
    );
    let arn = policy["Policy"]["Arn"].as_str().unwrap().to_string();
    assert_eq!(arn, "arn:aws:iam::000000000000:policy/read");
    let version = ok(
        &e,
        &[
            "iam",
            "get-policy-version",
            "--policy-arn",
            &arn,
            "--version-id",
            "v1",
        ],
    );
    assert_eq!(
        version["PolicyVersion"]["Document"]["Statement"][0]["Resource"],
        "arn:aws:s3:::bucket/*"
    );
    ok(
        &e,
        &[
            "iam",
            "attach-role-policy",
            "--role-name",
            "app",
            "--policy-arn",
            &arn,
        ],
    );
    let conflict = aws(&e, &["iam", "delete-role", "--role-name", "app"]);
    assert!(!conflict.status.success());
    assert!(String::from_utf8_lossy(&conflict.stderr).contains("(DeleteConflict)"));
    ok(
        &e,
        &[
            "iam",
            "detach-role-policy",
            "--role-name",
            "app",
            "--policy-arn",
            &arn,
        ],
    );
    ok(&e, &["iam", "delete-role", "--role-name", "app"]);
    ok(&e, &["iam", "delete-policy", "--policy-arn", &arn]);
    assert!(
        ok(&e, &["iam", "list-policies", "--scope", "Local"])["Policies"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let identity = ok(&e, &["sts", "get-caller-identity"]);
    assert_eq!(identity["Arn"], "arn:aws:iam::000000000000:root");
}

/// An aws CLI profile with `role_arn` + `source_profile`: the CLI assumes the role through
/// localiam (AWS_ENDPOINT_URL reaches its internal STS client too) and signs as the session.
#[test]
fn a_role_profile_assumes_the_role() {
    let (_binary, endpoint) = start_binary();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}"#;
    ok(
        &endpoint,
        &[
            "iam",
            "create-role",
            "--role-name",
            "cli-role",
            "--assume-role-policy-document",
            trust,
        ],
    );
    let dir = std::env::temp_dir().join(format!("localiam-cli-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let credentials = dir.join("credentials");
    let config = dir.join("config");
    std::fs::write(
        &credentials,
        "[base]\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .unwrap();
    std::fs::write(
        &config,
        "[profile app]\nrole_arn = arn:aws:iam::000000000000:role/cli-role\nsource_profile = base\nrole_session_name = ci\nregion = us-east-1\n",
    )
    .unwrap();
    let out = Command::new("aws")
        .args([
            "sts",
            "get-caller-identity",
            "--profile",
            "app",
            "--output",
            "json",
        ])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .env("AWS_ENDPOINT_URL", &endpoint)
        // The CLI caches assumed-role credentials under ~/.aws/cli/cache: a cache from an earlier
        // server would hand this one credentials it never issued.
        .env("HOME", &dir)
        .output()
        .expect("aws CLI");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let identity: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        identity["Arn"],
        "arn:aws:sts::000000000000:assumed-role/cli-role/ci"
    );
}
