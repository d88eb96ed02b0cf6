//! Managed policies and their versions: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
//! policy tags, and the version operations.

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::{PolicyScopeType, PolicyUsageType, Tag};

/// A small valid policy document.
pub const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

/// Creates a policy and returns its ARN.
pub async fn create(iam: &aws_sdk_iam::Client, name: &str, path: &str) -> String {
    iam.create_policy()
        .policy_name(name)
        .path(path)
        .policy_document(DOC)
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .arn()
        .unwrap()
        .to_string()
}

/// The ARN of a customer managed policy at the root path of the default account.
pub fn arn(name: &str) -> String {
    format!("arn:aws:iam::000000000000:policy/{name}")
}

#[tokio::test]
async fn create_get_delete() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_policy()
        .policy_name("Reader")
        .path("/team/")
        .description("reads things")
        .policy_document(DOC)
        .tags(tag("env", "dev"))
        .send()
        .await
        .unwrap();
    let p = created.policy().unwrap();
    assert_eq!(p.policy_name(), Some("Reader"));
    assert_eq!(p.path(), Some("/team/"));
    assert_eq!(
        p.arn(),
        Some("arn:aws:iam::000000000000:policy/team/Reader")
    );
    let id = p.policy_id().unwrap();
    assert!(id.starts_with("ANPA") && id.len() == 21, "{id}");
    assert_eq!(p.default_version_id(), Some("v1"));
    assert_eq!(p.attachment_count(), Some(0));
    assert_eq!(p.permissions_boundary_usage_count(), Some(0));
    assert!(p.is_attachable());

    let got = iam
        .get_policy()
        .policy_arn(p.arn().unwrap())
        .send()
        .await
        .unwrap();
    let g = got.policy().unwrap();
    assert_eq!(g.policy_id(), Some(id));
    assert_eq!(g.description(), Some("reads things"));
    assert_eq!(g.tags().len(), 1);
    assert_eq!(g.attachment_count(), Some(0));
    assert_eq!(g.permissions_boundary_usage_count(), Some(0));
    assert!(g.update_date().is_some() && g.create_date().is_some());

    iam.delete_policy()
        .policy_arn(p.arn().unwrap())
        .send()
        .await
        .unwrap();
    let err = iam
        .get_policy()
        .policy_arn(p.arn().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(
        message(&err),
        "Policy arn:aws:iam::000000000000:policy/team/Reader was not found."
    );
    let err = iam
        .delete_policy()
        .policy_arn(p.arn().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn create_errors() {
    let server = start().await;
    let iam = server.iam();
    create(&iam, "Dup", "/a/").await;
    let err = iam
        .create_policy()
        .policy_name("DUP")
        .path("/b/")
        .policy_document(DOC)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "A policy called DUP already exists. Duplicate names are not allowed."
    );

    let err = iam
        .create_policy()
        .policy_name("Bad")
        .policy_document("{not json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    assert_eq!(status(&err), 400);

    let err = iam
        .create_policy()
        .policy_name("Tagged")
        .policy_document(DOC)
        .tags(tag("aws:x", "y"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");

    let err = iam
        .get_policy()
        .policy_arn("not-an-arn-at-all-xyz")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(message(&err), "ARN not-an-arn-at-all-xyz is not valid.");
}

#[tokio::test]
async fn aws_managed_policies_are_read_only() {
    let server = start().await;
    let iam = server.iam();
    let aws = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let err = iam
        .delete_policy()
        .policy_arn(aws)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(status(&err), 403);
    assert_eq!(
        message(&err),
        "User: arn:aws:iam::000000000000:root is not authorized to perform: iam:DeletePolicy \
         on resource: policy arn:aws:iam::aws:policy/ReadOnlyAccess because no resource-based \
         policy allows the iam:DeletePolicy action"
    );
    let err = iam
        .create_policy_version()
        .policy_arn(aws)
        .policy_document(DOC)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let err = iam
        .set_default_policy_version()
        .policy_arn(aws)
        .version_id("v1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let err = iam
        .delete_policy_version()
        .policy_arn(aws)
        .version_id("v1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let err = iam
        .tag_policy()
        .policy_arn(aws)
        .tags(tag("a", "b"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let err = iam
        .untag_policy()
        .policy_arn(aws)
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    let missing = "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere";
    let err = iam
        .get_policy()
        .policy_arn(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), format!("Policy {missing} was not found."));
}

#[tokio::test]
async fn delete_conflicts() {
    let server = start().await;
    let iam = server.iam();
    let p = create(&iam, "Busy", "/").await;
    iam.create_user().user_name("u").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("u")
        .policy_arn(&p)
        .send()
        .await
        .unwrap();
    let err = iam.delete_policy().policy_arn(&p).send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "Cannot delete a policy attached to entities."
    );
    iam.detach_user_policy()
        .user_name("u")
        .policy_arn(&p)
        .send()
        .await
        .unwrap();

    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&p)
        .send()
        .await
        .unwrap();
    let err = iam.delete_policy().policy_arn(&p).send().await.unwrap_err();
    assert_eq!(
        message(&err),
        "Cannot delete a policy attached to entities."
    );
    iam.delete_user_permissions_boundary()
        .user_name("u")
        .send()
        .await
        .unwrap();

    iam.create_policy_version()
        .policy_arn(&p)
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    let err = iam.delete_policy().policy_arn(&p).send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."
    );
    iam.delete_policy_version()
        .policy_arn(&p)
        .version_id("v2")
        .send()
        .await
        .unwrap();
    iam.delete_policy().policy_arn(&p).send().await.unwrap();
}

async fn names(
    iam: &aws_sdk_iam::Client,
    f: impl Fn(
        aws_sdk_iam::operation::list_policies::builders::ListPoliciesFluentBuilder,
    ) -> aws_sdk_iam::operation::list_policies::builders::ListPoliciesFluentBuilder,
) -> Vec<String> {
    let out = f(iam.list_policies()).send().await.unwrap();
    assert!(!out.is_truncated());
    out.policies()
        .iter()
        .map(|p| p.policy_name().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn list_policies_filters() {
    let server = start().await;
    let iam = server.iam();
    let a = create(&iam, "A", "/x/").await;
    let b = create(&iam, "B", "/x/y/").await;
    create(&iam, "C", "/").await;
    iam.create_user().user_name("u").send().await.unwrap();
    iam.attach_user_policy()
        .user_name("u")
        .policy_arn(&a)
        .send()
        .await
        .unwrap();
    iam.put_user_permissions_boundary()
        .user_name("u")
        .permissions_boundary(&b)
        .send()
        .await
        .unwrap();

    let local = |b: aws_sdk_iam::operation::list_policies::builders::ListPoliciesFluentBuilder| {
        b.scope(PolicyScopeType::Local)
    };
    assert_eq!(names(&iam, local).await, ["A", "B", "C"]);
    assert_eq!(
        names(&iam, |b| local(b).path_prefix("/x/")).await,
        ["A", "B"]
    );
    assert_eq!(names(&iam, |b| local(b).path_prefix("/x/y/")).await, ["B"]);
    assert_eq!(
        names(&iam, |b| local(b).only_attached(true)).await,
        ["A", "B"]
    );
    assert_eq!(
        names(&iam, |b| local(b)
            .only_attached(true)
            .policy_usage_filter(PolicyUsageType::PermissionsPolicy))
        .await,
        ["A"]
    );
    assert_eq!(
        names(&iam, |b| local(b)
            .policy_usage_filter(PolicyUsageType::PermissionsBoundary))
        .await,
        ["B"]
    );
    let out = iam
        .list_policies()
        .scope(PolicyScopeType::Local)
        .send()
        .await
        .unwrap();
    let first = &out.policies()[0];
    assert_eq!(first.attachment_count(), Some(1));
    assert!(first.description().is_none() && first.tags().is_empty());
    let second = &out.policies()[1];
    assert_eq!(second.permissions_boundary_usage_count(), Some(1));

    let every = |scope: PolicyScopeType| {
        let iam = iam.clone();
        async move {
            let items: Vec<_> = iam
                .list_policies()
                .scope(scope)
                .max_items(1000)
                .into_paginator()
                .items()
                .send()
                .collect::<Vec<_>>()
                .await;
            items
                .into_iter()
                .map(|p| p.unwrap().policy_name().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let aws_only = every(PolicyScopeType::Aws).await;
    assert!(aws_only.len() > 1000, "the AWS managed catalog is listed");
    assert!(
        aws_only
            .iter()
            .all(|n| !["A", "B", "C"].contains(&n.as_str()))
    );
    let all = every(PolicyScopeType::All).await;
    assert_eq!(all.len(), aws_only.len() + 3);
    assert_eq!(
        &all[all.len() - 3..],
        ["A", "B", "C"],
        "local ones come last"
    );
}

#[tokio::test]
async fn list_policies_paginates() {
    let server = start().await;
    let iam = server.iam();
    for i in 0..7 {
        create(&iam, &format!("P{i}"), "/").await;
    }
    let mut seen = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = iam
            .list_policies()
            .scope(PolicyScopeType::Local)
            .max_items(3)
            .set_marker(marker.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        seen.extend(
            out.policies()
                .iter()
                .map(|p| p.policy_name().unwrap().to_string()),
        );
        marker = out.marker().map(str::to_string);
        assert_eq!(out.is_truncated(), marker.is_some());
        if marker.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["P0", "P1", "P2", "P3", "P4", "P5", "P6"]);

    let err = iam
        .list_policies()
        .marker("garbage!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn policy_tags() {
    let server = start().await;
    let iam = server.iam();
    let p = create(&iam, "Tagged", "/").await;
    iam.tag_policy()
        .policy_arn(&p)
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .tags(tag("c", "3"))
        .send()
        .await
        .unwrap();
    iam.tag_policy()
        .policy_arn(&p)
        .tags(tag("A", "9"))
        .send()
        .await
        .unwrap();
    let page = iam
        .list_policy_tags()
        .policy_arn(&p)
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    assert_eq!(
        page.tags()[0].value(),
        "9",
        "keys compare case-insensitively"
    );
    let rest = iam
        .list_policy_tags()
        .policy_arn(&p)
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags().len(), 1);
    assert!(!rest.is_truncated());

    iam.untag_policy()
        .policy_arn(&p)
        .tag_keys("a")
        .tag_keys("b")
        .send()
        .await
        .unwrap();
    let left = iam.list_policy_tags().policy_arn(&p).send().await.unwrap();
    assert_eq!(left.tags().len(), 1);
    assert_eq!(left.tags()[0].key(), "c");

    let err = iam
        .tag_policy()
        .policy_arn(arn("Nope"))
        .tags(tag("a", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let err = iam
        .untag_policy()
        .policy_arn(arn("Nope"))
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_policy_tags()
        .policy_arn(arn("Nope"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let many: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    let err = iam
        .tag_policy()
        .policy_arn(&p)
        .set_tags(Some(many))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
}
