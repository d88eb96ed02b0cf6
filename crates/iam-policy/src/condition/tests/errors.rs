//! Compile-time refusals: unknown operators and values their operator cannot read.

use super::compile;
use crate::condition::{INVALID_CONDITION_TYPE, LEGACY_PARSING};
use crate::parse::{Pos, Span};

fn error(condition: &str) -> String {
    match compile(condition) {
        Ok(block) => panic!("{condition} compiled: {block:?}"),
        Err(error) => error.message,
    }
}

#[test]
fn unknown_operators_are_invalid_condition_types() {
    // IAM answered CreateRole with "Invalid Condition type : stringEquals".
    assert_eq!(
        error(r#"{"stringEquals": {"aws:username": "x"}}"#),
        format!("{INVALID_CONDITION_TYPE}stringEquals")
    );
    assert_eq!(
        error(r#"{"StringMatch": {"k:k": "x"}}"#),
        "Invalid Condition type : StringMatch"
    );
    for operator in [
        "x",
        "NullIfExists",
        "ForAnyValue::StringEqualsIfExists",
        "StringEqualsIfExistsIfExists",
        "BinaryNotEquals",
    ] {
        assert_eq!(
            error(&format!(r#"{{"{operator}": {{"k:k": "1"}}}}"#)),
            format!("{INVALID_CONDITION_TYPE}{operator}")
        );
    }
}

#[test]
fn unreadable_values_fail_legacy_parsing() {
    // Observed on IAM for dates: "DateGreaterThan": {"a": "sdfdsf"}, "234-13",
    // "2016-12-13t2:00:00.593194+1", "9223372036854775808".
    for condition in [
        r#"{"DateGreaterThan": {"a": "sdfdsf"}}"#,
        r#"{"DateLessThanEquals": {"a": "234-13"}}"#,
        r#"{"DateLessThanEquals": {"a": "2016-12-13t2:00:00.593194+1"}}"#,
        r#"{"DateLessThanEquals": {"a": "2016-12-13t2:00:00.1999999999+10:59"}}"#,
        r#"{"DateLessThan": {"a": "9223372036854775808"}}"#,
        r#"{"NumericLessThan": {"s3:max-keys": "ten"}}"#,
        r#"{"NumericEquals": {"k:k": ["1", "x"]}}"#,
        r#"{"NumericEquals": {"k:k": "${aws:username}"}}"#,
        r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}}"#,
        r#"{"NotIpAddress": {"aws:SourceIp": "example.com"}}"#,
        r#"{"Bool": {"aws:SecureTransport": "yes"}}"#,
        r#"{"Bool": {"aws:SecureTransport": 1}}"#,
        r#"{"Null": {"aws:TokenIssueTime": "maybe"}}"#,
        r#"{"BinaryEquals": {"k:k": "not base64!"}}"#,
        r#"{"ForAllValues:DateEquals": {"k:k": "x"}}"#,
        r#"{"DateEqualsIfExists": {"k:k": "${aws:CurrentTime}"}}"#,
    ] {
        assert_eq!(error(condition), LEGACY_PARSING, "{condition}");
    }
}

#[test]
fn values_iam_accepts() {
    // Observed on IAM: "01T", "2016-12-13t2:00:00.593194+23", "-292275054" are dates; an empty
    // list is a value list.
    for condition in [
        r#"{"DateGreaterThan": {"a": "01T"}}"#,
        r#"{"DateLessThanEquals": {"a": "2016-12-13t2:00:00.593194+23"}}"#,
        r#"{"DateLessThanEquals": {"a": "2016-12-13T21:20:37.593194+00:00"}}"#,
        r#"{"DateLessThan": {"a": "-292275054"}}"#,
        r#"{"DateGreaterThan": {"a": []}}"#,
        r#"{"StringEqualsIfExists": {"a": "asf"}}"#,
        r#"{"ForAnyValue:StringEqualsIfExists": {"a": "asf"}}"#,
        r#"{"ForAllValues:StringEquals": {"aws:TagKeys": "Department"}}"#,
        r#"{"StringLike": {"k:k": "${unterminated"}}"#,
        r#"{"Bool": {"k:k": "${k:other}"}}"#,
        r#"{"x": {}, "y": {}}"#,
    ] {
        assert!(compile(condition).is_ok(), "{condition}");
    }
}

#[test]
fn errors_point_at_the_key_value() {
    let text = r#"{"NumericEquals": {"k:k": "one"}}"#;
    let error = compile(text).expect_err("refused");
    // The statement is on line 1; the value "one" starts after `"k:k": ` in the condition.
    let Some(Span { start, end }) = error.span else {
        panic!("no span");
    };
    assert_eq!(start.line, 1);
    assert_eq!(
        end,
        Pos {
            line: 1,
            column: start.column + 5
        }
    );
}
