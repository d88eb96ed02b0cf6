//! Which statements of a policy can apply to an action, found at compile time so that a
//! decision visits only those.
//!
//! A statement whose Action patterns all start with a literal ASCII service prefix
//! (`s3:Get*`, `iam:ListUsers`) can apply only to actions of those services (see
//! [`crate::matching::RequestAction::service`]); every other statement (NotAction, `*`,
//! `s3*:Get`) may apply to any action. Within a service, a pattern whose action name starts
//! with a literal ASCII character (`Get*`) can match only names starting with that character in
//! either case, so each listed statement carries the set of initials its patterns allow, and a
//! request's initial is checked against it before anything else. Each list keeps source order,
//! so evaluation order, and with it what an explanation lists, is unchanged.

use super::CompiledStatement;
use crate::matching::{RequestAction, initials, service_hash};

/// Statement positions by service prefix, found by the prefix's [`service_hash`]. Prefixes
/// whose hashes collide share one list: visiting a statement that cannot apply is only wasted
/// work, and equal prefixes always have equal hashes, so no statement that can apply is missed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ServiceIndex {
    /// The hashes of the service prefixes the statements name, ascending.
    hashes: Box<[u64]>,
    /// For each hash, the statements naming a prefix with that hash together with `others`,
    /// by ascending position.
    lists: Box<[Box<[Entry]>]>,
    /// The statements that may apply to any action, by ascending position.
    others: Box<[Entry]>,
}

/// One statement to visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    position: usize,
    /// The [`initials`] of the statement's action names for the service; all bits when any
    /// name may match.
    initials: u64,
}

impl ServiceIndex {
    pub(super) fn new(statements: &[CompiledStatement]) -> Self {
        let patterns = statements
            .iter()
            .filter_map(CompiledStatement::bounded_actions)
            .map(|patterns| patterns.len())
            .sum();
        let mut named: Vec<(u64, Entry)> = Vec::with_capacity(patterns);
        let mut others = Vec::new();
        for (position, statement) in statements.iter().enumerate() {
            let Some(patterns) = statement.bounded_actions() else {
                others.push(Entry {
                    position,
                    initials: u64::MAX,
                });
                continue;
            };
            for (service, name) in patterns {
                named.push((
                    service_hash(service),
                    Entry {
                        position,
                        initials: initials(name, true),
                    },
                ));
            }
        }
        named.sort_unstable_by_key(|&(hash, entry)| (hash, entry.position));
        let groups = named.chunk_by(|(a, _), (b, _)| a == b);
        let mut hashes = Vec::with_capacity(groups.clone().count());
        let mut lists = Vec::with_capacity(hashes.capacity());
        for group in groups {
            let Some(&(hash, _)) = group.first() else {
                continue;
            };
            let mut entries: Vec<Entry> = Vec::with_capacity(group.len() + others.len());
            entries.extend(group.iter().map(|&(_, entry)| entry));
            if !others.is_empty() {
                entries.extend_from_slice(&others);
                entries.sort_by_key(|entry| entry.position);
            }
            // One entry per statement, allowing the initials of all its patterns.
            entries.dedup_by(|later, earlier| {
                let same = later.position == earlier.position;
                if same {
                    earlier.initials |= later.initials;
                }
                same
            });
            hashes.push(hash);
            lists.push(entries.into_boxed_slice());
        }
        Self {
            hashes: hashes.into_boxed_slice(),
            lists: lists.into_boxed_slice(),
            others: others.into_boxed_slice(),
        }
    }

    /// The entries to visit for `action`; `None` means every statement.
    pub(super) fn entries(&self, action: &RequestAction<'_>) -> Option<&[Entry]> {
        action.service()?;
        let list = self
            .hashes
            .binary_search(&action.service_hash())
            .ok()
            .and_then(|at| self.lists.get(at));
        Some(list.unwrap_or(&self.others))
    }
}

/// The statements of a policy that can apply to one action, in source order.
#[derive(Debug, Clone)]
pub struct Candidates<'p> {
    statements: &'p [CompiledStatement],
    /// `None` walks every statement, from `next`.
    entries: Option<std::slice::Iter<'p, Entry>>,
    next: usize,
    /// The [`initials`] of the requested action's name.
    initial: u64,
}

impl<'p> Candidates<'p> {
    pub(super) fn new(
        statements: &'p [CompiledStatement],
        entries: Option<&'p [Entry]>,
        action: &RequestAction<'_>,
    ) -> Self {
        Self {
            statements,
            entries: entries.map(<[Entry]>::iter),
            next: 0,
            initial: action.initials(),
        }
    }
}

impl<'p> Iterator for Candidates<'p> {
    type Item = &'p CompiledStatement;

    fn next(&mut self) -> Option<&'p CompiledStatement> {
        if let Some(entries) = &mut self.entries {
            let initial = self.initial;
            let statements = self.statements;
            entries
                .filter(|entry| entry.initials & initial != 0)
                .find_map(|entry| statements.get(entry.position))
        } else {
            let statement = self.statements.get(self.next)?;
            self.next += 1;
            Some(statement)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::compile::{CompiledPolicy, PolicySource, SourceType};
    use crate::matching::RequestAction;
    use crate::parse::PolicyKind;

    fn policy(actions: &[&str]) -> CompiledPolicy {
        let statements: Vec<String> = actions
            .iter()
            .map(|action| format!(r#"{{"Effect":"Allow",{action},"Resource":"*"}}"#))
            .collect();
        let text = format!(r#"{{"Statement":[{}]}}"#, statements.join(","));
        let source = PolicySource {
            id: "p".to_owned(),
            source_type: SourceType::None,
        };
        CompiledPolicy::compile(&text, PolicyKind::Identity, source).unwrap_or_else(|error| {
            unreachable!("{error}: {text}");
        })
    }

    /// Source positions of the candidates for `action`.
    fn visited(policy: &CompiledPolicy, action: &str) -> Vec<usize> {
        policy
            .candidates(&RequestAction::new(action))
            .map(|candidate| {
                policy
                    .statements()
                    .iter()
                    .position(|statement| std::ptr::eq(statement, candidate))
                    .unwrap_or(usize::MAX)
            })
            .collect()
    }

    #[test]
    fn visits_the_service_and_the_unbounded_statements_in_source_order() {
        let policy = policy(&[
            r#""Action":"s3:Get*""#,
            r#""Action":["iam:List*","S3:Put*"]"#,
            r#""Action":"*""#,
            r#""NotAction":"s3:*""#,
            r#""Action":["sqs:*","s3*:x"]"#,
            r#""Action":"IAM:GetUser""#,
        ]);
        assert_eq!(visited(&policy, "s3:GetObject"), [0, 2, 3, 4]);
        assert_eq!(visited(&policy, "S3:getObject"), [0, 2, 3, 4]);
        assert_eq!(visited(&policy, "s3:PutObject"), [1, 2, 3, 4]);
        assert_eq!(visited(&policy, "iam:GetUser"), [2, 3, 4, 5]);
        assert_eq!(visited(&policy, "iam:listUsers"), [1, 2, 3, 4]);
        assert_eq!(visited(&policy, "ec2:RunInstances"), [2, 3, 4]);
        // Nothing can be told from a non-ASCII prefix (`K` lowercases to `k`) or a missing one.
        assert_eq!(visited(&policy, "\u{212A}ms:Decrypt"), [0, 1, 2, 3, 4, 5]);
        assert_eq!(visited(&policy, "s3"), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn finds_each_of_many_services() {
        let actions: Vec<String> = (0..40)
            .map(|n| format!(r#""Action":"svc{n}:Get*""#))
            .collect();
        let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
        let policy = policy(&actions);
        for n in 0..40 {
            assert_eq!(visited(&policy, &format!("SVC{n}:GetThing")), [n]);
        }
        assert!(visited(&policy, "svc40:GetThing").is_empty());
    }

    #[test]
    fn initials_rule_out_other_action_names_of_the_service() {
        let policy = policy(&[
            r#""Action":"s3:Get*""#,
            r#""Action":["s3:List*","s3:Put*"]"#,
            r#""Action":"s3:*Object""#,
            r#""Action":"s3:?etObject""#,
            r#""Action":"s3:""#,
        ]);
        assert_eq!(visited(&policy, "s3:ListBucket"), [1, 2, 3, 4]);
        assert_eq!(visited(&policy, "s3:putObject"), [1, 2, 3, 4]);
        assert_eq!(visited(&policy, "s3:GetObject"), [0, 2, 3, 4]);
        assert_eq!(visited(&policy, "s3:DeleteObject"), [2, 3, 4]);
        // An empty or non-ASCII initial rules nothing out.
        assert_eq!(visited(&policy, "s3:"), [0, 1, 2, 3, 4]);
        assert_eq!(visited(&policy, "s3:\u{212A}ey"), [0, 1, 2, 3, 4]);
        assert!(visited(&policy, "iam:GetUser").is_empty());
    }
}
