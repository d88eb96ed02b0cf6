//! Condition blocks compiled once and evaluated against a request context.
//!
//! A statement's `Condition` holds when every entry (operator and key) holds: AND across
//! operators and keys, OR across the values of one key
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>).
//! Keys compare case-insensitively; values as each operator says.
//!
//! A request value *matches* when it satisfies the operator for some policy value; a negated
//! operator (`StringNotEquals`, `StringNotEqualsIgnoreCase`, `StringNotLike`,
//! `NumericNotEquals`, `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`) asks for
//! a value that matches none. Per entry, with the key's values present, missing, or an empty
//! set (which counts as missing):
//!
//! | operator                        | present: holds when            | missing or empty |
//! |---------------------------------|--------------------------------|------------------|
//! | positive                        | some value matches             | false            |
//! | negated                         | no value matches               | true             |
//! | `ForAnyValue:` positive         | some value matches             | false            |
//! | `ForAnyValue:` negated          | some value matches nothing     | false            |
//! | `ForAllValues:` positive        | every value matches            | true             |
//! | `ForAllValues:` negated         | no value matches               | true             |
//! | any of these `...IfExists`      | as without `IfExists`          | true             |
//! | `Null` `true` / `false`         | false / true                   | true / false     |
//!
//! A policy value whose variable has neither a value nor a default matches no request value
//! (so negated operators hold), as "Policy variables with no value" documents
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>).
//!
//! Everything a policy value needs is read at compile time (numbers, dates, CIDR blocks,
//! booleans, base64, wildcard patterns, variables); an operator IAM does not know, or a value
//! its operator cannot read, is a `MalformedPolicyDocument` error then, never a silent true or
//! false. Evaluation reads request values as it goes and never allocates.
//!
//! Policy variables are resolved in the values of the string and ARN operators (as AWS
//! documents) and of Bool (which the operators page also allows). In the values of the other
//! operators `${...}` is literal text, which none of them reads, so it is refused.

mod arn;
mod binary;
mod boolean;
mod date;
mod ip;
mod numeric;
mod operator;
mod sets;
mod string;
#[cfg(test)]
mod tests;

pub use operator::{BaseOperator, Operator, SetOperator};

use std::ops::Range;

use crate::context::Context;
use crate::parse::{Condition, ConditionView, Conditions, ParseError, Version};
use crate::variables::Template;

use arn::ArnTest;
use binary::BinaryTest;
use boolean::{BoolTest, NullTest};
use date::DateTest;
use ip::IpTest;
use numeric::{NumericTest, Relation};
use sets::Quantifier;
use string::{Comparison, StringTest};

/// IAM's answer to an unknown condition operator, followed by the operator as written
/// ("Invalid Condition type : stringEquals", as IAM answered CreateRole).
pub const INVALID_CONDITION_TYPE: &str = "Invalid Condition type : ";
/// IAM's answer to a condition value its operator cannot read. Observed for dates
/// (`"DateGreaterThan": {"a": "sdfdsf"}`); assumed for numbers, IP addresses, booleans and
/// base64, where AWS's text is not known.
pub const LEGACY_PARSING: &str = "The policy failed legacy parsing";

/// A statement's whole `Condition` element: every entry must hold (AND).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConditionBlock {
    /// The keys as written and the string operators' plain values, one after another: one
    /// allocation for the block instead of one per key and value. Entries hold ranges of it.
    text: String,
    entries: Vec<Entry>,
}

/// One operator/key pair.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// The key as written, for explanations: a range of the block's text.
    key: Range<usize>,
    /// The key lowercased, for [`Context::get_lowercase`]: a string of its own, read on the
    /// hot path without slicing.
    lowercase: Box<str>,
    quantifier: Quantifier,
    test: Test,
}

/// The policy values of an entry, ready for its operator.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    String(StringTest),
    Numeric(NumericTest),
    Date(DateTest),
    Bool(BoolTest),
    Binary(BinaryTest),
    Ip(IpTest),
    Arn(ArnTest),
    Null(NullTest),
}

impl ConditionBlock {
    /// Compiles the parsed entries of one statement; an unknown operator or a value the operator
    /// cannot read is a `MalformedPolicyDocument` error.
    pub fn compile(conditions: &[Condition], version: Option<Version>) -> Result<Self, ParseError> {
        Self::from_views(Conditions::Owned(conditions), version)
    }

    /// [`ConditionBlock::compile`] on a checked Condition element.
    pub(crate) fn from_views(
        conditions: Conditions,
        version: Option<Version>,
    ) -> Result<Self, ParseError> {
        // Room for every key twice and every value: more than the keys and string values need.
        let mut text = String::with_capacity(conditions.text_len());
        let mut entries = Vec::with_capacity(conditions.len());
        for condition in conditions.iter() {
            entries.push(Entry::compile(condition, version, &mut text)?);
        }
        Ok(Self { text, entries })
    }

    /// True when the block has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether every entry holds in `context`. `missing` is called with the key (as written in
    /// the policy) of each entry whose key was absent from the context, and with the name of
    /// each variable in a value that had neither a value nor a default. Every entry is
    /// evaluated, so that all missing keys are reported; [`ConditionBlock::matches`] stops at
    /// the first entry that fails.
    pub fn evaluate(&self, context: &Context, missing: &mut dyn FnMut(&str)) -> bool {
        let mut holds = true;
        for entry in &self.entries {
            entry.report_missing(context, missing, &self.text);
            holds &= entry.holds(context, &self.text);
        }
        holds
    }

    /// Whether every entry holds in `context`, without reporting missing keys.
    pub fn matches(&self, context: &Context) -> bool {
        self.entries
            .iter()
            .all(|entry| entry.holds(context, &self.text))
    }

    /// The condition keys the block tests, as written, in source order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.key(&self.text))
    }

    /// Calls `referenced` with each key the block tests and each policy variable without a
    /// default in its values, as written, in source order (GetContextKeysFor*Policy's list).
    pub fn referenced_keys(&self, referenced: &mut dyn FnMut(&str)) {
        let empty = Context::new();
        for entry in &self.entries {
            referenced(entry.key(&self.text));
            entry.test.report_missing_variables(&empty, referenced);
        }
    }
}

impl Entry {
    /// Compiles one entry, writing its key and string values to the block's text (`block`).
    fn compile(
        condition: ConditionView,
        version: Option<Version>,
        block: &mut String,
    ) -> Result<Self, ParseError> {
        let ConditionView {
            operator: name,
            key: key_text,
            values,
            span,
        } = condition;
        let Some(operator) = Operator::parse(name) else {
            return Err(ParseError::new(
                &format!("{INVALID_CONDITION_TYPE}{name}"),
                Some(span),
            ));
        };
        let unreadable = || ParseError::new(LEGACY_PARSING, Some(span));
        let mut string = |comparison| {
            Test::String(StringTest::compile(
                comparison,
                values.iter(),
                version,
                block,
            ))
        };
        let numeric = |relation| NumericTest::compile(relation, values.iter()).map(Test::Numeric);
        let date = |relation| DateTest::compile(relation, values.iter()).map(Test::Date);
        let test = match operator.base {
            BaseOperator::StringEquals | BaseOperator::StringNotEquals => {
                Some(string(Comparison::Exact))
            }
            BaseOperator::StringEqualsIgnoreCase | BaseOperator::StringNotEqualsIgnoreCase => {
                Some(string(Comparison::IgnoreCase))
            }
            BaseOperator::StringLike | BaseOperator::StringNotLike => {
                Some(string(Comparison::Like))
            }
            BaseOperator::NumericEquals | BaseOperator::NumericNotEquals => {
                numeric(Relation::Equals)
            }
            BaseOperator::NumericLessThan => numeric(Relation::LessThan),
            BaseOperator::NumericLessThanEquals => numeric(Relation::LessThanEquals),
            BaseOperator::NumericGreaterThan => numeric(Relation::GreaterThan),
            BaseOperator::NumericGreaterThanEquals => numeric(Relation::GreaterThanEquals),
            BaseOperator::DateEquals | BaseOperator::DateNotEquals => date(Relation::Equals),
            BaseOperator::DateLessThan => date(Relation::LessThan),
            BaseOperator::DateLessThanEquals => date(Relation::LessThanEquals),
            BaseOperator::DateGreaterThan => date(Relation::GreaterThan),
            BaseOperator::DateGreaterThanEquals => date(Relation::GreaterThanEquals),
            BaseOperator::Bool => BoolTest::compile(values.iter(), version).map(Test::Bool),
            BaseOperator::BinaryEquals => BinaryTest::compile(values.iter()).map(Test::Binary),
            BaseOperator::IpAddress | BaseOperator::NotIpAddress => {
                IpTest::compile(values.iter()).map(Test::Ip)
            }
            BaseOperator::ArnEquals
            | BaseOperator::ArnLike
            | BaseOperator::ArnNotEquals
            | BaseOperator::ArnNotLike => Some(Test::Arn(ArnTest::compile(values.iter(), version))),
            BaseOperator::Null => NullTest::compile(values.iter()).map(Test::Null),
        };
        let start = block.len();
        block.push_str(key_text);
        let key = start..block.len();
        let lowercase = if key_text.is_ascii() {
            key_text.to_ascii_lowercase()
        } else {
            key_text.to_lowercase()
        }
        .into_boxed_str();
        Ok(Self {
            key,
            lowercase,
            quantifier: Quantifier {
                set: operator.set,
                negated: operator.base.negated(),
                if_exists: operator.if_exists,
            },
            test: test.ok_or_else(unreadable)?,
        })
    }

    /// The key as written; `block` is the block's text.
    fn key<'a>(&self, block: &'a str) -> &'a str {
        block.get(self.key.clone()).unwrap_or_default()
    }

    /// Reports the entry's key if the context lacks it, and the variables of its values that
    /// have neither a value nor a default.
    fn report_missing(&self, context: &Context, missing: &mut dyn FnMut(&str), block: &str) {
        if context.get_lowercase(&self.lowercase).is_none() {
            missing(self.key(block));
        }
        self.test.report_missing_variables(context, missing);
    }

    fn holds(&self, context: &Context, block: &str) -> bool {
        let values = context
            .get_lowercase(&self.lowercase)
            .map_or(&[][..], |value| value.values());
        if let Test::Null(null) = &self.test {
            return null.holds(values.is_empty());
        }
        if values.is_empty() {
            return self.quantifier.absent();
        }
        self.quantifier
            .present(values, |request| self.test.matches(request, context, block))
    }
}

impl Test {
    /// Whether one request value matches at least one policy value.
    fn matches(&self, request: &str, context: &Context, block: &str) -> bool {
        match self {
            Self::String(test) => test.matches(request, context, block),
            Self::Numeric(test) => test.matches(request),
            Self::Date(test) => test.matches(request),
            Self::Bool(test) => test.matches(request, context),
            Self::Binary(test) => test.matches(request),
            Self::Ip(test) => test.matches(request),
            Self::Arn(test) => test.matches(request, context),
            Self::Null(_) => false,
        }
    }

    /// Reports the variables of the policy values that have neither a value nor a default.
    fn report_missing_variables(&self, context: &Context, missing: &mut dyn FnMut(&str)) {
        let mut report = |template: &Template| template.missing_variables(context, missing);
        match self {
            Self::String(test) => test.templates().for_each(&mut report),
            Self::Bool(test) => test.templates().for_each(&mut report),
            Self::Arn(test) => test.templates().for_each(&mut report),
            Self::Numeric(_) | Self::Date(_) | Self::Binary(_) | Self::Ip(_) | Self::Null(_) => {}
        }
    }
}
