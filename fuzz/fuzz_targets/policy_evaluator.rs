//! Fuzzes the evaluator: an arbitrary policy (identity, resource or boundary, picked by the
//! input) decided against an arbitrary action, resource and context. Every decision must come
//! back, never a panic or a hang, and `decide` must agree with `explain`.
#![no_main]

use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, Policies, PolicySource, PrincipalType, Request, RequestPrincipal,
    SourceType, decide, explain,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Layout: policy \0 action \0 resource \0 key=value \0 key=value ...
    let mut parts = text.split('\0');
    let (Some(policy), Some(action), Some(resource)) = (parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let mut context = Context::new();
    for pair in parts {
        if let Some((key, value)) = pair.split_once('=') {
            if value.contains(',') {
                context.insert(key, value.split(',').map(str::to_owned).collect::<Vec<_>>());
            } else {
                context.insert(key, value);
            }
        }
    }
    let source = |source_type| PolicySource {
        id: "fuzz".to_owned(),
        source_type,
    };
    let principal = RequestPrincipal {
        arn: "arn:aws:iam::111122223333:user/fuzz".to_owned(),
        account: "111122223333".to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    };
    let request = Request {
        principal: &principal,
        action,
        resource,
        context: &context,
    };
    let check = |policies: &Policies<'_>| {
        assert_eq!(decide(policies, &request), explain(policies, &request).decision);
    };
    if let Ok(compiled) = CompiledPolicy::compile(policy, PolicyKind::Identity, source(SourceType::User)) {
        let identity = [&compiled];
        check(&Policies {
            identity: &identity,
            ..Policies::default()
        });
        check(&Policies {
            identity: &identity,
            permissions_boundary: Some(&compiled),
            ..Policies::default()
        });
    }
    if let Ok(compiled) = CompiledPolicy::compile(policy, PolicyKind::Resource, source(SourceType::Resource)) {
        check(&Policies {
            resource: Some(&compiled),
            resource_account: Some("444455556666"),
            ..Policies::default()
        });
    }
});
