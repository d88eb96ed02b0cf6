//! Checks of whole statements: statements that repeat another, and `iam:PassRole` allowed on
//! every role.

use super::finding::{Finding, FindingType};
use super::tree::StatementNode;
use iam_policy::matching::ActionMatcher;
use iam_policy::parse::{Effect, Statement};

/// Suggests removing each statement that grants exactly what an earlier one grants (the Sid may
/// differ; entries may be in another order).
pub fn redundant(statements: &[(&Statement, StatementNode<'_>)], out: &mut Vec<Finding>) {
    for (j, (statement, node)) in statements.iter().enumerate() {
        let earlier = statements
            .iter()
            .take(j)
            .find(|(other, _)| same_permissions(statement, other));
        if let Some((_, first)) = earlier {
            out.push(Finding::new(
                FindingType::Suggestion,
                "REDUNDANT_STATEMENT",
                "The statement is redundant because it provides identical permissions to \
                 another statement. Remove the redundant statement."
                    .to_owned(),
                vec![node.location(), first.location()],
            ));
        }
    }
}

fn same_permissions(a: &Statement, b: &Statement) -> bool {
    a.effect == b.effect
        && match (&a.principal, &b.principal) {
            (Some(x), Some(y)) => x.negated == y.negated && x.principal == y.principal,
            (None, None) => true,
            _ => false,
        }
        && a.action.negated == b.action.negated
        && same_set(&a.action.patterns, &b.action.patterns)
        && match (&a.resource, &b.resource) {
            (Some(x), Some(y)) => x.negated == y.negated && same_set(&x.patterns, &y.patterns),
            (None, None) => true,
            _ => false,
        }
        && a.conditions.len() == b.conditions.len()
        && a.conditions.iter().all(|c| {
            b.conditions.iter().any(|d| {
                c.operator == d.operator && c.key == d.key && same_set(&c.values, &d.values)
            })
        })
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    a == b
}

/// Warns about an Allow of `iam:PassRole` on a wildcard resource with no `iam:PassedToService`
/// condition: any role, to any service (Access Analyzer's PASS_ROLE_WITH_STAR_IN_RESOURCE).
/// Only entries under the `iam:` prefix count: `"Action": "*"` grants everything anyway, and
/// warning about one action of it would say nothing useful.
pub fn pass_role(statement: &Statement, node: &StatementNode<'_>, out: &mut Vec<Finding>) {
    let allows_pass_role = statement.effect == Effect::Allow
        && !statement.action.negated
        && statement.action.patterns.iter().any(|p| {
            p.split_once(':')
                .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case("iam"))
                && ActionMatcher::new(p).matches("iam:PassRole")
        });
    let any_role = statement
        .resource
        .as_ref()
        .is_some_and(|r| !r.negated && r.patterns.iter().any(|p| p.contains('*')));
    let limited = statement
        .conditions
        .iter()
        .any(|c| c.key.eq_ignore_ascii_case("iam:PassedToService"));
    if allows_pass_role && any_role && !limited {
        let resources = node.entries(["Resource", "NotResource"]);
        let at = resources
            .iter()
            .find(|r| r.text.contains('*'))
            .map_or_else(|| node.location(), |r| r.location.clone());
        out.push(Finding::new(
            FindingType::SecurityWarning,
            "PASS_ROLE_WITH_STAR_IN_RESOURCE",
            "Allowing iam:PassRole on a wildcard resource lets the principal pass any matching \
             role to any service. Name the roles in Resource, or add the iam:PassedToService \
             condition key."
                .to_owned(),
            vec![at],
        ));
    }
}
