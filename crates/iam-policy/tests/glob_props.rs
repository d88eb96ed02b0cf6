//! `Glob` agrees with a regex oracle built from the escaped pattern pieces.

use iam_policy::glob::{Case, Glob};
use proptest::prelude::*;
use regex::Regex;

/// Anchored regex equivalent of an IAM wildcard pattern: `*` → `.*`, `?` → `.`, the rest escaped.
fn oracle(pattern: &str, case: Case) -> Result<Regex, TestCaseError> {
    let mut body = String::from(match case {
        Case::Sensitive => "^(?s)",
        Case::Insensitive => "^(?si)",
    });
    let mut literal = String::new();
    for c in pattern.chars() {
        if c == '*' || c == '?' {
            body.push_str(&regex::escape(&literal));
            literal.clear();
            body.push_str(if c == '*' { ".*" } else { "." });
        } else {
            literal.push(c);
        }
    }
    body.push_str(&regex::escape(&literal));
    body.push('$');
    Regex::new(&body).map_err(|error| TestCaseError::fail(error.to_string()))
}

/// Small alphabets make matches likely. The case-insensitive one avoids characters whose simple
/// case folding (used by the regex crate) differs from a one-to-one lowercase mapping (`ſ`, `ς`).
const SENSITIVE: &str = "[ab:/.?*\\\\\n日é]{0,12}";
const SENSITIVE_VALUE: &str = "[ab:/.?*\\\\\n日é]{0,16}";
const INSENSITIVE: &str = "[aAbB:?*éÉüÜ日]{0,12}";
const INSENSITIVE_VALUE: &str = "[aAbB:?*éÉüÜ日]{0,16}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn case_sensitive_matches_oracle(pattern in SENSITIVE, value in SENSITIVE_VALUE) {
        let glob = Glob::new(&pattern, Case::Sensitive);
        prop_assert_eq!(glob.matches(&value), oracle(&pattern, Case::Sensitive)?.is_match(&value));
    }

    #[test]
    fn case_insensitive_matches_oracle(pattern in INSENSITIVE, value in INSENSITIVE_VALUE) {
        let glob = Glob::new(&pattern, Case::Insensitive);
        prop_assert_eq!(glob.matches(&value), oracle(&pattern, Case::Insensitive)?.is_match(&value));
    }

    /// A value built from the pattern by filling its wildcards always matches.
    #[test]
    fn filled_pattern_matches(pattern in SENSITIVE, fill in "[ab日]{0,3}") {
        let value: String = pattern
            .chars()
            .map(|c| match c {
                '*' => fill.clone(),
                '?' => "x".to_owned(),
                other => other.to_string(),
            })
            .collect();
        prop_assert!(Glob::new(&pattern, Case::Sensitive).matches(&value));
        prop_assert!(Glob::new(&pattern, Case::Insensitive).matches(&value.to_uppercase()));
    }
}
