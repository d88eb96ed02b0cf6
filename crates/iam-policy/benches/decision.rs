//! Decision and compile speed on the shape the engine issue fixes: a principal with 10 attached
//! policies of 10 statements each, with wildcards and 2–3 conditions per statement, and the
//! parse + compile time of a ~6 KB policy. Figures and method are recorded in BENCHMARKS.md.

// A fixture that fails to build should stop the bench loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, Policies, PolicySource, PrincipalType, Request, RequestPrincipal,
    SourceType, decide,
};

const SERVICES: [&str; 5] = ["s3", "ec2", "dynamodb", "sqs", "lambda"];

/// One statement: an action list with wildcards, a bucket pattern, 2–3 conditions. Only the very
/// last statement of the last policy allows `s3:GetObject` on the requested object, so the
/// evaluator has to look at every statement (denies are checked everywhere first).
fn statement(policy: usize, index: usize) -> String {
    let last = policy == 9 && index == 9;
    let service = SERVICES[(policy + index) % SERVICES.len()];
    let effect = if index % 3 == 2 { "Deny" } else { "Allow" };
    let actions = if last {
        r#"["s3:Get*", "s3:List*"]"#.to_owned()
    } else {
        format!(r#"["{service}:Describe*", "{service}:Put?tem", "{service}:Delete*"]"#)
    };
    let resource = if last {
        "arn:aws:s3:::bucket-*/home/${aws:username}/*".to_owned()
    } else {
        format!("arn:aws:{service}:*:111122223333:thing-{index}/*")
    };
    let third = if index.is_multiple_of(2) {
        r#", "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}"#
    } else {
        ""
    };
    let effect = if last { "Allow" } else { effect };
    format!(
        r#"{{"Sid": "P{policy}S{index}", "Effect": "{effect}", "Action": {actions}, "Resource": "{resource}",
          "Condition": {{"StringEquals": {{"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
                        "IpAddress": {{"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}{third}}}}}"#
    )
}

fn policy(index: usize) -> String {
    let statements: Vec<String> = (0..10).map(|s| statement(index, s)).collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    )
}

fn compile(text: &str) -> CompiledPolicy {
    CompiledPolicy::compile(
        text,
        PolicyKind::Identity,
        PolicySource {
            id: "bench".to_owned(),
            source_type: SourceType::UserManaged,
        },
    )
    .expect("bench policy compiles")
}

fn context() -> Context {
    let mut context = Context::new();
    context.insert("aws:RequestedRegion", "us-east-1");
    context.insert("aws:SourceIp", "10.1.2.3");
    context.insert("aws:CurrentTime", "2026-11-23T12:00:00Z");
    context.insert("aws:EpochTime", "1795435200");
    context.insert("aws:SecureTransport", "true");
    context.insert("aws:username", "alice");
    context.insert("aws:userid", "AIDAEXAMPLEEXAMPLE01");
    context.insert("aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice");
    context.insert("aws:PrincipalAccount", "111122223333");
    context.insert("aws:PrincipalType", "User");
    context
}

fn decisions(c: &mut Criterion) {
    let compiled: Vec<CompiledPolicy> = (0..10).map(|p| compile(&policy(p))).collect();
    let identity: Vec<&CompiledPolicy> = compiled.iter().collect();
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    let principal = RequestPrincipal {
        arn: "arn:aws:iam::111122223333:user/alice".to_owned(),
        account: "111122223333".to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    };
    let context = context();
    let allowed = Request {
        principal: &principal,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::bucket-7/home/alice/report.csv",
        context: &context,
    };
    let denied = Request {
        action: "sqs:SendMessage",
        resource: "arn:aws:sqs:us-east-1:111122223333:queue",
        ..allowed
    };
    c.bench_function("decide/100 statements/allowed", |b| {
        b.iter(|| decide(black_box(&policies), black_box(&allowed)));
    });
    c.bench_function("decide/100 statements/implicit deny", |b| {
        b.iter(|| decide(black_box(&policies), black_box(&denied)));
    });
}

fn compiling(c: &mut Criterion) {
    // Five of the generated 10-statement policies' statements make a document of about 6 KB.
    let statements: Vec<String> = (0..18).map(|s| statement(s / 10, s % 10)).collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    );
    let size = text.chars().filter(|c| !c.is_whitespace()).count();
    c.bench_function(&format!("parse+compile/{size} chars"), |b| {
        b.iter(|| compile(black_box(&text)));
    });
}

criterion_group!(benches, decisions, compiling);
criterion_main!(benches);
