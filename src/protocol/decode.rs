//! Query parameters to typed inputs: the runtime that generated decoders call.
//!
//! Parameters are first arranged as a tree on their dots (`Tags.member.1.Key`), so that every
//! structure decoder sees only its own members and anything left over is an unknown parameter.

use crate::error::{ApiError, ErrorCode};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Parameters, arranged on their dots.
#[derive(Debug, Default)]
pub struct Node {
    value: Option<String>,
    children: BTreeMap<String, Node>,
}

impl Node {
    /// Builds the tree. A parameter given twice is refused: AWS would silently pick one.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ApiError> {
        let mut root = Node::default();
        for (key, value) in params {
            let mut node = &mut root;
            for part in key.split('.') {
                node = node.children.entry(part.to_string()).or_default();
            }
            if node.value.is_some() {
                return Err(ApiError::new(
                    ErrorCode::MalformedQueryString,
                    format!("Parameter {key} is specified more than once"),
                ));
            }
            node.value = Some(value.to_string());
        }
        Ok(root)
    }

    /// The child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.get(name)
    }

    /// The parameter's own value, if it has one.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The children with their names, in name order.
    pub fn children(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.children
            .iter()
            .map(|(name, node)| (name.as_str(), node))
    }

    fn is_empty(&self) -> bool {
        self.children.is_empty()
    }
}

/// Where a value sits in the input, rendered only when an error names it (`tags.1.member.key`).
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment,
}

#[derive(Clone, Copy)]
enum Segment {
    Root,
    Member(&'static str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The input itself.
    pub fn root() -> Self {
        Path {
            parent: None,
            segment: Segment::Root,
        }
    }

    /// A member of the structure at this path.
    #[must_use]
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Member(name),
        }
    }

    fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(i),
        }
    }

    fn render(&self) -> String {
        let mut out = self.parent.map(Path::render).unwrap_or_default();
        let sep = if out.is_empty() { "" } else { "." };
        match self.segment {
            Segment::Root => {}
            Segment::Member(m) => {
                let _ = write!(out, "{sep}{m}");
            }
            Segment::Index(i) => {
                let _ = write!(out, "{sep}{i}.member");
            }
        }
        out
    }
}

/// A pattern from the model, compiled on first use.
pub struct Pattern {
    source: &'static str,
    anchored: &'static str,
    forbidden: Option<&'static str>,
    regex: OnceLock<Option<regex::Regex>>,
}

impl Pattern {
    /// `source` is the model's pattern (shown in messages), `anchored` the whole-value regex.
    pub const fn new(source: &'static str, anchored: &'static str) -> Self {
        Pattern {
            source,
            anchored,
            forbidden: None,
            regex: OnceLock::new(),
        }
    }

    /// A pattern whose negative lookahead (`-(?!-)`, which the regex crate does not support) the
    /// generator rewrote as "matches `anchored` and never contains `forbidden`".
    pub const fn forbidding(
        source: &'static str,
        anchored: &'static str,
        forbidden: &'static str,
    ) -> Self {
        Pattern {
            source,
            anchored,
            forbidden: Some(forbidden),
            regex: OnceLock::new(),
        }
    }

    /// The model's pattern text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The compiled regex; `None` only if the generator emitted a bad pattern, which a test forbids.
    pub fn regex(&self) -> Option<&regex::Regex> {
        self.regex
            .get_or_init(|| regex::Regex::new(self.anchored).ok())
            .as_ref()
    }

    fn matches(&self, value: &str) -> bool {
        // A pattern that failed to compile refuses every value: fail closed.
        self.regex().is_some_and(|r| r.is_match(value))
            && self.forbidden.is_none_or(|f| !value.contains(f))
    }
}

/// Constraints on a string member.
pub struct StringRule {
    /// Minimum length in characters.
    pub min: Option<i64>,
    /// Maximum length in characters.
    pub max: Option<i64>,
    /// Pattern the whole value must match.
    pub pattern: Option<&'static Pattern>,
    /// Whether the value must never be echoed in an error.
    pub sensitive: bool,
}

/// Constraints on a number member.
pub struct NumberRule {
    /// Smallest allowed value.
    pub min: Option<i64>,
    /// Largest allowed value.
    pub max: Option<i64>,
}

/// Constraints on a list member.
pub struct ListRule {
    /// Fewest items.
    pub min: Option<i64>,
    /// Most items.
    pub max: Option<i64>,
}

/// A modeled string enumeration.
pub trait ModelEnum: Sized {
    /// The accepted wire values.
    const VALUES: &'static [&'static str];
    /// Parses a wire value.
    fn from_wire(value: &str) -> Option<Self>;
}

/// A shape that can be read from Query parameters.
pub trait Decode: Sized {
    /// Decodes the structure at `node`, recording problems in `d`.
    fn decode(d: &mut Decoder, node: &Node, path: Path<'_>) -> Option<Self>;
}

/// Collects validation problems while a generated decoder walks the input.
#[derive(Default)]
pub struct Decoder {
    errors: Vec<String>,
    unknown: Option<String>,
}

/// Most list items a request may carry, whatever the model says: bounds work on hostile input.
const MAX_LIST_ITEMS: usize = 1000;

/// Decodes an operation's input from the parameter tree.
pub fn decode_input<T: Decode>(params: &Node) -> Result<T, ApiError> {
    let mut d = Decoder::default();
    let value = T::decode(&mut d, params, Path::root());
    d.finish(value)
}

/// Checks that an operation without input got no parameters.
pub fn no_input(params: &Node) -> Result<(), ApiError> {
    let mut d = Decoder::default();
    d.check_members(params, Path::root(), &[]);
    d.finish(Some(()))
}

impl Decoder {
    fn finish<T>(self, value: Option<T>) -> Result<T, ApiError> {
        if let Some(name) = self.unknown {
            // AWS Query services answer a parameter they do not model this way (EC2's wording).
            return Err(ApiError::new(
                ErrorCode::UnknownParameter,
                format!("The parameter {name} is not recognized"),
            ));
        }
        match (value, self.errors.len()) {
            (Some(v), 0) => Ok(v),
            (_, 0) => Err(ApiError::validation(
                "1 validation error detected: the request could not be decoded",
            )),
            (_, n) => {
                let noun = if n == 1 { "error" } else { "errors" };
                Err(ApiError::validation(format!(
                    "{n} validation {noun} detected: {}",
                    self.errors.join("; ")
                )))
            }
        }
    }

    fn fail(&mut self, value: Option<&str>, path: Path<'_>, constraint: &str) {
        let shown = value.map_or_else(|| "null".to_string(), |v| format!("'{v}'"));
        self.errors.push(format!(
            "Value {shown} at '{}' failed to satisfy constraint: {constraint}",
            path.render()
        ));
    }

    /// Records a required member that is absent.
    pub fn missing(&mut self, path: Path<'_>) {
        self.fail(None, path, "Member must not be null");
    }

    /// Records the first child of `node` that is not a member of its structure.
    pub fn check_members(&mut self, node: &Node, path: Path<'_>, known: &[&str]) {
        if self.unknown.is_some() {
            return;
        }
        if let Some(name) = node.children.keys().find(|k| !known.contains(&k.as_str())) {
            let prefix = path.render_wire();
            self.unknown = Some(if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            });
        }
    }

    fn scalar<'n>(&mut self, node: &'n Node, path: Path<'_>) -> Option<&'n str> {
        if !node.is_empty() {
            self.check_members(node, path, &[]);
        }
        node.value()
    }

    /// A string member.
    pub fn string(&mut self, node: &Node, path: Path<'_>, rule: &StringRule) -> Option<String> {
        let value = self.scalar(node, path)?;
        let shown = if rule.sensitive { None } else { Some(value) };
        let len = i64::try_from(value.chars().count()).unwrap_or(i64::MAX);
        let before = self.errors.len();
        if let Some(min) = rule.min.filter(|m| len < *m) {
            self.fail(
                shown,
                path,
                &format!("Member must have length greater than or equal to {min}"),
            );
        }
        if let Some(max) = rule.max.filter(|m| len > *m) {
            self.fail(
                shown,
                path,
                &format!("Member must have length less than or equal to {max}"),
            );
        }
        if let Some(p) = rule.pattern
            && !value.is_empty()
            && !p.matches(value)
        {
            self.fail(
                shown,
                path,
                &format!(
                    "Member must satisfy regular expression pattern: {}",
                    p.source
                ),
            );
        }
        (self.errors.len() == before).then(|| value.to_string())
    }

    /// An enumeration member.
    pub fn enumeration<E: ModelEnum>(&mut self, node: &Node, path: Path<'_>) -> Option<E> {
        let value = self.scalar(node, path)?;
        let parsed = E::from_wire(value);
        if parsed.is_none() {
            self.fail(
                Some(value),
                path,
                &format!(
                    "Member must satisfy enum value set: [{}]",
                    E::VALUES.join(", ")
                ),
            );
        }
        parsed
    }

    /// A 64-bit integer member.
    pub fn long(&mut self, node: &Node, path: Path<'_>, rule: &NumberRule) -> Option<i64> {
        let value = self.scalar(node, path)?;
        let Ok(n) = value.trim().parse::<i64>() else {
            self.fail(Some(value), path, "Member must be a number");
            return None;
        };
        let before = self.errors.len();
        if let Some(min) = rule.min.filter(|m| n < *m) {
            self.fail(
                Some(value),
                path,
                &format!("Member must have value greater than or equal to {min}"),
            );
        }
        if let Some(max) = rule.max.filter(|m| n > *m) {
            self.fail(
                Some(value),
                path,
                &format!("Member must have value less than or equal to {max}"),
            );
        }
        (self.errors.len() == before).then_some(n)
    }

    /// A 32-bit integer member.
    pub fn int(&mut self, node: &Node, path: Path<'_>, rule: &NumberRule) -> Option<i32> {
        let n = self.long(node, path, rule)?;
        let converted = i32::try_from(n).ok();
        if converted.is_none() {
            self.fail(node.value(), path, "Member must be a 32-bit integer");
        }
        converted
    }

    /// A boolean member (`true` or `false`, any case).
    pub fn boolean(&mut self, node: &Node, path: Path<'_>) -> Option<bool> {
        let value = self.scalar(node, path)?;
        match value.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.fail(Some(value), path, "Member must be a boolean");
                None
            }
        }
    }

    /// A timestamp member in ISO 8601 form.
    pub fn timestamp(
        &mut self,
        node: &Node,
        path: Path<'_>,
    ) -> Option<crate::protocol::xml::Timestamp> {
        let value = self.scalar(node, path)?;
        let parsed = chrono::DateTime::parse_from_rfc3339(value)
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc));
        if parsed.is_none() {
            self.fail(Some(value), path, "Member must be an ISO 8601 timestamp");
        }
        parsed
    }

    /// A base64 blob member.
    pub fn blob(&mut self, node: &Node, path: Path<'_>) -> Option<Vec<u8>> {
        use base64::Engine as _;
        let value = self.scalar(node, path)?;
        let parsed = base64::engine::general_purpose::STANDARD.decode(value).ok();
        if parsed.is_none() {
            self.fail(None, path, "Member must be base64-encoded");
        }
        parsed
    }

    /// A list member: `Name.member.N`, N from 1; an empty value stands for an empty list.
    pub fn list<T>(
        &mut self,
        node: &Node,
        path: Path<'_>,
        rule: &ListRule,
        mut item: impl FnMut(&mut Self, &Node, Path<'_>) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.check_members(node, path, &["member"]);
        let Some(members) = node.child("member") else {
            return Some(self.list_len(Vec::new(), path, rule));
        };
        let indexed = self.indexed(members, path, "member")?;
        let mut out = Vec::with_capacity(indexed.len());
        for (i, n) in indexed {
            let p = path.index(i);
            if let Some(v) = item(self, n, p) {
                out.push(v);
            }
        }
        Some(self.list_len(out, path, rule))
    }

    /// A map member: `Name.entry.N.key` / `Name.entry.N.value`.
    pub fn map<K, V>(
        &mut self,
        node: &Node,
        path: Path<'_>,
        mut key: impl FnMut(&mut Self, &Node, Path<'_>) -> Option<K>,
        mut value: impl FnMut(&mut Self, &Node, Path<'_>) -> Option<V>,
    ) -> Option<Vec<(K, V)>> {
        self.check_members(node, path, &["entry"]);
        let Some(entries) = node.child("entry") else {
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        for (i, n) in self.indexed(entries, path, "entry")? {
            let p = path.index(i);
            self.check_members(n, p, &["key", "value"]);
            let k = n.child("key").and_then(|kn| key(self, kn, p.member("key")));
            let v = n
                .child("value")
                .and_then(|vn| value(self, vn, p.member("value")));
            if let (Some(k), Some(v)) = (k, v) {
                out.push((k, v));
            }
        }
        Some(out)
    }

    /// The numbered children of `node`, in index order; a non-numeric index is an unknown parameter.
    fn indexed<'n>(
        &mut self,
        node: &'n Node,
        path: Path<'_>,
        label: &str,
    ) -> Option<Vec<(usize, &'n Node)>> {
        let mut items = Vec::with_capacity(node.children.len());
        for (k, n) in &node.children {
            match k.parse::<usize>() {
                Ok(i) if i >= 1 => items.push((i, n)),
                _ => {
                    let prefix = path.render_wire();
                    self.unknown
                        .get_or_insert_with(|| format!("{prefix}.{label}.{k}"));
                    return None;
                }
            }
        }
        if items.len() > MAX_LIST_ITEMS {
            self.fail(
                None,
                path,
                &format!("Member must have length less than or equal to {MAX_LIST_ITEMS}"),
            );
            return None;
        }
        items.sort_by_key(|(i, _)| *i);
        Some(items)
    }

    fn list_len<T>(&mut self, items: Vec<T>, path: Path<'_>, rule: &ListRule) -> Vec<T> {
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        if let Some(min) = rule.min.filter(|m| len < *m) {
            self.fail(
                None,
                path,
                &format!("Member must have length greater than or equal to {min}"),
            );
        }
        if let Some(max) = rule.max.filter(|m| len > *m) {
            self.fail(
                None,
                path,
                &format!("Member must have length less than or equal to {max}"),
            );
        }
        items
    }
}

impl Path<'_> {
    /// The path as the client spelled it on the wire (`Tags.member.1.Key`), for unknown parameters.
    fn render_wire(&self) -> String {
        let mut out = self.parent.map(Path::render_wire).unwrap_or_default();
        let sep = if out.is_empty() { "" } else { "." };
        match self.segment {
            Segment::Root => {}
            Segment::Member(m) => {
                let mut cs = m.chars();
                let upper = cs
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                    .unwrap_or_default();
                let _ = write!(out, "{sep}{upper}");
            }
            Segment::Index(i) => {
                let _ = write!(out, "{sep}member.{i}");
            }
        }
        out
    }
}
