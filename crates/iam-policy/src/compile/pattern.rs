//! Matching a resource pattern known only at evaluation time (a Resource entry after its policy
//! variables were resolved) without compiling it, so without allocating.
//!
//! The rules are [`crate::matching::ResourceMatcher`]'s, which a property test checks this
//! against: the first five colon-separated pattern segments each match one value segment, a head
//! segment ending in `*` may run on across colons, and the rest of the pattern matches the rest of
//! the value as one glob. Comparison is case-sensitive.

/// Number of colon-separated ARN segments before the resource part.
const HEAD_SEGMENTS: usize = 5;

use std::str::Chars;

/// Whether `value` matches the resource pattern `pattern`.
pub(super) fn resource_pattern_matches(pattern: &str, value: &str) -> bool {
    if !pattern.is_empty() && pattern.bytes().all(|b| b == b'*') {
        return true;
    }
    let head_len = pattern.split(':').take(HEAD_SEGMENTS).count();
    let tail = pattern.splitn(HEAD_SEGMENTS + 1, ':').nth(HEAD_SEGMENTS);
    // Where the next head segment may start: exactly at `ordinal`, or (after a segment that ran
    // on across colons) at any ordinal from it on. Taking the earliest ordinal a running segment
    // can match at is enough: every later start is reachable from an earlier one.
    let mut ordinal = 0;
    let mut anywhere_after = false;
    let mut head = pattern.split(':').take(head_len).peekable();
    let mut index = 0;
    while index < head_len {
        // A group: fixed segments up to and including the next running one (or the last one).
        let group_start = index;
        let mut group_len = 0;
        let mut runs_on = false;
        while let Some(segment) = head.next() {
            group_len += 1;
            index += 1;
            if segment.ends_with('*') || head.peek().is_none() {
                runs_on = segment.ends_with('*');
                break;
            }
        }
        let segments = || pattern.split(':').skip(group_start).take(group_len);
        let last_group = index == head_len;
        let candidates = if anywhere_after {
            ordinal..=value.split(':').count()
        } else {
            ordinal..=ordinal
        };
        let mut found = None;
        for start in candidates {
            if !group_matches(segments(), value, start) {
                continue;
            }
            let after = start + group_len;
            if !last_group || runs_on {
                found = Some(after);
                break;
            }
            // The last fixed segment: the pattern ends there, or the tail follows.
            let done = match tail {
                None => after == value.split(':').count(),
                Some(tail) => rest_from(value, after).is_some_and(|rest| glob(tail, rest)),
            };
            if done {
                return true;
            }
        }
        let Some(after) = found else {
            return false;
        };
        if last_group {
            // A running last head segment swallows the rest when no tail follows; otherwise the
            // tail may start at any later segment.
            return match tail {
                None => true,
                Some(tail) => (after..=value.split(':').count())
                    .any(|start| rest_from(value, start).is_some_and(|rest| glob(tail, rest))),
            };
        }
        ordinal = after;
        anywhere_after = runs_on;
    }
    false
}

/// Whether `segments` match the value's segments from ordinal `start` on, one each; a running
/// last segment only has to match its own value segment (it may then go on).
fn group_matches<'p>(segments: impl Iterator<Item = &'p str>, value: &str, start: usize) -> bool {
    let mut pieces = value.split(':').skip(start);
    segments
        .into_iter()
        .all(|segment| pieces.next().is_some_and(|piece| glob(segment, piece)))
}

/// The value from the start of segment `ordinal`.
fn rest_from(value: &str, ordinal: usize) -> Option<&str> {
    if ordinal == 0 {
        return Some(value);
    }
    value
        .match_indices(':')
        .nth(ordinal - 1)
        .and_then(|(at, _)| value.get(at + 1..))
}

/// Case-sensitive `*`/`?` matching of the whole `value`, by characters, without allocating.
/// On a mismatch only the last `*` seen takes one more character: for a wildcard that matches
/// any run, earlier stars never need to give back what they took.
fn glob(pattern: &str, value: &str) -> bool {
    let mut p = pattern.chars();
    let mut v = value.chars();
    // The pattern after the last `*` seen, and where in the value that `*` stops.
    let mut star: Option<(Chars<'_>, Chars<'_>)> = None;
    loop {
        let mut p_next = p.clone();
        let mut v_next = v.clone();
        match (p_next.next(), v_next.next()) {
            (Some('*'), _) => {
                p = p_next;
                star = Some((p.clone(), v.clone()));
                continue;
            }
            (None, None) => return true,
            (Some(pc), Some(vc)) if pc == '?' || pc == vc => {
                p = p_next;
                v = v_next;
                continue;
            }
            _ => {}
        }
        let Some((after_star, stop)) = star.as_mut() else {
            return false;
        };
        if stop.next().is_none() {
            return false;
        }
        p = after_star.clone();
        v = stop.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::{glob, resource_pattern_matches};
    use crate::matching::ResourceMatcher;
    use proptest::prelude::*;

    #[test]
    fn globs() {
        assert!(glob("", ""));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXbYbc"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("*a*a*b", "aaaab"));
        assert!(!glob("*a*a*b", "aaaa"));
        assert!(glob("é*", "éte"));
    }

    #[test]
    fn arns() {
        let bob = "arn:aws:iam::123456789012:user/Bob";
        for (pattern, expected) in [
            ("*", true),
            ("arn:aws:iam::*", true),
            ("arn:aws:iam::123456789012:user/*", true),
            ("arn:aws:iam::123456789012:user/bob", false),
            ("arn:aws*:iam::123456789012:*", true),
            ("arn:aws:s3::*", false),
            ("arn:aws:iam", false),
        ] {
            assert_eq!(
                resource_pattern_matches(pattern, bob),
                expected,
                "{pattern}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn agrees_with_the_compiled_matcher(
            pattern in "[ab:*?]{0,14}",
            value in "[ab:]{0,14}",
        ) {
            prop_assert_eq!(
                resource_pattern_matches(&pattern, &value),
                ResourceMatcher::new(&pattern).matches(&value),
                "{} against {}", pattern, value
            );
        }

        #[test]
        fn agrees_on_arn_shapes(
            head in prop::collection::vec("[a*?]{0,3}", 0..6),
            tail in "[a/:*?]{0,8}",
            value in prop::collection::vec("[a/]{0,3}", 1..9),
        ) {
            let pattern = format!("{}:{tail}", head.join(":"));
            let value = value.join(":");
            prop_assert_eq!(
                resource_pattern_matches(&pattern, &value),
                ResourceMatcher::new(&pattern).matches(&value),
                "{} against {}", pattern, value
            );
        }
    }
}
