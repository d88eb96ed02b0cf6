use serde_json::{Value, json};

use super::*;

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

fn line(value: &Value) -> Value {
    evaluate_line(&value.to_string())
}

#[test]
fn answer_has_every_field() {
    let answer = line(&json!({"identity_policies": [ALLOW_ALL], "action": "s3:GetObject"}));
    for field in [
        "decision",
        "matched_statements",
        "sources",
        "missing_context_keys",
    ] {
        assert!(answer.get(field).is_some(), "{field} missing in {answer}");
    }
    let decision = answer["decision"].as_str().unwrap();
    assert!(["allowed", "explicitDeny", "implicitDeny"].contains(&decision));
    assert_eq!(
        answer["sources"],
        json!([{"id": "identity_policies[0]", "type": "none"}])
    );
}

#[test]
fn default_ids_and_types_follow_the_fields() {
    let request = json!({
        "identity_policies": [ALLOW_ALL, {"id": "Mine", "document": ALLOW_ALL}],
        "permissions_boundary": ALLOW_ALL,
        "session_policies": [ALLOW_ALL],
        "resource_policy": {"Statement": {"Effect": "Allow", "Principal": "*",
            "Action": "s3:*", "Resource": "*"}},
        "scps": [[ALLOW_ALL], [ALLOW_ALL, ALLOW_ALL]],
        "rcps": [[{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*",
            "Resource": "*"}}]],
        "action": "s3:GetObject"
    });
    let answer = line(&request);
    let sources: Vec<(String, String)> = answer["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("identity_policies[0]", "none"),
        ("Mine", "none"),
        ("permissions_boundary", "permissions-boundary"),
        ("session_policies[0]", "session"),
        ("resource_policy", "resource"),
        ("scps[0][0]", "scp"),
        ("scps[1][0]", "scp"),
        ("scps[1][1]", "scp"),
        ("rcps[0][0]", "rcp"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(sources, expected, "{answer}");
}

#[test]
fn object_documents_carry_their_pretty_text() {
    let document = json!({"Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}});
    let answer = line(&json!({"identity_policies": [document.clone()], "action": "a:b"}));
    let text = answer["sources"][0]["text"].as_str().unwrap();
    assert_eq!(text, serde_json::to_string_pretty(&document).unwrap());
}

#[test]
fn malformed_policy_names_the_policy_and_position_in_its_text() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}\n}";
    let answer = line(&json!({"identity_policies": [ALLOW_ALL, text], "action": "a:b"}));
    let error = &answer["error"];
    assert_eq!(error["code"], "MalformedPolicyDocument");
    assert_eq!(error["policy"], "identity_policies[1]");
    assert_eq!(
        error["message"],
        crate::parse::SHOULD_NOT_SPECIFY_PRINCIPAL,
        "{answer}"
    );
    assert_eq!(error["position"]["line"], 3, "{answer}");
}

#[test]
fn object_document_errors_point_into_the_pretty_text() {
    let document = json!({"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}});
    let answer = line(
        &json!({"identity_policies": [{"id": "P", "document": document}],
        "action": "a:b"}),
    );
    let error = &answer["error"];
    assert_eq!(error["policy"], "P");
    let text = serde_json::to_string_pretty(&document).unwrap();
    let line_no = usize::try_from(error["position"]["line"].as_u64().unwrap()).unwrap();
    let at = text.lines().nth(line_no - 1).unwrap();
    assert!(at.contains("Maybe"), "{at} / {answer}");
}

#[test]
fn unreadable_lines_are_invalid_input() {
    let answer = evaluate_line("{\"action\": ");
    assert_eq!(answer["error"]["code"], "InvalidInput");
    assert_eq!(answer["error"]["policy"], Value::Null);
    assert_eq!(answer["error"]["position"]["line"], 1);
    for bad in [
        json!({}),
        json!({"action": "a:b", "unknown": 1}),
        json!({"action": "a:b", "identity_policies": [5]}),
        json!({"action": "a:b", "context": {"k": 1}}),
        json!({"action": "a:b", "principal": {"arn": "x", "type": "Robot"}}),
        json!({"action": "a:b", "principal": {"arn": "arn:aws:iam::1:role/R"}}),
    ] {
        let answer = line(&bad);
        assert_eq!(answer["error"]["code"], "InvalidInput", "{bad} -> {answer}");
    }
}

#[test]
fn request_round_trips_through_serde() {
    let request = json!({
        "identity_policies": [ALLOW_ALL, {"id": "n", "document": {"Statement": []}}],
        "principal": {"arn": "arn:aws:sts::1:assumed-role/R/s", "type": "AssumedRole",
            "tags": {"k": "v"}},
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k",
        "context": {"aws:SourceIp": "10.0.0.1", "aws:TagKeys": ["a", "b"], "e": []}
    });
    let parsed: BatchRequest = serde_json::from_value(request.clone()).unwrap();
    assert!(matches!(parsed.identity_policies[1], PolicyInput::Named(_)));
    assert_eq!(
        parsed.context.get("aws:TagKeys"),
        Some(&ContextInput::Multi(vec!["a".to_owned(), "b".to_owned()]))
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), request);
    let defaulted: BatchRequest = serde_json::from_value(json!({"action": "a:b"})).unwrap();
    assert_eq!(defaulted.resource, "*");
}

#[test]
fn response_round_trips_through_serde() {
    let answer = line(&json!({"identity_policies": [ALLOW_ALL], "action": "a:b"}));
    let typed: BatchResponse = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(serde_json::to_value(typed).unwrap(), answer);
}

#[test]
fn resource_policy_kind_follows_the_action() {
    assert!(is_trust_action("sts:AssumeRole"));
    assert!(is_trust_action("STS:assumerolewithwebidentity"));
    assert!(is_trust_action("sts:AssumeRoleWithSAML"));
    assert!(is_trust_action("sts:TagSession"));
    assert!(!is_trust_action("sts:GetCallerIdentity"));
    assert!(!is_trust_action("s3:GetObject"));
    let trust = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}});
    let answer = line(
        &json!({"resource_policy": trust.clone(), "action": "sts:AssumeRole",
        "resource": "arn:aws:iam::111122223333:role/R"}),
    );
    assert!(answer.get("decision").is_some(), "{answer}");
    // The same document lacks the Resource a resource policy must have.
    let answer = line(&json!({"resource_policy": trust, "action": "s3:GetObject"}));
    assert_eq!(
        answer["error"]["message"],
        crate::parse::MUST_CONTAIN_RESOURCES
    );
}

#[test]
fn scp_levels_compile_as_scps() {
    let with_principal = json!({"Statement": {"Effect": "Allow", "Principal": "*",
        "Action": "*", "Resource": "*"}});
    let answer = line(&json!({"scps": [[ALLOW_ALL], [with_principal]], "action": "a:b"}));
    assert_eq!(answer["error"]["policy"], "scps[1][0]", "{answer}");
}

#[test]
fn document_text_keeps_strings_as_given() {
    let (text, serialized) = document_text(&PolicyDocument::Text(" {}".to_owned()));
    assert_eq!((text.as_str(), serialized), (" {}", false));
}
