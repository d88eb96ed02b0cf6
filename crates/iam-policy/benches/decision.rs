//! Decision and compile speed on the shape the engine issue fixes: a principal with 10 attached
//! policies of 10 statements each, with wildcards and 2–3 conditions per statement, and the
//! parse + compile time of a ~6 KB policy. Figures and method are recorded in BENCHMARKS.md.

// A fixture that fails to build should stop the bench loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

#[path = "../tests/fixtures/workload.rs"]
mod workload;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, Policies, PolicySource, PrincipalType, Request, RequestPrincipal,
    SourceType, decide,
};

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
    let compiled: Vec<CompiledPolicy> = (0..10)
        .map(|p| compile(&workload::document((0..10).map(|s| (p, s)))))
        .collect();
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
    let text = workload::document((0..18).map(|s| (s / 10, s % 10)));
    let size = text.chars().filter(|c| !c.is_whitespace()).count();
    c.bench_function(&format!("parse+compile/{size} chars"), |b| {
        b.iter(|| compile(black_box(&text)));
    });
}

criterion_group!(benches, decisions, compiling);
criterion_main!(benches);
