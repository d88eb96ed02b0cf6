//! The audit log: every request as one CloudTrail-shaped JSON record. The last records stay in
//! memory for `GET /_localiam/audit`; with `--audit-log` they are also written, one per line, to
//! stderr or a file by a writer thread, so a slow disk does not hold the request path.

mod params;
mod record;

pub use params::{HIDDEN, is_secret, request_parameters, scrub, secret_values};
pub use record::{Entry, Event, Trace};

use parking_lot::Mutex;
use std::collections::VecDeque;
use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Records waiting for the writer before requests wait for it.
const PENDING: usize = 4096;

/// Recent records and the optional output.
#[derive(Debug)]
pub struct AuditLog {
    recent: Mutex<VecDeque<Arc<Entry>>>,
    capacity: usize,
    output: Option<SyncSender<Arc<Entry>>>,
}

impl AuditLog {
    /// Keeps the last `capacity` records; writes every record to `target` (`stderr` or a file
    /// path, appended to) when given.
    pub fn new(target: Option<&str>, capacity: usize) -> io::Result<Self> {
        let output = match target {
            None => None,
            Some("stderr") => Some(spawn_writer(Box::new(io::stderr()))?),
            Some(path) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)?;
                Some(spawn_writer(Box::new(file))?)
            }
        };
        Ok(AuditLog {
            output,
            ..AuditLog::in_memory(capacity)
        })
    }

    /// Keeps the last `capacity` records, writes nothing.
    pub fn in_memory(capacity: usize) -> Self {
        AuditLog {
            recent: Mutex::new(VecDeque::with_capacity(capacity.min(PENDING))),
            capacity,
            output: None,
        }
    }

    /// Whether records are kept or written at all; when not, the pipeline builds none.
    pub fn is_enabled(&self) -> bool {
        self.capacity > 0 || self.output.is_some()
    }

    /// Keeps `entry` and sends it to the output.
    pub fn record(&self, entry: Entry) {
        let line = Arc::new(entry);
        if self.capacity > 0 {
            let mut recent = self.recent.lock();
            if recent.len() == self.capacity {
                recent.pop_front();
            }
            recent.push_back(Arc::clone(&line));
        }
        if let Some(output) = &self.output {
            // The writer ends only if it failed to write; it said so then.
            let _ = output.send(line);
        }
    }

    /// The last `limit` records (all kept when `None`), oldest first, as a JSON array.
    pub fn recent(&self, limit: Option<usize>) -> String {
        let recent = self.recent.lock();
        let skip = limit.map_or(0, |l| recent.len().saturating_sub(l));
        let mut body = String::from("[");
        for (i, line) in recent.iter().skip(skip).enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&line.line());
        }
        body.push(']');
        body
    }

    /// Forgets the kept records (the written ones stay written).
    pub fn clear(&self) {
        self.recent.lock().clear();
    }
}

fn spawn_writer(out: Box<dyn Write + Send>) -> io::Result<SyncSender<Arc<Entry>>> {
    let (sender, receiver) = sync_channel(PENDING);
    std::thread::Builder::new()
        .name("localiam-audit".into())
        .spawn(move || write_lines(out, &receiver))?;
    Ok(sender)
}

/// Writes lines as they come, flushing whenever none are waiting, until every sender is gone.
fn write_lines(out: Box<dyn Write + Send>, receiver: &Receiver<Arc<Entry>>) {
    let mut out = BufWriter::new(out);
    while let Ok(first) = receiver.recv() {
        let mut result = writeln!(out, "{}", first.line());
        while let (Ok(()), Ok(next)) = (&result, receiver.try_recv()) {
            result = writeln!(out, "{}", next.line());
        }
        if let Err(e) = result.and_then(|()| out.flush()) {
            tracing::error!("audit log: cannot write: {e}");
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Service;

    fn entry(n: u32) -> Entry {
        let event = Event {
            time: chrono::Utc::now(),
            service: Service::Iam,
            region: "us-east-1".into(),
            source_ip: None,
            user_agent: None,
            access_key_id: None,
            request_id: format!("request-{n}"),
            error: None,
        };
        Entry::new(event, Trace::default())
    }

    fn request_ids(body: &str) -> Vec<String> {
        let records: Vec<serde_json::Value> = serde_json::from_str(body).unwrap();
        records
            .iter()
            .map(|r| r["requestID"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn keeps_the_last_records_oldest_first() {
        let log = AuditLog::in_memory(2);
        assert!(log.is_enabled());
        for n in 1..=3 {
            log.record(entry(n));
        }
        assert_eq!(request_ids(&log.recent(None)), ["request-2", "request-3"]);
        assert_eq!(request_ids(&log.recent(Some(1))), ["request-3"]);
        assert_eq!(log.recent(Some(0)), "[]");
        log.clear();
        assert_eq!(log.recent(None), "[]");
    }

    #[test]
    fn a_record_reads_the_same_every_time() {
        let log = AuditLog::in_memory(1);
        log.record(entry(1));
        assert_eq!(log.recent(None), log.recent(None));
    }

    #[test]
    fn no_buffer_keeps_nothing() {
        let log = AuditLog::in_memory(0);
        assert!(!log.is_enabled());
        log.record(entry(1));
        assert_eq!(log.recent(None), "[]");
    }
}
