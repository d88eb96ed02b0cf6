//! How one condition entry combines the request's values of its key with the policy's values:
//! set operators, negation, `IfExists` and missing keys.
//!
//! AWS's rules:
//!
//! - Policy values of one key are ORed: a request value *matches* when it satisfies the operator
//!   for at least one policy value. A negated operator (`StringNotEquals`, `NotIpAddress`...)
//!   holds for a request value that matches none of them (NOR)
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html>).
//! - Without a set operator, the condition holds when some request value matches; negated, when
//!   no request value matches. A single-valued key is a set of one.
//! - `ForAnyValue:` holds when at least one request value satisfies the operator (for a negated
//!   operator: matches no policy value); `ForAllValues:` when every request value does
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>).
//! - A missing key: "If the key that you specify in a policy condition is not present in the
//!   request context, the values do not match and the condition is false. If the policy
//!   condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and
//!   the right key is not present, the condition is true"
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).
//!   `ForAllValues:` "also returns true if there are no context keys in the request"; for
//!   `ForAnyValue:` "if the key does not exist, the condition returns false", negated or not
//!   (ForAnyValue needs one request value). `...IfExists` makes a missing key true.
//! - A key whose value is an empty set counts as missing: AWS says `ForAllValues:` is true when
//!   "the context key value resolves to a null dataset", and `Null` is the documented guard
//!   against "context keys with empty values"
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html>).
//!   Every other rule above gives the same answer for an empty set and a missing key.

use super::operator::SetOperator;

/// How an entry treats its key's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Quantifier {
    /// `ForAnyValue:`/`ForAllValues:`, if written.
    pub(super) set: Option<SetOperator>,
    /// The operator is negated.
    pub(super) negated: bool,
    /// The `IfExists` suffix.
    pub(super) if_exists: bool,
}

impl Quantifier {
    /// The condition's value when the key is missing or its value is an empty set.
    pub(super) fn absent(self) -> bool {
        if self.if_exists {
            return true;
        }
        match self.set {
            Some(SetOperator::ForAllValues) => true,
            Some(SetOperator::ForAnyValue) => false,
            None => self.negated,
        }
    }

    /// The condition's value for the request values `values` (not empty), `matches` telling
    /// whether one request value matches at least one policy value.
    pub(super) fn present(self, values: &[String], mut matches: impl FnMut(&str) -> bool) -> bool {
        let mut satisfies = |value: &String| matches(value) != self.negated;
        // Without a set operator: some value matches, or, negated, no value matches (every
        // value satisfies the negation).
        let every = match self.set {
            Some(SetOperator::ForAllValues) => true,
            Some(SetOperator::ForAnyValue) => false,
            None => self.negated,
        };
        if every {
            values.iter().all(&mut satisfies)
        } else {
            values.iter().any(&mut satisfies)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Quantifier, SetOperator};

    type Matches = fn(&str) -> bool;

    fn quantifier(set: Option<SetOperator>, negated: bool, if_exists: bool) -> Quantifier {
        Quantifier {
            set,
            negated,
            if_exists,
        }
    }

    #[test]
    fn missing_or_empty_key_table() {
        // (set, negated) -> value with the key absent, without IfExists.
        let expected = [
            ((None, false), false),
            ((None, true), true),
            ((Some(SetOperator::ForAnyValue), false), false),
            ((Some(SetOperator::ForAnyValue), true), false),
            ((Some(SetOperator::ForAllValues), false), true),
            ((Some(SetOperator::ForAllValues), true), true),
        ];
        for ((set, negated), value) in expected {
            assert_eq!(
                quantifier(set, negated, false).absent(),
                value,
                "{set:?} {negated}"
            );
            assert!(
                quantifier(set, negated, true).absent(),
                "{set:?} {negated} IfExists"
            );
        }
    }

    #[test]
    fn present_values_table() {
        let values: Vec<String> = ["a", "b"].map(str::to_owned).to_vec();
        // Which request values match a policy value: none, some ("a"), all.
        let cases: [(&str, Matches); 3] = [
            ("none", |_| false),
            ("some", |v| v == "a"),
            ("all", |_| true),
        ];
        let expected = [
            // (set, negated): [none, some, all]
            ((None, false), [false, true, true]),
            ((None, true), [true, false, false]),
            ((Some(SetOperator::ForAnyValue), false), [false, true, true]),
            ((Some(SetOperator::ForAnyValue), true), [true, true, false]),
            (
                (Some(SetOperator::ForAllValues), false),
                [false, false, true],
            ),
            (
                (Some(SetOperator::ForAllValues), true),
                [true, false, false],
            ),
        ];
        for ((set, negated), row) in expected {
            for ((name, matches), value) in cases.iter().zip(row) {
                for if_exists in [false, true] {
                    assert_eq!(
                        quantifier(set, negated, if_exists).present(&values, matches),
                        value,
                        "{set:?} negated={negated} {name}"
                    );
                }
            }
        }
    }
}
