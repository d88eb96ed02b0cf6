//! Request counters for `GET /_localiam/metrics`. On the request path, recording is a few relaxed
//! atomic additions in fixed arrays indexed by the `Action` enum: no lock, no allocation, no
//! formatting. The Prometheus text is written only when scraped ([`text`]).

mod text;

use crate::authz::{Outcome, Verdict};
use crate::config::AuthMode;
use crate::protocol::{Action, Service};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub use text::CONTENT_TYPE;

/// How many operations there are; `Action as usize` is below it (checked by a test).
const ACTIONS: usize = Action::ALL.len();

/// The first of two rows (IAM, STS) of requests whose action is unknown or missing.
const NO_ACTION: usize = ACTIONS;

/// The HTTP statuses the service answers with, each with its own counter; anything else counts
/// in the last slot, shown as `status="other"`.
const STATUSES: [u16; 11] = [200, 400, 403, 404, 408, 409, 410, 413, 500, 501, 503];

/// One counter per status above and one for the others.
const STATUS_SLOTS: usize = STATUSES.len() + 1;

/// Upper bounds of the latency buckets, in nanoseconds, and as Prometheus shows them in seconds.
const BUCKETS: [(u64, &str); 14] = [
    (100_000, "0.0001"),
    (250_000, "0.00025"),
    (500_000, "0.0005"),
    (1_000_000, "0.001"),
    (2_500_000, "0.0025"),
    (5_000_000, "0.005"),
    (10_000_000, "0.01"),
    (25_000_000, "0.025"),
    (50_000_000, "0.05"),
    (100_000_000, "0.1"),
    (250_000_000, "0.25"),
    (500_000_000, "0.5"),
    (1_000_000_000, "1"),
    (2_500_000_000, "2.5"),
];

/// What authorization decided, as the metrics count it: [`Outcome`] with the allowed calls that
/// were not evaluated set apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Policies allow the call.
    Allowed,
    /// A Deny statement matched (in `audit` mode the call went on anyway).
    ExplicitDeny,
    /// Nothing allows the call (in `audit` mode the call went on anyway).
    ImplicitDeny,
    /// The account's root user in its own account.
    Root,
    /// The operation needs no identity-based permission (GetCallerIdentity, the AssumeRole
    /// family whose trust policy decides).
    Exempt,
    /// `--auth off`: nothing evaluated.
    NotEvaluated,
}

impl Decision {
    /// Every kind, in the order the metrics show them.
    const ALL: [Decision; 6] = [
        Decision::Allowed,
        Decision::ExplicitDeny,
        Decision::ImplicitDeny,
        Decision::Root,
        Decision::Exempt,
        Decision::NotEvaluated,
    ];

    /// The kind of `verdict`, reached for `action` in `mode`.
    pub fn of(verdict: &Verdict, mode: AuthMode, action: Action) -> Self {
        match verdict.outcome {
            Outcome::Allowed if mode == AuthMode::Off => Decision::NotEvaluated,
            Outcome::Allowed if crate::authz::needs_no_identity_check(action).is_some() => {
                Decision::Exempt
            }
            Outcome::Allowed => Decision::Allowed,
            Outcome::ExplicitDeny => Decision::ExplicitDeny,
            Outcome::ImplicitDeny => Decision::ImplicitDeny,
            Outcome::Root => Decision::Root,
        }
    }

    /// The `result` label.
    fn label(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicit_deny",
            Decision::ImplicitDeny => "implicit_deny",
            Decision::Root => "root",
            Decision::Exempt => "exempt",
            Decision::NotEvaluated => "not_evaluated",
        }
    }
}

/// A latency histogram: one counter per bucket (not cumulative: the exposition adds them up, so
/// a scrape never sees a bucket smaller than the one before), the overflow, and the sum.
#[derive(Debug)]
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
}

impl Histogram {
    const fn new() -> Self {
        Histogram {
            buckets: [const { AtomicU64::new(0) }; BUCKETS.len() + 1],
            sum_nanos: AtomicU64::new(0),
        }
    }

    fn observe(&self, elapsed: Duration) {
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        let slot = BUCKETS.partition_point(|(bound, _)| *bound < nanos);
        if let Some(bucket) = self.buckets.get(slot) {
            bucket.fetch_add(1, Ordering::Relaxed);
        }
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// Every counter of the process.
#[derive(Debug)]
pub struct Metrics {
    started: Instant,
    /// Requests by action (and [`NO_ACTION`] by service) and status slot: 18 KiB, on the heap.
    requests: Box<[[AtomicU64; STATUS_SLOTS]]>,
    /// Latency by service: IAM, then STS.
    durations: [Histogram; 2],
    /// Authorization decisions by [`Decision`].
    decisions: [AtomicU64; Decision::ALL.len()],
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            started: Instant::now(),
            requests: (0..ACTIONS + 2)
                .map(|_| [const { AtomicU64::new(0) }; STATUS_SLOTS])
                .collect(),
            durations: [const { Histogram::new() }; 2],
            decisions: [const { AtomicU64::new(0) }; Decision::ALL.len()],
        }
    }
}

impl Metrics {
    /// Counts one answered request: its service, its action when known, the HTTP status and the
    /// time it took.
    pub fn request(
        &self,
        service: Service,
        action: Option<Action>,
        status: u16,
        elapsed: Duration,
    ) {
        let row = action.map_or(NO_ACTION + service_slot(service), |a| a as usize);
        let column = STATUSES
            .iter()
            .position(|s| *s == status)
            .unwrap_or(STATUSES.len());
        if let Some(counter) = self.requests.get(row).and_then(|r| r.get(column)) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(histogram) = self.durations.get(service_slot(service)) {
            histogram.observe(elapsed);
        }
    }

    /// Counts one authorization decision.
    pub fn decision(&self, decision: Decision) {
        if let Some(counter) = self.decisions.get(decision as usize) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// How long the process has been serving.
    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}

fn service_slot(service: Service) -> usize {
    match service {
        Service::Iam => 0,
        Service::Sts => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_row() {
        for (i, action) in Action::ALL.iter().enumerate() {
            assert_eq!(*action as usize, i, "{action:?}");
        }
        for (i, decision) in Decision::ALL.iter().enumerate() {
            assert_eq!(*decision as usize, i);
        }
    }

    #[test]
    fn latencies_fall_in_their_bucket() {
        let h = Histogram::new();
        h.observe(Duration::from_micros(100));
        h.observe(Duration::from_micros(101));
        h.observe(Duration::from_secs(3));
        let counts: Vec<u64> = h
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        assert_eq!(counts[0], 1);
        assert_eq!(counts[1], 1);
        assert_eq!(counts[BUCKETS.len()], 1);
        assert_eq!(h.sum_nanos.load(Ordering::Relaxed), 3_000_201_000);
    }
}
