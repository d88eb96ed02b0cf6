//! Policy variables (`${aws:username}`, `${*}`, `${key, 'default'}`) inside Resource patterns
//! and condition values.
//!
//! AWS's rules (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>):
//!
//! - A variable is `${name}` where `name` is any condition context key, compared
//!   case-insensitively (`${aws:username}`, `${aws:userid}`, `${aws:PrincipalTag/team}`,
//!   `${s3:prefix}`...). The name is lowercased once here, so resolution looks keys up with
//!   [`Context::get_lowercase`] and never allocates.
//! - `${*}`, `${?}` and `${$}` stand for the characters `*`, `?` and `$`, which then never act as
//!   wildcards.
//! - `${name, 'default'}` gives the text used when the key has no value. AWS writes a comma and a
//!   space; like Huawei's documented copy of the syntax, spaces around the name and around the
//!   quoted default are ignored, and `''` inside the quotes stands for one `'` (AWS is silent on
//!   both). The default is used as written: it is not searched for further variables.
//! - Variables exist only under `"Version": "2012-10-17"`; under `2008-10-17`, or with no
//!   Version, `${...}` is literal text.
//! - "You can use any single-valued condition key as a variable. You can't use a multivalued
//!   condition key as a variable": a [`ContextValue::Multi`] key therefore has no value here (its
//!   default applies, if any), whatever the number of its values.
//! - A variable with no value and no default makes the element holding it match nothing: a
//!   Resource entry matches no resource, and a condition value equals or is like no value (so
//!   negated operators such as `StringNotEquals` hold, as AWS documents under "Policy variables
//!   with no value").
//!
//! Text that starts like a variable but is not one (`${` without `}`, `${}`, `${a, b}`, a name
//! with `*`, `?`, `$`, `{`, `'` or `,` in it) stays literal: AWS documents no error for it, and
//! literal text is what the 2008 language does with every `${`.
//!
//! # Matching resolved patterns
//!
//! The value a variable resolves to, the default and the `${*}`/`${?}` characters are literal
//! text when the result is matched as a wildcard pattern; only the `*` and `?` written in the
//! template's own text are wildcards. Resolving into a string would lose that distinction, so
//! matching never resolves: [`Template::like`], [`Template::equals`], [`Template::arn_like`] and
//! [`ResourceTemplate::matches`] walk the [`Piece`]s with each variable looked up in place (a
//! Resource whose variables all follow its fifth colon compiles its resource part into wildcard
//! segments instead, each variable looked up once per match), without allocating and without a
//! regex. AWS does not say whether a `*` inside a variable's
//! value is a wildcard; treating it as a literal character is the reading that grants least.

mod parse;
mod resource;
mod resource_part;
#[cfg(test)]
mod tests;
mod wildcard;

pub use resource::ResourceTemplate;

use crate::context::{Context, ContextValue};
use crate::glob::Case;
use crate::parse::{ParseError, Version};

/// A string that may hold policy variables, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The text as written, kept apart only when it is not the one text piece (so that a
    /// template without variables holds its text once).
    text: Option<String>,
    pieces: Vec<Piece>,
}

/// One part of a [`Template`], in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text as written. Where the template is used as a wildcard pattern (StringLike, ArnLike,
    /// Resource), its `*` and `?` are wildcards; everywhere else they are plain characters.
    Text(String),
    /// `${*}`, `${?}` or `${$}`: the character, always literal.
    Literal(char),
    /// `${name}` or `${name, 'default'}`: replaced by the key's value, always literal.
    Variable(Variable),
}

/// A `${name}` or `${name, 'default'}` reference to a context key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    name: String,
    key: String,
    default: Option<String>,
}

/// What resolving a template against a context gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// Every variable had a value (or a default); the result is in the output buffer.
    Complete,
    /// A variable had no value and no default: the element containing it does not match.
    Missing,
}

impl Variable {
    fn new(name: &str, default: Option<String>) -> Self {
        Self {
            name: name.to_owned(),
            key: name.to_lowercase(),
            default,
        }
    }

    /// The key's name as written in the policy, without surrounding spaces.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key's name lowercased, as [`Context::get_lowercase`] wants it.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The default value, unquoted.
    pub fn default(&self) -> Option<&str> {
        self.default.as_deref()
    }

    /// The text this variable stands for in `context`: the key's single value, else the
    /// default; `None` when there is neither.
    pub fn value<'a>(&'a self, context: &'a Context) -> Option<&'a str> {
        match context.get_lowercase(&self.key) {
            Some(ContextValue::Single(value)) => Some(value),
            // Multivalued keys cannot be variables (see the module documentation).
            Some(ContextValue::Multi(_)) | None => self.default.as_deref(),
        }
    }
}

impl Template {
    /// Parses `text`; under Version 2008-10-17 or without a Version, `${...}` is literal text.
    ///
    /// Never fails today: malformed variable syntax is literal text (see the module
    /// documentation). The `Result` leaves room for AWS's rejection should it be documented.
    pub fn parse(text: &str, version: Option<Version>) -> Result<Self, ParseError> {
        Ok(Self::new(text, version))
    }

    /// Parses `text` like [`Template::parse`], which cannot fail.
    pub fn new(text: &str, version: Option<Version>) -> Self {
        if !may_have_variables(text, version) {
            let pieces = if text.is_empty() {
                Vec::new()
            } else {
                vec![Piece::Text(text.to_owned())]
            };
            return Self { text: None, pieces };
        }
        let pieces = parse::pieces(text);
        let text = match pieces.as_slice() {
            [] | [Piece::Text(_)] => None,
            _ => Some(text.to_owned()),
        };
        Self { text, pieces }
    }

    /// The template of `text` when it has at least one `${...}` (see
    /// [`Template::has_variables`]); `None` for plain text, found without building anything.
    pub fn with_variables(text: &str, version: Option<Version>) -> Option<Self> {
        if !may_have_variables(text, version) {
            return None;
        }
        Some(Self::new(text, version)).filter(Self::has_variables)
    }

    /// True when the text has at least one `${...}`: a variable, or one of `${*}`, `${?}`,
    /// `${$}` (AWS calls those predefined variables). When false, [`Template::as_str`] is the
    /// exact text or pattern and the usual [`crate::glob::Glob`] or
    /// [`crate::matching::ResourceMatcher`] applies.
    pub fn has_variables(&self) -> bool {
        self.pieces
            .iter()
            .any(|piece| !matches!(piece, Piece::Text(_)))
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        match (&self.text, self.pieces.as_slice()) {
            (Some(text), _) | (None, [Piece::Text(text)]) => text,
            (None, _) => "",
        }
    }

    /// The parts of the template in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The variables, in order (`${*}`, `${?}` and `${$}` are not among them).
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Variable(variable) => Some(variable),
            Piece::Text(_) | Piece::Literal(_) => None,
        })
    }

    /// True when every variable has a value or a default in `context`.
    pub fn is_resolvable(&self, context: &Context) -> bool {
        self.variables()
            .all(|variable| variable.value(context).is_some())
    }

    /// Calls `missing` with the name (as written) of each variable that has neither a value nor
    /// a default in `context`: the keys a simulation reports as missing.
    pub fn missing_variables(&self, context: &Context, missing: &mut dyn FnMut(&str)) {
        for variable in self.variables() {
            if variable.value(context).is_none() {
                missing(variable.name());
            }
        }
    }

    /// Writes the text with variables replaced into `out` (cleared first). `${*}`, `${?}` and
    /// `${$}` become their characters, so the result is plain text, not a pattern. Allocates
    /// only when `out` must grow. On [`Resolved::Missing`], `out` holds a partial result.
    pub fn resolve(&self, context: &Context, out: &mut String) -> Resolved {
        out.clear();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Literal(character) => out.push(*character),
                Piece::Variable(variable) => match variable.value(context) {
                    Some(value) => out.push_str(value),
                    None => return Resolved::Missing,
                },
            }
        }
        Resolved::Complete
    }

    /// Whether the resolved text equals `value` (`*` and `?` are plain characters here);
    /// `None` when a variable has no value.
    pub fn equals(&self, context: &Context, value: &str, case: Case) -> Option<bool> {
        self.is_resolvable(context)
            .then(|| wildcard::matches(&self.atoms(context, false, false), value, case))
    }

    /// Whether `value` matches the resolved template as a wildcard pattern, where only the `*`
    /// and `?` of the template's own text are wildcards (StringLike); `None` when a variable
    /// has no value.
    pub fn like(&self, context: &Context, value: &str, case: Case) -> Option<bool> {
        self.is_resolvable(context)
            .then(|| wildcard::matches(&self.atoms(context, true, false), value, case))
    }

    /// ArnLike/ArnEquals matching of `value` against the resolved template, case-sensitive and
    /// component by component; `None` when a variable has no value. See
    /// [`crate::condition`] for the rule.
    pub fn arn_like(&self, context: &Context, value: &str) -> Option<bool> {
        self.is_resolvable(context)
            .then(|| wildcard::arn_components(self.atoms(context, true, true), value))
    }

    fn atoms<'a>(
        &'a self,
        context: &'a Context,
        wildcards: bool,
        separators: bool,
    ) -> wildcard::Atoms<'a> {
        wildcard::Atoms::new(&self.pieces, context, wildcards, separators)
    }
}

/// Whether `text` may hold variables: it is written under 2012-10-17 and has a `${`. A byte
/// scan, as `contains("${")` builds a substring searcher, costly on short values.
fn may_have_variables(text: &str, version: Option<Version>) -> bool {
    version == Some(Version::V2012_10_17) && text.as_bytes().windows(2).any(|pair| pair == b"${")
}

/// Case-insensitive equality with the per-character lowercase mapping the crate's globs use.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    a.chars()
        .map(wildcard::fold)
        .eq(b.chars().map(wildcard::fold))
}
