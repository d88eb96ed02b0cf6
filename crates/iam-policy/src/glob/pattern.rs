//! The compiled form of a wildcard pattern, kept as byte ranges of the pattern's text so that
//! compiling allocates nothing but the list of middle segments (when there are any). The text
//! is passed back at each match: a [`super::Glob`] owns its own, and a resource matcher owns one
//! text for all the patterns of its segments.

use std::ops::Range;

use super::Case;

/// A compiled pattern over a range of some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
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

/// The characters between two stars (a byte range of the text); a `?` inside stands for any
/// one character.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    start: usize,
    end: usize,
    /// Whether byte-wise `str` search can be used (case-sensitive and no `?`).
    plain: bool,
    /// Whether the characters are ASCII, so that they can be compared byte by byte with ASCII
    /// value text.
    ascii: bool,
}

impl Pattern {
    /// Compiles the pattern `text[range]`; every string is a valid pattern.
    pub(crate) fn new(text: &str, range: Range<usize>, case: Case) -> Self {
        let pattern = text.get(range.clone()).unwrap_or_default();
        let segment = |piece: Range<usize>| {
            let bytes = pattern.as_bytes().get(piece.clone()).unwrap_or_default();
            Segment {
                start: range.start + piece.start,
                end: range.start + piece.end,
                plain: case == Case::Sensitive && !bytes.contains(&b'?'),
                ascii: bytes.is_ascii(),
            }
        };
        // One byte scan (`*` is ASCII): `split` costs more than the search on short patterns.
        let mut first = None;
        let mut last = 0;
        let mut star_count = 0;
        for (at, byte) in pattern.bytes().enumerate() {
            if byte == b'*' {
                first.get_or_insert(at);
                last = at;
                star_count += 1;
            }
        }
        let Some(first) = first else {
            return Self {
                case,
                kind: Kind::Exact(segment(0..pattern.len())),
            };
        };
        let kind = if last + 1 == pattern.len() && star_count == last + 1 - first {
            // Stars from the first one to the end.
            if first == 0 {
                Kind::Any
            } else {
                Kind::Prefix(segment(0..first))
            }
        } else {
            let mut middles = Vec::new();
            let mut start = first + 1;
            let inner = pattern.bytes().enumerate().take(last + 1).skip(start);
            for (at, _) in inner.filter(|&(_, byte)| byte == b'*') {
                if at > start {
                    middles.push(segment(start..at));
                }
                start = at + 1;
            }
            Kind::General {
                head: segment(0..first),
                middles,
                tail: segment(last + 1..pattern.len()),
            }
        };
        Self { case, kind }
    }

    /// The case rule this pattern was compiled with.
    pub(crate) fn case(&self) -> Case {
        self.case
    }

    /// Whether the pattern is only stars, so that it matches every value.
    pub(crate) fn is_any(&self) -> bool {
        matches!(self.kind, Kind::Any)
    }

    /// Whether `value` as a whole matches; `text` is the text the pattern was compiled from.
    ///
    /// Runs in O(pattern × value) at worst: after the anchored head and tail are removed, taking
    /// each middle segment at its leftmost occurrence is always optimal, so no backtracking is
    /// needed (`a*a*a*a*b` stays linear-ish).
    pub(crate) fn matches(&self, text: &str, value: &str) -> bool {
        let case = self.case;
        match &self.kind {
            Kind::Any => true,
            Kind::Exact(segment) => segment.match_start(text, value, case) == Some(value.len()),
            Kind::Prefix(segment) => segment.match_start(text, value, case).is_some(),
            Kind::General {
                head,
                middles,
                tail,
            } => {
                let Some(head_len) = head.match_start(text, value, case) else {
                    return false;
                };
                let Some(tail_len) = tail.match_end(text, value, case) else {
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
                    match middle
                        .find(text, rest, case)
                        .and_then(|end| rest.get(end..))
                    {
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
    fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or_default()
    }

    /// Bytes of `value` the segment consumes when it matches at the start of `value`.
    fn match_start(&self, text: &str, value: &str, case: Case) -> Option<usize> {
        let pattern = self.text(text);
        if self.plain {
            return value.starts_with(pattern).then_some(pattern.len());
        }
        if self.ascii {
            // An ASCII segment of n characters needs at least n bytes of value.
            let window = value.as_bytes().get(..pattern.len())?;
            if let Some(matched) = ascii_matches(pattern.as_bytes().iter().zip(window), case) {
                return matched.then_some(pattern.len());
            }
        }
        let mut chars = value.char_indices();
        for pattern_char in pattern.chars() {
            let (_, value_char) = chars.next()?;
            if !char_matches(pattern_char, value_char, case) {
                return None;
            }
        }
        Some(chars.next().map_or(value.len(), |(index, _)| index))
    }

    /// Bytes of `value` the segment consumes when it matches at the end of `value`.
    fn match_end(&self, text: &str, value: &str, case: Case) -> Option<usize> {
        let pattern = self.text(text);
        if self.plain {
            return value.ends_with(pattern).then_some(pattern.len());
        }
        if self.ascii {
            let start = value.len().checked_sub(pattern.len())?;
            let window = value.as_bytes().get(start..)?;
            // From the end: a multi-byte character to the left of a mismatch shifts nothing.
            let pairs = pattern.as_bytes().iter().rev().zip(window.iter().rev());
            if let Some(matched) = ascii_matches(pairs, case) {
                return matched.then_some(pattern.len());
            }
        }
        let mut chars = value.char_indices().rev();
        let mut start = value.len();
        for pattern_char in pattern.chars().rev() {
            let (index, value_char) = chars.next()?;
            if !char_matches(pattern_char, value_char, case) {
                return None;
            }
            start = index;
        }
        Some(value.len() - start)
    }

    /// The end (in bytes) of the leftmost occurrence of the segment in `haystack`.
    fn find(&self, text: &str, haystack: &str, case: Case) -> Option<usize> {
        let pattern = self.text(text);
        if self.plain {
            return haystack.find(pattern).map(|start| start + pattern.len());
        }
        if self.ascii && haystack.is_ascii() {
            let bytes = pattern.as_bytes();
            // Middle segments are never empty; `max(1)` only keeps `windows` from panicking.
            return haystack
                .as_bytes()
                .windows(bytes.len().max(1))
                .position(|window| ascii_matches(bytes.iter().zip(window), case) == Some(true))
                .map(|start| start + bytes.len());
        }
        haystack.char_indices().find_map(|(start, _)| {
            let rest = haystack.get(start..)?;
            self.match_start(text, rest, case).map(|len| start + len)
        })
    }
}

/// Compares an ASCII pattern with a value window of the same length, byte pair by byte pair in
/// the order given (from the start, or from the end for a tail); `None` as soon as the window
/// holds a non-ASCII byte, where `?` would stand for a whole multi-byte character and a
/// non-ASCII character may lowercase to an ASCII one (`K`, the Kelvin sign), so the caller goes
/// by characters instead. A mismatch met before that byte is final: the pairs up to it are
/// aligned character for character.
fn ascii_matches<'a>(pairs: impl Iterator<Item = (&'a u8, &'a u8)>, case: Case) -> Option<bool> {
    for (&pattern_byte, &value_byte) in pairs {
        if !value_byte.is_ascii() {
            return None;
        }
        let same = match case {
            Case::Sensitive => pattern_byte == value_byte,
            Case::Insensitive => pattern_byte.eq_ignore_ascii_case(&value_byte),
        };
        if pattern_byte != b'?' && !same {
            return Some(false);
        }
    }
    Some(true)
}

/// Whether one pattern character accepts a value character.
fn char_matches(pattern_char: char, value_char: char, case: Case) -> bool {
    pattern_char == '?'
        || pattern_char == value_char
        || (case == Case::Insensitive && fold(value_char) == fold(pattern_char))
}

/// One-to-one lowercase mapping; characters that lowercase to several characters stay as they are.
pub(super) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}
