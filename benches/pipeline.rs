//! Server-side cost of requests, without the network: the full pipeline (parameters, action,
//! caller, decode, handler, XML) on stores of different sizes.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use localiam::config::{AuthMode, Config};
use localiam::pipeline::{self, Incoming};
use localiam::server::AppState;
use std::hint::black_box;

fn call(state: &AppState, body: &str) -> u16 {
    pipeline::run(
        state,
        &Incoming {
            method: "POST",
            path: "/",
            query: None,
            headers: &[],
            body: body.as_bytes(),
            source_ip: None,
        },
    )
    .status
}

fn state_with_users(n: usize) -> AppState {
    let mut config = Config::defaults();
    config.no_entity_quotas = true;
    // Unsigned requests: signature verification is measured end to end by benches/load.
    config.auth = AuthMode::Off;
    let state = AppState::new(config);
    for i in 0..n {
        assert_eq!(
            call(&state, &format!("Action=CreateUser&UserName=user{i:06}")),
            200
        );
    }
    state
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    for n in [1_000, 100_000] {
        let state = state_with_users(n);
        group.bench_with_input(BenchmarkId::new("GetUser", n), &state, |b, s| {
            b.iter(|| black_box(call(s, "Action=GetUser&UserName=user000500")));
        });
        group.bench_with_input(
            BenchmarkId::new("ListUsers_first_100", n),
            &state,
            |b, s| b.iter(|| black_box(call(s, "Action=ListUsers&MaxItems=100"))),
        );
        group.bench_with_input(
            BenchmarkId::new("ListUsers_100_from_middle", n),
            &state,
            |b, s| {
                let marker = middle_marker(s, n);
                let body = format!("Action=ListUsers&MaxItems=100&Marker={marker}");
                b.iter(|| black_box(call(s, &body)));
            },
        );
    }
    group.finish();
}

/// The marker of the page that starts halfway through the users.
fn middle_marker(state: &AppState, n: usize) -> String {
    let body = format!("Action=ListUsers&MaxItems={}", (n / 2).min(1000));
    let out = pipeline::run(
        state,
        &Incoming {
            method: "POST",
            path: "/",
            query: None,
            headers: &[],
            body: body.as_bytes(),
            source_ip: None,
        },
    );
    let start = out.body.find("<Marker>").map_or(0, |i| i + 8);
    let end = out.body[start..]
        .find("</Marker>")
        .map_or(start, |i| start + i);
    out.body[start..end].to_string()
}

criterion_group!(benches, bench);
criterion_main!(benches);
