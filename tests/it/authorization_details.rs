//! GetAccountAuthorizationDetails: everything in one listing, filtered and paginated.

use crate::support::start;
use aws_sdk_iam::types::EntityType;

const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test]
async fn lists_every_kind_with_its_policies() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("alice").send().await.unwrap();
    iam.put_user_policy()
        .user_name("alice")
        .policy_name("inline")
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    iam.add_user_to_group()
        .user_name("alice")
        .group_name("devs")
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    iam.create_role()
        .role_name("app")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("app-profile")
        .send()
        .await
        .unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("app-profile")
        .role_name("app")
        .send()
        .await
        .unwrap();
    let local = iam
        .create_policy()
        .policy_name("local")
        .policy_document(DOC)
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    iam.attach_role_policy()
        .role_name("app")
        .policy_arn(&local)
        .send()
        .await
        .unwrap();

    let all = iam
        .get_account_authorization_details()
        .send()
        .await
        .unwrap();
    assert!(!all.is_truncated());
    let user = &all.user_detail_list()[0];
    assert_eq!(user.user_name(), Some("alice"));
    assert_eq!(user.group_list(), ["devs"]);
    assert_eq!(user.user_policy_list()[0].policy_name(), Some("inline"));
    assert_eq!(
        user.attached_managed_policies()[0].policy_name(),
        Some("ReadOnlyAccess")
    );
    assert_eq!(all.group_detail_list()[0].group_name(), Some("devs"));
    let role = &all.role_detail_list()[0];
    assert_eq!(
        role.instance_profile_list()[0].instance_profile_name(),
        "app-profile"
    );
    assert_eq!(
        role.attached_managed_policies()[0].policy_arn(),
        Some(local.as_str())
    );
    let names: Vec<_> = all
        .policies()
        .iter()
        .map(|p| p.policy_name().unwrap())
        .collect();
    assert_eq!(
        names,
        ["local", "ReadOnlyAccess"],
        "the account's own policies, then the AWS ones it uses"
    );
    assert_eq!(all.policies()[0].policy_version_list().len(), 1);
    assert_eq!(all.policies()[1].attachment_count(), Some(1));

    let only_roles = iam
        .get_account_authorization_details()
        .filter(EntityType::Role)
        .send()
        .await
        .unwrap();
    assert!(only_roles.user_detail_list().is_empty() && only_roles.policies().is_empty());
    assert_eq!(only_roles.role_detail_list().len(), 1);

    let mut seen = 0;
    let mut marker = None;
    loop {
        let page = iam
            .get_account_authorization_details()
            .max_items(2)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        seen += page.user_detail_list().len()
            + page.group_detail_list().len()
            + page.role_detail_list().len()
            + page.policies().len();
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(seen, 5);
}
