//! `decide` must not allocate: every policy type, principal kind and element form (wildcards,
//! NotAction, NotResource, NotPrincipal, conditions, Resource and condition policy variables,
//! SCP and RCP levels) is evaluated under a counting global allocator. The binary runs without
//! the libtest harness (`harness = false`): the harness's main thread sometimes allocated while
//! the test thread was being measured, and a single thread makes the counts the test's own.

use iam_policy::parse::{ParseError, PolicyKind};
use iam_policy::{
    CompiledPolicy, Context, Decision, Policies, PolicySource, PrincipalType, Request,
    RequestPrincipal, SourceType, decide,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const ACCOUNT: &str = "111122223333";

fn compile(kind: PolicyKind, statements: &str) -> Result<CompiledPolicy, ParseError> {
    let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let source = PolicySource {
        id: format!("{kind:?}"),
        source_type: SourceType::None,
    };
    CompiledPolicy::compile(&text, kind, source)
}

fn principal(kind: PrincipalType, arn: &str, source: Option<&str>) -> RequestPrincipal {
    RequestPrincipal {
        arn: arn.to_owned(),
        account: ACCOUNT.to_owned(),
        principal_type: kind,
        source_arn: source.map(str::to_owned),
    }
}

fn main() -> Result<(), ParseError> {
    decide_does_not_allocate()?;
    println!("decide_does_not_allocate ... ok");
    Ok(())
}

fn decide_does_not_allocate() -> Result<(), ParseError> {
    let identity = compile(
        PolicyKind::Identity,
        r#"{"Effect":"Allow","Action":["s3:Get*","iam:List*"],"Resource":["arn:aws:s3:::bucket/*","arn:aws:iam::*:user/*"]},
           {"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"},
           {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"ops"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
           {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::bucket/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},
           {"Effect":"Deny","Action":"s3:PutObject","NotResource":["arn:aws:s3:::${aws:PrincipalTag/team}/*","arn:aws:s3:::bucket/${*}"]}"#,
    )?;
    let boundary = compile(
        PolicyKind::PermissionsBoundary,
        r#"{"Effect":"Allow","Action":["s3:*","iam:*","sts:*"],"Resource":"*"}"#,
    )?;
    let session = compile(
        PolicyKind::Session,
        r#"{"Effect":"Allow","Action":"*","Resource":"arn:aws:*:*:*:*"}"#,
    )?;
    let resource = compile(
        PolicyKind::Resource,
        &format!(
            r#"{{"Effect":"Allow","Principal":{{"AWS":["{ACCOUNT}","arn:aws:iam::{ACCOUNT}:role/R","arn:aws:sts::{ACCOUNT}:assumed-role/R/s"]}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}},
               {{"Effect":"Deny","NotPrincipal":{{"AWS":["arn:aws:iam::{ACCOUNT}:user/Bob","{ACCOUNT}"]}},"Action":"s3:PutObject","Resource":"*"}},
               {{"Effect":"Allow","Principal":{{"Service":"ec2.amazonaws.com","Federated":"accounts.google.com"}},"Action":"*","Resource":"*","Condition":{{"StringEquals":{{"aws:SourceAccount":"{ACCOUNT}"}}}}}}"#
        ),
    )?;
    let scp = compile(
        PolicyKind::Scp,
        r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:DeleteAccountAlias","Resource":"*"}"#,
    )?;
    let rcp = compile(
        PolicyKind::Rcp,
        r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#,
    )?;
    let identity_set = [&identity];
    let sessions = [&session];
    let scp_level = [&scp];
    let scps = [&scp_level[..], &scp_level[..]];
    let rcp_level = [&rcp];
    let rcps = [&rcp_level[..]];
    let policies = Policies {
        identity: &identity_set,
        permissions_boundary: Some(&boundary),
        session: &sessions,
        resource: Some(&resource),
        resource_account: None,
        scps: &scps,
        rcps: &rcps,
    };
    let principals = [
        principal(
            PrincipalType::User,
            &format!("arn:aws:iam::{ACCOUNT}:user/Bob"),
            None,
        ),
        principal(
            PrincipalType::AssumedRole,
            &format!("arn:aws:sts::{ACCOUNT}:assumed-role/R/s"),
            Some(&format!("arn:aws:iam::{ACCOUNT}:role/R")),
        ),
        principal(
            PrincipalType::FederatedUser,
            &format!("arn:aws:sts::{ACCOUNT}:federated-user/f"),
            Some(&format!("arn:aws:iam::{ACCOUNT}:user/Bob")),
        ),
        principal(
            PrincipalType::Account,
            &format!("arn:aws:iam::{ACCOUNT}:root"),
            None,
        ),
        principal(PrincipalType::Service, "ec2.amazonaws.com", None),
        principal(PrincipalType::Federated, "accounts.google.com", None),
        principal(PrincipalType::Anonymous, "anonymous", None),
    ];
    let requests = [
        ("s3:GetObject", "arn:aws:s3:::bucket/a/b.txt"),
        ("s3:PutObject", "arn:aws:s3:::bucket/a"),
        ("s3:DeleteObject", "arn:aws:s3:::secret/x"),
        ("iam:ListUsers", "*"),
        ("iam:DeleteAccountAlias", "*"),
        ("sts:AssumeRole", "arn:aws:iam::111122223333:role/R"),
    ];
    let mut context = Context::new();
    context.insert("aws:PrincipalTag/team", "dev");
    context.insert("aws:SourceAccount", ACCOUNT);
    context.insert("aws:username", "Bob");
    context.insert("s3:prefix", "Bob/reports");
    context.insert("aws:SourceIp", "10.1.2.3");
    let empty = Context::new();

    let mut decisions = [0_usize; 3];
    let region = Region::new(GLOBAL);
    for who in &principals {
        for (action, resource) in requests {
            for context in [&context, &empty] {
                let request = Request {
                    principal: who,
                    action,
                    resource,
                    context,
                };
                let index = match decide(&policies, &request) {
                    Decision::Allowed => 0,
                    Decision::ExplicitDeny => 1,
                    Decision::ImplicitDeny => 2,
                };
                if let Some(count) = decisions.get_mut(index) {
                    *count += 1;
                }
            }
        }
    }
    let change = region.change();
    assert_eq!(
        (change.allocations, change.reallocations),
        (0, 0),
        "{change:?}"
    );
    // Every outcome occurred, so the paths that reach each one were all measured.
    assert!(decisions.iter().all(|&count| count > 0), "{decisions:?}");
    Ok(())
}
