//! Set operators, missing keys, empty sets and `IfExists`.

use super::{block, context, holds, multi};
use crate::context::Context;

/// Request contexts for aws:TagKeys: present with values, an empty set, missing.
fn tag_keys(values: Option<&[&str]>) -> Context {
    values.map_or_else(Context::new, |values| multi("aws:TagKeys", values))
}

#[test]
fn for_all_values_doc_table() {
    // "Single-valued vs. multivalued context keys", ForAllValues example with Null false.
    let policy = block(
        r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]},
            "Null": {"aws:TagKeys": "false"}}"#,
    );
    for (values, expected) in [
        (Some(&["environment"][..]), true),
        (Some(&["cost-center"][..]), true),
        (Some(&["environment", "cost-center"][..]), true),
        (Some(&["environment", "dept"][..]), false),
        (None, false),
    ] {
        assert_eq!(holds(&policy, &tag_keys(values)), expected, "{values:?}");
    }
}

#[test]
fn for_any_value_doc_table() {
    // "Single-valued vs. multivalued context keys", ForAnyValue example.
    let policy =
        block(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}"#);
    for (values, expected) in [
        (Some(&["environment"][..]), true),
        (Some(&["cost-center"][..]), true),
        (Some(&["environment", "cost-center"][..]), true),
        (Some(&["environment", "dept"][..]), true),
        (Some(&["dept"][..]), false),
        (None, false),
    ] {
        assert_eq!(holds(&policy, &tag_keys(values)), expected, "{values:?}");
    }
}

#[test]
fn for_all_values_string_not_like_doc_tables() {
    // "Multivalued context key examples", Deny with ForAllValues:StringNotLike "key1*".
    let one = block(r#"{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}"#);
    for (values, expected) in [
        (Some(&["key1:legal"][..]), false),
        (Some(&["key1:hr", "key1:personnel"][..]), false),
        (Some(&["key2:audit"][..]), true),
        (None, true),
    ] {
        assert_eq!(holds(&one, &tag_keys(values)), expected, "{values:?}");
    }
    // The same with "key1*" and "key2*".
    let two = block(r#"{"ForAllValues:StringNotLike": {"aws:TagKeys": ["key1*", "key2*"]}}"#);
    for (values, expected) in [
        (Some(&["key1:legal"][..]), false),
        (Some(&["key1:hr", "key1:personnel"][..]), false),
        (Some(&["key1:hr", "key2:audit"][..]), false),
        (Some(&["key3:legal"][..]), true),
        (None, true),
    ] {
        assert_eq!(holds(&two, &tag_keys(values)), expected, "{values:?}");
    }
}

#[test]
fn for_any_value_deny_doc_table() {
    // "Multivalued context key examples", Deny with ForAnyValue:StringEquals "webserver".
    let policy = block(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": "webserver"}}"#);
    for (values, expected) in [
        (Some(&["webserver"][..]), true),
        (Some(&["environment", "webserver", "test"][..]), true),
        (Some(&["environment", "test"][..]), false),
        (None, false),
    ] {
        assert_eq!(holds(&policy, &tag_keys(values)), expected, "{values:?}");
    }
}

#[test]
fn empty_and_missing_key_table() {
    // Operator prefix × positive/negated: value when the key has a matching value, a
    // non-matching value, an empty set, or is missing. Sources: "Condition operators"
    // (missing key: positive false, negated true), "Single-valued vs. multivalued context
    // keys" (ForAllValues true and ForAnyValue false without the key), "Multivalued context
    // key examples" (an empty set is a null dataset).
    let rows = [
        ("StringEquals", [true, false, false, false]),
        ("StringNotEquals", [false, true, true, true]),
        ("ForAnyValue:StringEquals", [true, false, false, false]),
        ("ForAnyValue:StringNotEquals", [false, true, false, false]),
        ("ForAllValues:StringEquals", [true, false, true, true]),
        ("ForAllValues:StringNotEquals", [false, true, true, true]),
    ];
    for (operator, expected) in rows {
        let plain = block(&format!(r#"{{"{operator}": {{"aws:TagKeys": "a"}}}}"#));
        let if_exists = block(&format!(
            r#"{{"{operator}IfExists": {{"aws:TagKeys": "a"}}}}"#
        ));
        let contexts = [
            tag_keys(Some(&["a"])),
            tag_keys(Some(&["b"])),
            tag_keys(Some(&[])),
            tag_keys(None),
        ];
        for ((context, expected), name) in contexts
            .iter()
            .zip(expected)
            .zip(["matching", "other", "empty", "missing"])
        {
            assert_eq!(holds(&plain, context), expected, "{operator} {name}");
            // IfExists changes only the empty and missing columns, to true.
            let expected_if_exists = expected || matches!(name, "empty" | "missing");
            assert_eq!(
                holds(&if_exists, context),
                expected_if_exists,
                "{operator}IfExists {name}"
            );
        }
    }
}

#[test]
fn single_valued_keys_behave_as_sets_of_one() {
    let context = context(&[("k:k", "a")]);
    for (operator, expected) in [
        ("ForAnyValue:StringEquals", true),
        ("ForAllValues:StringEquals", true),
        ("ForAnyValue:StringNotEquals", false),
        ("ForAllValues:StringNotEquals", false),
    ] {
        let block = block(&format!(r#"{{"{operator}": {{"k:k": "a"}}}}"#));
        assert_eq!(holds(&block, &context), expected, "{operator}");
    }
}

#[test]
fn missing_keys_for_every_family() {
    // "Condition operators", Important: a missing key makes the condition false, except for
    // negated operators (true), ...IfExists (true) and Null.
    for (operator, value, expected) in [
        ("StringLike", "*", false),
        ("StringNotLike", "*", true),
        ("StringEqualsIgnoreCase", "a", false),
        ("StringNotEqualsIgnoreCase", "a", true),
        ("NumericEquals", "1", false),
        ("NumericNotEquals", "1", true),
        ("NumericGreaterThan", "1", false),
        ("DateLessThan", "2020-01-01", false),
        ("DateNotEquals", "2020-01-01", true),
        ("Bool", "true", false),
        ("BinaryEquals", "YQ==", false),
        ("IpAddress", "0.0.0.0/0", false),
        ("NotIpAddress", "203.0.113.0/24", true),
        ("ArnLike", "*", false),
        ("ArnEquals", "arn:aws:s3:::b", false),
        ("ArnNotLike", "*", true),
        ("ArnNotEquals", "arn:aws:s3:::b", true),
    ] {
        let plain = block(&format!(r#"{{"{operator}": {{"k:k": "{value}"}}}}"#));
        assert_eq!(holds(&plain, &Context::new()), expected, "{operator}");
        let if_exists = block(&format!(
            r#"{{"{operator}IfExists": {{"k:k": "{value}"}}}}"#
        ));
        assert!(holds(&if_exists, &Context::new()), "{operator}IfExists");
    }
}

#[test]
fn if_exists_doc_examples() {
    // "Condition operators", ...IfExists: StringLikeIfExists on ec2:InstanceType.
    let types = block(r#"{"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}"#);
    assert!(holds(&types, &Context::new()));
    assert!(holds(&types, &context(&[("ec2:InstanceType", "t2.micro")])));
    assert!(!holds(
        &types,
        &context(&[("ec2:InstanceType", "c5.large")])
    ));
    // "AWS: Denies access to AWS based on the requested Region"-style MFA guard:
    // "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}.
    let no_mfa = block(r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#);
    assert!(holds(&no_mfa, &Context::new()));
    assert!(holds(
        &no_mfa,
        &context(&[("aws:MultiFactorAuthPresent", "false")])
    ));
    assert!(!holds(
        &no_mfa,
        &context(&[("aws:MultiFactorAuthPresent", "true")])
    ));
    // "with a negated condition operator like StringNotEqualsIfExists, the request is still
    // denied even if the tag is missing".
    let not_equals = block(r#"{"StringNotEqualsIfExists": {"aws:ResourceTag/env": "prod"}}"#);
    assert!(holds(&not_equals, &Context::new()));
    assert!(!holds(
        &not_equals,
        &context(&[("aws:ResourceTag/env", "prod")])
    ));
}

#[test]
fn null_checks_presence() {
    // "Condition operators", Null: "Null":{"aws:TokenIssueTime":"true"} needs the key absent.
    let long_term = block(r#"{"Null": {"aws:TokenIssueTime": "true"}}"#);
    let temporary = context(&[("aws:TokenIssueTime", "2024-01-01T00:00:00Z")]);
    assert!(holds(&long_term, &Context::new()));
    assert!(!holds(&long_term, &temporary));
    let present = block(r#"{"Null": {"aws:TokenIssueTime": false}}"#);
    assert!(!holds(&present, &Context::new()));
    assert!(holds(&present, &temporary));
    // An empty set is a null dataset; a set prefix changes nothing.
    assert!(holds(
        &block(r#"{"Null": {"aws:TagKeys": "TRUE"}}"#),
        &multi("aws:TagKeys", &[])
    ));
    assert!(holds(
        &block(r#"{"ForAnyValue:Null": {"aws:TagKeys": "false"}}"#),
        &multi("aws:TagKeys", &["x"])
    ));
    assert!(holds(
        &block(r#"{"Null": {"k:k": ["true", "false"]}}"#),
        &Context::new()
    ));
}

#[test]
fn empty_value_lists() {
    // IAM accepts `"DateGreaterThan": {"a": []}`; no policy value matches anything.
    let positive = block(r#"{"StringEquals": {"k:k": []}}"#);
    let negated = block(r#"{"StringNotEquals": {"k:k": []}}"#);
    let all = block(r#"{"ForAllValues:StringEquals": {"k:k": []}}"#);
    let request = context(&[("k:k", "a")]);
    assert!(!holds(&positive, &request));
    assert!(holds(&negated, &request));
    assert!(!holds(&all, &request));
    assert!(holds(&all, &Context::new()));
    assert!(block(r#"{"DateGreaterThan": {"a": []}}"#).keys().eq(["a"]));
}
