//! Roles: create, read, update, delete, list, tags.

use crate::support::{Server, code, message, start, start_with, status};
use aws_sdk_iam::types::Tag;
use localiam::config::Config;
use percent_encoding::percent_decode_str;

pub const TRUST: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
  ]
}"#;

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().unwrap()
}

pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8().unwrap().to_string()
}

pub async fn role(iam: &aws_sdk_iam::Client, name: &str) {
    iam.create_role()
        .role_name(name)
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
}

/// Changes the default account's state directly, for what no implemented operation can set yet.
fn with_role(server: &Server, name: &str, f: impl FnOnce(&mut localiam::store::entities::Role)) {
    let account = server.state.store.account("000000000000");
    let mut guard = account.write();
    f(guard.roles.get_mut(&name.to_ascii_lowercase()).unwrap());
}

#[tokio::test]
async fn create_get_update_delete() {
    let server = start().await;
    let iam = server.iam();
    let created = iam
        .create_role()
        .role_name("app")
        .path("/svc/")
        .assume_role_policy_document(TRUST)
        .description("the app")
        .max_session_duration(7200)
        .tags(tag("team", "core"))
        .send()
        .await
        .unwrap();
    let r = created.role().unwrap();
    assert_eq!(r.arn(), "arn:aws:iam::000000000000:role/svc/app");
    assert!(r.role_id().starts_with("AROA") && r.role_id().len() == 21);
    assert_eq!(r.path(), "/svc/");
    assert_eq!(r.description(), Some("the app"));
    assert_eq!(r.max_session_duration(), Some(7200));
    assert_eq!(r.tags().len(), 1);
    assert_eq!(decode(r.assume_role_policy_document().unwrap()), TRUST);

    let got = iam.get_role().role_name("APP").send().await.unwrap();
    let r = got.role().unwrap();
    assert_eq!(r.role_name(), "app");
    assert_eq!(
        decode(r.assume_role_policy_document().unwrap()),
        TRUST,
        "the trust policy comes back exactly as sent"
    );
    let last = r.role_last_used().expect("RoleLastUsed is present, empty");
    assert!(last.last_used_date().is_none() && last.region().is_none());
    assert_eq!(r.tags()[0].value(), "core");

    iam.update_role()
        .role_name("app")
        .description("new")
        .max_session_duration(43200)
        .send()
        .await
        .unwrap();
    let updated = iam
        .update_role_description()
        .role_name("app")
        .description("newer")
        .send()
        .await
        .unwrap();
    let r = updated.role().unwrap();
    assert_eq!(r.description(), Some("newer"));
    assert_eq!(r.max_session_duration(), Some(43200));

    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}"#;
    iam.update_assume_role_policy()
        .role_name("app")
        .policy_document(doc)
        .send()
        .await
        .unwrap();
    let got = iam.get_role().role_name("app").send().await.unwrap();
    assert_eq!(
        decode(got.role().unwrap().assume_role_policy_document().unwrap()),
        doc
    );

    with_role(&server, "app", |r| {
        r.last_used = Some((chrono::Utc::now(), "eu-west-1".to_string()));
    });
    let got = iam.get_role().role_name("app").send().await.unwrap();
    let last = got.role().unwrap().role_last_used().unwrap();
    assert_eq!(last.region(), Some("eu-west-1"));
    assert!(last.last_used_date().is_some());

    iam.delete_role().role_name("app").send().await.unwrap();
    let err = iam.get_role().role_name("app").send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The role with name app cannot be found.");
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn create_errors() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "dup").await;
    let err = iam
        .create_role()
        .role_name("DUP")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(message(&err), "Role with name DUP already exists.");
    assert_eq!(status(&err), 409);

    let err = iam
        .create_role()
        .role_name("bad")
        .assume_role_policy_document("{not json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    assert_eq!(status(&err), 400);

    let big = format!(r#"{{"Version":"2012-10-17","Sid":"{}"}}"#, "a".repeat(2048));
    let err = iam
        .create_role()
        .role_name("big")
        .assume_role_policy_document(big)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert_eq!(
        message(&err),
        "Cannot exceed quota for ACLSizePerRole: 2048"
    );

    let err = iam
        .create_role()
        .role_name("bounded")
        .assume_role_policy_document(TRUST)
        .permissions_boundary("arn:aws:iam::000000000000:policy/nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "Scope ARN: arn:aws:iam::000000000000:policy/nope does not exist or is not attachable."
    );

    let err = iam
        .create_role()
        .role_name("tagged")
        .assume_role_policy_document(TRUST)
        .tags(tag("aws:x", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");

    for bad in [3599, 43201] {
        let err = iam
            .create_role()
            .role_name("short")
            .assume_role_policy_document(TRUST)
            .max_session_duration(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "ValidationError", "{bad}");
        assert!(
            message(&err).contains("maxSessionDuration"),
            "{}",
            message(&err)
        );
    }
    let err = iam
        .update_role()
        .role_name("dup")
        .max_session_duration(50000)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert!(
        iam.list_roles().send().await.unwrap().roles().len() == 1,
        "failed creations leave nothing behind"
    );
}

#[tokio::test]
async fn role_quota() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "r0").await;
    {
        let account = server.state.store.account("000000000000");
        let mut guard = account.write();
        let template = guard.roles.get("r0").unwrap().clone();
        for i in 1..1000 {
            guard.roles.insert(format!("r{i}"), template.clone());
        }
    }
    let err = iam
        .create_role()
        .role_name("one-more")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    assert!(message(&err).starts_with("Cannot exceed quota for RolesPerAccount: 1000"));

    let template = {
        let account = server.state.store.account("000000000000");
        account.read().roles.get("r0").unwrap().clone()
    };
    let mut config = Config::defaults();
    config.no_entity_quotas = true;
    let unlimited = start_with(config).await;
    {
        let account = unlimited.state.store.account("000000000000");
        let mut guard = account.write();
        for i in 0..1000 {
            guard.roles.insert(format!("r{i}"), template.clone());
        }
    }
    role(&unlimited.iam(), "one-more").await;
}

#[tokio::test]
async fn update_errors() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .update_role()
        .role_name("ghost")
        .description("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .update_role_description()
        .role_name("ghost")
        .description("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .update_assume_role_policy()
        .role_name("ghost")
        .policy_document(TRUST)
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The role with name ghost cannot be found.");
    role(&iam, "r").await;
    let err = iam
        .update_assume_role_policy()
        .role_name("r")
        .policy_document("[]")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "MalformedPolicyDocument");
    let err = iam
        .update_assume_role_policy()
        .role_name("r")
        .policy_document(format!(r#"{{"Sid":"{}"}}"#, "a".repeat(2100)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    let got = iam.get_role().role_name("r").send().await.unwrap();
    assert_eq!(
        decode(got.role().unwrap().assume_role_policy_document().unwrap()),
        TRUST,
        "a refused update changes nothing"
    );
}

#[tokio::test]
async fn delete_conflicts() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "busy").await;
    iam.create_instance_profile()
        .instance_profile_name("ip")
        .send()
        .await
        .unwrap();
    iam.add_role_to_instance_profile()
        .instance_profile_name("ip")
        .role_name("busy")
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("busy")
        .policy_name("inline")
        .policy_document(r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#)
        .send()
        .await
        .unwrap();
    with_role(&server, "busy", |r| {
        r.attached_policies
            .push("arn:aws:iam::aws:policy/ReadOnlyAccess".to_string());
    });
    let attempt = || iam.delete_role().role_name("busy").send();
    let err = attempt().await.unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(status(&err), 409);
    assert_eq!(
        message(&err),
        "Cannot delete entity, must remove roles from instance profile first."
    );
    iam.remove_role_from_instance_profile()
        .instance_profile_name("ip")
        .role_name("busy")
        .send()
        .await
        .unwrap();
    let err = attempt().await.unwrap_err();
    assert_eq!(
        message(&err),
        "Cannot delete entity, must detach all policies first."
    );
    with_role(&server, "busy", |r| r.attached_policies.clear());
    let err = attempt().await.unwrap_err();
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete policies first."
    );
    iam.delete_role_policy()
        .role_name("busy")
        .policy_name("inline")
        .send()
        .await
        .unwrap();
    attempt().await.unwrap();
    let err = attempt().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn list_roles_paginates_and_filters_by_path() {
    let server = start().await;
    let iam = server.iam();
    for i in 0..25 {
        let path = if i % 2 == 0 { "/even/" } else { "/odd/" };
        iam.create_role()
            .role_name(format!("role{i:02}"))
            .path(path)
            .assume_role_policy_document(TRUST)
            .tags(tag("k", "v"))
            .send()
            .await
            .unwrap();
    }
    let mut names = Vec::new();
    let mut marker = None;
    let mut pages = 0;
    loop {
        let page = iam
            .list_roles()
            .max_items(10)
            .set_marker(marker)
            .send()
            .await
            .unwrap();
        pages += 1;
        for r in page.roles() {
            assert!(r.tags().is_empty() && r.role_last_used().is_none());
            assert_eq!(r.max_session_duration(), Some(3600));
            assert_eq!(decode(r.assume_role_policy_document().unwrap()), TRUST);
        }
        names.extend(page.roles().iter().map(|r| r.role_name().to_string()));
        if !page.is_truncated() {
            break;
        }
        marker = page.marker().map(str::to_string);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        names,
        (0..25).map(|i| format!("role{i:02}")).collect::<Vec<_>>()
    );
    let odd = iam.list_roles().path_prefix("/odd/").send().await.unwrap();
    assert_eq!(odd.roles().len(), 12);
    let err = iam.list_roles().marker("!!").send().await.unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn role_tags() {
    let server = start().await;
    let iam = server.iam();
    role(&iam, "t").await;
    for i in 0..5 {
        iam.tag_role()
            .role_name("t")
            .tags(tag(&format!("k{i}"), "v"))
            .send()
            .await
            .unwrap();
    }
    let page = iam
        .list_role_tags()
        .role_name("t")
        .max_items(2)
        .send()
        .await
        .unwrap();
    assert!(page.is_truncated());
    assert_eq!(page.tags().len(), 2);
    let rest = iam
        .list_role_tags()
        .role_name("t")
        .marker(page.marker().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(rest.tags().len(), 3);
    assert!(!rest.is_truncated());
    iam.untag_role()
        .role_name("t")
        .tag_keys("K1")
        .send()
        .await
        .unwrap();
    let all = iam.list_role_tags().role_name("t").send().await.unwrap();
    assert_eq!(all.tags().len(), 4);
    let too_many: Vec<Tag> = (0..47).map(|i| tag(&format!("x{i}"), "v")).collect();
    let err = iam
        .tag_role()
        .role_name("t")
        .set_tags(Some(too_many))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "LimitExceeded");
    let err = iam
        .tag_role()
        .role_name("t")
        .tags(tag("a", "1"))
        .tags(tag("A", "2"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "InvalidInput");
    let err = iam
        .tag_role()
        .role_name("ghost")
        .tags(tag("a", "1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .untag_role()
        .role_name("ghost")
        .tag_keys("a")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .list_role_tags()
        .role_name("ghost")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
}
