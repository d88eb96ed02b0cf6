//! Fuzzes the policy parser and compiler: arbitrary text as a policy of every kind. Each call
//! must return a compiled policy or a MalformedPolicyDocument error, never panic or hang.
#![no_main]

use iam_policy::parse::PolicyKind;
use iam_policy::{CompiledPolicy, PolicySource, SourceType};
use libfuzzer_sys::fuzz_target;

const KINDS: [PolicyKind; 7] = [
    PolicyKind::Identity,
    PolicyKind::Resource,
    PolicyKind::Trust,
    PolicyKind::PermissionsBoundary,
    PolicyKind::Session,
    PolicyKind::Scp,
    PolicyKind::Rcp,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let kind = KINDS[usize::from(selector) % KINDS.len()];
    let source = PolicySource {
        id: "fuzz".to_owned(),
        source_type: SourceType::None,
    };
    let _ = CompiledPolicy::compile(text, kind, source);
});
