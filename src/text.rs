//! Small text encodings on the request path, written by hand because `format!` with `{:02x}` or
//! chrono's strftime costs several times more per request than the bytes they produce.

use chrono::{DateTime, Datelike, Timelike, Utc};
use std::net::IpAddr;

/// The lowercase hex digit of a nibble.
fn nibble(value: u8) -> char {
    char::from(if value < 10 {
        b'0' + value
    } else {
        b'a' + value - 10
    })
}

/// Appends `bytes` as lowercase hex.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for byte in bytes {
        out.push(nibble(byte >> 4));
        out.push(nibble(byte & 0xf));
    }
}

/// `bytes` as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Appends `value` as exactly `width` decimal digits (zero-padded; higher digits dropped).
fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
    }
}

/// Appends `time` as `YYYY-MM-DDTHH:MM:SSZ`, the ISO 8601 form IAM prints and
/// `aws:CurrentTime` holds.
pub fn push_iso8601(out: &mut String, time: &DateTime<Utc>) {
    push_digits(out, u32::try_from(time.year()).unwrap_or(0), 4);
    out.push('-');
    push_digits(out, time.month(), 2);
    out.push('-');
    push_digits(out, time.day(), 2);
    out.push('T');
    push_digits(out, time.hour(), 2);
    out.push(':');
    push_digits(out, time.minute(), 2);
    out.push(':');
    push_digits(out, time.second(), 2);
    out.push('Z');
}

/// `time` as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso8601(time: &DateTime<Utc>) -> String {
    let mut out = String::with_capacity(20);
    push_iso8601(&mut out, time);
    out
}

/// `addr` as text: IPv4 dotted decimal by hand (the `Display` impl costs about half a
/// microsecond, on every request whose policies read `aws:SourceIp`), IPv6 by `Display`.
pub fn ip(addr: IpAddr) -> String {
    let IpAddr::V4(v4) = addr else {
        return addr.to_string();
    };
    let mut out = String::with_capacity(15);
    for (i, octet) in v4.octets().into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        if octet >= 100 {
            out.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            out.push(char::from(b'0' + octet / 10 % 10));
        }
        out.push(char::from(b'0' + octet % 10));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn ip_matches_display() {
        for addr in [
            "0.0.0.0",
            "127.0.0.1",
            "10.20.100.255",
            "192.168.0.9",
            "::1",
            "fe80::1",
        ] {
            let parsed: IpAddr = addr.parse().unwrap();
            assert_eq!(ip(parsed), parsed.to_string());
        }
        for octet in 0..=255u8 {
            let addr = IpAddr::from([octet, 0, octet, 1]);
            assert_eq!(ip(addr), addr.to_string());
        }
    }

    #[test]
    fn iso8601_matches_chrono() {
        for (y, mo, d, h, mi, s) in [
            (2026, 11, 23, 9, 5, 7),
            (1999, 1, 1, 0, 0, 0),
            (2038, 12, 31, 23, 59, 59),
        ] {
            let t = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
            assert_eq!(iso8601(&t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
}
