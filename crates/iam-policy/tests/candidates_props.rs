//! The per-service statement index and the service-prefix check leave out only statements that
//! cannot apply: for random Action/NotAction patterns (literal, wildcard and non-ASCII service
//! prefixes, any case) and random actions, the statements of `candidates` that apply are exactly
//! those whose patterns the plain glob matches, in source order.

use iam_policy::matching::{ActionMatcher, RequestAction};
use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, PolicySource, PrincipalType, Request, RequestPrincipal, SourceType,
};
use proptest::prelude::*;

/// Service prefixes and action names that collide in case, in wildcards and through the Kelvin
/// sign (`K`, which lowercases to `k`), and initials that share a bit (`1` and `q`).
const PATTERN: &str = "(s3|S3|kms|\\u{212A}ms|sq?|s*|\\*|iam|)(:(Get|get|\\*|Get\\*|G?t|\\u{212A}ey|key|1|q\\*|\\?)?)?";
const ACTION: &str =
    "(s3|S3|kms|KMS|\\u{212A}MS|sqs|iam|x|)(:(Get|GET|List|Key|\\u{212A}EY|1|q|\\*)?)?";

fn statement((negated, patterns): &(bool, Vec<String>)) -> String {
    let element = if *negated { "NotAction" } else { "Action" };
    let list: Vec<String> = patterns.iter().map(|p| format!("{p:?}")).collect();
    format!(
        r#"{{"Effect":"Allow","{element}":[{}],"Resource":"*"}}"#,
        list.join(",")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn candidates_keep_every_applicable_statement(
        statements in prop::collection::vec(
            (prop::bool::weighted(0.2), prop::collection::vec(PATTERN, 1..4)),
            1..8,
        ),
        actions in prop::collection::vec(ACTION, 1..6),
    ) {
        let texts: Vec<String> = statements.iter().map(statement).collect();
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{}]}}"#, texts.join(","));
        let source = PolicySource { id: "p".to_owned(), source_type: SourceType::None };
        let policy = CompiledPolicy::compile(&text, PolicyKind::Identity, source)
            .map_err(|error| TestCaseError::fail(format!("{error}: {text}")))?;
        let principal = RequestPrincipal {
            arn: "arn:aws:iam::111122223333:user/a".to_owned(),
            account: "111122223333".to_owned(),
            principal_type: PrincipalType::User,
            source_arn: None,
        };
        let context = Context::new();
        for action in &actions {
            let request = Request { principal: &principal, action, resource: "*", context: &context };
            let split = RequestAction::new(action);
            let all: Vec<_> = statements
                .iter()
                .zip(policy.statements())
                .filter(|((negated, patterns), _)| {
                    *negated != patterns.iter().any(|p| ActionMatcher::new(p).matches(action))
                })
                .map(|(_, s)| s.span)
                .collect();
            let indexed: Vec<_> = policy
                .candidates(&split)
                .filter(|s| s.applies_to(&request, &split, false, None).is_some())
                .map(|s| s.span)
                .collect();
            prop_assert_eq!(all, indexed, "{} {}", text, action);
        }
    }
}
