//! A checked policy that still borrows the reader's tape: what [`super::parse_policy`] turns
//! into the owned AST, and what a compiled policy is built from directly, so that compiling
//! copies only the text it keeps.

use super::tape::NodeRef;
use super::{
    ActionBlock, Condition, Effect, Policy, PrincipalBlock, ResourceBlock, Span, Statement, Version,
};

/// A policy the grammar accepted.
#[derive(Debug, Clone)]
pub(crate) struct PolicyView<'a, 't> {
    pub(crate) version: Option<Version>,
    pub(crate) id: Option<&'a str>,
    pub(crate) statements: Vec<StatementView<'a, 't>>,
}

/// A statement the grammar accepted, or one of an owned AST.
#[derive(Debug, Clone)]
pub(crate) struct StatementView<'a, 't> {
    pub(crate) sid: Option<&'a str>,
    pub(crate) effect: Effect,
    /// Owned already: principals are few, and their checks build them.
    pub(crate) principal: Option<PrincipalBlock>,
    pub(crate) action: BlockView<'a, 't>,
    pub(crate) resource: Option<BlockView<'a, 't>>,
    pub(crate) conditions: Conditions<'a, 't>,
    pub(crate) span: Span,
}

/// An Action, NotAction, Resource or NotResource element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BlockView<'a, 't> {
    pub(crate) negated: bool,
    pub(crate) patterns: Strings<'a, 't>,
    pub(crate) span: Span,
}

/// A checked list of texts: one string, number or boolean, or an array of them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Strings<'a, 't> {
    Node(NodeRef<'a, 't>),
    Owned(&'a [String]),
}

/// A statement's Condition element.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Conditions<'a, 't> {
    /// The checked `{operator: {key: values}}` object, if the statement has one.
    Node(Option<ConditionNode<'a, 't>>),
    Owned(&'a [Condition]),
}

/// A checked Condition object, with the sizes its check found, so that compiling it sizes its
/// storage without walking it again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConditionNode<'a, 't> {
    pub(crate) node: NodeRef<'a, 't>,
    /// The number of operator/key pairs.
    pub(crate) entries: usize,
    /// The bytes of every key twice and of every value.
    pub(crate) text: usize,
}

/// One operator/key pair of a Condition element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConditionView<'a, 't> {
    pub(crate) operator: &'a str,
    pub(crate) key: &'a str,
    pub(crate) values: Strings<'a, 't>,
    /// Where the key's value is.
    pub(crate) span: Span,
}

impl<'a> Strings<'a, '_> {
    pub(crate) fn len(self) -> usize {
        match self {
            Self::Node(node) if node.is_array() => node.items().len(),
            Self::Node(_) => 1,
            Self::Owned(texts) => texts.len(),
        }
    }

    pub(crate) fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub(crate) fn iter(self) -> impl ExactSizeIterator<Item = &'a str> + Clone {
        let (items, single, owned) = match self {
            Self::Node(node) if node.is_array() => (Some(node.items()), None, None),
            Self::Node(node) => (None, Some(node.text()), None),
            Self::Owned(texts) => (None, None, Some(texts.iter())),
        };
        Texts {
            items,
            single,
            owned,
        }
    }

    fn to_vec(self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// See [`Strings::iter`]; exactly one source is set.
#[derive(Debug, Clone)]
struct Texts<'a, 't> {
    items: Option<super::tape::Items<'a, 't>>,
    single: Option<&'a str>,
    owned: Option<std::slice::Iter<'a, String>>,
}

impl<'a> Iterator for Texts<'a, '_> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if let Some(items) = &mut self.items {
            return items.next().map(NodeRef::text);
        }
        if let Some(owned) = &mut self.owned {
            return owned.next().map(String::as_str);
        }
        self.single.take()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.items.as_ref().map_or(0, ExactSizeIterator::len)
            + self.owned.as_ref().map_or(0, ExactSizeIterator::len)
            + usize::from(self.single.is_some());
        (len, Some(len))
    }
}

impl ExactSizeIterator for Texts<'_, '_> {}

impl<'a, 't> Conditions<'a, 't> {
    /// The operator/key pairs in source order.
    pub(crate) fn iter(self) -> impl Iterator<Item = ConditionView<'a, 't>> {
        let (node, owned) = match self {
            Self::Node(node) => (node, None),
            Self::Owned(conditions) => (None, Some(conditions.iter())),
        };
        let nodes = node.into_iter().flat_map(|block| {
            block.node.members().flat_map(|(operator, keys)| {
                keys.members().map(move |(key, values)| ConditionView {
                    operator: operator.text(),
                    key: key.text(),
                    values: Strings::Node(values),
                    span: values.span(),
                })
            })
        });
        let owned = owned.into_iter().flatten().map(|condition| ConditionView {
            operator: &condition.operator,
            key: &condition.key,
            values: Strings::Owned(&condition.values),
            span: condition.span,
        });
        nodes.chain(owned)
    }

    /// The number of operator/key pairs.
    pub(crate) fn len(self) -> usize {
        match self {
            Self::Node(node) => node.map_or(0, |block| block.entries),
            Self::Owned(conditions) => conditions.len(),
        }
    }

    /// The bytes of every key twice and of every value.
    pub(crate) fn text_len(self) -> usize {
        match self {
            Self::Node(node) => node.map_or(0, |block| block.text),
            Self::Owned(conditions) => conditions
                .iter()
                .map(|condition| {
                    2 * condition.key.len()
                        + condition.values.iter().map(String::len).sum::<usize>()
                })
                .sum(),
        }
    }
}

impl PolicyView<'_, '_> {
    /// The owned AST.
    pub(crate) fn into_policy(self) -> Policy {
        Policy {
            version: self.version,
            id: self.id.map(str::to_owned),
            statements: self
                .statements
                .into_iter()
                .map(StatementView::into_statement)
                .collect(),
        }
    }
}

impl<'a> StatementView<'a, '_> {
    /// The view of an owned statement.
    pub(crate) fn of(statement: &'a Statement) -> Self {
        let block = |negated, patterns: &'a [String], span| BlockView {
            negated,
            patterns: Strings::Owned(patterns),
            span,
        };
        Self {
            sid: statement.sid.as_deref(),
            effect: statement.effect,
            principal: statement.principal.clone(),
            action: block(
                statement.action.negated,
                &statement.action.patterns,
                statement.action.span,
            ),
            resource: statement
                .resource
                .as_ref()
                .map(|resource| block(resource.negated, &resource.patterns, resource.span)),
            conditions: Conditions::Owned(&statement.conditions),
            span: statement.span,
        }
    }

    fn into_statement(self) -> Statement {
        Statement {
            sid: self.sid.map(str::to_owned),
            effect: self.effect,
            principal: self.principal,
            action: ActionBlock {
                negated: self.action.negated,
                patterns: self.action.patterns.to_vec(),
                span: self.action.span,
            },
            resource: self.resource.map(|block| ResourceBlock {
                negated: block.negated,
                patterns: block.patterns.to_vec(),
                span: block.span,
            }),
            conditions: self
                .conditions
                .iter()
                .map(|condition| Condition {
                    operator: condition.operator.to_owned(),
                    key: condition.key.to_owned(),
                    values: condition.values.to_vec(),
                    span: condition.span,
                })
                .collect(),
            span: self.span,
        }
    }
}
