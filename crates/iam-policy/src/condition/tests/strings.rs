//! String operators, keys and policy variables in condition values.

use super::{block, compile_with_version, context, holds, missing, multi};
use crate::context::Context;

#[test]
fn string_equals_doc_example() {
    // "IAM JSON policy elements: Condition operators", String condition operators:
    // the principal must be tagged job-category=iamuser-admin.
    let admin = block(r#"{"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}"#);
    assert!(holds(
        &admin,
        &context(&[("aws:PrincipalTag/job-category", "iamuser-admin")])
    ));
    assert!(!holds(
        &admin,
        &context(&[("aws:PrincipalTag/job-category", "IAMUSER-ADMIN")])
    ));
    assert!(!holds(
        &admin,
        &context(&[("aws:PrincipalTag/job-category", "iamuser")])
    ));
    // "If a user without the tag attempts to view or edit an access key, the condition returns
    // false".
    assert!(!holds(&admin, &Context::new()));
    assert_eq!(
        missing(&admin, &Context::new()),
        ["aws:PrincipalTag/job-category"]
    );
}

#[test]
fn keys_compare_case_insensitively_values_case_sensitively() {
    // "Key names are case-insensitive. For example, aws:CurrentTime is equivalent to
    // AWS:currenttime" ("IAM policy elements: Variables and tags").
    let equals = block(r#"{"StringEquals": {"AWS:PrincipalTag/Dept": "Data"}}"#);
    assert!(holds(
        &equals,
        &context(&[("aws:principaltag/dept", "Data")])
    ));
    assert!(!holds(
        &equals,
        &context(&[("aws:principaltag/dept", "data")])
    ));
    let ignore = block(r#"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/Dept": "Data"}}"#);
    assert!(holds(
        &ignore,
        &context(&[("aws:PrincipalTag/Dept", "dATA")])
    ));
    assert!(!holds(
        &ignore,
        &context(&[("aws:PrincipalTag/Dept", "Dat")])
    ));
    let not_ignore = block(r#"{"StringNotEqualsIgnoreCase": {"k:k": ["A", "b"]}}"#);
    assert!(!holds(&not_ignore, &context(&[("k:k", "B")])));
    assert!(holds(&not_ignore, &context(&[("k:k", "c")])));
}

#[test]
fn values_of_one_key_or_and_negations_nor() {
    // "Conditions with multiple context keys or values": OR across values, NOR for negated
    // operators; the SNS example with an https endpoint and protocol ANDs two operators.
    let equals = block(r#"{"StringEquals": {"ec2:ResourceTag/Env": ["dev", "test"]}}"#);
    let not_equals = block(r#"{"StringNotEquals": {"ec2:ResourceTag/Env": ["dev", "test"]}}"#);
    for (value, expected) in [("dev", true), ("test", true), ("prod", false)] {
        let context = context(&[("ec2:ResourceTag/Env", value)]);
        assert_eq!(holds(&equals, &context), expected, "{value}");
        assert_eq!(holds(&not_equals, &context), !expected, "{value}");
    }
}

#[test]
fn string_like_wildcards() {
    // "IAM JSON policy elements: Condition operators", ...IfExists: instance types "t1.*",
    // "t2.*", "m3.*".
    let types = block(r#"{"StringLike": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}"#);
    for (value, expected) in [
        ("t2.micro", true),
        ("m3.large", true),
        ("t3.micro", false),
        ("T2.micro", false),
        ("t2", false),
    ] {
        assert_eq!(
            holds(&types, &context(&[("ec2:InstanceType", value)])),
            expected,
            "{value}"
        );
    }
    let question = block(r#"{"StringLike": {"k:k": "a?c"}}"#);
    assert!(holds(&question, &context(&[("k:k", "abc")])));
    assert!(!holds(&question, &context(&[("k:k", "ac")])));
    let not_like = block(r#"{"StringNotLike": {"k:k": ["a*", "*z"]}}"#);
    assert!(!holds(&not_like, &context(&[("k:k", "abc")])));
    assert!(!holds(&not_like, &context(&[("k:k", "xyz")])));
    assert!(holds(&not_like, &context(&[("k:k", "mmm")])));
}

#[test]
fn string_like_with_variables_doc_example() {
    // "IAM JSON policy elements: Condition operators", String condition operators: the Amazon S3
    // console home directory, "s3:prefix": ["", "home/", "home/${aws:username}/"].
    let home = block(r#"{"StringLike": {"s3:prefix": ["", "home/", "home/${aws:username}/"]}}"#);
    let bob = |prefix| context(&[("aws:username", "bob"), ("s3:prefix", prefix)]);
    assert!(holds(&home, &bob("")));
    assert!(holds(&home, &bob("home/")));
    assert!(holds(&home, &bob("home/bob/")));
    assert!(!holds(&home, &bob("home/alice/")));
    assert!(!holds(&home, &bob("home/bob/photos")));
    // "IAM policy elements: Variables and tags": "${aws:username}/*".
    let prefix = block(r#"{"StringLike": {"s3:prefix": ["${aws:username}/*"]}}"#);
    assert!(holds(&prefix, &bob("bob/photos/x.png")));
    assert!(!holds(&prefix, &bob("alice/x")));
}

#[test]
fn variables_with_no_value() {
    // "IAM policy elements: Variables and tags", Policy variables with no value: StringEquals
    // does not match a variable with no value; StringNotEquals does, so the Deny applies when
    // aws:PrincipalTag/Team is not set.
    let deny =
        block(r#"{"StringNotEquals": {"s3:ExistingObjectTag/Team": "${aws:PrincipalTag/Team}"}}"#);
    let object = context(&[("s3:ExistingObjectTag/Team", "red")]);
    assert!(holds(&deny, &object));
    assert_eq!(missing(&deny, &object), ["aws:PrincipalTag/Team"]);
    let red = context(&[
        ("s3:ExistingObjectTag/Team", "red"),
        ("aws:PrincipalTag/Team", "red"),
    ]);
    assert!(!holds(&deny, &red));
    assert!(missing(&deny, &red).is_empty());
    let blue = context(&[
        ("s3:ExistingObjectTag/Team", "red"),
        ("aws:PrincipalTag/Team", "blue"),
    ]);
    assert!(holds(&deny, &blue));
    // "Variables and tags": "s3:ExistingObjectTag/owner": "${aws:PrincipalTag/owner}".
    let allow =
        block(r#"{"StringEquals": {"s3:ExistingObjectTag/owner": "${aws:PrincipalTag/owner}"}}"#);
    assert!(!holds(&allow, &object));
    assert!(holds(
        &allow,
        &context(&[
            ("s3:ExistingObjectTag/owner", "ann"),
            ("aws:PrincipalTag/owner", "ann")
        ])
    ));
    // A default stands in for a missing value.
    let default = block(r#"{"StringEquals": {"k:k": "${aws:PrincipalTag/team, 'none'}"}}"#);
    assert!(holds(&default, &context(&[("k:k", "none")])));
    assert!(missing(&default, &context(&[("k:k", "none")])).is_empty());
}

#[test]
fn variables_need_the_2012_version() {
    // "Variables and tags": without Version 2012-10-17 "variables like ${aws:username} are
    // treated as literal strings".
    for version in ["", r#""Version": "2008-10-17","#] {
        let literal =
            compile_with_version(r#"{"StringEquals": {"k:k": "${aws:username}"}}"#, version)
                .unwrap();
        assert!(holds(
            &literal,
            &context(&[("k:k", "${aws:username}"), ("aws:username", "x")])
        ));
        assert!(!holds(
            &literal,
            &context(&[("k:k", "x"), ("aws:username", "x")])
        ));
    }
}

#[test]
fn special_characters_in_condition_values() {
    // "Variables and tags", Special characters: ${*} and ${?} are literal in StringLike.
    let literal = block(r#"{"StringLike": {"k:k": "a${*}b${?}*"}}"#);
    assert!(holds(&literal, &context(&[("k:k", "a*b?xyz")])));
    assert!(!holds(&literal, &context(&[("k:k", "aXb?xyz")])));
    assert!(!holds(&literal, &context(&[("k:k", "a*bXxyz")])));
    let equals = block(r#"{"StringEquals": {"k:k": "${$}{x}"}}"#);
    assert!(holds(&equals, &context(&[("k:k", "${x}")])));
}

#[test]
fn multivalued_key_without_set_operator() {
    // A positive operator holds when some value matches; a negated one when none does.
    let tags = multi("aws:TagKeys", &["a", "b"]);
    assert!(holds(
        &block(r#"{"StringEquals": {"aws:TagKeys": "a"}}"#),
        &tags
    ));
    assert!(!holds(
        &block(r#"{"StringEquals": {"aws:TagKeys": "c"}}"#),
        &tags
    ));
    assert!(!holds(
        &block(r#"{"StringNotEquals": {"aws:TagKeys": "a"}}"#),
        &tags
    ));
    assert!(holds(
        &block(r#"{"StringNotEquals": {"aws:TagKeys": "c"}}"#),
        &tags
    ));
    // A multivalued key is no policy variable ("Single-valued vs. multivalued context keys").
    let mut context = tags.clone();
    context.insert("k:k", "a");
    assert!(!holds(
        &block(r#"{"StringEquals": {"k:k": "${aws:TagKeys}"}}"#),
        &context
    ));
}

#[test]
fn every_entry_must_hold() {
    // "IAM policy elements: Variables and tags", the SNS topic policy: StringLike on the
    // endpoint and StringEquals on the protocol.
    let sns = block(
        r#"{"StringLike": {"sns:endpoint": "https://example.com/${aws:username}/"},
            "StringEquals": {"sns:Protocol": "https"}}"#,
    );
    let request = |endpoint, protocol| {
        context(&[
            ("aws:username", "bob"),
            ("sns:Endpoint", endpoint),
            ("sns:Protocol", protocol),
        ])
    };
    assert!(holds(&sns, &request("https://example.com/bob/", "https")));
    assert!(!holds(&sns, &request("https://example.com/bob/", "http")));
    assert!(!holds(&sns, &request("https://example.com/eve/", "https")));
    // Two keys under one operator are ANDed too.
    let both = block(
        r#"{"StringEquals": {"ec2:ResourceTag/Project": "DataAnalytics", "aws:PrincipalTag/Department": "Data"}}"#,
    );
    assert!(holds(
        &both,
        &context(&[
            ("ec2:ResourceTag/Project", "DataAnalytics"),
            ("aws:PrincipalTag/Department", "Data")
        ])
    ));
    assert!(!holds(
        &both,
        &context(&[("ec2:ResourceTag/Project", "DataAnalytics")])
    ));
    let empty = block("{}");
    assert!(empty.is_empty() && holds(&empty, &Context::new()));
    assert!(!both.is_empty());
    assert_eq!(
        both.keys().collect::<Vec<_>>(),
        ["ec2:ResourceTag/Project", "aws:PrincipalTag/Department"]
    );
}

#[test]
fn evaluate_reports_every_missing_key() {
    let block = block(
        r#"{"StringEquals": {"a:One": "x", "a:Two": "${a:Var}"}, "Null": {"a:Three": "true"},
            "NumericLessThanIfExists": {"a:Four": "1"}}"#,
    );
    let keys = missing(&block, &Context::new());
    assert_eq!(keys, ["a:One", "a:Two", "a:Var", "a:Three", "a:Four"]);
    // `matches` stops early but gives the same answer.
    assert!(!block.matches(&Context::new()));
}
