//! The init file as a tree whose every value and key knows its line and column, read from JSON or
//! YAML, so that an error names where the offending item is and not only what is wrong.

use super::InitError;
use iam_policy::parse::json;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Deepest nesting read from YAML (JSON's reader has its own bound); init files need six or so.
const MAX_DEPTH: usize = 64;

/// A position in the file, 1-based, columns in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// A value and where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the value is.
    pub value: Value,
    /// Where it starts.
    pub at: Pos,
}

/// The kinds of value both formats share.
#[derive(Debug, Clone)]
pub enum Value {
    /// JSON `null`; YAML `null`, `~` or nothing.
    Null,
    /// A string, number or boolean, as its text; `quoted` when it was written as a string.
    Scalar {
        /// The text, escapes decoded.
        text: String,
        /// Written as a string (JSON string, quoted or block YAML scalar).
        quoted: bool,
    },
    /// A sequence.
    List(Vec<Node>),
    /// A mapping's entries in file order.
    Map(Vec<Entry>),
}

/// One `key: value` entry of a mapping.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub at: Pos,
    /// The value.
    pub value: Node,
}

impl Node {
    /// What the value is, in the words an error uses.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Scalar { .. } => "a scalar",
            Value::List(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as JSON text: how a policy document written as a mapping is sent to IAM. Scalars
    /// that were not quoted stay numbers and booleans when they read as such in JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match &self.value {
            Value::Null => out.push_str("null"),
            Value::Scalar { text, quoted } => {
                if !quoted && is_json_literal(text) {
                    out.push_str(text);
                } else {
                    write_string(out, text);
                }
            }
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, entry) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, &entry.key);
                    out.push(':');
                    entry.value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// `true`, `false`, `null` or a number in JSON's grammar.
fn is_json_literal(text: &str) -> bool {
    matches!(text, "true" | "false" | "null")
        || (!text.is_empty()
            && text.len() < 64
            && serde_json::from_str::<serde_json::Number>(text).is_ok()
            && !text.starts_with('+'))
}

fn write_string(out: &mut String, text: &str) {
    // serde_json escapes as JSON requires.
    out.push_str(&serde_json::Value::from(text).to_string());
}

/// Reads a JSON document. serde_json words syntax errors best, so it checks the text first; the
/// policy engine's position-keeping reader then builds the tree.
pub fn from_json(file: &str, text: &str) -> Result<Node, InitError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = (e.line() > 0).then_some(Pos {
            line: e.line(),
            column: e.column(),
        });
        return Err(InitError::syntax(file, at, &format!("invalid JSON: {e}")));
    }
    // The position-keeping reader is bounded for policies; say so rather than "syntax errors".
    if text.len() > json::MAX_CHARS && text.chars().count() > json::MAX_CHARS {
        return Err(InitError::syntax(
            file,
            None,
            &format!(
                "a JSON init file is read up to {} characters: write a larger one as YAML",
                json::MAX_CHARS
            ),
        ));
    }
    let value = json::read(text).map_err(|e| {
        let at = e.span.map(|s| Pos {
            line: s.start.line,
            column: s.start.column,
        });
        InitError::syntax(file, at, &format!("invalid JSON: {}", e.message))
    })?;
    Ok(from_json_value(&value))
}

fn from_json_value(value: &json::Value<'_>) -> Node {
    let at = Pos {
        line: value.span.start.line,
        column: value.span.start.column,
    };
    let scalar = |text: String, quoted| Value::Scalar { text, quoted };
    let value = match &value.kind {
        json::Kind::Null => Value::Null,
        json::Kind::Bool(b) => scalar(b.to_string(), false),
        json::Kind::Number(n) => scalar((*n).to_string(), false),
        json::Kind::String(s) => scalar(s.to_string(), true),
        json::Kind::Array(items) => Value::List(items.iter().map(from_json_value).collect()),
        json::Kind::Object(members) => Value::Map(
            members
                .iter()
                .map(|m| Entry {
                    key: m.key.to_string(),
                    at: Pos {
                        line: m.key_span.start.line,
                        column: m.key_span.start.column,
                    },
                    value: from_json_value(&m.value),
                })
                .collect(),
        ),
    };
    Node { value, at }
}

/// Reads a YAML document (YAML 1.2: `yes` and `no` are strings). Anchors and aliases work; tags
/// are ignored; a file with several documents is refused.
pub fn from_yaml(file: &str, text: &str) -> Result<Node, InitError> {
    let mut reader = YamlReader {
        file,
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
    };
    let mut root = None;
    loop {
        let (event, span) = reader.next()?;
        match event {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd | Event::Nothing => {}
            event if root.is_none() => root = Some(reader.node(event, span, 0)?),
            _ => {
                return Err(InitError::syntax(
                    file,
                    Some(pos(span)),
                    "a second YAML document: an init file holds one",
                ));
            }
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        at: Pos { line: 1, column: 1 },
    }))
}

fn pos(span: Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

struct YamlReader<'t> {
    file: &'t str,
    parser: Parser<'t, saphyr_parser::StrInput<'t>>,
    anchors: HashMap<usize, Node>,
}

impl<'t> YamlReader<'t> {
    fn next(&mut self) -> Result<(Event<'t>, Span), InitError> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err(InitError::syntax(
                self.file,
                Some(Pos {
                    line: e.marker().line(),
                    column: e.marker().col() + 1,
                }),
                &format!("invalid YAML: {}", e.info()),
            )),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    /// The node that `event` starts, read to its end.
    fn node(&mut self, event: Event<'t>, span: Span, depth: usize) -> Result<Node, InitError> {
        let at = pos(span);
        if depth > MAX_DEPTH {
            return Err(InitError::syntax(self.file, Some(at), "nested too deeply"));
        }
        let (value, anchor) = match event {
            Event::Scalar(text, style, anchor, _) => {
                let plain = style == ScalarStyle::Plain;
                let value = if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar {
                        text: text.into_owned(),
                        quoted: !plain,
                    }
                };
                (value, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => break,
                        (event, span) => items.push(self.node(event, span, depth + 1)?),
                    }
                }
                (Value::List(items), anchor)
            }
            Event::MappingStart(anchor, _) => {
                let mut entries = Vec::new();
                loop {
                    let key = match self.next()? {
                        (Event::MappingEnd, _) => break,
                        (event, span) => self.node(event, span, depth + 1)?,
                    };
                    let Value::Scalar { text, .. } = key.value else {
                        return Err(InitError::syntax(
                            self.file,
                            Some(key.at),
                            &format!("a mapping key must be a string, not {}", key.kind()),
                        ));
                    };
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    entries.push(Entry {
                        key: text,
                        at: key.at,
                        value,
                    });
                }
                (Value::Map(entries), anchor)
            }
            Event::Alias(id) => {
                return self.anchors.get(&id).cloned().ok_or_else(|| {
                    InitError::syntax(self.file, Some(at), "an alias to an unknown anchor")
                });
            }
            _ => {
                return Err(InitError::syntax(
                    self.file,
                    Some(at),
                    "unexpected YAML event",
                ));
            }
        };
        let node = Node { value, at };
        // Anchor 0 means "no anchor".
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_are_one_based() {
        let node = from_yaml("f", "a:\n  - b: 1\n    c: 'x'\n").expect("yaml");
        let Value::Map(entries) = &node.value else {
            panic!("map")
        };
        let Value::List(items) = &entries[0].value.value else {
            panic!("list")
        };
        let Value::Map(inner) = &items[0].value else {
            panic!("map")
        };
        assert_eq!(inner[1].at, Pos { line: 3, column: 5 });
        assert_eq!(items[0].to_json(), r#"{"b":1,"c":"x"}"#);
    }

    #[test]
    fn yaml_aliases_copy_their_anchor() {
        let node = from_yaml("f", "a: &d {x: yes}\nb: *d\n").expect("yaml");
        assert_eq!(node.to_json(), r#"{"a":{"x":"yes"},"b":{"x":"yes"}}"#);
    }

    #[test]
    fn json_keeps_positions_and_text() {
        let node = from_json("f", "{\n  \"a\": [1, true, \"t\\n\"]\n}").expect("json");
        let Value::Map(entries) = &node.value else {
            panic!("map")
        };
        assert_eq!(entries[0].at, Pos { line: 2, column: 3 });
        assert_eq!(node.to_json(), r#"{"a":[1,true,"t\n"]}"#);
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let e = from_json("f.json", "{\n  \"a\": 1,\n}").expect_err("bad");
        assert_eq!(e.at.map(|p| p.line), Some(3));
        let e = from_yaml("f.yaml", "a: [1,\nb: 2\n").expect_err("bad");
        assert!(e.at.is_some());
    }
}
