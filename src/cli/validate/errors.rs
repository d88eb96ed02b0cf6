//! A refused document as one ERROR finding: the parser's (IAM's) message, at the parser's
//! position, under the Access Analyzer issue code for that fault.

use super::finding::{Finding, FindingType, Location, PathElement};
use super::tree;
use iam_policy::condition;
use iam_policy::parse::{self, ParseError, json};

/// The finding for `error` in `text`.
pub fn finding(text: &str, error: &ParseError) -> Finding {
    let doc = json::read(text).ok();
    let path = match (&doc, error.span) {
        (Some(doc), Some(span)) => tree::path_to(doc, span),
        _ => None,
    };
    let code = issue_code(&error.message, doc.is_some(), path.as_deref());
    let locations = error
        .span
        .map(|span| Location {
            path: path.unwrap_or_default(),
            span,
        })
        .into_iter()
        .collect();
    Finding::new(FindingType::Error, code, error.message.clone(), locations)
}

/// Access Analyzer's code for a parser or compiler fault: the reference page's check titles in
/// upper snake case ("Error – Invalid effect" is INVALID_EFFECT). IAM answers many grammar
/// faults with the one text "Syntax errors in policy.", so those are told apart by where they are.
fn issue_code(message: &str, is_json: bool, path: Option<&[PathElement]>) -> &'static str {
    match message {
        parse::SHOULD_NOT_SPECIFY_PRINCIPAL => "UNSUPPORTED_PRINCIPAL",
        parse::MISSING_PRINCIPAL => "MISSING_PRINCIPAL",
        parse::INVALID_PRINCIPAL => "INVALID_PRINCIPAL_FORMAT",
        parse::MUST_CONTAIN_ACTIONS => "MISSING_ACTION",
        parse::MUST_CONTAIN_RESOURCES => "MISSING_RESOURCE",
        parse::PROHIBITED_RESOURCE => "INVALID_POLICY_ELEMENT",
        parse::MISSING_EFFECT => "MISSING_EFFECT",
        parse::SID_NOT_ALPHANUMERIC => "UNSUPPORTED_SID",
        parse::DUPLICATE_SID => "UNIQUE_SIDS_REQUIRED",
        parse::SYNTAX_ERRORS if !is_json => "JSON_SYNTAX_ERROR",
        parse::SYNTAX_ERRORS => match path.and_then(<[PathElement]>::last) {
            Some(PathElement::Key(_)) => "INVALID_POLICY_ELEMENT",
            Some(PathElement::Value(v)) if v == "Effect" => "INVALID_EFFECT",
            Some(PathElement::Value(v)) if v == "Version" => "INVALID_VERSION",
            _ => "MALFORMED_POLICY_DOCUMENT",
        },
        _ if message.starts_with(condition::INVALID_CONDITION_TYPE) => "INVALID_CONDITION_OPERATOR",
        // Values an operator cannot read (LEGACY_PARSING) have no closer Access Analyzer check.
        _ => "MALFORMED_POLICY_DOCUMENT",
    }
}
