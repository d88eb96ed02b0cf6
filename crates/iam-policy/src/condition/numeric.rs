//! Numeric operators: "comparing a key to an integer or decimal value"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric>).
//!
//! Numbers are compared exactly as decimals (no floating point): `10`, `-3`, `0.5`, `+7`, `.5`,
//! `5.` and an exponent (`1e3`, JSON numbers keep their text) are read; anything else in a
//! policy is refused, and a request value that is no number satisfies no comparison. AWS does
//! not list the accepted forms; these are what a Java decimal parser reads.

use std::cmp::Ordering;

/// The relation a numeric or date operator tests, request value on the left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    /// `...Equals` (and, negated, `...NotEquals`).
    Equals,
    /// `...LessThan`.
    LessThan,
    /// `...LessThanEquals`.
    LessThanEquals,
    /// `...GreaterThan`.
    GreaterThan,
    /// `...GreaterThanEquals`.
    GreaterThanEquals,
}

impl Relation {
    /// Whether the relation holds for `request.cmp(policy) == ordering`.
    pub(super) fn holds(self, ordering: Ordering) -> bool {
        match self {
            Self::Equals => ordering.is_eq(),
            Self::LessThan => ordering.is_lt(),
            Self::LessThanEquals => ordering.is_le(),
            Self::GreaterThan => ordering.is_gt(),
            Self::GreaterThanEquals => ordering.is_ge(),
        }
    }
}

/// The policy values of one numeric condition, parsed at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NumericTest {
    relation: Relation,
    values: Vec<Number>,
}

/// A number in normal form: `0.digits × 10^point`, without leading or trailing zeros in
/// `digits` (empty for zero).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Number {
    negative: bool,
    digits: String,
    point: i64,
}

impl NumericTest {
    /// Parses every policy value; `None` when one is no number.
    pub(super) fn compile<'a>(
        relation: Relation,
        values: impl Iterator<Item = &'a str>,
    ) -> Option<Self> {
        let values = values
            .map(|text| {
                let view = View::parse(text)?;
                let digits: String = view.significant().map(char::from).collect();
                let digits = digits.trim_end_matches('0').to_owned();
                Some(Number {
                    negative: view.negative && !digits.is_empty(),
                    point: view.point,
                    digits,
                })
            })
            .collect::<Option<_>>()?;
        Some(Self { relation, values })
    }

    /// Whether `request` stands in the relation to at least one policy value.
    pub(super) fn matches(&self, request: &str) -> bool {
        let Some(request) = View::parse(request) else {
            return false;
        };
        self.values.iter().any(|value| {
            let policy = View {
                negative: value.negative,
                integer: &value.digits,
                fraction: "",
                point: value.point,
            };
            self.relation.holds(compare(&request, &policy))
        })
    }
}

/// A number as written, read without allocating: `±(integer.fraction) × 10^exponent`, held as
/// the significant digits of `integer` then `fraction` and the decimal point's place.
#[derive(Debug, Clone, Copy)]
struct View<'a> {
    negative: bool,
    integer: &'a str,
    fraction: &'a str,
    /// The value is `0.d1d2… × 10^point`, `d1` being the first significant digit.
    point: i64,
}

impl<'a> View<'a> {
    fn parse(text: &'a str) -> Option<Self> {
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (unsigned.get(..at)?, exponent(unsigned.get(at + 1..)?)?),
            None => (unsigned, 0),
        };
        let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if (integer.is_empty() && fraction.is_empty())
            || !all_digits(integer)
            || !all_digits(fraction)
        {
            return None;
        }
        let mut view = Self {
            negative,
            integer,
            fraction,
            point: 0,
        };
        let leading = i64::try_from(view.digits().take_while(|&b| b == b'0').count()).ok()?;
        let integer_len = i64::try_from(integer.len()).ok()?;
        view.point = integer_len.checked_add(exponent)?.checked_sub(leading)?;
        Some(view)
    }

    fn digits(&self) -> impl Iterator<Item = u8> + Clone + 'a {
        self.integer.bytes().chain(self.fraction.bytes())
    }

    /// The digits from the first non-zero one (trailing zeros included).
    fn significant(&self) -> impl Iterator<Item = u8> + Clone + 'a {
        self.digits().skip_while(|&b| b == b'0')
    }

    fn is_zero(&self) -> bool {
        self.significant().next().is_none()
    }
}

/// A signed exponent; bounded so that arithmetic on the point cannot overflow.
fn exponent(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.strip_prefix('+').unwrap_or(text).parse().ok()
}

/// Compares two numbers exactly.
fn compare(a: &View<'_>, b: &View<'_>) -> Ordering {
    let (a_zero, b_zero) = (a.is_zero(), b.is_zero());
    let a_negative = a.negative && !a_zero;
    let b_negative = b.negative && !b_zero;
    if a_negative != b_negative {
        return if a_negative {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let magnitude = match (a_zero, b_zero) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.point.cmp(&b.point).then_with(|| {
            // Same point: compare digit by digit, the shorter padded with zeros.
            let mut left = a.significant();
            let mut right = b.significant();
            loop {
                match (left.next(), right.next()) {
                    (None, None) => break Ordering::Equal,
                    (l, r) => match l.unwrap_or(b'0').cmp(&r.unwrap_or(b'0')) {
                        Ordering::Equal => {}
                        unequal => break unequal,
                    },
                }
            }
        }),
    };
    if a_negative {
        magnitude.reverse()
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::{NumericTest, Relation, View, compare};
    use std::cmp::Ordering;

    fn is_number(text: &str) -> bool {
        View::parse(text).is_some()
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&View::parse(a).unwrap(), &View::parse(b).unwrap())
    }

    #[test]
    fn reads_integers_decimals_and_exponents() {
        for text in [
            "0", "10", "-3", "+7", "0.5", ".5", "5.", "1e3", "1E-3", "-2.5e+2", "007", "1.000",
        ] {
            assert!(is_number(text), "{text}");
        }
        for text in [
            "",
            "-",
            "+",
            ".",
            "e3",
            "1e",
            "1e+",
            "1.2.3",
            "1,5",
            " 1",
            "1 ",
            "0x10",
            "NaN",
            "Infinity",
            "1e1234567890",
            "--1",
            "${aws:x}",
            "ten",
        ] {
            assert!(!is_number(text), "{text}");
        }
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(cmp("10", "10.0"), Ordering::Equal);
        assert_eq!(cmp("0", "-0.000"), Ordering::Equal);
        assert_eq!(cmp("1e3", "1000"), Ordering::Equal);
        assert_eq!(cmp("0.001", "1e-3"), Ordering::Equal);
        assert_eq!(cmp("9", "10"), Ordering::Less);
        assert_eq!(cmp("-9", "-10"), Ordering::Greater);
        assert_eq!(cmp("-0.5", "0"), Ordering::Less);
        assert_eq!(cmp("0.25", "0.3"), Ordering::Less);
        assert_eq!(cmp("100", "99.999"), Ordering::Greater);
        // Beyond f64's exact integers.
        assert_eq!(
            cmp("9007199254740993", "9007199254740992"),
            Ordering::Greater
        );
        assert_eq!(
            cmp("12345678901234567890123", "12345678901234567890124"),
            Ordering::Less
        );
    }

    #[test]
    fn relations_put_the_request_on_the_left() {
        // Doc example: "NumericLessThanEquals": {"s3:max-keys": "10"} allows up to 10 keys.
        let test = NumericTest::compile(Relation::LessThanEquals, ["10"].into_iter()).unwrap();
        assert!(test.matches("10"));
        assert!(test.matches("9"));
        assert!(test.matches("-1"));
        assert!(!test.matches("11"));
        assert!(!test.matches("10.5"));
        assert!(!test.matches("ten"));
        let less = NumericTest::compile(Relation::LessThan, ["10"].into_iter()).unwrap();
        assert!(!less.matches("10"));
        let greater = NumericTest::compile(Relation::GreaterThan, ["10"].into_iter()).unwrap();
        assert!(greater.matches("10.01") && !greater.matches("10"));
        let at_least =
            NumericTest::compile(Relation::GreaterThanEquals, ["10"].into_iter()).unwrap();
        assert!(at_least.matches("10") && !at_least.matches("9.99"));
        let equals = NumericTest::compile(Relation::Equals, ["1", "2.0"].into_iter()).unwrap();
        assert!(equals.matches("2") && equals.matches("1.00") && !equals.matches("3"));
        assert!(NumericTest::compile(Relation::Equals, ["x"].into_iter()).is_none());
    }
}
