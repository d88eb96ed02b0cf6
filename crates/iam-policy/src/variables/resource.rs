//! Resource and NotResource entries that may hold policy variables.

use crate::context::Context;
use crate::glob::Case;
use crate::matching::ResourceMatcher;
use crate::parse::Version;

use super::resource_part::ResourcePart;
use super::wildcard::{self, ARN_COMPONENTS, Atom, Atoms};
use super::{Piece, Template, Variable};

/// Head components of a resource ARN pattern: `arn`, partition, service, region, account.
const HEAD: usize = ARN_COMPONENTS - 1;

/// One Resource or NotResource entry, compiled once: a [`ResourceMatcher`] when the text has no
/// `${...}`, else a [`Template`] matched with the same segment rules, with variables resolved
/// from the request context at each match.
///
/// The rules are [`ResourceMatcher`]'s (AWS's colon rule for the five head components, `*` in
/// the resource part spanning `/` and `:`). In the template, only the `*`, `?` and `:` written
/// in the text are wildcards and component separators: a variable's value, a default, and
/// `${*}`, `${?}`, `${$}` are literal characters. AWS allows variables only in the resource
/// part (after the fifth colon); one placed earlier is resolved all the same, AWS not saying
/// what it does. A variable without a value or default makes the entry match no resource ("the
/// resource that includes a policy variable with no value will not match any resource",
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>), for
/// Resource and NotResource alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceTemplate {
    form: Form,
}

/// How a template is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// No `${...}`: the plain matcher, which keeps the text.
    Plain(ResourceMatcher),
    /// The common shape: variables only after the fifth colon of the text. The head
    /// components are matched as [`ResourceMatcher`] matches them, the resource part compiled.
    Split {
        template: Template,
        head: ResourceMatcher,
        resource: ResourcePart,
    },
    /// Anything else: the template's pieces are walked at each match.
    Pieces(Template),
}

impl ResourceTemplate {
    /// Compiles one resource pattern written under `version`.
    pub fn new(pattern: &str, version: Option<Version>) -> Self {
        let form = match Template::with_variables(pattern, version) {
            Some(template) => split(template),
            None => Form::Plain(ResourceMatcher::new(pattern)),
        };
        Self { form }
    }

    /// The pattern text as written in the policy.
    pub fn as_str(&self) -> &str {
        match &self.form {
            Form::Plain(matcher) => matcher.as_str(),
            Form::Split { template, .. } | Form::Pieces(template) => template.as_str(),
        }
    }

    /// The policy variables of the pattern, in order (`${*}`, `${?}` and `${$}` are not among
    /// them).
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        let template = match &self.form {
            Form::Plain(_) => None,
            Form::Split { template, .. } | Form::Pieces(template) => Some(template),
        };
        template.into_iter().flat_map(Template::variables)
    }

    /// True when the pattern has a `${...}`, so that matching depends on the context.
    pub fn has_variables(&self) -> bool {
        !matches!(self.form, Form::Plain(_))
    }

    /// Whether `resource` (an ARN or `*`) matches, with variables taken from `context`; false
    /// when a variable has no value. Never allocates.
    pub fn matches(&self, resource: &str, context: &Context) -> bool {
        match &self.form {
            Form::Plain(matcher) => matcher.matches(resource),
            Form::Split {
                head,
                resource: part,
                ..
            } => part.resolve(context).is_some_and(|values| {
                head.matches_with(resource, |rest| part.matches(rest, &values))
            }),
            Form::Pieces(template) => {
                template.is_resolvable(context)
                    && segments(Atoms::new(template.pieces(), context, true, true), resource)
            }
        }
    }

    /// Calls `missing` with the name of each variable without a value or default in `context`.
    pub fn missing_variables(&self, context: &Context, missing: &mut dyn FnMut(&str)) {
        for variable in self.variables() {
            if variable.value(context).is_none() {
                missing(variable.name());
            }
        }
    }
}

/// The [`Form::Split`] of a template whose first piece is text holding the first five colons,
/// with at most [`super::resource_part::MAX_VARIABLES`] variables; [`Form::Pieces`] otherwise.
fn split(template: Template) -> Form {
    let compiled = template.pieces().split_first().and_then(|(first, pieces)| {
        let Piece::Text(text) = first else {
            return None;
        };
        let (fifth, _) = text.match_indices(':').nth(HEAD - 1)?;
        let (head, rest) = text.split_at(fifth + 1);
        Some((
            ResourceMatcher::new(head),
            ResourcePart::compile(rest, pieces)?,
        ))
    });
    match compiled {
        Some((head, resource)) => Form::Split {
            template,
            head,
            resource,
        },
        None => Form::Pieces(template),
    }
}

/// A head component of the pattern.
#[derive(Debug, Clone)]
struct Head<'a> {
    atoms: Atoms<'a>,
    /// Ends in a wildcard `*`, so it may swallow later colons and components.
    spans: bool,
}

impl Head<'_> {
    fn matches(&self, piece: &str) -> bool {
        wildcard::matches(&self.atoms, piece, Case::Sensitive)
    }
}

/// [`ResourceMatcher`]'s segment rules over a template's atoms.
///
/// Where `ResourceMatcher` walks the value's pieces once with a set of active segments, this
/// walks the head components keeping the reachable set as "a start ordinal `o0` in `lo..=hi`, followed by the
/// pending non-spanning components `chain`": a non-spanning component moves each ordinal one
/// on, and a spanning one makes every ordinal after the first one where it matches reachable,
/// so only that first one matters. Nothing is allocated.
pub(super) fn segments(mut atoms: Atoms<'_>, value: &str) -> bool {
    let mut heads: [Option<Head<'_>>; HEAD] = Default::default();
    let mut count = 0;
    let mut tail = None;
    loop {
        let start = atoms.clone();
        let mut last = None;
        let mut separated = false;
        for atom in atoms.by_ref() {
            if atom == Atom::Separator {
                separated = true;
                break;
            }
            last = Some(atom);
        }
        if let Some(slot) = heads.get_mut(count) {
            *slot = Some(Head {
                atoms: start,
                spans: last == Some(Atom::Star),
            });
        }
        count += 1;
        if !separated {
            break;
        }
        if count == HEAD {
            atoms.separators = false;
            tail = Some(atoms);
            break;
        }
    }
    let last_ordinal = value.bytes().filter(|&b| b == b':').count();
    let mut reach = Reach {
        value,
        last: last_ordinal,
        lo: 0,
        hi: 0,
        chain: &[],
    };
    let heads = heads.get(..count).unwrap_or_default();
    let mut chain_start = 0;
    for (index, head) in heads.iter().enumerate() {
        let Some(head) = head else {
            return false;
        };
        reach.chain = heads.get(chain_start..index).unwrap_or_default();
        if tail.is_none() && index + 1 == count {
            // The pattern ends with this component, which must reach the end of the value.
            return reach
                .first(|ordinal, piece, _| {
                    head.matches(piece) && (head.spans || ordinal == last_ordinal)
                })
                .is_some();
        }
        if head.spans {
            let Some(ordinal) =
                reach.first(|ordinal, piece, _| ordinal < last_ordinal && head.matches(piece))
            else {
                return false;
            };
            reach.lo = ordinal + 1;
            reach.hi = last_ordinal;
            chain_start = index + 1;
        }
    }
    reach.chain = heads.get(chain_start..).unwrap_or_default();
    let Some(tail) = tail else {
        return false;
    };
    reach
        .first(|_, _, offset| {
            value
                .get(offset..)
                .is_some_and(|rest| wildcard::matches(&tail, rest, Case::Sensitive))
        })
        .is_some()
}

/// The reachable colon ordinals: `o0 + chain.len()` for each start `o0` in `lo..=hi` from which
/// every component of `chain` matches the value's pieces `o0, o0 + 1, ...` in turn (each piece
/// followed by a colon).
struct Reach<'v, 'h, 'a> {
    value: &'v str,
    last: usize,
    lo: usize,
    hi: usize,
    chain: &'h [Option<Head<'a>>],
}

impl Reach<'_, '_, '_> {
    /// The first reachable ordinal for which `accept(ordinal, piece, byte offset of the piece)`
    /// holds.
    fn first(&self, mut accept: impl FnMut(usize, &str, usize) -> bool) -> Option<usize> {
        let mut pieces = self.value.split(':');
        let mut offset = 0;
        for _ in 0..self.lo {
            offset += pieces.next()?.len() + 1;
        }
        for start in self.lo..=self.hi {
            let mut ahead = pieces.clone();
            let mut ahead_offset = offset;
            let mut ordinal = start;
            let mut chained = true;
            for head in self.chain {
                let piece = ahead.next()?;
                let matched = head.as_ref().is_some_and(|head| head.matches(piece));
                if ordinal >= self.last || !matched {
                    chained = false;
                    break;
                }
                ordinal += 1;
                ahead_offset += piece.len() + 1;
            }
            if chained
                && ahead
                    .next()
                    .is_some_and(|piece| accept(ordinal, piece, ahead_offset))
            {
                return Some(ordinal);
            }
            offset += pieces.next()?.len() + 1;
        }
        None
    }
}
