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

/// A wildcard pattern compiled once and matched many times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    case: Case,
    kind: Kind,
}

/// The compiled shape; the first three variants are fast paths for the common patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Only stars: every value matches.
    Any,
    /// No star: the whole value against one segment.
    Exact(Segment),
    /// One segment followed by stars only.
    Prefix(Segment),
    /// Anchored head, non-empty floating middles, anchored tail (head or tail may be empty).
    General {
        head: Segment,
        middles: Vec<Segment>,
        tail: Segment,
    },
}

/// The characters between two stars; a `?` inside stands for any one character.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    /// Lowercased when the glob is case-insensitive.
    text: String,
    /// Whether byte-wise `str` search can be used (case-sensitive and no `?`).
    plain: bool,
    /// Whether `text` is ASCII, so that it can be compared byte by byte with ASCII value text.
    ascii: bool,
}

impl Glob {
    /// Compiles `pattern`; every string is a valid pattern.
    pub fn new(pattern: &str, case: Case) -> Self {
        let kind = match pattern.split_once('*') {
            None => Kind::Exact(Segment::new(pattern, case)),
            Some((head, rest)) => {
                let (middle, tail) = rest.rsplit_once('*').unwrap_or(("", rest));
                let only_stars = middle.bytes().all(|b| b == b'*');
                if only_stars && tail.is_empty() {
                    if head.is_empty() {
                        Kind::Any
                    } else {
                        Kind::Prefix(Segment::new(head, case))
                    }
                } else {
                    Kind::General {
                        head: Segment::new(head, case),
                        middles: middle
                            .split('*')
                            .filter(|piece| !piece.is_empty())
                            .map(|piece| Segment::new(piece, case))
                            .collect(),
                        tail: Segment::new(tail, case),
                    }
                }
            }
        };
        Self {
            source: pattern.to_owned(),
            case,
            kind,
        }
    }

    /// The pattern text this glob was compiled from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The case rule this glob was compiled with.
    pub fn case(&self) -> Case {
        self.case
    }

    /// Whether the pattern is only stars, so that it matches every value.
    pub fn is_any(&self) -> bool {
        matches!(self.kind, Kind::Any)
    }

    /// Whether `value` as a whole matches the pattern.
    ///
    /// Runs in O(pattern × value) at worst: after the anchored head and tail are removed, taking
    /// each middle segment at its leftmost occurrence is always optimal, so no backtracking is
    /// needed (`a*a*a*a*b` stays linear-ish).
    pub fn matches(&self, value: &str) -> bool {
        let case = self.case;
        match &self.kind {
            Kind::Any => true,
            Kind::Exact(segment) => segment.match_start(value, case) == Some(value.len()),
            Kind::Prefix(segment) => segment.match_start(value, case).is_some(),
            Kind::General {
                head,
                middles,
                tail,
            } => {
                let Some(head_len) = head.match_start(value, case) else {
                    return false;
                };
                let Some(tail_len) = tail.match_end(value, case) else {
                    return false;
                };
                // The head and tail must not share characters.
                let Some(mut rest) = value
                    .len()
                    .checked_sub(tail_len)
                    .and_then(|end| value.get(head_len..end))
                else {
                    return false;
                };
                for middle in middles {
                    match middle.find(rest, case).and_then(|end| rest.get(end..)) {
                        Some(after) => rest = after,
                        None => return false,
                    }
                }
                true
            }
        }
    }
}

impl Segment {
    fn new(raw: &str, case: Case) -> Self {
        let text: String = match case {
            Case::Sensitive => raw.to_owned(),
            Case::Insensitive => raw.chars().map(fold).collect(),
        };
        let plain = case == Case::Sensitive && !text.contains('?');
        let ascii = text.is_ascii();
        Self { text, plain, ascii }
    }

    /// Bytes of `value` the segment consumes when it matches at the start of `value`.
    fn match_start(&self, value: &str, case: Case) -> Option<usize> {
        if self.plain {
            return value
                .starts_with(self.text.as_str())
                .then_some(self.text.len());
        }
        if self.ascii {
            // An ASCII segment of n characters needs at least n bytes of value.
            let window = value.as_bytes().get(..self.text.len())?;
            if let Some(matched) = ascii_matches(self.text.as_bytes(), window, case) {
                return matched.then_some(self.text.len());
            }
        }
        let mut chars = value.char_indices();
        for pattern_char in self.text.chars() {
            let (_, value_char) = chars.next()?;
            if !char_matches(pattern_char, value_char, case) {
                return None;
            }
        }
        Some(chars.next().map_or(value.len(), |(index, _)| index))
    }

    /// Bytes of `value` the segment consumes when it matches at the end of `value`.
    fn match_end(&self, value: &str, case: Case) -> Option<usize> {
        if self.plain {
            return value
                .ends_with(self.text.as_str())
                .then_some(self.text.len());
        }
        if self.ascii {
            let start = value.len().checked_sub(self.text.len())?;
            let window = value.as_bytes().get(start..)?;
            if let Some(matched) = ascii_matches(self.text.as_bytes(), window, case) {
                return matched.then_some(self.text.len());
            }
        }
        let mut chars = value.char_indices().rev();
        let mut start = value.len();
        for pattern_char in self.text.chars().rev() {
            let (index, value_char) = chars.next()?;
            if !char_matches(pattern_char, value_char, case) {
                return None;
            }
            start = index;
        }
        Some(value.len() - start)
    }

    /// The end (in bytes) of the leftmost occurrence of the segment in `haystack`.
    fn find(&self, haystack: &str, case: Case) -> Option<usize> {
        if self.plain {
            return haystack
                .find(self.text.as_str())
                .map(|start| start + self.text.len());
        }
        if self.ascii && haystack.is_ascii() {
            let pattern = self.text.as_bytes();
            // Middle segments are never empty; `max(1)` only keeps `windows` from panicking.
            return haystack
                .as_bytes()
                .windows(pattern.len().max(1))
                .position(|window| ascii_matches(pattern, window, case) == Some(true))
                .map(|start| start + pattern.len());
        }
        haystack.char_indices().find_map(|(start, _)| {
            let rest = haystack.get(start..)?;
            self.match_start(rest, case).map(|len| start + len)
        })
    }
}

/// Compares an ASCII pattern with a value window of the same length, byte by byte; `None` as
/// soon as the window holds a non-ASCII byte, where `?` would stand for a whole multi-byte
/// character and a non-ASCII character may lowercase to an ASCII one (`K`, the Kelvin sign),
/// so the caller goes by characters instead. A mismatch before that byte is final.
fn ascii_matches(pattern: &[u8], window: &[u8], case: Case) -> Option<bool> {
    for (&pattern_byte, &value_byte) in pattern.iter().zip(window) {
        if !value_byte.is_ascii() {
            return None;
        }
        let value_byte = match case {
            Case::Sensitive => value_byte,
            Case::Insensitive => value_byte.to_ascii_lowercase(),
        };
        if pattern_byte != b'?' && pattern_byte != value_byte {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether one pattern character (already folded when case-insensitive) accepts a value character.
fn char_matches(pattern_char: char, value_char: char, case: Case) -> bool {
    pattern_char == '?'
        || pattern_char == value_char
        || (case == Case::Insensitive && fold(value_char) == pattern_char)
}

/// One-to-one lowercase mapping; characters that lowercase to several characters stay as they are.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{Case, Glob, fold};
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
