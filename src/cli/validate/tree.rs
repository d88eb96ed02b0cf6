//! Paths and spans of the parts of a policy the checks point at, read from the position-keeping
//! JSON tree (the AST keeps one span per element, findings need one per entry).

use super::finding::{Location, PathElement};
use iam_policy::parse::Span;
use iam_policy::parse::json::{Kind, Member, Value};

/// One statement object and the path to it.
pub struct StatementNode<'a> {
    /// `[{"value": "Statement"}, {"index": i}]`, or without the index for a lone object.
    pub path: Vec<PathElement>,
    /// The statement object.
    pub value: &'a Value<'a>,
}

/// One entry of an element (an action, a resource) or one condition key.
pub struct Entry<'a> {
    /// The entry's text.
    pub text: &'a str,
    /// Where it is.
    pub location: Location,
}

/// The statements of an accepted document, in order.
pub fn statements<'a>(doc: &'a Value<'a>) -> Vec<StatementNode<'a>> {
    let root = vec![PathElement::Value("Statement".into())];
    match member(doc, "Statement").map(|m| &m.value) {
        Some(Value {
            kind: Kind::Array(items),
            ..
        }) => items
            .iter()
            .enumerate()
            .map(|(i, value)| StatementNode {
                path: child(&root, PathElement::Index(i)),
                value,
            })
            .collect(),
        Some(value) => vec![StatementNode { path: root, value }],
        None => Vec::new(),
    }
}

impl<'a> StatementNode<'a> {
    /// The statement as a whole.
    pub fn location(&self) -> Location {
        Location {
            path: self.path.clone(),
            span: self.value.span,
        }
    }

    /// The entries of whichever of `names` (`Action`/`NotAction`) the statement has.
    pub fn entries(&self, names: [&str; 2]) -> Vec<Entry<'a>> {
        let Some(m) = names.iter().find_map(|name| member(self.value, name)) else {
            return Vec::new();
        };
        let path = child(&self.path, PathElement::Value(m.key.to_string()));
        match &m.value.kind {
            Kind::String(text) => vec![Entry {
                text,
                location: Location {
                    path,
                    span: m.value.span,
                },
            }],
            Kind::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match &item.kind {
                    Kind::String(text) => Some(Entry {
                        text,
                        location: Location {
                            path: child(&path, PathElement::Index(i)),
                            span: item.span,
                        },
                    }),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Every condition key, located at the key's own text.
    pub fn condition_keys(&self) -> Vec<Entry<'a>> {
        let Some(condition) = member(self.value, "Condition") else {
            return Vec::new();
        };
        let base = child(&self.path, PathElement::Value("Condition".into()));
        let mut keys = Vec::new();
        for operator in members(&condition.value) {
            let at_operator = child(&base, PathElement::Value(operator.key.to_string()));
            for key in members(&operator.value) {
                keys.push(Entry {
                    text: &key.key,
                    location: Location {
                        path: child(&at_operator, PathElement::Key(key.key.to_string())),
                        span: key.key_span,
                    },
                });
            }
        }
        keys
    }
}

/// The path to the value or key that occupies `span`, if one does.
pub fn path_to(doc: &Value<'_>, span: Span) -> Option<Vec<PathElement>> {
    let mut path = Vec::new();
    find(doc, span, &mut path).then_some(path)
}

fn find(value: &Value<'_>, span: Span, path: &mut Vec<PathElement>) -> bool {
    if value.span == span {
        return true;
    }
    match &value.kind {
        Kind::Array(items) => items.iter().enumerate().any(|(i, item)| {
            path.push(PathElement::Index(i));
            let found = find(item, span, path);
            if !found {
                path.pop();
            }
            found
        }),
        Kind::Object(members) => members.iter().any(|m| {
            if m.key_span == span {
                path.push(PathElement::Key(m.key.to_string()));
                return true;
            }
            path.push(PathElement::Value(m.key.to_string()));
            let found = find(&m.value, span, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    }
}

fn member<'a>(value: &'a Value<'a>, name: &str) -> Option<&'a Member<'a>> {
    members(value).iter().find(|m| m.key == name)
}

fn members<'a>(value: &'a Value<'a>) -> &'a [Member<'a>] {
    match &value.kind {
        Kind::Object(members) => members,
        _ => &[],
    }
}

fn child(path: &[PathElement], element: PathElement) -> Vec<PathElement> {
    let mut path = path.to_vec();
    path.push(element);
    path
}
