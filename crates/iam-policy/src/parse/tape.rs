//! The JSON reader's output: every value in one vector, in document order, each container
//! followed by its items (an object's as key and value in turn). Reading a document allocates
//! this one vector (and the strings whose escapes were decoded) instead of a vector per array
//! and object; the grammar walks it in place, and [`super::json::read`] builds the tree of
//! [`Value`]s from it for the callers that want one.

use std::borrow::Cow;

use super::json::{Kind, Member, Value};
use super::{Pos, Span};

/// One value, or one object key. Positions and counts take 32 bits, documents being at most
/// [`super::json::MAX_CHARS`] characters: a smaller tape is written faster.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'t> {
    pub(crate) kind: NodeKind<'t>,
    pub(crate) start: Point,
    pub(crate) end: Point,
    /// The position of the node after this one's items.
    pub(crate) next: u32,
    /// The number of items (arrays) or members (objects).
    pub(crate) len: u32,
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

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind<'t> {
    Null,
    Bool(bool),
    Number(&'t str),
    String(Cow<'t, str>),
    Array,
    Object,
    /// An object member's key, followed by its value.
    Key(Cow<'t, str>),
}

/// Stands in for a node outside the tape, which the reader never lets happen.
const MISSING: &Node<'static> = &Node {
    kind: NodeKind::Null,
    start: Point { line: 0, column: 0 },
    end: Point { line: 0, column: 0 },
    next: u32::MAX,
    len: 0,
};

/// A node of a tape, with the tape to reach its items.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NodeRef<'a, 't> {
    nodes: &'a [Node<'t>],
    at: usize,
}

impl<'a, 't> NodeRef<'a, 't> {
    /// The document, the tape's first node.
    pub(crate) fn root(nodes: &'a [Node<'t>]) -> Self {
        Self { nodes, at: 0 }
    }

    fn node(self) -> &'a Node<'t> {
        self.nodes.get(self.at).unwrap_or(MISSING)
    }

    pub(crate) fn kind(self) -> &'a NodeKind<'t> {
        &self.node().kind
    }

    pub(crate) fn span(self) -> Span {
        let node = self.node();
        Span {
            start: node.start.pos(),
            end: node.end.pos(),
        }
    }

    /// The text of a string, number, boolean or key (empty for the others).
    pub(crate) fn text(self) -> &'a str {
        match self.kind() {
            NodeKind::String(text) | NodeKind::Key(text) => text,
            NodeKind::Number(text) => text,
            NodeKind::Bool(true) => "true",
            NodeKind::Bool(false) => "false",
            NodeKind::Null | NodeKind::Array | NodeKind::Object => "",
        }
    }

    /// An array's items, or an object's keys and values in turn.
    pub(crate) fn items(self) -> Items<'a, 't> {
        Items {
            nodes: self.nodes,
            at: self.at + 1,
            left: self.node().len as usize
                * if *self.kind() == NodeKind::Object {
                    2
                } else {
                    1
                },
        }
    }

    /// An object's members as (key, value).
    pub(crate) fn members(self) -> Members<'a, 't> {
        Members(self.items())
    }
}

/// See [`NodeRef::items`].
#[derive(Debug, Clone)]
pub(crate) struct Items<'a, 't> {
    nodes: &'a [Node<'t>],
    at: usize,
    left: usize,
}

impl<'a, 't> Iterator for Items<'a, 't> {
    type Item = NodeRef<'a, 't>;

    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let item = NodeRef {
            nodes: self.nodes,
            at: self.at,
        };
        self.at = item.node().next as usize;
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
    let kind = match node.kind() {
        NodeKind::Null | NodeKind::Key(_) => Kind::Null,
        NodeKind::Bool(value) => Kind::Bool(*value),
        NodeKind::Number(text) => Kind::Number(text),
        NodeKind::String(text) => Kind::String(text.clone()),
        NodeKind::Array => Kind::Array(node.items().map(tree).collect()),
        NodeKind::Object => Kind::Object(
            node.members()
                .map(|(key, value)| Member {
                    key: match key.kind() {
                        NodeKind::Key(text) => text.clone(),
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
