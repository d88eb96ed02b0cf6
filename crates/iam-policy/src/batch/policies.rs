//! A request's policies compiled, each with the `PolicyKind` and `SourceType` of its field.

use super::input::{BatchRequest, PolicyDocument, PolicyInput};
use super::output::{BatchError, BatchSource, source_type_name};
use crate::compile::{CompiledPolicy, PolicySource, SourceType};
use crate::parse::PolicyKind;

/// Every policy of a request, compiled.
pub struct CompiledRequest {
    /// `identity_policies`.
    pub identity: Vec<CompiledPolicy>,
    /// `permissions_boundary`.
    pub boundary: Option<CompiledPolicy>,
    /// `session_policies`.
    pub session: Vec<CompiledPolicy>,
    /// `resource_policy`.
    pub resource: Option<CompiledPolicy>,
    /// `scps`, level by level.
    pub scps: Vec<Vec<CompiledPolicy>>,
    /// `rcps`, level by level.
    pub rcps: Vec<Vec<CompiledPolicy>>,
    /// Every policy's id, type and (for object documents) text, in evaluation order.
    pub sources: Vec<BatchSource>,
}

/// Whether `action` is answered by the role's trust policy rather than a resource policy.
///
/// A role's trust policy is the resource policy AWS consults for the calls that act on the role
/// as a resource: the `sts:AssumeRole*` family
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html>),
/// and `sts:TagSession` and `sts:SetSourceIdentity`, which the role's trust policy must allow
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html>,
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html>).
/// Trust policies have their own grammar (no `Resource`), so the kind matters when compiling.
pub fn is_trust_action(action: &str) -> bool {
    let action = action.to_ascii_lowercase();
    action.starts_with("sts:assumerole")
        || action == "sts:tagsession"
        || action == "sts:setsourceidentity"
}

/// Compiles every policy of `request`; the first one that fails stops the rest.
pub fn compile_all(request: &BatchRequest) -> Result<CompiledRequest, BatchError> {
    let mut sources = Vec::new();
    let mut one = |input: &PolicyInput, id: String, kind: PolicyKind, source_type: SourceType| {
        compile_one(input, id, kind, source_type, &mut sources)
    };
    let identity = request
        .identity_policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            one(
                p,
                format!("identity_policies[{i}]"),
                PolicyKind::Identity,
                SourceType::None,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let boundary = request
        .permissions_boundary
        .as_ref()
        .map(|p| {
            one(
                p,
                "permissions_boundary".to_owned(),
                PolicyKind::PermissionsBoundary,
                SourceType::PermissionsBoundary,
            )
        })
        .transpose()?;
    let session = request
        .session_policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            one(
                p,
                format!("session_policies[{i}]"),
                PolicyKind::Session,
                SourceType::Session,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let resource_kind = if is_trust_action(&request.action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let resource = request
        .resource_policy
        .as_ref()
        .map(|p| {
            one(
                p,
                "resource_policy".to_owned(),
                resource_kind,
                SourceType::Resource,
            )
        })
        .transpose()?;
    let mut levels = |field: &str, levels: &[Vec<PolicyInput>], kind, source_type| {
        levels
            .iter()
            .enumerate()
            .map(|(level, policies)| {
                policies
                    .iter()
                    .enumerate()
                    .map(|(i, p)| one(p, format!("{field}[{level}][{i}]"), kind, source_type))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let scps = levels("scps", &request.scps, PolicyKind::Scp, SourceType::Scp)?;
    let rcps = levels("rcps", &request.rcps, PolicyKind::Rcp, SourceType::Rcp)?;
    Ok(CompiledRequest {
        identity,
        boundary,
        session,
        resource,
        scps,
        rcps,
        sources,
    })
}

/// The text a document's positions refer to: the string as given, or the object
/// pretty-printed by serde_json.
pub fn document_text(document: &PolicyDocument) -> (String, bool) {
    match document {
        PolicyDocument::Text(text) => (text.clone(), false),
        PolicyDocument::Object(map) => {
            (serde_json::to_string_pretty(map).unwrap_or_default(), true)
        }
    }
}

fn compile_one(
    input: &PolicyInput,
    default_id: String,
    kind: PolicyKind,
    source_type: SourceType,
    sources: &mut Vec<BatchSource>,
) -> Result<CompiledPolicy, BatchError> {
    let (id, document) = match input {
        PolicyInput::Named(named) => (named.id.clone(), &named.document),
        PolicyInput::Document(document) => (default_id, document),
    };
    let (text, serialized) = document_text(document);
    let source = PolicySource {
        id: id.clone(),
        source_type,
    };
    let compiled =
        CompiledPolicy::compile(&text, kind, source).map_err(|e| BatchError::malformed(&id, &e))?;
    sources.push(BatchSource {
        id,
        source_type: source_type_name(source_type).to_owned(),
        text: serialized.then_some(text),
    });
    Ok(compiled)
}
