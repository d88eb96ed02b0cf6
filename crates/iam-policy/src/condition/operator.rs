//! Condition operator names: `[ForAnyValue:|ForAllValues:]Name[IfExists]`.
//!
//! Names are case-sensitive: IAM refuses `stringEquals` with "Invalid Condition type :
//! stringEquals". `IfExists` goes with every operator but `Null`
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).
//! AWS does not say whether `ForAnyValue:`/`ForAllValues:` go with `Null`; they are accepted and
//! change nothing, `Null` testing the key's presence, not its values.

/// A set operator qualifying a condition operator, for multivalued context keys
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOperator {
    /// `ForAnyValue:`: at least one request value satisfies the operator.
    ForAnyValue,
    /// `ForAllValues:`: every request value satisfies the operator (true for no values).
    ForAllValues,
}

/// A condition operator without its set operator and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseOperator {
    /// `StringEquals`: exact, case-sensitive.
    StringEquals,
    /// `StringNotEquals`.
    StringNotEquals,
    /// `StringEqualsIgnoreCase`.
    StringEqualsIgnoreCase,
    /// `StringNotEqualsIgnoreCase`.
    StringNotEqualsIgnoreCase,
    /// `StringLike`: case-sensitive with `*` and `?`.
    StringLike,
    /// `StringNotLike`.
    StringNotLike,
    /// `NumericEquals`.
    NumericEquals,
    /// `NumericNotEquals`.
    NumericNotEquals,
    /// `NumericLessThan`.
    NumericLessThan,
    /// `NumericLessThanEquals`.
    NumericLessThanEquals,
    /// `NumericGreaterThan`.
    NumericGreaterThan,
    /// `NumericGreaterThanEquals`.
    NumericGreaterThanEquals,
    /// `DateEquals`.
    DateEquals,
    /// `DateNotEquals`.
    DateNotEquals,
    /// `DateLessThan`.
    DateLessThan,
    /// `DateLessThanEquals`.
    DateLessThanEquals,
    /// `DateGreaterThan`.
    DateGreaterThan,
    /// `DateGreaterThanEquals`.
    DateGreaterThanEquals,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    BinaryEquals,
    /// `IpAddress`.
    IpAddress,
    /// `NotIpAddress`.
    NotIpAddress,
    /// `ArnEquals` (behaves as `ArnLike`).
    ArnEquals,
    /// `ArnLike`.
    ArnLike,
    /// `ArnNotEquals` (behaves as `ArnNotLike`).
    ArnNotEquals,
    /// `ArnNotLike`.
    ArnNotLike,
    /// `Null`: whether the key is absent.
    Null,
}

/// Every operator name with its meaning.
const NAMES: [(&str, BaseOperator); 27] = [
    ("StringEquals", BaseOperator::StringEquals),
    ("StringNotEquals", BaseOperator::StringNotEquals),
    (
        "StringEqualsIgnoreCase",
        BaseOperator::StringEqualsIgnoreCase,
    ),
    (
        "StringNotEqualsIgnoreCase",
        BaseOperator::StringNotEqualsIgnoreCase,
    ),
    ("StringLike", BaseOperator::StringLike),
    ("StringNotLike", BaseOperator::StringNotLike),
    ("NumericEquals", BaseOperator::NumericEquals),
    ("NumericNotEquals", BaseOperator::NumericNotEquals),
    ("NumericLessThan", BaseOperator::NumericLessThan),
    ("NumericLessThanEquals", BaseOperator::NumericLessThanEquals),
    ("NumericGreaterThan", BaseOperator::NumericGreaterThan),
    (
        "NumericGreaterThanEquals",
        BaseOperator::NumericGreaterThanEquals,
    ),
    ("DateEquals", BaseOperator::DateEquals),
    ("DateNotEquals", BaseOperator::DateNotEquals),
    ("DateLessThan", BaseOperator::DateLessThan),
    ("DateLessThanEquals", BaseOperator::DateLessThanEquals),
    ("DateGreaterThan", BaseOperator::DateGreaterThan),
    ("DateGreaterThanEquals", BaseOperator::DateGreaterThanEquals),
    ("Bool", BaseOperator::Bool),
    ("BinaryEquals", BaseOperator::BinaryEquals),
    ("IpAddress", BaseOperator::IpAddress),
    ("NotIpAddress", BaseOperator::NotIpAddress),
    ("ArnEquals", BaseOperator::ArnEquals),
    ("ArnLike", BaseOperator::ArnLike),
    ("ArnNotEquals", BaseOperator::ArnNotEquals),
    ("ArnNotLike", BaseOperator::ArnNotLike),
    ("Null", BaseOperator::Null),
];

impl BaseOperator {
    /// The operator's name.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, operator)| *operator == self)
            .map_or("", |(name, _)| name)
    }

    /// True for the negated operators, which hold when no policy value matches a request value
    /// (`StringNotEquals`, `StringNotEqualsIgnoreCase`, `StringNotLike`, `NumericNotEquals`,
    /// `DateNotEquals`, `NotIpAddress`, `ArnNotEquals`, `ArnNotLike`).
    pub fn negated(self) -> bool {
        matches!(
            self,
            Self::StringNotEquals
                | Self::StringNotEqualsIgnoreCase
                | Self::StringNotLike
                | Self::NumericNotEquals
                | Self::DateNotEquals
                | Self::NotIpAddress
                | Self::ArnNotEquals
                | Self::ArnNotLike
        )
    }
}

/// A whole condition operator as written in a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// `ForAnyValue:` or `ForAllValues:`, if written.
    pub set: Option<SetOperator>,
    /// The operator proper.
    pub base: BaseOperator,
    /// The `IfExists` suffix: a missing key makes the condition true.
    pub if_exists: bool,
}

impl Operator {
    /// Reads an operator name; `None` for a name IAM does not know.
    pub fn parse(name: &str) -> Option<Self> {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Some(SetOperator::ForAnyValue), rest)
        } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Some(SetOperator::ForAllValues), rest)
        } else {
            (None, name)
        };
        let (rest, if_exists) = match rest.strip_suffix("IfExists") {
            Some(rest) => (rest, true),
            None => (rest, false),
        };
        let base = NAMES
            .iter()
            .find(|(candidate, _)| *candidate == rest)
            .map(|&(_, base)| base)?;
        if if_exists && base == BaseOperator::Null {
            return None;
        }
        Some(Self {
            set,
            base,
            if_exists,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{BaseOperator, NAMES, Operator, SetOperator};

    #[test]
    fn reads_every_name_with_prefixes_and_suffix() {
        for (name, base) in NAMES {
            assert_eq!(base.name(), name);
            for (prefix, set) in [
                ("", None),
                ("ForAnyValue:", Some(SetOperator::ForAnyValue)),
                ("ForAllValues:", Some(SetOperator::ForAllValues)),
            ] {
                let plain = Operator::parse(&format!("{prefix}{name}"));
                assert_eq!(
                    plain,
                    Some(Operator {
                        set,
                        base,
                        if_exists: false
                    })
                );
                let if_exists = Operator::parse(&format!("{prefix}{name}IfExists"));
                if base == BaseOperator::Null {
                    assert_eq!(if_exists, None);
                } else {
                    assert_eq!(if_exists.map(|o| o.if_exists), Some(true));
                }
            }
        }
    }

    #[test]
    fn refuses_unknown_names() {
        for name in [
            "",
            "stringEquals",
            "STRINGEQUALS",
            "StringMatch",
            "x",
            "IfExists",
            "StringEqualsIfExistsIfExists",
            "ForAnyValue::StringEquals",
            "ForAnyValue:",
            "foranyvalue:StringEquals",
            "ForAnyValue:ForAllValues:StringEquals",
            "NullIfExists",
            "BinaryNotEquals",
            " StringEquals",
        ] {
            assert_eq!(Operator::parse(name), None, "{name}");
        }
    }

    #[test]
    fn negated_operators() {
        let negated: Vec<_> = NAMES
            .iter()
            .filter(|(_, base)| base.negated())
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(
            negated,
            [
                "StringNotEquals",
                "StringNotEqualsIgnoreCase",
                "StringNotLike",
                "NumericNotEquals",
                "DateNotEquals",
                "NotIpAddress",
                "ArnNotEquals",
                "ArnNotLike"
            ]
        );
    }
}
