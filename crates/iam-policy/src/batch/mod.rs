//! The batch format: one JSON request in, one JSON answer out.
//!
//! `localiam policy eval` reads one request per line and the table tests reuse it. A request
//! (see [`BatchRequest`]) names the policies that apply by type, the principal, the action, the
//! resource and the context:
//!
//! ```json
//! {"identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
//!   "Action": "s3:GetObject", "Resource": "*"}}],
//!  "principal": {"arn": "arn:aws:iam::111122223333:user/Bob", "type": "User"},
//!  "action": "s3:GetObject", "resource": "arn:aws:s3:::bucket/key",
//!  "context": {"aws:SourceIp": "203.0.113.5", "aws:TagKeys": ["a", "b"]}}
//! ```
//!
//! The answer is a [`BatchResponse`] (`decision`, `matched_statements`, `sources`,
//! `missing_context_keys`) or `{"error": {"code", "message", "policy", "position"}}` with code
//! `MalformedPolicyDocument` (a policy failed to compile; `position` is in that policy's text)
//! or `InvalidInput` (the line is not a request; `position` is in the line).
//!
//! Policies given as JSON objects are serialized with `serde_json::to_string_pretty` before
//! compiling, so their positions refer to that text, which `sources` carries. Give the document
//! as a string to keep your own layout.

mod input;
mod output;
mod policies;
mod principal;
#[cfg(test)]
mod tests;

use serde_json::Value;

pub use input::{
    BatchPrincipal, BatchPrincipalType, BatchRequest, ContextInput, DEFAULT_PRINCIPAL_ARN,
    NamedPolicy, PolicyDocument, PolicyInput,
};
pub use output::{
    BatchDecision, BatchEffect, BatchError, BatchErrorCode, BatchErrorResponse, BatchMatch,
    BatchPos, BatchResponse, BatchSource, source_type_name,
};
pub use policies::{document_text, is_trust_action};

use crate::compile::CompiledPolicy;
use crate::context::ContextValue;
use crate::decision::{Policies, explain};
use crate::request::Request;

/// Evaluates one request line and answers with a response or an error object.
pub fn evaluate_line(line: &str) -> Value {
    let outcome = serde_json::from_str::<BatchRequest>(line)
        .map_err(|e| {
            let position = (e.line() > 0).then(|| BatchPos {
                line: e.line(),
                column: e.column(),
            });
            BatchError::invalid_input(e.to_string(), position)
        })
        .and_then(|request| evaluate(&request));
    let written = match outcome {
        Ok(response) => serde_json::to_value(response),
        Err(error) => serde_json::to_value(BatchErrorResponse { error }),
    };
    written.unwrap_or_else(|e| {
        serde_json::json!({"error": {"code": "InvalidInput", "message": e.to_string(),
            "policy": null, "position": null}})
    })
}

/// Evaluates a parsed request.
pub fn evaluate(request: &BatchRequest) -> Result<BatchResponse, BatchError> {
    let (principal, mut context) = principal::resolve(request.principal.as_ref())?;
    for (key, value) in &request.context {
        let value = match value {
            ContextInput::Single(value) => ContextValue::Single(value.clone()),
            ContextInput::Multi(values) => ContextValue::Multi(values.clone()),
        };
        context.insert(key, value);
    }
    let compiled = policies::compile_all(request)?;
    let identity: Vec<&CompiledPolicy> = compiled.identity.iter().collect();
    let session: Vec<&CompiledPolicy> = compiled.session.iter().collect();
    let scp_levels: Vec<Vec<&CompiledPolicy>> =
        compiled.scps.iter().map(|l| l.iter().collect()).collect();
    let scps: Vec<&[&CompiledPolicy]> = scp_levels.iter().map(Vec::as_slice).collect();
    let rcp_levels: Vec<Vec<&CompiledPolicy>> =
        compiled.rcps.iter().map(|l| l.iter().collect()).collect();
    let rcps: Vec<&[&CompiledPolicy]> = rcp_levels.iter().map(Vec::as_slice).collect();
    let policies = Policies {
        identity: &identity,
        permissions_boundary: compiled.boundary.as_ref(),
        session: &session,
        resource: compiled.resource.as_ref(),
        resource_account: request.resource_account.as_deref(),
        scps: &scps,
        rcps: &rcps,
    };
    let explanation = explain(
        &policies,
        &Request {
            principal: &principal,
            action: &request.action,
            resource: &request.resource,
            context: &context,
        },
    );
    Ok(BatchResponse::new(&explanation, compiled.sources))
}
