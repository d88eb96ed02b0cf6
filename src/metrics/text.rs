//! The Prometheus text exposition format 0.0.4, written by hand: a few `# HELP` / `# TYPE`
//! headers and one line per series, made only when scraped.

use super::{BUCKETS, Decision, Metrics, NO_ACTION, STATUSES};
use crate::protocol::{Action, Service};
use crate::store::Store;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

/// The `Content-Type` of the exposition.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

impl Metrics {
    /// Every series in the text format; process gauges read `store`.
    pub fn render(&self, store: &Store) -> String {
        let mut out = String::with_capacity(8 * 1024);
        self.write_requests(&mut out);
        self.write_durations(&mut out);
        self.write_decisions(&mut out);
        write_gauges(&mut out, self, store);
        out
    }

    /// Only the series that counted something: ~200 operations times a dozen statuses would
    /// otherwise be mostly zeros.
    fn write_requests(&self, out: &mut String) {
        header(
            out,
            "localiam_requests_total",
            "counter",
            "Requests answered, by service, operation and HTTP status.",
        );
        let known = Action::ALL
            .iter()
            .map(|a| (a.service(), a.name(), *a as usize));
        let unknown = [Service::Iam, Service::Sts]
            .into_iter()
            .map(|s| (s, "unknown", NO_ACTION + super::service_slot(s)));
        for (service, action, row) in known.chain(unknown) {
            let Some(counters) = self.requests.get(row) else {
                continue;
            };
            for (i, counter) in counters.iter().enumerate() {
                let n = load(counter);
                if n == 0 {
                    continue;
                }
                let status = STATUSES
                    .get(i)
                    .map_or_else(|| "other".into(), u16::to_string);
                let _ = writeln!(
                    out,
                    "localiam_requests_total{{service=\"{}\",action=\"{action}\",status=\"{status}\"}} {n}",
                    service_label(service)
                );
            }
        }
    }

    fn write_durations(&self, out: &mut String) {
        let name = "localiam_request_duration_seconds";
        header(
            out,
            name,
            "histogram",
            "Time from the parsed HTTP request to the response body, by service.",
        );
        for (service, histogram) in [Service::Iam, Service::Sts]
            .into_iter()
            .zip(&self.durations)
        {
            let service = service_label(service);
            let mut cumulative = 0;
            for (bucket, (_, le)) in histogram.buckets.iter().zip(BUCKETS) {
                cumulative += load(bucket);
                let _ = writeln!(
                    out,
                    "{name}_bucket{{service=\"{service}\",le=\"{le}\"}} {cumulative}"
                );
            }
            cumulative += histogram.buckets.last().map_or(0, load);
            let _ = writeln!(
                out,
                "{name}_bucket{{service=\"{service}\",le=\"+Inf\"}} {cumulative}"
            );
            let sum = load(&histogram.sum_nanos);
            let _ = writeln!(
                out,
                "{name}_sum{{service=\"{service}\"}} {}.{:09}",
                sum / 1_000_000_000,
                sum % 1_000_000_000
            );
            let _ = writeln!(out, "{name}_count{{service=\"{service}\"}} {cumulative}");
        }
    }

    fn write_decisions(&self, out: &mut String) {
        let name = "localiam_authorization_decisions_total";
        header(
            out,
            name,
            "counter",
            "Authorization decisions, by result (denials in audit mode included).",
        );
        for (decision, counter) in Decision::ALL.iter().zip(&self.decisions) {
            let _ = writeln!(
                out,
                "{name}{{result=\"{}\"}} {}",
                decision.label(),
                load(counter)
            );
        }
    }
}

fn write_gauges(out: &mut String, metrics: &Metrics, store: &Store) {
    let uptime = metrics.uptime();
    let gauges = [
        (
            "localiam_uptime_seconds",
            "Seconds since the server started.",
            format!("{}.{:03}", uptime.as_secs(), uptime.subsec_millis()),
        ),
        (
            "localiam_accounts",
            "Accounts held in memory.",
            store.account_count().to_string(),
        ),
        (
            "localiam_sessions",
            "STS sessions held in memory (expired ones are dropped now and then).",
            store.sessions.len().to_string(),
        ),
        (
            "localiam_access_keys",
            "IAM users' access keys, across accounts.",
            store.access_keys.len().to_string(),
        ),
    ];
    for (name, help, value) in gauges {
        header(out, name, "gauge", help);
        let _ = writeln!(out, "{name} {value}");
    }
    header(
        out,
        "localiam_build_info",
        "gauge",
        "The running version, as a label.",
    );
    let _ = writeln!(
        out,
        "localiam_build_info{{version=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION")
    );
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn load(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

fn service_label(service: Service) -> &'static str {
    match service {
        Service::Iam => "iam",
        Service::Sts => "sts",
    }
}
