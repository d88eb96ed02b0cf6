//! SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy on stored users, groups and
//! roles, and GetContextKeysForCustomPolicy.

use super::{ACCOUNT, allow, decisions};
use crate::support::{code, message, start, status};
use aws_sdk_iam::types::{PolicyEvaluationDecisionType as D, PolicySourceType};

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
        .policy_source_arn(format!("arn:aws:iam::{ACCOUNT}:role/ops"))
        .resource_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}"#,
        )
        .action_names("s3:GetObject")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput", "a role needs a CallerArn");

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
async fn context_keys() {
    let server = start().await;
    let iam = server.iam();
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",
        "Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",
        "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"},
                     "StringEquals":{"AWS:UserName":"x","dynamodb:LeadingKeys":"${aws:PrincipalTag/team}"}}}}"#;
    let out = iam
        .get_context_keys_for_custom_policy()
        .policy_input_list(policy)
        .policy_input_list(allow("s3:*"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        out.context_key_names(),
        [
            "aws:username",
            "aws:CurrentTime",
            "dynamodb:LeadingKeys",
            "aws:PrincipalTag/team"
        ],
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
            "dynamodb:LeadingKeys",
            "aws:PrincipalTag/team"
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
