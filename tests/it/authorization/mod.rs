//! Authorization: IAM users need policies; explicit denies, permissions boundaries, group
//! policies and conditions decide as AWS's evaluation logic says; root and GetCallerIdentity need
//! nothing; `audit` mode lets a denied call through and `off` mode evaluates nothing.

mod changes;
mod operations;

use crate::support::{Server, code, message, start, start_with, status};
use localiam::config::{AuthMode, Config};

const ACCOUNT: &str = "000000000000";
const DOC: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;

/// An IAM user with an access key, calling IAM.
struct Caller {
    key: String,
    secret: String,
    server: Server,
}

impl Caller {
    /// Creates the user `name` (as root) with a key.
    async fn new(server: &Server, name: &str) -> Caller {
        let iam = server.iam();
        iam.create_user().user_name(name).send().await.unwrap();
        let key = iam
            .create_access_key()
            .user_name(name)
            .send()
            .await
            .unwrap();
        let key = key.access_key().unwrap();
        Caller {
            key: key.access_key_id().to_owned(),
            secret: key.secret_access_key().to_owned(),
            server: Server {
                endpoint: server.endpoint.clone(),
                state: server.state.clone(),
            },
        }
    }

    /// The SDK client signing with the user's key.
    fn iam(&self) -> aws_sdk_iam::Client {
        self.server.iam_as(&self.key, &self.secret, None)
    }

    /// Calls `operation` with raw `params`, signed with the user's key.
    async fn call(&self, operation: &str, params: &[(&str, &str)]) -> (u16, String) {
        let sts = localiam::protocol::Action::from_name(operation)
            .is_some_and(|a| a.service() == localiam::protocol::Service::Sts);
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("Action", operation)
            .append_pair("Version", if sts { "2011-06-15" } else { "2010-05-08" })
            .extend_pairs(params)
            .finish();
        self.server
            .post_form_as(&self.key, &self.secret, &body)
            .await
    }
}

/// Creates, as root: alice (`/div/`, with a key, whose id is returned), the group devs (`/g/`),
/// the role ops (`/r/`), the policy pol (`/p/`) and the instance profile prof (`/ip/`).
async fn fixture(server: &Server) -> String {
    let iam = server.iam();
    iam.create_user()
        .user_name("alice")
        .path("/div/")
        .send()
        .await
        .unwrap();
    let key = iam
        .create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    iam.create_group()
        .group_name("devs")
        .path("/g/")
        .send()
        .await
        .unwrap();
    iam.create_role()
        .role_name("ops")
        .path("/r/")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .unwrap();
    iam.create_policy()
        .policy_name("pol")
        .path("/p/")
        .policy_document(DOC)
        .send()
        .await
        .unwrap();
    iam.create_instance_profile()
        .instance_profile_name("prof")
        .path("/ip/")
        .send()
        .await
        .unwrap();
    key.access_key().unwrap().access_key_id().to_owned()
}

/// Gives `user` (as root) an inline policy allowing `action` on `resource`.
async fn allow(server: &Server, user: &str, action: &str, resource: &str) {
    put_policy(
        server,
        user,
        "allow",
        &format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}}}"#
        ),
    )
    .await;
}

/// Puts the inline policy `name` on `user`, as root.
async fn put_policy(server: &Server, user: &str, name: &str, document: &str) {
    server
        .iam()
        .put_user_policy()
        .user_name(user)
        .policy_name(name)
        .policy_document(document)
        .send()
        .await
        .unwrap();
}

/// The text between `<tag>` and `</tag>` in `body`.
fn element<'a>(body: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = body.find(&open).map_or(0, |i| i + open.len());
    let end = body[start..]
        .find(&format!("</{tag}>"))
        .map_or(start, |i| start + i);
    &body[start..end]
}

/// Asserts a 403 AccessDenied for `action` on `resource` because no identity-based policy
/// allows it, in AWS's exact words.
fn denied_for_lack_of_identity_policy(status: u16, body: &str, action: &str, resource: &str) {
    assert_eq!(status, 403, "{action}: {body}");
    assert_eq!(element(body, "Code"), "AccessDenied", "{action}: {body}");
    assert_eq!(
        element(body, "Message"),
        format!(
            "User: arn:aws:iam::{ACCOUNT}:user/caller is not authorized to perform: {action} on \
             resource: {resource} because no identity-based policy allows the {action} action"
        )
    );
}

fn user_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:user/{name}")
}

fn denial(action: &str, resource: &str, why: &str) -> String {
    format!(
        "User: {} is not authorized to perform: {action} on resource: {resource} {why}",
        user_arn("caller")
    )
}

#[tokio::test]
async fn explicit_deny_wins_over_allow() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    put_policy(
        &server,
        "caller",
        "admin-but",
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"iam:*","Resource":"*"},
            {"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}"#,
    )
    .await;
    let iam = caller.iam();
    iam.create_user().user_name("bob").send().await.unwrap();
    let err = iam.delete_user().user_name("bob").send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(status(&err), 403);
    assert_eq!(
        message(&err),
        denial(
            "iam:DeleteUser",
            &user_arn("bob"),
            "with an explicit deny in an identity-based policy"
        )
    );
}

#[tokio::test]
async fn permissions_boundary_caps_identity_policies() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    put_policy(
        &server,
        "caller",
        "admin",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#,
    )
    .await;
    let root = server.iam();
    let boundary = root
        .create_policy()
        .policy_name("read-only-but-deletes")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
                {"Effect":"Deny","Action":"iam:ListRoles","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    let boundary = boundary.policy().unwrap().arn().unwrap().to_owned();
    root.put_user_permissions_boundary()
        .user_name("caller")
        .permissions_boundary(&boundary)
        .send()
        .await
        .unwrap();
    let iam = caller.iam();
    iam.list_users().send().await.unwrap();
    let err = iam.create_user().user_name("bob").send().await.unwrap_err();
    assert_eq!(
        message(&err),
        denial(
            "iam:CreateUser",
            &user_arn("bob"),
            "because no permissions boundary allows the iam:CreateUser action"
        )
    );
    let err = iam.list_roles().send().await.unwrap_err();
    assert_eq!(
        message(&err),
        denial(
            "iam:ListRoles",
            &format!("arn:aws:iam::{ACCOUNT}:role/"),
            "with an explicit deny in a permissions boundary"
        )
    );
}

#[tokio::test]
async fn group_policies_are_inherited() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    let root = server.iam();
    root.create_group()
        .group_name("readers")
        .send()
        .await
        .unwrap();
    root.attach_group_policy()
        .group_name("readers")
        .policy_arn("arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .send()
        .await
        .unwrap();
    root.put_group_policy()
        .group_name("readers")
        .policy_name("tagging")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:TagUser","Resource":"*"}}"#,
        )
        .send()
        .await
        .unwrap();
    let iam = caller.iam();
    let err = iam.list_users().send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");

    root.add_user_to_group()
        .group_name("readers")
        .user_name("caller")
        .send()
        .await
        .unwrap();
    iam.list_users().send().await.unwrap();
    iam.tag_user()
        .user_name("caller")
        .tags(tag("k", "v"))
        .send()
        .await
        .unwrap();
    let err = iam.create_user().user_name("bob").send().await.unwrap_err();
    assert_eq!(code(&err), "AccessDenied");

    root.remove_user_from_group()
        .group_name("readers")
        .user_name("caller")
        .send()
        .await
        .unwrap();
    let err = iam.list_users().send().await.unwrap_err();
    assert_eq!(
        message(&err),
        denial(
            "iam:ListUsers",
            &format!("arn:aws:iam::{ACCOUNT}:user/"),
            "because no identity-based policy allows the iam:ListUsers action"
        )
    );
}

fn tag(key: &str, value: &str) -> aws_sdk_iam::types::Tag {
    aws_sdk_iam::types::Tag::builder()
        .key(key)
        .value(value)
        .build()
        .unwrap()
}

#[tokio::test]
async fn conditions_on_request_tags() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    put_policy(
        &server,
        "caller",
        "tagged-only",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:CreateUser",
            "Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"blue"},
            "ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}}"#,
    )
    .await;
    let iam = caller.iam();
    iam.create_user()
        .user_name("blue")
        .tags(tag("team", "blue"))
        .send()
        .await
        .unwrap();
    for tags in [
        vec![tag("team", "red")],
        vec![],
        vec![tag("team", "blue"), tag("x", "y")],
    ] {
        let err = iam
            .create_user()
            .user_name("other")
            .set_tags((!tags.is_empty()).then_some(tags))
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            message(&err),
            denial(
                "iam:CreateUser",
                &user_arn("other"),
                "because no identity-based policy allows the iam:CreateUser action"
            )
        );
    }
}

#[tokio::test]
async fn conditions_and_variables_on_the_username() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    server
        .iam()
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    put_policy(
        &server,
        "caller",
        "self",
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"},
            {"Effect":"Allow","Action":"iam:ListUserTags","Resource":"*",
             "Condition":{"StringLike":{"aws:username":"call*"}}}]}"#,
    )
    .await;
    let iam = caller.iam();
    let me = iam.get_user().send().await.unwrap();
    assert_eq!(me.user().unwrap().user_name(), "caller");
    iam.get_user().user_name("caller").send().await.unwrap();
    let err = iam.get_user().user_name("bob").send().await.unwrap_err();
    assert_eq!(
        message(&err),
        denial(
            "iam:GetUser",
            &user_arn("bob"),
            "because no identity-based policy allows the iam:GetUser action"
        )
    );
    iam.list_user_tags().user_name("bob").send().await.unwrap();
}

#[tokio::test]
async fn conditions_on_the_policy_arn() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    server
        .iam()
        .create_user()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    put_policy(
        &server,
        "caller",
        "read-only-attacher",
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy",
            "Resource":"*","Condition":{"ArnEquals":
            {"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}}"#,
    )
    .await;
    let iam = caller.iam();
    iam.attach_user_policy()
        .user_name("bob")
        .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .send()
        .await
        .unwrap();
    let err = iam
        .attach_user_policy()
        .user_name("bob")
        .policy_arn("arn:aws:iam::aws:policy/AdministratorAccess")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        denial(
            "iam:AttachUserPolicy",
            &user_arn("bob"),
            "because no identity-based policy allows the iam:AttachUserPolicy action"
        )
    );
}

#[tokio::test]
async fn root_and_get_caller_identity_need_no_policy() {
    let server = start().await;
    let caller = Caller::new(&server, "caller").await;
    server.iam().list_users().send().await.unwrap();
    // The root user of another account, named by a 12-digit key.
    server
        .iam_as("111122223333", "test", None)
        .create_user()
        .user_name("x")
        .send()
        .await
        .unwrap();
    let who = server
        .sts_as(&caller.key, &caller.secret, None)
        .get_caller_identity()
        .send()
        .await
        .unwrap();
    assert_eq!(who.arn(), Some(user_arn("caller").as_str()));
}

#[tokio::test]
async fn audit_mode_lets_a_denied_call_through() {
    let mut config = Config::defaults();
    config.auth = AuthMode::Audit;
    let server = start_with(config).await;
    let caller = Caller::new(&server, "caller").await;
    let iam = caller.iam();
    iam.create_user().user_name("bob").send().await.unwrap();
    assert_eq!(iam.list_users().send().await.unwrap().users().len(), 2);
}

#[tokio::test]
async fn off_mode_evaluates_nothing() {
    let mut config = Config::defaults();
    config.auth = AuthMode::Off;
    let server = start_with(config).await;
    let caller = Caller::new(&server, "caller").await;
    caller.iam().list_users().send().await.unwrap();
}
