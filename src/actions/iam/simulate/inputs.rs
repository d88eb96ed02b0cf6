//! The policies a simulation is given as text: compiled here, named as AWS's results name them
//! (`PolicyInputList.1`, `PermissionsBoundaryPolicyInputList.1`, `ResourcePolicy`).

use crate::error::ApiError;
use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, PolicySource, SourceType};

/// Compiles each document of the list `list` as `kind`, named `LIST.N` from 1.
pub fn compile_list(
    documents: &[String],
    list: &str,
    kind: PolicyKind,
) -> Result<Vec<CompiledPolicy>, ApiError> {
    documents
        .iter()
        .enumerate()
        .map(|(at, text)| compile(text, &format!("{list}.{}", at + 1), kind, SourceType::None))
        .collect()
}

/// The single permissions boundary AWS accepts ("You can input only one permissions boundary
/// when you pass a policy to this operation").
pub fn boundary(documents: Option<&[String]>) -> Result<Option<CompiledPolicy>, ApiError> {
    let documents = documents.unwrap_or_default();
    if documents.len() > 1 {
        return Err(ApiError::invalid_input(
            "Only one permissions boundary policy may be provided.",
        ));
    }
    Ok(compile_list(
        documents,
        "PermissionsBoundaryPolicyInputList",
        PolicyKind::PermissionsBoundary,
    )?
    .pop())
}

/// The resource-based policy, which must name principals.
pub fn resource_policy(text: Option<&str>) -> Result<Option<CompiledPolicy>, ApiError> {
    text.map(|t| {
        compile(
            t,
            "ResourcePolicy",
            PolicyKind::Resource,
            SourceType::Resource,
        )
    })
    .transpose()
}

fn compile(
    text: &str,
    id: &str,
    kind: PolicyKind,
    source_type: SourceType,
) -> Result<CompiledPolicy, ApiError> {
    let source = PolicySource {
        id: id.to_owned(),
        source_type,
    };
    CompiledPolicy::compile(text, kind, source).map_err(|e| ApiError::malformed_policy(e.message))
}
