//! `ResourceMatcher` agrees with a segment-aware regex oracle.

use iam_policy::matching::{ActionMatcher, ResourceMatcher};
use proptest::prelude::*;
use regex::Regex;

/// Regex for one glob piece where `*` and `?` may not match `:`.
fn in_segment(piece: &str, star: &str, one: &str) -> String {
    let mut out = String::new();
    let mut literal = String::new();
    for c in piece.chars() {
        if c == '*' || c == '?' {
            out.push_str(&regex::escape(&literal));
            literal.clear();
            out.push_str(if c == '*' { star } else { one });
        } else {
            literal.push(c);
        }
    }
    out.push_str(&regex::escape(&literal));
    out
}

/// The documented rule written as a regex: head segments use `[^:]`, a head segment's trailing
/// `*` becomes `.*`, and the resource part (after the fifth colon) is a flat glob.
fn oracle(pattern: &str) -> Result<Regex, TestCaseError> {
    let mut body = String::from("^(?s)");
    if pattern.bytes().all(|b| b == b'*') && !pattern.is_empty() {
        body.push_str(".*");
    } else {
        let parts: Vec<&str> = pattern.splitn(6, ':').collect();
        for (index, part) in parts.iter().enumerate() {
            if index > 0 {
                body.push(':');
            }
            if index == 5 {
                body.push_str(&in_segment(part, ".*", "."));
            } else if let Some(stem) = part.strip_suffix('*') {
                body.push_str(&in_segment(stem, "[^:]*", "[^:]"));
                body.push_str(".*");
            } else {
                body.push_str(&in_segment(part, "[^:]*", "[^:]"));
            }
        }
    }
    body.push('$');
    Regex::new(&body).map_err(|error| TestCaseError::fail(error.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn resource_matches_oracle(pattern in "[ab:/*?]{0,14}", value in "[ab:/]{0,16}") {
        let matcher = ResourceMatcher::new(&pattern);
        prop_assert_eq!(matcher.matches(&value), oracle(&pattern)?.is_match(&value));
    }

    #[test]
    fn arn_shaped_resource_matches_oracle(
        head in proptest::collection::vec("[a1*?]{0,3}", 0..=5),
        resource in "[a1:/*?]{0,8}",
        value in "arn(:[a1]{0,3}){3,5}(:[a1:/]{0,8})?",
    ) {
        let pattern = format!("arn:{}:{resource}", head.join(":"));
        let matcher = ResourceMatcher::new(&pattern);
        prop_assert_eq!(matcher.matches(&value), oracle(&pattern)?.is_match(&value));
    }

    #[test]
    fn action_ignores_case(pattern in "[a-zA-Z0-9:*?]{0,10}", value in "[a-zA-Z0-9:]{0,12}") {
        let matcher = ActionMatcher::new(&pattern);
        prop_assert_eq!(matcher.matches(&value), matcher.matches(&value.to_uppercase()));
        prop_assert_eq!(matcher.matches(&value), ActionMatcher::new(&pattern.to_lowercase()).matches(&value));
    }
}
