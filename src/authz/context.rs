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
use iam_policy::{Context, ContextBuilder, ContextValue};
use std::net::IpAddr;

/// What the request itself says besides its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The request's `x-amzn-RequestId`, named by the warnings logged while it is served (the
    /// request span that carries it everywhere is at debug level, to cost nothing by default).
    pub request_id: &'a str,
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
    subject: &Subject,
    account: &str,
    action: Action,
    input: Input<'_>,
    target: &Target<'_>,
    wanted: Wanted<'_>,
) -> Context {
    let mut context = base(facts, subject, account, wanted);
    // Each part is looked up only when some policy reads a key it gives: most policies read few.
    if wanted.prefix("aws:requesttag/") || wanted.key("aws:tagkeys") {
        request_tags(&mut context, input, wanted);
    }
    // The resource.
    if wanted.key("aws:resourceaccount")
        && let Some(resource_account) = target.arn.split(':').nth(4).filter(|a| a.len() == 12)
    {
        context.insert_lowercase("aws:resourceaccount", resource_account);
    }
    let resource_tags = wanted.prefix("aws:resourcetag/") || wanted.prefix("iam:resourcetag/");
    let current_boundary = match target.existing {
        Some(Existing::Identity { tags, boundary }) => {
            for tag in tags.iter().filter(|_| resource_tags) {
                let value = tag.value.as_str();
                put_tag(&mut context, wanted, "aws:resourcetag/", &tag.key, value);
                put_tag(&mut context, wanted, "iam:resourcetag/", &tag.key, value);
            }
            boundary
        }
        Some(Existing::Tagged(tags)) => {
            for tag in tags.iter().filter(|_| resource_tags) {
                let value = tag.value.as_str();
                put_tag(&mut context, wanted, "aws:resourcetag/", &tag.key, value);
            }
            None
        }
        None => None,
    };
    // The service's own keys, where the reference says the action supports them, from the
    // parameter that carries each.
    let supported = |key: &str| {
        wanted.key(key)
            && ServiceReference::operation(action)
                .is_some_and(|a| a.condition_keys.iter().any(|k| k.eq_ignore_ascii_case(key)))
    };
    let service_keys = [
        ("iam:permissionsboundary", "PermissionsBoundary"),
        ("iam:policyarn", "PolicyArn"),
        ("iam:awsservicename", "AWSServiceName"),
        ("sts:durationseconds", "DurationSeconds"),
        ("sts:signingalgorithm", "SigningAlgorithm"),
    ];
    for (key, parameter) in service_keys.into_iter().filter(|(key, _)| supported(key)) {
        let value = input.text(parameter);
        // The boundary a call sets, else the one the entity has.
        let value = value.or(current_boundary.filter(|_| key == "iam:permissionsboundary"));
        if let Some(value) = value {
            context.insert_lowercase(key, value);
        }
    }
    if supported("sts:identitytokenaudience") {
        let audience: Vec<String> = input.strings("Audience").map(str::to_owned).collect();
        if !audience.is_empty() {
            context.insert_lowercase("sts:identitytokenaudience", audience);
        }
    }
    context.build()
}

/// The global keys of the request itself, whoever makes it; room for `capacity` keys.
pub fn request(facts: &Facts<'_>, capacity: usize, wanted: Wanted<'_>) -> ContextBuilder {
    // Keys are written lowercase, as the engine stores them, so a static name costs nothing.
    let mut context = ContextBuilder::with_capacity(capacity);
    let c = &mut context;
    put(c, wanted, "aws:currenttime", || {
        crate::text::iso8601(&facts.now)
    });
    put(c, wanted, "aws:epochtime", || {
        facts.now.timestamp().to_string()
    });
    if let Some(ip) = facts.source_ip {
        put(c, wanted, "aws:sourceip", || crate::text::ip(ip));
    }
    // localiam serves plain HTTP.
    put(c, wanted, "aws:securetransport", || "false");
    if let Some(agent) = facts.user_agent {
        put(c, wanted, "aws:useragent", || agent);
    }
    put(c, wanted, "aws:requestedregion", || facts.region);
    put(c, wanted, "aws:principalisawsservice", || "false");
    put(c, wanted, "aws:viaawsservice", || "false");
    context
}

/// The keys every request carries: the global ones and the principal's.
pub fn base(
    facts: &Facts<'_>,
    subject: &Subject,
    account: &str,
    wanted: Wanted<'_>,
) -> ContextBuilder {
    let mut context = request(facts, wanted.capacity(24 + subject.tags.len()), wanted);
    let c = &mut context;
    // The principal.
    put(c, wanted, "aws:principalarn", || {
        subject.principal_arn.as_str()
    });
    put(c, wanted, "aws:principalaccount", || account);
    put(c, wanted, "aws:principaltype", || subject.principal_type);
    put(c, wanted, "aws:userid", || subject.userid.as_str());
    if let Some(name) = subject.username.as_deref() {
        put(c, wanted, "aws:username", || name);
    }
    for tag in &subject.tags {
        put_tag(c, wanted, "aws:principaltag/", &tag.key, &tag.value);
    }
    // aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge and aws:TokenIssueTime stay absent for
    // long-term access keys, as on AWS; temporary credentials carry them.
    if let Some(session) = subject.session.as_deref() {
        put(c, wanted, "aws:tokenissuetime", || {
            crate::text::iso8601(&session.issued)
        });
        let mfa = session.mfa_authenticated;
        let present = if mfa.is_some() { "true" } else { "false" };
        put(c, wanted, "aws:multifactorauthpresent", || present);
        if let Some(at) = mfa {
            let age = (facts.now - at).num_seconds().max(0);
            put(c, wanted, "aws:multifactorauthage", || age.to_string());
        }
        if let Some(identity) = &session.source_identity {
            put(c, wanted, "aws:sourceidentity", || identity.as_str());
        }
    }
    context
}

/// `aws:RequestTag/…` and `aws:TagKeys`: the tags the request sets (`Tags.member.N`) or
/// removes (`TagKeys.member.N`).
pub fn request_tags(context: &mut ContextBuilder, input: Input<'_>, wanted: Wanted<'_>) {
    tags_of_request(context, wanted, input.tags(), input.strings("TagKeys"));
}

/// `aws:RequestTag/…` for each tag `set`, and `aws:TagKeys` for their keys and those `removed`.
pub fn tags_of_request<'t>(
    context: &mut ContextBuilder,
    wanted: Wanted<'_>,
    set: impl Iterator<Item = (&'t str, &'t str)>,
    removed: impl Iterator<Item = &'t str>,
) {
    let mut tag_keys = Vec::new();
    for (key, value) in set {
        put_tag(context, wanted, "aws:requesttag/", key, value);
        tag_keys.push(key.to_owned());
    }
    tag_keys.extend(removed.map(str::to_owned));
    if !tag_keys.is_empty() {
        put(context, wanted, "aws:tagkeys", || tag_keys);
    }
}

/// The context keys the caller's policies read (lowercase, from
/// [`iam_policy::CompiledPolicy::referenced_keys`]), so a request builds only those; or every
/// key, where the policies are not known in advance.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a>(Option<&'a [Box<str>]>);

impl<'a> Wanted<'a> {
    /// Every key.
    pub const ALL: Wanted<'static> = Wanted(None);

    /// Only `keys`.
    pub fn only(keys: &'a [Box<str>]) -> Self {
        Wanted(Some(keys))
    }

    /// Room for the keys a context may get: those read, or `all` when every key is wanted.
    pub fn capacity(self, all: usize) -> usize {
        self.0.map_or(all, |keys| keys.len().min(all))
    }

    /// Whether `key` (lowercase) is read.
    pub fn key(self, key: &str) -> bool {
        self.0
            .is_none_or(|keys| keys.iter().any(|k| k.len() == key.len() && **k == *key))
    }

    /// Whether some key starting with `prefix` (lowercase) is read.
    pub fn prefix(self, prefix: &str) -> bool {
        self.0
            .is_none_or(|keys| keys.iter().any(|k| k.starts_with(prefix)))
    }
}

/// Sets `key` to `value()` when it is wanted; the value is not even made otherwise.
fn put<V: Into<ContextValue>>(
    context: &mut ContextBuilder,
    wanted: Wanted<'_>,
    key: &'static str,
    value: impl FnOnce() -> V,
) {
    if wanted.key(key) {
        context.insert_lowercase(key, value());
    }
}

/// Sets `prefix` + `tag` (a tag key family such as `aws:principaltag/`) when the family is wanted.
fn put_tag(context: &mut ContextBuilder, wanted: Wanted<'_>, prefix: &str, tag: &str, value: &str) {
    if wanted.prefix(prefix) {
        context.insert_lowercase(tag_key(prefix, tag), value);
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

#[cfg(test)]
mod tests {
    use super::Wanted;

    #[test]
    fn only_the_keys_and_tag_families_read_are_wanted() {
        let keys = ["aws:sourceip".into(), "aws:principaltag/team".into()];
        let wanted = Wanted::only(&keys);
        assert!(wanted.key("aws:sourceip"));
        assert!(!wanted.key("aws:currenttime"));
        assert!(!wanted.key("aws:sourceipx"));
        assert!(wanted.prefix("aws:principaltag/"));
        assert!(!wanted.prefix("aws:requesttag/"));
        assert!(Wanted::ALL.key("anything") && Wanted::ALL.prefix("aws:"));
    }
}
