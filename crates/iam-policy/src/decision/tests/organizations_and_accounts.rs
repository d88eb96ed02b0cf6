//! Cross-account requests, SCPs and RCPs, the root user, trust policies, NotAction,
//! NotResource and NotPrincipal.

use super::*;
use Decision::{Allowed, ExplicitDeny, ImplicitDeny};

#[test]
fn cross_account_needs_both_sides() {
    // cross-account: "The request is allowed only if both evaluations return a decision of
    // Allow."
    let direct = resource("Allow", &format!("arn:aws:iam::{ACCOUNT}:user/Bob"));
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let resource_only = Policies {
        resource: Some(&direct),
        resource_account: Some(OTHER),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &resource_only), ImplicitDeny);
    let both = Policies {
        identity: &identity,
        ..resource_only
    };
    assert_eq!(run(&user(), GET, &both), Allowed);
    // Across accounts the boundary limits even a grant naming the user.
    let bounded = Policies {
        permissions_boundary: Some(&boundary),
        ..both
    };
    assert_eq!(run(&user(), GET, &bounded), ImplicitDeny);
    let identity_only = Policies {
        identity: &identity,
        resource_account: Some(OTHER),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &identity_only), ImplicitDeny);
    let wrong_account = resource("Allow", OTHER);
    let not_named = Policies {
        resource: Some(&wrong_account),
        ..identity_only
    };
    assert_eq!(run(&user(), GET, &not_named), ImplicitDeny);
    let same_account_named = Policies {
        resource_account: Some(ACCOUNT),
        ..both
    };
    assert_eq!(run(&user(), GET, &same_account_named), Allowed);
}

#[test]
fn every_scp_and_rcp_level_must_allow() {
    // denyallow: "If the enforcement code does not find any applicable Allow statements in the
    // SCPs [RCPs], the enforcement code returns a final decision of Deny."
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let full = allow(PolicyKind::Scp);
    let ec2 = policy(PolicyKind::Scp, &statement("Allow", "ec2:*"));
    let root_level = [&full];
    let ou_level = [&ec2, &full];
    let account_level = [&ec2];
    let open: [&[&CompiledPolicy]; 2] = [&root_level, &ou_level];
    let closed: [&[&CompiledPolicy]; 3] = [&root_level, &ou_level, &account_level];
    let empty_level: [&[&CompiledPolicy]; 1] = [&[]];
    for (scps, expected) in [
        (&open[..], Allowed),
        (&closed[..], ImplicitDeny),
        (&empty_level[..], ImplicitDeny),
        (&[][..], Allowed),
    ] {
        let policies = Policies {
            identity: &identity,
            scps,
            ..Policies::default()
        };
        assert_eq!(run(&user(), GET, &policies), expected);
    }
    let rcp_full = policy(
        PolicyKind::Rcp,
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#,
    );
    let rcp_ec2 = policy(
        PolicyKind::Rcp,
        r#"{"Effect":"Allow","Principal":"*","Action":"ec2:*","Resource":"*"}"#,
    );
    let rcp_root = [&rcp_full];
    let rcp_account = [&rcp_ec2];
    for (rcps, expected) in [
        (&[&rcp_root[..]][..], Allowed),
        (&[&rcp_root[..], &rcp_account[..]][..], ImplicitDeny),
    ] {
        let policies = Policies {
            identity: &identity,
            rcps,
            ..Policies::default()
        };
        assert_eq!(run(&user(), GET, &policies), expected);
    }
}

#[test]
fn root_user_has_full_access_in_its_account() {
    // denyallow: "all requests are implicitly denied with the exception of the AWS account root
    // user, which has full access"; SCPs and explicit denies still apply.
    assert_eq!(run(&root(), GET, &Policies::default()), Allowed);
    let ec2 = policy(PolicyKind::Scp, &statement("Allow", "ec2:*"));
    let level = [&ec2];
    let scps = [&level[..]];
    let limited = Policies {
        scps: &scps,
        ..Policies::default()
    };
    assert_eq!(run(&root(), GET, &limited), ImplicitDeny);
    let resource_deny = resource("Deny", "*");
    let denied = Policies {
        resource: Some(&resource_deny),
        ..Policies::default()
    };
    assert_eq!(run(&root(), GET, &denied), ExplicitDeny);
    // Identity-side policies cannot be attached to the root user and are ignored.
    let identity_deny = deny(PolicyKind::Identity);
    let identity = [&identity_deny];
    let ignored = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&root(), GET, &ignored), Allowed);
    // In another account the resource policy must name it.
    let elsewhere = Policies {
        resource_account: Some(OTHER),
        ..Policies::default()
    };
    assert_eq!(run(&root(), GET, &elsewhere), ImplicitDeny);
    let grant = resource("Allow", ACCOUNT);
    let granted = Policies {
        resource: Some(&grant),
        ..elsewhere
    };
    assert_eq!(run(&root(), GET, &granted), Allowed);
}

#[test]
fn trust_policies_must_name_the_principal() {
    // denyallow: "IAM role trust policies and KMS key policies are exceptions to this logic,
    // because they must explicitly allow access for principals."
    let assume = "sts:AssumeRole";
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let names_user = trust(&format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:user/Bob"}}"#));
    let names_account = trust(&format!(r#"{{"AWS":"{ACCOUNT}"}}"#));
    let names_service = trust(r#"{"Service":"ec2.amazonaws.com"}"#);
    let cases = [
        // The user named by the trust policy needs no identity permission in the same account.
        (&names_user, &[][..], Allowed),
        // The account named: the identity policies must allow sts:AssumeRole.
        (&names_account, &[][..], ImplicitDeny),
        (&names_account, &identity[..], Allowed),
        // Not named: identity permission alone does not suffice.
        (&names_service, &identity[..], ImplicitDeny),
    ];
    for (trust_policy, identity, expected) in cases {
        let policies = Policies {
            identity,
            resource: Some(trust_policy),
            ..Policies::default()
        };
        assert_eq!(run(&user(), assume, &policies), expected);
    }
    let ec2 = RequestPrincipal {
        arn: "ec2.amazonaws.com".to_owned(),
        account: String::new(),
        principal_type: PrincipalType::Service,
        source_arn: None,
    };
    let policies = Policies {
        resource: Some(&names_service),
        ..Policies::default()
    };
    assert_eq!(run(&ec2, assume, &policies), Allowed);
    assert_eq!(run(&ec2, "sts:TagSession", &policies), ImplicitDeny);
    let google = RequestPrincipal {
        arn: "accounts.google.com".to_owned(),
        account: String::new(),
        principal_type: PrincipalType::Federated,
        source_arn: None,
    };
    let web = trust(r#"{"Federated":"accounts.google.com"}"#);
    let policies = Policies {
        resource: Some(&web),
        ..Policies::default()
    };
    assert_eq!(
        run(&google, "sts:AssumeRoleWithWebIdentity", &policies),
        ImplicitDeny
    );
    let web_action = policy(
        PolicyKind::Trust,
        r#"{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}"#,
    );
    let policies = Policies {
        resource: Some(&web_action),
        ..Policies::default()
    };
    assert_eq!(
        run(&google, "sts:AssumeRoleWithWebIdentity", &policies),
        Allowed
    );
    // The root user of the role's account, too, must be named by the trust policy.
    let policies = Policies {
        resource: Some(&names_service),
        ..Policies::default()
    };
    assert_eq!(run(&root(), assume, &policies), ImplicitDeny);
}

#[test]
fn not_action_and_not_resource_match_everything_else() {
    // NotAction page: "matches everything except the specified list of actions"; NotResource
    // page likewise for resources.
    let not_iam = policy(
        PolicyKind::Identity,
        r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#,
    );
    let identity = [&not_iam];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), Allowed);
    assert_eq!(run(&user(), "iam:ListUsers", &policies), ImplicitDeny);
    let not_bucket = policy(
        PolicyKind::Identity,
        r#"{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::bucket/*"}"#,
    );
    let identity = [&not_bucket];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), ImplicitDeny);
}

#[test]
fn not_principal_deny_applies_to_principals_with_a_boundary() {
    // boundaries: "The NotPrincipal element with a Deny effect will always deny any IAM
    // principal that has a permissions boundary policy attached".
    let grant_and_guard = policy(
        PolicyKind::Resource,
        &format!(
            r#"{{"Effect":"Allow","Principal":"*","Action":"{GET}","Resource":"*"}},
               {{"Effect":"Deny","NotPrincipal":{{"AWS":["arn:aws:iam::{ACCOUNT}:user/Bob","{ACCOUNT}"]}},"Action":"{GET}","Resource":"*"}}"#
        ),
    );
    let boundary = allow(PolicyKind::PermissionsBoundary);
    let policies = Policies {
        resource: Some(&grant_and_guard),
        ..Policies::default()
    };
    assert_eq!(run(&user(), GET, &policies), Allowed);
    let bounded = Policies {
        permissions_boundary: Some(&boundary),
        ..policies
    };
    assert_eq!(run(&user(), GET, &bounded), ExplicitDeny);
}
