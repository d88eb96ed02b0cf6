//! Condition key names, some with placeholders: `aws:RequestTag/${TagKey}` names every
//! `aws:RequestTag/<tag key>` key, and `s3:ExistingObjectTag/<key>` likewise. The source also
//! spells a trailing tag key as `/tag-key` (`secretsmanager:ResourceTag/tag-key`) or leaves it
//! out (`glacier:ResourceTag/`); both are read as a placeholder.
//!
//! Key names compare case-insensitively: "Condition key names are not case-sensitive"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>).

use super::ConditionKey;
use std::collections::HashMap;

/// A key name with placeholders, as the lowercased literal runs between them. A placeholder
/// stands for one or more characters of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPattern {
    parts: Vec<String>,
}

impl KeyPattern {
    /// The pattern of `name`, or `None` when it has no placeholder.
    pub fn new(name: &str) -> Option<Self> {
        let mut parts = Vec::new();
        let mut rest = name;
        while let Some((start, close)) = placeholder(rest) {
            parts.push(rest.get(..start)?.to_ascii_lowercase());
            rest = rest.get(start..)?.split_once(close)?.1;
        }
        let lower = rest.to_ascii_lowercase();
        match lower
            .strip_suffix("/tag-key")
            .or_else(|| lower.strip_suffix('/'))
        {
            Some(head) => {
                parts.push(format!("{head}/"));
                parts.push(String::new());
            }
            None if parts.is_empty() => return None,
            None => parts.push(lower),
        }
        Some(Self { parts })
    }

    /// Whether `key` is this pattern with each placeholder filled by at least one character.
    pub fn matches(&self, key: &str) -> bool {
        let key = key.as_bytes();
        let Some((first, rest)) = self.parts.split_first() else {
            return false;
        };
        let Some((last, middle)) = rest.split_last() else {
            return false;
        };
        if !starts_with_ci(key, first.as_bytes()) {
            return false;
        }
        let mut at = first.len();
        // Each literal run takes its leftmost place after a non-empty gap: leaving the most text
        // for what follows never loses a match.
        for part in middle {
            match find_ci(key, part.as_bytes(), at + 1) {
                Some(found) => at = found + part.len(),
                None => return false,
            }
        }
        key.len() >= at + 1 + last.len() && ends_with_ci(key, last.as_bytes())
    }
}

/// Where the first placeholder of `text` starts, and the text that closes it.
fn placeholder(text: &str) -> Option<(usize, &'static str)> {
    let dollar = text.find("${").map(|i| (i, "}"));
    let angle = text.find('<').map(|i| (i, ">"));
    match (dollar, angle) {
        (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
        (d, a) => d.or(a),
    }
}

fn starts_with_ci(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn ends_with_ci(text: &[u8], suffix: &[u8]) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

fn find_ci(text: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    (from..=text.len().checked_sub(needle.len())?).find(|&i| {
        text.get(i..i + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

/// Every known condition key: exact names by lowercased name, then the patterns in order.
#[derive(Debug, Default)]
pub struct KeyIndex {
    exact: HashMap<String, ConditionKey>,
    patterns: Vec<(KeyPattern, ConditionKey)>,
}

impl KeyIndex {
    /// Adds `key` unless a key of the same name is already known (the first one is kept).
    pub fn insert(&mut self, key: &ConditionKey) {
        match KeyPattern::new(&key.name) {
            Some(pattern) => {
                if !self.patterns.iter().any(|(p, _)| *p == pattern) {
                    self.patterns.push((pattern, key.clone()));
                }
            }
            None => {
                self.exact
                    .entry(key.name.to_ascii_lowercase())
                    .or_insert_with(|| key.clone());
            }
        }
    }

    /// The key `name` is, or is an instance of.
    pub fn get(&self, name: &str) -> Option<&ConditionKey> {
        self.exact.get(&name.to_ascii_lowercase()).or_else(|| {
            self.patterns
                .iter()
                .find(|(p, _)| p.matches(name))
                .map(|(_, k)| k)
        })
    }

    /// How many distinct key names are known (patterns count once).
    pub fn count(&self) -> usize {
        self.exact.len() + self.patterns.len()
    }
}

#[cfg(test)]
mod tests {
    use super::KeyPattern;

    #[test]
    fn tag_key_placeholders_match_any_non_empty_tag_key() {
        let p = KeyPattern::new("aws:RequestTag/${TagKey}").unwrap();
        assert!(p.matches("aws:RequestTag/team"));
        assert!(p.matches("AWS:requesttag/Team/Sub"));
        assert!(!p.matches("aws:RequestTag/"));
        assert!(!p.matches("aws:RequestTags/team"));
        let angle = KeyPattern::new("s3:ExistingObjectTag/<key>").unwrap();
        assert!(angle.matches("s3:ExistingObjectTag/owner"));
        assert!(!angle.matches("s3:ExistingObjectTag"));
    }

    #[test]
    fn placeholders_in_the_middle_and_prefix() {
        let p = KeyPattern::new("agent.${Domain}.buildkite.dev:build_branch").unwrap();
        assert!(p.matches("agent.acme.buildkite.dev:build_branch"));
        assert!(p.matches("agent.a.b.buildkite.dev:build_branch"));
        assert!(!p.matches("agent..buildkite.dev:build_branch"));
        let two = KeyPattern::new("codebuild:x/${a}.y/${b}").unwrap();
        assert!(two.matches("codebuild:x/1.y/2"));
        assert!(!two.matches("codebuild:x/1.y/"));
    }

    #[test]
    fn a_trailing_tag_key_or_nothing_after_the_slash_is_a_placeholder() {
        let spelled = KeyPattern::new("secretsmanager:ResourceTag/tag-key").unwrap();
        assert!(spelled.matches("secretsmanager:ResourceTag/aws:secretsmanager:owningService"));
        assert!(!spelled.matches("secretsmanager:ResourceTag/"));
        let bare = KeyPattern::new("glacier:ResourceTag/").unwrap();
        assert!(bare.matches("glacier:ResourceTag/env"));
        assert!(!bare.matches("glacier:ResourceTag"));
    }

    #[test]
    fn names_without_placeholders_are_not_patterns() {
        assert!(KeyPattern::new("aws:SourceIp").is_none());
    }
}
