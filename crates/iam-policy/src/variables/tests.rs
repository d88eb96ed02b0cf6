//! Tests of policy variables. Doc examples come from "IAM policy elements: Variables and tags"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).

use proptest::prelude::*;

use super::wildcard::Atoms;
use super::{Piece, Resolved, ResourceTemplate, Template, resource};
use crate::context::Context;
use crate::glob::{Case, Glob};
use crate::matching::ResourceMatcher;
use crate::parse::Version;

const V2012: Option<Version> = Some(Version::V2012_10_17);

fn template(text: &str) -> Template {
    Template::new(text, V2012)
}

fn context(pairs: &[(&str, &str)]) -> Context {
    let mut context = Context::new();
    for (key, value) in pairs {
        context.insert(key, *value);
    }
    context
}

fn resolved(text: &str, context: &Context) -> Option<String> {
    let mut out = String::new();
    (template(text).resolve(context, &mut out) == Resolved::Complete).then_some(out)
}

fn variable(name: &str, default: Option<&str>) -> Piece {
    Piece::Variable(super::Variable::new(name, default.map(str::to_owned)))
}

#[test]
fn parses_variables_specials_and_text() {
    let parsed = template("arn:aws:s3:::bucket/${aws:username}/${*}x${?}${$}");
    assert_eq!(
        parsed.pieces(),
        [
            Piece::Text("arn:aws:s3:::bucket/".to_owned()),
            variable("aws:username", None),
            Piece::Text("/".to_owned()),
            Piece::Literal('*'),
            Piece::Text("x".to_owned()),
            Piece::Literal('?'),
            Piece::Literal('$'),
        ]
    );
    assert!(parsed.has_variables());
    assert_eq!(
        parsed.as_str(),
        "arn:aws:s3:::bucket/${aws:username}/${*}x${?}${$}"
    );
    let names: Vec<_> = parsed.variables().map(super::Variable::name).collect();
    assert_eq!(names, ["aws:username"]);
    assert_eq!(
        parsed.variables().next().map(super::Variable::key),
        Some("aws:username")
    );
}

#[test]
fn names_are_trimmed_and_lowercased_once() {
    let parsed = template("${ AWS:PrincipalTag/Cost Center }");
    let found = parsed.variables().next().unwrap();
    assert_eq!(found.name(), "AWS:PrincipalTag/Cost Center");
    assert_eq!(found.key(), "aws:principaltag/cost center");
    let context = context(&[("aws:principaltag/COST CENTER", "42")]);
    assert_eq!(
        resolved("${ AWS:PrincipalTag/Cost Center }", &context).as_deref(),
        Some("42")
    );
}

#[test]
fn default_values() {
    // Doc example: "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}".
    let text = "arn:aws:s3:::amzn-s3-demo-bucket-${aws:PrincipalTag/team, 'company-wide'}";
    assert_eq!(
        resolved(text, &context(&[("aws:PrincipalTag/team", "yellow")])).as_deref(),
        Some("arn:aws:s3:::amzn-s3-demo-bucket-yellow")
    );
    assert_eq!(
        resolved(text, &Context::new()).as_deref(),
        Some("arn:aws:s3:::amzn-s3-demo-bucket-company-wide")
    );
    // Doc example: "arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}".
    assert_eq!(
        resolved(
            "arn:aws:s3:::/bucket/${aws:userid, 'anonymous'}",
            &Context::new()
        )
        .as_deref(),
        Some("arn:aws:s3:::/bucket/anonymous")
    );
    // Spaces around the name and the quotes are optional; '' is a quote; defaults are not
    // searched for variables; an empty default is a value.
    for (text, expected) in [
        ("${k,'d'}", "d"),
        ("${ k ,  'd' }", "d"),
        ("${k, 'it''s'}", "it's"),
        ("${k, ''''}", "'"),
        ("${k, 'a}b'}", "a}b"),
        ("${k, '${aws:username}${*}'}", "${aws:username}${*}"),
        ("${k, ''}", ""),
        ("${k, 'Case'}", "Case"),
    ] {
        assert_eq!(
            resolved(text, &Context::new()).as_deref(),
            Some(expected),
            "{text}"
        );
    }
    assert_eq!(
        resolved("${k, 'd'}", &context(&[("K", "v")])).as_deref(),
        Some("v")
    );
}

#[test]
fn special_characters_resolve_to_themselves() {
    assert_eq!(
        resolved("a${*}b${?}c${$}d", &Context::new()).as_deref(),
        Some("a*b?c$d")
    );
    assert_eq!(
        resolved("${$}{aws:username}", &Context::new()).as_deref(),
        Some("${aws:username}")
    );
}

#[test]
fn malformed_variables_are_literal_text() {
    let context = context(&[("k", "v")]);
    for text in [
        "${",
        "${k",
        "${}",
        "${ }",
        "${k, d}",
        "${k, 'd'",
        "${k, 'd' x}",
        "${k,}",
        "${*, 'x'}",
        "${ * }",
        "${a b'}",
        "$",
        "$$",
        "{k}",
        "$ {k}",
        "${k{}",
        "${k$}",
    ] {
        let parsed = template(text);
        assert!(!parsed.has_variables(), "{text}");
        assert_eq!(parsed.pieces(), [Piece::Text(text.to_owned())], "{text}");
        assert_eq!(resolved(text, &context).as_deref(), Some(text));
    }
    // A malformed start does not hide a later variable.
    assert_eq!(resolved("${x ${k}", &context).as_deref(), Some("${x v"));
    assert_eq!(resolved("$${k}", &context).as_deref(), Some("$v"));
    assert_eq!(resolved("${a${k}}", &context).as_deref(), Some("${av}"));
}

#[test]
fn variables_need_version_2012_10_17() {
    // Doc: without the 2012-10-17 Version, "${aws:username}" is a literal string.
    for version in [None, Some(Version::V2008_10_17)] {
        let parsed = Template::new("home/${aws:username}/${*}", version);
        assert!(!parsed.has_variables());
        let mut out = String::new();
        assert_eq!(
            parsed.resolve(&context(&[("aws:username", "bob")]), &mut out),
            Resolved::Complete
        );
        assert_eq!(out, "home/${aws:username}/${*}");
    }
    assert!(Template::new("", None).pieces().is_empty());
    assert!(template("").pieces().is_empty());
}

#[test]
fn missing_and_multivalued_keys() {
    let mut context = context(&[("aws:username", "bob")]);
    context.insert("aws:TagKeys", vec!["a".to_owned()]);
    assert_eq!(resolved("${aws:userid}", &context), None);
    // A multivalued key is no variable, even with one value; its default applies.
    assert_eq!(resolved("${aws:TagKeys}", &context), None);
    assert_eq!(
        resolved("${aws:TagKeys, 'd'}", &context).as_deref(),
        Some("d")
    );
    let parsed = template("${aws:username}${aws:userid}${aws:TagKeys}${x, 'y'}");
    assert!(!parsed.is_resolvable(&context));
    let mut reported = Vec::new();
    parsed.missing_variables(&context, &mut |name| reported.push(name.to_owned()));
    assert_eq!(reported, ["aws:userid", "aws:TagKeys"]);
    assert_eq!(parsed.equals(&context, "bob", Case::Sensitive), None);
    assert_eq!(parsed.like(&context, "*", Case::Sensitive), None);
    assert_eq!(parsed.arn_like(&context, "*"), None);
}

#[test]
fn resolution_reuses_the_buffer() {
    let parsed = template("home/${aws:username}/");
    let context = context(&[("aws:username", "bob")]);
    let mut out = String::with_capacity(64);
    let capacity = out.capacity();
    for _ in 0..3 {
        assert_eq!(parsed.resolve(&context, &mut out), Resolved::Complete);
        assert_eq!(out, "home/bob/");
    }
    assert_eq!(out.capacity(), capacity);
}

#[test]
fn equals_compares_resolved_text() {
    // Doc example: "StringEquals": {"s3:ExistingObjectTag/owner": "${aws:PrincipalTag/owner}"}.
    let parsed = template("${aws:PrincipalTag/owner}");
    let context = context(&[("aws:PrincipalTag/owner", "Alice")]);
    assert_eq!(
        parsed.equals(&context, "Alice", Case::Sensitive),
        Some(true)
    );
    assert_eq!(
        parsed.equals(&context, "alice", Case::Sensitive),
        Some(false)
    );
    assert_eq!(
        parsed.equals(&context, "alice", Case::Insensitive),
        Some(true)
    );
    assert_eq!(
        parsed.equals(&context, "Alic", Case::Sensitive),
        Some(false)
    );
    assert_eq!(
        parsed.equals(&context, "Alice2", Case::Sensitive),
        Some(false)
    );
    // Wildcards are plain characters for equality.
    assert_eq!(
        template("a*${*}").equals(&context, "a**", Case::Sensitive),
        Some(true)
    );
    assert_eq!(
        template("a*").equals(&context, "ab", Case::Sensitive),
        Some(false)
    );
}

#[test]
fn like_keeps_values_and_specials_literal() {
    // Doc example: "StringLike": {"s3:prefix": ["${aws:username}/*"]}.
    let home = template("home/${aws:username}/*");
    let bob = context(&[("aws:username", "bob")]);
    assert_eq!(
        home.like(&bob, "home/bob/photos/x.png", Case::Sensitive),
        Some(true)
    );
    assert_eq!(home.like(&bob, "home/bob/", Case::Sensitive), Some(true));
    assert_eq!(
        home.like(&bob, "home/alice/x", Case::Sensitive),
        Some(false)
    );
    assert_eq!(
        home.like(&bob, "home/bobby/x", Case::Sensitive),
        Some(false)
    );
    // A value's `*` and `?` are not wildcards.
    let star = context(&[("aws:username", "b*")]);
    assert_eq!(home.like(&star, "home/b*/x", Case::Sensitive), Some(true));
    assert_eq!(home.like(&star, "home/bob/x", Case::Sensitive), Some(false));
    let question = context(&[("aws:username", "b?b")]);
    assert_eq!(
        home.like(&question, "home/bob/x", Case::Sensitive),
        Some(false)
    );
    assert_eq!(
        home.like(&question, "home/b?b/x", Case::Sensitive),
        Some(true)
    );
    // `${*}` and `${?}` are literal; the text's own wildcards are not.
    let special = template("a${*}b*c${?}?");
    let none = Context::new();
    assert_eq!(
        special.like(&none, "a*bXYZc?d", Case::Sensitive),
        Some(true)
    );
    assert_eq!(special.like(&none, "a*bc?d", Case::Sensitive), Some(true));
    assert_eq!(special.like(&none, "aXbc?d", Case::Sensitive), Some(false));
    assert_eq!(special.like(&none, "a*bcXd", Case::Sensitive), Some(false));
    // Doc example (SNS): "StringLike": {"sns:endpoint": "https://example.com/${aws:username}/"}.
    let endpoint = template("https://example.com/${aws:username}/");
    assert_eq!(
        endpoint.like(&bob, "https://example.com/bob/", Case::Sensitive),
        Some(true)
    );
    assert_eq!(
        endpoint.like(&bob, "https://example.com/bob/x", Case::Sensitive),
        Some(false)
    );
}

#[test]
fn like_with_several_stars_and_variables() {
    let parsed = template("*${a}*${b}?*");
    let context = context(&[("a", "x"), ("b", "yz")]);
    for (value, expected) in [
        ("xyz1", true),
        ("0x1yz2", true),
        ("xyz", false),
        ("yzx1", false),
        ("x yz!!", true),
    ] {
        assert_eq!(
            parsed.like(&context, value, Case::Sensitive),
            Some(expected),
            "{value}"
        );
    }
    assert_eq!(
        template("${a}").like(&context, "X", Case::Insensitive),
        Some(true)
    );
    assert_eq!(template("").like(&context, "", Case::Sensitive), Some(true));
    assert_eq!(
        template("${k, ''}").like(&context, "", Case::Sensitive),
        Some(true)
    );
    assert_eq!(
        template("${k, ''}").like(&context, "a", Case::Sensitive),
        Some(false)
    );
}

#[test]
fn arn_like_with_variables() {
    let parsed = template("arn:aws:iam::${aws:PrincipalAccount}:role/${aws:PrincipalTag/team}-*");
    let context = context(&[
        ("aws:PrincipalAccount", "123456789012"),
        ("aws:PrincipalTag/team", "red"),
    ]);
    assert_eq!(
        parsed.arn_like(&context, "arn:aws:iam::123456789012:role/red-admin"),
        Some(true)
    );
    assert_eq!(
        parsed.arn_like(&context, "arn:aws:iam::123456789012:role/blue-admin"),
        Some(false)
    );
    assert_eq!(
        parsed.arn_like(&context, "arn:aws:iam::210987654321:role/red-admin"),
        Some(false)
    );
    // A value's colons are no component separators.
    let colon = self::context(&[("v", "b:c")]);
    assert_eq!(
        template("a:${v}:d:e:f:g").arn_like(&colon, "a:b:c:d:e:f:g"),
        Some(false)
    );
    assert_eq!(
        template("a:b:${v}:e:f").arn_like(&colon, "a:b:b:c:e:f"),
        Some(false)
    );
    assert_eq!(
        template("a:b:c:d:e:${v}").arn_like(&colon, "a:b:c:d:e:b:c"),
        Some(true)
    );
}

#[test]
fn resource_templates() {
    // Doc example: "arn:aws:sqs:us-east-2:*:${aws:username}-queue".
    let queue = ResourceTemplate::new("arn:aws:sqs:us-east-2:*:${aws:username}-queue", V2012);
    let bob = context(&[("aws:username", "bob")]);
    assert!(queue.has_variables());
    assert!(queue.matches("arn:aws:sqs:us-east-2:123456789012:bob-queue", &bob));
    assert!(!queue.matches("arn:aws:sqs:us-east-2:123456789012:alice-queue", &bob));
    assert!(!queue.matches("arn:aws:sqs:us-east-1:123456789012:bob-queue", &bob));
    assert!(!queue.matches(
        "arn:aws:sqs:us-east-2:123456789012:bob-queue",
        &Context::new()
    ));
    // Doc example: the user's own IAM user.
    let own = ResourceTemplate::new("arn:aws:iam::*:user/${aws:username}", V2012);
    assert!(own.matches("arn:aws:iam::123456789012:user/bob", &bob));
    assert!(!own.matches("arn:aws:iam::123456789012:user/bobby", &bob));
    // Doc example: tag values in the resource part, with a trailing wildcard.
    let sns = ResourceTemplate::new(
        "arn:aws:sns:*:*:${aws:PrincipalTag/access-project}-${aws:PrincipalTag/access-application}-${aws:PrincipalTag/access-environment}-*",
        V2012,
    );
    let tags = context(&[
        ("aws:PrincipalTag/access-project", "peg"),
        ("aws:PrincipalTag/access-application", "web"),
        ("aws:PrincipalTag/access-environment", "prod"),
    ]);
    assert!(sns.matches(
        "arn:aws:sns:us-east-1:123456789012:peg-web-prod-topic1",
        &tags
    ));
    assert!(!sns.matches(
        "arn:aws:sns:us-east-1:123456789012:peg-web-dev-topic1",
        &tags
    ));
    // Missing tag: no resource matches, Resource and NotResource alike.
    assert!(!sns.matches(
        "arn:aws:sns:us-east-1:123456789012:peg-web-prod-topic1",
        &bob
    ));
    let mut reported = Vec::new();
    sns.missing_variables(&bob, &mut |name| reported.push(name.to_owned()));
    assert_eq!(reported.len(), 3);
    // `${*}` is a literal star in a resource.
    let literal = ResourceTemplate::new("arn:aws:s3:::bucket/${*}", V2012);
    assert!(literal.matches("arn:aws:s3:::bucket/*", &bob));
    assert!(!literal.matches("arn:aws:s3:::bucket/x", &bob));
    // Without variables, the plain matcher; under 2008-10-17, `${...}` is text.
    let plain = ResourceTemplate::new("arn:aws:s3:::bucket/*", V2012);
    assert!(!plain.has_variables() && plain.matches("arn:aws:s3:::bucket/x", &bob));
    let legacy = ResourceTemplate::new("arn:aws:s3:::b/${aws:username}", None);
    assert!(legacy.matches("arn:aws:s3:::b/${aws:username}", &bob));
    assert!(!legacy.matches("arn:aws:s3:::b/bob", &bob));
    assert_eq!(legacy.as_str(), "arn:aws:s3:::b/${aws:username}");
    assert_eq!(legacy.variables().count(), 0);
}

/// The template path of [`ResourceTemplate`], run on text without variables.
fn segments(pattern: &str, value: &str) -> bool {
    let parsed = Template::new(pattern, None);
    let context = Context::new();
    if !pattern.is_empty() && pattern.bytes().all(|b| b == b'*') {
        return true;
    }
    resource::segments(Atoms::new(parsed.pieces(), &context, true, true), value)
}

#[test]
fn segment_rules_match_the_resource_matcher_on_fixed_cases() {
    let user = "arn:aws:iam::123456789012:user/Bob";
    for (pattern, value) in [
        ("arn:aws:iam::*", user),
        ("arn:aws:iam:*", user),
        ("arn:*", user),
        ("arn:aws:iam::1234*", user),
        ("arn:aws:s3::*", user),
        ("arn:aws*:us-east-1:*", "arn:aws:ec2:us-east-1:1:vpc/x"),
        ("arn:aws*:eu-west-1:*", "arn:aws:ec2:us-east-1:1:vpc/x"),
        ("arn:a*s:iam::1:x", "arn:aws:foo:s:iam::1:x"),
        ("arn:aws:iam::?:x", "arn:aws:iam::::x"),
        ("arn:aws:iam", "arn:aws:iam::1:user/x"),
        ("arn:aws:iam::1:", "arn:aws:iam::1"),
        ("arn:aws:iam::1:", "arn:aws:iam::1:"),
        ("", ""),
        ("", user),
        ("arn:*:*:*:*:*end", "arn:aws:x:r:1:seg:seg:seg:end"),
        ("a*:b:c*:d:e", "a1:x:b:c:d:e"),
    ] {
        assert_eq!(
            segments(pattern, value),
            ResourceMatcher::new(pattern).matches(value),
            "{pattern} / {value}"
        );
    }
}

fn piece_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-c:*?/$]{0,12}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Text without `${` is one literal piece, resolves to itself and matches like a Glob.
    #[test]
    fn text_without_variables_round_trips(text in "[^$]{0,40}", value in "[a-c*?]{0,8}") {
        let parsed = template(&text);
        prop_assert!(!parsed.has_variables());
        prop_assert_eq!(parsed.as_str(), text.as_str());
        let mut out = String::new();
        prop_assert_eq!(parsed.resolve(&Context::new(), &mut out), Resolved::Complete);
        prop_assert_eq!(&out, &text);
        let glob = Glob::new(&text, Case::Sensitive);
        prop_assert_eq!(parsed.like(&Context::new(), &value, Case::Sensitive), Some(glob.matches(&value)));
        prop_assert_eq!(parsed.equals(&Context::new(), &text, Case::Sensitive), Some(true));
    }

    /// Wildcard matching over pieces agrees with Glob on small patterns, in both cases.
    #[test]
    fn like_agrees_with_glob(pattern in "[aAb*?]{0,8}", value in "[aAb]{0,8}") {
        let parsed = template(&pattern);
        for case in [Case::Sensitive, Case::Insensitive] {
            prop_assert_eq!(
                parsed.like(&Context::new(), &value, case),
                Some(Glob::new(&pattern, case).matches(&value))
            );
        }
    }

    /// A variable matches like its value written with `${*}`/`${?}` for its wildcards.
    #[test]
    fn variable_values_are_literal(
        head in "[ab*]{0,3}", value in "[ab*?]{0,4}", tail in "[ab*]{0,3}", subject in "[ab*?]{0,8}"
    ) {
        let context = context(&[("k", &value)]);
        let escaped: String = value
            .chars()
            .map(|c| match c { '*' => "${*}".to_owned(), '?' => "${?}".to_owned(), c => c.to_string() })
            .collect();
        let with_variable = template(&format!("{head}${{k}}{tail}"));
        let written = template(&format!("{head}{escaped}{tail}"));
        prop_assert_eq!(
            with_variable.like(&context, &subject, Case::Sensitive),
            written.like(&context, &subject, Case::Sensitive)
        );
    }

    /// The template path of ResourceTemplate follows ResourceMatcher's segment rules.
    #[test]
    fn segments_agree_with_resource_matcher(pattern in piece_text(), value in "[a-c:/]{0,12}") {
        prop_assert_eq!(segments(&pattern, &value), ResourceMatcher::new(&pattern).matches(&value));
    }

    /// Nothing panics on arbitrary text, context values or subjects.
    #[test]
    fn never_panics(text in "\\PC{0,40}", value in "\\PC{0,10}", subject in "\\PC{0,20}") {
        let context = context(&[("aws:username", &value), ("k", &value)]);
        for version in [None, Some(Version::V2008_10_17), V2012] {
            let parsed = Template::parse(&text, version).unwrap();
            let mut out = String::new();
            let _ = parsed.resolve(&context, &mut out);
            let _ = parsed.like(&context, &subject, Case::Insensitive);
            let _ = parsed.equals(&context, &subject, Case::Sensitive);
            let _ = parsed.arn_like(&context, &subject);
            let _ = ResourceTemplate::new(&text, version).matches(&subject, &context);
        }
    }
}
