//! The request context: the global condition keys AWS sets for a signed request by an IAM user,
//! and the IAM keys the action supports, from the input and the entity it acts on
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>,
//! <https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html>).

use super::input::Input;
use super::resource::{Existing, Target};
use super::subject::Subject;
use crate::protocol::Action;
use crate::service_reference::ServiceReference;
use chrono::{DateTime, Utc};
use iam_policy::{Context, ContextBuilder};
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

/// The context of `action` called by `subject` on `target`.
pub fn build(
    facts: &Facts<'_>,
    subject: &Subject<'_>,
    account: &str,
    action: Action,
    input: Input<'_>,
    target: &Target<'_>,
) -> Context {
    let mut context = base(facts, subject, account);
    request_tags(&mut context, input);
    // The resource.
    if let Some(resource_account) = target.arn.split(':').nth(4).filter(|a| a.len() == 12) {
        context.insert_lowercase("aws:resourceaccount", resource_account);
    }
    let mut boundary = input.text("PermissionsBoundary");
    match target.existing {
        Some(Existing::Identity {
            tags,
            boundary: current,
        }) => {
            for tag in tags {
                let value = tag.value.as_str();
                context.insert_lowercase(tag_key("aws:resourcetag/", &tag.key), value);
                context.insert_lowercase(tag_key("iam:resourcetag/", &tag.key), value);
            }
            boundary = boundary.or(current);
        }
        Some(Existing::Tagged(tags)) => {
            for tag in tags {
                let value = tag.value.as_str();
                context.insert_lowercase(tag_key("aws:resourcetag/", &tag.key), value);
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
        ("iam:permissionsboundary", boundary),
        ("iam:policyarn", input.text("PolicyArn")),
        ("iam:awsservicename", input.text("AWSServiceName")),
    ];
    for (key, value) in service_keys {
        if let Some(value) = value
            && supported(key)
        {
            context.insert_lowercase(key, value);
        }
    }
    context.build()
}

/// The global keys of the request itself, whoever makes it; room for `capacity` keys.
pub fn request(facts: &Facts<'_>, capacity: usize) -> ContextBuilder {
    // Keys are written lowercase, as the engine stores them, so a static name costs nothing.
    let mut context = ContextBuilder::with_capacity(capacity);
    context.insert_lowercase("aws:currenttime", crate::text::iso8601(&facts.now));
    context.insert_lowercase("aws:epochtime", facts.now.timestamp().to_string());
    if let Some(ip) = facts.source_ip {
        context.insert_lowercase("aws:sourceip", ip.to_string());
    }
    // localiam serves plain HTTP.
    context.insert_lowercase("aws:securetransport", "false");
    if let Some(agent) = facts.user_agent {
        context.insert_lowercase("aws:useragent", agent);
    }
    context.insert_lowercase("aws:requestedregion", facts.region);
    context.insert_lowercase("aws:principalisawsservice", "false");
    context.insert_lowercase("aws:viaawsservice", "false");
    context
}

/// The keys every request carries: the global ones and the principal's.
pub fn base(facts: &Facts<'_>, subject: &Subject<'_>, account: &str) -> ContextBuilder {
    let mut context = request(facts, 24 + subject.tags.len());
    // The principal.
    context.insert_lowercase("aws:principalarn", subject.principal_arn);
    context.insert_lowercase("aws:principalaccount", account);
    context.insert_lowercase("aws:principaltype", subject.principal_type);
    context.insert_lowercase("aws:userid", subject.userid);
    if let Some(name) = subject.username {
        context.insert_lowercase("aws:username", name);
    }
    for tag in &subject.tags {
        context.insert_lowercase(tag_key("aws:principaltag/", &tag.key), tag.value.as_str());
    }
    // aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge and aws:TokenIssueTime stay absent for
    // long-term access keys, as on AWS; temporary credentials carry them.
    if let Some(session) = subject.session {
        context.insert_lowercase("aws:tokenissuetime", crate::text::iso8601(&session.issued));
        let mfa = session.mfa_authenticated;
        let present = if mfa.is_some() { "true" } else { "false" };
        context.insert_lowercase("aws:multifactorauthpresent", present);
        if let Some(at) = mfa {
            let age = (facts.now - at).num_seconds().max(0);
            context.insert_lowercase("aws:multifactorauthage", age.to_string());
        }
        if let Some(identity) = &session.source_identity {
            context.insert_lowercase("aws:sourceidentity", identity.as_str());
        }
    }
    context
}

/// `aws:RequestTag/…` and `aws:TagKeys`: the tags the request sets (`Tags.member.N`) or
/// removes (`TagKeys.member.N`).
pub fn request_tags(context: &mut ContextBuilder, input: Input<'_>) {
    let mut tag_keys = Vec::new();
    for (key, value) in input.tags() {
        context.insert_lowercase(tag_key("aws:requesttag/", key), value);
        tag_keys.push(key.to_owned());
    }
    tag_keys.extend(input.strings("TagKeys").map(str::to_owned));
    if !tag_keys.is_empty() {
        context.insert_lowercase("aws:tagkeys", tag_keys);
    }
}

/// `prefix` (lowercase) followed by the tag key lowercased: one allocation.
fn tag_key(prefix: &str, tag: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + tag.len());
    key.push_str(prefix);
    if tag.is_ascii() {
        key.extend(tag.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        key.push_str(&tag.to_lowercase());
    }
    key
}
