//! A small JSON reader that keeps the source position of every value.
//!
//! serde_json drops positions, and IAM's Simulate APIs report each statement's
//! `StartPosition`/`EndPosition`, so policies are read with this reader instead.
//! It keeps object members in source order, duplicates included, so the grammar
//! can decide what a repeated key means.

use super::{ParseError, Pos, Span};

/// Deepest nesting of arrays and objects accepted; policies need at most 5.
pub const MAX_DEPTH: usize = 64;
/// Longest document accepted, in characters: above every IAM policy quota and above the largest
/// AWS managed policy (AWSSupportServiceRolePolicy, about 152,000 characters), so the catalog
/// compiles; the server's 1 MiB body limit bounds what a client can send anyway.
pub const MAX_CHARS: usize = 1 << 20;

/// A JSON value with the span it occupies in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// What the value is.
    pub kind: Kind,
    /// Where it is.
    pub span: Span,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its source text so nothing is lost to rounding.
    Number(String),
    /// A string, escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in source order, repeated keys kept.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// Where the key is.
    pub key_span: Span,
    /// The value.
    pub value: Value,
}

/// Reads one JSON document; anything but whitespace after it is an error.
pub fn read(text: &str) -> Result<Value, ParseError> {
    // A string has at least as many bytes as characters.
    if text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS {
        return Err(syntax(None));
    }
    let mut reader = Reader {
        text,
        at: 0,
        pos: Pos { line: 1, column: 1 },
    };
    reader.skip_whitespace();
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.peek().is_some() {
        return Err(syntax(Some(reader.here())));
    }
    Ok(value)
}

/// AWS answers every JSON-level fault with this one message.
fn syntax(span: Option<Span>) -> ParseError {
    ParseError::new(super::SYNTAX_ERRORS, span)
}

/// Reads the text byte by byte where JSON's syntax is ASCII, and copies runs of string content
/// whole, so that a string costs one allocation of its exact size.
struct Reader<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
    /// Line and column (in characters) of the next character.
    pos: Pos,
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

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            _ => return Err(syntax(Some(self.here()))),
        };
        Ok(Value {
            kind,
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, ParseError> {
        for wanted in word.bytes() {
            self.expect(wanted)?;
        }
        Ok(kind)
    }

    fn object(&mut self, depth: usize) -> Result<Kind, ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.skip_ascii(1);
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_start = self.pos;
            if self.peek() != Some(b'"') {
                return Err(syntax(Some(self.here())));
            }
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            let separator = self.peek();
            if !matches!(separator, Some(b',' | b'}')) {
                self.bump();
                return Err(syntax(Some(self.here())));
            }
            self.skip_ascii(1);
            if separator == Some(b'}') {
                return Ok(Kind::Object(members));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind, ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.skip_ascii(1);
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            let separator = self.peek();
            if !matches!(separator, Some(b',' | b']')) {
                self.bump();
                return Err(syntax(Some(self.here())));
            }
            self.skip_ascii(1);
            if separator == Some(b']') {
                return Ok(Kind::Array(items));
            }
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.expect(b'"')?;
        let mut out: Option<String> = None;
        loop {
            // The run of characters up to a quote, a backslash or a control character.
            let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
            let len = rest
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .unwrap_or(rest.len());
            let run = self.take(len);
            let here = self.here();
            match self.peek() {
                Some(b'"') => {
                    self.skip_ascii(1);
                    return Ok(match out {
                        None => run.to_owned(),
                        Some(mut text) => {
                            text.push_str(run);
                            text
                        }
                    });
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
                _ => return Err(syntax(Some(here))),
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

    fn number(&mut self) -> Result<String, ParseError> {
        let start = self.at;
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
        Ok(self.text.get(start..self.at).unwrap_or_default().to_owned())
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
