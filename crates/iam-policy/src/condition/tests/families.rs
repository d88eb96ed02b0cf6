//! Numeric, date, Bool, binary, IP and ARN operators through whole condition blocks. The
//! examples come from "IAM JSON policy elements: Condition operators"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>)
//! unless another page is named.

use super::{block, context, holds, multi};

#[test]
fn numeric_doc_example() {
    let up_to_ten = block(r#"{"NumericLessThanEquals": {"s3:max-keys": "10"}}"#);
    assert!(holds(&up_to_ten, &context(&[("s3:max-keys", "10")])));
    assert!(holds(&up_to_ten, &context(&[("s3:max-keys", "2")])));
    assert!(!holds(&up_to_ten, &context(&[("s3:max-keys", "11")])));
    assert!(!holds(&up_to_ten, &context(&[("s3:max-keys", "many")])));
    // JSON numbers keep their text.
    let json_number = block(r#"{"NumericEquals": {"k:k": 1.50}}"#);
    assert!(holds(&json_number, &context(&[("k:k", "1.5")])));
    let not_equals = block(r#"{"NumericNotEquals": {"k:k": [1, 2]}}"#);
    assert!(!holds(&not_equals, &context(&[("k:k", "2.0")])));
    assert!(holds(&not_equals, &context(&[("k:k", "3")])));
    // A request value that is no number equals no policy value.
    assert!(holds(&not_equals, &context(&[("k:k", "two")])));
    for (operator, expected) in [
        ("NumericLessThan", [true, false, false]),
        ("NumericLessThanEquals", [true, true, false]),
        ("NumericGreaterThan", [false, false, true]),
        ("NumericGreaterThanEquals", [false, true, true]),
        ("NumericEquals", [false, true, false]),
        ("NumericNotEquals", [true, false, true]),
    ] {
        let block = block(&format!(r#"{{"{operator}": {{"k:k": "5"}}}}"#));
        for (value, expected) in ["4.99", "5", "5.01"].iter().zip(expected) {
            assert_eq!(
                holds(&block, &context(&[("k:k", value)])),
                expected,
                "{operator} {value}"
            );
        }
    }
}

#[test]
fn date_doc_example() {
    // Credentials issued after 2020-01-01T00:00:01Z.
    let fresh = block(r#"{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}"#);
    assert!(holds(
        &fresh,
        &context(&[("aws:TokenIssueTime", "2020-06-30T12:00:00Z")])
    ));
    assert!(!holds(
        &fresh,
        &context(&[("aws:TokenIssueTime", "2019-12-31T23:59:59Z")])
    ));
    // "The key is not present in ... requests that are made using access keys ... the request
    // is denied".
    assert!(!holds(&fresh, &context(&[])));
    // aws:EpochTime holds epoch seconds; policy values may be epoch too.
    let window = block(
        r#"{"DateGreaterThan": {"aws:CurrentTime": "2017-07-01T00:00:00Z"},
            "DateLessThan": {"aws:EpochTime": "1514764799"}}"#,
    );
    assert!(holds(
        &window,
        &context(&[
            ("aws:CurrentTime", "2017-09-01T10:00:00Z"),
            ("aws:EpochTime", "1504260000")
        ])
    ));
    assert!(!holds(
        &window,
        &context(&[
            ("aws:CurrentTime", "2018-01-02T00:00:00Z"),
            ("aws:EpochTime", "1514851200")
        ])
    ));
    let not_equals = block(r#"{"DateNotEquals": {"aws:CurrentTime": "2020-01-01"}}"#);
    assert!(!holds(
        &not_equals,
        &context(&[("aws:CurrentTime", "2020-01-01T00:00:00+00:00")])
    ));
    assert!(holds(
        &not_equals,
        &context(&[("aws:CurrentTime", "2020-01-02")])
    ));
}

#[test]
fn bool_doc_example() {
    // Deny when not over SSL: "Bool": {"aws:SecureTransport": "false"}.
    let insecure = block(r#"{"Bool": {"aws:SecureTransport": "false"}}"#);
    assert!(holds(
        &insecure,
        &context(&[("aws:SecureTransport", "false")])
    ));
    assert!(holds(
        &insecure,
        &context(&[("aws:SecureTransport", "FALSE")])
    ));
    assert!(!holds(
        &insecure,
        &context(&[("aws:SecureTransport", "true")])
    ));
    assert!(!holds(
        &insecure,
        &context(&[("aws:SecureTransport", "no")])
    ));
    // JSON booleans (the MFA example writes `"aws:MultiFactorAuthPresent": true`).
    let mfa = block(r#"{"Bool": {"aws:MultiFactorAuthPresent": true}}"#);
    assert!(holds(
        &mfa,
        &context(&[("aws:MultiFactorAuthPresent", "true")])
    ));
    // Variables are resolved in Bool values.
    let same = block(r#"{"Bool": {"k:a": "${k:b}"}}"#);
    assert!(holds(&same, &context(&[("k:a", "true"), ("k:b", "True")])));
    assert!(!holds(
        &same,
        &context(&[("k:a", "true"), ("k:b", "false")])
    ));
    assert!(!holds(&same, &context(&[("k:a", "true")])));
}

#[test]
fn binary_doc_example() {
    let binary = block(r#"{"BinaryEquals": {"key:key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#);
    assert!(holds(
        &binary,
        &context(&[("key:key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==")])
    ));
    assert!(!holds(&binary, &context(&[("key:key", "QmluYXJ5")])));
}

#[test]
fn ip_address_doc_examples() {
    let range = block(r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#);
    assert!(holds(&range, &context(&[("aws:SourceIp", "203.0.113.77")])));
    assert!(!holds(
        &range,
        &context(&[("aws:SourceIp", "198.51.100.7")])
    ));
    // "The aws:SourceIp key is always present ... except when the requester uses a VPC
    // endpoint ... the condition returns false".
    assert!(!holds(&range, &context(&[])));
    let mixed =
        block(r#"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}"#);
    assert!(holds(
        &mixed,
        &context(&[("aws:SourceIp", "2001:db8:1234:5678:a::1")])
    ));
    let outside =
        block(r#"{"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}}"#);
    assert!(holds(
        &outside,
        &context(&[("aws:SourceIp", "198.51.100.1")])
    ));
    assert!(!holds(&outside, &context(&[("aws:SourceIp", "192.0.2.1")])));
    // A plain address is a /32.
    let one = block(r#"{"IpAddress": {"aws:SourceIp": "203.0.113.1"}}"#);
    assert!(holds(&one, &context(&[("aws:SourceIp", "203.0.113.1")])));
    assert!(!holds(&one, &context(&[("aws:SourceIp", "203.0.113.2")])));
}

#[test]
fn arn_doc_examples() {
    let pattern = "arn:aws:someservice:*:111122223333:finance/*";
    let value =
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
    // "With a StringLike condition, the match succeeds ... With an ArnLike condition, which
    // matches elements between colons, the match fails."
    let string_like = block(&format!(r#"{{"StringLike": {{"k:k": "{pattern}"}}}}"#));
    let arn_like = block(&format!(r#"{{"ArnLike": {{"k:k": "{pattern}"}}}}"#));
    let request = context(&[("k:k", value)]);
    assert!(holds(&string_like, &request));
    assert!(!holds(&arn_like, &request));
    assert!(holds(
        &arn_like,
        &context(&[(
            "k:k",
            "arn:aws:someservice:us-east-2:111122223333:finance/q1/report.txt"
        )])
    ));
    // SQS queue policy: "ArnEquals": {"aws:SourceArn": "arn:aws:sns:REGION:123456789012:TOPIC-ID"}.
    let topic =
        block(r#"{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:topic"}}"#);
    assert!(holds(
        &topic,
        &context(&[("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topic")])
    ));
    assert!(!holds(
        &topic,
        &context(&[("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:other")])
    ));
    assert!(!holds(
        &topic,
        &context(&[("aws:SourceArn", "ARN:aws:sns:us-east-1:123456789012:topic")])
    ));
}

#[test]
fn arn_equals_behaves_as_arn_like() {
    // "The ArnEquals and ArnLike condition operators behave identically"; so do ArnNotEquals
    // and ArnNotLike.
    let values = [
        "arn:aws:iam::123456789012:role/admin",
        "arn:aws:iam::123456789012:role/path/admin",
        "arn:aws:iam::210987654321:role/admin",
        "arn:aws:iam::123456789012",
        "not-an-arn",
    ];
    for pattern in [
        "arn:aws:iam::*:role/*",
        "arn:aws:iam::123456789012:role/?dmin",
        "*",
        "arn:*",
    ] {
        let equals = block(&format!(r#"{{"ArnEquals": {{"k:k": "{pattern}"}}}}"#));
        let like = block(&format!(r#"{{"ArnLike": {{"k:k": "{pattern}"}}}}"#));
        let not_equals = block(&format!(r#"{{"ArnNotEquals": {{"k:k": "{pattern}"}}}}"#));
        let not_like = block(&format!(r#"{{"ArnNotLike": {{"k:k": "{pattern}"}}}}"#));
        for value in values {
            let context = context(&[("k:k", value)]);
            let matched = holds(&like, &context);
            assert_eq!(holds(&equals, &context), matched, "{pattern} {value}");
            assert_eq!(holds(&not_equals, &context), !matched, "{pattern} {value}");
            assert_eq!(holds(&not_like, &context), !matched, "{pattern} {value}");
        }
    }
    let any_role = block(r#"{"ArnLike": {"k:k": "arn:aws:iam::*:role/*"}}"#);
    assert!(holds(
        &any_role,
        &context(&[("k:k", "arn:aws:iam::123456789012:role/path/admin")])
    ));
    assert!(!holds(
        &any_role,
        &context(&[("k:k", "arn:aws:iam::123456789012")])
    ));
    // A pattern of stars alone matches any value; a short pattern only values as short.
    let star = block(r#"{"ArnLike": {"k:k": "*"}}"#);
    assert!(holds(&star, &context(&[("k:k", "not-an-arn")])));
    let short = block(r#"{"ArnLike": {"k:k": "arn:*"}}"#);
    assert!(!holds(&short, &context(&[("k:k", "arn:aws:iam::1:root")])));
    assert!(holds(&short, &context(&[("k:k", "arn:aws")])));
}

#[test]
fn arn_values_with_variables() {
    // "Variables and tags": policy variables work with the ARN operators.
    let own_role = block(
        r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/${aws:PrincipalTag/team}-*"}}"#,
    );
    let request = |arn| {
        context(&[
            ("aws:PrincipalArn", arn),
            ("aws:PrincipalAccount", "123456789012"),
            ("aws:PrincipalTag/team", "red"),
        ])
    };
    assert!(holds(
        &own_role,
        &request("arn:aws:iam::123456789012:role/red-ops")
    ));
    assert!(!holds(
        &own_role,
        &request("arn:aws:iam::123456789012:role/blue-ops")
    ));
    assert!(!holds(
        &own_role,
        &context(&[("aws:PrincipalArn", "arn:aws:iam::123456789012:role/red-ops")])
    ));
    let not_like = block(
        r#"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${aws:PrincipalTag/team}"}}"#,
    );
    assert!(holds(
        &not_like,
        &context(&[("aws:PrincipalArn", "arn:aws:iam::1:role/x")])
    ));
}

#[test]
fn multivalued_keys_in_other_families() {
    let ports = multi("k:k", &["22", "443"]);
    assert!(holds(
        &block(r#"{"ForAnyValue:NumericLessThan": {"k:k": "100"}}"#),
        &ports
    ));
    assert!(!holds(
        &block(r#"{"ForAllValues:NumericLessThan": {"k:k": "100"}}"#),
        &ports
    ));
    let addresses = multi("k:k", &["203.0.113.1", "198.51.100.1"]);
    assert!(holds(
        &block(r#"{"ForAnyValue:NotIpAddress": {"k:k": "203.0.113.0/24"}}"#),
        &addresses
    ));
    assert!(!holds(
        &block(r#"{"ForAllValues:NotIpAddress": {"k:k": "203.0.113.0/24"}}"#),
        &addresses
    ));
    let arns = multi("k:k", &["arn:aws:s3:::a", "arn:aws:s3:::b"]);
    assert!(holds(
        &block(r#"{"ForAllValues:ArnLike": {"k:k": "arn:aws:s3:::*"}}"#),
        &arns
    ));
}
