use super::json::{MAX_CHARS, MAX_DEPTH};
use super::*;

fn ok(text: &str, kind: PolicyKind) -> Policy {
    match parse_policy(text, kind) {
        Ok(policy) => policy,
        Err(e) => panic!("{text}: {e:?}"),
    }
}

fn err(text: &str, kind: PolicyKind) -> String {
    match parse_policy(text, kind) {
        Ok(policy) => panic!("{text} parsed: {policy:?}"),
        Err(e) => e.message,
    }
}

fn pos(line: usize, column: usize) -> Pos {
    Pos { line, column }
}

/// IAM User Guide, "Amazon S3: Allows IAM users access to their S3 home directory".
const HOME_DIRECTORY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListYourObjects",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": ["arn:aws:s3:::bucket-name"],
            "Condition": {
                "StringLike": {
                    "s3:prefix": ["home/${aws:username}/*"]
                }
            }
        },
        {
            "Sid": "ReadWriteDeleteYourObjects",
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject"
            ],
            "Resource": [
                "arn:aws:s3:::bucket-name/home/${aws:username}",
                "arn:aws:s3:::bucket-name/home/${aws:username}/*"
            ]
        }
    ]
}"#;

#[test]
fn documented_identity_policy_with_positions() {
    let policy = ok(HOME_DIRECTORY, PolicyKind::Identity);
    assert_eq!(policy.version, Some(Version::V2012_10_17));
    assert_eq!(policy.id, None);
    let [first, second] = policy.statements.as_slice() else {
        panic!("two statements expected");
    };
    assert_eq!(first.sid.as_deref(), Some("ListYourObjects"));
    assert_eq!(first.effect, Effect::Allow);
    assert_eq!(first.action.patterns, ["s3:ListBucket"]);
    assert!(!first.action.negated);
    assert_eq!(
        first.conditions,
        [Condition {
            operator: "StringLike".into(),
            key: "s3:prefix".into(),
            values: vec!["home/${aws:username}/*".into()],
            span: Span {
                start: pos(11, 34),
                end: pos(11, 60)
            },
        }]
    );
    assert_eq!(
        first.span,
        Span {
            start: pos(4, 9),
            end: pos(14, 10)
        }
    );
    assert_eq!(
        second.span,
        Span {
            start: pos(15, 9),
            end: pos(27, 10)
        }
    );
    assert_eq!(second.action.patterns.len(), 3);
    let resource = second.resource.as_ref().map(|r| r.patterns.len());
    assert_eq!(resource, Some(2));
}

/// IAM User Guide, "Allows access only with MFA" (BlockMostAccessUnlessSignedInWithMFA, abridged).
#[test]
fn documented_not_action_deny_with_bool_condition() {
    let policy = ok(
        r#"{"Version":"2012-10-17","Statement":{"Sid":"BlockMostAccessUnlessSignedInWithMFA",
        "Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:ListMFADevices","sts:GetSessionToken"],
        "Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false},
        "NumericLessThan":{"aws:MultiFactorAuthAge":[3600, 1.5e2]}}}}"#,
        PolicyKind::Identity,
    );
    let [statement] = policy.statements.as_slice() else {
        panic!("one statement expected");
    };
    assert_eq!(statement.effect, Effect::Deny);
    assert!(statement.action.negated);
    let values: Vec<_> = statement
        .conditions
        .iter()
        .map(|c| c.values.clone())
        .collect();
    assert_eq!(values, [vec!["false"], vec!["3600", "1.5e2"]]);
}

/// IAM User Guide, a role trust policy for EC2, and the cross-account form.
#[test]
fn documented_trust_policies() {
    let policy = ok(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        PolicyKind::Trust,
    );
    let principal = policy.statements.first().and_then(|s| s.principal.clone());
    assert_eq!(
        principal.map(|p| p.principal),
        Some(Principal::Named(vec![(
            PrincipalType::Service,
            vec!["ec2.amazonaws.com".into()]
        )]))
    );
    ok(
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],
        "Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
        "Action":["sts:AssumeRole","sts:TagSession"]}}"#,
        PolicyKind::Trust,
    );
}

/// Amazon S3 User Guide, a bucket policy granting another account, with NotPrincipal and "*".
#[test]
fn documented_resource_policies() {
    let policy = ok(
        r#"{"Version":"2008-10-17","Id":"PolicyForBucket","Statement":[
        {"Sid":"Grant any","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
        {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/Bob"},"Action":"s3:*","NotResource":"arn:aws:s3:::b"}]}"#,
        PolicyKind::Resource,
    );
    assert_eq!(policy.version, Some(Version::V2008_10_17));
    assert_eq!(policy.id.as_deref(), Some("PolicyForBucket"));
    let blocks: Vec<_> = policy
        .statements
        .iter()
        .filter_map(|s| {
            s.principal
                .as_ref()
                .map(|p| (p.negated, p.principal == Principal::Any))
        })
        .collect();
    assert_eq!(blocks, [(false, true), (true, false)]);
    assert_eq!(
        policy
            .statements
            .get(1)
            .and_then(|s| s.resource.as_ref())
            .map(|r| r.negated),
        Some(true)
    );
}

#[test]
fn version_is_optional() {
    let policy = ok(
        r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
        PolicyKind::Session,
    );
    assert_eq!(policy.version, None);
}

const ALLOW: &str = r#""Effect":"Allow","Action":"s3:*","Resource":"*""#;

#[test]
fn error_texts() {
    use PolicyKind::{Identity, PermissionsBoundary, Rcp, Resource, Scp, Session, Trust};
    let with = |statement: &str| format!(r#"{{"Version":"2012-10-17","Statement":{statement}}}"#);
    let principal = with(&format!(r#"{{{ALLOW},"Principal":"*"}}"#));
    for kind in [Identity, PermissionsBoundary, Session, Scp] {
        assert_eq!(err(&principal, kind), SHOULD_NOT_SPECIFY_PRINCIPAL);
    }
    for kind in [Resource, Rcp] {
        assert_eq!(err(&with(&format!("{{{ALLOW}}}")), kind), MISSING_PRINCIPAL);
    }
    let trust = r#""Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole""#;
    assert_eq!(
        err(&with(&format!("{{{trust},\"Resource\":\"*\"}}")), Trust),
        PROHIBITED_RESOURCE
    );
    for bad in [
        r#""arn""#,
        r#"{"Users":"x"}"#,
        "{}",
        r#"{"AWS":[]}"#,
        r#"{"AWS":1}"#,
        "[]",
        r#"{"AWS":"a","AWS":"b"}"#,
    ] {
        let text = with(&format!(r#"{{{ALLOW},"Principal":{bad}}}"#));
        assert_eq!(err(&text, Resource), INVALID_PRINCIPAL, "{bad}");
    }
    assert_eq!(
        err(&with(r#"{"Effect":"Allow","Resource":"*"}"#), Identity),
        MUST_CONTAIN_ACTIONS
    );
    assert_eq!(
        err(
            &with(r#"{"Effect":"Allow","Action":[],"Resource":"*"}"#),
            Identity
        ),
        MUST_CONTAIN_ACTIONS
    );
    assert_eq!(
        err(&with(r#"{"Effect":"Allow","Action":"s3:*"}"#), Identity),
        MUST_CONTAIN_RESOURCES
    );
    assert_eq!(
        err(
            &with(r#"{"Effect":"Allow","Action":"s3:*","NotResource":[]}"#),
            Identity
        ),
        MUST_CONTAIN_RESOURCES
    );
    assert_eq!(
        err(&with(r#"{"Action":"s3:*","Resource":"*"}"#), Identity),
        MISSING_EFFECT
    );
    let sids = with(&format!(r#"[{{"Sid":"A",{ALLOW}}},{{"Sid":"A",{ALLOW}}}]"#));
    assert_eq!(err(&sids, Identity), DUPLICATE_SID);
    assert_eq!(
        err(&with(&format!(r#"{{"Sid":"a b",{ALLOW}}}"#)), Identity),
        SID_NOT_ALPHANUMERIC
    );
    for syntax in [
        String::new(),
        "not json".into(),
        "[]".into(),
        r#"{"Version":"2012-10-17"}"#.into(),
        r#"{"Version":"2012-10-18","Statement":[]}"#.into(),
        with("[]"),
        with("\"x\""),
        with(&format!(r#"{{{ALLOW},"Effect":"Deny"}}"#)),
        with(&format!(r#"{{{ALLOW},"NotAction":"s3:Get*"}}"#)),
        with(&format!(r#"{{{ALLOW},"Extra":1}}"#)),
        with(&format!(
            r#"{{{ALLOW},"Condition":{{"Bool":{{"k":null}}}}}}"#
        )),
        with(&format!(
            r#"{{{ALLOW},"Condition":{{"Bool":{{"k":"a","k":"b"}}}}}}"#
        )),
        with(&format!(r#"{{{ALLOW},"Condition":{{"Bool":"x"}}}}"#)),
        with(r#"{"Effect":"Permit","Action":"s3:*","Resource":"*"}"#),
        with(r#"{"Effect":"Allow","Action":"s3:*","Resource":1}"#),
        format!(r#"{{"Statement":{{{ALLOW}}},"Statement":{{{ALLOW}}}}}"#),
        format!(r#"{{"Statement":{{{ALLOW}}},"Sid":"x"}}"#),
        format!(r#"{{"Statement":{{{ALLOW}}}}} trailing"#),
    ] {
        assert_eq!(err(&syntax, Identity), SYNTAX_ERRORS, "{syntax}");
    }
}

#[test]
fn error_spans_point_at_the_fault() {
    let text = "{\"Statement\": {\n  \"Effect\": \"Allow\",\n  \"Action\": \"s3:*\",\n  \"Resource\": \"*\",\n  \"Principal\": \"*\"\n}}";
    let error = parse_policy(text, PolicyKind::Identity).err();
    assert_eq!(
        error.and_then(|e| e.span),
        Some(Span {
            start: pos(5, 16),
            end: pos(5, 19)
        })
    );
}

#[test]
fn positions_count_characters_not_bytes() {
    // `é` and `日` are one column each; `\u00e9` and `\n` are written with six and two.
    let text = "{\"Statement\": {\"Sid\": \"é\\u00e9日\\n\", \"Effect\": 1}}";
    let error = parse_policy(text, PolicyKind::Identity).err();
    assert_eq!(
        error.and_then(|e| e.span),
        Some(Span {
            start: pos(1, 47),
            end: pos(1, 48)
        })
    );
    let value = json::read("[\n  \"日本\", -12.5e3,\n\"\\\"x\"]");
    let Ok(json::Value {
        kind: json::Kind::Array(items),
        ..
    }) = value
    else {
        panic!("array expected");
    };
    let spans: Vec<_> = items
        .iter()
        .map(|item| (item.span.start, item.span.end))
        .collect();
    assert_eq!(
        spans,
        [
            (pos(2, 3), pos(2, 7)),
            (pos(2, 9), pos(2, 16)),
            (pos(3, 1), pos(3, 6)),
        ]
    );
}

#[test]
fn hostile_inputs_are_refused_without_panicking() {
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(err(&deep, PolicyKind::Identity), SYNTAX_ERRORS);
    let very_deep = "[".repeat(1_000_000);
    assert_eq!(err(&very_deep, PolicyKind::Identity), SYNTAX_ERRORS);
    let huge = format!(
        r#"{{"Statement":{{{ALLOW},"Sid":"{}"}}}}"#,
        "a".repeat(MAX_CHARS)
    );
    assert_eq!(err(&huge, PolicyKind::Identity), SYNTAX_ERRORS);
    for escape in [
        r"\ud800",
        r"\udc00",
        r"\ud800\u0041",
        r"\ud800x",
        r"\u12",
        r"\x",
    ] {
        let text = format!(r#"{{"Statement":{{{ALLOW},"Sid":"{escape}"}}}}"#);
        assert_eq!(err(&text, PolicyKind::Identity), SYNTAX_ERRORS, "{escape}");
    }
    for broken in [
        "{",
        "{\"",
        "[1,",
        "\"\u{1}\"",
        "01",
        "-",
        "1.",
        "1e",
        "tru",
        "{\"a\" 1}",
        "[1 2]",
    ] {
        assert!(json::read(broken).is_err(), "{broken}");
    }
}

#[test]
fn json_reader_decodes_escapes_and_numbers() {
    let value = json::read(r#"["\ud83d\ude00\n\"\/", -0.5e+3, true, null, {}]"#);
    let Ok(json::Value {
        kind: json::Kind::Array(items),
        ..
    }) = value
    else {
        panic!("array expected");
    };
    let kinds: Vec<_> = items.into_iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        [
            json::Kind::String("\u{1F600}\n\"/".into()),
            json::Kind::Number("-0.5e+3"),
            json::Kind::Bool(true),
            json::Kind::Null,
            json::Kind::Object(Vec::new()),
        ]
    );
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_policy(&text, PolicyKind::Resource);
    }

    #[test]
    fn json_shaped_text_never_panics(text in r#"[\[\]{}",:0-9eE.+\-\\u dAtrunlfsS*]{0,120}"#) {
        let _ = parse_policy(&text, PolicyKind::Identity);
    }

    #[test]
    fn string_values_round_trip(value in "\\PC{0,40}") {
        let Ok(quoted) = serde_json::to_string(&value) else {
            return Ok(());
        };
        let text = format!(r#"{{"Statement":{{"Sid":"A","Effect":"Allow","Action":{quoted},"Resource":"*"}}}}"#);
        let policy = parse_policy(&text, PolicyKind::Identity);
        let patterns = policy.ok().and_then(|p| p.statements.into_iter().next()).map(|s| s.action.patterns);
        proptest::prop_assert_eq!(patterns, Some(vec![value]));
    }
}
