//! Attaching managed policies, ListEntitiesForPolicy, and permissions boundaries.

use crate::policies::create;
use crate::support::{code, message, start, status};
use aws_sdk_iam::types::{EntityType, PolicyUsageType};

async fn attachment_counts(iam: &aws_sdk_iam::Client, arn: &str) -> (i32, i32) {
    let out = iam.get_policy().policy_arn(arn).send().await.unwrap();
    let p = out.policy().unwrap();
    (
        p.attachment_count().unwrap(),
        p.permissions_boundary_usage_count().unwrap(),
    )
}

#[tokio::test]
async fn attach_list_detach_user() {
    let server = start().await;
    let iam = server.iam();
    let a = create(&iam, "A", "/team/").await;
    let b = create(&iam, "B", "/").await;
    iam.create_user().user_name("u").send().await.unwrap();
    for arn in [&a, &b, &a] {
        iam.attach_user_policy()
            .user_name("U")
            .policy_arn(arn)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(
        attachment_counts(&iam, &a).await,
        (1, 0),
        "attaching twice is a no-op"
    );

    let out = iam
        .list_attached_user_policies()
        .user_name("u")
        .send()
        .await
        .unwrap();
    let listed: Vec<_> = out
        .attached_policies()
        .iter()
        .map(|p| (p.policy_name().unwrap(), p.policy_arn().unwrap()))
        .collect();
    assert_eq!(listed, [("A", a.as_str()), ("B", b.as_str())]);
    let out = iam
        .list_attached_user_policies()
        .user_name("u")
        .path_prefix("/team/")
        .send()
        .await
        .unwrap();
    assert_eq!(out.attached_policies().len(), 1);
    assert_eq!(out.attached_policies()[0].policy_name(), Some("A"));

    let err = iam.delete_user().user_name("u").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");

    iam.detach_user_policy()
        .user_name("u")
        .policy_arn(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(attachment_counts(&iam, &a).await, (0, 0));
    let err = iam
        .detach_user_policy()
        .user_name("u")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), format!("Policy {a} was not attached."));
}

#[tokio::test]
async fn attach_errors() {
    let server = start().await;
    let iam = server.iam();
    let a = create(&iam, "A", "/").await;
    iam.create_user().user_name("u").send().await.unwrap();
    let missing = "arn:aws:iam::000000000000:policy/Missing";
    let err = iam
        .attach_user_policy()
        .user_name("u")
        .policy_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(
        message(&err),
        format!("Policy {missing} does not exist or is not attachable.")
    );
    let err = iam
        .attach_user_policy()
        .user_name("ghost")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The user with name ghost cannot be found.");
    let err = iam
        .attach_user_policy()
        .user_name("u")
        .policy_arn("bogus-value-not-an-arn")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .detach_user_policy()
        .user_name("ghost")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The user with name ghost cannot be found.");
    let err = iam
        .list_attached_user_policies()
        .user_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");

    // Groups and roles are made by other families; here they do not exist.
    let err = iam
        .attach_group_policy()
        .group_name("g")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The group with name g cannot be found.");
    let err = iam
        .detach_group_policy()
        .group_name("g")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_attached_group_policies()
        .group_name("g")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .attach_role_policy()
        .role_name("r")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The role with name r cannot be found.");
    let err = iam
        .detach_role_policy()
        .role_name("r")
        .policy_arn(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_attached_role_policies()
        .role_name("r")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn ten_attachments_per_user() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    for i in 0..11 {
        let arn = create(&iam, &format!("P{i:02}"), "/").await;
        let result = iam
            .attach_user_policy()
            .user_name("u")
            .policy_arn(&arn)
            .send()
            .await;
        if i < 10 {
            result.unwrap();
        } else {
            let err = result.unwrap_err();
            assert_eq!(code(&err), "LimitExceeded");
            assert_eq!(status(&err), 409);
            assert_eq!(message(&err), "Cannot exceed quota for PoliciesPerUser: 10");
            assert_eq!(attachment_counts(&iam, &arn).await, (0, 0));
        }
    }
}

#[tokio::test]
async fn attached_policies_paginate() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("u").send().await.unwrap();
    let mut arns = Vec::new();
    for i in 0..7 {
        let arn = create(&iam, &format!("P{i}"), "/").await;
        iam.attach_user_policy()
            .user_name("u")
            .policy_arn(&arn)
            .send()
            .await
            .unwrap();
        arns.push(arn);
    }
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = iam
            .list_attached_user_policies()
            .user_name("u")
            .max_items(3)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            out.attached_policies()
                .iter()
                .map(|p| p.policy_arn().unwrap().to_string()),
        );
        marker = out.marker().map(str::to_string);
        assert_eq!(out.is_truncated(), marker.is_some());
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, arns);
}

#[tokio::test]
async fn entities_for_policy() {
    let server = start().await;
    let iam = server.iam();
    let p = create(&iam, "Shared", "/").await;
    for (name, path) in [("u1", "/a/"), ("u2", "/b/"), ("u3", "/a/"), ("u4", "/")] {
        iam.create_user()
            .user_name(name)
            .path(path)
            .send()
            .await
            .unwrap();
    }
    for name in ["u1", "u2"] {
        iam.attach_user_policy()
            .user_name(name)
            .policy_arn(&p)
            .send()
            .await
            .unwrap();
    }
    iam.put_user_permissions_boundary()
        .user_name("u3")
        .permissions_boundary(&p)
        .send()
        .await
        .unwrap();
    assert_eq!(attachment_counts(&iam, &p).await, (2, 1));

    let users =
        |out: &aws_sdk_iam::operation::list_entities_for_policy::ListEntitiesForPolicyOutput| {
            out.policy_users()
                .iter()
                .map(|u| u.user_name().unwrap().to_string())
                .collect::<Vec<_>>()
        };
    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .send()
        .await
        .unwrap();
    assert_eq!(users(&out), ["u1", "u2", "u3"]);
    assert!(out.policy_users()[0].user_id().unwrap().starts_with("AIDA"));
    assert!(out.policy_groups().is_empty() && out.policy_roles().is_empty());
    assert!(!out.is_truncated());

    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .policy_usage_filter(PolicyUsageType::PermissionsPolicy)
        .send()
        .await
        .unwrap();
    assert_eq!(users(&out), ["u1", "u2"]);
    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .policy_usage_filter(PolicyUsageType::PermissionsBoundary)
        .send()
        .await
        .unwrap();
    assert_eq!(users(&out), ["u3"]);
    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .path_prefix("/a/")
        .send()
        .await
        .unwrap();
    assert_eq!(users(&out), ["u1", "u3"]);
    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .entity_filter(EntityType::Role)
        .send()
        .await
        .unwrap();
    assert!(users(&out).is_empty());
    let out = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .entity_filter(EntityType::User)
        .send()
        .await
        .unwrap();
    assert_eq!(users(&out).len(), 3);

    let page = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    assert_eq!(users(&page), ["u1", "u2"]);
    let rest = iam
        .list_entities_for_policy()
        .policy_arn(&p)
        .max_items(2)
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert!(!rest.is_truncated());
    assert_eq!(users(&rest), ["u3"]);

    let missing = "arn:aws:iam::000000000000:policy/Missing";
    let err = iam
        .list_entities_for_policy()
        .policy_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), format!("Policy {missing} was not found."));
}

#[tokio::test]
async fn user_permissions_boundary() {
    let server = start().await;
    let iam = server.iam();
    let a = create(&iam, "BoundA", "/").await;
    let b = create(&iam, "BoundB", "/").await;
    iam.create_user().user_name("u").send().await.unwrap();
    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&a)
        .send()
        .await
        .unwrap();
    let user = iam.get_user().user_name("u").send().await.unwrap();
    assert_eq!(
        user.user()
            .unwrap()
            .permissions_boundary()
            .unwrap()
            .permissions_boundary_arn(),
        Some(a.as_str())
    );
    assert_eq!(attachment_counts(&iam, &a).await, (0, 1));
    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(
        attachment_counts(&iam, &a).await,
        (0, 1),
        "same boundary again"
    );

    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&b)
        .send()
        .await
        .unwrap();
    assert_eq!(attachment_counts(&iam, &a).await, (0, 0));
    assert_eq!(attachment_counts(&iam, &b).await, (0, 1));

    iam.delete_user_permissions_boundary()
        .user_name("u")
        .send()
        .await
        .unwrap();
    assert_eq!(attachment_counts(&iam, &b).await, (0, 0));
    let user = iam.get_user().user_name("u").send().await.unwrap();
    assert!(user.user().unwrap().permissions_boundary().is_none());
    iam.delete_user_permissions_boundary()
        .user_name("u")
        .send()
        .await
        .unwrap();

    let missing = "arn:aws:iam::000000000000:policy/Missing";
    let err = iam
        .put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(
        message(&err),
        format!("Scope ARN: {missing} does not exist or is not attachable.")
    );
    let err = iam
        .put_user_permissions_boundary()
        .user_name("ghost")
        .permissions_boundary(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The user with name ghost cannot be found.");
    let err = iam
        .delete_user_permissions_boundary()
        .user_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");

    // Deleting a user releases its boundary.
    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&a)
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("u").send().await.unwrap();
    assert_eq!(attachment_counts(&iam, &a).await, (0, 0));
}

#[tokio::test]
async fn role_permissions_boundary_needs_a_role() {
    let server = start().await;
    let iam = server.iam();
    let a = create(&iam, "BoundA", "/").await;
    let err = iam
        .put_role_permissions_boundary()
        .role_name("r")
        .permissions_boundary(&a)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The role with name r cannot be found.");
    let err = iam
        .delete_role_permissions_boundary()
        .role_name("r")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
}
