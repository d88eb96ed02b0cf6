//! Reading the init file's mappings: known fields only, each once, with the path and position of
//! every value kept for errors.

use super::InitError;
use super::tree::{Entry, Node, Pos, Value};

/// Where an item is: its path in the file (`accounts[0].users[1].name`) and its position.
#[derive(Debug, Clone)]
pub struct Loc {
    /// Path from the file's root.
    pub path: String,
    /// Where the item starts.
    pub at: Pos,
}

impl Loc {
    /// The error `message` about this item of `file`.
    pub fn error(&self, file: &str, message: impl Into<String>) -> InitError {
        InitError {
            file: file.to_owned(),
            at: Some(self.at),
            path: self.path.clone(),
            message: message.into(),
        }
    }
}

/// A scalar value and where it is.
#[derive(Debug, Clone)]
pub struct Text {
    /// The value.
    pub value: String,
    /// Where it is.
    pub loc: Loc,
}

/// A mapping whose keys have been checked against the fields its kind has.
pub struct Object<'n> {
    file: &'n str,
    /// Where the mapping is.
    pub loc: Loc,
    entries: &'n [Entry],
}

/// `node` read as a mapping with no field but `known`, each at most once.
pub fn object<'n>(
    file: &'n str,
    node: &'n Node,
    path: String,
    known: &[&str],
) -> Result<Object<'n>, InitError> {
    let loc = Loc { path, at: node.at };
    let Value::Map(entries) = &node.value else {
        return Err(loc.error(file, format!("expected a mapping, found {}", node.kind())));
    };
    for (i, entry) in entries.iter().enumerate() {
        let here = Loc {
            path: child(&loc.path, &entry.key),
            at: entry.at,
        };
        if !known.contains(&entry.key.as_str()) {
            return Err(here.error(
                file,
                format!(
                    "unknown field `{}`, expected one of: {}",
                    entry.key,
                    known.join(", ")
                ),
            ));
        }
        if entries.iter().take(i).any(|e| e.key == entry.key) {
            return Err(here.error(file, format!("duplicate field `{}`", entry.key)));
        }
    }
    Ok(Object { file, loc, entries })
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `node`'s text, or an error when it is not a scalar.
pub fn text(file: &str, node: &Node, loc: Loc) -> Result<Text, InitError> {
    match &node.value {
        Value::Scalar { text, .. } => Ok(Text {
            value: text.clone(),
            loc,
        }),
        _ => Err(loc.error(file, format!("expected a string, found {}", node.kind()))),
    }
}

impl<'n> Object<'n> {
    /// The value of `key` and where it is, unless absent or null.
    pub fn field(&self, key: &str) -> Option<(&'n Node, Loc)> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .filter(|e| !matches!(e.value.value, Value::Null))
            .map(|e| {
                (
                    &e.value,
                    Loc {
                        path: child(&self.loc.path, key),
                        at: e.value.at,
                    },
                )
            })
    }

    /// The scalar `key`, if given.
    pub fn string(&self, key: &str) -> Result<Option<Text>, InitError> {
        self.field(key)
            .map(|(node, loc)| text(self.file, node, loc))
            .transpose()
    }

    /// The scalar `key`, which must be given.
    pub fn required(&self, key: &str) -> Result<Text, InitError> {
        self.string(key)?.ok_or_else(|| {
            self.loc
                .error(self.file, format!("missing required field `{key}`"))
        })
    }

    /// The items of the list `key` (none when absent) and where each is.
    pub fn list(&self, key: &str) -> Result<Vec<(&'n Node, Loc)>, InitError> {
        let Some((node, loc)) = self.field(key) else {
            return Ok(Vec::new());
        };
        let Value::List(items) = &node.value else {
            return Err(loc.error(self.file, format!("expected a list, found {}", node.kind())));
        };
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                (
                    item,
                    Loc {
                        path: format!("{}[{i}]", loc.path),
                        at: item.at,
                    },
                )
            })
            .collect())
    }

    /// The entries of the mapping `key` (none when absent): each key, its value and where the
    /// key is. A key given twice is refused rather than letting the last one win.
    pub fn entries(&self, key: &str) -> Result<Vec<(&'n str, &'n Node, Loc)>, InitError> {
        let Some((node, loc)) = self.field(key) else {
            return Ok(Vec::new());
        };
        let Value::Map(entries) = &node.value else {
            return Err(loc.error(
                self.file,
                format!("expected a mapping, found {}", node.kind()),
            ));
        };
        if let Some((_, e)) = entries
            .iter()
            .enumerate()
            .find(|(i, e)| entries.iter().take(*i).any(|f| f.key == e.key))
        {
            let here = Loc {
                path: child(&loc.path, &e.key),
                at: e.at,
            };
            return Err(here.error(self.file, format!("duplicate key `{}`", e.key)));
        }
        Ok(entries
            .iter()
            .map(|e| {
                (
                    e.key.as_str(),
                    &e.value,
                    Loc {
                        path: child(&loc.path, &e.key),
                        at: e.at,
                    },
                )
            })
            .collect())
    }
}
