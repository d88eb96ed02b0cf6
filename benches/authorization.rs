//! What authentication and authorization cost on the server, without the network: a signed
//! GetUser through the whole pipeline by the account's root and by an IAM user whose managed
//! policy has 20 statements (the load benchmark's workload, `benches/load/setup.py`).

// A benchmark's setup should stop loudly when it goes wrong.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use criterion::{Criterion, criterion_group, criterion_main};
use localiam::config::Config;
use localiam::pipeline::{self, Incoming};
use localiam::server::AppState;
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::time::SystemTime;

/// The binary's allocator (src/main.rs), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A form body and the headers that sign it with `(key, secret)`.
struct Signed {
    body: String,
    headers: Vec<(String, String)>,
}

fn signed((key, secret): (&str, &str), body: &str) -> Signed {
    let identity = Credentials::new(key, secret, None, None, "bench").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("iam")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("signing params")
        .into();
    let content_type = "application/x-www-form-urlencoded; charset=utf-8";
    let signable = SignableRequest::new(
        "POST",
        "http://localhost:4566/",
        [("content-type", content_type), ("host", "localhost:4566")].into_iter(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .expect("signable");
    let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
    let mut headers = vec![
        ("host".to_owned(), "localhost:4566".to_owned()),
        ("content-type".to_owned(), content_type.to_owned()),
        ("user-agent".to_owned(), "aws-cli/1.40 bench".to_owned()),
    ];
    headers.extend(
        instructions
            .headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned())),
    );
    Signed {
        body: body.to_owned(),
        headers,
    }
}

fn call(state: &AppState, request: &Signed) -> (u16, String) {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let out = pipeline::run(
        state,
        &Incoming {
            method: "POST",
            path: "/",
            query: None,
            headers: &headers,
            body: request.body.as_bytes(),
            source_ip: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        },
    );
    (out.status, out.body)
}

fn root_call(state: &AppState, body: &str) -> String {
    let (status, out) = call(state, &signed(("test", "test"), body));
    assert_eq!(status, 200, "{body}: {out}");
    out
}

/// The load benchmark's entities: user `bench`, user `app` with the 20-statement policy and a key.
fn setup(state: &AppState) -> (String, String) {
    root_call(state, "Action=CreateUser&Version=2010-05-08&UserName=bench");
    root_call(state, "Action=CreateUser&Version=2010-05-08&UserName=app");
    let services = ["s3", "ec2", "dynamodb", "sqs", "lambda"];
    let mut statements: Vec<String> = (0..19)
        .map(|i| {
            let service = services[i % 5];
            format!(
                r#"{{"Sid":"S{i}","Effect":"{effect}","Action":["{service}:Describe*","{service}:Put?tem"],
                "Resource":"arn:aws:{service}:*:000000000000:thing-{i}/*",
                "Condition":{{"StringEquals":{{"aws:RequestedRegion":["us-east-1","eu-west-1"]}},
                "IpAddress":{{"aws:SourceIp":["127.0.0.0/8","10.0.0.0/8"]}}}}}}"#,
                effect = if i % 4 == 3 { "Deny" } else { "Allow" }
            )
        })
        .collect();
    statements.push(
        r#"{"Sid":"GetUsers","Effect":"Allow","Action":"iam:Get*",
        "Resource":"arn:aws:iam::000000000000:user/*",
        "Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}}"#
            .to_owned(),
    );
    let document = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let encoded: String = form_urlencoded(&document);
    root_call(
        state,
        &format!(
            "Action=CreatePolicy&Version=2010-05-08&PolicyName=bench-20&PolicyDocument={encoded}"
        ),
    );
    root_call(
        state,
        "Action=AttachUserPolicy&Version=2010-05-08&UserName=app&PolicyArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Apolicy%2Fbench-20",
    );
    let out = root_call(
        state,
        "Action=CreateAccessKey&Version=2010-05-08&UserName=app",
    );
    let between = |open: &str, close: &str| {
        let start = out.find(open).expect(open) + open.len();
        let end = start + out[start..].find(close).expect(close);
        out[start..end].to_owned()
    };
    (
        between("<AccessKeyId>", "</AccessKeyId>"),
        between("<SecretAccessKey>", "</SecretAccessKey>"),
    )
}

fn form_urlencoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let state = AppState::new(Config::defaults());
    let (key, secret) = setup(&state);
    let body = "Action=GetUser&Version=2010-05-08&UserName=bench";
    let root = signed(("test", "test"), body);
    let user = signed((&key, &secret), body);
    assert_eq!(call(&state, &root).0, 200);
    assert_eq!(call(&state, &user).0, 200, "{}", call(&state, &user).1);
    let mut group = c.benchmark_group("signed GetUser");
    group.bench_function("root", |b| b.iter(|| black_box(call(&state, &root))));
    group.bench_function("user, 20 statements", |b| {
        b.iter(|| black_box(call(&state, &user)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
