//! Wildcard matching over a template's pieces, each variable resolved in place.
//!
//! A template is read as a stream of [`Atom`]s: its own text gives wildcards (`*`, `?`) and,
//! for ARNs, component separators (`:`); variable values, defaults and `${*}`/`${?}`/`${$}` give
//! literal characters only. The matcher is the one [`crate::glob::Glob`] uses (anchored head
//! and tail, each middle segment taken at its leftmost occurrence, so no backtracking), run on
//! the stream through cloned cursors instead of on a string, so nothing is allocated.

use crate::context::Context;
use crate::glob::Case;

use super::Piece;

/// One pattern character once variables are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Atom {
    /// A character that must equal one value character.
    Char(char),
    /// `?`: any one character.
    One,
    /// `*`: any run of characters.
    Star,
    /// A `:` of the template text where components are separated (ARNs).
    Separator,
}

/// A cursor over a template's atoms; cloning it is cheap and remembers the position.
#[derive(Debug, Clone)]
pub(super) struct Atoms<'a> {
    pieces: std::slice::Iter<'a, Piece>,
    context: &'a Context,
    wildcards: bool,
    /// Whether a `:` of the template text is an [`Atom::Separator`].
    pub(super) separators: bool,
    /// The rest of the current piece's text.
    text: &'a str,
    /// Whether `text` is a value (always literal) rather than template text.
    literal: bool,
    /// A pending `${*}`, `${?}` or `${$}` character.
    special: Option<char>,
}

impl<'a> Atoms<'a> {
    /// A cursor at the start of `pieces`. Variables without a value read as empty text: callers
    /// check [`super::Template::is_resolvable`] first.
    pub(super) fn new(
        pieces: &'a [Piece],
        context: &'a Context,
        wildcards: bool,
        separators: bool,
    ) -> Self {
        Self {
            pieces: pieces.iter(),
            context,
            wildcards,
            separators,
            text: "",
            literal: false,
            special: None,
        }
    }

    /// The next atom of the current component: `None` at a separator (which is consumed) or at
    /// the end.
    fn next_in_component(&mut self) -> Option<Atom> {
        self.next().filter(|atom| *atom != Atom::Separator)
    }
}

impl Iterator for Atoms<'_> {
    type Item = Atom;

    fn next(&mut self) -> Option<Atom> {
        loop {
            if let Some(character) = self.special.take() {
                return Some(Atom::Char(character));
            }
            let mut chars = self.text.chars();
            if let Some(character) = chars.next() {
                self.text = chars.as_str();
                return Some(match character {
                    _ if self.literal => Atom::Char(character),
                    '*' if self.wildcards => Atom::Star,
                    '?' if self.wildcards => Atom::One,
                    ':' if self.separators => Atom::Separator,
                    _ => Atom::Char(character),
                });
            }
            match self.pieces.next()? {
                Piece::Text(text) => {
                    self.text = text;
                    self.literal = false;
                }
                Piece::Literal(character) => self.special = Some(*character),
                Piece::Variable(variable) => {
                    self.text = variable.value(self.context).unwrap_or_default();
                    self.literal = true;
                }
            }
        }
    }
}

/// One-to-one lowercase mapping; characters that lowercase to several characters stay as they
/// are (the rule of [`crate::glob::Glob`]).
pub(super) fn fold(character: char) -> char {
    let mut lower = character.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => character,
    }
}

fn char_matches(pattern: char, value: char, case: Case) -> bool {
    pattern == value || (case == Case::Insensitive && fold(pattern) == fold(value))
}

/// Consumes the value character `atom` stands for; `None` when it does not match.
fn step(atom: Atom, value: &str, case: Case) -> Option<&str> {
    let mut chars = value.chars();
    let character = chars.next()?;
    let accepted = match atom {
        Atom::Char(pattern) => char_matches(pattern, character, case),
        Atom::One => true,
        Atom::Star | Atom::Separator => false,
    };
    accepted.then_some(chars.as_str())
}

/// Whether the component starting at `pattern` matches the whole of `value`.
pub(super) fn matches(pattern: &Atoms<'_>, value: &str, case: Case) -> bool {
    let mut atoms = pattern.clone();
    let mut rest = value;
    // The anchored head, up to the first star.
    loop {
        match atoms.next_in_component() {
            None => return rest.is_empty(),
            Some(Atom::Star) => break,
            Some(atom) => match step(atom, rest, case) {
                Some(after) => rest = after,
                None => return false,
            },
        }
    }
    // How many more stars follow, and how many characters the tail after the last one takes.
    let (stars, tail_chars) = atoms
        .clone()
        .map_while(|atom| (atom != Atom::Separator).then_some(atom))
        .fold((0_usize, 0_usize), |(stars, tail), atom| {
            if atom == Atom::Star {
                (stars + 1, 0)
            } else {
                (stars, tail + 1)
            }
        });
    let Some((mut middle, suffix)) = split_from_end(rest, tail_chars) else {
        return false;
    };
    for _ in 0..stars {
        let segment = atoms.clone();
        let length = atoms
            .by_ref()
            .map_while(|atom| (atom != Atom::Star && atom != Atom::Separator).then_some(()))
            .count();
        if length == 0 {
            continue;
        }
        match find(&segment, length, middle, case) {
            Some(after) => middle = after,
            None => return false,
        }
    }
    prefix(atoms, usize::MAX, suffix, case) == Some("")
}

/// Splits `value` before its last `chars` characters.
fn split_from_end(value: &str, chars: usize) -> Option<(&str, &str)> {
    let at = if chars == 0 {
        value.len()
    } else {
        value.char_indices().rev().nth(chars - 1)?.0
    };
    Some((value.get(..at)?, value.get(at..)?))
}

/// Matches up to `length` atoms (stopping at a star, a separator or the end) at the start of
/// `value`; returns the rest of `value`.
fn prefix<'v>(mut atoms: Atoms<'_>, length: usize, value: &'v str, case: Case) -> Option<&'v str> {
    let mut rest = value;
    for _ in 0..length {
        match atoms.next_in_component() {
            None | Some(Atom::Star) => break,
            Some(atom) => rest = step(atom, rest, case)?,
        }
    }
    Some(rest)
}

/// The rest of `haystack` after the leftmost occurrence of the `length`-atom segment.
fn find<'v>(segment: &Atoms<'_>, length: usize, haystack: &'v str, case: Case) -> Option<&'v str> {
    haystack
        .char_indices()
        .find_map(|(start, _)| prefix(segment.clone(), length, haystack.get(start..)?, case))
}

/// ArnLike: the value and the pattern are split into at most six colon-delimited components
/// (the sixth keeps its colons) and each component is matched on its own, so `*` never crosses
/// a colon before the sixth component; a pattern of stars alone matches every value.
pub(super) fn arn_components(start: Atoms<'_>, value: &str) -> bool {
    let mut probe = start.clone();
    probe.separators = false;
    if probe.clone().next().is_some() && probe.all(|atom| atom == Atom::Star) {
        return true;
    }
    let mut parts = value.splitn(ARN_COMPONENTS, ':');
    let mut atoms = start;
    for index in 1..=ARN_COMPONENTS {
        if index == ARN_COMPONENTS {
            atoms.separators = false;
        }
        let Some(part) = parts.next() else {
            return false;
        };
        if !matches(&atoms, part, Case::Sensitive) {
            return false;
        }
        if !atoms.any(|atom| atom == Atom::Separator) {
            break;
        }
    }
    parts.next().is_none()
}

/// `arn`, partition, service, region, account, resource.
pub(super) const ARN_COMPONENTS: usize = 6;
