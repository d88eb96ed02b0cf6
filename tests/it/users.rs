//! Users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, and user tags.

use crate::support::{code, message, start, status};
use aws_sdk_iam::types::Tag;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

#[tokio::test]
async fn create_get_update_delete() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_user()
        .user_name("alice")
        .path("/eng/")
        .tags(tag("team", "core"))
        .send()
        .await
        .unwrap();
    let user = created.user().unwrap();
    assert_eq!(user.user_name(), "alice");
    assert_eq!(user.path(), "/eng/");
    assert_eq!(user.arn(), "arn:aws:iam::000000000000:user/eng/alice");
    assert!(user.user_id().starts_with("AIDA") && user.user_id().len() == 21);
    assert_eq!(user.tags().len(), 1);

    let got = iam.get_user().user_name("ALICE").send().await.unwrap();
    assert_eq!(
        got.user().unwrap().user_name(),
        "alice",
        "names are found case-insensitively and shown as created"
    );

    iam.update_user()
        .user_name("alice")
        .new_user_name("alice2")
        .new_path("/ops/")
        .send()
        .await
        .unwrap();
    let got = iam.get_user().user_name("alice2").send().await.unwrap();
    assert_eq!(
        got.user().unwrap().arn(),
        "arn:aws:iam::000000000000:user/ops/alice2"
    );
    let err = iam.get_user().user_name("alice").send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name alice cannot be found.");
    assert_eq!(status(&err), 404);

    iam.delete_user().user_name("alice2").send().await.unwrap();
    assert!(iam.list_users().send().await.unwrap().users().is_empty());
}

#[tokio::test]
async fn create_errors() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("bob").send().await.unwrap();
    let err = iam.create_user().user_name("BOB").send().await.unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(status(&err), 409);
    assert_eq!(message(&err), "User with name BOB already exists.");

    let err = iam
        .create_user()
        .user_name("bad name")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert_eq!(
        message(&err),
        "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
    );

    let err = iam
        .create_user()
        .user_name("x".repeat(65))
        .send()
        .await
        .unwrap_err();
    assert!(
        message(&err).contains("Member must have length less than or equal to 64"),
        "{}",
        message(&err)
    );

    let err = iam
        .create_user()
        .user_name("carol")
        .permissions_boundary("arn:aws:iam::000000000000:policy/nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");

    let err = iam
        .create_user()
        .user_name("dup")
        .tags(tag("k", "1"))
        .tags(tag("K", "2"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .update_user()
        .user_name("nobody")
        .new_user_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    iam.create_user().user_name("eve").send().await.unwrap();
    let err = iam
        .update_user()
        .user_name("eve")
        .new_user_name("Bob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
}

#[tokio::test]
async fn get_user_without_name_is_the_caller() {
    let server = start().await;
    let got = server.iam().get_user().send().await.unwrap();
    assert_eq!(got.user().unwrap().arn(), "arn:aws:iam::000000000000:root");
    assert_eq!(got.user().unwrap().user_id(), "000000000000");
}

#[tokio::test]
async fn list_users_paginates_and_filters_by_path() {
    let server = start().await;
    let iam = server.iam();
    for i in 0..25 {
        let path = if i % 2 == 0 { "/even/" } else { "/odd/" };
        iam.create_user()
            .user_name(format!("user{i:02}"))
            .path(path)
            .send()
            .await
            .unwrap();
    }
    let mut names = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_users()
            .max_items(10)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        names.extend(page.users().iter().map(|u| u.user_name().to_string()));
        if !page.is_truncated() {
            assert!(page.marker().is_none());
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        (0..25).map(|i| format!("user{i:02}")).collect::<Vec<_>>()
    );
    let even = iam.list_users().path_prefix("/even/").send().await.unwrap();
    assert_eq!(even.users().len(), 13);
    let all: Vec<_> = iam
        .list_users()
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(all.len(), 25);
    let err = iam.list_users().max_items(0).send().await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn user_tags() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("t").send().await.unwrap();
    for i in 0..5 {
        iam.tag_user()
            .user_name("t")
            .tags(tag(&format!("k{i}"), "v"))
            .send()
            .await
            .unwrap();
    }
    iam.tag_user()
        .user_name("t")
        .tags(tag("K0", "new"))
        .send()
        .await
        .unwrap();
    let tags = iam.list_user_tags().user_name("t").send().await.unwrap();
    assert_eq!(tags.tags().len(), 5);
    assert_eq!(tags.tags()[0].value(), "new");
    let page = iam
        .list_user_tags()
        .user_name("t")
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    let rest = iam
        .list_user_tags()
        .user_name("t")
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags().len(), 3);
    iam.untag_user()
        .user_name("t")
        .tag_keys("k1")
        .tag_keys("missing")
        .send()
        .await
        .unwrap();
    assert_eq!(
        iam.list_user_tags()
            .user_name("t")
            .send()
            .await
            .unwrap()
            .tags()
            .len(),
        4
    );
    let too_many: Vec<Tag> = (0..47).map(|i| tag(&format!("x{i}"), "v")).collect();
    let err = iam
        .tag_user()
        .user_name("t")
        .set_tags(Some(too_many))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    let err = iam
        .tag_user()
        .user_name("nobody")
        .tags(tag("a", "b"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_user_tags()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}
