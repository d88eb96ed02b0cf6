//! `localiam policy validate` and `localiam policy eval`, run as a user runs them.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `localiam ARGS` with `stdin` as standard input.
fn localiam(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_localiam"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run localiam");
    // A usage error can end the process before it reads its input: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Each stdout line as JSON.
fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// A file holding `text`, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let path = std::env::temp_dir().join(format!("localiam-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        Self(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const GOOD: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "iam:Get*"], "Resource": "*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}
  ]
}"#;

#[test]
fn validate_a_good_policy_prints_nothing_and_exits_0() {
    let file = TempFile::new("good.json", GOOD);
    let out = localiam(&["policy", "validate", file.path()], "");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
}

#[test]
fn validate_a_malformed_policy_prints_an_error_and_exits_1() {
    let out = localiam(
        &["policy", "validate", "-"],
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let found = lines(&out);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["findingType"], "ERROR");
    assert_eq!(found[0]["issueCode"], "JSON_SYNTAX_ERROR");
    assert_eq!(found[0]["findingDetails"], "Syntax errors in policy.");
    assert!(found[0]["locations"][0]["span"]["start"]["line"].as_u64() >= Some(3));

    let principal = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}"#;
    let out = localiam(&["policy", "validate", "-"], principal);
    assert_eq!(out.status.code(), Some(1));
    let found = lines(&out);
    assert_eq!(found[0]["issueCode"], "UNSUPPORTED_PRINCIPAL");
    assert_eq!(
        found[0]["locations"][0]["path"],
        serde_json::json!([{"value": "Statement"}, {"index": 0}, {"value": "Principal"}])
    );
}

#[test]
fn validate_warnings_and_suggestions_exit_0() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": ["iam:CreateUsr", "nosuch:Get", "iam:Get*", "iam:GetUser"],
   "Resource": "*", "Condition": {"Bool": {"aws:SecureTransportt": "true"}}},
  {"Effect": "Allow", "Action": ["iam:CreateUsr", "nosuch:Get", "iam:Get*", "iam:GetUser"],
   "Resource": "*", "Condition": {"Bool": {"aws:SecureTransportt": "true"}}}
]}"#;
    let out = localiam(&["policy", "validate", "-"], policy);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let found = lines(&out);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|f| {
            (
                f["findingType"].as_str().unwrap(),
                f["issueCode"].as_str().unwrap(),
            )
        })
        .collect();
    let statement = [
        ("WARNING", "INVALID_ACTION"),
        ("WARNING", "INVALID_SERVICE_IN_ACTION"),
        ("SUGGESTION", "REDUNDANT_ACTION"),
        ("WARNING", "INVALID_GLOBAL_CONDITION_KEY"),
    ];
    let mut want = statement.to_vec();
    want.push(("SUGGESTION", "REDUNDANT_STATEMENT"));
    want.extend(statement);
    assert_eq!(codes, want);
    assert_eq!(
        found[0]["findingDetails"],
        "The action iam:CreateUsr does not exist."
    );
    let start = &found[0]["locations"][0]["span"]["start"];
    assert_eq!(
        (start["line"].as_u64(), start["column"].as_u64()),
        (Some(2), Some(33))
    );
}

#[test]
fn validate_kind_decides_the_rules() {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let as_trust = localiam(&["policy", "validate", "-", "--kind", "trust"], trust);
    assert_eq!(as_trust.status.code(), Some(0), "{as_trust:?}");
    assert!(as_trust.stdout.is_empty());
    let as_identity = localiam(&["policy", "validate", "-"], trust);
    assert_eq!(as_identity.status.code(), Some(1));
    assert_eq!(lines(&as_identity)[0]["issueCode"], "UNSUPPORTED_PRINCIPAL");
}

#[test]
fn validate_usage_errors_exit_2() {
    for args in [
        &["policy", "validate"][..],
        &["policy", "validate", "-", "--kind", "bogus"],
        &["policy", "validate", "/nonexistent/policy.json"],
        &["policy", "nosuch"],
        &["--port", "1", "policy", "validate", "-"],
    ] {
        let out = localiam(args, GOOD);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn eval_answers_each_request_line_with_one_json_line() {
    let request = |action: &str| {
        serde_json::json!({
            "identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
                "Action": "s3:GetObject", "Resource": "*"}}],
            "principal": {"arn": "arn:aws:iam::111122223333:user/Bob", "type": "User"},
            "action": action,
            "resource": "arn:aws:s3:::bucket/key",
        })
        .to_string()
    };
    let input = format!(
        "{}\n\n{}\nnot json\n",
        request("s3:GetObject"),
        request("s3:PutObject")
    );
    let out = localiam(&["policy", "eval"], &input);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let answers = lines(&out);
    assert_eq!(answers.len(), 3, "blank lines get no answer");
    assert_eq!(answers[0]["decision"], "allowed");
    assert_eq!(
        answers[0]["matched_statements"][0]["source_policy_id"],
        "identity_policies[0]"
    );
    assert_eq!(answers[1]["decision"], "implicitDeny");
    assert_eq!(answers[2]["error"]["code"], "InvalidInput");

    let file = TempFile::new("requests.jsonl", &format!("{}\n", request("s3:GetObject")));
    let from_file = lines(&localiam(&["policy", "eval", file.path()], ""));
    assert_eq!(from_file.len(), 1);
    assert_eq!(from_file[0]["decision"], "allowed");
    let missing = localiam(&["policy", "eval", "/nonexistent/requests.jsonl"], "");
    assert_eq!(missing.status.code(), Some(2));
}
