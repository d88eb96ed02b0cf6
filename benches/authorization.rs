//! What authentication and authorization cost on the server, without the network: a signed
//! GetUser through the whole pipeline by the account's root and by an IAM user whose managed
//! policy has 20 statements (the load benchmark's workload, `benches/load/setup.py`).

// A benchmark's setup should stop loudly when it goes wrong.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

#[path = "../tests/fixtures/signed_getuser.rs"]
mod workload;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use workload::{Workload, call};

/// The binary's allocator (src/main.rs), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let Workload { state, root, user } = Workload::new();
    let mut group = c.benchmark_group("signed GetUser");
    group.bench_function("root", |b| b.iter(|| black_box(call(&state, &root))));
    group.bench_function("user, 20 statements", |b| {
        b.iter(|| black_box(call(&state, &user)));
    });
    group.finish();
    // On the live server each request follows tens of microseconds of kernel and HTTP work that
    // evicts the caches; the same calls after 2 MB of other memory is written show what the
    // request's own memory costs when it is cold.
    let mut other = vec![0_u8; 2 << 20];
    let mut evict = move || {
        for line in other.chunks_mut(64) {
            line[0] = line[0].wrapping_add(1);
        }
    };
    let mut group = c.benchmark_group("signed GetUser, cold caches");
    group.bench_function("root", |b| {
        b.iter_batched(
            &mut evict,
            |()| black_box(call(&state, &root)),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("user, 20 statements", |b| {
        b.iter_batched(
            &mut evict,
            |()| black_box(call(&state, &user)),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
