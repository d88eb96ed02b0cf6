//! Reading `${...}` out of policy text (Version 2012-10-17 only).

use super::{Piece, Variable};

/// Characters that end a variable's name; a name containing one of the last six is no name,
/// so the `${` before it is literal text.
const NAME_END: [char; 8] = ['}', ',', '$', '{', '\'', '*', '?', '"'];

/// Splits `text` into literal text, special characters and variables.
pub(super) fn pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let (before, from) = rest.split_at(at);
        literal.push_str(before);
        let body = from.strip_prefix("${").unwrap_or_default();
        if let Some((piece, after)) = variable(body) {
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(piece);
            rest = after;
        } else {
            // Not a variable: keep the `$` and look for the next `${` after it.
            literal.push('$');
            rest = from.strip_prefix('$').unwrap_or_default();
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    pieces
}

/// Reads one variable from `body` (the text after `${`); returns it and the text after its `}`.
fn variable(body: &str) -> Option<(Piece, &str)> {
    for (text, character) in [("*}", '*'), ("?}", '?'), ("$}", '$')] {
        if let Some(after) = body.strip_prefix(text) {
            return Some((Piece::Literal(character), after));
        }
    }
    let end = body.find(NAME_END)?;
    let (name, rest) = body.split_at(end);
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    if let Some(after) = rest.strip_prefix('}') {
        return Some((Piece::Variable(Variable::new(name, None)), after));
    }
    let (default, after) = default(rest.strip_prefix(',')?)?;
    Some((Piece::Variable(Variable::new(name, Some(default))), after))
}

/// Reads ` 'default' }` (spaces optional, `''` for a quote); returns the unquoted default and
/// the text after the `}`.
fn default(text: &str) -> Option<(String, &str)> {
    let mut rest = text.trim_start().strip_prefix('\'')?;
    let mut value = String::new();
    loop {
        let (part, after) = rest.split_once('\'')?;
        value.push_str(part);
        if let Some(after_escape) = after.strip_prefix('\'') {
            value.push('\'');
            rest = after_escape;
        } else {
            rest = after;
            break;
        }
    }
    let after = rest.trim_start().strip_prefix('}')?;
    Some((value, after))
}
