//! Date operators: values are "W3C implementations of the ISO 8601 date formats" or epoch (UNIX)
//! time in seconds
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date>).
//!
//! IAM's reader is more lenient than the W3C profile; what it accepts was observed against IAM
//! (invalid dates are refused with "The policy failed legacy parsing"): `01T` and
//! `2016-12-13t2:00:00.593194+23` are accepted, `2016-12-13t2:00:00.593194+1` (one-digit
//! offset), `2016-12-13t2:00:00.1999999999+10:59` (ten fraction digits), `234-13` (month 13)
//! and `9223372036854775808` (beyond a 64-bit epoch) are not. So this reads, case-insensitively:
//!
//! - an integer: epoch seconds (tried first, so that `aws:EpochTime` values are times, not
//!   years);
//! - `[±]Y[-M[-D]]` (year of 1 to 9 digits, month and day of 1 or 2), optionally followed by
//!   `T`, an optional time and, after the `T`, an optional offset; or `T` and a time alone (on
//!   1970-01-01);
//! - a time: `h[:m[:s]]` (1 or 2 digits each), the last unit optionally followed by a fraction
//!   of `.` or `,` and 1 to 9 digits;
//! - an offset: `Z`, or `±hh`, `±hh:mm`, `±hhmm`.
//!
//! Times are kept in milliseconds (finer fractions are truncated) in UTC; a time without offset
//! is UTC. Ordinal and week dates are not read.

use super::numeric::Relation;

/// The policy values of one date condition, parsed at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DateTest {
    relation: Relation,
    values: Vec<i128>,
}

impl DateTest {
    /// Parses every policy value; `None` when one is no date.
    pub(super) fn compile<'a>(
        relation: Relation,
        values: impl Iterator<Item = &'a str>,
    ) -> Option<Self> {
        let values = values.map(parse).collect::<Option<_>>()?;
        Some(Self { relation, values })
    }

    /// Whether `request` stands in the relation to at least one policy value.
    pub(super) fn matches(&self, request: &str) -> bool {
        parse(request).is_some_and(|request| {
            self.values
                .iter()
                .any(|value| self.relation.holds(request.cmp(value)))
        })
    }
}

const MILLIS_PER_SECOND: i64 = 1_000;
const MILLIS_PER_MINUTE: i64 = 60 * MILLIS_PER_SECOND;
const MILLIS_PER_HOUR: i64 = 60 * MILLIS_PER_MINUTE;
const MILLIS_PER_DAY: i128 = 24 * 3_600_000;
/// The years a 64-bit millisecond clock covers, as Joda-Time's ISO chronology bounds them.
const YEARS: std::ops::RangeInclusive<i64> = -292_275_054..=292_278_993;

/// Milliseconds since 1970-01-01T00:00:00Z; `None` for text that is no date.
pub(super) fn parse(text: &str) -> Option<i128> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        return Some(i128::from(seconds) * i128::from(MILLIS_PER_SECOND));
    }
    iso(text)
}

fn iso(text: &str) -> Option<i128> {
    let mut reader = Reader { rest: text };
    let (year, month, day) = if reader.peek().is_some_and(|c| c.eq_ignore_ascii_case(&'T')) {
        (1970, 1, 1)
    } else {
        let negative = reader.eat('-');
        if !negative {
            reader.eat('+');
        }
        let year = reader.number(1, 9)?;
        let year = if negative { -year } else { year };
        let mut month = 1;
        let mut day = 1;
        if reader.eat('-') {
            month = reader.number(1, 2)?;
            if reader.eat('-') {
                day = reader.number(1, 2)?;
            }
        }
        (year, month, day)
    };
    let mut millis = 0;
    let mut offset = 0;
    if reader.eat_ignore_case('T') {
        if reader.peek().is_some_and(|c| c.is_ascii_digit()) {
            millis = time(&mut reader)?;
        }
        offset = zone_offset(&mut reader)?;
    }
    if !reader.rest.is_empty()
        || !YEARS.contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
    {
        return None;
    }
    let days = i128::from(days_from_civil(year, month, day));
    Some(days * MILLIS_PER_DAY + i128::from(millis) - i128::from(offset))
}

/// `h[:m[:s]]` with an optional fraction of the last unit, in milliseconds.
fn time(reader: &mut Reader<'_>) -> Option<i64> {
    let hour = reader.number(1, 2)?;
    if hour > 23 {
        return None;
    }
    let mut millis = hour * MILLIS_PER_HOUR;
    let mut unit = MILLIS_PER_HOUR;
    if reader.eat(':') {
        let minute = reader.number(1, 2)?;
        if minute > 59 {
            return None;
        }
        millis += minute * MILLIS_PER_MINUTE;
        unit = MILLIS_PER_MINUTE;
        if reader.eat(':') {
            let second = reader.number(1, 2)?;
            if second > 59 {
                return None;
            }
            millis += second * MILLIS_PER_SECOND;
            unit = MILLIS_PER_SECOND;
        }
    }
    if reader.eat('.') || reader.eat(',') {
        let before = reader.rest.len();
        let digits = reader.number(1, 9)?;
        let count = u32::try_from(before - reader.rest.len()).ok()?;
        if reader.peek().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        millis += digits * unit / 10_i64.pow(count);
    }
    Some(millis)
}

/// An optional `Z`, `±hh`, `±hh:mm` or `±hhmm`, in milliseconds east of UTC.
fn zone_offset(reader: &mut Reader<'_>) -> Option<i64> {
    if reader.eat_ignore_case('Z') {
        return Some(0);
    }
    let sign = if reader.eat('+') {
        1
    } else if reader.eat('-') {
        -1
    } else {
        return Some(0);
    };
    let hours = reader.number(2, 2)?;
    let colon = reader.eat(':');
    let minutes = if colon || reader.peek().is_some_and(|c| c.is_ascii_digit()) {
        reader.number(2, 2)?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * MILLIS_PER_HOUR + minutes * MILLIS_PER_MINUTE))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The unread rest of the text.
struct Reader<'a> {
    rest: &'a str,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn eat(&mut self, expected: char) -> bool {
        match self.rest.strip_prefix(expected) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn eat_ignore_case(&mut self, expected: char) -> bool {
        self.eat(expected.to_ascii_uppercase()) || self.eat(expected.to_ascii_lowercase())
    }

    /// Reads `min..=max` decimal digits (as many as there are, up to `max`).
    fn number(&mut self, min: usize, max: usize) -> Option<i64> {
        let count = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if count < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at(count);
        self.rest = rest;
        digits.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::{DateTest, parse};
    use crate::condition::numeric::Relation;

    const DAY: i128 = 86_400_000;

    #[test]
    fn epoch_seconds() {
        assert_eq!(parse("0"), Some(0));
        assert_eq!(parse("1617123456"), Some(1_617_123_456_000));
        assert_eq!(parse("-1"), Some(-1000));
        assert_eq!(parse("+5"), Some(5000));
        assert_eq!(parse("-292275054"), Some(-292_275_054_000));
        assert_eq!(
            parse("9223372036854775807"),
            Some(9_223_372_036_854_775_807_000)
        );
        assert_eq!(parse("9223372036854775808"), None);
    }

    #[test]
    fn w3c_forms() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2020-01-01T00:00:01Z"), Some(1_577_836_801_000));
        assert_eq!(parse("2020-01-01"), Some(1_577_836_800_000));
        assert_eq!(parse("2020-01"), parse("2020-01-01"));
        assert_eq!(parse("2020-01-01T00:00Z"), parse("2020-01-01"));
        assert_eq!(
            parse("2020-03-01").map(|t| t - parse("2020-02-28").unwrap()),
            Some(2 * DAY)
        );
        assert_eq!(
            parse("1997-07-16T19:20:30.45+01:00"),
            parse("1997-07-16T18:20:30.450Z")
        );
        assert_eq!(parse("1997-07-16T19:20+01:00"), parse("1997-07-16T18:20Z"));
        assert_eq!(
            parse("1997-07-16T19:20:30-0530"),
            parse("1997-07-17T00:50:30Z")
        );
        assert_eq!(parse("2017-07-01T00:00:00z"), parse("2017-07-01T00:00:00Z"));
        assert_eq!(parse("1969-12-31T23:59:59.999Z"), Some(-1));
    }

    #[test]
    fn leniency_observed_on_iam() {
        assert!(parse("01T").is_some());
        assert!(parse("2016-12-13t2:00:00.593194+23").is_some());
        assert!(parse("2016-12-13T21:20:37.593194+00:00").is_some());
        assert!(parse("2019-07-01T13:20:15Z").is_some());
        assert!(parse("2016-12-13t2:00:00.593194+1").is_none());
        assert!(parse("2016-12-13t2:00:00.1999999999+10:59").is_none());
        assert!(parse("234-13").is_none());
        assert!(parse("sdfdsf").is_none());
        // Milliseconds: finer digits are dropped.
        assert_eq!(
            parse("2016-12-13T21:20:37.593194Z"),
            parse("2016-12-13T21:20:37.593Z")
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for text in [
            "",
            "2019-02-29",
            "2019-04-31",
            "2019-00-01",
            "2019-01-00",
            "2019-01-01T24:00",
            "2019-01-01T10:60",
            "2019-01-01T10:00:60",
            "2019-01-01Z",
            "2019-01-01T10:00+24",
            "2019-01-01T10:00+01:60",
            "2019-01-01T10:00:00.",
            "2019-01-01 10:00",
            "1e3",
            "2019-01-01T10:00:00Zjunk",
            "--2019",
            "${aws:CurrentTime}",
            "2019-001",
        ] {
            assert!(parse(text).is_none(), "{text}");
        }
        assert!(parse("2020-02-29").is_some());
        assert!(parse("2000-02-29").is_some());
        assert!(parse("1900-02-29").is_none());
        assert!(parse("-0001-03-01").is_some());
    }

    #[test]
    fn relations() {
        // Doc example: "DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}.
        let after =
            DateTest::compile(Relation::GreaterThan, ["2020-01-01T00:00:01Z"].into_iter()).unwrap();
        assert!(after.matches("2020-06-01T00:00:00Z"));
        assert!(after.matches("1590969600"));
        assert!(!after.matches("2020-01-01T00:00:01Z"));
        assert!(!after.matches("2019-12-31T23:59:59Z"));
        assert!(!after.matches("not a date"));
        let equals = DateTest::compile(Relation::Equals, ["1577836801"].into_iter()).unwrap();
        assert!(equals.matches("2020-01-01T00:00:01Z"));
        assert!(equals.matches("2020-01-01T01:00:01+01:00"));
        assert!(DateTest::compile(Relation::Equals, ["soon"].into_iter()).is_none());
    }
}
