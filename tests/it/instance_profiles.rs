//! Instance profiles and the roles in them.

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::Tag;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

async fn role(iam: &aws_sdk_iam::Client, name: &str) {
    iam.create_role()
        .role_name(name)
        .assume_role_policy_document(TRUST)
        .description("not shown inside profiles")
        .send()
        .await
        .unwrap();
}

async fn profile(iam: &aws_sdk_iam::Client, name: &str) {
    iam.create_instance_profile()
        .instance_profile_name(name)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_get_add_remove_delete() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_instance_profile()
        .instance_profile_name("web")
        .path("/ec2/")
        .tags(tag("env", "prod"))
        .send()
        .await
        .unwrap();
    let p = created.instance_profile().unwrap();
    assert_eq!(p.instance_profile_name(), "web");
    assert_eq!(
        p.arn(),
        "arn:aws:iam::000000000000:instance-profile/ec2/web"
    );
    assert!(p.instance_profile_id().starts_with("AIPA") && p.instance_profile_id().len() == 21);
    assert!(p.roles().is_empty());
    assert_eq!(p.tags().len(), 1);

    role(&iam, "WebRole").await;
    iam.add_role_to_instance_profile()
        .instance_profile_name("WEB")
        .role_name("webrole")
        .send()
        .await
        .unwrap();
    let got = iam
        .get_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap();
    let p = got.instance_profile().unwrap();
    assert_eq!(p.roles().len(), 1);
    let r = &p.roles()[0];
    assert_eq!(r.role_name(), "WebRole", "shown as created");
    assert_eq!(r.arn(), "arn:aws:iam::000000000000:role/WebRole");
    assert!(r.assume_role_policy_document().is_some());
    assert!(r.description().is_none() && r.role_last_used().is_none());
    assert_eq!(p.tags()[0].value(), "prod");

    let err = iam
        .delete_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "Cannot delete entity, must remove roles from instance profile first."
    );

    iam.remove_role_from_instance_profile()
        .instance_profile_name("web")
        .role_name("WebRole")
        .send()
        .await
        .unwrap();
    iam.delete_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap();
    let err = iam
        .get_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    assert_eq!(message(&err), "Instance Profile web cannot be found.");
    let err = iam
        .delete_instance_profile()
        .instance_profile_name("web")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    iam.delete_role().role_name("WebRole").send().await.unwrap();
}

#[tokio::test]
async fn create_errors_and_quota() {
    let server = start().await;
    let iam = server.iam();
    profile(&iam, "p").await;
    let err = iam
        .create_instance_profile()
        .instance_profile_name("P")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(status(&err), 409);
    assert_eq!(message(&err), "Instance Profile P already exists.");
    let err = iam
        .create_instance_profile()
        .instance_profile_name("q")
        .tags(tag("aws:reserved", "x"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .create_instance_profile()
        .instance_profile_name("q")
        .path("no-slashes")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    {
        let account = server.state.store.account("000000000000");
        let mut guard = account.write();
        let template = guard.instance_profiles.get("p").unwrap().clone();
        for i in 1..1000 {
            guard
                .instance_profiles
                .insert(format!("p{i}"), template.clone());
        }
    }
    let err = iam
        .create_instance_profile()
        .instance_profile_name("q")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert!(
        message(&err).starts_with("Cannot exceed quota for InstanceProfilesPerAccount: 1000"),
        "{}",
        message(&err)
    );
}

#[tokio::test]
async fn add_and_remove_errors() {
    let server = start().await;
    let iam = server.iam();
    profile(&iam, "ip").await;
    role(&iam, "a").await;
    role(&iam, "b").await;
    let add = |p: &str, r: &str| {
        iam.add_role_to_instance_profile()
            .instance_profile_name(p)
            .role_name(r)
            .send()
    };
    let err = add("ghost", "a").await.unwrap_err();
    assert_eq!(message(&err), "Instance Profile ghost cannot be found.");
    let err = add("ip", "ghost").await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The role with name ghost cannot be found.");
    add("ip", "a").await.unwrap();
    let err = add("ip", "b").await.unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(status(&err), 409);
    assert!(
        message(&err).starts_with("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"),
        "{}",
        message(&err)
    );

    iam.create_service_linked_role()
        .aws_service_name("spot.amazonaws.com")
        .send()
        .await
        .unwrap();
    profile(&iam, "other").await;
    let err = add("other", "AWSServiceRoleForEC2Spot").await.unwrap_err();
    assert_eq!(code(&err), "UnmodifiableEntity");

    let remove = |p: &str, r: &str| {
        iam.remove_role_from_instance_profile()
            .instance_profile_name(p)
            .role_name(r)
            .send()
    };
    let err = remove("ip", "b").await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = remove("ghost", "a").await.unwrap_err();
    assert_eq!(message(&err), "Instance Profile ghost cannot be found.");
    let err = remove("ip", "ghost").await.unwrap_err();
    assert_eq!(message(&err), "The role with name ghost cannot be found.");
    remove("ip", "a").await.unwrap();
    add("ip", "b").await.unwrap();
}

#[tokio::test]
async fn listings_paginate() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "shared").await;
    for i in 0..25 {
        let name = format!("prof{i:02}");
        let path = if i % 5 == 0 { "/five/" } else { "/" };
        iam.create_instance_profile()
            .instance_profile_name(&name)
            .path(path)
            .tags(tag("k", "v"))
            .send()
            .await
            .unwrap();
        if i % 2 == 0 {
            iam.add_role_to_instance_profile()
                .instance_profile_name(&name)
                .role_name("shared")
                .send()
                .await
                .unwrap();
        }
    }

    let mut names = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_instance_profiles()
            .max_items(10)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        for p in page.instance_profiles() {
            assert!(p.tags().is_empty(), "listings leave tags out");
        }
        names.extend(
            page.instance_profiles()
                .iter()
                .map(|p| p.instance_profile_name().to_string()),
        );
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        (0..25).map(|i| format!("prof{i:02}")).collect::<Vec<_>>()
    );
    let five = iam
        .list_instance_profiles()
        .path_prefix("/five/")
        .send()
        .await
        .unwrap();
    assert_eq!(five.instance_profiles().len(), 5);

    let mut for_role = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_instance_profiles_for_role()
            .role_name("SHARED")
            .max_items(5)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        for p in page.instance_profiles() {
            assert_eq!(p.roles().len(), 1);
            assert_eq!(p.roles()[0].role_name(), "shared");
        }
        for_role.extend(
            page.instance_profiles()
                .iter()
                .map(|p| p.instance_profile_name().to_string()),
        );
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        for_role,
        (0..25)
            .filter(|i| i % 2 == 0)
            .map(|i| format!("prof{i:02}"))
            .collect::<Vec<_>>()
    );
    let err = iam
        .list_instance_profiles_for_role()
        .role_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn instance_profile_tags() {
    let server = start().await;
    let iam = server.iam();
    profile(&iam, "t").await;
    for i in 0..5 {
        iam.tag_instance_profile()
            .instance_profile_name("t")
            .tags(tag(&format!("k{i}"), "v"))
            .send()
            .await
            .unwrap();
    }
    iam.tag_instance_profile()
        .instance_profile_name("t")
        .tags(tag("K0", "new"))
        .send()
        .await
        .unwrap();
    let page = iam
        .list_instance_profile_tags()
        .instance_profile_name("t")
        .max_items(3)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    assert_eq!(page.tags()[0].value(), "new");
    let rest = iam
        .list_instance_profile_tags()
        .instance_profile_name("t")
        .max_items(3)
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags().len(), 2);
    assert!(!rest.is_truncated());
    iam.untag_instance_profile()
        .instance_profile_name("t")
        .tag_keys("k1")
        .tag_keys("absent")
        .send()
        .await
        .unwrap();
    let all = iam
        .list_instance_profile_tags()
        .instance_profile_name("t")
        .send()
        .await
        .unwrap();
    assert_eq!(all.tags().len(), 4);
    let too_many: Vec<Tag> = (0..47).map(|i| tag(&format!("x{i}"), "v")).collect();
    let err = iam
        .tag_instance_profile()
        .instance_profile_name("t")
        .set_tags(Some(too_many))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    let err = iam
        .tag_instance_profile()
        .instance_profile_name("t")
        .tags(tag("aws:x", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .tag_instance_profile()
        .instance_profile_name("ghost")
        .tags(tag("a", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "Instance Profile ghost cannot be found.");
    let err = iam
        .untag_instance_profile()
        .instance_profile_name("ghost")
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_instance_profile_tags()
        .instance_profile_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
}
