//! Inline policies of roles: PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.

use crate::roles::{decode, role};
use crate::support::{code, message, start, status};

#[tokio::test]
async fn role_inline_policies() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "p").await;
    let doc = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#;
    for i in 0..5 {
        iam.put_role_policy()
            .role_name("p")
            .policy_name(format!("pol{i}"))
            .policy_document(doc)
            .send()
            .await
            .unwrap();
    }
    let got = iam
        .get_role_policy()
        .role_name("P")
        .policy_name("pol3")
        .send()
        .await
        .unwrap();
    assert_eq!(got.role_name(), "p");
    assert_eq!(got.policy_name(), "pol3");
    assert_eq!(decode(got.policy_document()), doc);

    let first = iam
        .list_role_policies()
        .role_name("p")
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.policy_names(), ["pol0", "pol1"]);
    assert!(first.is_truncated());
    let second = iam
        .list_role_policies()
        .role_name("p")
        .max_items(2)
        .marker(first.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.policy_names(), ["pol2", "pol3"]);
    let third = iam
        .list_role_policies()
        .role_name("p")
        .max_items(2)
        .marker(second.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(third.policy_names(), ["pol4"]);
    assert!(!third.is_truncated());

    iam.delete_role_policy()
        .role_name("p")
        .policy_name("pol0")
        .send()
        .await
        .unwrap();
    let err = iam
        .get_role_policy()
        .role_name("p")
        .policy_name("pol0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The role policy with name pol0 cannot be found."
    );
    let err = iam
        .delete_role_policy()
        .role_name("p")
        .policy_name("pol0")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
    let ghost = "The role with name ghost cannot be found.";
    let err = iam
        .put_role_policy()
        .role_name("ghost")
        .policy_name("x")
        .policy_document(doc)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), ghost);
    let err = iam
        .get_role_policy()
        .role_name("ghost")
        .policy_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), ghost);
    let err = iam
        .delete_role_policy()
        .role_name("ghost")
        .policy_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), ghost);
    let err = iam
        .list_role_policies()
        .role_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), ghost);
    let err = iam
        .put_role_policy()
        .role_name("p")
        .policy_name("bad")
        .policy_document("nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
}

#[tokio::test]
async fn role_inline_policies_share_one_size_quota() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "big").await;
    // Each document is 4,000 non-whitespace characters; spaces do not count.
    // `doc(n)` is a valid policy of n + 10 such characters.
    let doc = |pad: usize| {
        let frame = r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":""}}"#;
        let resource = "a".repeat(pad + 10 - frame.len());
        format!(
            r#"{{"Statement": {{"Effect": "Allow", "Action": "s3:*", "Resource": "{resource}"}}}}"#
        )
    };
    let put = |name: &str, document: String| {
        iam.put_role_policy()
            .role_name("big")
            .policy_name(name)
            .policy_document(document)
            .send()
    };
    put("one", doc(3990)).await.unwrap();
    put("two", doc(3990)).await.unwrap();
    let err = put("three", doc(3990)).await.unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "Maximum policy size of 10240 bytes exceeded for role big"
    );
    // Replacing a policy counts its new size instead of its old one.
    put("two", doc(6230)).await.unwrap();
    put("two", doc(6231)).await.unwrap_err();
    put("three", doc(100)).await.unwrap_err();
    put("one", doc(100)).await.unwrap();
    put("three", doc(3880)).await.unwrap();
}
