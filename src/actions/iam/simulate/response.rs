//! An explanation from the engine, written as a Simulate API's `EvaluationResult`.

use crate::protocol::iam::{
    EvaluationResult, PermissionsBoundaryDecisionDetail, PolicyEvaluationDecisionType,
    PolicySourceType, Position, ResourceSpecificResult, Statement,
};
use iam_policy::parse::{Effect, Pos};
use iam_policy::{Decision, Explanation, MatchedStatement, PolicySet, SourceType};

/// How one request was simulated, besides the engine's explanation.
pub struct Evaluated<'a> {
    /// The action.
    pub action: &'a str,
    /// The resource, `*` when the input named none.
    pub resource: &'a str,
    /// Whether the input named resources (`ResourceSpecificResults` appear only then).
    pub specific: bool,
    /// Whether the resource's owner is another account than the caller's.
    pub cross_account: bool,
}

/// The result of one action on one resource.
pub fn result(evaluated: &Evaluated<'_>, explanation: &Explanation) -> EvaluationResult {
    let decision = decision(explanation.decision);
    // "If only one statement denies that operation, then the explicit deny overrides any allow.
    // In addition, the deny statement is the only entry included in the result."
    let deciding = explanation
        .matched
        .iter()
        .filter(|m| explanation.decision != Decision::ExplicitDeny || m.effect == Effect::Deny);
    let statements = statements(deciding);
    let missing = explanation.missing_context_keys.clone();
    let details = details(evaluated, explanation);
    let boundary = boundary(explanation);
    let specific = evaluated.specific.then(|| {
        vec![ResourceSpecificResult {
            eval_resource_name: evaluated.resource.to_owned(),
            eval_resource_decision: decision,
            matched_statements: Some(statements.clone()),
            missing_context_values: Some(missing.clone()),
            eval_decision_details: details.clone(),
            permissions_boundary_decision_detail: boundary.clone(),
        }]
    });
    EvaluationResult {
        eval_action_name: evaluated.action.to_owned(),
        eval_resource_name: Some(evaluated.resource.to_owned()),
        eval_decision: decision,
        matched_statements: Some(statements),
        // Missing keys are reported at the top for `*` only; with named resources AWS lists
        // them "under the ResourceSpecificResults section" instead.
        missing_context_values: Some(if evaluated.specific {
            Vec::new()
        } else {
            missing
        }),
        organizations_decision_detail: None,
        permissions_boundary_decision_detail: boundary,
        eval_decision_details: details,
        resource_specific_results: specific,
    }
}

fn decision(decision: Decision) -> PolicyEvaluationDecisionType {
    match decision {
        Decision::Allowed => PolicyEvaluationDecisionType::Allowed,
        Decision::ExplicitDeny => PolicyEvaluationDecisionType::ExplicitDeny,
        Decision::ImplicitDeny => PolicyEvaluationDecisionType::ImplicitDeny,
    }
}

fn statements<'a>(matched: impl Iterator<Item = &'a MatchedStatement>) -> Vec<Statement> {
    matched
        .map(|m| Statement {
            source_policy_id: Some(policy_id(&m.source_id).to_owned()),
            source_policy_type: Some(source_type(m.source_type)),
            start_position: Some(position(m.span.start)),
            end_position: Some(position(m.span.end)),
        })
        .collect()
}

/// Managed policies are stored under their ARN; the simulator names them by policy name.
fn policy_id(id: &str) -> &str {
    if id.starts_with("arn:") {
        id.rsplit('/').next().unwrap_or(id)
    } else {
        id
    }
}

fn source_type(source: SourceType) -> PolicySourceType {
    match source {
        SourceType::User => PolicySourceType::User,
        SourceType::Group => PolicySourceType::Group,
        SourceType::Role => PolicySourceType::Role,
        SourceType::AwsManaged => PolicySourceType::AwsManaged,
        SourceType::UserManaged => PolicySourceType::UserManaged,
        SourceType::Resource => PolicySourceType::Resource,
        SourceType::PermissionsBoundary
        | SourceType::Session
        | SourceType::Scp
        | SourceType::Rcp
        | SourceType::None => PolicySourceType::None,
    }
}

fn position(pos: Pos) -> Position {
    Position {
        line: Some(i32::try_from(pos.line).unwrap_or(i32::MAX)),
        column: Some(i32::try_from(pos.column).unwrap_or(i32::MAX)),
    }
}

/// AWS fills `EvalDecisionDetails` for cross-account simulations only; it is present but empty
/// for a same-account simulation of named resources, absent otherwise.
fn details(
    evaluated: &Evaluated<'_>,
    explanation: &Explanation,
) -> Option<Vec<(String, PolicyEvaluationDecisionType)>> {
    if evaluated.cross_account {
        let named = explanation.sources.iter().filter_map(|s| {
            let name = match s.policy_set {
                PolicySet::Identity => "IAM Policy",
                PolicySet::Resource => "Resource Policy",
                PolicySet::PermissionsBoundary => "Permissions Boundary Policy",
                _ => return None,
            };
            Some((name.to_owned(), decision(s.decision)))
        });
        return Some(named.collect());
    }
    evaluated.specific.then(Vec::new)
}

fn boundary(explanation: &Explanation) -> Option<PermissionsBoundaryDecisionDetail> {
    let source = explanation
        .sources
        .iter()
        .find(|s| s.policy_set == PolicySet::PermissionsBoundary)?;
    Some(PermissionsBoundaryDecisionDetail {
        allowed_by_permissions_boundary: Some(source.decision == Decision::Allowed),
    })
}
