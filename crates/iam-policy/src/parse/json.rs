//! A small JSON reader that keeps the source position of every value.
//!
//! serde_json drops positions, and IAM's Simulate APIs report each statement's
//! `StartPosition`/`EndPosition`, so policies are read with this reader instead.
//! It keeps object members in source order, duplicates included, so the grammar
//! can decide what a repeated key means. It writes a tape (one vector of nodes), which the
//! grammar checks in place; [`read`] turns it into a tree of [`Value`]s.

use std::borrow::Cow;

use super::tape::{self, Node, NodeKind, NodeRef, Point, Tape, Text};
use super::{ParseError, Pos, Span};

/// Deepest nesting of arrays and objects accepted; policies need at most 5.
pub const MAX_DEPTH: usize = 64;
/// Longest document accepted, in characters: above every IAM policy quota and above the largest
/// AWS managed policy (AWSSupportServiceRolePolicy, about 152,000 characters), so the catalog
/// compiles; the server's 1 MiB body limit bounds what a client can send anyway.
pub const MAX_CHARS: usize = 1 << 20;

/// A JSON value with the span it occupies in the source; strings without escapes borrow from
/// the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value<'t> {
    /// What the value is.
    pub kind: Kind<'t>,
    /// Where it is.
    pub span: Span,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its source text so nothing is lost to rounding.
    Number(&'t str),
    /// A string, escapes decoded.
    String(Cow<'t, str>),
    /// An array.
    Array(Vec<Value<'t>>),
    /// An object's members in source order, repeated keys kept.
    Object(Vec<Member<'t>>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'t> {
    /// The decoded key.
    pub key: Cow<'t, str>,
    /// Where the key is.
    pub key_span: Span,
    /// The value.
    pub value: Value<'t>,
}

/// Reads one JSON document; anything but whitespace after it is an error.
pub fn read(text: &str) -> Result<Value<'_>, ParseError> {
    Ok(tape::tree(NodeRef::root(&read_tape(text)?)))
}

/// Reads one JSON document into a tape (see [`tape`]), the document first.
pub(crate) fn read_tape(text: &str) -> Result<Tape<'_>, ParseError> {
    // A string has at least as many bytes as characters.
    if text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS {
        return Err(syntax(None));
    }
    let mut reader = Reader {
        text,
        at: 0,
        pos: Pos { line: 1, column: 1 },
        // Policies hold a value or key every twelve bytes or more; a few spare nodes cost less than
        // growing the vector.
        nodes: Vec::with_capacity(text.len() / 12 + 8),
        decoded: Vec::new(),
    };
    reader.skip_whitespace();
    reader.value(0)?;
    reader.skip_whitespace();
    if reader.peek().is_some() {
        return Err(syntax(Some(reader.here())));
    }
    Ok(Tape {
        text,
        nodes: reader.nodes,
        decoded: reader.decoded,
    })
}

/// A tape position or item count, below [`MAX_CHARS`].
fn count(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// AWS answers every JSON-level fault with this one message.
fn syntax(span: Option<Span>) -> ParseError {
    ParseError::new(super::SYNTAX_ERRORS, span)
}

/// Reads the text byte by byte where JSON's syntax is ASCII and borrows strings without
/// escapes, writing each value to the tape as it starts.
struct Reader<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
    /// Line and column (in characters) of the next character.
    pos: Pos,
    nodes: Vec<Node>,
    decoded: Vec<String>,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// A zero-width span at the current position, for errors.
    fn here(&self) -> Span {
        Span {
            start: self.pos,
            end: self.pos,
        }
    }

    /// Consumes one character.
    fn bump(&mut self) -> Option<char> {
        let c = self.text.get(self.at..)?.chars().next()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    /// Consumes the next `len` bytes, which hold no line break, and returns them.
    fn take(&mut self, len: usize) -> &'t str {
        let run = self.text.get(self.at..self.at + len).unwrap_or_default();
        self.at += run.len();
        self.pos.column += if run.is_ascii() {
            run.len()
        } else {
            run.chars().count()
        };
        run
    }

    fn expect(&mut self, wanted: u8) -> Result<(), ParseError> {
        if self.peek() == Some(wanted) {
            self.skip_ascii(1);
            Ok(())
        } else {
            Err(syntax(Some(self.here())))
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' => self.pos.column += 1,
                b'\n' => {
                    self.pos.line += 1;
                    self.pos.column = 1;
                }
                _ => return,
            }
            self.at += 1;
        }
    }

    /// Appends a node of `kind` starting at `start` and ending here.
    fn push(&mut self, kind: NodeKind, start: Pos) -> usize {
        let at = self.nodes.len();
        self.nodes.push(Node {
            kind,
            start: Point::new(start),
            end: Point::new(self.pos),
        });
        at
    }

    /// Completes the array or object at `at` once its `len` items are on the tape.
    fn close(&mut self, at: usize, len: usize) {
        let next = count(self.nodes.len());
        let len = count(len);
        let end = Point::new(self.pos);
        if let Some(node) = self.nodes.get_mut(at) {
            node.end = end;
            node.kind = match node.kind {
                NodeKind::Object { .. } => NodeKind::Object { next, len },
                _ => NodeKind::Array { next, len },
            };
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), ParseError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => return self.object(depth + 1, start),
            Some(b'[') => return self.array(depth + 1, start),
            Some(b'"') => NodeKind::String(self.string().map_err(|fault| *fault)?),
            Some(b't') => self.literal("true", NodeKind::Bool(true))?,
            Some(b'f') => self.literal("false", NodeKind::Bool(false))?,
            Some(b'n') => self.literal("null", NodeKind::Null)?,
            Some(b'-' | b'0'..=b'9') => {
                let from = self.at;
                self.number()?;
                NodeKind::Number(Text::Source {
                    from: count(from),
                    to: count(self.at),
                })
            }
            _ => return Err(syntax(Some(self.here()))),
        };
        self.push(kind, start);
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<NodeKind, ParseError> {
        for wanted in word.bytes() {
            self.expect(wanted)?;
        }
        Ok(kind)
    }

    fn object(&mut self, depth: usize, start: Pos) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect(b'{')?;
        let at = self.push(NodeKind::Object { next: 0, len: 0 }, start);
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.skip_ascii(1);
            self.close(at, 0);
            return Ok(());
        }
        let mut len = 0;
        loop {
            self.skip_whitespace();
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return Err(syntax(Some(self.here())));
            }
            let key = self.string().map_err(|fault| *fault)?;
            self.push(NodeKind::Key(key), key_start);
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            self.value(depth)?;
            len += 1;
            self.skip_whitespace();
            let separator = self.peek();
            if !matches!(separator, Some(b',' | b'}')) {
                self.bump();
                return Err(syntax(Some(self.here())));
            }
            self.skip_ascii(1);
            if separator == Some(b'}') {
                self.close(at, len);
                return Ok(());
            }
        }
    }

    fn array(&mut self, depth: usize, start: Pos) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect(b'[')?;
        let at = self.push(NodeKind::Array { next: 0, len: 0 }, start);
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.skip_ascii(1);
            self.close(at, 0);
            return Ok(());
        }
        let mut len = 0;
        loop {
            self.skip_whitespace();
            self.value(depth)?;
            len += 1;
            self.skip_whitespace();
            let separator = self.peek();
            if !matches!(separator, Some(b',' | b']')) {
                self.bump();
                return Err(syntax(Some(self.here())));
            }
            self.skip_ascii(1);
            if separator == Some(b']') {
                self.close(at, len);
                return Ok(());
            }
        }
    }

    /// Reads a string: a range of the document when it has no escapes, else decoded. The error
    /// is boxed so that the result fits in registers: a result passed through memory, read back
    /// at once, costs a stall on every string.
    fn string(&mut self) -> Result<Text, Box<ParseError>> {
        self.expect(b'"')?;
        let from = self.at;
        let mut out: Option<String> = None;
        loop {
            let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
            let run = self.take(plain_run(rest));
            let here = self.here();
            match self.peek() {
                Some(b'"') => {
                    let to = self.at;
                    self.skip_ascii(1);
                    let Some(mut text) = out else {
                        return Ok(Text::Source {
                            from: count(from),
                            to: count(to),
                        });
                    };
                    text.push_str(run);
                    self.decoded.push(text);
                    return Ok(Text::Decoded(count(self.decoded.len() - 1)));
                }
                Some(b'\\') => {
                    let mut text = out
                        .take()
                        .unwrap_or_else(|| String::with_capacity(run.len() + 16));
                    text.push_str(run);
                    self.skip_ascii(1);
                    text.push(self.escape()?);
                    out = Some(text);
                }
                // The end of the text, or a control character.
                _ => return Err(Box::new(syntax(Some(here)))),
            }
        }
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        let here = self.here();
        Ok(match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let unit = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    self.expect(b'\\')?;
                    self.expect(b'u')?;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(syntax(Some(here)));
                    }
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unit
                };
                // Lone low surrogates land here and are refused.
                char::from_u32(code).ok_or_else(|| syntax(Some(here)))?
            }
            _ => return Err(syntax(Some(here))),
        })
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut unit = 0;
        for _ in 0..4 {
            let here = self.here();
            let digit = self
                .bump()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| syntax(Some(here)))?;
            unit = unit * 16 + digit;
        }
        Ok(unit)
    }

    fn number(&mut self) -> Result<(), ParseError> {
        if self.peek() == Some(b'-') {
            self.skip_ascii(1);
        }
        match self.peek() {
            Some(b'0') => self.skip_ascii(1),
            Some(b'1'..=b'9') => self.digits()?,
            _ => return Err(syntax(Some(self.here()))),
        }
        if self.peek() == Some(b'.') {
            self.skip_ascii(1);
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.skip_ascii(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.skip_ascii(1);
            }
            self.digits()?;
        }
        Ok(())
    }

    /// One or more ASCII digits.
    fn digits(&mut self) -> Result<(), ParseError> {
        let digits = self
            .text
            .as_bytes()
            .get(self.at..)
            .unwrap_or_default()
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if digits == 0 {
            return Err(syntax(Some(self.here())));
        }
        self.skip_ascii(digits);
        Ok(())
    }

    /// Consumes `len` ASCII characters other than line breaks.
    fn skip_ascii(&mut self, len: usize) {
        self.at += len;
        self.pos.column += len;
    }
}

/// Length of the run of string content at the start of `bytes`: up to a quote, a backslash or a
/// control character. Eight bytes at a time: a byte is flagged when it equals `"` or `\\` or is
/// below 0x20 (the usual zero-byte tests, whose borrows can only flag bytes above a truly
/// flagged one, so the lowest flag is exact).
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut run = 0;
    for chunk in chunks.by_ref() {
        let Ok(eight) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(eight);
        let flags = zero(word ^ (ONES * u64::from(b'"')))
            | zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
        if flags != 0 {
            return run + (flags.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    run + chunks
        .remainder()
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(chunks.remainder().len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::plain_run;

    proptest! {
        /// The eight-byte scan finds the same first quote, backslash or control byte as a
        /// byte-by-byte one, wherever it falls in a word and whatever bytes surround it.
        #[test]
        fn plain_run_agrees_with_a_byte_scan(
            bytes in prop::collection::vec(
                prop_oneof![
                    Just(b'"'), Just(b'\\'), 0_u8..0x20, Just(0x20_u8), Just(0x21_u8),
                    0x5b_u8..0x5e, 0x7f_u8..=0xff, Just(b'a'),
                ],
                0..40,
            ),
        ) {
            let expected = bytes
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .unwrap_or(bytes.len());
            prop_assert_eq!(plain_run(&bytes), expected);
        }
    }
}
