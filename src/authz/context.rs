//! The request context: the global condition keys AWS sets for a signed request by an IAM user,
//! and the IAM keys the action supports, from the input and the entity it acts on
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>,
//! <https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html>).

use super::input::Input;
use super::resource::{Existing, Target};
use crate::protocol::Action;
use crate::service_reference::ServiceReference;
use crate::store::entities::User;
use chrono::{DateTime, Utc};
use iam_policy::Context;
use std::net::IpAddr;

/// What the request itself says besides its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The server's time.
    pub now: DateTime<Utc>,
    /// The region the request was signed for.
    pub region: &'a str,
    /// The client's address.
    pub source_ip: Option<IpAddr>,
    /// The `User-Agent` header.
    pub user_agent: Option<&'a str>,
}

/// The context of `action` called by `user` on `target`.
pub fn build(
    facts: &Facts<'_>,
    user: &User,
    account: &str,
    action: Action,
    input: Input<'_>,
    target: &Target<'_>,
) -> Context {
    let mut context = Context::new();
    context.insert(
        "aws:CurrentTime",
        facts.now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    );
    context.insert("aws:EpochTime", facts.now.timestamp().to_string());
    if let Some(ip) = facts.source_ip {
        context.insert("aws:SourceIp", ip.to_string());
    }
    // localiam serves plain HTTP.
    context.insert("aws:SecureTransport", "false");
    if let Some(agent) = facts.user_agent {
        context.insert("aws:UserAgent", agent);
    }
    context.insert("aws:RequestedRegion", facts.region);
    context.insert("aws:PrincipalIsAWSService", "false");
    context.insert("aws:ViaAWSService", "false");
    // The principal. aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge and aws:TokenIssueTime
    // stay absent: AWS leaves them out for long-term access keys.
    context.insert("aws:PrincipalArn", user.arn.as_str());
    context.insert("aws:PrincipalAccount", account);
    context.insert("aws:PrincipalType", "User");
    context.insert("aws:userid", user.id.as_str());
    context.insert("aws:username", user.name.as_str());
    for tag in &user.tags {
        context.insert(&format!("aws:PrincipalTag/{}", tag.key), tag.value.as_str());
    }
    // Tags the request sets or removes.
    let mut tag_keys = Vec::new();
    for (key, value) in input.tags() {
        context.insert(&format!("aws:RequestTag/{key}"), value);
        tag_keys.push(key.to_owned());
    }
    tag_keys.extend(input.strings("TagKeys").map(str::to_owned));
    if !tag_keys.is_empty() {
        context.insert("aws:TagKeys", tag_keys);
    }
    // The resource.
    if let Some(resource_account) = target.arn.split(':').nth(4).filter(|a| a.len() == 12) {
        context.insert("aws:ResourceAccount", resource_account);
    }
    let mut boundary = input.text("PermissionsBoundary");
    match target.existing {
        Some(Existing::Identity {
            tags,
            boundary: current,
        }) => {
            for tag in tags {
                context.insert(&format!("aws:ResourceTag/{}", tag.key), tag.value.as_str());
                context.insert(&format!("iam:ResourceTag/{}", tag.key), tag.value.as_str());
            }
            boundary = boundary.or(current);
        }
        Some(Existing::Tagged(tags)) => {
            for tag in tags {
                context.insert(&format!("aws:ResourceTag/{}", tag.key), tag.value.as_str());
            }
        }
        None => {}
    }
    // IAM's own keys, where the reference says the action supports them.
    let supported = |key: &str| {
        ServiceReference::get()
            .action(action.iam_action())
            .is_some_and(|(_, a)| a.condition_keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
    };
    let service_keys = [
        ("iam:PermissionsBoundary", boundary),
        ("iam:PolicyARN", input.text("PolicyArn")),
        ("iam:AWSServiceName", input.text("AWSServiceName")),
    ];
    for (key, value) in service_keys {
        if let Some(value) = value
            && supported(key)
        {
            context.insert(key, value);
        }
    }
    context
}
