//! What `explain` reports.

use super::*;
use Decision::{Allowed, ExplicitDeny, ImplicitDeny};

#[test]
fn explain_reports_statements_with_positions_and_per_set_verdicts() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": \"s3:Get*\", \"Resource\": \"*\"},\n    {\"Sid\": \"NoIam\", \"Effect\": \"Deny\", \"Action\": \"iam:*\", \"Resource\": \"*\"}\n  ]\n}";
    let source = PolicySource {
        id: "arn:aws:iam::111122223333:policy/Read".to_owned(),
        source_type: SourceType::UserManaged,
    };
    let read = CompiledPolicy::compile(text, PolicyKind::Identity, source).unwrap();
    let boundary = policy(
        PolicyKind::PermissionsBoundary,
        &statement("Allow", "ec2:*"),
    );
    let identity = [&read];
    let policies = Policies {
        identity: &identity,
        permissions_boundary: Some(&boundary),
        ..Policies::default()
    };
    let context = Context::new();
    let principal = user();
    let request = Request {
        principal: &principal,
        action: GET,
        resource: BUCKET,
        context: &context,
    };
    let explanation = explain(&policies, &request);
    assert_eq!(explanation.decision, ImplicitDeny);
    let [matched] = explanation.matched.as_slice() else {
        panic!("{explanation:?}");
    };
    assert_eq!(matched.source_id, "arn:aws:iam::111122223333:policy/Read");
    assert_eq!(matched.source_type, SourceType::UserManaged);
    assert_eq!(matched.sid.as_deref(), Some("Read"));
    assert_eq!(matched.effect, Effect::Allow);
    assert_eq!(matched.span.start, Pos { line: 4, column: 5 });
    assert_eq!(
        matched.span.end,
        Pos {
            line: 4,
            column: 77
        }
    );
    assert_eq!(
        explanation.sources,
        [
            SourceDecision {
                policy_set: PolicySet::Identity,
                level: None,
                decision: Allowed
            },
            SourceDecision {
                policy_set: PolicySet::PermissionsBoundary,
                level: None,
                decision: ImplicitDeny
            },
        ]
    );
    assert!(explanation.missing_context_keys.is_empty());
    let iam = Request {
        action: "iam:ListUsers",
        ..request
    };
    let explanation = explain(&policies, &iam);
    assert_eq!(explanation.decision, ExplicitDeny);
    assert_eq!(explanation.matched.len(), 1);
    assert_eq!(
        explanation.matched[0].span.start,
        Pos { line: 5, column: 5 }
    );
    assert_eq!(explanation.matched[0].sid.as_deref(), Some("NoIam"));
}

#[test]
fn explain_keeps_evaluating_after_a_deny_and_numbers_levels() {
    let deny_all = deny(PolicyKind::Scp);
    let full = allow(PolicyKind::Scp);
    let root_level = [&full];
    let account_level = [&deny_all, &full];
    let scps = [&root_level[..], &account_level[..]];
    let allow_id = allow(PolicyKind::Identity);
    let identity = [&allow_id];
    let policies = Policies {
        identity: &identity,
        scps: &scps,
        ..Policies::default()
    };
    let context = Context::new();
    let principal = user();
    let request = Request {
        principal: &principal,
        action: GET,
        resource: BUCKET,
        context: &context,
    };
    let explanation = explain(&policies, &request);
    assert_eq!(explanation.decision, ExplicitDeny);
    assert_eq!(explanation.matched.len(), 4);
    let verdicts: Vec<_> = explanation
        .sources
        .iter()
        .map(|s| (s.policy_set, s.level, s.decision))
        .collect();
    assert_eq!(
        verdicts,
        [
            (PolicySet::Scp, Some(0), Allowed),
            (PolicySet::Scp, Some(1), ExplicitDeny),
            (PolicySet::Identity, None, Allowed),
        ]
    );
}

#[test]
fn explain_lists_each_missing_key_once() {
    // Keys from conditions of several statements and from Resource variables, each once
    // whatever its case; statements whose action does not match report nothing.
    let policy = policy(
        PolicyKind::Identity,
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/${aws:username}/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"ops"}}},
           {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"AWS:PRINCIPALTAG/TEAM":"ops"},"Bool":{"aws:SecureTransport":"false"}}},
           {"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}"#,
    );
    let identity = [&policy];
    let policies = Policies {
        identity: &identity,
        ..Policies::default()
    };
    let principal = user();
    let context = Context::new();
    let request = Request {
        principal: &principal,
        action: GET,
        resource: BUCKET,
        context: &context,
    };
    let explanation = explain(&policies, &request);
    assert_eq!(
        explanation.missing_context_keys,
        [
            "aws:username",
            "aws:PrincipalTag/team",
            "aws:SecureTransport"
        ]
    );
    // decide reports nothing but decides the same.
    assert_eq!(decide(&policies, &request), explanation.decision);
}
