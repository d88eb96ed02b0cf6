//! Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AddUserToGroup,
//! RemoveUserFromGroup, ListGroupsForUser.

use crate::support::{code, message, start, status};

const DOC: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;

async fn add(iam: &aws_sdk_iam::Client, group: &str, user: &str) {
    iam.add_user_to_group()
        .group_name(group)
        .user_name(user)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn create_get_update_delete() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_group()
        .group_name("Admins")
        .path("/eng/")
        .send()
        .await
        .unwrap();
    let group = created.group().unwrap();
    assert_eq!(group.group_name(), "Admins");
    assert_eq!(group.path(), "/eng/");
    assert_eq!(group.arn(), "arn:aws:iam::000000000000:group/eng/Admins");
    assert!(group.group_id().starts_with("AGPA") && group.group_id().len() == 21);

    let got = iam.get_group().group_name("admins").send().await.unwrap();
    assert_eq!(got.group().unwrap().group_name(), "Admins");
    assert_eq!(got.group().unwrap().group_id(), group.group_id());
    assert!(got.users().is_empty());
    assert!(!got.is_truncated());

    let plain = iam.create_group().group_name("plain").send().await.unwrap();
    assert_eq!(plain.group().unwrap().path(), "/");
    assert_eq!(
        plain.group().unwrap().arn(),
        "arn:aws:iam::000000000000:group/plain"
    );

    iam.update_group()
        .group_name("Admins")
        .new_group_name("Operators")
        .new_path("/ops/")
        .send()
        .await
        .unwrap();
    let got = iam
        .get_group()
        .group_name("operators")
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.group().unwrap().arn(),
        "arn:aws:iam::000000000000:group/ops/Operators"
    );
    assert_eq!(got.group().unwrap().group_id(), group.group_id());
    let err = iam
        .get_group()
        .group_name("Admins")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The group with name Admins cannot be found.");
    assert_eq!(status(&err), 404);

    // A change of case only is a rename to the same key.
    iam.update_group()
        .group_name("operators")
        .new_group_name("OPERATORS")
        .send()
        .await
        .unwrap();
    let got = iam
        .get_group()
        .group_name("operators")
        .send()
        .await
        .unwrap();
    assert_eq!(got.group().unwrap().group_name(), "OPERATORS");
    assert_eq!(got.group().unwrap().path(), "/ops/");

    iam.delete_group()
        .group_name("Operators")
        .send()
        .await
        .unwrap();
    iam.delete_group().group_name("plain").send().await.unwrap();
    assert!(iam.list_groups().send().await.unwrap().groups().is_empty());
}

#[tokio::test]
async fn errors() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("devs").send().await.unwrap();
    let err = iam
        .create_group()
        .group_name("DEVS")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(message(&err), "Group with name DEVS already exists.");
    assert_eq!(status(&err), 409);

    let err = iam
        .create_group()
        .group_name("bad name")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");

    iam.create_group().group_name("ops").send().await.unwrap();
    let err = iam
        .update_group()
        .group_name("ops")
        .new_group_name("Devs")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(message(&err), "Group with name Devs already exists.");
    let err = iam
        .update_group()
        .group_name("nobody")
        .new_group_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The group with name nobody cannot be found.");
    assert_eq!(status(&err), 404);

    let err = iam
        .delete_group()
        .group_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);

    iam.create_user().user_name("u").send().await.unwrap();
    for (group, user, missing) in [("nobody", "u", "group"), ("devs", "ghost", "user")] {
        let err = iam
            .add_user_to_group()
            .group_name(group)
            .user_name(user)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "NoSuchEntity");
        assert_eq!(status(&err), 404);
        let name = if missing == "group" { group } else { user };
        assert_eq!(
            message(&err),
            format!("The {missing} with name {name} cannot be found.")
        );
        let err = iam
            .remove_user_from_group()
            .group_name(group)
            .user_name(user)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "NoSuchEntity");
    }
    let err = iam
        .remove_user_from_group()
        .group_name("devs")
        .user_name("u")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity", "u is not in devs");
    assert_eq!(status(&err), 404);

    let err = iam
        .list_groups_for_user()
        .user_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name ghost cannot be found.");
    assert_eq!(status(&err), 404);

    let err = iam.list_groups().max_items(0).send().await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    let err = iam
        .get_group()
        .group_name("devs")
        .marker("!!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn delete_conflicts() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("g").send().await.unwrap();
    iam.create_user().user_name("u").send().await.unwrap();
    add(&iam, "g", "u").await;

    let err = iam.delete_group().group_name("g").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must remove users from group first."
    );
    assert_eq!(status(&err), 409);

    let err = iam.delete_user().user_name("u").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict", "the user is still in g");
    assert_eq!(status(&err), 409);

    iam.remove_user_from_group()
        .group_name("G")
        .user_name("U")
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("u").send().await.unwrap();

    iam.put_group_policy()
        .group_name("g")
        .policy_name("p")
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    let err = iam.delete_group().group_name("g").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete policies first."
    );
    iam.delete_group_policy()
        .group_name("g")
        .policy_name("p")
        .send()
        .await
        .unwrap();
    iam.delete_group().group_name("g").send().await.unwrap();
}

#[tokio::test]
async fn delete_conflict_with_attached_policy() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("g").send().await.unwrap();
    // No AttachGroupPolicy here yet: reach into the store as an attachment would.
    {
        let account = server.state.store.account("000000000000");
        let mut account = account.write();
        account
            .groups
            .get_mut("g")
            .unwrap()
            .attached_policies
            .push("arn:aws:iam::aws:policy/ReadOnlyAccess".to_string());
    }
    let err = iam.delete_group().group_name("g").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must detach all policies first."
    );
}

#[tokio::test]
async fn membership_and_rename() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("team").send().await.unwrap();
    iam.create_group().group_name("other").send().await.unwrap();
    for u in ["bob", "Alice"] {
        iam.create_user().user_name(u).send().await.unwrap();
        add(&iam, "team", u).await;
    }
    add(&iam, "other", "bob").await;
    // Adding an existing member again is a no-op.
    add(&iam, "TEAM", "BOB").await;

    let got = iam.get_group().group_name("team").send().await.unwrap();
    let names: Vec<_> = got
        .users()
        .iter()
        .map(aws_sdk_iam::types::User::user_name)
        .collect();
    assert_eq!(names, ["Alice", "bob"]);
    assert_eq!(got.users()[0].arn(), "arn:aws:iam::000000000000:user/Alice");

    iam.update_group()
        .group_name("team")
        .new_group_name("Crew")
        .send()
        .await
        .unwrap();
    let got = iam.get_group().group_name("crew").send().await.unwrap();
    assert_eq!(got.users().len(), 2, "members follow the rename");
    let bobs: Vec<_> = iam
        .list_groups_for_user()
        .user_name("bob")
        .send()
        .await
        .unwrap()
        .groups()
        .iter()
        .map(|g| g.group_name().to_string())
        .collect();
    assert_eq!(bobs, ["Crew", "other"]);
    // The user's own record follows too: removal and deletion work under the new name.
    iam.remove_user_from_group()
        .group_name("crew")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    iam.remove_user_from_group()
        .group_name("other")
        .user_name("bob")
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("bob").send().await.unwrap();

    // A renamed user stays a member.
    iam.update_user()
        .user_name("Alice")
        .new_user_name("Alicia")
        .send()
        .await
        .unwrap();
    let got = iam.get_group().group_name("Crew").send().await.unwrap();
    let names: Vec<_> = got
        .users()
        .iter()
        .map(aws_sdk_iam::types::User::user_name)
        .collect();
    assert_eq!(names, ["Alicia"]);
}

#[tokio::test]
async fn groups_per_user_quota() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("busy").send().await.unwrap();
    for i in 0..11 {
        iam.create_group()
            .group_name(format!("g{i:02}"))
            .send()
            .await
            .unwrap();
    }
    for i in 0..10 {
        add(&iam, &format!("g{i:02}"), "busy").await;
    }
    // Re-adding to a group it is already in is still fine at the quota.
    add(&iam, "g03", "busy").await;
    let err = iam
        .add_user_to_group()
        .group_name("g10")
        .user_name("busy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(message(&err), "Cannot exceed quota for GroupsPerUser: 10");
    assert_eq!(status(&err), 409);
    let got = iam.get_group().group_name("g10").send().await.unwrap();
    assert!(
        got.users().is_empty(),
        "a refused add leaves nothing behind"
    );
}

#[tokio::test]
async fn groups_per_account_quota() {
    let server = start().await;
    let iam = server.iam();
    iam.create_group().group_name("seed").send().await.unwrap();
    {
        // Fill the account up to the quota directly: 299 more requests would only slow the test.
        let account = server.state.store.account("000000000000");
        let mut account = account.write();
        let seed = account.groups.get("seed").cloned().unwrap();
        for i in 1..localiam::store::quotas::GROUPS {
            let mut g = seed.clone();
            g.name = format!("filler{i:03}");
            account.groups.insert(g.name.clone(), g);
        }
    }
    let err = iam
        .create_group()
        .group_name("one-more")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Cannot exceed quota for GroupsPerAccount: 300"
    );
    assert_eq!(status(&err), 409);
}

#[tokio::test]
async fn pagination() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("member").send().await.unwrap();
    for i in 0..23 {
        let path = if i % 2 == 0 { "/even/" } else { "/odd/" };
        iam.create_group()
            .group_name(format!("group{i:02}"))
            .path(path)
            .send()
            .await
            .unwrap();
    }
    iam.create_group().group_name("big").send().await.unwrap();
    for i in 0..25 {
        let name = format!("user{i:02}");
        iam.create_user().user_name(&name).send().await.unwrap();
        add(&iam, "big", &name).await;
    }
    for i in 0..7 {
        add(&iam, &format!("group{i:02}"), "member").await;
    }

    // ListGroups
    let mut names = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_groups()
            .max_items(10)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        names.extend(page.groups().iter().map(|g| g.group_name().to_string()));
        if !page.is_truncated() {
            assert!(page.marker().is_none());
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    let mut expected: Vec<_> = (0..23).map(|i| format!("group{i:02}")).collect();
    expected.insert(0, "big".to_string());
    assert_eq!(names, expected);
    let even = iam
        .list_groups()
        .path_prefix("/even/")
        .send()
        .await
        .unwrap();
    assert_eq!(even.groups().len(), 12);
    assert!(even.groups().iter().all(|g| g.path() == "/even/"));

    // GetGroup members
    let mut members = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .get_group()
            .group_name("big")
            .max_items(10)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        assert_eq!(page.group().unwrap().group_name(), "big");
        members.extend(page.users().iter().map(|u| u.user_name().to_string()));
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        members,
        (0..25).map(|i| format!("user{i:02}")).collect::<Vec<_>>()
    );
    let all: Vec<_> = iam
        .get_group()
        .group_name("big")
        .max_items(4)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(all.len(), 25);

    // ListGroupsForUser
    let mut groups = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_groups_for_user()
            .user_name("MEMBER")
            .max_items(3)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        groups.extend(page.groups().iter().map(|g| g.group_name().to_string()));
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        groups,
        (0..7).map(|i| format!("group{i:02}")).collect::<Vec<_>>()
    );
}
