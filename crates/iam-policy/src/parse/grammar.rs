//! The policy grammar on top of the JSON reader.
//!
//! Element names are case-sensitive, as in IAM. A key that repeats inside the
//! policy, a statement, a principal or a condition block is refused with
//! "Syntax errors in policy.": AWS documents that a key may not repeat within an
//! element but not the text it answers with, so the generic one is used.

use std::collections::HashSet;

use super::json::{self, Kind, Member, Value};
use super::{
    ActionBlock, Condition, DUPLICATE_SID, Effect, INVALID_PRINCIPAL, MISSING_EFFECT,
    MISSING_PRINCIPAL, MUST_CONTAIN_ACTIONS, MUST_CONTAIN_RESOURCES, PROHIBITED_RESOURCE,
    ParseError, Policy, PolicyKind, Principal, PrincipalBlock, PrincipalType, ResourceBlock,
    SHOULD_NOT_SPECIFY_PRINCIPAL, SID_NOT_ALPHANUMERIC, SYNTAX_ERRORS, Span, Statement, Version,
};

/// Parses `text` as a policy used as `kind`.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<Policy, ParseError> {
    let doc = json::read(text)?;
    let members = object(&doc, SYNTAX_ERRORS)?;
    let mut version = None;
    let mut id = None;
    let mut statement = None;
    for member in members {
        match member.key.as_str() {
            "Version" => version = Some(parse_version(&member.value)?),
            "Id" => id = Some(string(&member.value, SYNTAX_ERRORS)?.to_owned()),
            "Statement" => statement = Some(&member.value),
            _ => return Err(syntax(member.key_span)),
        }
    }
    let statement = statement.ok_or_else(|| syntax(doc.span))?;
    let items: Vec<&Value> = match &statement.kind {
        Kind::Array(items) if !items.is_empty() => items.iter().collect(),
        Kind::Object(_) => vec![statement],
        _ => return Err(syntax(statement.span)),
    };
    let statements = items
        .into_iter()
        .map(|item| parse_statement(item, kind))
        .collect::<Result<Vec<_>, _>>()?;
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
fn object<'a>(value: &'a Value, message: &str) -> Result<&'a [Member], ParseError> {
    let Kind::Object(members) = &value.kind else {
        return Err(ParseError::new(message, Some(value.span)));
    };
    let mut seen = HashSet::new();
    for member in members {
        if !seen.insert(member.key.as_str()) {
            return Err(ParseError::new(message, Some(member.key_span)));
        }
    }
    Ok(members)
}

fn string<'a>(value: &'a Value, message: &str) -> Result<&'a str, ParseError> {
    match &value.kind {
        Kind::String(s) => Ok(s),
        _ => Err(ParseError::new(message, Some(value.span))),
    }
}

/// A string or an array of strings; anything else fails with `message`.
fn strings(value: &Value, message: &str) -> Result<Vec<String>, ParseError> {
    match &value.kind {
        Kind::String(s) => Ok(vec![s.clone()]),
        Kind::Array(items) => items
            .iter()
            .map(|item| string(item, message).map(str::to_owned))
            .collect(),
        _ => Err(ParseError::new(message, Some(value.span))),
    }
}

fn parse_version(value: &Value) -> Result<Version, ParseError> {
    match string(value, SYNTAX_ERRORS)? {
        "2012-10-17" => Ok(Version::V2012_10_17),
        "2008-10-17" => Ok(Version::V2008_10_17),
        _ => Err(syntax(value.span)),
    }
}

fn parse_statement(value: &Value, kind: PolicyKind) -> Result<Statement, ParseError> {
    let members = object(value, SYNTAX_ERRORS)?;
    let mut sid = None;
    let mut effect = None;
    let mut principal = None;
    let mut action = None;
    let mut resource = None;
    let mut conditions = Vec::new();
    for member in members {
        let key = member.key.as_str();
        let block_taken = match key {
            "Sid" => {
                sid = Some(string(&member.value, SYNTAX_ERRORS)?.to_owned());
                false
            }
            "Effect" => {
                effect = Some(parse_effect(&member.value)?);
                false
            }
            "Principal" | "NotPrincipal" => principal
                .replace(parse_principal(&member.value, key == "NotPrincipal")?)
                .is_some(),
            "Action" | "NotAction" => action
                .replace(ActionBlock {
                    negated: key == "NotAction",
                    patterns: strings(&member.value, SYNTAX_ERRORS)?,
                    span: member.value.span,
                })
                .is_some(),
            "Resource" | "NotResource" => resource
                .replace(ResourceBlock {
                    negated: key == "NotResource",
                    patterns: strings(&member.value, SYNTAX_ERRORS)?,
                    span: member.value.span,
                })
                .is_some(),
            "Condition" => {
                conditions = parse_conditions(&member.value)?;
                false
            }
            _ => return Err(syntax(member.key_span)),
        };
        // Principal and NotPrincipal (and the other pairs) exclude each other.
        if block_taken {
            return Err(syntax(member.key_span));
        }
    }
    let effect = effect.ok_or_else(|| ParseError::new(MISSING_EFFECT, Some(value.span)))?;
    match (&principal, kind.requires_principal()) {
        (Some(block), false) => {
            return Err(ParseError::new(
                SHOULD_NOT_SPECIFY_PRINCIPAL,
                Some(block.span),
            ));
        }
        (None, true) => return Err(ParseError::new(MISSING_PRINCIPAL, Some(value.span))),
        _ => {}
    }
    let action = action
        .filter(|block| !block.patterns.is_empty())
        .ok_or_else(|| ParseError::new(MUST_CONTAIN_ACTIONS, Some(value.span)))?;
    match (&resource, kind) {
        (Some(block), PolicyKind::Trust) => {
            return Err(ParseError::new(PROHIBITED_RESOURCE, Some(block.span)));
        }
        (Some(block), _) if block.patterns.is_empty() => {
            return Err(ParseError::new(MUST_CONTAIN_RESOURCES, Some(block.span)));
        }
        (None, kind) if kind != PolicyKind::Trust => {
            return Err(ParseError::new(MUST_CONTAIN_RESOURCES, Some(value.span)));
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
        span: value.span,
    })
}

fn parse_effect(value: &Value) -> Result<Effect, ParseError> {
    match string(value, SYNTAX_ERRORS)? {
        "Allow" => Ok(Effect::Allow),
        "Deny" => Ok(Effect::Deny),
        _ => Err(syntax(value.span)),
    }
}

fn parse_principal(value: &Value, negated: bool) -> Result<PrincipalBlock, ParseError> {
    let invalid = || ParseError::new(INVALID_PRINCIPAL, Some(value.span));
    let principal = match &value.kind {
        Kind::String(s) if s == "*" => Principal::Any,
        Kind::Object(_) => {
            let members = object(value, INVALID_PRINCIPAL)?;
            if members.is_empty() {
                return Err(invalid());
            }
            let named = members
                .iter()
                .map(|member| {
                    let kind = match member.key.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        _ => return Err(ParseError::new(INVALID_PRINCIPAL, Some(member.key_span))),
                    };
                    let ids = strings(&member.value, INVALID_PRINCIPAL)?;
                    if ids.is_empty() {
                        return Err(ParseError::new(INVALID_PRINCIPAL, Some(member.value.span)));
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
        span: value.span,
    })
}

/// Flattens `{operator: {key: value | [values]}}` into one entry per operator and key.
fn parse_conditions(value: &Value) -> Result<Vec<Condition>, ParseError> {
    let mut conditions = Vec::new();
    for operator in object(value, SYNTAX_ERRORS)? {
        for key in object(&operator.value, SYNTAX_ERRORS)? {
            let values = match &key.value.kind {
                Kind::Array(items) => items.iter().map(scalar).collect::<Result<_, _>>()?,
                _ => vec![scalar(&key.value)?],
            };
            conditions.push(Condition {
                operator: operator.key.clone(),
                key: key.key.clone(),
                values,
                span: key.value.span,
            });
        }
    }
    Ok(conditions)
}

/// A condition value: strings as decoded, numbers and booleans as their JSON text.
fn scalar(value: &Value) -> Result<String, ParseError> {
    match &value.kind {
        Kind::String(s) | Kind::Number(s) => Ok(s.clone()),
        Kind::Bool(b) => Ok(b.to_string()),
        _ => Err(syntax(value.span)),
    }
}

/// Sids must be unique, and the policies IAM itself stores allow only letters and
/// digits in them (resource policies belong to other services, which allow more).
fn check_sids(statements: &[Statement], kind: PolicyKind) -> Result<(), ParseError> {
    let iam_stored = matches!(
        kind,
        PolicyKind::Identity | PolicyKind::Trust | PolicyKind::PermissionsBoundary
    );
    let mut seen = HashSet::new();
    for statement in statements {
        let Some(sid) = statement.sid.as_deref() else {
            continue;
        };
        if iam_stored && !sid.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ParseError::new(SID_NOT_ALPHANUMERIC, Some(statement.span)));
        }
        if !sid.is_empty() && !seen.insert(sid) {
            return Err(ParseError::new(DUPLICATE_SID, Some(statement.span)));
        }
    }
    Ok(())
}
