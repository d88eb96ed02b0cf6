//! Parse → print → parse: any policy the grammar accepts prints to JSON that parses back to the
//! same policy (source positions aside), and printing is stable.

use iam_policy::parse::{
    ActionBlock, Condition, Effect, Policy, PolicyKind, Pos, Principal, PrincipalBlock,
    PrincipalType, ResourceBlock, Span, Statement, Version, parse_policy, to_json,
};
use proptest::prelude::*;

const NOWHERE: Span = Span {
    start: Pos { line: 1, column: 1 },
    end: Pos { line: 1, column: 1 },
};

/// Text with the characters JSON and the policy language care about.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:*?/${}'\" \\\\é\n\t-]{0,10}"
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 1..4)
}

fn principal() -> impl Strategy<Value = PrincipalBlock> {
    let named = prop::sample::subsequence(
        vec![
            PrincipalType::Aws,
            PrincipalType::Service,
            PrincipalType::Federated,
            PrincipalType::CanonicalUser,
        ],
        1..=4,
    )
    .prop_flat_map(|kinds| {
        let n = kinds.len();
        (Just(kinds), prop::collection::vec(texts(), n))
    })
    .prop_map(|(kinds, ids)| Principal::Named(kinds.into_iter().zip(ids).collect()));
    (any::<bool>(), prop_oneof![Just(Principal::Any), named]).prop_map(|(negated, principal)| {
        PrincipalBlock {
            negated,
            principal,
            span: NOWHERE,
        }
    })
}

/// Condition entries grouped by operator, keys unique within an operator (as JSON objects require).
fn conditions() -> impl Strategy<Value = Vec<Condition>> {
    prop::collection::vec(
        (
            "[A-Za-z:]{1,12}",
            prop::collection::btree_map(text(), prop::collection::vec(text(), 0..3), 1..3),
        ),
        0..3,
    )
    .prop_map(|groups| {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for (operator, entries) in groups {
            if seen.contains(&operator) {
                continue;
            }
            seen.push(operator.clone());
            for (key, values) in entries {
                out.push(Condition {
                    operator: operator.clone(),
                    key,
                    values,
                    span: NOWHERE,
                });
            }
        }
        out
    })
}

fn statement(with_principal: bool) -> impl Strategy<Value = Statement> {
    (
        any::<bool>(),
        prop::option::of(principal()),
        (any::<bool>(), texts()),
        (any::<bool>(), texts()),
        conditions(),
    )
        .prop_map(
            move |(allow, principal, action, resource, conditions)| Statement {
                sid: None,
                effect: if allow { Effect::Allow } else { Effect::Deny },
                principal: if with_principal {
                    Some(principal.unwrap_or(PrincipalBlock {
                        negated: false,
                        principal: Principal::Any,
                        span: NOWHERE,
                    }))
                } else {
                    None
                },
                action: ActionBlock {
                    negated: action.0,
                    patterns: action.1,
                    span: NOWHERE,
                },
                resource: Some(ResourceBlock {
                    negated: resource.0,
                    patterns: resource.1,
                    span: NOWHERE,
                }),
                conditions,
                span: NOWHERE,
            },
        )
}

fn policy(with_principal: bool) -> impl Strategy<Value = Policy> {
    (
        prop_oneof![
            Just(None),
            Just(Some(Version::V2012_10_17)),
            Just(Some(Version::V2008_10_17))
        ],
        prop::option::of(text()),
        prop::collection::vec((statement(with_principal), any::<bool>()), 1..4),
    )
        .prop_map(|(version, id, statements)| Policy {
            version,
            id,
            statements: statements
                .into_iter()
                .enumerate()
                .map(|(index, (mut statement, named))| {
                    // Sids must be unique and, in identity policies, alphanumeric.
                    statement.sid = named.then(|| format!("S{index}"));
                    statement
                })
                .collect(),
        })
}

/// The policy with every span replaced, for comparisons that ignore positions.
fn without_spans(mut policy: Policy) -> Policy {
    for statement in &mut policy.statements {
        statement.span = NOWHERE;
        statement.action.span = NOWHERE;
        if let Some(block) = &mut statement.principal {
            block.span = NOWHERE;
        }
        if let Some(block) = &mut statement.resource {
            block.span = NOWHERE;
        }
        for condition in &mut statement.conditions {
            condition.span = NOWHERE;
        }
    }
    policy
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn identity_policies_round_trip(policy in policy(false)) {
        let text = to_json(&policy);
        let parsed = parse_policy(&text, PolicyKind::Identity)
            .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(to_json(&parsed), text.clone());
        prop_assert_eq!(without_spans(parsed), policy);
    }

    #[test]
    fn resource_policies_round_trip(policy in policy(true)) {
        let text = to_json(&policy);
        let parsed = parse_policy(&text, PolicyKind::Resource)
            .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(to_json(&parsed), text.clone());
        prop_assert_eq!(without_spans(parsed), policy);
    }
}
