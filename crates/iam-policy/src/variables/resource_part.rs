//! The resource part of a Resource template (the text after its fifth colon) compiled once into
//! wildcard segments, so that a match looks each variable up once and compares whole strings
//! instead of walking the template character by character.
//!
//! The rules are those of [`super::wildcard`]: the template's own `*` and `?` are wildcards; a
//! variable's value and `${*}`, `${?}`, `${$}` are literal text. Segments between stars are
//! matched as [`crate::glob::Glob`] matches them: the head anchored at the start, the tail at
//! the end, each middle at its leftmost occurrence in between.

use crate::context::Context;

use super::{Piece, Variable};

/// Most variables a compiled resource part resolves (on the stack); a template with more is
/// matched by walking its pieces.
pub(super) const MAX_VARIABLES: usize = 4;

/// What one part of a segment consumes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unit {
    /// This text exactly.
    Text(String),
    /// `?`: any one character.
    One,
    /// The value of the variable at this index.
    Value(usize),
}

/// A compiled resource part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ResourcePart {
    variables: Vec<Variable>,
    /// The units before the first star.
    head: Vec<Unit>,
    /// With at least one star: the non-empty segments between stars, and the units after the
    /// last star.
    starred: Option<(Vec<Vec<Unit>>, Vec<Unit>)>,
}

/// Resolved variable values, by index.
pub(super) type Values<'a> = [&'a str; MAX_VARIABLES];

impl ResourcePart {
    /// Compiles `text` (template text after the fifth colon) followed by `pieces`; `None` when
    /// they hold more than [`MAX_VARIABLES`] variables.
    pub(super) fn compile(text: &str, pieces: &[Piece]) -> Option<Self> {
        let mut builder = Builder {
            variables: Vec::new(),
            segments: vec![Vec::new()],
            literal: String::new(),
        };
        builder.text(text);
        for piece in pieces {
            match piece {
                Piece::Text(text) => builder.text(text),
                Piece::Literal(character) => builder.literal.push(*character),
                Piece::Variable(variable) => {
                    builder.flush();
                    builder.push(Unit::Value(builder.variables.len()));
                    builder.variables.push(variable.clone());
                }
            }
        }
        builder.flush();
        if builder.variables.len() > MAX_VARIABLES {
            return None;
        }
        let mut segments = builder.segments.into_iter();
        let head = segments.next().unwrap_or_default();
        let starred = segments.next_back().map(|tail| {
            let middles = segments.filter(|segment| !segment.is_empty()).collect();
            (middles, tail)
        });
        Some(Self {
            variables: builder.variables,
            head,
            starred,
        })
    }

    /// The value (or default) of each variable in `context`; `None` when one has neither.
    pub(super) fn resolve<'a>(&'a self, context: &'a Context) -> Option<Values<'a>> {
        let mut values = [""; MAX_VARIABLES];
        for (slot, variable) in values.iter_mut().zip(&self.variables) {
            *slot = variable.value(context)?;
        }
        Some(values)
    }

    /// Whether `value` as a whole matches, with the variables' `values` from [`Self::resolve`].
    pub(super) fn matches(&self, value: &str, values: &Values<'_>) -> bool {
        let Some(rest) = strip_start(&self.head, values, value) else {
            return false;
        };
        let Some((middles, tail)) = &self.starred else {
            return rest.is_empty();
        };
        let Some(mut rest) = strip_end(tail, values, rest) else {
            return false;
        };
        for middle in middles {
            match find(middle, values, rest) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        true
    }
}

/// Gathers units segment by segment (a new segment after each star).
struct Builder {
    variables: Vec<Variable>,
    segments: Vec<Vec<Unit>>,
    /// Literal text not yet pushed as a unit.
    literal: String,
}

impl Builder {
    /// Template text: `*` and `?` are wildcards, every other character literal.
    fn text(&mut self, text: &str) {
        for character in text.chars() {
            match character {
                '*' => {
                    self.flush();
                    self.segments.push(Vec::new());
                }
                '?' => {
                    self.flush();
                    self.push(Unit::One);
                }
                _ => self.literal.push(character),
            }
        }
    }

    fn flush(&mut self) {
        if !self.literal.is_empty() {
            let text = std::mem::take(&mut self.literal);
            self.push(Unit::Text(text));
        }
    }

    fn push(&mut self, unit: Unit) {
        if let Some(segment) = self.segments.last_mut() {
            segment.push(unit);
        }
    }
}

/// What remains of `value` after `units` matched at its start.
fn strip_start<'v>(units: &[Unit], values: &Values<'_>, value: &'v str) -> Option<&'v str> {
    units.iter().try_fold(value, |rest, unit| match unit {
        Unit::Text(text) => rest.strip_prefix(text.as_str()),
        Unit::Value(at) => rest.strip_prefix(*values.get(*at)?),
        Unit::One => {
            let mut chars = rest.chars();
            chars.next()?;
            Some(chars.as_str())
        }
    })
}

/// What remains of `value` after `units` matched at its end.
fn strip_end<'v>(units: &[Unit], values: &Values<'_>, value: &'v str) -> Option<&'v str> {
    units.iter().rev().try_fold(value, |rest, unit| match unit {
        Unit::Text(text) => rest.strip_suffix(text.as_str()),
        Unit::Value(at) => rest.strip_suffix(*values.get(*at)?),
        Unit::One => {
            let mut chars = rest.chars();
            chars.next_back()?;
            Some(chars.as_str())
        }
    })
}

/// What remains of `haystack` after the leftmost occurrence of `units` (which may match the
/// empty string at the very end when every unit is an empty value).
fn find<'v>(units: &[Unit], values: &Values<'_>, haystack: &'v str) -> Option<&'v str> {
    // A segment opening with text can only start where its first byte is.
    let first = match units.first() {
        Some(Unit::Text(text)) => text.as_bytes().first().copied(),
        _ => None,
    };
    let ends = haystack.char_indices().map(|(start, _)| start);
    ends.chain(std::iter::once(haystack.len()))
        .filter(|&start| first.is_none_or(|byte| haystack.as_bytes().get(start) == Some(&byte)))
        .find_map(|start| strip_start(units, values, haystack.get(start..)?))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::resource::segments;
    use super::super::wildcard::Atoms;
    use super::super::{ResourceTemplate, Template};
    use crate::context::Context;
    use crate::parse::Version;

    const V2012: Option<Version> = Some(Version::V2012_10_17);

    /// The general path: the template's pieces walked at each match.
    fn by_pieces(pattern: &str, context: &Context, value: &str) -> bool {
        let template = Template::new(pattern, V2012);
        template.is_resolvable(context)
            && segments(Atoms::new(template.pieces(), context, true, true), value)
    }

    fn context(pairs: &[(&str, &str)]) -> Context {
        let mut context = Context::new();
        for (key, value) in pairs {
            context.insert(key, *value);
        }
        context
    }

    #[test]
    fn compiled_resource_parts() {
        let alice = context(&[("aws:username", "alice"), ("k", "a*b"), ("empty", "")]);
        for (pattern, value, expected) in [
            (
                "arn:aws:s3:::bucket-*/home/${aws:username}/*",
                "arn:aws:s3:::bucket-7/home/alice/report.csv",
                true,
            ),
            (
                "arn:aws:s3:::bucket-*/home/${aws:username}/*",
                "arn:aws:s3:::bucket-7/home/bob/alice/x",
                false,
            ),
            ("arn:aws:s3:::b/${k}", "arn:aws:s3:::b/a*b", true),
            ("arn:aws:s3:::b/${k}", "arn:aws:s3:::b/axxb", false),
            ("arn:aws:s3:::b/${*}${?}", "arn:aws:s3:::b/*?", true),
            ("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false),
            (
                "arn:aws:s3:::*${aws:username}*?",
                "arn:aws:s3:::xalicey",
                true,
            ),
            (
                "arn:aws:s3:::*${aws:username}*?",
                "arn:aws:s3:::xalice",
                false,
            ),
            ("arn:aws:s3:::?${missing, ''}*", "arn:aws:s3:::日", true),
            ("arn:aws:s3:::${missing}", "arn:aws:s3:::", false),
            // A middle segment of empty values matches at the very end.
            ("arn:aws:s3:::*${empty}*", "arn:aws:s3:::", true),
            ("arn:aws:s3:::x*${empty}${empty}*", "arn:aws:s3:::x", true),
            ("arn:aws:s3:::x:${k}:*", "arn:aws:s3:::x:a*b:y:z", true),
            // Variables in a head component: the general path, where a spanning `*` crosses
            // colons.
            ("arn:aws:*:${k}", "arn:aws:s3:us-east-1:1:a*b", true),
            ("arn:aws:*:${k}", "arn:aws:s3:us-east-1:1:axb", false),
            ("arn:aws:*:${k}", "arn:aws:s3:a*b", true),
        ] {
            let template = ResourceTemplate::new(pattern, V2012);
            assert_eq!(
                template.matches(value, &alice),
                expected,
                "{pattern} / {value}"
            );
            assert_eq!(
                by_pieces(pattern, &alice, value),
                expected,
                "{pattern} / {value}"
            );
        }
    }

    #[test]
    fn many_variables_take_the_general_path() {
        let pattern = "arn:aws:s3:::${a}${a}${a}${a}${a}/*";
        let values = context(&[("a", "x")]);
        let template = ResourceTemplate::new(pattern, V2012);
        assert!(template.matches("arn:aws:s3:::xxxxx/y", &values));
        assert!(!template.matches("arn:aws:s3:::xxxx/y", &values));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The compiled form agrees with walking the pieces, on templates whose resource part
        /// mixes wildcards, colons, specials, defaults and variables whose values hold `*`, `?`,
        /// `:` or nothing.
        #[test]
        fn compiled_form_agrees_with_pieces(
            head in prop::collection::vec("[a*?]{0,2}", 4),
            resource in prop::collection::vec(
                "[ab:/*?]{0,3}|\\$\\{k\\}|\\$\\{j\\}|\\$\\{none, 'a*'\\}|\\$\\{none\\}|\\$\\{\\*\\}|\\$\\{\\?\\}",
                0..5,
            ),
            k in "[ab:*?]{0,3}",
            j in "|[ab/]{1,2}",
            value in "arn(:[a?*]{0,2}){3,5}(:[ab:/*?]{0,8})?",
        ) {
            let pattern = format!("arn:{}:{}", head.join(":"), resource.concat());
            let context = context(&[("k", &k), ("j", &j)]);
            prop_assert_eq!(
                ResourceTemplate::new(&pattern, V2012).matches(&value, &context),
                by_pieces(&pattern, &context, &value),
                "{} / {}", pattern, value
            );
        }
    }
}
