//! Tests of condition blocks, through the policy parser as policies reach them. Each AWS
//! documentation example names its page.

mod errors;
mod families;
mod props;
mod sets;
mod strings;

use super::ConditionBlock;
use crate::context::Context;
use crate::parse::{ParseError, PolicyKind, parse_policy};

/// Compiles the `Condition` element `condition` (JSON) of a 2012-10-17 identity policy.
fn compile(condition: &str) -> Result<ConditionBlock, ParseError> {
    compile_with_version(condition, r#""Version": "2012-10-17","#)
}

/// Compiles `condition` in a policy whose Version member is `version` (possibly empty).
fn compile_with_version(condition: &str, version: &str) -> Result<ConditionBlock, ParseError> {
    let text = format!(
        r#"{{{version} "Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {condition}}}}}"#
    );
    let policy = parse_policy(&text, PolicyKind::Identity)
        .unwrap_or_else(|e| panic!("{text} does not parse: {e}"));
    let statement = policy.statements.first().expect("one statement");
    ConditionBlock::compile(&statement.conditions, policy.version)
}

fn block(condition: &str) -> ConditionBlock {
    compile(condition).unwrap_or_else(|e| panic!("{condition}: {e}"))
}

/// A context from single-valued pairs.
fn context(pairs: &[(&str, &str)]) -> Context {
    let mut context = Context::new();
    for (key, value) in pairs {
        context.insert(key, *value);
    }
    context
}

/// A context with one multivalued key.
fn multi(key: &str, values: &[&str]) -> Context {
    let mut context = Context::new();
    context.insert(
        key,
        values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>(),
    );
    context
}

/// Evaluates `block` in `context`, checking that [`ConditionBlock::matches`] agrees.
fn holds(block: &ConditionBlock, context: &Context) -> bool {
    let evaluated = block.evaluate(context, &mut |_| {});
    assert_eq!(block.matches(context), evaluated);
    evaluated
}

/// The keys `evaluate` reports missing.
fn missing(block: &ConditionBlock, context: &Context) -> Vec<String> {
    let mut keys = Vec::new();
    block.evaluate(context, &mut |key| keys.push(key.to_owned()));
    keys
}
