//! Every example under `examples/` and `docker/app/` that can run on this machine, run against
//! the built binary as its README says to run it.

use crate::cli::start_binary;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `command` with the environment a user of the examples sets: the endpoint and root keys.
fn with_endpoint(mut command: Command, endpoint: &str) -> Command {
    command
        .current_dir(repo())
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    command
}

fn succeeded(what: &str, out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn run(what: &str, command: Command, endpoint: &str) -> String {
    let out = with_endpoint(command, endpoint)
        .output()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    succeeded(what, &out)
}

fn python(script: &str) -> Command {
    let mut c = Command::new("python3");
    c.arg(script);
    c
}

#[test]
fn compose_demo_app_assumes_a_role_and_is_denied_once() {
    let (_server, endpoint) = start_binary();
    let out = run(
        "docker/app/demo.py",
        python("docker/app/demo.py"),
        &endpoint,
    );
    assert!(out.contains("assumed as arn:aws:sts::000000000000:assumed-role/demo-reader/demo"));
    assert!(out.contains("allowed: iam:ListRoles"), "{out}");
    assert!(
        out.contains("denied: iam:ListUsers -> AccessDenied"),
        "{out}"
    );
}

#[test]
fn boto3_quickstart() {
    let (_server, endpoint) = start_binary();
    let out = run(
        "examples/boto3/quickstart.py",
        python("examples/boto3/quickstart.py"),
        &endpoint,
    );
    assert!(out.contains("because no permissions boundary allows the iam:GetRole action"));
}

#[test]
fn policy_tests_example_passes() {
    let (_server, endpoint) = start_binary();
    let mut c = Command::new("python3");
    c.args(["-m", "unittest", "discover", "-s", "examples/policy-tests"]);
    run("examples/policy-tests", c, &endpoint);
}

#[test]
fn cli_walkthrough() {
    let (_server, endpoint) = start_binary();
    let out = run(
        "examples/cli/walkthrough.sh",
        Command::new("examples/cli/walkthrough.sh"),
        &endpoint,
    );
    assert!(out.contains("AccessDenied"), "{out}");
    assert!(out.contains("assumed-role/deployer/"), "{out}");
}

#[test]
fn rust_sdk_example() {
    // `cargo test` builds the examples, `cargo test --test it` does not: build it (a no-op when
    // it is fresh). The outer cargo holds no lock while tests run.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = Command::new(cargo)
        .current_dir(repo())
        .args(["build", "--quiet", "--example", "rust_sdk"])
        .output()
        .expect("cargo runs");
    succeeded("cargo build --example rust_sdk", &build);
    let exe = examples_dir().join("rust_sdk");
    let (_server, endpoint) = start_binary();
    let out = run("examples/rust_sdk.rs", Command::new(exe), &endpoint);
    assert!(
        out.contains("denied: iam:CreateUser -> AccessDenied"),
        "{out}"
    );
}

/// Where cargo put the examples: beside `deps/`, where this test binary is.
fn examples_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>")
        .join("examples")
}

#[test]
fn javascript_sdk_example() {
    let dir = repo().join("examples/js");
    if !dir.join("node_modules").exists() {
        // .ci/run installs them first; a developer's first `cargo test` does it here.
        let install = Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"])
            .output()
            .expect("npm runs");
        succeeded("npm ci in examples/js", &install);
    }
    let (_server, endpoint) = start_binary();
    let mut node = Command::new("node");
    node.arg("examples/js/index.mjs");
    let out = run("examples/js/index.mjs", node, &endpoint);
    assert!(
        out.contains("denied: iam:DeleteRole -> AccessDenied"),
        "{out}"
    );
}

#[test]
fn terraform_example_applies_without_drift_and_destroys() {
    // Terraform and its AWS provider are not on every machine and the provider cannot be
    // downloaded here: run where both are, say so where not.
    let plugins = std::env::var_os("TF_PLUGIN_DIR")
        .map_or_else(|| PathBuf::from("/opt/tf-plugins"), PathBuf::from);
    let has_terraform = Command::new("terraform").arg("version").output().is_ok();
    if !has_terraform || !plugins.exists() {
        eprintln!(
            "skipped: needs `terraform` and the AWS provider in {} (or TF_PLUGIN_DIR)",
            plugins.display()
        );
        return;
    }
    let work = tempdir();
    std::fs::copy(
        repo().join("examples/terraform/main.tf"),
        work.join("main.tf"),
    )
    .expect("copy main.tf");
    let (_server, endpoint) = start_binary();
    let var = format!("endpoint={endpoint}");
    let terraform = |args: &[&str]| {
        let mut c = Command::new("terraform");
        c.args(args)
            .env("TF_IN_AUTOMATION", "1")
            .env("CHECKPOINT_DISABLE", "1");
        let mut c = with_endpoint(c, &endpoint);
        c.current_dir(&work).output().expect("terraform runs")
    };
    let plugin_dir = format!("-plugin-dir={}", plugins.display());
    succeeded(
        "terraform init",
        &terraform(&["init", "-input=false", "-no-color", &plugin_dir]),
    );
    let applied = succeeded(
        "terraform apply",
        &terraform(&[
            "apply",
            "-input=false",
            "-no-color",
            "-auto-approve",
            "-var",
            &var,
        ]),
    );
    assert!(applied.contains("user_arn = \"arn:aws:iam::000000000000:user/automation/tf-ci\""));
    // What Terraform reads back must match what it wrote: no drift.
    let plan = terraform(&[
        "plan",
        "-input=false",
        "-no-color",
        "-detailed-exitcode",
        "-var",
        &var,
    ]);
    assert_eq!(
        plan.status.code(),
        Some(0),
        "terraform sees drift:\n{}",
        String::from_utf8_lossy(&plan.stdout)
    );
    succeeded(
        "terraform destroy",
        &terraform(&[
            "destroy",
            "-input=false",
            "-no-color",
            "-auto-approve",
            "-var",
            &var,
        ]),
    );
    let _ = std::fs::remove_dir_all(&work);
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("localiam-tf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
