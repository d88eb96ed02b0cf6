//! `ListPolicies`: AWS managed policies from the catalog and the account's own, as one listing.
//!
//! Order: every AWS managed policy (in name order) first, then the account's own (in name order).
//! Two runs rather than one merged order because a customer policy may share its name with an
//! AWS managed one, and because each run pages by its own key in O(page). The marker names the run
//! and wraps the run's own marker: `A<marker>` inside the catalog, `L` or `L<marker>` inside the
//! account's policies.

use super::common::under_prefix;
use super::policies::{View, shape, usage};
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::entities::PolicyUsage;
use crate::store::paging::{DEFAULT_MAX_ITEMS, bad_marker, page_map};
use std::collections::BTreeMap;

/// Where a page starts.
enum Start<'m> {
    /// In the catalog, at the run's own marker (or its beginning).
    Aws(Option<&'m str>),
    /// In the account's policies, at the run's own marker (or its beginning).
    Local(Option<&'m str>),
}

fn start(marker: Option<&str>) -> Result<Start<'_>, ApiError> {
    let Some(m) = marker else {
        return Ok(Start::Aws(None));
    };
    if let Some(rest) = m.strip_prefix('A') {
        non_empty(rest)
            .map(|r| Start::Aws(Some(r)))
            .ok_or_else(bad_marker)
    } else if let Some(rest) = m.strip_prefix('L') {
        Ok(Start::Local(non_empty(rest)))
    } else {
        Err(bad_marker())
    }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Whether a policy with this use passes `OnlyAttached` and `PolicyUsageFilter`. A usage filter
/// keeps the policies used that way (attached, or set as a boundary); `OnlyAttached` alone keeps
/// those used either way.
fn in_use(used: PolicyUsage, only_attached: bool, filter: Option<iam::PolicyUsageType>) -> bool {
    match filter {
        Some(iam::PolicyUsageType::PermissionsPolicy) => used.attachments > 0,
        Some(iam::PolicyUsageType::PermissionsBoundary) => used.boundaries > 0,
        None => !only_attached || used.attachments > 0 || used.boundaries > 0,
    }
}

/// One page of [`page_runs`].
struct Runs<'a, A, B> {
    /// Items of the first run on this page.
    first: Vec<&'a A>,
    /// Items of the second run on this page.
    second: Vec<&'a B>,
    /// Where the next page starts.
    marker: Option<String>,
}

/// A page across two name-ordered runs: `first`'s kept items, then `second`'s; `None` leaves a run
/// out. Returns the items of each run on this page and the marker of the next page.
fn page_runs<'a, A, B>(
    first: Option<&'a BTreeMap<String, A>>,
    second: Option<&'a BTreeMap<String, B>>,
    marker: Option<&str>,
    max_items: Option<i32>,
    keep_first: impl FnMut(&A) -> bool,
    keep_second: impl FnMut(&B) -> bool,
) -> Result<Runs<'a, A, B>, ApiError> {
    let limit = max_items
        .and_then(|m| usize::try_from(m).ok())
        .filter(|m| *m > 0)
        .unwrap_or(DEFAULT_MAX_ITEMS);
    let mut firsts = Vec::new();
    let second_start = match (start(marker)?, first) {
        (Start::Aws(m), Some(run)) => {
            let page = page_map(run, m, max_items, keep_first)?;
            if let Some(next) = page.marker {
                return Ok(Runs {
                    first: page.items,
                    second: Vec::new(),
                    marker: Some(format!("A{next}")),
                });
            }
            firsts = page.items;
            None
        }
        (Start::Aws(None), None) => None,
        (Start::Aws(Some(_)), None) => return Err(bad_marker()),
        (Start::Local(m), _) => m,
    };
    let Some(run) = second else {
        return Ok(Runs {
            first: firsts,
            second: Vec::new(),
            marker: None,
        });
    };
    let room = limit.saturating_sub(firsts.len());
    if room == 0 {
        // The page filled up at the end of the first run: the next one starts the second run,
        // if anything there passes the filters.
        let more = run.values().any(keep_second).then(|| "L".to_string());
        return Ok(Runs {
            first: firsts,
            second: Vec::new(),
            marker: more,
        });
    }
    let page = page_map(run, second_start, i32::try_from(room).ok(), keep_second)?;
    Ok(Runs {
        first: firsts,
        second: page.items,
        marker: page.marker.map(|m| format!("L{m}")),
    })
}

/// `ListPolicies` with `Scope`, `OnlyAttached`, `PathPrefix` and `PolicyUsageFilter`.
pub fn list_policies(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListPoliciesRequest,
) -> Result<iam::ListPoliciesResponse, ApiError> {
    let scope = input.scope.unwrap_or_default();
    let prefix = input.path_prefix.as_deref();
    let only_attached = input.only_attached.unwrap_or(false);
    let keep = |view: &View<'_>| {
        under_prefix(view.path, prefix)
            && in_use(
                usage(account, view.arn),
                only_attached,
                input.policy_usage_filter,
            )
    };
    let Runs {
        first: aws,
        second: local,
        marker,
    } = page_runs(
        (scope != iam::PolicyScopeType::Local).then(|| cx.store.catalog().by_name()),
        (scope != iam::PolicyScopeType::Aws).then_some(&account.policies),
        input.marker.as_deref(),
        input.max_items,
        |p| keep(&View::aws(p)),
        |p| keep(&View::local(p)),
    )?;
    let views = aws
        .into_iter()
        .map(View::aws)
        .chain(local.into_iter().map(View::local));
    Ok(iam::ListPoliciesResponse {
        policies: Some(
            views
                .map(|v| shape(&v, usage(account, v.arn), false))
                .collect(),
        ),
        is_truncated: Some(marker.is_some()),
        marker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(keys: &[&str]) -> BTreeMap<String, String> {
        keys.iter()
            .map(|k| (k.to_string(), k.to_string()))
            .collect()
    }

    fn all(
        first: Option<&BTreeMap<String, String>>,
        second: Option<&BTreeMap<String, String>>,
        max: i32,
    ) -> (Vec<String>, usize) {
        let (mut seen, mut pages, mut marker) = (Vec::new(), 0, None::<String>);
        loop {
            let page = page_runs(
                first,
                second,
                marker.as_deref(),
                Some(max),
                |_| true,
                |v| v != "skip",
            )
            .unwrap();
            assert!(page.first.len() + page.second.len() <= usize::try_from(max).unwrap());
            seen.extend(page.first.into_iter().chain(page.second).cloned());
            pages += 1;
            marker = page.marker;
            if marker.is_none() {
                return (seen, pages);
            }
        }
    }

    #[test]
    fn pages_cross_from_the_first_run_to_the_second() {
        let aws = run(&["a1", "a2", "a3"]);
        let local = run(&["a1", "l1", "skip", "l2"]);
        for max in 1..=8 {
            let (seen, _) = all(Some(&aws), Some(&local), max);
            assert_eq!(seen, ["a1", "a2", "a3", "a1", "l1", "l2"], "max {max}");
        }
        assert_eq!(all(Some(&aws), Some(&local), 3).1, 2);
        assert_eq!(all(Some(&aws), Some(&local), 1).1, 6);
        assert_eq!(all(Some(&aws), None, 2).0, ["a1", "a2", "a3"]);
        assert_eq!(all(None, Some(&local), 2).0, ["a1", "l1", "l2"]);
    }

    #[test]
    fn a_full_page_at_the_end_of_the_first_run_ends_when_nothing_follows() {
        let aws = run(&["a1", "a2"]);
        let local = run(&["skip"]);
        let page = page_runs(
            Some(&aws),
            Some(&local),
            None,
            Some(2),
            |_| true,
            |v| v != "skip",
        )
        .unwrap();
        assert!(page.marker.is_none());
    }

    #[test]
    fn foreign_markers_are_refused() {
        let aws = run(&["a1"]);
        let local = run(&["l1"]);
        for bad in ["", "A", "X123"] {
            let got = page_runs(
                Some(&aws),
                Some(&local),
                Some(bad),
                None,
                |_| true,
                |_| true,
            );
            assert!(got.is_err(), "{bad:?}");
        }
        let got = page_runs(
            None,
            Some(&local),
            Some("AYQ"),
            None,
            |_: &String| true,
            |_| true,
        );
        assert!(got.is_err(), "a catalog marker without the catalog");
    }
}
