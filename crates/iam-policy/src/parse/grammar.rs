//! The policy grammar on top of the JSON reader.
//!
//! Element names are case-sensitive, as in IAM. A key that repeats inside the
//! policy, a statement, a principal or a condition block is refused with
//! "Syntax errors in policy.": AWS documents that a key may not repeat within an
//! element but not the text it answers with, so the generic one is used.

use super::json::{self, Kind, Member, Value};
use super::{
    ActionBlock, Condition, DUPLICATE_SID, Effect, INVALID_PRINCIPAL, MISSING_EFFECT,
    MISSING_PRINCIPAL, MUST_CONTAIN_ACTIONS, MUST_CONTAIN_RESOURCES, PROHIBITED_RESOURCE,
    ParseError, Policy, PolicyKind, Principal, PrincipalBlock, PrincipalType, ResourceBlock,
    SHOULD_NOT_SPECIFY_PRINCIPAL, SID_NOT_ALPHANUMERIC, SYNTAX_ERRORS, Span, Statement, Version,
};
use crate::collect;

/// Parses `text` as a policy used as `kind`.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<Policy, ParseError> {
    let doc = json::read(text)?;
    let span = doc.span;
    let members = object(doc, SYNTAX_ERRORS)?;
    let mut version = None;
    let mut id = None;
    let mut statement = None;
    for member in members {
        match &*member.key {
            "Version" => version = Some(parse_version(&member.value)?),
            "Id" => id = Some(string(member.value, SYNTAX_ERRORS)?),
            "Statement" => statement = Some(member.value),
            _ => return Err(syntax(member.key_span)),
        }
    }
    let statement = statement.ok_or_else(|| syntax(span))?;
    let statements = match statement.kind {
        Kind::Array(items) if !items.is_empty() => {
            collect::exact(items.into_iter().map(|item| parse_statement(item, kind)))?
        }
        Kind::Object(_) => vec![parse_statement(statement, kind)?],
        _ => return Err(syntax(statement.span)),
    };
    check_sids(&statements, kind)?;
    Ok(Policy {
        version,
        id,
        statements,
    })
}

fn syntax(span: Span) -> ParseError {
    ParseError::new(SYNTAX_ERRORS, Some(span))
}

/// The members of an object with no key repeated; anything else fails with `message`.
fn object<'t>(value: Value<'t>, message: &str) -> Result<Vec<Member<'t>>, ParseError> {
    let Kind::Object(members) = value.kind else {
        return Err(ParseError::new(message, Some(value.span)));
    };
    if let Some(repeat) = first_repeat(members.iter().map(|member| Some(&*member.key))) {
        let span = members.get(repeat).map(|member| member.key_span);
        return Err(ParseError::new(message, span));
    }
    Ok(members)
}

/// The position of the first item equal to an earlier one (`None` items repeat nothing).
/// Elements have a handful of keys, which a linear scan checks without allocating; long lists
/// are sorted instead.
fn first_repeat<'a, I>(items: I) -> Option<usize>
where
    I: ExactSizeIterator<Item = Option<&'a str>> + Clone,
{
    if items.len() <= 16 {
        return items.clone().enumerate().position(|(index, item)| {
            item.is_some() && items.clone().take(index).any(|earlier| earlier == item)
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

fn string(value: Value, message: &str) -> Result<String, ParseError> {
    match value.kind {
        Kind::String(s) => Ok(s.into_owned()),
        _ => Err(ParseError::new(message, Some(value.span))),
    }
}

/// A string or an array of strings; anything else fails with `message`.
fn strings(value: Value, message: &str) -> Result<Vec<String>, ParseError> {
    match value.kind {
        Kind::String(s) => Ok(vec![s.into_owned()]),
        Kind::Array(items) => items
            .into_iter()
            .map(|item| string(item, message))
            .collect(),
        _ => Err(ParseError::new(message, Some(value.span))),
    }
}

fn parse_version(value: &Value) -> Result<Version, ParseError> {
    let Kind::String(text) = &value.kind else {
        return Err(syntax(value.span));
    };
    match &**text {
        "2012-10-17" => Ok(Version::V2012_10_17),
        "2008-10-17" => Ok(Version::V2008_10_17),
        _ => Err(syntax(value.span)),
    }
}

fn parse_statement(value: Value, kind: PolicyKind) -> Result<Statement, ParseError> {
    let span = value.span;
    let members = object(value, SYNTAX_ERRORS)?;
    let mut sid = None;
    let mut effect = None;
    let mut principal = None;
    let mut action = None;
    let mut resource = None;
    let mut conditions = Vec::new();
    for member in members {
        let key = &*member.key;
        let value_span = member.value.span;
        let block_taken = match key {
            "Sid" => {
                sid = Some(string(member.value, SYNTAX_ERRORS)?);
                false
            }
            "Effect" => {
                effect = Some(parse_effect(&member.value)?);
                false
            }
            "Principal" | "NotPrincipal" => principal
                .replace(parse_principal(member.value, key == "NotPrincipal")?)
                .is_some(),
            "Action" | "NotAction" => action
                .replace(ActionBlock {
                    negated: key == "NotAction",
                    patterns: strings(member.value, SYNTAX_ERRORS)?,
                    span: value_span,
                })
                .is_some(),
            "Resource" | "NotResource" => resource
                .replace(ResourceBlock {
                    negated: key == "NotResource",
                    patterns: strings(member.value, SYNTAX_ERRORS)?,
                    span: value_span,
                })
                .is_some(),
            "Condition" => {
                conditions = parse_conditions(member.value)?;
                false
            }
            _ => return Err(syntax(member.key_span)),
        };
        // Principal and NotPrincipal (and the other pairs) exclude each other.
        if block_taken {
            return Err(syntax(member.key_span));
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
    Ok(Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
        span,
    })
}

fn parse_effect(value: &Value) -> Result<Effect, ParseError> {
    let Kind::String(text) = &value.kind else {
        return Err(syntax(value.span));
    };
    match &**text {
        "Allow" => Ok(Effect::Allow),
        "Deny" => Ok(Effect::Deny),
        _ => Err(syntax(value.span)),
    }
}

fn parse_principal(value: Value, negated: bool) -> Result<PrincipalBlock, ParseError> {
    let span = value.span;
    let invalid = || ParseError::new(INVALID_PRINCIPAL, Some(span));
    let principal = match &value.kind {
        Kind::String(s) if s.as_ref() == "*" => Principal::Any,
        Kind::Object(_) => {
            let members = object(value, INVALID_PRINCIPAL)?;
            if members.is_empty() {
                return Err(invalid());
            }
            let named = members
                .into_iter()
                .map(|member| {
                    let kind = match &*member.key {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => return Err(ParseError::new(INVALID_PRINCIPAL, Some(member.key_span))),
                    };
                    let value_span = member.value.span;
                    let ids = strings(member.value, INVALID_PRINCIPAL)?;
                    if ids.is_empty() {
                        return Err(ParseError::new(INVALID_PRINCIPAL, Some(value_span)));
                    }
                    Ok((kind, ids))
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

/// Flattens `{operator: {key: value | [values]}}` into one entry per operator and key.
fn parse_conditions(value: Value) -> Result<Vec<Condition>, ParseError> {
    let mut conditions = Vec::new();
    for operator in object(value, SYNTAX_ERRORS)? {
        let mut operator_name = operator.key.into_owned();
        let keys = object(operator.value, SYNTAX_ERRORS)?;
        let count = keys.len();
        for (index, key) in keys.into_iter().enumerate() {
            let span = key.value.span;
            let values = match key.value.kind {
                // Collected in place, in the items' own buffer.
                Kind::Array(items) => items.into_iter().map(scalar).collect::<Result<_, _>>()?,
                _ => vec![scalar(key.value)?],
            };
            // The operator's name moves into its last entry.
            let name = if index + 1 == count {
                std::mem::take(&mut operator_name)
            } else {
                operator_name.clone()
            };
            conditions.push(Condition {
                operator: name,
                key: key.key.into_owned(),
                values,
                span,
            });
        }
    }
    Ok(conditions)
}

/// A condition value: strings as decoded, numbers and booleans as their JSON text.
fn scalar(value: Value) -> Result<String, ParseError> {
    match value.kind {
        Kind::String(s) => Ok(s.into_owned()),
        Kind::Number(s) => Ok(s.to_owned()),
        Kind::Bool(b) => Ok(b.to_string()),
        _ => Err(syntax(value.span)),
    }
}

/// Sids must be unique, and the policies IAM itself stores allow only letters and
/// digits in them (resource policies belong to other services, which allow more). The first
/// statement at fault is reported, for its characters before its repetition.
fn check_sids(statements: &[Statement], kind: PolicyKind) -> Result<(), ParseError> {
    let iam_stored = matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Trust | PolicyKind::PermissionsBoundary
    );
    let unusual = statements.iter().position(|statement| {
        iam_stored
            && statement
                .sid
                .as_deref()
                .is_some_and(|sid| !sid.chars().all(|c| c.is_ascii_alphanumeric()))
    });
    let repeat = first_repeat(
        statements
            .iter()
            .map(|statement| statement.sid.as_deref().filter(|sid| !sid.is_empty())),
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
