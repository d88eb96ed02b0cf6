//! `localiam policy validate FILE [--kind KIND]`: the policy engine's parser and compiler, then
//! checks against AWS's service authorization reference, reported as IAM Access Analyzer's
//! `ValidatePolicy` reports findings (issue codes from
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html>).

mod actions;
mod conditions;
mod errors;
pub mod finding;
mod statements;
#[cfg(test)]
mod tests;
mod tree;

use super::{ValidateArgs, read_input};
use crate::service_reference::ServiceReference;
use finding::{Finding, FindingType, TextIndex};
use iam_policy::parse::{PolicyKind, json, parse_policy};
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use std::io::Write;
use std::process::ExitCode;

/// Runs the command: prints each finding as one JSON line; exits 1 when one is an ERROR.
pub fn run(args: &ValidateArgs) -> ExitCode {
    let text = match read_input(Some(&args.file)) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let findings = validate(&text, args.kind.into());
    let index = TextIndex::new(&text);
    let mut out = std::io::stdout().lock();
    for finding in &findings {
        if writeln!(out, "{}", finding.to_json_line(&index)).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if findings
        .iter()
        .any(|f| f.finding_type == FindingType::Error)
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The findings for the policy `text` used as `kind`, in document order.
pub fn validate(text: &str, kind: PolicyKind) -> Vec<Finding> {
    let policy = match parse_policy(text, kind) {
        Ok(policy) => policy,
        Err(e) => return vec![errors::finding(text, &e)],
    };
    let source = PolicySource {
        id: "policy".to_owned(),
        source_type: SourceType::None,
    };
    if let Err(e) = CompiledPolicy::from_ast(&policy, kind, source) {
        return vec![errors::finding(text, &e)];
    }
    // The parser accepted the text, so it is JSON; read again for the entries' positions.
    let Ok(doc) = json::read(text) else {
        return Vec::new();
    };
    let reference = ServiceReference::get();
    let nodes: Vec<_> = policy
        .statements
        .iter()
        .zip(tree::statements(&doc))
        .collect();
    let mut findings = Vec::new();
    for (statement, node) in &nodes {
        actions::check(node, reference, &mut findings);
        conditions::check(node, reference, &mut findings);
        statements::pass_role(statement, node, &mut findings);
    }
    statements::redundant(&nodes, &mut findings);
    findings.sort_by_key(|f| f.locations.first().map(|l| l.span.start));
    findings
}
