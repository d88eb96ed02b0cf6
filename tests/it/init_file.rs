//! `--init FILE`: the declared state exists, its access keys sign and its policies decide, reset
//! returns to it, and a bad file stops startup with a message naming the line.

use crate::support::{Server, code, message, start_with_init, status};
use localiam::config::Config;
use localiam::init::{Format, InitError, load_str};
use std::path::PathBuf;
use std::process::Command;

const KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const YAML: &str = r#"
accounts:
  - alias: acme
    policies:
      - name: ReadUsers
        path: /team/
        description: lists users
        document:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: ["iam:ListUsers", "iam:GetUser"]
              Resource: "*"
        tags: {team: ops}
      - name: Boundary
        document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["iam:Get*", "iam:List*"], Resource: "*"}]}
    groups:
      - name: ops
        path: /ops/
        policies: [ReadUsers]
        inline_policies:
          see-groups:
            Version: "2012-10-17"
            Statement: [{Effect: Allow, Action: "iam:ListGroups", Resource: "*"}]
    users:
      - name: alice
        path: /eng/
        tags:
          - {key: team, value: ops}
        permissions_boundary: Boundary
        groups: [ops]
        access_keys:
          - id: AKIAIOSFODNN7EXAMPLE
            secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
          - id: AKIAI44QH8DHBEXAMPLE
            secret: je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
            status: Inactive
    roles:
      - name: deployer
        description: deploys
        max_session_duration: 7200
        assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}'
        permissions_boundary: arn:aws:iam::aws:policy/PowerUserAccess
        policies: [ReadOnlyAccess]
        inline_policies:
          logs: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}'
        tags: {env: ci}
  - id: "111111111111"
    users: [{name: bob}]
"#;

const JSON: &str = r#"{
  "accounts": [
    {
      "policies": [
        {"name": "ReadUsers", "document": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}]}"}
      ],
      "users": [
        {
          "name": "carol",
          "policies": ["ReadUsers"],
          "inline_policies": {
            "get": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}
          },
          "access_keys": [{"id": "AKIAIOSFODNN7EXAMPLE", "secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]
        }
      ]
    }
  ]
}"#;

/// Writes `text` to a file of this test run named `name`.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("localiam-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A server started from [`YAML`], written to a file of its own named `name`.
async fn yaml_server(name: &str) -> Server {
    start_with_init(&file(name, YAML)).await
}

#[tokio::test]
async fn a_yaml_init_file_declares_users_groups_roles_and_policies() {
    let server = yaml_server("state1.yaml").await;
    let iam = server.iam();
    let alice = iam.get_user().user_name("alice").send().await.unwrap();
    let alice = alice.user().unwrap();
    assert_eq!(alice.path(), "/eng/");
    assert_eq!(alice.tags()[0].key(), "team");
    assert_eq!(
        alice
            .permissions_boundary()
            .unwrap()
            .permissions_boundary_arn(),
        Some("arn:aws:iam::000000000000:policy/Boundary")
    );
    let groups = iam
        .list_groups_for_user()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.groups()[0].group_name(), "ops");
    assert_eq!(groups.groups()[0].path(), "/ops/");
    let attached = iam
        .list_attached_group_policies()
        .group_name("ops")
        .send()
        .await
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some("arn:aws:iam::000000000000:policy/team/ReadUsers")
    );
    let inline = iam
        .get_group_policy()
        .group_name("ops")
        .policy_name("see-groups")
        .send()
        .await
        .unwrap();
    assert!(inline.policy_document().contains("iam%3AListGroups"));
    let policy = iam
        .get_policy()
        .policy_arn("arn:aws:iam::000000000000:policy/team/ReadUsers")
        .send()
        .await
        .unwrap();
    let policy = policy.policy().unwrap();
    assert_eq!(policy.description(), Some("lists users"));
    assert_eq!(policy.attachment_count(), Some(1));
    assert_eq!(policy.tags()[0].value(), "ops");
    let role = iam.get_role().role_name("deployer").send().await.unwrap();
    let role = role.role().unwrap();
    assert_eq!(role.max_session_duration(), Some(7200));
    assert_eq!(role.description(), Some("deploys"));
    assert_eq!(role.tags()[0].key(), "env");
    assert!(role.permissions_boundary().is_some());
    let role_policies = iam
        .list_attached_role_policies()
        .role_name("deployer")
        .send()
        .await
        .unwrap();
    assert_eq!(
        role_policies.attached_policies()[0].policy_name(),
        Some("ReadOnlyAccess")
    );
    let logs = iam
        .list_role_policies()
        .role_name("deployer")
        .send()
        .await
        .unwrap();
    assert_eq!(logs.policy_names(), ["logs"]);
    let aliases = iam.list_account_aliases().send().await.unwrap();
    assert_eq!(aliases.account_aliases(), ["acme"]);
    let keys = iam
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let statuses: Vec<_> = keys
        .access_key_metadata()
        .iter()
        .map(|k| (k.access_key_id().unwrap(), k.status().unwrap().as_str()))
        .collect();
    assert_eq!(
        statuses,
        [(KEY, "Active"), ("AKIAI44QH8DHBEXAMPLE", "Inactive")]
    );
    // A second account, reached as its root (a 12-digit access key id).
    let other = server.iam_as("111111111111", "test", None);
    let bob = other.get_user().user_name("bob").send().await.unwrap();
    assert_eq!(
        bob.user().unwrap().arn(),
        "arn:aws:iam::111111111111:user/bob"
    );
}

#[tokio::test]
async fn the_declared_access_key_signs_and_its_policies_decide() {
    let server = yaml_server("state2.yaml").await;
    let alice = server.iam_as(KEY, SECRET, None);
    let users = alice.list_users().send().await.unwrap();
    assert_eq!(users.users().len(), 1);
    // Through the group's inline policy.
    alice.list_groups().send().await.unwrap();
    let err = alice
        .create_user()
        .user_name("mallory")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(status(&err), 403);
    assert!(
        message(&err).contains("is not authorized to perform: iam:CreateUser"),
        "{}",
        message(&err)
    );
    // The inactive key is refused.
    let inactive = server.iam_as(
        "AKIAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        None,
    );
    let err = inactive.list_users().send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidClientTokenId");
}

#[tokio::test]
async fn a_json_init_file_takes_documents_as_text_or_objects() {
    let server = start_with_init(&file("state.json", JSON)).await;
    let carol = server.iam_as(KEY, SECRET, None);
    carol.list_users().send().await.unwrap();
    carol.get_user().send().await.unwrap();
    let err = carol.list_roles().send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let inline = server
        .iam()
        .get_user_policy()
        .user_name("carol")
        .policy_name("get")
        .send()
        .await
        .unwrap();
    assert!(inline.policy_document().contains("iam%3AGetUser"));
}

#[tokio::test]
async fn reset_returns_to_the_init_state() {
    let server = yaml_server("state3.yaml").await;
    let iam = server.iam();
    iam.create_user().user_name("temp").send().await.unwrap();
    iam.remove_user_from_group()
        .group_name("ops")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let alice_id = iam.get_user().user_name("alice").send().await.unwrap();
    let alice_id = alice_id.user().unwrap().user_id().to_owned();
    for path in ["/_localiam/reset", "/moto-api/reset"] {
        let reset = reqwest::Client::new()
            .post(format!("{}{path}", server.endpoint))
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status().as_u16(), 200);
        let users = iam.list_users().send().await.unwrap();
        let names: Vec<_> = users
            .users()
            .iter()
            .map(aws_sdk_iam::types::User::user_name)
            .collect();
        assert_eq!(names, ["alice"]);
        let alice = iam.get_user().user_name("alice").send().await.unwrap();
        // The same entities as at startup, not new ones.
        assert_eq!(alice.user().unwrap().user_id(), alice_id);
        let groups = iam
            .list_groups_for_user()
            .user_name("alice")
            .send()
            .await
            .unwrap();
        assert_eq!(groups.groups().len(), 1);
        // The declared key still signs and its policies still decide.
        server
            .iam_as(KEY, SECRET, None)
            .list_users()
            .send()
            .await
            .unwrap();
        let aliases = iam.list_account_aliases().send().await.unwrap();
        assert_eq!(aliases.account_aliases(), ["acme"]);
    }
}

/// The error a file with `text` is refused with.
fn refused(format: Format, text: &str) -> InitError {
    load_str("bad", format, text, &Config::defaults(), chrono::Utc::now())
        .map(|_| ())
        .expect_err("the file is refused")
}

fn yaml_refused(text: &str) -> InitError {
    refused(Format::Yaml, text)
}

/// Asserts the error's line, item path and message start.
fn assert_error(e: &InitError, line: usize, path: &str, message: &str) {
    assert_eq!(e.at.map(|p| p.line), Some(line), "{e}");
    assert_eq!(e.path, path, "{e}");
    assert!(e.message.starts_with(message), "{e}");
}

#[test]
fn syntax_errors_name_the_line() {
    let e = yaml_refused("accounts:\n  - users: [\n  - x\n");
    assert!(e.at.is_some(), "{e}");
    assert!(e.message.starts_with("invalid YAML"), "{e}");
    let e = refused(Format::Json, "{\n  \"accounts\": [\n    {\"id\": }\n  ]\n}");
    assert_eq!(e.at.map(|p| p.line), Some(3), "{e}");
    assert!(e.message.starts_with("invalid JSON"), "{e}");
    assert!(
        e.to_string().starts_with("init file bad, line 3, column"),
        "{e}"
    );
}

#[test]
fn unknown_and_missing_fields_are_refused() {
    let e = yaml_refused("accounts:\n  - users:\n      - name: a\n        nmae: b\n");
    assert_error(
        &e,
        4,
        "accounts[0].users[0].nmae",
        "unknown field `nmae`, expected one of: name, path",
    );
    assert_eq!(e.at.map(|p| p.column), Some(9));
    let e = yaml_refused("accounts:\n  - users:\n      - path: /a/\n");
    assert_error(
        &e,
        3,
        "accounts[0].users[0]",
        "missing required field `name`",
    );
    let e = yaml_refused("account: []\n");
    assert_error(&e, 1, "account", "unknown field `account`");
}

#[test]
fn aws_validation_errors_keep_aws_words() {
    let e = yaml_refused(
        "accounts:\n  - roles:\n      - name: ok\n        assume_role_policy: {}\n        max_session_duration: 60\n",
    );
    assert_error(
        &e,
        5,
        "accounts[0].roles[0].max_session_duration",
        "ValidationError: 1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    let e = yaml_refused("accounts:\n  - users:\n      - name: 'bad name'\n");
    assert_error(
        &e,
        3,
        "accounts[0].users[0].name",
        "ValidationError: 1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint",
    );
}

#[test]
fn a_bad_policy_document_is_malformed() {
    let e = yaml_refused(
        "accounts:\n  - users:\n      - name: a\n        inline_policies:\n          p: {Version: '2012-10-17', Statement: [{Effect: Maybe, Action: '*', Resource: '*'}]}\n",
    );
    assert_error(
        &e,
        5,
        "accounts[0].users[0].inline_policies.p",
        "MalformedPolicyDocument: ",
    );
    let e =
        yaml_refused("accounts:\n  - policies:\n      - name: p\n        document: 'not json'\n");
    assert_error(
        &e,
        4,
        "accounts[0].policies[0].document",
        "MalformedPolicyDocument: ",
    );
}

#[test]
fn references_to_missing_entities_are_no_such_entity() {
    let e = yaml_refused("accounts:\n  - users:\n      - name: a\n        groups: [ops]\n");
    assert_error(
        &e,
        4,
        "accounts[0].users[0].groups[0]",
        "NoSuchEntity: The group with name ops cannot be found.",
    );
    let e = yaml_refused("accounts:\n  - users:\n      - name: a\n        policies: [Nope]\n");
    assert_error(
        &e,
        4,
        "accounts[0].users[0].policies[0]",
        "NoSuchEntity: Policy arn:aws:iam::000000000000:policy/Nope does not exist or is not attachable.",
    );
}

#[test]
fn duplicates_are_refused() {
    let e = yaml_refused("accounts:\n  - users:\n      - name: alice\n      - name: Alice\n");
    assert_error(
        &e,
        4,
        "accounts[0].users[1].name",
        "EntityAlreadyExists: User with name Alice already exists.",
    );
    let e = yaml_refused(
        "accounts:\n  - groups:\n      - name: g\n        inline_policies:\n          p: '{}'\n          p: '{}'\n",
    );
    assert_error(
        &e,
        6,
        "accounts[0].groups[0].inline_policies.p",
        "duplicate key `p`",
    );
    let e = yaml_refused("accounts:\n  - users: []\n  - id: '000000000000'\n");
    assert_error(
        &e,
        3,
        "accounts[1].id",
        "account 000000000000 is declared twice",
    );
    let e = yaml_refused(&format!(
        "accounts:\n  - users:\n      - name: a\n        access_keys: [{{id: {KEY}, secret: s}}]\n      - name: b\n        access_keys: [{{id: {KEY}, secret: s}}]\n"
    ));
    assert_error(
        &e,
        6,
        "accounts[0].users[1].access_keys[0].id",
        &format!("access key id {KEY} is already used (line 4"),
    );
}

#[test]
fn access_keys_and_accounts_are_checked() {
    let e = yaml_refused(
        "accounts:\n  - users:\n      - name: a\n        access_keys:\n          - {id: test, secret: s}\n",
    );
    assert_error(
        &e,
        5,
        "accounts[0].users[0].access_keys[0].id",
        "access key id test is not of the form AKIA",
    );
    let e = yaml_refused(&format!(
        "accounts:\n  - users:\n      - name: a\n        access_keys:\n          - {{id: {KEY}, secret: s, status: Off}}\n"
    ));
    assert_error(
        &e,
        5,
        "accounts[0].users[0].access_keys[0].status",
        "ValidationError: 1 validation error detected: Value 'Off' at 'status'",
    );
    let e = yaml_refused("accounts:\n  - id: 12345\n");
    assert_error(&e, 2, "accounts[0].id", "account id 12345 is not 12 digits");
}

#[test]
fn the_binary_refuses_a_bad_init_file_and_names_the_line() {
    let path = file(
        "bad.yaml",
        "accounts:\n  - users:\n      - name: alice\n        groups: [ops]\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_localiam"))
        .args(["--port", "0", "--log-format", "json"])
        .arg("--init")
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "init file {}, line 4, column 18 (accounts[0].users[0].groups[0]): NoSuchEntity: The group with name ops cannot be found.",
            path.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("listening"), "{stderr}");
}

#[test]
fn the_binary_reports_the_init_state_on_its_startup_line() {
    let path = file("startup.yaml", YAML);
    let mut child = Command::new(env!("CARGO_BIN_EXE_localiam"))
        .args(["--port", "0"])
        .env("LOCALIAM_INIT", &path)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    let mut buf = [0u8; 1];
    while !line.ends_with('\n') {
        let n = std::io::Read::read(&mut stderr, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        line.push(char::from(buf[0]));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains(&format!(
            "init={} (2 accounts, 2 users, 1 group, 1 role, 2 policies, 2 access keys)",
            path.display()
        )),
        "{line}"
    );
}

#[tokio::test]
async fn users_ssh_keys_and_signing_certificates_are_declared() {
    let ssh = include_str!("../fixtures/ssh/rsa2048.pub");
    let certificate = include_str!("../fixtures/certs/signing1.pem");
    let text = serde_json::json!({"accounts": [{"users": [{
        "name": "dev",
        "ssh_public_keys": [ssh],
        "signing_certificates": [certificate],
    }]}]})
    .to_string();
    let server = start_with_init(&file("keys.json", &text)).await;
    let iam = server.iam();
    let keys = iam
        .list_ssh_public_keys()
        .user_name("dev")
        .send()
        .await
        .unwrap();
    assert_eq!(keys.ssh_public_keys().len(), 1);
    let certificates = iam.list_signing_certificates().user_name("dev");
    let certificates = certificates.send().await.unwrap();
    assert_eq!(
        certificates.certificates()[0].certificate_body(),
        certificate
    );

    let bad = serde_json::json!({"accounts": [{"users": [{
        "name": "dev", "ssh_public_keys": ["ssh-ed25519 AAAA"],
    }]}]})
    .to_string();
    let e = refused(Format::Json, &bad);
    assert!(e.message.contains("UnrecognizedPublicKeyEncoding"), "{e}");
}
