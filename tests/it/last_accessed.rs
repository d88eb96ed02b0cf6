//! Service last accessed reports and ListPoliciesGrantingServiceAccess, from real calls.

use crate::support::{Server, code, message, start, status};
use crate::usage::{new_key, user};
use aws_sdk_iam::types::{
    AccessAdvisorUsageGranularityType, JobStatusType, PolicyOwnerEntityType, PolicyType,
    ServiceLastAccessed,
};

const S3_READ_ONLY: &str = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

/// alice (IAM and STS inline, S3 read-only attached) with a key she has used for one IAM and one
/// STS call; bob (no policy of his own); both in group devs, whose inline policy allows `iam:List*`.
async fn scenario(server: &Server) {
    let iam = server.iam();
    user(server, "alice").await;
    iam.create_user().user_name("bob").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("alice")
        .policy_arn(S3_READ_ONLY)
        .send()
        .await
        .unwrap();
    iam.create_group().group_name("devs").send().await.unwrap();
    for name in ["alice", "bob"] {
        iam.add_user_to_group()
            .group_name("devs")
            .user_name(name)
            .send()
            .await
            .unwrap();
    }
    iam.put_group_policy()
        .group_name("devs")
        .policy_name("list")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:List*","Resource":"*"}}"#,
        )
        .send()
        .await
        .unwrap();
    let (id, secret) = new_key(server, "alice").await;
    server
        .iam_as(&id, &secret, None)
        .list_users()
        .send()
        .await
        .unwrap();
    server
        .sts_as(&id, &secret, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
}

const ALICE: &str = "arn:aws:iam::000000000000:user/alice";

async fn job(
    server: &Server,
    arn: &str,
    granularity: Option<AccessAdvisorUsageGranularityType>,
) -> String {
    let out = server
        .iam()
        .generate_service_last_accessed_details()
        .arn(arn)
        .set_granularity(granularity)
        .send()
        .await
        .unwrap();
    let id = out.job_id().unwrap().to_string();
    assert_eq!(id.len(), 36);
    id
}

#[tokio::test]
async fn service_last_accessed_of_a_user_comes_from_its_calls() {
    let server = start().await;
    scenario(&server).await;
    let id = job(&server, ALICE, None).await;
    let got = server
        .iam()
        .get_service_last_accessed_details()
        .job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.job_status(), &JobStatusType::Completed);
    assert_eq!(
        got.job_type(),
        Some(&AccessAdvisorUsageGranularityType::ServiceLevel)
    );
    assert!(!got.is_truncated());
    let services = got.services_last_accessed();
    let namespaces: Vec<&str> = services
        .iter()
        .map(ServiceLastAccessed::service_namespace)
        .collect();
    assert_eq!(namespaces, ["iam", "s3", "s3-object-lambda", "sts"]);

    let iam = &services[0];
    assert_eq!(iam.service_name(), "AWS Identity and Access Management");
    assert!(iam.last_authenticated().is_some());
    assert_eq!(iam.last_authenticated_entity(), Some(ALICE));
    assert_eq!(iam.last_authenticated_region(), Some("us-east-1"));
    assert_eq!(iam.total_authenticated_entities(), Some(1));
    assert!(iam.tracked_actions_last_accessed().is_empty());

    let s3 = &services[1];
    assert_eq!(s3.service_name(), "Amazon S3");
    assert!(s3.last_authenticated().is_none());
    assert!(s3.last_authenticated_entity().is_none());
    assert_eq!(s3.total_authenticated_entities(), Some(0));

    let sts = &services[3];
    assert_eq!(sts.service_name(), "AWS Security Token Service");
    assert!(sts.last_authenticated().is_some());
}

#[tokio::test]
async fn action_level_lists_tracked_actions_with_their_last_call() {
    let server = start().await;
    scenario(&server).await;
    let id = job(
        &server,
        ALICE,
        Some(AccessAdvisorUsageGranularityType::ActionLevel),
    )
    .await;
    let got = server
        .iam()
        .get_service_last_accessed_details()
        .job_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.job_type(),
        Some(&AccessAdvisorUsageGranularityType::ActionLevel)
    );
    let services = got.services_last_accessed();
    let iam = services
        .iter()
        .find(|s| s.service_namespace() == "iam")
        .unwrap();
    let actions = iam.tracked_actions_last_accessed();
    let list_users = actions
        .iter()
        .find(|a| a.action_name() == Some("ListUsers"))
        .unwrap();
    assert!(list_users.last_accessed_time().is_some());
    assert_eq!(list_users.last_accessed_entity(), Some(ALICE));
    assert_eq!(list_users.last_accessed_region(), Some("us-east-1"));
    let create_user = actions
        .iter()
        .find(|a| a.action_name() == Some("CreateUser"))
        .expect("every granted IAM action is listed");
    assert!(create_user.last_accessed_time().is_none());
    let used: Vec<&str> = actions
        .iter()
        .filter(|a| a.last_accessed_time().is_some())
        .filter_map(|a| a.action_name())
        .collect();
    assert_eq!(used, ["ListUsers"]);

    let sts = services
        .iter()
        .find(|s| s.service_namespace() == "sts")
        .unwrap();
    assert!(sts.tracked_actions_last_accessed().iter().any(|a| {
        a.action_name() == Some("GetCallerIdentity") && a.last_accessed_time().is_some()
    }));
    let s3 = services
        .iter()
        .find(|s| s.service_namespace() == "s3")
        .unwrap();
    assert!(
        s3.tracked_actions_last_accessed().is_empty(),
        "not tracked per action, and unused"
    );
}

#[tokio::test]
async fn service_last_accessed_pages() {
    let server = start().await;
    scenario(&server).await;
    let id = job(&server, ALICE, None).await;
    let mut marker = None;
    let mut seen = Vec::new();
    loop {
        let page = server
            .iam()
            .get_service_last_accessed_details()
            .job_id(&id)
            .max_items(1)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        assert_eq!(page.services_last_accessed().len(), 1);
        seen.extend(
            page.services_last_accessed()
                .iter()
                .map(|s| s.service_namespace().to_string()),
        );
        marker = page.marker().map(str::to_owned);
        assert_eq!(page.is_truncated(), marker.is_some());
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["iam", "s3", "s3-object-lambda", "sts"]);
}

#[tokio::test]
async fn group_and_policy_reports_cover_their_entities() {
    let server = start().await;
    scenario(&server).await;
    let iam = server.iam();

    let id = job(&server, "arn:aws:iam::000000000000:group/devs", None).await;
    let got = iam
        .get_service_last_accessed_details()
        .job_id(&id)
        .send()
        .await
        .unwrap();
    let services = got.services_last_accessed();
    assert_eq!(services.len(), 1, "the group's policy grants IAM only");
    assert_eq!(services[0].service_namespace(), "iam");
    assert_eq!(services[0].last_authenticated_entity(), Some(ALICE));
    assert_eq!(services[0].total_authenticated_entities(), Some(1));

    let entities = iam
        .get_service_last_accessed_details_with_entities()
        .job_id(&id)
        .service_namespace("iam")
        .send()
        .await
        .unwrap();
    assert_eq!(entities.job_status(), &JobStatusType::Completed);
    let list = entities.entity_details_list();
    let names: Vec<&str> = list
        .iter()
        .map(|e| e.entity_info().unwrap().name())
        .collect();
    assert_eq!(names, ["alice", "bob"], "most recent first");
    assert!(list[0].last_authenticated().is_some());
    assert!(list[1].last_authenticated().is_none());
    assert_eq!(
        list[0].entity_info().unwrap().r#type(),
        &PolicyOwnerEntityType::User
    );
    let paged = iam
        .get_service_last_accessed_details_with_entities()
        .job_id(&id)
        .service_namespace("iam")
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert!(paged.is_truncated());
    assert_eq!(paged.entity_details_list().len(), 1);

    let id = job(&server, S3_READ_ONLY, None).await;
    let got = iam
        .get_service_last_accessed_details()
        .job_id(&id)
        .send()
        .await
        .unwrap();
    let namespaces: Vec<&str> = got
        .services_last_accessed()
        .iter()
        .map(ServiceLastAccessed::service_namespace)
        .collect();
    assert_eq!(namespaces, ["s3", "s3-object-lambda"]);
    let entities = iam
        .get_service_last_accessed_details_with_entities()
        .job_id(&id)
        .service_namespace("s3")
        .send()
        .await
        .unwrap();
    let list = entities.entity_details_list();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].entity_info().unwrap().arn(), ALICE);
    assert!(list[0].last_authenticated().is_none());
}

#[tokio::test]
async fn service_last_accessed_errors() {
    let server = start().await;
    scenario(&server).await;
    let iam = server.iam();
    let err = iam
        .generate_service_last_accessed_details()
        .arn("arn:aws:iam::000000000000:user/nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), "The user with name nobody cannot be found.");

    let err = iam
        .generate_service_last_accessed_details()
        .arn("arn:aws:s3:::some-bucket-name")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);

    let unknown = "00000000-0000-0000-0000-000000000000";
    let err = iam
        .get_service_last_accessed_details()
        .job_id(unknown)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);
    let err = iam
        .get_service_last_accessed_details_with_entities()
        .job_id(unknown)
        .service_namespace("iam")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");

    let err = iam
        .get_service_last_accessed_details()
        .job_id("short")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");

    // Only the principal that made a job may read it.
    let id = job(&server, ALICE, None).await;
    iam.create_user().user_name("carol").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("carol")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let (key, secret) = new_key(&server, "carol").await;
    let err = server
        .iam_as(&key, &secret, None)
        .get_service_last_accessed_details()
        .job_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}

#[tokio::test]
async fn policies_granting_service_access() {
    let server = start().await;
    scenario(&server).await;
    let got = server
        .iam()
        .list_policies_granting_service_access()
        .arn(ALICE)
        .service_namespaces("iam")
        .service_namespaces("s3")
        .service_namespaces("ec2")
        .send()
        .await
        .unwrap();
    assert!(!got.is_truncated());
    let entries = got.policies_granting_service_access();
    assert_eq!(entries.len(), 3);

    assert_eq!(entries[0].service_namespace(), Some("iam"));
    let iam: Vec<(
        &str,
        &PolicyType,
        Option<&PolicyOwnerEntityType>,
        Option<&str>,
    )> = entries[0]
        .policies()
        .iter()
        .map(|p| {
            (
                p.policy_name(),
                p.policy_type(),
                p.entity_type(),
                p.entity_name(),
            )
        })
        .collect();
    assert_eq!(
        iam,
        [
            (
                "iam-and-sts",
                &PolicyType::Inline,
                Some(&PolicyOwnerEntityType::User),
                Some("alice")
            ),
            (
                "list",
                &PolicyType::Inline,
                Some(&PolicyOwnerEntityType::Group),
                Some("devs")
            ),
        ]
    );
    let s3 = entries[1].policies();
    assert_eq!(s3.len(), 1);
    assert_eq!(s3[0].policy_name(), "AmazonS3ReadOnlyAccess");
    assert_eq!(s3[0].policy_type(), &PolicyType::Managed);
    assert_eq!(s3[0].policy_arn(), Some(S3_READ_ONLY));
    assert!(entries[2].policies().is_empty());

    let err = server
        .iam()
        .list_policies_granting_service_access()
        .arn("arn:aws:iam::000000000000:role/nobody")
        .service_namespaces("iam")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The role with name nobody cannot be found.");
    let err = server
        .iam()
        .list_policies_granting_service_access()
        .arn(S3_READ_ONLY)
        .service_namespaces("s3")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
}
