//! Action and NotAction entries, and the request's action split once per evaluation.

use std::ops::Range;

use crate::glob::{Case, Pattern};

/// One Action or NotAction entry (`service:Name`, `*`, `iam:Get*`), compiled once.
///
/// The service prefix and the action name both compare case-insensitively, and the pattern is
/// matched against the whole action string (`"*"` covers every service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionMatcher {
    source: String,
    pattern: ActionPattern,
}

impl ActionMatcher {
    /// Compiles one action pattern.
    pub fn new(pattern: &str) -> Self {
        Self {
            pattern: ActionPattern::new(pattern, 0..pattern.len()),
            source: pattern.to_owned(),
        }
    }

    /// The pattern text as written in the policy.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The pattern's service prefix as written (`s3` in `s3:Get*`), when it is ASCII text
    /// without wildcards: the pattern then matches only actions of that service (compared
    /// ignoring ASCII case). `None` when the pattern may match actions of several services.
    pub fn service(&self) -> Option<&str> {
        self.pattern.service(&self.source)
    }

    /// Whether `action` (such as `iam:ListUsers`) matches.
    pub fn matches(&self, action: &str) -> bool {
        self.pattern.matches(&self.source, action)
    }

    /// Whether the request's action matches, refusing another service's action by its prefix
    /// first.
    pub fn matches_action(&self, action: &RequestAction<'_>) -> bool {
        self.pattern.matches_action(&self.source, action)
    }
}

/// An [`ActionMatcher`] over a range of some text, so that the patterns of a statement share
/// one string; each method takes that text back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActionPattern {
    range: Range<usize>,
    pattern: Pattern,
    /// Length in bytes of the pattern's service prefix (`s3` in `s3:Get*`) when it is ASCII
    /// text without wildcards, so that an action of another service is refused before any
    /// wildcard matching.
    service_len: Option<usize>,
}

impl ActionPattern {
    /// Compiles the pattern `text[range]`.
    pub(crate) fn new(text: &str, range: Range<usize>) -> Self {
        let pattern = text.get(range.clone()).unwrap_or_default();
        // A byte scan: cheaper than `split_once(':')` on short patterns.
        let service_len = pattern
            .bytes()
            .position(|byte| byte == b':')
            .filter(|&colon| {
                pattern
                    .bytes()
                    .take(colon)
                    .all(|byte| byte.is_ascii() && byte != b'*' && byte != b'?')
            });
        Self {
            pattern: Pattern::new(text, range.clone(), Case::Insensitive),
            range,
            service_len,
        }
    }

    /// See [`ActionMatcher::as_str`].
    pub(crate) fn as_str<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.range.clone()).unwrap_or_default()
    }

    /// See [`ActionMatcher::service`].
    pub(crate) fn service<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.service_len
            .and_then(|len| self.as_str(text).get(..len))
    }

    /// See [`ActionMatcher::matches`].
    pub(crate) fn matches(&self, text: &str, action: &str) -> bool {
        self.pattern.matches(text, action)
    }

    /// See [`ActionMatcher::matches_action`].
    pub(crate) fn matches_action(&self, text: &str, action: &RequestAction<'_>) -> bool {
        // The prefixes compare as bytes (both are ASCII), sparing the hot path `str` slicing's
        // character-boundary checks.
        if let (Some(len), Some(requested)) = (self.service_len, action.service()) {
            let start = self.range.start;
            let pattern = text.as_bytes().get(start..start + len).unwrap_or_default();
            if !pattern.eq_ignore_ascii_case(requested.as_bytes()) {
                return false;
            }
        }
        self.pattern.matches(text, action.as_str())
    }
}

/// A request's action with its service prefix found once per evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestAction<'a> {
    action: &'a str,
    service: Option<&'a str>,
    name: Option<&'a str>,
    /// [`service_hash`] of `service`.
    service_hash: u64,
    /// [`initials`] of `name`.
    initials: u64,
}

impl<'a> RequestAction<'a> {
    /// Splits `action` (`iam:CreateUser`) at its first colon.
    pub fn new(action: &'a str) -> Self {
        // A byte search: cheaper than `split_once(':')`'s char searcher on short names.
        let colon = action.bytes().position(|byte| byte == b':');
        let (service, name) = match colon.map(|at| action.split_at(at)) {
            Some((service, name)) => (
                Some(service).filter(|s| s.is_ascii()),
                name.strip_prefix(':'),
            ),
            None => (None, None),
        };
        Self {
            action,
            service,
            name,
            service_hash: service.map_or(0, service_hash),
            initials: initials(name.unwrap_or_default(), false),
        }
    }

    /// The whole action.
    pub fn as_str(&self) -> &'a str {
        self.action
    }

    /// The text before the first colon, when there is a colon and that text is ASCII. A pattern
    /// with an ASCII service prefix matches such an action only when the two prefixes are equal
    /// ignoring ASCII case: every ASCII character lowercases to an ASCII one, and no character
    /// lowercases to a colon. For other actions (`None`) nothing can be told from the prefix.
    pub fn service(&self) -> Option<&'a str> {
        self.service
    }

    /// The text after the first colon (`CreateUser`), when there is a colon.
    pub fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// [`service_hash`] of [`RequestAction::service`] (0 without one).
    pub(crate) fn service_hash(&self) -> u64 {
        self.service_hash
    }

    /// [`initials`] of [`RequestAction::name`] (all bits without one).
    pub(crate) fn initials(&self) -> u64 {
        self.initials
    }
}

/// A one-bit summary of the first character of an action name: the bit of its lowercased ASCII
/// code modulo 64 (two characters may share a bit; they are then simply not told apart), or all
/// bits when the name is empty, starts with a non-ASCII character (`K`, the Kelvin sign, matches
/// `k`) or, in a pattern (`wildcards`), with `*` or `?`. A pattern's name can match an action's
/// only when their initials share a bit.
pub(crate) fn initials(name: &str, wildcards: bool) -> u64 {
    match name.bytes().next() {
        Some(byte) if byte.is_ascii() && !(wildcards && matches!(byte, b'*' | b'?')) => {
            1 << (byte.to_ascii_lowercase() % 64)
        }
        _ => u64::MAX,
    }
}

/// A hash of a service prefix that ignores ASCII case (FNV-1a over the lowercased bytes), so
/// that a policy finds a service among its own with integer comparisons.
pub(crate) fn service_hash(service: &str) -> u64 {
    service.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::{ActionMatcher, RequestAction};

    fn action(pattern: &str, value: &str) -> bool {
        ActionMatcher::new(pattern).matches(value)
    }

    #[test]
    fn actions_compare_case_insensitively() {
        assert!(action("*", "iam:ListUsers"));
        assert!(action("s3:get*", "S3:GetObject"));
        assert!(action("IAM:listaccesskeys", "iam:ListAccessKeys"));
        assert!(action("iam:Get?ser", "iam:GetUser"));
        assert!(action("iam:*", "IAM:CreateRole"));
        assert!(!action("iam:Get*", "iam:ListUsers"));
        assert!(!action("iam:GetUser", "iam:GetUsers"));
        assert!(!action("s3:*", "iam:GetUser"));
        assert_eq!(ActionMatcher::new("iam:Get*").as_str(), "iam:Get*");
    }

    #[test]
    fn service_prefix_is_literal_ascii_text() {
        assert_eq!(ActionMatcher::new("S3:Get*").service(), Some("S3"));
        assert_eq!(ActionMatcher::new(":x").service(), Some(""));
        assert_eq!(ActionMatcher::new("iam").service(), None);
        assert_eq!(ActionMatcher::new("*").service(), None);
        assert_eq!(ActionMatcher::new("s3*:Get").service(), None);
        assert_eq!(ActionMatcher::new("s?:Get").service(), None);
        assert_eq!(ActionMatcher::new("\u{212A}ms:Decrypt").service(), None);
        assert_eq!(RequestAction::new("iam:Get:x").service(), Some("iam"));
        assert_eq!(RequestAction::new("iam:Get:x").name(), Some("Get:x"));
        assert_eq!(RequestAction::new("iam").service(), None);
        assert_eq!(RequestAction::new("iam").name(), None);
        assert_eq!(RequestAction::new("\u{212A}ms:Decrypt").service(), None);
        assert_eq!(
            RequestAction::new("\u{212A}ms:Decrypt").name(),
            Some("Decrypt")
        );
    }

    #[test]
    fn request_action_matching_agrees_with_plain_matching() {
        let patterns = [
            "s3:Get*",
            "S3:*",
            "*",
            "s3*",
            "iam:Get?ser",
            "\u{212A}ms:*",
            "kms:*",
            ":*",
        ];
        let actions = [
            "s3:GetObject",
            "S3:getobject",
            "s3x:GetObject",
            "iam:GetUser",
            "kms:Decrypt",
            "\u{212A}MS:Decrypt",
            "s3",
            ":x",
        ];
        for pattern in patterns {
            let matcher = ActionMatcher::new(pattern);
            for value in actions {
                assert_eq!(
                    matcher.matches_action(&RequestAction::new(value)),
                    matcher.matches(value),
                    "{pattern} {value}"
                );
            }
        }
    }
}
