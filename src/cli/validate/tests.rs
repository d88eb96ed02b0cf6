use super::finding::{FindingType, PathElement, TextIndex};
use super::validate;
use iam_policy::parse::PolicyKind;
use serde_json::json;

/// `(type, code)` of each finding of an identity policy.
fn codes(text: &str) -> Vec<(FindingType, &'static str)> {
    validate(text, PolicyKind::Identity)
        .iter()
        .map(|f| (f.finding_type, f.issue_code))
        .collect()
}

/// An identity policy with one Allow statement of these actions on `*`.
fn actions(list: &[&str]) -> String {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": list, "Resource": "*"}
    ]})
    .to_string()
}

fn condition(operator: &str, key: &str) -> String {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "*", "Condition": {operator: {key: "x"}}}]})
    .to_string()
}

fn path(elements: &[&str]) -> Vec<PathElement> {
    elements
        .iter()
        .map(|e| match e.parse::<usize>() {
            Ok(i) => PathElement::Index(i),
            Err(_) => PathElement::Value((*e).to_owned()),
        })
        .collect()
}

#[test]
fn a_good_policy_has_no_findings() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "iam:Get*"],
         "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a",
         "s3:ExistingObjectTag/owner": "b", "iam:PassedToService": "ec2.amazonaws.com"}}}]}"#;
    assert_eq!(codes(text), []);
}

#[test]
fn malformed_json_is_a_syntax_error_with_its_position() {
    let findings = validate(
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
        PolicyKind::Identity,
    );
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(
        (f.finding_type, f.issue_code),
        (FindingType::Error, "JSON_SYNTAX_ERROR")
    );
    assert_eq!(f.details, "Syntax errors in policy.");
}

#[test]
fn grammar_faults_keep_iam_messages_under_access_analyzer_codes() {
    let principal = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#;
    let f = &validate(principal, PolicyKind::Identity)[0];
    assert_eq!(f.issue_code, "UNSUPPORTED_PRINCIPAL");
    assert_eq!(f.details, "Policy document should not specify a principal.");
    assert_eq!(f.locations[0].path, path(&["Statement", "Principal"]));

    let element = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Foo":1}]}"#;
    let f = &validate(element, PolicyKind::Identity)[0];
    assert_eq!(f.issue_code, "INVALID_POLICY_ELEMENT");
    assert_eq!(
        f.locations[0].path.last(),
        Some(&PathElement::Key("Foo".into()))
    );

    let effect = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(codes(effect), [(FindingType::Error, "INVALID_EFFECT")]);
    let version = r#"{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    assert_eq!(codes(version), [(FindingType::Error, "INVALID_VERSION")]);
    let no_action = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}"#;
    assert_eq!(codes(no_action), [(FindingType::Error, "MISSING_ACTION")]);
    let trust =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#;
    let f = validate(trust, PolicyKind::Trust);
    assert_eq!(f[0].issue_code, "MISSING_PRINCIPAL");
}

#[test]
fn unknown_services_and_actions_are_warnings_at_the_entry() {
    let findings = validate(
        &actions(&[
            "s3:GetObject",
            "nosuch:GetThing",
            "iam:CreateUsr",
            "iam:Nothing*",
            "GetUser",
        ]),
        PolicyKind::Identity,
    );
    let got: Vec<_> = findings
        .iter()
        .map(|f| (f.finding_type, f.issue_code, f.locations[0].path.clone()))
        .collect();
    let w = FindingType::Warning;
    assert_eq!(
        got,
        [
            (
                w,
                "INVALID_SERVICE_IN_ACTION",
                path(&["Statement", "0", "Action", "1"])
            ),
            (
                w,
                "INVALID_ACTION",
                path(&["Statement", "0", "Action", "2"])
            ),
            (
                w,
                "INVALID_ACTION",
                path(&["Statement", "0", "Action", "3"])
            ),
            (
                w,
                "INVALID_ACTION",
                path(&["Statement", "0", "Action", "4"])
            ),
        ]
    );
    assert_eq!(
        findings[1].details,
        "The action iam:CreateUsr does not exist."
    );
    assert!(findings[2].details.contains("does not match any action"));
}

#[test]
fn actions_are_known_case_insensitively_and_not_action_is_checked_too() {
    assert_eq!(codes(&actions(&["IAM:createuser", "S3:getobject"])), []);
    let not_action = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"iam:CreateUsr","Resource":"*"}]}"#;
    let f = &validate(not_action, PolicyKind::Identity)[0];
    assert_eq!(f.issue_code, "INVALID_ACTION");
    assert_eq!(f.locations[0].path, path(&["Statement", "0", "NotAction"]));
}

#[test]
fn unknown_condition_keys_are_warnings_at_the_key() {
    let cases = [
        ("aws:SourceIpp", Some("INVALID_GLOBAL_CONDITION_KEY")),
        ("iam:NoSuchKey", Some("INVALID_SERVICE_CONDITION_KEY")),
        ("SourceIp", Some("INVALID_CONDITION_KEY_FORMAT")),
        ("aws:RequestTag/team", None),
        ("AWS:SourceIP", None),
        ("oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub", None),
    ];
    for (key, expected) in cases {
        let findings = validate(&condition("StringEquals", key), PolicyKind::Identity);
        assert_eq!(findings.first().map(|f| f.issue_code), expected, "{key}");
        if let Some(f) = findings.first() {
            assert_eq!(f.finding_type, FindingType::Warning);
            let mut want = path(&["Statement", "0", "Condition", "StringEquals"]);
            want.push(PathElement::Key(key.to_owned()));
            assert_eq!(f.locations[0].path, want);
        }
    }
}

#[test]
fn repeated_and_covered_actions_are_redundant() {
    let s = FindingType::Suggestion;
    assert_eq!(
        codes(&actions(&["iam:GetUser", "IAM:getuser"])),
        [(s, "REDUNDANT_ACTION")]
    );
    let covered = validate(&actions(&["iam:GetUser", "iam:Get*"]), PolicyKind::Identity);
    assert_eq!(covered.len(), 1);
    assert_eq!(covered[0].issue_code, "REDUNDANT_ACTION");
    assert_eq!(
        covered[0]
            .locations
            .iter()
            .map(|l| l.path.clone())
            .collect::<Vec<_>>(),
        [
            path(&["Statement", "0", "Action", "0"]),
            path(&["Statement", "0", "Action", "1"])
        ]
    );
    assert_eq!(
        codes(&actions(&["*", "s3:GetObject", "sts:*"])),
        [(s, "REDUNDANT_ACTION"), (s, "REDUNDANT_ACTION")]
    );
    // Two spellings of the same set: only the later one is redundant.
    assert_eq!(
        codes(&actions(&[
            "sts:GetCallerIdentity",
            "sts:GetCallerIdentit?"
        ]))
        .len(),
        1
    );
    assert_eq!(codes(&actions(&["iam:GetUser", "iam:ListUsers"])), []);
}

#[test]
fn identical_statements_are_redundant_whatever_their_sid() {
    let text = r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"},
        {"Sid":"B","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"},
        {"Sid":"C","Effect":"Deny","Action":["s3:PutObject","s3:GetObject"],"Resource":"*"}]}"#;
    let findings = validate(text, PolicyKind::Identity);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].issue_code, "REDUNDANT_STATEMENT");
    assert_eq!(
        findings[0]
            .locations
            .iter()
            .map(|l| l.path.clone())
            .collect::<Vec<_>>(),
        [path(&["Statement", "1"]), path(&["Statement", "0"])]
    );
}

#[test]
fn pass_role_on_any_role_is_a_security_warning_unless_limited() {
    let open = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}"#;
    assert_eq!(
        codes(open),
        [(
            FindingType::SecurityWarning,
            "PASS_ROLE_WITH_STAR_IN_RESOURCE"
        )]
    );
    let limited = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*",
        "Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}"#;
    assert_eq!(codes(limited), []);
    let named = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole",
        "Resource":"arn:aws:iam::111122223333:role/app"}]}"#;
    assert_eq!(codes(named), []);
}

#[test]
fn findings_serialize_as_access_analyzer_findings() {
    let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"iam:CreateUsr\", \"Resource\": \"*\"}}";
    let findings = validate(text, PolicyKind::Identity);
    let line = findings[0].to_json_line(&TextIndex::new(text));
    assert!(line.starts_with(r#"{"findingType":"WARNING","issueCode":"INVALID_ACTION","#));
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    let start = text.find("\"iam:CreateUsr\"").unwrap();
    let column = start - text.find('\n').unwrap() - 1;
    assert_eq!(
        value,
        json!({
            "findingType": "WARNING",
            "issueCode": "INVALID_ACTION",
            "findingDetails": "The action iam:CreateUsr does not exist.",
            "learnMoreLink": super::finding::LEARN_MORE,
            "locations": [{
                "path": [{"value": "Statement"}, {"value": "Action"}],
                "span": {
                    "start": {"line": 2, "column": column, "offset": start},
                    "end": {"line": 2, "column": column + 15, "offset": start + 15},
                },
            }],
        })
    );
}

#[test]
fn compile_faults_are_errors_too() {
    let f = &validate(
        &condition("StringEqualz", "aws:username"),
        PolicyKind::Identity,
    )[0];
    assert_eq!(
        (f.finding_type, f.issue_code),
        (FindingType::Error, "INVALID_CONDITION_OPERATOR")
    );
    assert_eq!(f.details, "Invalid Condition type : StringEqualz");
    let f = &validate(
        &condition("IpAddress", "aws:SourceIp"),
        PolicyKind::Identity,
    )[0];
    assert_eq!(f.finding_type, FindingType::Error);
    assert_eq!(
        f.locations[0].path,
        path(&["Statement", "0", "Condition", "IpAddress", "aws:SourceIp"])
    );
}
