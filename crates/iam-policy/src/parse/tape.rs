//! The JSON reader's output: every value in one vector, in document order, each container
//! followed by its items (an object's as key and value in turn). Reading a document allocates
//! this one vector (and the strings whose escapes were decoded) instead of a vector per array
//! and object; the grammar walks it in place, and [`super::json::read`] builds the tree of
//! [`Value`]s from it for the callers that want one.
//!
//! A node is small (32 bytes): positions and counts take 32 bits, documents being at most
//! [`super::json::MAX_CHARS`] characters, and texts are byte ranges of the document, or indexes
//! of the decoded strings for those with escapes.

use std::borrow::Cow;

use super::json::{Kind, Member, Value};
use super::{Pos, Span};

/// A document read into nodes.
#[derive(Debug, Clone)]
pub(crate) struct Tape<'t> {
    pub(crate) text: &'t str,
    pub(crate) nodes: Vec<Node>,
    /// The strings with escapes, decoded.
    pub(crate) decoded: Vec<String>,
}

/// One value, or one object key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) start: Point,
    pub(crate) end: Point,
}

/// What a node is, with where its text or items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Null,
    Bool(bool),
    /// A number: its text, a byte range of the document.
    Number(Text),
    String(Text),
    /// An object member's key, followed by its value.
    Key(Text),
    /// `next` is the position of the node after the items.
    Array {
        next: u32,
        len: u32,
    },
    /// `len` members, each a key node and a value.
    Object {
        next: u32,
        len: u32,
    },
}

/// Where a string's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Text {
    /// Bytes of the document: the string has no escapes.
    Source { from: u32, to: u32 },
    /// The decoded string at this index.
    Decoded(u32),
}

/// A [`Pos`] in 32-bit numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Point {
    line: u32,
    column: u32,
}

impl Point {
    pub(crate) fn new(pos: Pos) -> Self {
        Self {
            line: u32::try_from(pos.line).unwrap_or(u32::MAX),
            column: u32::try_from(pos.column).unwrap_or(u32::MAX),
        }
    }

    fn pos(self) -> Pos {
        Pos {
            line: self.line as usize,
            column: self.column as usize,
        }
    }
}

/// Stands in for a node outside the tape, which the reader never lets happen.
const MISSING: Node = Node {
    kind: NodeKind::Null,
    start: Point { line: 0, column: 0 },
    end: Point { line: 0, column: 0 },
};

/// A node of a tape, with the tape to reach its text and items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeRef<'a, 't> {
    tape: &'a Tape<'t>,
    at: usize,
}

impl<'a, 't> NodeRef<'a, 't> {
    /// The document, the tape's first node.
    pub(crate) fn root(tape: &'a Tape<'t>) -> Self {
        Self { tape, at: 0 }
    }

    fn node(self) -> Node {
        self.tape.nodes.get(self.at).copied().unwrap_or(MISSING)
    }

    pub(crate) fn kind(self) -> NodeKind {
        self.node().kind
    }

    pub(crate) fn span(self) -> Span {
        let node = self.node();
        Span {
            start: node.start.pos(),
            end: node.end.pos(),
        }
    }

    pub(crate) fn is_array(self) -> bool {
        matches!(self.kind(), NodeKind::Array { .. })
    }

    pub(crate) fn is_object(self) -> bool {
        matches!(self.kind(), NodeKind::Object { .. })
    }

    /// The text of a string; `None` for any other node.
    pub(crate) fn string(self) -> Option<&'a str> {
        match self.kind() {
            NodeKind::String(text) => Some(self.tape.text(text)),
            _ => None,
        }
    }

    /// The text of a string, number, boolean or key (empty for the others).
    pub(crate) fn text(self) -> &'a str {
        match self.kind() {
            NodeKind::String(text) | NodeKind::Key(text) | NodeKind::Number(text) => {
                self.tape.text(text)
            }
            NodeKind::Bool(true) => "true",
            NodeKind::Bool(false) => "false",
            NodeKind::Null | NodeKind::Array { .. } | NodeKind::Object { .. } => "",
        }
    }

    /// An array's items, or an object's keys and values in turn.
    pub(crate) fn items(self) -> Items<'a, 't> {
        let left = match self.kind() {
            NodeKind::Array { len, .. } => len as usize,
            NodeKind::Object { len, .. } => 2 * len as usize,
            _ => 0,
        };
        Items {
            tape: self.tape,
            at: self.at + 1,
            left,
        }
    }

    /// An object's members as (key, value).
    pub(crate) fn members(self) -> Members<'a, 't> {
        Members(self.items())
    }

    /// The position of the node after this one and its items.
    fn next(self) -> usize {
        match self.kind() {
            NodeKind::Array { next, .. } | NodeKind::Object { next, .. } => next as usize,
            _ => self.at + 1,
        }
    }
}

impl<'t> Tape<'t> {
    /// The text of a string, number or key.
    fn text(&self, text: Text) -> &str {
        match text {
            Text::Source { from, to } => self.text.get(from as usize..to as usize),
            Text::Decoded(index) => self.decoded.get(index as usize).map(String::as_str),
        }
        .unwrap_or_default()
    }

    /// [`Tape::text`] borrowing the document where it can.
    fn cow(&self, text: Text) -> Cow<'t, str> {
        match text {
            Text::Source { from, to } => Cow::Borrowed(
                self.text
                    .get(from as usize..to as usize)
                    .unwrap_or_default(),
            ),
            Text::Decoded(_) => Cow::Owned(self.text(text).to_owned()),
        }
    }
}

/// See [`NodeRef::items`].
#[derive(Debug, Clone)]
pub(crate) struct Items<'a, 't> {
    tape: &'a Tape<'t>,
    at: usize,
    left: usize,
}

impl<'a, 't> Iterator for Items<'a, 't> {
    type Item = NodeRef<'a, 't>;

    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let item = NodeRef {
            tape: self.tape,
            at: self.at,
        };
        self.at = item.next();
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Items<'_, '_> {}

/// See [`NodeRef::members`]: the key node (its [`NodeRef::text`] is the key) and the value.
#[derive(Debug, Clone)]
pub(crate) struct Members<'a, 't>(Items<'a, 't>);

impl<'a, 't> Iterator for Members<'a, 't> {
    type Item = (NodeRef<'a, 't>, NodeRef<'a, 't>);

    fn next(&mut self) -> Option<Self::Item> {
        Some((self.0.next()?, self.0.next()?))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.0.left / 2;
        (len, Some(len))
    }
}

impl ExactSizeIterator for Members<'_, '_> {}

/// The tree of [`Value`]s under `node`.
pub(crate) fn tree<'t>(node: NodeRef<'_, 't>) -> Value<'t> {
    let tape = node.tape;
    let kind = match node.kind() {
        NodeKind::Null | NodeKind::Key(_) => Kind::Null,
        NodeKind::Bool(value) => Kind::Bool(value),
        NodeKind::Number(text) => Kind::Number(match tape.cow(text) {
            Cow::Borrowed(text) => text,
            Cow::Owned(_) => "",
        }),
        NodeKind::String(text) => Kind::String(tape.cow(text)),
        NodeKind::Array { .. } => Kind::Array(node.items().map(tree).collect()),
        NodeKind::Object { .. } => Kind::Object(
            node.members()
                .map(|(key, value)| Member {
                    key: match key.kind() {
                        NodeKind::Key(text) => tape.cow(text),
                        _ => Cow::Borrowed(""),
                    },
                    key_span: key.span(),
                    value: tree(value),
                })
                .collect(),
        ),
    };
    Value {
        kind,
        span: node.span(),
    }
}
