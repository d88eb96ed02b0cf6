//! Role chains, the SDK's assume-role provider, and cross-account role assumption.

use super::{ACCOUNT, allow, clients, role, trust, user};
use crate::support::{code, message, start};

#[tokio::test]
async fn a_chain_of_three_roles() {
    let server = start().await;
    let first = role(&server, "first", ACCOUNT).await;
    let second = role(&server, "second", &first).await;
    let third = role(&server, "third", &second).await;
    // Each role may assume the next.
    for (from, to) in [("first", &second), ("second", &third)] {
        server
            .iam()
            .put_role_policy()
            .role_name(from)
            .policy_name("next")
            .policy_document(allow("sts:AssumeRole", to))
            .send()
            .await
            .unwrap();
    }
    let mut credentials = server
        .sts()
        .assume_role()
        .role_arn(&first)
        .role_session_name("one")
        .source_identity("alice@example.com")
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    for (arn, name) in [(&second, "second"), (&third, "third")] {
        let (_, sts) = clients(&server, &credentials);
        let err = sts
            .assume_role()
            .role_arn(arn)
            .role_session_name("xx")
            .duration_seconds(7200)
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            code(&err),
            "ValidationError",
            "role chaining lasts an hour at most"
        );
        let out = sts
            .assume_role()
            .role_arn(arn)
            .role_session_name(name)
            .send()
            .await
            .unwrap();
        assert_eq!(out.source_identity(), Some("alice@example.com"));
        credentials = out.credentials.unwrap();
    }
    let (_, sts) = clients(&server, &credentials);
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/third/third").as_str())
    );
}

/// The SDK's own assume-role credentials provider, pointed at localiam: IAM calls made with it
/// are the role session's.
#[tokio::test]
async fn the_sdk_assume_role_provider_works() {
    use aws_config::BehaviorVersion;
    let server = start().await;
    let role_arn = role(&server, "sdk", ACCOUNT).await;
    let base = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(&server.endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_credential_types::Credentials::new(
            "test", "test", None, None, "base",
        ))
        .load()
        .await;
    let provider = aws_config::sts::AssumeRoleProvider::builder(&role_arn)
        .session_name("sdk-session")
        .configure(&base)
        .build()
        .await;
    let config = aws_sdk_iam::config::Builder::from(&base)
        .credentials_provider(provider)
        .build();
    let iam = aws_sdk_iam::Client::from_conf(config);
    iam.list_roles().send().await.unwrap();
    let err = iam
        .create_user()
        .user_name("nope")
        .send()
        .await
        .unwrap_err();
    assert!(
        message(&err).starts_with(&format!(
            "User: arn:aws:sts::{ACCOUNT}:assumed-role/sdk/sdk-session is not authorized"
        )),
        "{}",
        message(&err)
    );
}

#[tokio::test]
async fn cross_account_needs_both_sides() {
    const OTHER: &str = "111111111111";
    let server = start().await;
    let other_iam = server.iam_as(OTHER, "test", None);
    // A role in the other account trusting this account; a role here trusting a user there.
    let theirs = other_iam
        .create_role()
        .role_name("shared")
        .assume_role_policy_document(trust(&format!("arn:aws:iam::{ACCOUNT}:root")))
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    other_iam
        .create_user()
        .user_name("visitor")
        .send()
        .await
        .unwrap();
    let ours = role(
        &server,
        "ours",
        &format!("arn:aws:iam::{OTHER}:user/visitor"),
    )
    .await;

    // This account's user: allowed by its own policy, refused without one.
    let (key, secret) = user(&server, "alice", Some(allow("sts:AssumeRole", &theirs))).await;
    let out = server
        .sts_as(&key, &secret, None)
        .assume_role()
        .role_arn(&theirs)
        .role_session_name("visit")
        .send()
        .await
        .unwrap();
    let (_, sts) = clients(&server, out.credentials.as_ref().unwrap());
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.account(), Some(OTHER));
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:sts::{OTHER}:assumed-role/shared/visit").as_str())
    );
    let (key, secret) = user(&server, "bob", None).await;
    let err = server
        .sts_as(&key, &secret, None)
        .assume_role()
        .role_arn(&theirs)
        .role_session_name("visit")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");

    // The other way: the trust policy names the visitor, whose own account must allow it too.
    let visitor_key = other_iam
        .create_access_key()
        .user_name("visitor")
        .send()
        .await
        .unwrap()
        .access_key
        .unwrap();
    let visitor = server.sts_as(
        &visitor_key.access_key_id,
        &visitor_key.secret_access_key,
        None,
    );
    let attempt = || {
        visitor
            .assume_role()
            .role_arn(&ours)
            .role_session_name("in")
            .send()
    };
    assert_eq!(code(&attempt().await.unwrap_err()), "AccessDenied");
    other_iam
        .put_user_policy()
        .user_name("visitor")
        .policy_name("go")
        .policy_document(allow("sts:AssumeRole", &ours))
        .send()
        .await
        .unwrap();
    let out = attempt().await.unwrap();
    assert_eq!(
        out.assumed_role_user.unwrap().arn,
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/ours/in")
    );
}
