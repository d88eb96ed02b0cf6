//! Matchers for the entries of the Action/NotAction and Resource/NotResource elements.

use crate::glob::{Case, Glob};

/// One Action or NotAction entry (`service:Name`, `*`, `iam:Get*`), compiled once.
///
/// The service prefix and the action name both compare case-insensitively, and the pattern is
/// matched against the whole action string (`"*"` covers every service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionMatcher {
    glob: Glob,
    /// Length in bytes of the pattern's service prefix (`s3` in `s3:Get*`) when it is ASCII
    /// text without wildcards, so that an action of another service is refused before any
    /// wildcard matching.
    service_len: Option<usize>,
}

impl ActionMatcher {
    /// Compiles one action pattern.
    pub fn new(pattern: &str) -> Self {
        let service_len = pattern
            .split_once(':')
            .map(|(service, _)| service)
            .filter(|service| service.is_ascii() && !service.contains(['*', '?']))
            .map(str::len);
        Self {
            glob: Glob::new(pattern, Case::Insensitive),
            service_len,
        }
    }

    /// The pattern text as written in the policy.
    pub fn as_str(&self) -> &str {
        self.glob.as_str()
    }

    /// The pattern's service prefix as written (`s3` in `s3:Get*`), when it is ASCII text
    /// without wildcards: the pattern then matches only actions of that service (compared
    /// ignoring ASCII case). `None` when the pattern may match actions of several services.
    pub fn service(&self) -> Option<&str> {
        self.service_len.and_then(|len| self.as_str().get(..len))
    }

    /// Whether `action` (such as `iam:ListUsers`) matches.
    pub fn matches(&self, action: &str) -> bool {
        self.glob.matches(action)
    }

    /// Whether the request's action matches, refusing another service's action by its prefix
    /// first.
    pub fn matches_action(&self, action: &RequestAction<'_>) -> bool {
        if let (Some(pattern), Some(requested)) = (self.service(), action.service())
            && !pattern.eq_ignore_ascii_case(requested)
        {
            return false;
        }
        self.glob.matches(action.as_str())
    }
}

/// A request's action with its service prefix found once per evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestAction<'a> {
    action: &'a str,
    service: Option<&'a str>,
    name: Option<&'a str>,
    /// [`service_hash`] of `service`.
    service_hash: u64,
}

impl<'a> RequestAction<'a> {
    /// Splits `action` (`iam:CreateUser`) at its first colon.
    pub fn new(action: &'a str) -> Self {
        let (service, name) = match action.split_once(':') {
            Some((service, name)) => (Some(service).filter(|s| s.is_ascii()), Some(name)),
            None => (None, None),
        };
        Self {
            action,
            service,
            name,
            service_hash: service.map_or(0, service_hash),
        }
    }

    /// The whole action.
    pub fn as_str(&self) -> &'a str {
        self.action
    }

    /// The text before the first colon, when there is a colon and that text is ASCII. A pattern
    /// with an ASCII service prefix matches such an action only when the two prefixes are equal
    /// ignoring ASCII case: every ASCII character lowercases to an ASCII one, and no character
    /// lowercases to a colon. For other actions (`None`) nothing can be told from the prefix.
    pub fn service(&self) -> Option<&'a str> {
        self.service
    }

    /// The text after the first colon (`CreateUser`), when there is a colon.
    pub fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// [`service_hash`] of [`RequestAction::service`] (0 without one).
    pub(crate) fn service_hash(&self) -> u64 {
        self.service_hash
    }
}

/// A hash of a service prefix that ignores ASCII case (FNV-1a over the lowercased bytes), so
/// that a policy finds a service among its own with integer comparisons.
pub(crate) fn service_hash(service: &str) -> u64 {
    service.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Number of colon-separated ARN segments before the resource part
/// (`arn`, partition, service, region, account).
const HEAD_SEGMENTS: usize = 5;

/// One Resource or NotResource entry (an ARN pattern or `*`), compiled once.
///
/// AWS's rule (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>,
/// "Using wildcards in resource ARNs"): `*` and `?` may be used "within the individual segments
/// of an ARN (the parts separated by colons)", and "if the `*` wildcard is the last character of
/// a resource ARN segment, it can expand to match beyond the colon boundaries". So:
///
/// - The pattern's first five colon-separated segments (`arn`, partition, service, region,
///   account) each match one segment of the value; their `?` and inner `*` never match a `:`.
/// - A head segment ending in `*` may also swallow the following colons and segments
///   (`arn:aws:iam::*` matches `arn:aws:iam::123456789012:user/Bob`).
/// - Everything after the pattern's fifth colon is the resource part: it matches the rest of the
///   value as one string, where `*` spans `/` and `:` (`bucket/*/test/*` matches
///   `bucket/1/2/test/3/x`).
/// - Comparison is case-sensitive (user names in resource ARNs are case-sensitive; the docs do not
///   say otherwise for partition, region or account). `"*"` matches every resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMatcher {
    source: String,
    kind: ResourceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ResourceKind {
    /// Only stars: every resource.
    Any,
    /// Five head segments without wildcards (`arn:aws:s3:::`, the first `head` bytes of the
    /// pattern), then the resource part: the value must start with the same text, each of its
    /// first five segments then equalling the pattern's, and the resource part matches the rest.
    Literal { head: usize, resource: Glob },
    /// Up to five head segments, then the resource part when the pattern has five colons.
    Arn {
        head: Vec<HeadSegment>,
        resource: Option<Glob>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct HeadSegment {
    glob: Glob,
    /// Ends in `*`, so it may extend across later colons.
    spans: bool,
}

impl ResourceMatcher {
    /// Compiles one resource pattern.
    pub fn new(pattern: &str) -> Self {
        let literal_head = pattern
            .match_indices(':')
            .nth(HEAD_SEGMENTS - 1)
            .map(|(fifth, _)| fifth + 1)
            .filter(|&end| {
                pattern
                    .get(..end)
                    .is_some_and(|head| !head.contains(['*', '?']))
            });
        let kind = if pattern.bytes().all(|b| b == b'*') && !pattern.is_empty() {
            ResourceKind::Any
        } else if let Some((head, resource)) =
            literal_head.and_then(|end| Some((end, pattern.get(end..)?)))
        {
            ResourceKind::Literal {
                head,
                resource: Glob::new(resource, Case::Sensitive),
            }
        } else {
            let mut parts = pattern.splitn(HEAD_SEGMENTS + 1, ':');
            let head = parts
                .by_ref()
                .take(HEAD_SEGMENTS)
                .map(|part| HeadSegment {
                    glob: Glob::new(part, Case::Sensitive),
                    spans: part.ends_with('*'),
                })
                .collect();
            let resource = parts.next().map(|part| Glob::new(part, Case::Sensitive));
            ResourceKind::Arn { head, resource }
        };
        Self {
            source: pattern.to_owned(),
            kind,
        }
    }

    /// The pattern text as written in the policy.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether `resource` (an ARN) matches.
    pub fn matches(&self, resource: &str) -> bool {
        match &self.kind {
            ResourceKind::Any => true,
            ResourceKind::Literal {
                head,
                resource: part,
            } => self
                .after_head(resource, *head)
                .is_some_and(|rest| part.matches(rest)),
            ResourceKind::Arn {
                head,
                resource: tail,
            } => arn_matches(
                head,
                tail.as_ref().map(|glob| |rest: &str| glob.matches(rest)),
                resource,
            ),
        }
    }

    /// Whether `resource` matches when the pattern's resource part (after its fifth colon) is
    /// replaced by `resource_part`, which is asked about each remainder of `resource` the head
    /// components leave. For patterns with a resource part; a pattern of stars alone matches
    /// every resource, as in [`ResourceMatcher::matches`].
    pub(crate) fn matches_with(
        &self,
        resource: &str,
        resource_part: impl Fn(&str) -> bool,
    ) -> bool {
        match &self.kind {
            ResourceKind::Any => true,
            ResourceKind::Literal { head, .. } => {
                self.after_head(resource, *head).is_some_and(resource_part)
            }
            ResourceKind::Arn { head, .. } => arn_matches(head, Some(resource_part), resource),
        }
    }

    /// The rest of `resource` after the pattern's first `head` bytes, when it starts with them.
    fn after_head<'r>(&self, resource: &'r str, head: usize) -> Option<&'r str> {
        let (start, rest) = resource.split_at_checked(head)?;
        (Some(start) == self.source.get(..head)).then_some(rest)
    }
}

/// Runs the segment automaton over `value` in one pass over its colon-separated pieces.
///
/// State `i < head.len()` means "head segment `i` starts at this piece", state `head.len()`
/// "the resource part starts at this piece". A segment that matches a piece enables the next
/// state at the next piece, or, when it ends in `*` (spans), at every later piece.
fn arn_matches(head: &[HeadSegment], tail: Option<impl Fn(&str) -> bool>, value: &str) -> bool {
    let tail_state = 1_u32 << head.len();
    // States enabled at the next piece by a segment matching this one.
    let mut next = 1_u32;
    // States enabled at every later piece by a spanning segment.
    let mut sticky = 0_u32;
    let mut offset = 0;
    loop {
        let active = next | sticky;
        let rest = value.get(offset..).unwrap_or_default();
        if let Some(tail) = &tail
            && active & tail_state != 0
            && tail(rest)
        {
            return true;
        }
        // The tail alone, and not for later pieces: nothing else can match.
        if active & !tail_state == 0 && sticky & tail_state == 0 {
            return false;
        }
        next = 0;
        // Bytes rather than `split(':')`, whose char searcher costs more on short pieces.
        let end = rest.bytes().position(|byte| byte == b':');
        let piece = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        for (index, segment) in head.iter().enumerate() {
            if active & (1 << index) == 0 || !segment.glob.matches(piece) {
                continue;
            }
            let following = 1 << (index + 1);
            if tail.is_none() && index + 1 == head.len() {
                // The pattern ends with this segment, which must reach the end of the value.
                if segment.spans || end.is_none() {
                    return true;
                }
            } else if segment.spans {
                sticky |= following;
            } else {
                next |= following;
            }
        }
        let Some(end) = end else {
            return false;
        };
        offset += end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{ActionMatcher, RequestAction, ResourceMatcher};

    fn action(pattern: &str, value: &str) -> bool {
        ActionMatcher::new(pattern).matches(value)
    }

    fn resource(pattern: &str, value: &str) -> bool {
        ResourceMatcher::new(pattern).matches(value)
    }

    #[test]
    fn actions_compare_case_insensitively() {
        assert!(action("*", "iam:ListUsers"));
        assert!(action("s3:get*", "S3:GetObject"));
        assert!(action("IAM:listaccesskeys", "iam:ListAccessKeys"));
        assert!(action("iam:Get?ser", "iam:GetUser"));
        assert!(action("iam:*", "IAM:CreateRole"));
        assert!(!action("iam:Get*", "iam:ListUsers"));
        assert!(!action("iam:GetUser", "iam:GetUsers"));
        assert!(!action("s3:*", "iam:GetUser"));
        assert_eq!(ActionMatcher::new("iam:Get*").as_str(), "iam:Get*");
    }

    #[test]
    fn service_prefix_is_literal_ascii_text() {
        assert_eq!(ActionMatcher::new("S3:Get*").service(), Some("S3"));
        assert_eq!(ActionMatcher::new(":x").service(), Some(""));
        assert_eq!(ActionMatcher::new("iam").service(), None);
        assert_eq!(ActionMatcher::new("*").service(), None);
        assert_eq!(ActionMatcher::new("s3*:Get").service(), None);
        assert_eq!(ActionMatcher::new("s?:Get").service(), None);
        assert_eq!(ActionMatcher::new("\u{212A}ms:Decrypt").service(), None);
        assert_eq!(RequestAction::new("iam:Get:x").service(), Some("iam"));
        assert_eq!(RequestAction::new("iam:Get:x").name(), Some("Get:x"));
        assert_eq!(RequestAction::new("iam").service(), None);
        assert_eq!(RequestAction::new("iam").name(), None);
        assert_eq!(RequestAction::new("\u{212A}ms:Decrypt").service(), None);
        assert_eq!(
            RequestAction::new("\u{212A}ms:Decrypt").name(),
            Some("Decrypt")
        );
    }

    #[test]
    fn request_action_matching_agrees_with_plain_matching() {
        let patterns = [
            "s3:Get*",
            "S3:*",
            "*",
            "s3*",
            "iam:Get?ser",
            "\u{212A}ms:*",
            "kms:*",
            ":*",
        ];
        let actions = [
            "s3:GetObject",
            "S3:getobject",
            "s3x:GetObject",
            "iam:GetUser",
            "kms:Decrypt",
            "\u{212A}MS:Decrypt",
            "s3",
            ":x",
        ];
        for pattern in patterns {
            let matcher = ActionMatcher::new(pattern);
            for value in actions {
                assert_eq!(
                    matcher.matches_action(&RequestAction::new(value)),
                    matcher.matches(value),
                    "{pattern} {value}"
                );
            }
        }
    }

    #[test]
    fn star_matches_every_resource() {
        for pattern in ["*", "**"] {
            assert!(resource(pattern, "arn:aws:iam::123456789012:user/Bob"));
            assert!(resource(pattern, ""));
            assert!(resource(pattern, "not-an-arn"));
        }
    }

    #[test]
    fn exact_resource_is_case_sensitive() {
        let bob = "arn:aws:iam::123456789012:user/Bob";
        assert!(resource(bob, bob));
        assert!(!resource(bob, "arn:aws:iam::123456789012:user/bob"));
        assert!(!resource(bob, "arn:aws:iam::123456789012:user/Bobby"));
        assert!(!resource("", bob));
        assert!(resource("", ""));
    }

    #[test]
    fn resource_part_star_spans_slashes() {
        let pattern = "arn:aws:s3:::bucket/*/test/*";
        assert!(resource(pattern, "arn:aws:s3:::bucket/1/2/test/3/x"));
        assert!(resource(pattern, "arn:aws:s3:::bucket//test/x"));
        assert!(resource(pattern, "arn:aws:s3:::bucket/1/test/"));
        assert!(!resource(pattern, "arn:aws:s3:::bucket/test/x"));
        assert!(!resource(pattern, "arn:aws:s3:::bucket/1-test/x"));
        assert!(resource(
            "arn:aws:iam::123456789012:user/accounting/*",
            "arn:aws:iam::123456789012:user/accounting/eu/Ann"
        ));
    }

    #[test]
    fn resource_part_star_spans_colons() {
        let pattern = "arn:aws:logs:us-east-1:123456789012:log-group:*";
        assert!(resource(
            pattern,
            "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x"
        ));
        assert!(resource(
            "arn:aws:sqs:*:*:q*",
            "arn:aws:sqs:eu-west-1:123456789012:queue:extra"
        ));
    }

    #[test]
    fn wildcards_inside_head_segments_stay_in_their_segment() {
        assert!(resource(
            "arn:aws:ec2:us-*-?:123456789012:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1"
        ));
        assert!(!resource(
            "arn:aws:ec2:us-*-?:123456789012:instance/*",
            "arn:aws:ec2:us-east-12:123456789012:instance/i-1"
        ));
        // A flat glob would let `*` take "ws:foo:"; inside a segment it may not.
        assert!(!resource("arn:a*s:iam::1:x", "arn:aws:foo:s:iam::1:x"));
        assert!(resource("arn:a*s:iam::1:x", "arn:aws:iam::1:x"));
        // `?` never matches the colon between segments.
        assert!(!resource("arn:aws:iam::?:x", "arn:aws:iam::::x"));
        assert!(resource("arn:aws:iam::?:x", "arn:aws:iam::7:x"));
    }

    #[test]
    fn trailing_star_of_a_head_segment_crosses_colons() {
        let user = "arn:aws:iam::123456789012:user/Bob";
        assert!(resource("arn:aws:iam::*", user));
        assert!(resource("arn:aws:iam:*", user));
        assert!(resource("arn:aws:*", user));
        assert!(resource("arn:*", user));
        assert!(resource("arn:aws:iam::1234*", user));
        assert!(!resource("arn:aws:s3::*", user));
        assert!(!resource("arn:aws:iam::9*", user));
        // A trailing star may swallow segments and let later pattern segments match further on.
        assert!(resource(
            "arn:aws*:us-east-1:*",
            "arn:aws:ec2:us-east-1:1:vpc/x"
        ));
        assert!(!resource(
            "arn:aws*:eu-west-1:*",
            "arn:aws:ec2:us-east-1:1:vpc/x"
        ));
    }

    #[test]
    fn literal_heads_compare_every_segment() {
        let pattern = "arn:aws:iam::123456789012:user/*";
        assert!(resource(pattern, "arn:aws:iam::123456789012:user/Bob"));
        assert!(!resource(pattern, "arn:aws:iam::123456789013:user/Bob"));
        assert!(!resource(pattern, "arn:aws:sts::123456789012:user/Bob"));
        assert!(!resource(pattern, "arn:aws:iam:123456789012::user/Bob"));
        assert!(!resource(pattern, "arn:aws:iam::123456789012"));
        assert!(resource("arn:aws:s3:::", "arn:aws:s3:::"));
        assert!(!resource("arn:aws:s3:::", "arn:aws:s3:::x"));
        assert!(resource("arn:aws:s3:::a:*", "arn:aws:s3:::a:b:c"));
        assert!(resource("arn:é:s3:::日*", "arn:é:s3:::日本"));
        assert!(!resource("arn:é:s3:::日*", "arn:è:s3:::日本"));
    }

    #[test]
    fn short_patterns_must_cover_the_whole_value() {
        assert!(!resource("arn:aws:iam", "arn:aws:iam::1:user/x"));
        assert!(resource("arn:aws:iam", "arn:aws:iam"));
        assert!(!resource("arn:aws:iam::1:user/x", "arn:aws:iam::1"));
        assert!(!resource("arn:aws:iam::1:", "arn:aws:iam::1"));
        assert!(resource("arn:aws:iam::1:", "arn:aws:iam::1:"));
    }

    #[test]
    fn values_with_many_colons() {
        let value = format!("arn:aws:x:r:1:{}end", "seg:".repeat(300));
        assert!(resource("arn:aws:x:r:1:*end", &value));
        assert!(resource("arn:*:*:*:*:*end", &value));
        assert!(resource("arn:*", &value));
        assert!(!resource("arn:*:*:*:*:*nope", &value));
        assert_eq!(ResourceMatcher::new("arn:*").as_str(), "arn:*");
    }
}
