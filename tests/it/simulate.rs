//! The policy simulator: SimulateCustomPolicy, SimulatePrincipalPolicy,
//! GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy.

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::{
    ContextEntry, ContextKeyTypeEnum, EvaluationResult, PolicyEvaluationDecisionType as D,
    PolicySourceType,
};

const ACCOUNT: &str = "000000000000";

/// Two statements on lines 4 and 5, each starting at column 5.
const POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:*Object", "Resource": "arn:aws:s3:::locked/*"}
  ]
}"#;

fn allow(action: &str) -> String {
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

fn decisions(results: &[EvaluationResult]) -> Vec<(&str, &str, D)> {
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
    assert_eq!(lines, [4, 5], "the Allow and the Deny both matched");
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
    assert_eq!(
        result.missing_context_values(),
        ["aws:CurrentTime", "aws:TagKeys"]
    );
    let out = simulate(Vec::new()).await.unwrap();
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
async fn principal_policy_of_user_group_and_role() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .group_name("devs")
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("own")
        .policy_document(allow("s3:GetObject"))
        .send()
        .await
        .unwrap();
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("team")
        .policy_document(allow("sqs:SendMessage"))
        .send()
        .await
        .unwrap();
    let managed = iam
        .create_policy()
        .policy_name("Tables")
        .policy_document(allow("example:WriteThing"))
        .send()
        .await
        .unwrap();
    let managed_arn = managed.policy().unwrap().arn().unwrap().to_owned();
    iam.attach_group_policy()
        .group_name("devs")
        .policy_arn(&managed_arn)
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();

    let user_arn = format!("arn:aws:iam::{ACCOUNT}:user/alice");
    let out = iam
        .simulate_principal_policy()
        .policy_source_arn(&user_arn)
        .policy_input_list(allow("sns:Publish"))
        .action_names("s3:GetObject")
        .action_names("sqs:SendMessage")
        .action_names("example:WriteThing")
        .action_names("ec2:DescribeInstances")
        .action_names("sns:Publish")
        .action_names("iam:CreateUser")
        .send()
        .await
        .unwrap();
    let results = out.evaluation_results();
    let sources: Vec<_> = results
        .iter()
        .map(|r| {
            let first = r.matched_statements().first();
            (
                r.eval_decision().clone(),
                first.and_then(|s| s.source_policy_id()).unwrap_or_default(),
                first.and_then(|s| s.source_policy_type()).cloned(),
            )
        })
        .collect();
    assert_eq!(
        sources,
        [
            (D::Allowed, "own", Some(PolicySourceType::User)),
            (D::Allowed, "team", Some(PolicySourceType::Group)),
            (D::Allowed, "Tables", Some(PolicySourceType::UserManaged)),
            (
                D::Allowed,
                "ReadOnlyAccess",
                Some(PolicySourceType::AwsManaged)
            ),
            (
                D::Allowed,
                "PolicyInputList.1",
                Some(PolicySourceType::None)
            ),
            (D::ImplicitDeny, "", None),
        ]
    );

    // The user's boundary applies, and an input boundary replaces it.
    iam.put_user_permissions_boundary()
        .user_name("alice")
        .permissions_boundary(&managed_arn)
        .send()
        .await
        .unwrap();
    let simulate = |boundary: Option<String>| {
        iam.simulate_principal_policy()
            .policy_source_arn(&user_arn)
            .set_permissions_boundary_policy_input_list(boundary.map(|b| vec![b]))
            .action_names("s3:GetObject")
            .send()
    };
    let out = simulate(None).await.unwrap();
    assert_eq!(
        out.evaluation_results()[0].eval_decision(),
        &D::ImplicitDeny
    );
    let out = simulate(Some(allow("s3:*"))).await.unwrap();
    assert_eq!(out.evaluation_results()[0].eval_decision(), &D::Allowed);

    // A group's own policies, and a role's.
    let out = iam
        .simulate_principal_policy()
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:group/devs"))
        .action_names("sqs:SendMessage")
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap();
    assert_eq!(
        decisions(out.evaluation_results()),
        [
            ("sqs:SendMessage", "*", D::Allowed),
            ("s3:GetObject", "*", D::ImplicitDeny)
        ]
    );
    let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
    iam.create_role()
        .role_name("ops")
        .assume_role_policy_document(trust)
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("ops")
        .policy_name("deny-s3")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#,
        )
        .send()
        .await
        .unwrap();
    let out = iam
        .simulate_principal_policy()
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:role/ops"))
        .policy_input_list(allow("*"))
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap();
    let result = &out.evaluation_results()[0];
    assert_eq!(result.eval_decision(), &D::ExplicitDeny);
    assert_eq!(
        result.matched_statements()[0].source_policy_type(),
        Some(&PolicySourceType::Role)
    );

    let err = iam
        .simulate_principal_policy()
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:user/nobody"))
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    assert_eq!(status(&err), 404);
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
async fn context_keys() {
    let server = start().await;
    let iam = server.iam();
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",
        "Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",
        "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"},
                     "StringEquals":{"AWS:UserName":"x","dynamodb:LeadingKeys":"y"}}}}"#;
    let out = iam
        .get_context_keys_for_custom_policy()
        .policy_input_list(policy)
        .policy_input_list(allow("s3:*"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.context_key_names(),
        ["aws:username", "aws:CurrentTime", "dynamodb:LeadingKeys"],
        "as written, each once"
    );
    let err = iam
        .get_context_keys_for_custom_policy()
        .policy_input_list("not json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");

    iam.create_user().user_name("bob").send().await.unwrap();
    iam.put_user_policy()
        .user_name("bob")
        .policy_name("p")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*",
               "Condition":{"Bool":{"aws:SecureTransport":"true"}}}}"#,
        )
        .send()
        .await
        .unwrap();
    let out = iam
        .get_context_keys_for_principal_policy()
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:user/bob"))
        .policy_input_list(policy)
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.context_key_names(),
        [
            "aws:SecureTransport",
            "aws:username",
            "aws:CurrentTime",
            "dynamodb:LeadingKeys"
        ]
    );
    let err = iam
        .get_context_keys_for_principal_policy()
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:role/none"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The role with name none cannot be found.");
}
