//! The policy simulator: SimulateCustomPolicy, SimulatePrincipalPolicy,
//! GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy.

mod principal;

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::{
    ContextEntry, ContextKeyTypeEnum, EvaluationResult, PolicyEvaluationDecisionType as D,
    PolicySourceType,
};

pub const ACCOUNT: &str = "000000000000";

/// Two statements on lines 4 and 5, each starting at column 5.
const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:*Object", "Resource": "arn:aws:s3:::locked/*"}
  ]
}"#;

pub fn allow(action: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"{action}","Resource":"*"}}}}"#
    )
}

fn entry(key: &str, kind: ContextKeyTypeEnum, values: &[&str]) -> ContextEntry {
    let mut builder = ContextEntry::builder()
        .context_key_name(key)
        .context_key_type(kind);
    for value in values {
        builder = builder.context_key_values(*value);
    }
    builder.build()
}

pub fn decisions(results: &[EvaluationResult]) -> Vec<(&str, &str, D)> {
    results
        .iter()
        .map(|r| {
            (
                r.eval_action_name(),
                r.eval_resource_name().unwrap_or_default(),
                r.eval_decision().clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn custom_policy_decisions_and_matched_statements() {
    let server = start().await;
    let iam = server.iam();
    let out = iam
        .simulate_custom_policy()
        .policy_input_list(POLICY)
        .action_names("s3:GetObject")
        .action_names("s3:PutObject")
        .send()
        .await
        .unwrap();
    let results = out.evaluation_results();
    assert_eq!(
        decisions(results),
        [
            ("s3:GetObject", "*", D::Allowed),
            ("s3:PutObject", "*", D::ImplicitDeny)
        ]
    );
    assert!(!out.is_truncated());
    let read = &results[0];
    assert!(read.resource_specific_results().is_empty());
    assert!(read.eval_decision_details().is_none());
    let [statement] = read.matched_statements() else {
        panic!("{read:?}");
    };
    assert_eq!(statement.source_policy_id(), Some("PolicyInputList.1"));
    assert_eq!(
        statement.source_policy_type(),
        Some(&PolicySourceType::None)
    );
    let start = statement.start_position().unwrap();
    assert_eq!((start.line(), start.column()), (4, 5));
    let line = POLICY.lines().nth(3).unwrap();
    let end = statement.end_position().unwrap();
    let end_column = i32::try_from(line.find("},").unwrap()).unwrap() + 2;
    assert_eq!((end.line(), end.column()), (4, end_column));
    assert!(results[1].matched_statements().is_empty());

    // Named resources: one result per action and resource, each with its specific result.
    let out = iam
        .simulate_custom_policy()
        .policy_input_list(POLICY)
        .action_names("s3:GetObject")
        .resource_arns("arn:aws:s3:::open/a")
        .resource_arns("arn:aws:s3:::locked/a")
        .send()
        .await
        .unwrap();
    let results = out.evaluation_results();
    assert_eq!(
        decisions(results),
        [
            ("s3:GetObject", "arn:aws:s3:::open/a", D::Allowed),
            ("s3:GetObject", "arn:aws:s3:::locked/a", D::ExplicitDeny)
        ]
    );
    let denied = &results[1];
    let [specific] = denied.resource_specific_results() else {
        panic!("{denied:?}");
    };
    assert_eq!(specific.eval_resource_name(), "arn:aws:s3:::locked/a");
    assert_eq!(specific.eval_resource_decision(), &D::ExplicitDeny);
    let lines: Vec<i32> = denied
        .matched_statements()
        .iter()
        .map(|s| s.start_position().unwrap().line())
        .collect();
    assert_eq!(lines, [5], "an explicit deny lists the Deny statement only");
    assert_eq!(
        denied
            .eval_decision_details()
            .map(std::collections::HashMap::len),
        Some(0),
        "same-account with resources: present but empty"
    );
}

#[tokio::test]
async fn conditions_with_context_entries_and_missing_values() {
    let server = start().await;
    let iam = server.iam();
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket",
        "Resource":"arn:aws:s3:::${aws:username}",
        "Condition":{
          "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
          "Bool":{"aws:MultiFactorAuthPresent":"true"},
          "NumericLessThanEquals":{"s3:max-keys":"10"},
          "DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},
          "ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}}}}"#;
    let entries = [
        entry("aws:username", ContextKeyTypeEnum::String, &["alice"]),
        entry("aws:SourceIp", ContextKeyTypeEnum::Ip, &["10.1.2.3"]),
        entry(
            "aws:MultiFactorAuthPresent",
            ContextKeyTypeEnum::Boolean,
            &["true"],
        ),
        entry("s3:max-keys", ContextKeyTypeEnum::Numeric, &["5"]),
        entry(
            "aws:CurrentTime",
            ContextKeyTypeEnum::Date,
            &["2025-06-01T00:00:00Z"],
        ),
        entry("aws:TagKeys", ContextKeyTypeEnum::StringList, &["team"]),
    ];
    let simulate = |entries: Vec<ContextEntry>| {
        iam.simulate_custom_policy()
            .policy_input_list(policy)
            .action_names("s3:ListBucket")
            .resource_arns("arn:aws:s3:::alice")
            .set_context_entries(Some(entries))
            .send()
    };
    let out = simulate(entries.to_vec()).await.unwrap();
    let result = &out.evaluation_results()[0];
    assert_eq!(result.eval_decision(), &D::Allowed, "{result:?}");
    assert!(result.missing_context_values().is_empty());

    // A value out of range denies; keys left out are reported as written in the policy.
    let mut outside = entries[..4].to_vec();
    outside[1] = entry("aws:SourceIp", ContextKeyTypeEnum::Ip, &["192.168.0.1"]);
    outside[3] = entry("s3:max-keys", ContextKeyTypeEnum::Numeric, &["50"]);
    let out = simulate(outside).await.unwrap();
    let result = &out.evaluation_results()[0];
    assert_eq!(result.eval_decision(), &D::ImplicitDeny);
    assert!(
        result.missing_context_values().is_empty(),
        "with named resources, missing keys are listed per resource"
    );
    assert_eq!(
        result.resource_specific_results()[0].missing_context_values(),
        ["aws:CurrentTime", "aws:TagKeys"]
    );
    let out = iam
        .simulate_custom_policy()
        .policy_input_list(policy)
        .action_names("s3:ListBucket")
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.evaluation_results()[0].missing_context_values(),
        [
            "aws:username",
            "aws:SourceIp",
            "aws:MultiFactorAuthPresent",
            "s3:max-keys",
            "aws:CurrentTime",
            "aws:TagKeys"
        ]
    );

    // Every list type, and values that do not read as their type.
    let lists = vec![
        entry("key:n", ContextKeyTypeEnum::NumericList, &["1", "2.5"]),
        entry("key:b", ContextKeyTypeEnum::BooleanList, &["true", "false"]),
        entry("key:i", ContextKeyTypeEnum::IpList, &["10.0.0.1", "::1"]),
        entry("key:x", ContextKeyTypeEnum::Binary, &["aGk="]),
        entry("key:xs", ContextKeyTypeEnum::BinaryList, &["aGk=", "aG8="]),
        entry(
            "key:d",
            ContextKeyTypeEnum::DateList,
            &["2025-01-01", "1700000000"],
        ),
    ];
    simulate(lists).await.unwrap();
    for bad in [
        entry("key:n", ContextKeyTypeEnum::Numeric, &["ten"]),
        entry("key:b", ContextKeyTypeEnum::Boolean, &["yes"]),
        entry("key:i", ContextKeyTypeEnum::Ip, &["10.0.0.300"]),
        entry("key:d", ContextKeyTypeEnum::Date, &["someday"]),
        entry("key:x", ContextKeyTypeEnum::Binary, &["***"]),
        entry("key:s", ContextKeyTypeEnum::String, &["a", "b"]),
    ] {
        let err = simulate(vec![bad.clone()]).await.unwrap_err();
        assert_eq!(code(&err), "InvalidInput", "{bad:?}");
        assert_eq!(status(&err), 400);
    }
}

#[tokio::test]
async fn permissions_boundary_input() {
    let server = start().await;
    let iam = server.iam();
    let out = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .permissions_boundary_policy_input_list(allow("s3:GetObject"))
        .action_names("s3:GetObject")
        .action_names("s3:PutObject")
        .send()
        .await
        .unwrap();
    let results = out.evaluation_results();
    assert_eq!(
        decisions(results),
        [
            ("s3:GetObject", "*", D::Allowed),
            ("s3:PutObject", "*", D::ImplicitDeny)
        ]
    );
    let allowed = |r: &EvaluationResult| {
        r.permissions_boundary_decision_detail().map(
            aws_sdk_iam::types::PermissionsBoundaryDecisionDetail::allowed_by_permissions_boundary,
        )
    };
    assert_eq!(allowed(&results[0]), Some(true));
    assert_eq!(allowed(&results[1]), Some(false));
    let ids: Vec<_> = results[0]
        .matched_statements()
        .iter()
        .map(|s| s.source_policy_id().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["PolicyInputList.1", "PermissionsBoundaryPolicyInputList.1"]
    );

    let err = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .permissions_boundary_policy_input_list(allow("s3:GetObject"))
        .permissions_boundary_policy_input_list(allow("s3:PutObject"))
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn resource_policy_with_owner_and_caller() {
    let server = start().await;
    let iam = server.iam();
    let bucket_policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::000000000000:user/alice"},
        "Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}}"#;
    let simulate = |owner: &str| {
        iam.simulate_custom_policy()
            .policy_input_list(allow("sqs:SendMessage"))
            .resource_policy(bucket_policy)
            .caller_arn("arn:aws:iam::000000000000:user/alice")
            .resource_owner(owner)
            .action_names("s3:GetObject")
            .resource_arns("arn:aws:s3:::shared/a.txt")
            .send()
    };
    // Same account: the bucket policy alone grants access.
    let out = simulate("arn:aws:iam::000000000000:root").await.unwrap();
    let result = &out.evaluation_results()[0];
    assert_eq!(result.eval_decision(), &D::Allowed);
    let [statement] = result.matched_statements() else {
        panic!("{result:?}");
    };
    assert_eq!(statement.source_policy_id(), Some("ResourcePolicy"));
    assert_eq!(
        statement.source_policy_type(),
        Some(&PolicySourceType::Resource)
    );
    // Another account owns the bucket: the caller's own policies must allow too.
    let out = simulate("arn:aws:iam::111122223333:root").await.unwrap();
    let result = &out.evaluation_results()[0];
    assert_eq!(result.eval_decision(), &D::ImplicitDeny);
    let details = result.eval_decision_details().unwrap();
    assert_eq!(details.get("IAM Policy"), Some(&D::ImplicitDeny));
    assert_eq!(details.get("Resource Policy"), Some(&D::Allowed));

    let err = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .resource_policy(bucket_policy)
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput", "CallerArn is required");
    let err = simulate("111122223333").await.unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(message(&err), "Invalid ResourceOwner: 111122223333.");
}

#[tokio::test]
async fn results_paginate() {
    let server = start().await;
    let iam = server.iam();
    let actions = ["s3:A", "s3:B", "s3:C", "s3:D", "s3:E"];
    let mut seen = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let out = iam
            .simulate_custom_policy()
            .policy_input_list(allow("s3:*"))
            .set_action_names(Some(actions.map(str::to_owned).to_vec()))
            .max_items(2)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            out.evaluation_results()
                .iter()
                .map(|r| r.eval_action_name().to_owned()),
        );
        if !out.is_truncated() {
            break;
        }
        marker = out.marker().map(str::to_owned);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, actions);
}

#[tokio::test]
async fn malformed_input_policies() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .simulate_custom_policy()
        .policy_input_list("{")
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    assert_eq!(status(&err), 400);
    let err = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .resource_policy(allow("s3:*"))
        .caller_arn("arn:aws:iam::000000000000:user/alice")
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument", "no Principal");
    let err = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .caller_arn("arn:aws:iam::000000000000:role/ops")
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput", "CallerArn must be a user");
    let err = iam
        .simulate_custom_policy()
        .policy_input_list(allow("s3:*"))
        .action_names("ec2:RunInstances")
        .resource_handling_option("EC2-Nowhere")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    iam.simulate_custom_policy()
        .policy_input_list(allow("ec2:*"))
        .action_names("ec2:RunInstances")
        .resource_handling_option("EC2-VPC-EBS")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn response_xml() {
    let server = start().await;
    let policy = allow("s3:GetObject");
    let body = format!(
        "Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1={}\
         &ActionNames.member.1=s3%3AGetObject&ResourceArns.member.1=arn%3Aaws%3As3%3A%3A%3Ab",
        percent_encoded(&policy)
    );
    let (status, xml) = server.post_form(&body).await;
    assert_eq!(status, 200, "{xml}");
    for part in [
        "<SimulateCustomPolicyResult><EvaluationResults><member>",
        "<EvalActionName>s3:GetObject</EvalActionName>",
        "<EvalResourceName>arn:aws:s3:::b</EvalResourceName>",
        "<EvalDecision>allowed</EvalDecision>",
        "<SourcePolicyId>PolicyInputList.1</SourcePolicyId><SourcePolicyType>none</SourcePolicyType>",
        "<StartPosition><Line>1</Line><Column>37</Column></StartPosition>",
        "<IsTruncated>false</IsTruncated>",
    ] {
        assert!(xml.contains(part), "{part} in {xml}");
    }
}

fn percent_encoded(text: &str) -> String {
    use std::fmt::Write as _;
    text.bytes().fold(String::new(), |mut out, b| {
        let _ = write!(out, "%{b:02X}");
        out
    })
}
