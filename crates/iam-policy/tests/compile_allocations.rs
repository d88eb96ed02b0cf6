//! Parse + compile of the bench's 18-statement document stays under an allocation ceiling: the
//! reader writes one tape, the grammar borrows from it, and compiling copies only the text the
//! compiled policy keeps. The counts per phase are printed (`--nocapture` is not needed: the
//! binary has no harness, see `decide_allocations.rs`).

// A fixture that fails to build should stop the test loudly.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]
#[path = "fixtures/workload.rs"]
mod workload;

use iam_policy::parse::{PolicyKind, json, parse_policy};
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations of one parse + compile (653 + 91 before the tape, 247 + 8
/// since).
const CEILING: usize = 260;

fn main() {
    // The bench's parse+compile document (`benches/decision.rs`).
    let text = workload::document((0..18).map(|s| (s / 10, s % 10)));
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
