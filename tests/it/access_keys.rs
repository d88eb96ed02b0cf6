//! Access keys: CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys,
//! GetAccessKeyLastUsed, and keys as credentials.

use crate::support::{Server, code, message, start, status};
use aws_sdk_iam::types::StatusType;
use localiam::store::ids::account_of_access_key;

async fn user(server: &Server, name: &str) {
    server
        .iam()
        .create_user()
        .user_name(name)
        .send()
        .await
        .unwrap();
}

/// A new key of `name`, as (id, secret).
async fn new_key(server: &Server, name: &str) -> (String, String) {
    let out = server
        .iam()
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .unwrap();
    let key = out.access_key().unwrap();
    (
        key.access_key_id().to_string(),
        key.secret_access_key().to_string(),
    )
}

#[tokio::test]
async fn create_list_update_delete() {
    let server = start().await;
    let iam = server.iam();
    user(&server, "alice").await;
    let created = iam
        .create_access_key()
        .user_name("ALICE")
        .send()
        .await
        .unwrap();
    let key = created.access_key().unwrap();
    assert_eq!(key.user_name(), "alice", "the user's name as created");
    assert_eq!(key.status(), &StatusType::Active);
    assert!(key.access_key_id().starts_with("AKIA"));
    assert_eq!(key.access_key_id().len(), 20);
    assert_eq!(
        account_of_access_key(key.access_key_id()).as_deref(),
        Some("000000000000"),
        "the key id encodes its account"
    );
    assert_eq!(key.secret_access_key().len(), 40);
    assert!(key.create_date().is_some());
    let id = key.access_key_id().to_string();
    assert!(server.state.store.access_keys.contains_key(&id));

    let listed = iam
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!listed.is_truncated());
    let meta = listed.access_key_metadata();
    assert_eq!(meta.len(), 1);
    assert_eq!(meta[0].access_key_id(), Some(id.as_str()));
    assert_eq!(meta[0].user_name(), Some("alice"));
    assert_eq!(meta[0].status(), Some(&StatusType::Active));
    assert_eq!(meta[0].create_date(), key.create_date());

    iam.update_access_key()
        .user_name("alice")
        .access_key_id(&id)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    let listed = iam
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert_eq!(
        listed.access_key_metadata()[0].status(),
        Some(&StatusType::Inactive)
    );
    iam.update_access_key()
        .user_name("alice")
        .access_key_id(&id)
        .status(StatusType::Active)
        .send()
        .await
        .unwrap();

    iam.delete_access_key()
        .user_name("alice")
        .access_key_id(&id)
        .send()
        .await
        .unwrap();
    let listed = iam
        .list_access_keys()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(listed.access_key_metadata().is_empty());
    assert!(
        !server.state.store.access_keys.contains_key(&id),
        "deleted keys leave the global index"
    );
}

#[tokio::test]
async fn at_most_two_keys_per_user() {
    let server = start().await;
    let iam = server.iam();
    user(&server, "bob").await;
    let (first, _) = new_key(&server, "bob").await;
    new_key(&server, "bob").await;
    let err = iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Cannot exceed quota for AccessKeysPerUser: 2"
    );
    assert_eq!(status(&err), 409);
    iam.delete_access_key()
        .user_name("bob")
        .access_key_id(first)
        .send()
        .await
        .unwrap();
    new_key(&server, "bob").await;
}

#[tokio::test]
async fn errors() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .create_access_key()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    assert_eq!(status(&err), 404);
    let err = iam.create_access_key().send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity", "root keys are not emulated");

    user(&server, "carol").await;
    user(&server, "dave").await;
    let (carols, _) = new_key(&server, "carol").await;
    let missing = "AKIAIOSFODNN7EXAMPLE";
    let err = iam
        .update_access_key()
        .user_name("carol")
        .access_key_id(missing)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        format!("The Access Key with id {missing} cannot be found.")
    );
    assert_eq!(status(&err), 404);
    let err = iam
        .update_access_key()
        .user_name("dave")
        .access_key_id(&carols)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "NoSuchEntity",
        "a key is found only on its user"
    );
    let err = iam
        .update_access_key()
        .user_name("carol")
        .access_key_id(&carols)
        .status(StatusType::Expired)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    assert_eq!(status(&err), 400);
    let err = iam
        .update_access_key()
        .user_name("nobody")
        .access_key_id(&carols)
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The user with name nobody cannot be found.");

    let err = iam
        .delete_access_key()
        .user_name("dave")
        .access_key_id(&carols)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let err = iam
        .delete_access_key()
        .access_key_id(&carols)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        format!("The Access Key with id {carols} cannot be found."),
        "without UserName the root caller's own keys are meant"
    );
    assert!(server.state.store.access_keys.contains_key(&carols));

    let err = iam
        .list_access_keys()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let root = iam.list_access_keys().send().await.unwrap();
    assert!(root.access_key_metadata().is_empty());

    let err = iam
        .get_access_key_last_used()
        .access_key_id(missing)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn list_access_keys_paginates() {
    let server = start().await;
    let iam = server.iam();
    user(&server, "erin").await;
    let (a, _) = new_key(&server, "erin").await;
    let (b, _) = new_key(&server, "erin").await;
    let first = iam
        .list_access_keys()
        .user_name("erin")
        .max_items(1)
        .send()
        .await
        .unwrap();
    assert!(first.is_truncated());
    assert_eq!(
        first.access_key_metadata()[0].access_key_id(),
        Some(a.as_str())
    );
    let second = iam
        .list_access_keys()
        .user_name("erin")
        .max_items(1)
        .marker(first.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert!(!second.is_truncated());
    assert!(second.marker().is_none());
    assert_eq!(
        second.access_key_metadata()[0].access_key_id(),
        Some(b.as_str())
    );
    let all: Vec<_> = iam
        .list_access_keys()
        .user_name("erin")
        .max_items(1)
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(all.len(), 2);
    let err = iam
        .list_access_keys()
        .user_name("erin")
        .marker("not-a-marker!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn the_secret_is_returned_only_at_creation() {
    let server = start().await;
    user(&server, "frank").await;
    let (status_code, created) = server
        .post_form("Action=CreateAccessKey&Version=2010-05-08&UserName=frank")
        .await;
    assert_eq!(status_code, 200);
    let between = |xml: &str, tag: &str| {
        let open = format!("<{tag}>");
        let start = xml.find(&open).unwrap() + open.len();
        let end = xml[start..].find('<').unwrap() + start;
        xml[start..end].to_string()
    };
    let id = between(&created, "AccessKeyId");
    let secret = between(&created, "SecretAccessKey");
    assert_eq!(secret.len(), 40);

    let (_, listed) = server
        .post_form("Action=ListAccessKeys&Version=2010-05-08&UserName=frank")
        .await;
    assert!(listed.contains(&id), "{listed}");
    assert!(!listed.contains(&secret), "{listed}");
    assert!(!listed.contains("SecretAccessKey"), "{listed}");

    let (status_code, used) = server
        .post_form(&format!(
            "Action=GetAccessKeyLastUsed&Version=2010-05-08&AccessKeyId={id}"
        ))
        .await;
    assert_eq!(status_code, 200);
    assert!(!used.contains(&secret), "{used}");
    assert!(!used.contains("SecretAccessKey"), "{used}");
    assert!(used.contains("<UserName>frank</UserName>"), "{used}");
    assert!(
        used.contains("<ServiceName>N/A</ServiceName>") && used.contains("<Region>N/A</Region>"),
        "{used}"
    );
    assert!(
        !used.contains("LastUsedDate"),
        "never used: no date, {used}"
    );
}

#[tokio::test]
async fn last_used_answers_for_keys_of_any_account() {
    let server = start().await;
    let other = server.iam_as("123456789012", "test", None);
    other.create_user().user_name("gina").send().await.unwrap();
    let key = other
        .create_access_key()
        .user_name("gina")
        .send()
        .await
        .unwrap();
    let id = key.access_key().unwrap().access_key_id().to_string();
    assert_eq!(account_of_access_key(&id).as_deref(), Some("123456789012"));
    let used = server
        .iam()
        .get_access_key_last_used()
        .access_key_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(used.user_name(), Some("gina"));
    let last = used.access_key_last_used().unwrap();
    assert_eq!(last.service_name(), "N/A");
    assert_eq!(last.region(), "N/A");
    assert!(last.last_used_date().is_none());
}

#[tokio::test]
async fn a_users_key_signs_as_that_user() {
    let server = start().await;
    server
        .iam()
        .create_user()
        .user_name("hank")
        .path("/eng/")
        .send()
        .await
        .unwrap();
    // Users manage their own keys with a policy such as this one.
    server
        .iam()
        .put_user_policy()
        .user_name("hank")
        .policy_name("own-keys")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow",
                "Action":["iam:*AccessKey*"],
                "Resource":"arn:aws:iam::*:user/*/${aws:username}"}}"#,
        )
        .send()
        .await
        .unwrap();
    let (id, secret) = new_key(&server, "hank").await;
    let who = server
        .sts_as(&id, &secret, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(who.arn(), Some("arn:aws:iam::000000000000:user/eng/hank"));
    assert_eq!(who.account(), Some("000000000000"));

    // Without UserName, the key operations act on the signing user.
    let as_hank = server.iam_as(&id, &secret, None);
    let mine = as_hank.list_access_keys().send().await.unwrap();
    assert_eq!(mine.access_key_metadata().len(), 1);
    let second = as_hank.create_access_key().send().await.unwrap();
    let second = second.access_key().unwrap();
    assert_eq!(second.user_name(), "hank");
    as_hank
        .update_access_key()
        .access_key_id(second.access_key_id())
        .status(StatusType::Inactive)
        .send()
        .await
        .unwrap();
    as_hank
        .delete_access_key()
        .access_key_id(second.access_key_id())
        .send()
        .await
        .unwrap();
    assert_eq!(
        as_hank
            .list_access_keys()
            .send()
            .await
            .unwrap()
            .access_key_metadata()
            .len(),
        1
    );

    // A renamed user keeps its keys, and they sign as the new name.
    server
        .iam()
        .update_user()
        .user_name("hank")
        .new_user_name("henry")
        .send()
        .await
        .unwrap();
    let who = server
        .sts_as(&id, &secret, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(who.arn(), Some("arn:aws:iam::000000000000:user/eng/henry"));
}

#[tokio::test]
async fn delete_user_waits_for_its_keys() {
    let server = start().await;
    let iam = server.iam();
    user(&server, "ivy").await;
    let (id, _) = new_key(&server, "ivy").await;
    let err = iam.delete_user().user_name("ivy").send().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete access keys first."
    );
    assert_eq!(status(&err), 409);
    iam.delete_access_key()
        .user_name("ivy")
        .access_key_id(id)
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("ivy").send().await.unwrap();
    assert!(server.state.store.access_keys.is_empty());
}
