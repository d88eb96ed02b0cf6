//! Policies printed back to JSON, so a parsed policy can be shown, stored or re-parsed.
//!
//! The output is compact and canonical: every pattern, principal and condition value list is
//! printed as an array, condition entries are grouped under their operator in first-seen order.
//! Parsing the output gives the same policy back (spans aside), which the property tests check.

use std::fmt::Write;

use super::{Condition, Effect, Policy, Principal, PrincipalType, Statement, Version};

/// The policy as JSON text.
pub fn to_json(policy: &Policy) -> String {
    let mut out = String::from("{");
    if let Some(version) = policy.version {
        out.push_str("\"Version\":");
        quote(
            &mut out,
            match version {
                Version::V2012_10_17 => "2012-10-17",
                Version::V2008_10_17 => "2008-10-17",
            },
        );
        out.push(',');
    }
    if let Some(id) = &policy.id {
        out.push_str("\"Id\":");
        quote(&mut out, id);
        out.push(',');
    }
    out.push_str("\"Statement\":[");
    for (index, statement) in policy.statements.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        print_statement(&mut out, statement);
    }
    out.push_str("]}");
    out
}

fn print_statement(out: &mut String, statement: &Statement) {
    out.push('{');
    if let Some(sid) = &statement.sid {
        out.push_str("\"Sid\":");
        quote(out, sid);
        out.push(',');
    }
    out.push_str(match statement.effect {
        Effect::Allow => "\"Effect\":\"Allow\"",
        Effect::Deny => "\"Effect\":\"Deny\"",
    });
    if let Some(block) = &statement.principal {
        out.push_str(if block.negated {
            ",\"NotPrincipal\":"
        } else {
            ",\"Principal\":"
        });
        match &block.principal {
            Principal::Any => out.push_str("\"*\""),
            Principal::Named(named) => {
                out.push('{');
                for (index, (kind, ids)) in named.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    quote(out, principal_key(*kind));
                    out.push(':');
                    list(out, ids);
                }
                out.push('}');
            }
        }
    }
    let action = &statement.action;
    out.push_str(if action.negated {
        ",\"NotAction\":"
    } else {
        ",\"Action\":"
    });
    list(out, &action.patterns);
    if let Some(resource) = &statement.resource {
        out.push_str(if resource.negated {
            ",\"NotResource\":"
        } else {
            ",\"Resource\":"
        });
        list(out, &resource.patterns);
    }
    if !statement.conditions.is_empty() {
        out.push_str(",\"Condition\":");
        print_conditions(out, &statement.conditions);
    }
    out.push('}');
}

/// `{operator: {key: [values]}}`, operators in the order they first appear.
fn print_conditions(out: &mut String, conditions: &[Condition]) {
    let mut operators: Vec<&str> = Vec::new();
    for condition in conditions {
        if !operators.contains(&condition.operator.as_str()) {
            operators.push(&condition.operator);
        }
    }
    out.push('{');
    for (index, operator) in operators.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        quote(out, operator);
        out.push_str(":{");
        let entries = conditions.iter().filter(|c| c.operator == *operator);
        for (index, condition) in entries.enumerate() {
            if index > 0 {
                out.push(',');
            }
            quote(out, &condition.key);
            out.push(':');
            list(out, &condition.values);
        }
        out.push('}');
    }
    out.push('}');
}

fn principal_key(kind: PrincipalType) -> &'static str {
    match kind {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

fn list(out: &mut String, values: &[String]) {
    out.push('[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        quote(out, value);
    }
    out.push(']');
}

/// A JSON string literal: `"`, `\` and control characters escaped.
fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
