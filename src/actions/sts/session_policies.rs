//! What a new session is given besides its principal: session policies (inline `Policy` and
//! `PolicyArns`), session tags, and the packed size AWS reports for them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session>,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html>).

use crate::actions::iam::documents;
use crate::authz::policies;
use crate::error::{ApiError, ErrorCode, ModeledError};
use crate::protocol::iam::Tag;
use crate::protocol::sts;
use crate::store::{AccountState, Store};
use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use std::sync::Arc;

/// The space AWS packs session policies and tags into, as this emulator measures it:
/// non-whitespace policy characters, policy ARNs and tag keys and values, against 4,096. AWS's
/// packing is a compressed binary form it does not document, so the percentage is close to
/// AWS's, not equal to it.
const PACKED_BUDGET: usize = 4096;

/// AWS's limit on session tags per session.
const MAX_SESSION_TAGS: usize = 50;

/// Session policies, compiled once for every request the session will sign.
pub struct SessionPolicies {
    /// The inline policy and each managed policy named.
    pub compiled: Vec<Arc<CompiledPolicy>>,
    /// Whether any was passed: with none, the principal's own policies apply unchanged.
    pub passed: bool,
    /// `PackedPolicySize`, a percentage of the allowed space; `None` when nothing was passed.
    pub packed_size: Option<i32>,
}

/// Compiles `policy` and the managed policies `arns` (looked up in `account`, the account the
/// session belongs to), and measures them with `tags`.
pub fn compile(
    store: &Store,
    account: &AccountState,
    policy: Option<&str>,
    arns: &[sts::PolicyDescriptorType],
    tags: &[Tag],
) -> Result<SessionPolicies, ApiError> {
    let mut compiled = Vec::new();
    let mut packed = 0;
    if let Some(text) = policy {
        let source = PolicySource {
            id: "SessionPolicy".to_owned(),
            source_type: SourceType::Session,
        };
        let parsed = CompiledPolicy::compile(text, PolicyKind::Session, source)
            .map_err(|e| ApiError::malformed_policy(e.message))?;
        compiled.push(Arc::new(parsed));
        packed += documents::size(text);
    }
    for arn in arns.iter().filter_map(|d| d.arn.as_deref()) {
        let managed = policies::managed(store, account, arn).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidParameterValue,
                format!("Policy {arn} does not exist or is not attachable."),
            )
        })?;
        compiled.push(managed);
        packed += arn.len();
    }
    packed += tags
        .iter()
        .map(|t| t.key.len() + t.value.len())
        .sum::<usize>();
    let passed = policy.is_some() || !arns.is_empty();
    let packed_size = (passed || !tags.is_empty()).then(|| percent(packed));
    if let Some(size) = packed_size.filter(|s| *s > 100) {
        return Err(ApiError::modeled(
            ModeledError::PackedPolicyTooLarge,
            format!(
                "Packed policy consumes {size}% of allotted space, please use smaller policy for assume role."
            ),
        ));
    }
    Ok(SessionPolicies {
        compiled,
        passed,
        packed_size,
    })
}

fn percent(used: usize) -> i32 {
    i32::try_from(used.saturating_mul(100).div_ceil(PACKED_BUDGET)).unwrap_or(i32::MAX)
}

/// The request's session tags as IAM tags, refused beyond 50 or with a key given twice (keys are
/// case-insensitive).
pub fn tags(tags: Option<&[sts::Tag]>) -> Result<Vec<Tag>, ApiError> {
    let tags = tags.unwrap_or_default();
    if tags.len() > MAX_SESSION_TAGS {
        return Err(ApiError::validation(format!(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to {MAX_SESSION_TAGS}"
        )));
    }
    for (i, tag) in tags.iter().enumerate() {
        if tags
            .iter()
            .skip(i + 1)
            .any(|t| t.key.eq_ignore_ascii_case(&tag.key))
        {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
    }
    Ok(tags
        .iter()
        .map(|t| Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect())
}
