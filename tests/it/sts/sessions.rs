//! Role sessions, session policies and tags, GetSessionToken, GetFederationToken, expiry.

use super::{ACCOUNT, allow, clients, role, user};
use crate::support::{code, message, start, start_on_clock};
use aws_sdk_sts::types::{PolicyDescriptorType, Tag};

#[tokio::test]
async fn a_role_session_acts_with_the_role_permissions() {
    let server = start().await;
    let role_arn = role(&server, "app", &format!("arn:aws:iam::{ACCOUNT}:root")).await;
    let (key, secret) = user(&server, "alice", Some(allow("sts:AssumeRole", &role_arn))).await;
    let out = server
        .sts_as(&key, &secret, None)
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name("build-42")
        .send()
        .await
        .unwrap();
    let credentials = out.credentials.unwrap();
    assert!(credentials.access_key_id.starts_with("ASIA"));
    let assumed = out.assumed_role_user.unwrap();
    assert_eq!(
        assumed.arn,
        format!("arn:aws:sts::{ACCOUNT}:assumed-role/app/build-42")
    );
    assert!(assumed.assumed_role_id.starts_with("AROA"));
    assert!(assumed.assumed_role_id.ends_with(":build-42"));

    let (iam, sts) = clients(&server, &credentials);
    let me = sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn(), Some(assumed.arn.as_str()));
    assert_eq!(me.user_id(), Some(assumed.assumed_role_id.as_str()));
    assert_eq!(me.account(), Some(ACCOUNT));
    iam.list_users().send().await.unwrap();
    let err = iam.create_user().user_name("x").send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(
        message(&err),
        format!(
            "User: {} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::{ACCOUNT}:user/x because no identity-based policy allows the iam:CreateUser action",
            assumed.arn
        )
    );
    // Role sessions have no user of their own to default to.
    let err = iam.list_access_keys().send().await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");

    let role = server
        .iam()
        .get_role()
        .role_name("app")
        .send()
        .await
        .unwrap();
    let last_used = role.role.unwrap().role_last_used.unwrap();
    assert!(last_used.last_used_date.is_some());
    assert_eq!(last_used.region(), Some("us-east-1"));
}

#[tokio::test]
async fn the_trust_policy_decides() {
    let server = start().await;
    // Trusted by name: no identity policy needed in the same account.
    let (key, secret) = user(&server, "bob", None).await;
    let bob_arn = format!("arn:aws:iam::{ACCOUNT}:user/bob");
    let direct = role(&server, "direct", &bob_arn).await;
    let bob = server.sts_as(&key, &secret, None);
    bob.assume_role()
        .role_arn(&direct)
        .role_session_name("s1")
        .send()
        .await
        .unwrap();
    // Trusted through the account: the identity side must allow too.
    let delegated = role(&server, "delegated", ACCOUNT).await;
    let err = bob
        .assume_role()
        .role_arn(&delegated)
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(
        message(&err),
        format!(
            "User: {bob_arn} is not authorized to perform: sts:AssumeRole on resource: {delegated}"
        )
    );
    // A role that does not exist is refused the same way.
    let missing = format!("arn:aws:iam::{ACCOUNT}:role/nope");
    let err = bob
        .assume_role()
        .role_arn(&missing)
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert!(message(&err).ends_with(&missing));
}

#[tokio::test]
async fn external_id_and_duration_are_checked() {
    let server = start().await;
    let iam = server.iam();
    let document = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{ACCOUNT}"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"sts:ExternalId":"s3cret"}}}}}}]}}"#
    );
    let arn = iam
        .create_role()
        .role_name("vendor")
        .assume_role_policy_document(document)
        .send()
        .await
        .unwrap()
        .role
        .unwrap()
        .arn;
    let sts = server.sts();
    let attempt = |external: Option<&str>, duration: Option<i32>| {
        sts.assume_role()
            .role_arn(&arn)
            .role_session_name("s1")
            .set_external_id(external.map(str::to_owned))
            .set_duration_seconds(duration)
            .send()
    };
    assert_eq!(
        code(&attempt(None, None).await.unwrap_err()),
        "AccessDenied"
    );
    assert_eq!(
        code(&attempt(Some("wrong"), None).await.unwrap_err()),
        "AccessDenied"
    );
    let out = attempt(Some("s3cret"), Some(900)).await.unwrap();
    let expires = out.credentials.unwrap().expiration;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let lifetime = expires.secs() - i64::try_from(now).unwrap();
    assert!((880..=900).contains(&lifetime), "{lifetime}");
    let err = attempt(Some("s3cret"), Some(7200)).await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert_eq!(
        message(&err),
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
    );
}

#[tokio::test]
async fn session_policies_and_tags_bound_the_session() {
    let server = start().await;
    let iam = server.iam();
    let document = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{ACCOUNT}"}},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}}]}}"#
    );
    iam.create_role()
        .role_name("tagged")
        .assume_role_policy_document(document)
        .send()
        .await
        .unwrap();
    // The role may read users only for its own team, by session tag.
    iam.put_role_policy()
        .role_name("tagged")
        .policy_name("team")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]}"#,
        )
        .send()
        .await
        .unwrap();
    let arn = format!("arn:aws:iam::{ACCOUNT}:role/tagged");
    let assume = |team: &str, policy: Option<String>| {
        server
            .sts()
            .assume_role()
            .role_arn(&arn)
            .role_session_name("s1")
            .tags(Tag::builder().key("team").value(team).build().unwrap())
            .set_policy(policy)
            .send()
    };
    let blue = assume("blue", None).await.unwrap();
    let (iam_blue, _) = clients(&server, blue.credentials.as_ref().unwrap());
    iam_blue.list_users().send().await.unwrap();
    let red = assume("red", None).await.unwrap();
    let (iam_red, _) = clients(&server, red.credentials.as_ref().unwrap());
    assert_eq!(
        code(&iam_red.list_users().send().await.unwrap_err()),
        "AccessDenied"
    );
    // A session policy narrows what the role allows.
    let narrowed = assume("blue", Some(allow("iam:GetUser", "*")))
        .await
        .unwrap();
    let (iam_narrow, _) = clients(&server, narrowed.credentials.as_ref().unwrap());
    let err = iam_narrow.list_users().send().await.unwrap_err();
    assert!(
        message(&err).ends_with("because no session policy allows the iam:ListUsers action"),
        "{}",
        message(&err)
    );
    let err = assume("blue", Some("{nope".to_owned())).await.unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    let err = server
        .sts()
        .assume_role()
        .role_arn(&arn)
        .role_session_name("s1")
        .policy_arns(
            PolicyDescriptorType::builder()
                .arn(format!("arn:aws:iam::{ACCOUNT}:policy/missing"))
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidParameterValue");
}

#[tokio::test]
async fn session_tokens_and_federation() {
    let server = start().await;
    let (key, secret) = user(&server, "carol", Some(allow("*", "*"))).await;
    let sts = server.sts_as(&key, &secret, None);
    let session = sts
        .get_session_token()
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let (iam, session_sts) = clients(&server, &session);
    let me = session_sts.get_caller_identity().send().await.unwrap();
    assert_eq!(
        me.arn(),
        Some(format!("arn:aws:iam::{ACCOUNT}:user/carol").as_str())
    );
    // Without MFA, GetSessionToken credentials do not work for IAM.
    let err = iam.list_users().send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidClientTokenId");
    let err = session_sts.get_session_token().send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");

    let federated = sts
        .get_federation_token()
        .name("dora")
        .policy(allow("iam:ListUsers", "*"))
        .send()
        .await
        .unwrap();
    let user = federated.federated_user.unwrap();
    assert_eq!(
        user.arn,
        format!("arn:aws:sts::{ACCOUNT}:federated-user/dora")
    );
    assert_eq!(user.federated_user_id, format!("{ACCOUNT}:dora"));
    let (_, fed_sts) = clients(&server, federated.credentials.as_ref().unwrap());
    let me = fed_sts.get_caller_identity().send().await.unwrap();
    assert_eq!(me.arn(), Some(user.arn.as_str()));

    let info = sts
        .get_access_key_info()
        .access_key_id(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(info.account(), Some(ACCOUNT));
    let info = sts
        .get_access_key_info()
        .access_key_id(&session.access_key_id)
        .send()
        .await
        .unwrap();
    assert_eq!(info.account(), Some(ACCOUNT));
}

#[tokio::test]
async fn bad_and_expired_tokens_are_refused() {
    // The clock starts five minutes behind, so a request signed now stays inside the signature's
    // 15-minute window after the clock has moved past a 15-minute session.
    let started = chrono::Utc::now() - chrono::Duration::minutes(5);
    let (server, clock) = start_on_clock(started).await;
    let role_arn = role(&server, "short", ACCOUNT).await;
    let credentials = server
        .sts()
        .assume_role()
        .role_arn(&role_arn)
        .role_session_name("s1")
        .duration_seconds(900)
        .send()
        .await
        .unwrap()
        .credentials
        .unwrap();
    let forged = server.sts_as(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        Some("forged".to_owned()),
    );
    let err = forged.get_caller_identity().send().await.unwrap_err();
    assert_eq!(code(&err), "InvalidClientTokenId");
    let (_, sts) = clients(&server, &credentials);
    sts.get_caller_identity().send().await.unwrap();
    clock.advance(chrono::Duration::seconds(901));
    let err = sts.get_caller_identity().send().await.unwrap_err();
    assert_eq!(code(&err), "ExpiredToken");
    assert_eq!(
        message(&err),
        "The security token included in the request is expired"
    );
    // Once purged from memory, the token itself still says it expired.
    server.state.store.sessions.clear();
    let err = sts.get_caller_identity().send().await.unwrap_err();
    assert_eq!(code(&err), "ExpiredToken");
}
