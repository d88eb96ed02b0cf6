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
