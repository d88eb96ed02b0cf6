//! The request's principal and the condition keys AWS derives from it.
//!
//! AWS puts these principal keys in every signed request's context
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>):
//! `aws:PrincipalArn` (for a role session, the role's ARN), `aws:PrincipalAccount`,
//! `aws:PrincipalType`, `aws:username` (IAM users only) and `aws:PrincipalTag/<key>` for each
//! tag. Nothing else is derived; a request's own `context` wins over these.

use std::collections::BTreeMap;

use super::input::{BatchPrincipal, BatchPrincipalType, DEFAULT_PRINCIPAL_ARN};
use super::output::BatchError;
use crate::context::Context;
use crate::request::{PrincipalType, RequestPrincipal};

/// The principal as the engine sees it, and the context keys derived from it.
pub fn resolve(
    principal: Option<&BatchPrincipal>,
) -> Result<(RequestPrincipal, Context), BatchError> {
    let default = BatchPrincipal {
        arn: DEFAULT_PRINCIPAL_ARN.to_owned(),
        principal_type: Some(BatchPrincipalType::User),
        account: None,
        tags: BTreeMap::new(),
        source_arn: None,
    };
    let principal = principal.unwrap_or(&default);
    let principal_type = match principal.principal_type {
        Some(given) => given,
        None => infer_type(&principal.arn).ok_or_else(|| {
            BatchError::invalid_input(
                format!(
                    "cannot tell the principal's type from \"{}\"; give \"type\"",
                    principal.arn
                ),
                None,
            )
        })?,
    };
    let has_account = !matches!(
        principal_type,
        BatchPrincipalType::Service | BatchPrincipalType::Federated | BatchPrincipalType::Anonymous
    );
    let account = match &principal.account {
        Some(account) => account.clone(),
        None if has_account => arn_field(&principal.arn, 4).unwrap_or_default().to_owned(),
        None => String::new(),
    };
    let source_arn = match (&principal.source_arn, principal_type) {
        (Some(source), _) => Some(source.clone()),
        (None, BatchPrincipalType::AssumedRole) => role_of_session(&principal.arn),
        (None, _) => None,
    };
    let resolved = RequestPrincipal {
        arn: principal.arn.clone(),
        account,
        principal_type: engine_type(principal_type),
        source_arn,
    };
    let context = derived_context(&resolved, principal_type, &principal.tags);
    Ok((resolved, context))
}

fn engine_type(principal_type: BatchPrincipalType) -> PrincipalType {
    match principal_type {
        BatchPrincipalType::User => PrincipalType::User,
        BatchPrincipalType::AssumedRole => PrincipalType::AssumedRole,
        BatchPrincipalType::FederatedUser => PrincipalType::FederatedUser,
        BatchPrincipalType::Account => PrincipalType::Account,
        BatchPrincipalType::Service => PrincipalType::Service,
        BatchPrincipalType::Federated => PrincipalType::Federated,
        BatchPrincipalType::Anonymous => PrincipalType::Anonymous,
    }
}

/// The type an ARN's shape implies: `:root`, `:user/`, `:assumed-role/`, `:federated-user/`,
/// or a bare `*.amazonaws.com` service name.
fn infer_type(arn: &str) -> Option<BatchPrincipalType> {
    let resource = arn_field(arn, 5);
    match resource {
        Some("root") => Some(BatchPrincipalType::Account),
        Some(r) if r.starts_with("user/") => Some(BatchPrincipalType::User),
        Some(r) if r.starts_with("assumed-role/") => Some(BatchPrincipalType::AssumedRole),
        Some(r) if r.starts_with("federated-user/") => Some(BatchPrincipalType::FederatedUser),
        None if !arn.contains(':') && arn.contains(".amazonaws.com") => {
            Some(BatchPrincipalType::Service)
        }
        _ => None,
    }
}

/// Field `index` of an ARN (`arn:partition:service:region:account:resource`); the resource
/// field keeps its colons.
fn arn_field(arn: &str, index: usize) -> Option<&str> {
    if !arn.starts_with("arn:") {
        return None;
    }
    arn.splitn(6, ':').nth(index)
}

/// `arn:aws:sts::123456789012:assumed-role/Role/session` to
/// `arn:aws:iam::123456789012:role/Role`.
fn role_of_session(session_arn: &str) -> Option<String> {
    let partition = arn_field(session_arn, 1)?;
    let account = arn_field(session_arn, 4)?;
    let role = arn_field(session_arn, 5)?
        .strip_prefix("assumed-role/")?
        .split('/')
        .next()?;
    Some(format!("arn:{partition}:iam::{account}:role/{role}"))
}

fn derived_context(
    principal: &RequestPrincipal,
    principal_type: BatchPrincipalType,
    tags: &BTreeMap<String, String>,
) -> Context {
    let mut context = Context::new();
    let type_name = match principal_type {
        BatchPrincipalType::User => Some("User"),
        BatchPrincipalType::AssumedRole => Some("AssumedRole"),
        BatchPrincipalType::FederatedUser => Some("FederatedUser"),
        BatchPrincipalType::Account => Some("Account"),
        BatchPrincipalType::Anonymous => Some("Anonymous"),
        BatchPrincipalType::Service | BatchPrincipalType::Federated => None,
    };
    if let Some(type_name) = type_name {
        context.insert("aws:PrincipalType", type_name);
    }
    let named = !matches!(
        principal_type,
        BatchPrincipalType::Service | BatchPrincipalType::Federated | BatchPrincipalType::Anonymous
    );
    if named {
        let arn = principal.source_arn.as_deref().unwrap_or(&principal.arn);
        context.insert("aws:PrincipalArn", arn);
        if !principal.account.is_empty() {
            context.insert("aws:PrincipalAccount", principal.account.as_str());
        }
    }
    let user_name = arn_field(&principal.arn, 5).and_then(|r| r.rsplit('/').next());
    if let (BatchPrincipalType::User, Some(name)) = (principal_type, user_name) {
        context.insert("aws:username", name);
    }
    for (key, value) in tags {
        context.insert(&format!("aws:PrincipalTag/{key}"), value.as_str());
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextValue;

    fn principal(arn: &str) -> BatchPrincipal {
        BatchPrincipal {
            arn: arn.to_owned(),
            principal_type: None,
            account: None,
            tags: BTreeMap::new(),
            source_arn: None,
        }
    }

    fn single(context: &Context, key: &str) -> Option<String> {
        match context.get(key) {
            Some(ContextValue::Single(value)) => Some(value.clone()),
            _ => None,
        }
    }

    #[test]
    fn user_keys() {
        let (resolved, context) = resolve(Some(&principal(
            "arn:aws:iam::111122223333:user/division/Bob",
        )))
        .unwrap();
        assert_eq!(resolved.principal_type, PrincipalType::User);
        assert_eq!(resolved.account, "111122223333");
        assert_eq!(single(&context, "aws:username").as_deref(), Some("Bob"));
        assert_eq!(
            single(&context, "aws:PrincipalArn").as_deref(),
            Some("arn:aws:iam::111122223333:user/division/Bob")
        );
        assert_eq!(
            single(&context, "aws:PrincipalType").as_deref(),
            Some("User")
        );
        assert_eq!(
            single(&context, "aws:PrincipalAccount").as_deref(),
            Some("111122223333")
        );
        assert_eq!(context.iter().count(), 4);
    }

    #[test]
    fn session_uses_the_role_arn() {
        let mut session = principal("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        session.tags.insert("team".to_owned(), "blue".to_owned());
        let (resolved, context) = resolve(Some(&session)).unwrap();
        assert_eq!(resolved.principal_type, PrincipalType::AssumedRole);
        assert_eq!(
            resolved.source_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/Admin")
        );
        assert_eq!(
            single(&context, "aws:PrincipalArn").as_deref(),
            Some("arn:aws:iam::111122223333:role/Admin")
        );
        assert_eq!(
            single(&context, "aws:principaltag/TEAM").as_deref(),
            Some("blue")
        );
        assert_eq!(context.get("aws:username"), None);
    }

    #[test]
    fn given_source_arn_keeps_the_path() {
        let mut session = principal("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        session.source_arn = Some("arn:aws:iam::111122223333:role/ops/Admin".to_owned());
        let (_, context) = resolve(Some(&session)).unwrap();
        assert_eq!(
            single(&context, "aws:PrincipalArn").as_deref(),
            Some("arn:aws:iam::111122223333:role/ops/Admin")
        );
    }

    #[test]
    fn root_federated_user_and_service() {
        let (root, context) = resolve(Some(&principal("arn:aws:iam::111122223333:root"))).unwrap();
        assert_eq!(root.principal_type, PrincipalType::Account);
        assert_eq!(
            single(&context, "aws:PrincipalType").as_deref(),
            Some("Account")
        );
        let (fed, _) = resolve(Some(&principal(
            "arn:aws:sts::111122223333:federated-user/Bob",
        )))
        .unwrap();
        assert_eq!(fed.principal_type, PrincipalType::FederatedUser);
        let (service, context) = resolve(Some(&principal("ec2.amazonaws.com"))).unwrap();
        assert_eq!(service.principal_type, PrincipalType::Service);
        assert_eq!(service.account, "");
        assert_eq!(context.iter().count(), 0);
    }

    #[test]
    fn default_principal_is_a_user() {
        let (resolved, context) = resolve(None).unwrap();
        assert_eq!(resolved.arn, DEFAULT_PRINCIPAL_ARN);
        assert_eq!(
            single(&context, "aws:username").as_deref(),
            Some("batch-user")
        );
    }

    #[test]
    fn unknown_shapes_need_a_type() {
        let error = resolve(Some(&principal("arn:aws:iam::111122223333:role/R"))).unwrap_err();
        assert!(error.message.contains("give \"type\""), "{}", error.message);
    }
}
