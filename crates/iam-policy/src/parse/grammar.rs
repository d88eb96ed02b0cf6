//! The policy grammar on top of the JSON reader.
//!
//! Element names are case-sensitive, as in IAM. A key that repeats inside the
//! policy, a statement, a principal or a condition block is refused with
//! "Syntax errors in policy.": AWS documents that a key may not repeat within an
//! element but not the text it answers with, so the generic one is used.

use super::json;
use super::tape::{Members, NodeKind, NodeRef, Tape};
use super::view::{BlockView, ConditionNode, Conditions, PolicyView, StatementView, Strings};
use super::{
    DUPLICATE_SID, Effect, INVALID_PRINCIPAL, MISSING_EFFECT, MISSING_PRINCIPAL,
    MUST_CONTAIN_ACTIONS, MUST_CONTAIN_RESOURCES, PROHIBITED_RESOURCE, ParseError, Policy,
    PolicyKind, Principal, PrincipalBlock, PrincipalType, SHOULD_NOT_SPECIFY_PRINCIPAL,
    SID_NOT_ALPHANUMERIC, SYNTAX_ERRORS, Span, Version,
};
use crate::collect;

/// Parses `text` as a policy used as `kind`.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<Policy, ParseError> {
    let tape = json::read_tape(text)?;
    Ok(check(&tape, kind)?.into_policy())
}

/// Checks the document on `tape` as a policy used as `kind`.
pub(crate) fn check<'a, 't>(
    tape: &'a Tape<'t>,
    kind: PolicyKind,
) -> Result<PolicyView<'a, 't>, ParseError> {
    let doc = NodeRef::root(tape);
    let mut version = None;
    let mut id = None;
    let mut statement = None;
    for (key, value) in object(doc, SYNTAX_ERRORS)? {
        match key.text() {
            "Version" => version = Some(parse_version(value)?),
            "Id" => id = Some(string(value, SYNTAX_ERRORS)?),
            "Statement" => statement = Some(value),
            _ => return Err(syntax(key.span())),
        }
    }
    let statement = statement.ok_or_else(|| syntax(doc.span()))?;
    let statements = match statement.kind() {
        NodeKind::Array { len, .. } if len > 0 => {
            collect::exact(statement.items().map(|item| parse_statement(item, kind)))?
        }
        NodeKind::Object { .. } => vec![parse_statement(statement, kind)?],
        _ => return Err(syntax(statement.span())),
    };
    check_sids(&statements, kind)?;
    Ok(PolicyView {
        version,
        id,
        statements,
    })
}

fn syntax(span: Span) -> ParseError {
    ParseError::new(SYNTAX_ERRORS, Some(span))
}

/// The members of an object with no key repeated; anything else fails with `message`.
fn object<'a, 't>(value: NodeRef<'a, 't>, message: &str) -> Result<Members<'a, 't>, ParseError> {
    if !value.is_object() {
        return Err(ParseError::new(message, Some(value.span())));
    }
    let members = value.members();
    if let Some(repeat) = first_repeat(members.clone().map(|(key, _)| Some(key.text()))) {
        let span = members.clone().nth(repeat).map(|(key, _)| key.span());
        return Err(ParseError::new(message, span));
    }
    Ok(members)
}

/// The most items [`first_repeat`] compares pairwise.
const SHORT: usize = 16;

/// The position of the first item equal to an earlier one (`None` items repeat nothing).
/// Elements have a handful of keys, which a linear scan checks without allocating; long lists
/// are sorted instead.
fn first_repeat<'a, I>(items: I) -> Option<usize>
where
    I: ExactSizeIterator<Item = Option<&'a str>> + Clone,
{
    if items.len() <= SHORT {
        // Gathered first: walking the items again for each one costs more than comparing.
        let mut short = [None; SHORT];
        for (slot, item) in short.iter_mut().zip(items) {
            *slot = item;
        }
        return (1..short.len()).find(|&index| {
            short.get(index).copied().flatten().is_some_and(|item| {
                short
                    .get(..index)
                    .is_some_and(|earlier| earlier.contains(&Some(item)))
            })
        });
    }
    let mut sorted: Vec<(&str, usize)> = items
        .enumerate()
        .filter_map(|(at, item)| Some((item?, at)))
        .collect();
    sorted.sort_unstable();
    // Within a run of equal items the first is the original; the others repeat it.
    sorted
        .chunk_by(|(a, _), (b, _)| a == b)
        .filter_map(|run| run.get(1).map(|&(_, at)| at))
        .min()
}

fn string<'a>(value: NodeRef<'a, '_>, message: &str) -> Result<&'a str, ParseError> {
    value
        .string()
        .ok_or_else(|| ParseError::new(message, Some(value.span())))
}

/// A string or an array of strings; anything else fails with `message`.
fn strings<'a, 't>(value: NodeRef<'a, 't>, message: &str) -> Result<Strings<'a, 't>, ParseError> {
    match value.kind() {
        NodeKind::String(_) => {}
        NodeKind::Array { .. } => {
            for item in value.items() {
                string(item, message)?;
            }
        }
        _ => return Err(ParseError::new(message, Some(value.span()))),
    }
    Ok(Strings::Node(value))
}

fn parse_version(value: NodeRef) -> Result<Version, ParseError> {
    match value.string() {
        Some("2012-10-17") => Ok(Version::V2012_10_17),
        Some("2008-10-17") => Ok(Version::V2008_10_17),
        _ => Err(syntax(value.span())),
    }
}

fn parse_statement<'a, 't>(
    value: NodeRef<'a, 't>,
    kind: PolicyKind,
) -> Result<StatementView<'a, 't>, ParseError> {
    let span = value.span();
    let mut sid = None;
    let mut effect = None;
    let mut principal = None;
    let mut action = None;
    let mut resource = None;
    let mut conditions = None;
    for (member, value) in object(value, SYNTAX_ERRORS)? {
        let key = member.text();
        let block = |negated| -> Result<BlockView<'a, 't>, ParseError> {
            Ok(BlockView {
                negated,
                patterns: strings(value, SYNTAX_ERRORS)?,
                span: value.span(),
            })
        };
        let block_taken = match key {
            "Sid" => {
                sid = Some(string(value, SYNTAX_ERRORS)?);
                false
            }
            "Effect" => {
                effect = Some(parse_effect(value)?);
                false
            }
            "Principal" | "NotPrincipal" => principal
                .replace(parse_principal(value, key == "NotPrincipal")?)
                .is_some(),
            "Action" | "NotAction" => action.replace(block(key == "NotAction")?).is_some(),
            "Resource" | "NotResource" => resource.replace(block(key == "NotResource")?).is_some(),
            "Condition" => {
                conditions = Some(check_conditions(value)?);
                false
            }
            _ => return Err(syntax(member.span())),
        };
        // Principal and NotPrincipal (and the other pairs) exclude each other.
        if block_taken {
            return Err(syntax(member.span()));
        }
    }
    let effect = effect.ok_or_else(|| ParseError::new(MISSING_EFFECT, Some(span)))?;
    match (&principal, kind.requires_principal()) {
        (Some(block), false) => {
            return Err(ParseError::new(
                SHOULD_NOT_SPECIFY_PRINCIPAL,
                Some(block.span),
            ));
        }
        (None, true) => return Err(ParseError::new(MISSING_PRINCIPAL, Some(span))),
        _ => {}
    }
    let action = action
        .filter(|block| !block.patterns.is_empty())
        .ok_or_else(|| ParseError::new(MUST_CONTAIN_ACTIONS, Some(span)))?;
    match (&resource, kind) {
        (Some(block), PolicyKind::Trust) => {
            return Err(ParseError::new(PROHIBITED_RESOURCE, Some(block.span)));
        }
        (Some(block), _) if block.patterns.is_empty() => {
            return Err(ParseError::new(MUST_CONTAIN_RESOURCES, Some(block.span)));
        }
        (None, kind) if kind != PolicyKind::Trust => {
            return Err(ParseError::new(MUST_CONTAIN_RESOURCES, Some(span)));
        }
        _ => {}
    }
    Ok(StatementView {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions: Conditions::Node(conditions),
        span,
    })
}

fn parse_effect(value: NodeRef) -> Result<Effect, ParseError> {
    match value.string() {
        Some("Allow") => Ok(Effect::Allow),
        Some("Deny") => Ok(Effect::Deny),
        _ => Err(syntax(value.span())),
    }
}

fn parse_principal(value: NodeRef, negated: bool) -> Result<PrincipalBlock, ParseError> {
    let span = value.span();
    let invalid = || ParseError::new(INVALID_PRINCIPAL, Some(span));
    let principal = match value.kind() {
        NodeKind::String(_) if value.string() == Some("*") => Principal::Any,
        NodeKind::Object { .. } => {
            let members = object(value, INVALID_PRINCIPAL)?;
            if members.len() == 0 {
                return Err(invalid());
            }
            let named = members
                .map(|(key, value)| {
                    let kind = match key.text() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => return Err(ParseError::new(INVALID_PRINCIPAL, Some(key.span()))),
                    };
                    let ids = strings(value, INVALID_PRINCIPAL)?;
                    if ids.is_empty() {
                        return Err(ParseError::new(INVALID_PRINCIPAL, Some(value.span())));
                    }
                    Ok((kind, ids.iter().map(str::to_owned).collect()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Principal::Named(named)
        }
        _ => return Err(invalid()),
    };
    Ok(PrincipalBlock {
        negated,
        principal,
        span,
    })
}

/// Checks `{operator: {key: value | [values]}}`, values being strings, numbers or booleans
/// (numbers and booleans are read as their JSON text).
fn check_conditions<'a, 't>(value: NodeRef<'a, 't>) -> Result<ConditionNode<'a, 't>, ParseError> {
    let mut entries = 0;
    let mut text = 0;
    for (_, keys) in object(value, SYNTAX_ERRORS)? {
        for (key, values) in object(keys, SYNTAX_ERRORS)? {
            entries += 1;
            text += 2 * key.text().len();
            if values.is_array() {
                for item in values.items() {
                    text += scalar(item)?;
                }
            } else {
                text += scalar(values)?;
            }
        }
    }
    Ok(ConditionNode {
        node: value,
        entries,
        text,
    })
}

/// The length of a condition value's text.
fn scalar(value: NodeRef) -> Result<usize, ParseError> {
    match value.kind() {
        NodeKind::String(_) | NodeKind::Number(_) | NodeKind::Bool(_) => Ok(value.text().len()),
        _ => Err(syntax(value.span())),
    }
}

/// Sids must be unique, and the policies IAM itself stores allow only letters and
/// digits in them (resource policies belong to other services, which allow more). The first
/// statement at fault is reported, for its characters before its repetition.
fn check_sids(statements: &[StatementView], kind: PolicyKind) -> Result<(), ParseError> {
    let iam_stored = matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Trust | PolicyKind::PermissionsBoundary
    );
    let unusual = statements.iter().position(|statement| {
        iam_stored
            && statement
                .sid
                .is_some_and(|sid| !sid.chars().all(|c| c.is_ascii_alphanumeric()))
    });
    let repeat = first_repeat(
        statements
            .iter()
            .map(|statement| statement.sid.filter(|sid| !sid.is_empty())),
    );
    let (at, message) = match (unusual, repeat) {
        (Some(unusual), Some(repeat)) if repeat < unusual => (repeat, DUPLICATE_SID),
        (Some(unusual), _) => (unusual, SID_NOT_ALPHANUMERIC),
        (None, Some(repeat)) => (repeat, DUPLICATE_SID),
        (None, None) => return Ok(()),
    };
    let span = statements.get(at).map(|statement| statement.span);
    Err(ParseError::new(message, span))
}
