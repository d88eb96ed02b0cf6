//! Resource and NotResource entries: ARN patterns matched segment by segment.

use crate::glob::{Case, Pattern};

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
    Literal { head: usize, resource: Pattern },
    /// Up to five head segments, then the resource part when the pattern has five colons.
    Arn {
        head: Vec<HeadSegment>,
        resource: Option<Pattern>,
    },
}

/// Patterns here are ranges of the matcher's `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeadSegment {
    pattern: Pattern,
    /// Ends in `*`, so it may extend across later colons.
    spans: bool,
}

impl ResourceMatcher {
    /// Compiles one resource pattern.
    pub fn new(pattern: &str) -> Self {
        // The byte offsets of the first five colons; a byte scan, `:` being ASCII.
        let mut colons = [pattern.len(); HEAD_SEGMENTS];
        let mut found = 0;
        let positions = pattern
            .bytes()
            .enumerate()
            .filter(|&(_, byte)| byte == b':');
        for ((at, _), slot) in positions.zip(colons.iter_mut()) {
            *slot = at;
            found += 1;
        }
        let fifth = colons.last().copied().filter(|_| found == HEAD_SEGMENTS);
        let kind = if pattern.bytes().all(|b| b == b'*') && !pattern.is_empty() {
            ResourceKind::Any
        } else if let Some(fifth) = fifth.filter(|&fifth| {
            !pattern
                .bytes()
                .take(fifth)
                .any(|byte| byte == b'*' || byte == b'?')
        }) {
            let head = fifth + 1;
            ResourceKind::Literal {
                head,
                resource: Pattern::new(pattern, head..pattern.len(), Case::Sensitive),
            }
        } else {
            // Segment i runs from the colon before it to the colon after it; the resource part
            // follows the fifth colon.
            let mut start = 0;
            let head = colons
                .iter()
                .take(found + 1)
                .map(|&end| {
                    let range = start..end;
                    start = end + 1;
                    HeadSegment {
                        spans: pattern.get(range.clone()).is_some_and(|s| s.ends_with('*')),
                        pattern: Pattern::new(pattern, range, Case::Sensitive),
                    }
                })
                .collect();
            let resource =
                fifth.map(|_| Pattern::new(pattern, start..pattern.len(), Case::Sensitive));
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
                .is_some_and(|rest| part.matches(&self.source, rest)),
            ResourceKind::Arn {
                head,
                resource: tail,
            } => arn_matches(
                &self.source,
                head,
                tail.as_ref()
                    .map(|pattern| |rest: &str| pattern.matches(&self.source, rest)),
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
            ResourceKind::Arn { head, .. } => {
                arn_matches(&self.source, head, Some(resource_part), resource)
            }
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
/// `source` is the text of the head segments' patterns.
fn arn_matches(
    source: &str,
    head: &[HeadSegment],
    tail: Option<impl Fn(&str) -> bool>,
    value: &str,
) -> bool {
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
            if active & (1 << index) == 0 || !segment.pattern.matches(source, piece) {
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
    use super::ResourceMatcher;

    fn resource(pattern: &str, value: &str) -> bool {
        ResourceMatcher::new(pattern).matches(value)
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
