//! IAM's policy simulator on the authorization engine: SimulateCustomPolicy,
//! SimulatePrincipalPolicy and the GetContextKeys operations
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html>).
//! Each action is evaluated on each resource (`*` when none is named) with `explain`, and the
//! explanation becomes an `EvaluationResult`.

mod context_entries;
mod context_keys;
mod inputs;
mod principal;
mod response;

pub use context_keys::{get_context_keys_for_custom_policy, get_context_keys_for_principal_policy};

use crate::actions::Ctx;
use crate::error::ApiError;
use crate::protocol::iam::{
    ContextEntry, SimulateCustomPolicyRequest, SimulatePolicyResponse,
    SimulatePrincipalPolicyRequest,
};
use crate::store::AccountState;
use crate::store::paging::page_iter;
use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, Policies, PrincipalType, Request, RequestPrincipal, explain};
use response::Evaluated;

/// The scenarios AWS documents for `ResourceHandlingOption` (EC2 instance launches); the
/// resources each needs are the ones `ResourceArns` lists.
const RESOURCE_HANDLING_OPTIONS: &[&str] = &[
    "EC2-Classic-InstanceStore",
    "EC2-Classic-EBS",
    "EC2-VPC-InstanceStore",
    "EC2-VPC-InstanceStore-Subnet",
    "EC2-VPC-EBS",
    "EC2-VPC-EBS-Subnet",
];

/// The inputs both Simulate operations share.
struct Scenario {
    boundary: Option<Vec<String>>,
    actions: Vec<String>,
    resources: Option<Vec<String>>,
    resource_policy: Option<String>,
    resource_owner: Option<String>,
    caller_arn: Option<String>,
    context_entries: Option<Vec<ContextEntry>>,
    resource_handling_option: Option<String>,
    max_items: Option<i32>,
    marker: Option<String>,
}

/// `SimulateCustomPolicy`: the input policies alone, as an unnamed user of the account or as
/// `CallerArn`.
pub fn simulate_custom_policy(
    account: &AccountState,
    input: SimulateCustomPolicyRequest,
) -> Result<SimulatePolicyResponse, ApiError> {
    let identity = inputs::compile_list(
        &input.policy_input_list,
        "PolicyInputList",
        PolicyKind::Identity,
    )?;
    let scenario = Scenario {
        boundary: input.permissions_boundary_policy_input_list,
        actions: input.action_names,
        resources: input.resource_arns,
        resource_policy: input.resource_policy,
        resource_owner: input.resource_owner,
        caller_arn: input.caller_arn,
        context_entries: input.context_entries,
        resource_handling_option: input.resource_handling_option,
        max_items: input.max_items,
        marker: input.marker,
    };
    let identity: Vec<&CompiledPolicy> = identity.iter().collect();
    simulate(account, &identity, None, None, scenario)
}

/// `SimulatePrincipalPolicy`: the policies of the user (with its groups'), group or role
/// `PolicySourceArn` names, plus the input policies; an input boundary replaces the entity's.
pub fn simulate_principal_policy(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: SimulatePrincipalPolicyRequest,
) -> Result<SimulatePolicyResponse, ApiError> {
    let source = principal::source(cx.store, account, &input.policy_source_arn)?;
    let extra = inputs::compile_list(
        input.policy_input_list.as_deref().unwrap_or_default(),
        "PolicyInputList",
        PolicyKind::Identity,
    )?;
    let scenario = Scenario {
        boundary: input.permissions_boundary_policy_input_list,
        actions: input.action_names,
        resources: input.resource_arns,
        resource_policy: input.resource_policy,
        resource_owner: input.resource_owner,
        caller_arn: input.caller_arn,
        context_entries: input.context_entries,
        resource_handling_option: input.resource_handling_option,
        max_items: input.max_items,
        marker: input.marker,
    };
    let identity: Vec<&CompiledPolicy> = source
        .policies
        .identity
        .iter()
        .map(AsRef::as_ref)
        .chain(&extra)
        .collect();
    let boundary = source.policies.boundary.as_deref();
    simulate(account, &identity, boundary, source.caller, scenario)
}

/// Checks the scenario, evaluates every action on every resource, and pages the results.
fn simulate(
    account: &AccountState,
    identity: &[&CompiledPolicy],
    entity_boundary: Option<&CompiledPolicy>,
    source_caller: Option<RequestPrincipal>,
    scenario: Scenario,
) -> Result<SimulatePolicyResponse, ApiError> {
    let input_boundary = inputs::boundary(scenario.boundary.as_deref())?;
    let resource_policy = inputs::resource_policy(scenario.resource_policy.as_deref())?;
    let caller = match (scenario.caller_arn.as_deref(), source_caller) {
        (Some(arn), _) => principal::caller(arn)?,
        // "CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is
        // not the ARN for an IAM user."
        (None, ref source)
            if resource_policy.is_some()
                && !source
                    .as_ref()
                    .is_some_and(|p| p.principal_type == PrincipalType::User) =>
        {
            return Err(ApiError::invalid_input(
                "CallerArn is required when a ResourcePolicy is provided and the \
                 PolicySourceArn is not the ARN of an IAM user.",
            ));
        }
        (None, Some(caller)) => caller,
        (None, None) => principal::unnamed(&account.id),
    };
    let owner = scenario
        .resource_owner
        .as_deref()
        .map(owner_account)
        .transpose()?;
    if let Some(option) = scenario.resource_handling_option.as_deref()
        && !RESOURCE_HANDLING_OPTIONS.contains(&option)
    {
        return Err(ApiError::invalid_input(format!(
            "Invalid ResourceHandlingOption: {option}."
        )));
    }
    let context = context_entries::context(scenario.context_entries.as_deref())?;
    let boundary = input_boundary.as_ref().or(entity_boundary);
    let specific = scenario.resources.is_some();
    let resources = scenario.resources.unwrap_or_else(|| vec!["*".to_owned()]);
    let mut results = Vec::with_capacity(scenario.actions.len() * resources.len());
    for action in &scenario.actions {
        for resource in &resources {
            // The resource's own account when its ARN names one, else ResourceOwner's, else
            // the caller's ("the owner of the resources ... defaults to the account of the
            // identity provided in CallerArn").
            let resource_account = resource
                .split(':')
                .nth(4)
                .filter(|a| a.len() == 12)
                .or(owner.as_deref())
                .unwrap_or(&caller.account);
            let policies = Policies {
                identity,
                permissions_boundary: boundary,
                resource: resource_policy.as_ref(),
                resource_account: Some(resource_account),
                ..Policies::default()
            };
            let request = Request {
                principal: &caller,
                action,
                resource,
                context: &context,
            };
            let evaluated = Evaluated {
                action,
                resource,
                specific,
                cross_account: resource_account != caller.account,
            };
            results.push(response::result(&evaluated, &explain(&policies, &request)));
        }
    }
    let page = page_iter(results, scenario.marker.as_deref(), scenario.max_items)?;
    Ok(SimulatePolicyResponse {
        evaluation_results: Some(page.items),
        is_truncated: Some(page.marker.is_some()),
        marker: page.marker,
    })
}

/// The account `ResourceOwner` names (`arn:aws:iam::112233445566:root`).
fn owner_account(arn: &str) -> Result<String, ApiError> {
    arn.strip_prefix("arn:")
        .and_then(|rest| rest.split(':').nth(3))
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned)
        .ok_or_else(|| ApiError::invalid_input(format!("Invalid ResourceOwner: {arn}.")))
}
