//! GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy: the context keys policies
//! reference, in Resource variables, Condition keys and variables in Condition values, as written and each once (AWS's example
//! answers `["aws:username", "aws:CurrentTime"]` for a Resource `${aws:username}` and a
//! Condition on `aws:CurrentTime`).

use super::inputs;
use super::principal;
use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam::{
    GetContextKeysForCustomPolicyRequest, GetContextKeysForPolicyResponse,
    GetContextKeysForPrincipalPolicyRequest,
};
use crate::store::AccountState;
use iam_policy::CompiledPolicy;
use iam_policy::parse::PolicyKind;

/// `GetContextKeysForCustomPolicy`.
pub fn get_context_keys_for_custom_policy(
    input: GetContextKeysForCustomPolicyRequest,
) -> Result<GetContextKeysForPolicyResponse, ApiError> {
    let policies = inputs::compile_list(
        &input.policy_input_list,
        "PolicyInputList",
        PolicyKind::Identity,
    )?;
    Ok(response(policies.iter()))
}

/// `GetContextKeysForPrincipalPolicy`: the entity's policies (a user's groups' too), then the
/// input policies.
pub fn get_context_keys_for_principal_policy(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: GetContextKeysForPrincipalPolicyRequest,
) -> Result<GetContextKeysForPolicyResponse, ApiError> {
    let source = principal::source(cx.store, account, &input.policy_source_arn)?;
    let extra = inputs::compile_list(
        input.policy_input_list.as_deref().unwrap_or_default(),
        "PolicyInputList",
        PolicyKind::Identity,
    )?;
    let stored = source.policies.identity.iter().map(AsRef::as_ref);
    Ok(response(stored.chain(&extra)))
}

fn response<'a>(
    policies: impl Iterator<Item = &'a CompiledPolicy>,
) -> GetContextKeysForPolicyResponse {
    let mut keys: Vec<String> = Vec::new();
    let mut add = |key: &str| {
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            keys.push(key.to_owned());
        }
    };
    for statement in policies.flat_map(CompiledPolicy::statements) {
        statement.resource_variables().for_each(&mut add);
        statement.conditions().referenced_keys(&mut add);
    }
    GetContextKeysForPolicyResponse {
        context_key_names: Some(keys),
    }
}
