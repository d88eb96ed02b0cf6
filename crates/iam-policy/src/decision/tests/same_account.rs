//! Rules for requests within one account.

use super::*;
use Decision::{Allowed, ExplicitDeny, ImplicitDeny};

#[test]
fn nothing_allows_by_default() {
    // denyallow: "By default, all requests are implicitly denied".
    assert_eq!(run(&user(), GET, &Policies::default()), ImplicitDeny);
    assert_eq!(
        run(&role_session(), GET, &Policies::default()),
        ImplicitDeny
    );
}

#[test]
fn identity_policies_allow_and_explicit_deny_overrides() {
    // denyallow: "An explicit deny overrides an explicit allow."
    let allow = allow(PolicyKind::Identity);
    let deny = deny(PolicyKind::Identity);
    let identity = [&allow];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), Allowed);
    let both = [&allow, &deny];
    let policies = Policies {
        identity: &both,
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), ExplicitDeny);
    assert_eq!(run(&user(), "s3:PutObject", &policies), Allowed);
}

#[test]
fn an_explicit_deny_in_any_policy_type_wins() {
    // denyallow: "In all those policies, the enforcement code looks for a Deny statement".
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let boundary_deny = deny(PolicyKind::PermissionsBoundary);
    let session_deny = deny(PolicyKind::Session);
    let scp_deny = deny(PolicyKind::Scp);
    let scp_allow = allow(PolicyKind::Scp);
    let scp_level = [&scp_allow, &scp_deny];
    let scps = [&scp_level[..]];
    let rcp_deny = policy(
        PolicyKind::Rcp,
        &format!(r#"{{"Effect":"Deny","Principal":"*","Action":"{GET}","Resource":"*"}}"#),
    );
    let rcp_level = [&rcp_deny];
    let rcps = [&rcp_level[..]];
    let resource_deny = resource("Deny", "*");
    let session_policies = [&session_deny];
    let cases = [
        Policies {
            permissions_boundary: Some(&boundary_deny),
            ..Policies::default()
        },
        Policies {
            session: &session_policies,
            ..Policies::default()
        },
        Policies {
            scps: &scps,
            ..Policies::default()
        },
        Policies {
            rcps: &rcps,
            ..Policies::default()
        },
        Policies {
            resource: Some(&resource_deny),
            ..Policies::default()
        },
    ];
    for case in cases {
        let policies = Policies {
            identity: &identity,
            ..case
        };
        assert_eq!(run(&role_session(), GET, &policies), ExplicitDeny);
    }
}

#[test]
fn boundary_intersects_with_identity_policies() {
    // boundaries: the entity may "perform only the actions that are allowed by both its
    // identity-based policies and its permissions boundaries".
    let ec2_only = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let allow_all = allow(PolicyKind::Identity);
    let identity = [&allow_all];
    let policies = Policies {
        identity: &identity,
        permissions_boundary: Some(&ec2_only),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), ImplicitDeny);
    assert_eq!(run(&user(), "ec2:RunInstances", &policies), Allowed);
    let boundary_alone = Policies {
        permissions_boundary: Some(&ec2_only),
        ..Policies::default()
    };
    assert_eq!(
        run(&user(), "ec2:RunInstances", &boundary_alone),
        ImplicitDeny
    );
}

#[test]
fn same_account_grant_to_a_user_is_not_limited_by_identity_or_boundary() {
    // denyallow, "IAM user": "not limited by an implicit deny in an identity-based policy or
    // permissions boundary".
    let grant = resource("Allow", &format!("arn:aws:iam::{ACCOUNT}:user/Bob"));
    let boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let policies = Policies {
        resource: Some(&grant),
        permissions_boundary: Some(&boundary),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), Allowed);
    assert_eq!(run(&user(), "s3:PutObject", &policies), ImplicitDeny);
}

#[test]
fn same_account_star_grant_needs_no_other_permission() {
    // Principal page: with "*", "for IAM users and role principals within your account, no other
    // permissions are required"; denyallow: boundaries and session policies do not limit it.
    let grant = resource("Allow", "*");
    let boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let session = policy(PolicyKind::Session, &statement("Allow", "ec2:*"));
    let sessions = [&session];
    let policies = Policies {
        resource: Some(&grant),
        permissions_boundary: Some(&boundary),
        session: &sessions,
        ..Policies::default()
    };
    assert_eq!(run(&role_session(), GET, &policies), Allowed);
    assert_eq!(run(&user(), GET, &policies), Allowed);
}

#[test]
fn grant_to_a_role_is_limited_by_boundary_and_session_policies() {
    // denyallow, "IAM role": "limited by an implicit deny in a permissions boundary or session
    // policy" — but not by the identity-based policies.
    let grant = resource("Allow", &format!("arn:aws:iam::{ACCOUNT}:role/R"));
    let s3_boundary = policy(PolicyKind::PermissionsBoundary, &statement("Allow", "s3:*"));
    let ec2_boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let ec2_session = policy(PolicyKind::Session, &statement("Allow", "ec2:*"));
    let s3_session = policy(PolicyKind::Session, &statement("Allow", "s3:*"));
    let resource_only = Policies {
        resource: Some(&grant),
        ..Policies::default()
    };
    assert_eq!(run(&role_session(), GET, &resource_only), Allowed);
    let bounded = Policies {
        permissions_boundary: Some(&ec2_boundary),
        ..resource_only
    };
    assert_eq!(run(&role_session(), GET, &bounded), ImplicitDeny);
    let within = Policies {
        permissions_boundary: Some(&s3_boundary),
        ..resource_only
    };
    assert_eq!(run(&role_session(), GET, &within), Allowed);
    let narrow = [&ec2_session];
    let with_session = Policies {
        session: &narrow,
        ..resource_only
    };
    assert_eq!(run(&role_session(), GET, &with_session), ImplicitDeny);
    let wide = [&s3_session];
    let with_wide_session = Policies {
        session: &wide,
        ..resource_only
    };
    assert_eq!(run(&role_session(), GET, &with_wide_session), Allowed);
}

#[test]
fn grant_to_the_session_is_not_limited_by_anything_implicit() {
    // denyallow, "IAM role session"; session policies: "The resource-based policy permissions
    // are not limited by the session policy."
    let grant = resource("Allow", &format!("arn:aws:sts::{ACCOUNT}:assumed-role/R/s"));
    let boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let session = policy(PolicyKind::Session, &statement("Allow", "ec2:*"));
    let sessions = [&session];
    let policies = Policies {
        resource: Some(&grant),
        permissions_boundary: Some(&boundary),
        session: &sessions,
        ..Policies::default()
    };
    assert_eq!(run(&role_session(), GET, &policies), Allowed);
}

#[test]
fn grant_to_the_account_delegates_to_identity_policies() {
    // Principal page: an account principal "delegates authority to the account".
    let grant = resource("Allow", ACCOUNT);
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let resource_only = Policies {
        resource: Some(&grant),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &resource_only), ImplicitDeny);
    let with_identity = Policies {
        identity: &identity,
        ..resource_only
    };
    assert_eq!(run(&user(), GET, &with_identity), Allowed);
}

#[test]
fn session_policies_intersect_with_identity_policies() {
    // session policies: "The resulting session's permissions are the intersection of the
    // role's identity-based policy and the session policies"; denyallow: without a session
    // policy a role session is allowed by its identity policies alone.
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let ec2_session = policy(PolicyKind::Session, &statement("Allow", "ec2:*"));
    let sessions = [&ec2_session];
    let policies = Policies {
        identity: &identity,
        session: &sessions,
        ..Policies::default()
    };
    assert_eq!(run(&role_session(), GET, &policies), ImplicitDeny);
    assert_eq!(run(&role_session(), "ec2:RunInstances", &policies), Allowed);
    let no_session = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&role_session(), GET, &no_session), Allowed);
    // Users are not sessions: session policies given for one are not evaluated.
    assert_eq!(run(&user(), GET, &policies), Allowed);
}

#[test]
fn federated_users_need_a_session_policy() {
    // denyallow, session policies step: without a session policy, "If the principal is a role
    // session, then the request is Allowed. Otherwise, the request is implicitly denied".
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let s3_session = policy(PolicyKind::Session, &statement("Allow", "s3:*"));
    let sessions = [&s3_session];
    let without = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&federated_user(), GET, &without), ImplicitDeny);
    let with = Policies {
        session: &sessions,
        ..without
    };
    assert_eq!(run(&federated_user(), GET, &with), Allowed);
    assert_eq!(run(&federated_user(), "iam:ListUsers", &with), ImplicitDeny);
}

#[test]
fn federated_user_grants_to_the_session_or_to_the_user() {
    // denyallow, "AWS STS federated user principal": a grant to the federated user ARN is not
    // limited; a grant to "the ARN of the IAM user who federated" is limited by the session
    // policy.
    let to_session = resource(
        "Allow",
        &format!("arn:aws:sts::{ACCOUNT}:federated-user/app"),
    );
    let to_user = resource("Allow", &format!("arn:aws:iam::{ACCOUNT}:user/Bob"));
    let ec2_session = policy(PolicyKind::Session, &statement("Allow", "ec2:*"));
    let s3_session = policy(PolicyKind::Session, &statement("Allow", "s3:*"));
    let narrow = [&ec2_session];
    let wide = [&s3_session];
    for (grant, sessions, expected) in [
        (&to_session, &narrow, Allowed),
        (&to_user, &narrow, ImplicitDeny),
        (&to_user, &wide, Allowed),
    ] {
        let policies = Policies {
            resource: Some(grant),
            session: sessions,
            ..Policies::default()
        };
        assert_eq!(run(&federated_user(), GET, &policies), expected);
    }
}

#[test]
fn resource_variables_resolve_per_request() {
    // policy variables page: "IAM replaces the variable ${aws:username} with the friendly name
    // of the actual current user"; a variable with no value "will not match any resource",
    // for Resource and NotResource alike; ${*} is a literal `*`.
    let home = policy(
        PolicyKind::Identity,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}/*"},
           {"Effect":"Deny","Action":"s3:GetObject","NotResource":"arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*"},
           {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket/${*}"}"#,
    );
    let identity = [&home];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    let principal = user();
    let decide_for = |action: &str, resource: &str, context: &Context| {
        decide(
            &policies,
            &Request {
                principal: &principal,
                action,
                resource,
                context,
            },
        )
    };
    let mut bob = Context::new();
    bob.insert("aws:username", "Bob");
    bob.insert("aws:PrincipalTag/team", "Bob");
    assert_eq!(
        decide_for(GET, "arn:aws:s3:::bucket/Bob/a.txt", &bob),
        Allowed
    );
    assert_eq!(
        decide_for(GET, "arn:aws:s3:::bucket/Ann/a.txt", &bob),
        ExplicitDeny
    );
    let mut untagged = Context::new();
    untagged.insert("aws:username", "Bob");
    // The NotResource entry matches nothing, so the Deny covers every resource.
    assert_eq!(
        decide_for(GET, "arn:aws:s3:::bucket/Bob/a.txt", &untagged),
        ExplicitDeny
    );
    let mut tagged_only = Context::new();
    tagged_only.insert("aws:PrincipalTag/team", "Bob");
    assert_eq!(
        decide_for(GET, "arn:aws:s3:::bucket/Bob/a.txt", &tagged_only),
        ImplicitDeny
    );
    let put = "s3:PutObject";
    assert_eq!(decide_for(put, "arn:aws:s3:::bucket/*", &bob), Allowed);
    assert_eq!(decide_for(put, "arn:aws:s3:::bucket/x", &bob), ImplicitDeny);
}
