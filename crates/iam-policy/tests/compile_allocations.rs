//! Parse + compile of the bench's 18-statement document stays under an allocation ceiling: the
//! reader writes one tape, the grammar borrows from it, and compiling copies only the text the
//! compiled policy keeps. The counts per phase are printed (`--nocapture` is not needed: the
//! binary has no harness, see `decide_allocations.rs`).

// A fixture that fails to build should stop the test loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]
use iam_policy::parse::{PolicyKind, json, parse_policy};
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations of one parse + compile (653 + 91 before the tape, 247 + 8
/// since).
const CEILING: usize = 260;

const SERVICES: [&str; 5] = ["s3", "ec2", "dynamodb", "sqs", "lambda"];

/// The bench's statement generator (`benches/decision.rs`).
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

fn main() {
    let statements: Vec<String> = (0..18).map(|s| statement(s / 10, s % 10)).collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    );
    let region = Region::new(GLOBAL);
    let value = json::read(&text).unwrap();
    println!("json::read       {:?}", region.change());
    drop(value);
    let region = Region::new(GLOBAL);
    let policy = parse_policy(&text, PolicyKind::Identity).unwrap();
    println!("parse_policy     {:?}", region.change());
    drop(policy);
    let region = Region::new(GLOBAL);
    let compiled = CompiledPolicy::compile(
        &text,
        PolicyKind::Identity,
        PolicySource {
            id: "bench".to_owned(),
            source_type: SourceType::UserManaged,
        },
    )
    .unwrap();
    let compiling = region.change();
    println!("compile          {compiling:?}");
    let region = Region::new(GLOBAL);
    drop(compiled);
    println!("drop             {:?}", region.change());
    assert!(
        compiling.allocations + compiling.reallocations <= CEILING,
        "{compiling:?}"
    );
}
