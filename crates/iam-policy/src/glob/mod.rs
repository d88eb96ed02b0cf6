//! IAM wildcard patterns compiled once and matched without allocating.
//!
//! `*` matches any run of characters, including an empty one; `?` matches exactly one character.
//! IAM has no escape for either, so every other pattern character is literal. Nothing here builds
//! a regex, which is why pattern text never needs escaping.

/// How literal pattern characters compare with value characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Exact comparison, as for resource ARNs.
    Sensitive,
    /// Comparison after a one-to-one lowercase mapping of each character, as for actions
    /// (`s3:get*` matches `S3:GetObject`). A character whose lowercase form is several characters
    /// (such as `İ`) compares as itself.
    Insensitive,
}

mod pattern;

pub(crate) use pattern::Pattern;

/// A wildcard pattern compiled once and matched many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    pattern: Pattern,
}

impl Glob {
    /// Compiles `pattern`; every string is a valid pattern.
    pub fn new(pattern: &str, case: Case) -> Self {
        Self {
            pattern: Pattern::new(pattern, 0..pattern.len(), case),
            source: pattern.to_owned(),
        }
    }

    /// The pattern text this glob was compiled from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The case rule this glob was compiled with.
    pub fn case(&self) -> Case {
        self.pattern.case()
    }

    /// Whether the pattern is only stars, so that it matches every value.
    pub fn is_any(&self) -> bool {
        self.pattern.is_any()
    }

    /// Whether `value` as a whole matches the pattern.
    ///
    /// Runs in O(pattern × value) at worst: after the anchored head and tail are removed, taking
    /// each middle segment at its leftmost occurrence is always optimal, so no backtracking is
    /// needed (`a*a*a*a*b` stays linear-ish).
    pub fn matches(&self, value: &str) -> bool {
        self.pattern.matches(&self.source, value)
    }
}

#[cfg(test)]
mod tests {
    use super::pattern::fold;
    use super::{Case, Glob};
    use proptest::prelude::*;

    /// Character-by-character backtracking reference with the glob's own case rule.
    fn reference(pattern: &[char], value: &[char], case: Case) -> bool {
        let same = |p: char, v: char| p == v || (case == Case::Insensitive && fold(p) == fold(v));
        match pattern.split_first() {
            None => value.is_empty(),
            Some(('*', rest)) => (0..=value.len()).any(|skip| {
                value
                    .get(skip..)
                    .is_some_and(|tail| reference(rest, tail, case))
            }),
            Some((&p, rest)) => value
                .split_first()
                .is_some_and(|(&v, tail)| (p == '?' || same(p, v)) && reference(rest, tail, case)),
        }
    }

    fn sensitive(pattern: &str, value: &str) -> bool {
        Glob::new(pattern, Case::Sensitive).matches(value)
    }

    fn insensitive(pattern: &str, value: &str) -> bool {
        Glob::new(pattern, Case::Insensitive).matches(value)
    }

    #[test]
    fn empty_pattern_matches_only_empty_value() {
        assert!(sensitive("", ""));
        assert!(!sensitive("", "a"));
    }

    #[test]
    fn stars_alone_match_everything() {
        for pattern in ["*", "**", "***"] {
            let glob = Glob::new(pattern, Case::Sensitive);
            assert!(glob.is_any());
            assert!(glob.matches(""));
            assert!(glob.matches("anything:at/all"));
        }
    }

    #[test]
    fn literal_compares_whole_value() {
        assert!(sensitive("abc", "abc"));
        assert!(!sensitive("abc", "abcd"));
        assert!(!sensitive("abc", "ab"));
        assert!(!sensitive("abc", "ABC"));
    }

    #[test]
    fn question_mark_is_exactly_one_character() {
        assert!(sensitive("a?c", "abc"));
        assert!(!sensitive("a?c", "ac"));
        assert!(!sensitive("a?c", "abbc"));
        assert!(sensitive("???", "日本語"));
        assert!(!sensitive("??", "日本語"));
        assert!(sensitive("?", "é"));
    }

    #[test]
    fn star_matches_empty_and_long_runs() {
        assert!(sensitive("a*", "a"));
        assert!(sensitive("a*", "abc"));
        assert!(!sensitive("a*", "ba"));
        assert!(sensitive("*c", "c"));
        assert!(sensitive("*c", "abc"));
        assert!(!sensitive("*c", "cb"));
        assert!(sensitive("a*c", "ac"));
        assert!(sensitive("a*b*c", "abc"));
        assert!(sensitive("a*b*c", "aXbYbZc"));
        assert!(!sensitive("a*b*c", "acb"));
    }

    #[test]
    fn consecutive_stars_behave_like_one() {
        assert!(sensitive("a**b", "ab"));
        assert!(sensitive("a***b", "aXYZb"));
        assert!(sensitive("**a**", "xay"));
        assert!(!sensitive("a**b", "ba"));
    }

    #[test]
    fn head_and_tail_do_not_overlap() {
        assert!(!sensitive("ab*ba", "aba"));
        assert!(sensitive("ab*ba", "abba"));
        assert!(!sensitive("a?*?a", "aa"));
    }

    #[test]
    fn mixed_wildcards() {
        assert!(sensitive("*?", "x"));
        assert!(!sensitive("*?", ""));
        assert!(sensitive("?*?", "xy"));
        assert!(sensitive("a*?c*d", "aXcYd"));
        assert!(!sensitive("a*?c*d", "acd"));
    }

    #[test]
    fn many_stars_do_not_blow_up() {
        let value = "a".repeat(10_000);
        assert!(!sensitive("a*a*a*a*a*a*a*a*a*a*b", &value));
        assert!(sensitive("a*a*a*a*a*a*a*a*a*a*a", &value));
        assert!(!insensitive("A*?*A*?*A*?*A*b", &value));
    }

    #[test]
    fn case_rules() {
        assert!(insensitive("s3:get*", "S3:GetObject"));
        assert!(insensitive("IAM:ListAccessKeys", "iam:listaccesskeys"));
        assert!(insensitive("iam:*user?", "IAM:GetUSERS"));
        assert!(!sensitive("s3:get*", "S3:GetObject"));
        assert!(insensitive("*É*", "café"));
        assert!(insensitive("straße", "STRAẞE"));
        assert!(!insensitive("abc", "abd"));
    }

    #[test]
    fn unicode_is_matched_by_character() {
        assert!(sensitive("日*語", "日本語"));
        assert!(sensitive("*本?", "日本語"));
        assert!(!sensitive("*本", "日本語"));
        assert!(insensitive("?*Ü", "müÜ"));
    }

    #[test]
    fn ascii_path_defers_to_characters_where_bytes_differ() {
        // `?` is one character, not one byte.
        assert!(insensitive("s3:?et", "s3:éet"));
        assert!(!insensitive("s3:?et", "s3:éeet"));
        assert!(sensitive("*?b", "日b"));
        // The Kelvin sign lowercases to an ASCII `k`.
        assert!(insensitive("kms:*", "\u{212A}MS:Decrypt"));
        assert!(insensitive("*:de?rypt*k", "kms:Decrypt\u{212A}"));
        assert!(insensitive("*crypt\u{212A}*", "kms:DecryptK"));
        assert!(!sensitive("kms:*", "\u{212A}ms:Decrypt"));
        // A tail is aligned from the end: the two-byte `İ` must not shift `A` onto `i`.
        assert!(sensitive("*A??", "Aiİ"));
        assert!(insensitive("*a??", "Aiİ"));
        assert!(!insensitive("*b??", "Aiİ"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The byte path and the character path agree with a backtracking reference, on
        /// alphabets that mix ASCII with characters whose lowercase form is ASCII (`K`), several
        /// characters (`İ`) or another non-ASCII character (`É`).
        #[test]
        fn matches_reference(
            pattern in "[kK\u{212A}aA:?*\u{130}iéÉ]{0,10}",
            value in "[kK\u{212A}aA:?*\u{130}iéÉ]{0,14}",
        ) {
            let pattern_chars: Vec<char> = pattern.chars().collect();
            let value_chars: Vec<char> = value.chars().collect();
            for case in [Case::Sensitive, Case::Insensitive] {
                prop_assert_eq!(
                    Glob::new(&pattern, case).matches(&value),
                    reference(&pattern_chars, &value_chars, case),
                    "{:?} {:?} {:?}", pattern, value, case
                );
            }
        }
    }

    #[test]
    fn keeps_source_and_case() {
        let glob = Glob::new("s3:Get*", Case::Insensitive);
        assert_eq!(glob.as_str(), "s3:Get*");
        assert_eq!(glob.case(), Case::Insensitive);
        assert!(!glob.is_any());
    }
}
