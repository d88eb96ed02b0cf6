//! Every implemented operation resolved to the resource AWS names, and the context keys a
//! request carries.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod rows;

use super::context::{self, Facts, Wanted};
use super::input::Input;
use super::policies::UserPolicies;
use super::resource::{self, Scope};
use super::subject::Subject;
use crate::actions::iam::documents::{self, DocKind};
use crate::auth::Principal;
use crate::protocol::Action;
use crate::protocol::decode::Node;
use crate::protocol::iam::Tag;
use crate::store::entities::{
    AccessKey, Group, InlinePolicies, InstanceProfile, ManagedPolicy, PolicyVersion, Role, User,
};
use crate::store::mfa::{Seed, VirtualMfaDevice};
use crate::store::{AccountState, KeyOwner, Store};
use iam_policy::ContextValue;
use rows::{ROWS, STAR};
use std::sync::Arc;

const ACCOUNT: &str = "123456789012";
const A: &str = "arn:aws:iam::123456789012:";
const POLICY: &str = "arn:aws:iam::123456789012:policy/p/Pol";
const MFA: &str = "arn:aws:iam::123456789012:mfa/m/Phone";
const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

fn user(account: &AccountState, name: &str, path: &str) -> User {
    User {
        name: name.to_owned(),
        path: path.to_owned(),
        id: format!("AIDA{}", name.to_uppercase()),
        arn: account.arn("user", path, name),
        created: chrono::Utc::now(),
        tags: Vec::new(),
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
        permissions_boundary: None,
        groups: Vec::new(),
        access_keys: Vec::new(),
        login_profile: None,
        ssh_public_keys: Vec::new(),
        signing_certificates: Vec::new(),
        password_last_used: None,
    }
}

/// An account with Alice (`/div/`, tagged, with a boundary and a key), Bob the caller (`/`,
/// tagged), the group Devs (`/g/`), the role Ops (`/r/`, tagged), the policy Pol (`/p/`), the
/// instance profile Prof (`/ip/`) and the virtual MFA device Phone (`/m/`).
fn fixture(store: &Store) -> AccountState {
    let mut account = AccountState::new(Arc::from(ACCOUNT));
    let now = chrono::Utc::now();
    let mut alice = user(&account, "Alice", "/div/");
    alice.tags = vec![tag("team", "blue")];
    alice.permissions_boundary = Some(POLICY.to_owned());
    alice.access_keys = vec![AccessKey {
        id: "AKIAALICE".to_owned(),
        secret: Arc::from("secret"),
        active: true,
        created: now,
        last_used: None,
    }];
    store.access_keys.insert(
        "AKIAALICE".to_owned(),
        KeyOwner {
            account: Arc::from(ACCOUNT),
            user: "alice".to_owned(),
        },
    );
    let mut bob = user(&account, "Bob", "/");
    bob.tags = vec![tag("dept", "ops")];
    account.users.insert("alice".to_owned(), alice);
    account.users.insert("bob".to_owned(), bob);
    let group = Group {
        name: "Devs".to_owned(),
        path: "/g/".to_owned(),
        id: "AGPADEVS".to_owned(),
        arn: account.arn("group", "/g/", "Devs"),
        created: now,
        members: std::collections::BTreeSet::new(),
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
    };
    account.groups.insert("devs".to_owned(), group);
    let role_arn = account.arn("role", "/r/", "Ops");
    let role = Role {
        name: "Ops".to_owned(),
        path: "/r/".to_owned(),
        id: "AROAOPS".to_owned(),
        assume_role_policy: documents::validate(TRUST, DocKind::Trust, &role_arn).unwrap(),
        arn: role_arn,
        created: now,
        description: None,
        max_session_duration: 3600,
        permissions_boundary: None,
        tags: vec![tag("env", "prod")],
        inline_policies: InlinePolicies::new(),
        attached_policies: Vec::new(),
        last_used: None,
        service_linked: None,
    };
    account.roles.insert("ops".to_owned(), role);
    let document =
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
    let policy = ManagedPolicy {
        name: "Pol".to_owned(),
        path: "/p/".to_owned(),
        id: "ANPAPOL".to_owned(),
        arn: POLICY.to_owned(),
        description: None,
        created: now,
        updated: now,
        versions: vec![PolicyVersion {
            id: "v1".to_owned(),
            document: documents::validate(document, DocKind::Managed, POLICY).unwrap(),
            created: now,
            is_default: true,
        }],
        next_version: 2,
        tags: vec![tag("owner", "sec")],
    };
    account.policies.insert("pol".to_owned(), policy);
    let profile = InstanceProfile {
        name: "Prof".to_owned(),
        path: "/ip/".to_owned(),
        id: "AIPAPROF".to_owned(),
        arn: account.arn("instance-profile", "/ip/", "Prof"),
        created: now,
        role: None,
        tags: Vec::new(),
    };
    account.instance_profiles.insert("prof".to_owned(), profile);
    let device = VirtualMfaDevice {
        name: "Phone".to_owned(),
        path: "/m/".to_owned(),
        serial: MFA.to_owned(),
        seed: Seed([0; 20]),
        tags: Vec::new(),
        assigned: None,
        last_step: None,
    };
    account.mfa_devices.insert("/m/phone".to_owned(), device);
    account
}

fn bob() -> Principal {
    Principal::User {
        name: "Bob".to_owned(),
        id: "AIDABOB".to_owned(),
        arn: format!("{A}user/Bob"),
    }
}

/// The operations the dispatcher handles, read from its source as `cargo xtask coverage` does.
fn implemented() -> Vec<Action> {
    let dispatcher = include_str!("../../actions/mod.rs");
    Action::ALL
        .iter()
        .copied()
        .filter(|a| {
            dispatcher.contains(&format!("Request::{}(", a.name()))
                || dispatcher.contains(&format!("Request::{} =>", a.name()))
        })
        .collect()
}

fn expected(shown: &str) -> String {
    if shown == STAR || shown.starts_with("arn:") || shown.starts_with("policy path") {
        shown.to_owned()
    } else {
        format!("{A}{shown}")
    }
}

fn node(params: &[(&str, &str)]) -> Node {
    Node::from_params(params.iter().copied()).expect("params")
}

#[test]
fn every_implemented_operation_resolves_to_its_resource() {
    let implemented = implemented();
    assert!(implemented.len() > 90, "{}", implemented.len());
    for action in &implemented {
        let rows = ROWS.iter().filter(|(a, _, _)| a == action).count();
        assert_eq!(rows, 1, "{} has {rows} rows", action.name());
    }
    let store = Store::new(true);
    let account = fixture(&store);
    let caller = bob();
    let scope = Scope {
        store: &store,
        account: &account,
        caller: &caller,
    };
    for (action, params, shown) in ROWS {
        assert!(
            implemented.contains(action),
            "{} is not implemented",
            action.name()
        );
        let params: Vec<(&str, &str)> = params
            .split_whitespace()
            .map(|pair| pair.split_once('=').expect("Name=value"))
            .map(|(k, v)| match v {
                "$P" => (k, POLICY),
                "$M" => (k, MFA),
                _ => (k, v),
            })
            .collect();
        let tree = node(&params);
        let target = resource::resolve(scope, *action, Input(&tree));
        assert_eq!(target.shown(), expected(shown), "{}", action.name());
        assert!(target.renamed.is_none(), "{}", action.name());
    }
}

#[test]
fn list_policies_matches_the_policy_path() {
    let store = Store::new(true);
    let account = fixture(&store);
    let caller = bob();
    let scope = Scope {
        store: &store,
        account: &account,
        caller: &caller,
    };
    let tree = node(&[("PathPrefix", "/p/")]);
    let target = resource::resolve(scope, Action::ListPolicies, Input(&tree));
    assert_eq!(target.arn, format!("{A}policy/p/"));
    assert_eq!(target.shown(), "policy path /p/");
}

#[test]
fn renaming_needs_the_new_name_too() {
    let store = Store::new(true);
    let account = fixture(&store);
    let caller = bob();
    let scope = Scope {
        store: &store,
        account: &account,
        caller: &caller,
    };
    let tree = node(&[("UserName", "alice"), ("NewPath", "/new/")]);
    let target = resource::resolve(scope, Action::UpdateUser, Input(&tree));
    assert_eq!(target.arn, format!("{A}user/div/Alice"));
    assert_eq!(target.renamed, Some(format!("{A}user/new/Alice")));
    let tree = node(&[("GroupName", "Devs"), ("NewGroupName", "Admins")]);
    let target = resource::resolve(scope, Action::UpdateGroup, Input(&tree));
    assert_eq!(target.renamed, Some(format!("{A}group/g/Admins")));
}

#[test]
fn every_operation_resolves_without_input() {
    let store = Store::new(true);
    let account = fixture(&store);
    let caller = Principal::Root;
    let scope = Scope {
        store: &store,
        account: &account,
        caller: &caller,
    };
    let empty = Node::default();
    for action in Action::ALL {
        let target = resource::resolve(scope, *action, Input(&empty));
        assert!(
            target.arn == "*" || target.arn.starts_with("arn:aws:"),
            "{}: {}",
            action.name(),
            target.arn
        );
    }
}

fn context_of(action: Action, params: &[(&str, &str)]) -> iam_policy::Context {
    let store = Store::new(true);
    let account = fixture(&store);
    let caller = bob();
    let scope = Scope {
        store: &store,
        account: &account,
        caller: &caller,
    };
    let tree = node(params);
    let target = resource::resolve(scope, action, Input(&tree));
    let facts = Facts {
        request_id: "test",
        now: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("time"),
        region: "eu-west-1",
        source_ip: Some([10, 0, 0, 7].into()),
        user_agent: Some("aws-cli/2"),
    };
    let bob = account.users.get("bob").expect("bob");
    let subject = Subject {
        principal_arn: bob.arn.clone(),
        principal_type: "User",
        userid: bob.id.clone(),
        username: Some(bob.name.clone()),
        tags: bob.tags.clone(),
        session: None,
        policies: UserPolicies::default(),
    };
    context::build(
        &facts,
        &subject,
        ACCOUNT,
        action,
        Input(&tree),
        &target,
        Wanted::ALL,
    )
}

fn value(context: &iam_policy::Context, key: &str) -> Option<Vec<String>> {
    context.get(key).map(|v| v.values().to_vec())
}

#[allow(clippy::unnecessary_wraps)]
fn one(value: &str) -> Option<Vec<String>> {
    Some(vec![value.to_owned()])
}

#[test]
fn context_has_the_principal_the_request_and_the_resource() {
    let context = context_of(
        Action::TagUser,
        &[
            ("UserName", "Alice"),
            ("Tags.member.1.Key", "cost"),
            ("Tags.member.1.Value", "42"),
        ],
    );
    assert_eq!(
        value(&context, "aws:CurrentTime"),
        one("2023-11-14T22:13:20Z")
    );
    assert_eq!(value(&context, "aws:EpochTime"), one("1700000000"));
    assert_eq!(value(&context, "aws:SourceIp"), one("10.0.0.7"));
    assert_eq!(value(&context, "aws:SecureTransport"), one("false"));
    assert_eq!(value(&context, "aws:UserAgent"), one("aws-cli/2"));
    assert_eq!(value(&context, "aws:RequestedRegion"), one("eu-west-1"));
    assert_eq!(
        value(&context, "aws:PrincipalArn"),
        one(&format!("{A}user/Bob"))
    );
    assert_eq!(value(&context, "aws:PrincipalAccount"), one(ACCOUNT));
    assert_eq!(value(&context, "aws:PrincipalType"), one("User"));
    assert_eq!(value(&context, "aws:userid"), one("AIDABOB"));
    assert_eq!(value(&context, "aws:username"), one("Bob"));
    assert_eq!(value(&context, "aws:PrincipalTag/dept"), one("ops"));
    assert_eq!(value(&context, "aws:MultiFactorAuthPresent"), None);
    assert_eq!(value(&context, "aws:TokenIssueTime"), None);
    assert_eq!(value(&context, "aws:RequestTag/cost"), one("42"));
    assert_eq!(
        context.get("aws:TagKeys"),
        Some(&ContextValue::Multi(vec!["cost".to_owned()]))
    );
    assert_eq!(value(&context, "aws:ResourceTag/team"), one("blue"));
    assert_eq!(value(&context, "iam:ResourceTag/team"), one("blue"));
    assert_eq!(value(&context, "aws:ResourceAccount"), one(ACCOUNT));
    // TagUser does not support iam:PermissionsBoundary, though Alice has one.
    assert_eq!(value(&context, "iam:PermissionsBoundary"), None);
}

#[test]
fn iam_keys_only_where_the_action_supports_them() {
    let attach = context_of(
        Action::AttachUserPolicy,
        &[("UserName", "Alice"), ("PolicyArn", POLICY)],
    );
    assert_eq!(value(&attach, "iam:PolicyARN"), one(POLICY));
    assert_eq!(value(&attach, "iam:PermissionsBoundary"), one(POLICY));
    let get = context_of(Action::GetPolicy, &[("PolicyArn", POLICY)]);
    assert_eq!(value(&get, "iam:PolicyARN"), None);
    assert_eq!(value(&get, "aws:ResourceTag/owner"), one("sec"));
    assert_eq!(value(&get, "iam:ResourceTag/owner"), None);
    let create = context_of(
        Action::CreateUser,
        &[
            ("UserName", "Carol"),
            ("PermissionsBoundary", "arn:aws:iam::aws:policy/B"),
        ],
    );
    assert_eq!(
        value(&create, "iam:PermissionsBoundary"),
        one("arn:aws:iam::aws:policy/B")
    );
    let untag = context_of(
        Action::UntagRole,
        &[("RoleName", "Ops"), ("TagKeys.member.1", "env")],
    );
    assert_eq!(value(&untag, "aws:TagKeys"), one("env"));
    assert_eq!(value(&untag, "iam:ResourceTag/env"), one("prod"));
    let slr = context_of(
        Action::CreateServiceLinkedRole,
        &[("AWSServiceName", "ecs.amazonaws.com")],
    );
    assert_eq!(value(&slr, "iam:AWSServiceName"), one("ecs.amazonaws.com"));
}
