//! The decision against a reference model: random Allow / Deny / no-match statements in every
//! policy set, random principals, grants, accounts and trust policies, checked against a plain
//! walk through AWS's flowchart
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>).

use iam_policy::parse::PolicyKind;
use iam_policy::{
    CompiledPolicy, Context, Decision, Policies, PolicySource, PrincipalType, Request,
    RequestPrincipal, SourceType, decide, explain,
};
use proptest::prelude::*;

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";
const NOBODY: &str = "arn:aws:iam::999999999999:user/Nobody";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allow,
    Deny,
    NoMatch,
}

/// How a resource-policy statement names principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    Star,
    Account,
    Itself,
    Source,
    Nobody,
}

#[derive(Debug, Clone)]
struct Case {
    principal_type: PrincipalType,
    cross_account: bool,
    trust: bool,
    identity: Vec<Outcome>,
    boundary: Option<Outcome>,
    session: Vec<Outcome>,
    resource: Option<Vec<(Outcome, Naming)>>,
    scps: Vec<Vec<Outcome>>,
    rcps: Vec<Vec<Outcome>>,
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Allow),
        Just(Outcome::Deny),
        Just(Outcome::NoMatch)
    ]
}

/// Mostly-allowing outcomes for SCPs and RCPs, so that later steps get exercised.
fn guard() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        6 => Just(Outcome::Allow),
        1 => Just(Outcome::Deny),
        2 => Just(Outcome::NoMatch)
    ]
}

/// SCP or RCP levels, root first.
fn levels() -> impl Strategy<Value = Vec<Vec<Outcome>>> {
    prop::collection::vec(prop::collection::vec(guard(), 0..3), 0..3)
}

fn case() -> impl Strategy<Value = Case> {
    let principal_type = prop_oneof![
        Just(PrincipalType::User),
        Just(PrincipalType::AssumedRole),
        Just(PrincipalType::FederatedUser),
        Just(PrincipalType::Account),
        Just(PrincipalType::Service),
        Just(PrincipalType::Anonymous),
    ];
    let naming = prop_oneof![
        Just(Naming::Star),
        Just(Naming::Account),
        Just(Naming::Itself),
        Just(Naming::Source),
        Just(Naming::Nobody),
    ];
    (
        (principal_type, any::<bool>(), any::<bool>()),
        prop::collection::vec(outcome(), 0..3),
        prop::option::of(outcome()),
        prop::collection::vec(outcome(), 0..3),
        prop::option::of(prop::collection::vec((outcome(), naming), 1..3)),
        levels(),
        levels(),
    )
        .prop_map(
            |(
                (principal_type, cross_account, trust),
                identity,
                boundary,
                session,
                resource,
                scps,
                rcps,
            )| {
                Case {
                    principal_type,
                    cross_account,
                    trust,
                    identity,
                    boundary,
                    session,
                    resource,
                    scps,
                    rcps,
                }
            },
        )
}

fn principal(kind: PrincipalType) -> RequestPrincipal {
    let (arn, account, source) = match kind {
        PrincipalType::User => (format!("arn:aws:iam::{ACCOUNT}:user/Bob"), ACCOUNT, None),
        PrincipalType::AssumedRole => (
            format!("arn:aws:sts::{ACCOUNT}:assumed-role/R/s"),
            ACCOUNT,
            Some(format!("arn:aws:iam::{ACCOUNT}:role/R")),
        ),
        PrincipalType::FederatedUser => (
            format!("arn:aws:sts::{ACCOUNT}:federated-user/f"),
            ACCOUNT,
            Some(format!("arn:aws:iam::{ACCOUNT}:user/Bob")),
        ),
        PrincipalType::Account => (format!("arn:aws:iam::{ACCOUNT}:root"), ACCOUNT, None),
        PrincipalType::Service => ("ec2.amazonaws.com".to_owned(), "", None),
        PrincipalType::Federated => ("accounts.google.com".to_owned(), "", None),
        PrincipalType::Anonymous => ("anonymous".to_owned(), "", None),
    };
    RequestPrincipal {
        arn,
        account: account.to_owned(),
        principal_type: kind,
        source_arn: source,
    }
}

fn principal_element(naming: Naming, who: &RequestPrincipal) -> String {
    let aws = |arn: &str| format!(r#"{{"AWS":"{arn}"}}"#);
    match naming {
        Naming::Star => r#""*""#.to_owned(),
        Naming::Account => aws(ACCOUNT),
        Naming::Itself => match who.principal_type {
            PrincipalType::Service => format!(r#"{{"Service":"{}"}}"#, who.arn),
            PrincipalType::Anonymous => aws(NOBODY),
            _ => aws(&who.arn),
        },
        Naming::Source => aws(who.source_arn.as_deref().unwrap_or(NOBODY)),
        Naming::Nobody => aws(NOBODY),
    }
}

fn statement(outcome: Outcome, principal: Option<&str>, trust: bool) -> String {
    let (effect, action) = match outcome {
        Outcome::Allow => ("Allow", "*"),
        Outcome::Deny => ("Deny", "*"),
        Outcome::NoMatch => ("Allow", "ec2:Nothing"),
    };
    let principal = principal.map_or(String::new(), |p| format!(r#","Principal":{p}"#));
    let resource = if trust { "" } else { r#","Resource":"*""# };
    format!(r#"{{"Effect":"{effect}","Action":"{action}"{principal}{resource}}}"#)
}

fn compile(kind: PolicyKind, statements: &[String]) -> Result<CompiledPolicy, TestCaseError> {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    );
    let source = PolicySource {
        id: format!("{kind:?}"),
        source_type: SourceType::None,
    };
    CompiledPolicy::compile(&text, kind, source).map_err(|e| TestCaseError::fail(e.message))
}

fn one(kind: PolicyKind, outcome: Outcome) -> Result<CompiledPolicy, TestCaseError> {
    let principal = (kind == PolicyKind::Rcp).then_some(r#""*""#);
    compile(kind, &[statement(outcome, principal, false)])
}

/// How strongly a naming grants, for the reference model: 0 not named, 1 account, 2 source,
/// 3 the principal itself or everyone.
fn rank(naming: Naming, kind: PrincipalType) -> u8 {
    use PrincipalType as P;
    let in_account = matches!(
        kind,
        P::User | P::AssumedRole | P::FederatedUser | P::Account
    );
    match naming {
        Naming::Star => 3,
        Naming::Account if in_account => 1,
        Naming::Itself => match kind {
            P::Account => 1,
            P::Anonymous => 0,
            _ => 3,
        },
        Naming::Source if matches!(kind, P::AssumedRole | P::FederatedUser) => 2,
        _ => 0,
    }
}

/// AWS's flowchart, step by step.
fn reference(case: &Case) -> Decision {
    use PrincipalType as P;
    let kind = case.principal_type;
    // Without a resource policy there is no trust policy to require.
    let trust = case.trust && case.resource.is_some();
    let identity_applies = matches!(kind, P::User | P::AssumedRole | P::FederatedUser);
    // Root sessions (AssumeRoot) carry their task policy as a session policy: its denies apply.
    let session_applies =
        matches!(kind, P::AssumedRole | P::FederatedUser | P::Account) && !case.session.is_empty();
    let named: Vec<(Outcome, u8)> = case
        .resource
        .iter()
        .flatten()
        .map(|&(outcome, naming)| (outcome, rank(naming, kind)))
        .filter(|&(_, rank)| rank > 0)
        .collect();

    // Deny evaluation, across every applicable policy.
    let mut applicable: Vec<Outcome> = case
        .scps
        .iter()
        .chain(&case.rcps)
        .flatten()
        .copied()
        .collect();
    applicable.extend(named.iter().map(|&(outcome, _)| outcome));
    if identity_applies {
        applicable.extend(&case.identity);
        applicable.extend(case.boundary);
    }
    if session_applies {
        applicable.extend(&case.session);
    }
    if applicable.contains(&Outcome::Deny) {
        return Decision::ExplicitDeny;
    }
    // RCPs, then SCPs: every level needs an Allow.
    for level in case.rcps.iter().chain(&case.scps) {
        if !level.contains(&Outcome::Allow) {
            return Decision::ImplicitDeny;
        }
    }
    let grant = named
        .iter()
        .filter(|&&(outcome, _)| outcome == Outcome::Allow)
        .map(|&(_, rank)| rank)
        .max()
        .unwrap_or(0);
    let identity = case.identity.contains(&Outcome::Allow);
    let boundary = case.boundary.is_none_or(|b| b == Outcome::Allow);
    let session = match kind {
        P::AssumedRole => case.session.is_empty() || case.session.contains(&Outcome::Allow),
        P::FederatedUser => case.session.contains(&Outcome::Allow),
        _ => true,
    };
    let verdict = |allowed: bool| {
        if allowed {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        }
    };
    // Principals with no identity side: the resource policy decides.
    if !identity_applies && kind != P::Account {
        return verdict(grant > 0);
    }
    if case.cross_account {
        // Two evaluations: the trusting account's resource policy, the trusted account's
        // identity side (the root user's is always allowed).
        let trusted = kind == P::Account || (identity && boundary && session);
        return verdict(grant > 0 && trusted);
    }
    if kind == P::Account {
        return verdict(grant > 0 || !trust);
    }
    // Same account, resource-based policy step.
    match grant {
        3 => return Decision::Allowed,
        2 => return verdict(boundary && session),
        _ if trust && grant == 0 => return Decision::ImplicitDeny,
        _ => {}
    }
    // Identity-based policies, then the boundary, then session policies.
    verdict(identity && boundary && session)
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let who = principal(case.principal_type);
    let identity: Vec<_> = case
        .identity
        .iter()
        .map(|&o| one(PolicyKind::Identity, o))
        .collect::<Result<_, _>>()?;
    let identity_refs: Vec<_> = identity.iter().collect();
    let boundary = case
        .boundary
        .map(|o| one(PolicyKind::PermissionsBoundary, o))
        .transpose()?;
    let session: Vec<_> = case
        .session
        .iter()
        .map(|&o| one(PolicyKind::Session, o))
        .collect::<Result<_, _>>()?;
    let session_refs: Vec<_> = session.iter().collect();
    let resource = case.resource.as_ref().map(|statements| {
        let kind = if case.trust {
            PolicyKind::Trust
        } else {
            PolicyKind::Resource
        };
        let texts: Vec<_> = statements
            .iter()
            .map(|&(outcome, naming)| {
                statement(outcome, Some(&principal_element(naming, &who)), case.trust)
            })
            .collect();
        compile(kind, &texts)
    });
    let resource = resource.transpose()?;
    let levels = |levels: &[Vec<Outcome>], kind| -> Result<Vec<Vec<CompiledPolicy>>, _> {
        levels
            .iter()
            .map(|level| level.iter().map(|&o| one(kind, o)).collect())
            .collect()
    };
    let scps = levels(&case.scps, PolicyKind::Scp)?;
    let rcps = levels(&case.rcps, PolicyKind::Rcp)?;
    let scp_refs: Vec<Vec<_>> = scps.iter().map(|l| l.iter().collect()).collect();
    let rcp_refs: Vec<Vec<_>> = rcps.iter().map(|l| l.iter().collect()).collect();
    let scp_levels: Vec<&[&CompiledPolicy]> = scp_refs.iter().map(Vec::as_slice).collect();
    let rcp_levels: Vec<&[&CompiledPolicy]> = rcp_refs.iter().map(Vec::as_slice).collect();
    let policies = Policies {
        identity: &identity_refs,
        permissions_boundary: boundary.as_ref(),
        session: &session_refs,
        resource: resource.as_ref(),
        resource_account: Some(if case.cross_account { OTHER } else { ACCOUNT }),
        scps: &scp_levels,
        rcps: &rcp_levels,
    };
    let context = Context::new();
    let request = Request {
        principal: &who,
        action: if case.trust {
            "sts:AssumeRole"
        } else {
            "s3:GetObject"
        },
        resource: "arn:aws:s3:::bucket/key",
        context: &context,
    };
    let expected = reference(case);
    prop_assert_eq!(decide(&policies, &request), expected);
    prop_assert_eq!(explain(&policies, &request).decision, expected);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decision_follows_the_documented_flowchart(case in case()) {
        check(&case)?;
    }
}
