//! AssumeRoot (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html>): a
//! short root session in a member account, bounded by one of AWS's root task policies. The
//! emulator has no AWS Organizations: any caller allowed `sts:AssumeRoot` on the target's
//! `arn:aws:iam::ACCOUNT:root` may call it.

use super::credentials::{self, NewSession};
use crate::actions::Ctx;
use crate::authz::policies;
use crate::error::ApiError;
use crate::protocol::Action;
use crate::protocol::sts::{AssumeRootRequest, AssumeRootResponse};
use crate::store::sessions::SessionPrincipal;

/// The task policies AssumeRoot accepts, all AWS managed under `policy/root-task/`.
const TASK_POLICIES: [&str; 5] = [
    "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
    "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
    "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
    "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
    "arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy",
];

/// A root session lasts 15 minutes at most, and by default.
const DEFAULT_SECONDS: i32 = 900;

/// `AssumeRoot`.
pub fn assume_root(cx: &Ctx<'_>, input: AssumeRootRequest) -> Result<AssumeRootResponse, ApiError> {
    let arn = input.task_policy_arn.arn.as_deref().unwrap_or_default();
    let task = TASK_POLICIES
        .contains(&arn)
        .then(|| {
            let account = cx.store.account(&input.target_principal);
            let account = account.read();
            policies::managed(cx.store, &account, arn)
        })
        .flatten()
        .ok_or_else(|| ApiError::validation(format!("{arn} is not a root task policy.")))?;
    let credentials = credentials::issue(
        cx.store,
        NewSession {
            account: input.target_principal.clone(),
            issued_by: Action::AssumeRoot,
            principal: SessionPrincipal::Root,
            duration_seconds: i64::from(input.duration_seconds.unwrap_or(DEFAULT_SECONDS)),
            policies: Some(vec![task]),
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
            source_identity: None,
            mfa_authenticated: None,
            chained: false,
        },
        cx.now,
    );
    Ok(AssumeRootResponse {
        credentials: Some(credentials),
        source_identity: None,
    })
}
