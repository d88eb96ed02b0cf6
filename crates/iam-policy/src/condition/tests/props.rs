//! Property tests: compiling and evaluating never panic, and the two ARN paths agree.

use proptest::prelude::*;

use super::context;
use crate::condition::ConditionBlock;
use crate::context::Context;
use crate::parse::{Condition, Pos, Span, Version};

fn condition(operator: &str, key: &str, values: Vec<String>) -> Condition {
    let pos = Pos { line: 1, column: 1 };
    Condition {
        operator: operator.to_owned(),
        key: key.to_owned(),
        values,
        span: Span {
            start: pos,
            end: pos,
        },
    }
}

/// Real operator names with noise, so that most strings reach a value parser.
fn operator() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    ]);
    (
        prop::sample::select(vec!["", "ForAnyValue:", "ForAllValues:", "forallvalues:"]),
        names,
        prop::sample::select(vec!["", "IfExists", "ifexists"]),
        "\\PC{0,3}",
    )
        .prop_map(|(prefix, name, suffix, noise)| {
            if noise.is_empty() || noise.starts_with('a') {
                format!("{prefix}{name}{suffix}")
            } else {
                format!("{prefix}{name}{noise}{suffix}")
            }
        })
}

/// Values shaped like what the operators read, and arbitrary text.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[0-9.eE+-]{0,8}",
        "[0-9T:Zz.+-]{0,20}",
        "[0-9a-f.:/]{0,16}",
        "[A-Za-z0-9+/=]{0,8}",
        "(true|false|TRUE|x)",
        "[a-z:*?${}', ]{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Compiling never panics, for any operator, key and values; evaluation never panics and
    /// `evaluate` and `matches` agree.
    #[test]
    fn compile_and_evaluate_never_panic(
        operator in prop_oneof![operator(), "\\PC{0,30}"],
        key in "\\PC{0,12}",
        values in prop::collection::vec(value(), 0..4),
        request in prop::collection::vec(value(), 0..3),
        version in prop::sample::select(vec![None, Some(Version::V2008_10_17), Some(Version::V2012_10_17)]),
    ) {
        let condition = condition(&operator, &key, values);
        if let Ok(block) = ConditionBlock::compile(std::slice::from_ref(&condition), version) {
            let mut contexts = vec![Context::new()];
            let mut single = Context::new();
            if let Some(first) = request.first() {
                single.insert(&key, first.as_str());
                single.insert("aws:username", first.as_str());
            }
            contexts.push(single);
            let mut multi = Context::new();
            multi.insert(&key, request.clone());
            contexts.push(multi);
            for context in &contexts {
                let evaluated = block.evaluate(context, &mut |_| {});
                prop_assert_eq!(block.matches(context), evaluated);
            }
        }
    }

    /// ArnLike on a value written with a variable agrees with the same value written out.
    #[test]
    fn arn_like_template_agrees_with_literal(
        pattern in "[ab:*?]{0,14}", variable in "[ab]{0,3}", subject in "[ab:]{0,14}"
    ) {
        let literal = pattern.replacen('b', &variable, 1);
        let templated = pattern.replacen('b', "${k:v}", 1);
        let context = context(&[("k:v", &variable), ("k:k", &subject)]);
        let compile = |value: &str| {
            let condition = condition("ArnLike", "k:k", vec![value.to_owned()]);
            ConditionBlock::compile(&[condition], Some(Version::V2012_10_17)).unwrap()
        };
        // Only a variable without `*`, `?` and `:` reads the same literally.
        prop_assert_eq!(compile(&templated).matches(&context), compile(&literal).matches(&context));
    }
}
