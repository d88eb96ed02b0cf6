//! GetAccountSummary counts what the account really holds.

use crate::support::start;
use aws_sdk_iam::types::SummaryKeyType;

#[tokio::test]
async fn counts_follow_the_store() {
    let server = start().await;
    let iam = server.iam();
    for i in 0..3 {
        iam.create_user()
            .user_name(format!("u{i}"))
            .send()
            .await
            .unwrap();
    }
    let summary = iam.get_account_summary().send().await.unwrap();
    let map = summary.summary_map().unwrap();
    assert_eq!(map.get(&SummaryKeyType::Users), Some(&3));
    assert_eq!(map.get(&SummaryKeyType::UsersQuota), Some(&5000));
    assert_eq!(map.get(&SummaryKeyType::AccessKeysPerUserQuota), Some(&2));
    assert_eq!(map.get(&SummaryKeyType::Roles), Some(&0));
    iam.delete_user().user_name("u0").send().await.unwrap();
    let map = iam
        .get_account_summary()
        .send()
        .await
        .unwrap()
        .summary_map()
        .unwrap()
        .clone();
    assert_eq!(map.get(&SummaryKeyType::Users), Some(&2));
}

/// The session token version of STS's global endpoint: 1 until SetSecurityTokenServicePreferences
/// changes it, per account; only `v1Token` and `v2Token` are accepted.
#[tokio::test]
async fn security_token_service_preferences_show_in_the_summary() {
    use aws_sdk_iam::types::GlobalEndpointTokenVersion as Version;
    let server = start().await;
    let iam = server.iam();
    let version = |iam: aws_sdk_iam::Client| async move {
        let summary = iam.get_account_summary().send().await.unwrap();
        let map = summary.summary_map().unwrap().clone();
        map.get(&SummaryKeyType::GlobalEndpointTokenVersion)
            .copied()
    };
    assert_eq!(version(iam.clone()).await, Some(1));
    let set = iam.set_security_token_service_preferences();
    set.global_endpoint_token_version(Version::V2Token)
        .send()
        .await
        .unwrap();
    assert_eq!(version(iam.clone()).await, Some(2));
    let other = server.iam_as("111122223333", "test", None);
    assert_eq!(
        version(other).await,
        Some(1),
        "another account's is its own"
    );
    let set = iam.set_security_token_service_preferences();
    set.global_endpoint_token_version(Version::V1Token)
        .send()
        .await
        .unwrap();
    assert_eq!(version(iam.clone()).await, Some(1));

    let body = "Action=SetSecurityTokenServicePreferences&Version=2010-05-08&GlobalEndpointTokenVersion=v3Token";
    let (status, out) = server.post_form(body).await;
    assert_eq!(status, 400, "{out}");
    assert!(out.contains("<Code>ValidationError</Code>"), "{out}");
    assert!(out.contains("Member must satisfy enum value set"), "{out}");
}
