//! Action and NotAction entries: names that exist nowhere, and entries that another entry of the
//! same statement already covers.
//!
//! Access Analyzer reports an unknown service or action as an ERROR; localiam reports a WARNING
//! with the same issue code, because its service reference is a snapshot and an action newer than
//! the snapshot must not fail validation.

use super::finding::{Finding, FindingType, Location};
use super::tree::{Entry, StatementNode};
use crate::service_reference::ServiceReference;
use std::collections::BTreeSet;

/// The actions one entry matches, as `(service prefix, action name)`.
type Matched<'r> = BTreeSet<(&'r str, &'r str)>;

/// Checks the statement's Action or NotAction entries.
pub fn check(statement: &StatementNode<'_>, reference: &ServiceReference, out: &mut Vec<Finding>) {
    let entries = statement.entries(["Action", "NotAction"]);
    let matched: Vec<Matched<'_>> = entries
        .iter()
        .map(|entry| {
            reference
                .matching_actions(entry.text)
                .into_iter()
                .map(|(s, a)| (s.prefix.as_str(), a.name.as_str()))
                .collect()
        })
        .collect();
    for (entry, matched) in entries.iter().zip(&matched) {
        if matched.is_empty() {
            out.push(unknown(entry, reference));
        }
    }
    for (j, entry) in entries.iter().enumerate() {
        if let Some(i) = covering(&entries, &matched, j) {
            let by = entries.get(i).map_or("", |e| e.text);
            out.push(Finding::new(
                FindingType::Suggestion,
                "REDUNDANT_ACTION",
                format!(
                    "The action {} is redundant: {by} in the same statement already covers it. \
                     Remove the redundant action.",
                    entry.text
                ),
                locations(entry, entries.get(i)),
            ));
        }
    }
}

/// Why an entry that matches no action is wrong.
fn unknown(entry: &Entry<'_>, reference: &ServiceReference) -> Finding {
    let text = entry.text;
    let (code, details) = match text.split_once(':') {
        None => (
            "INVALID_ACTION",
            format!("The action {text} does not exist: an action is written service:ActionName."),
        ),
        Some((prefix, _))
            if !prefix.contains(['*', '?']) && reference.service(prefix).is_none() =>
        {
            (
                "INVALID_SERVICE_IN_ACTION",
                format!("The service {prefix} specified in the action {text} does not exist."),
            )
        }
        Some(_) if text.contains(['*', '?']) => (
            "INVALID_ACTION",
            format!("The action pattern {text} does not match any action."),
        ),
        Some(_) => (
            "INVALID_ACTION",
            format!("The action {text} does not exist."),
        ),
    };
    Finding::new(
        FindingType::Warning,
        code,
        details,
        vec![entry.location.clone()],
    )
}

/// The entry that makes entry `j` redundant: an earlier one written the same way, or one that
/// matches every action `j` matches (and more, or the same set but earlier).
fn covering(entries: &[Entry<'_>], matched: &[Matched<'_>], j: usize) -> Option<usize> {
    let entry = entries.get(j)?;
    let mine = matched.get(j)?;
    let same_text = entries
        .iter()
        .take(j)
        .position(|e| e.text.eq_ignore_ascii_case(entry.text));
    if same_text.is_some() || mine.is_empty() {
        return same_text;
    }
    matched.iter().enumerate().position(|(i, theirs)| {
        i != j && mine.is_subset(theirs) && (mine.len() < theirs.len() || i < j)
    })
}

fn locations(entry: &Entry<'_>, by: Option<&Entry<'_>>) -> Vec<Location> {
    std::iter::once(entry.location.clone())
        .chain(by.map(|b| b.location.clone()))
        .collect()
}
