//! One test per documented rule, each naming its page:
//! - denyallow: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>
//! - cross-account: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>
//! - boundaries: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html>
//! - session policies: <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session>
//! - Principal: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>

use super::{Decision, Policies, PolicySet, SourceDecision, decide, explain};
use crate::compile::{CompiledPolicy, PolicySource, SourceType};
use crate::context::Context;
use crate::parse::{Effect, PolicyKind, Pos};
use crate::request::{PrincipalType, Request, RequestPrincipal};

pub(super) const ACCOUNT: &str = "111122223333";
pub(super) const OTHER: &str = "444455556666";
pub(super) const BUCKET: &str = "arn:aws:s3:::bucket/key";
pub(super) const GET: &str = "s3:GetObject";

pub(super) fn policy(kind: PolicyKind, statements: &str) -> CompiledPolicy {
    let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let source = PolicySource {
        id: format!("{kind:?}"),
        source_type: SourceType::None,
    };
    CompiledPolicy::compile(&text, kind, source).unwrap()
}

pub(super) fn statement(effect: &str, action: &str) -> String {
    format!(r#"{{"Effect":"{effect}","Action":"{action}","Resource":"*"}}"#)
}

pub(super) fn allow(kind: PolicyKind) -> CompiledPolicy {
    policy(kind, &statement("Allow", "*"))
}

pub(super) fn deny(kind: PolicyKind) -> CompiledPolicy {
    policy(kind, &statement("Deny", GET))
}

/// A resource policy granting `s3:GetObject` (or denying it) to the `AWS` principal `who`.
pub(super) fn resource(effect: &str, who: &str) -> CompiledPolicy {
    policy(
        PolicyKind::Resource,
        &format!(
            r#"{{"Effect":"{effect}","Principal":{{"AWS":"{who}"}},"Action":"{GET}","Resource":"{BUCKET}"}}"#
        ),
    )
}

pub(super) fn trust(principal: &str) -> CompiledPolicy {
    policy(
        PolicyKind::Trust,
        &format!(r#"{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}"#),
    )
}

pub(super) fn user() -> RequestPrincipal {
    RequestPrincipal {
        arn: format!("arn:aws:iam::{ACCOUNT}:user/Bob"),
        account: ACCOUNT.to_owned(),
        principal_type: PrincipalType::User,
        source_arn: None,
    }
}

pub(super) fn role_session() -> RequestPrincipal {
    RequestPrincipal {
        arn: format!("arn:aws:sts::{ACCOUNT}:assumed-role/R/s"),
        account: ACCOUNT.to_owned(),
        principal_type: PrincipalType::AssumedRole,
        source_arn: Some(format!("arn:aws:iam::{ACCOUNT}:role/R")),
    }
}

pub(super) fn federated_user() -> RequestPrincipal {
    RequestPrincipal {
        arn: format!("arn:aws:sts::{ACCOUNT}:federated-user/app"),
        account: ACCOUNT.to_owned(),
        principal_type: PrincipalType::FederatedUser,
        source_arn: Some(format!("arn:aws:iam::{ACCOUNT}:user/Bob")),
    }
}

pub(super) fn root() -> RequestPrincipal {
    RequestPrincipal {
        arn: format!("arn:aws:iam::{ACCOUNT}:root"),
        account: ACCOUNT.to_owned(),
        principal_type: PrincipalType::Account,
        source_arn: None,
    }
}

pub(super) fn run(principal: &RequestPrincipal, action: &str, policies: &Policies<'_>) -> Decision {
    let context = Context::new();
    let request = Request {
        principal,
        action,
        resource: BUCKET,
        context: &context,
    };
    let decided = decide(policies, &request);
    assert_eq!(explain(policies, &request).decision, decided);
    decided
}

mod explanations;
mod organizations_and_accounts;
mod same_account;
