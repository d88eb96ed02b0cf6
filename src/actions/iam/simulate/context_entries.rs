//! `ContextEntries`: the condition keys a simulation runs with, each value checked against its
//! declared `ContextKeyType` so a typo fails loudly instead of silently not matching.

use crate::error::ApiError;
use crate::protocol::iam::{ContextEntry, ContextKeyTypeEnum};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use iam_policy::{Context, ContextValue};
use std::net::IpAddr;

/// The context the entries describe. A key given twice keeps its last value.
pub fn context(entries: Option<&[ContextEntry]>) -> Result<Context, ApiError> {
    let mut context = Context::new();
    for entry in entries.unwrap_or_default() {
        let (name, value) = entry_value(entry)?;
        context.insert(name, value);
    }
    Ok(context)
}

fn entry_value(entry: &ContextEntry) -> Result<(&str, ContextValue), ApiError> {
    let name = entry
        .context_key_name
        .as_deref()
        .ok_or_else(|| ApiError::invalid_input("ContextKeyName is required in ContextEntries."))?;
    let kind = entry.context_key_type.unwrap_or_default();
    let values = entry.context_key_values.clone().unwrap_or_default();
    let (single, check): (bool, fn(&str) -> bool) = match kind {
        ContextKeyTypeEnum::String => (true, |_| true),
        ContextKeyTypeEnum::StringList => (false, |_| true),
        ContextKeyTypeEnum::Numeric => (true, numeric),
        ContextKeyTypeEnum::NumericList => (false, numeric),
        ContextKeyTypeEnum::Boolean => (true, boolean),
        ContextKeyTypeEnum::BooleanList => (false, boolean),
        ContextKeyTypeEnum::Ip => (true, ip),
        ContextKeyTypeEnum::IpList => (false, ip),
        ContextKeyTypeEnum::Binary => (true, binary),
        ContextKeyTypeEnum::BinaryList => (false, binary),
        ContextKeyTypeEnum::Date => (true, date),
        ContextKeyTypeEnum::DateList => (false, date),
    };
    if let Some(bad) = values.iter().find(|v| !check(v)) {
        return Err(ApiError::invalid_input(format!(
            "Invalid value {bad} for context key {name} of type {}.",
            kind.as_str()
        )));
    }
    if !single {
        return Ok((name, ContextValue::Multi(values)));
    }
    match <[String; 1]>::try_from(values) {
        Ok([value]) => Ok((name, ContextValue::Single(value))),
        Err(_) => Err(ApiError::invalid_input(format!(
            "Context key {name} of type {} takes exactly one value.",
            kind.as_str()
        ))),
    }
}

fn numeric(value: &str) -> bool {
    value.trim().parse::<f64>().is_ok_and(f64::is_finite)
}

fn boolean(value: &str) -> bool {
    value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
}

/// An address, or a CIDR block.
fn ip(value: &str) -> bool {
    let (address, prefix) = value.split_once('/').unwrap_or((value, "0"));
    let Ok(address) = address.parse::<IpAddr>() else {
        return false;
    };
    let bits = if address.is_ipv4() { 32 } else { 128 };
    prefix.parse::<u8>().is_ok_and(|p| p <= bits)
}

fn binary(value: &str) -> bool {
    STANDARD.decode(value).is_ok()
}

/// W3C date-time forms (`2025-01-31`, `2025-01-31T12:00:00Z`) or epoch seconds.
fn date(value: &str) -> bool {
    value.parse::<i64>().is_ok()
        || chrono::DateTime::parse_from_rfc3339(value).is_ok()
        || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
        || chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_checks() {
        assert!(numeric("3.5") && !numeric("three"));
        assert!(boolean("TRUE") && !boolean("yes"));
        assert!(ip("10.0.0.1") && ip("10.0.0.0/8") && ip("::1/128") && !ip("10.0.0.0/33"));
        assert!(binary("aGk=") && !binary("***"));
        assert!(date("2025-01-31") && date("2025-01-31T12:00:00Z") && date("1700000000"));
        assert!(!date("yesterday"));
    }
}
