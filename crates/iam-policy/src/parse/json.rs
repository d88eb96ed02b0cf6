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
    if text.chars().count() > MAX_CHARS {
        return Err(syntax(None));
    }
    let mut reader = Reader {
        chars: text.chars().collect(),
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

struct Reader {
    chars: Vec<char>,
    at: usize,
    pos: Pos,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// A zero-width span at the current position, for errors.
    fn here(&self) -> Span {
        Span {
            start: self.pos,
            end: self.pos,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    fn expect(&mut self, wanted: char) -> Result<(), ParseError> {
        if self.peek() == Some(wanted) {
            self.bump();
            Ok(())
        } else {
            Err(syntax(Some(self.here())))
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some('{') => self.object(depth + 1)?,
            Some('[') => self.array(depth + 1)?,
            Some('"') => Kind::String(self.string()?),
            Some('t') => self.literal("true", Kind::Bool(true))?,
            Some('f') => self.literal("false", Kind::Bool(false))?,
            Some('n') => self.literal("null", Kind::Null)?,
            Some('-' | '0'..='9') => Kind::Number(self.number()?),
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
        for wanted in word.chars() {
            self.expect(wanted)?;
        }
        Ok(kind)
    }

    fn object(&mut self, depth: usize) -> Result<Kind, ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect('{')?;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_start = self.pos;
            if self.peek() != Some('"') {
                return Err(syntax(Some(self.here())));
            }
            let key = self.string()?;
            let key_span = Span {
                start: key_start,
                end: self.pos,
            };
            self.skip_whitespace();
            self.expect(':')?;
            self.skip_whitespace();
            let value = self.value(depth)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_whitespace();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(Kind::Object(members)),
                _ => return Err(syntax(Some(self.here()))),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind, ParseError> {
        if depth > MAX_DEPTH {
            return Err(syntax(Some(self.here())));
        }
        self.expect('[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.bump() {
                Some(',') => {}
                Some(']') => return Ok(Kind::Array(items)),
                _ => return Err(syntax(Some(self.here()))),
            }
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.expect('"')?;
        let mut out = String::new();
        loop {
            let here = self.here();
            match self.bump() {
                None => return Err(syntax(Some(here))),
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape()?),
                Some(c) if u32::from(c) < 0x20 => return Err(syntax(Some(here))),
                Some(c) => out.push(c),
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
                    self.expect('\\')?;
                    self.expect('u')?;
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
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.extend(self.bump());
        }
        match self.peek() {
            Some('0') => text.extend(self.bump()),
            Some('1'..='9') => self.digits(&mut text)?,
            _ => return Err(syntax(Some(self.here()))),
        }
        if self.peek() == Some('.') {
            text.extend(self.bump());
            self.digits(&mut text)?;
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            text.extend(self.bump());
            if matches!(self.peek(), Some('+' | '-')) {
                text.extend(self.bump());
            }
            self.digits(&mut text)?;
        }
        Ok(text)
    }

    /// One or more ASCII digits.
    fn digits(&mut self, text: &mut String) -> Result<(), ParseError> {
        if !matches!(self.peek(), Some('0'..='9')) {
            return Err(syntax(Some(self.here())));
        }
        while matches!(self.peek(), Some('0'..='9')) {
            text.extend(self.bump());
        }
        Ok(())
    }
}
