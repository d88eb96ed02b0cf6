//! RFC 6238 time-based one-time passwords as AWS virtual MFA devices use them: HMAC-SHA1,
//! 30-second steps from the Unix epoch, six digits.

use crate::protocol::xml::Timestamp;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per time step.
pub const STEP_SECONDS: i64 = 30;

/// Digits per code.
pub const DIGITS: u32 = 6;

/// How many steps either side of the current one a code may come from: one, to allow for the
/// time the code takes to reach the server and for a slightly fast or slow device.
pub const WINDOW: u64 = 1;

/// The block size of SHA-1, in bytes: the length HMAC pads its key to.
const BLOCK: usize = 64;

/// The time step `t` falls in (0 before the epoch).
pub fn step(t: Timestamp) -> u64 {
    u64::try_from(t.timestamp().div_euclid(STEP_SECONDS)).unwrap_or(0)
}

/// The code of `secret` at `step`, as a number below 10^6.
///
/// `secret` is at most 64 bytes (virtual devices have 20): HMAC pads a shorter key with zeros to
/// the hash's block size (RFC 2104, section 2), so padding it here gives the same MAC while
/// using the infallible fixed-size constructor. Longer secrets are cut to 64 bytes.
pub fn code(secret: &[u8], step: u64) -> u32 {
    let mut key = [0u8; BLOCK];
    for (k, s) in key.iter_mut().zip(secret) {
        *k = *s;
    }
    let mut mac = Hmac::<Sha1>::new(&key.into());
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // Dynamic truncation (RFC 4226, section 5.3): the low nibble of the last byte picks where
    // four bytes are read; their top bit is dropped.
    let offset = usize::from(digest.last().copied().unwrap_or(0) & 0x0f);
    let mut word = [0u8; 4];
    for (w, d) in word.iter_mut().zip(digest.iter().skip(offset)) {
        *w = *d;
    }
    (u32::from_be_bytes(word) & 0x7fff_ffff) % 10u32.pow(DIGITS)
}

/// `code` as the six-digit string a device shows (leading zeros kept).
pub fn code_text(secret: &[u8], step: u64) -> String {
    format!("{:06}", code(secret, step))
}

/// Whether `text` is the code of `secret` at `step`. Compares the digits as text so that a
/// code that is not six digits never matches.
fn matches(secret: &[u8], step: u64, text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) && code_text(secret, step) == text
}

/// The steps a code may come from at `now`, oldest first, leaving out those not after
/// `last_used` (a step accepted once is never accepted again, RFC 6238 section 5.2).
fn candidates(now: u64, last_used: Option<u64>) -> impl Iterator<Item = u64> {
    (now.saturating_sub(WINDOW)..=now.saturating_add(WINDOW))
        .filter(move |s| last_used.is_none_or(|last| *s > last))
}

/// The step whose code `text` is, if it is the code of a step within the window around `now`
/// that has not been used yet.
pub fn check(secret: &[u8], text: &str, now: u64, last_used: Option<u64>) -> Option<u64> {
    candidates(now, last_used).find(|s| matches(secret, *s, text))
}

/// The later step of two consecutive codes (EnableMFADevice, ResyncMFADevice): `first` and
/// `second` are the codes of two consecutive unused steps within the window around `now`.
pub fn check_pair(
    secret: &[u8],
    first: &str,
    second: &str,
    now: u64,
    last_used: Option<u64>,
) -> Option<u64> {
    let steps: Vec<u64> = candidates(now, last_used).collect();
    steps
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .find(|(a, b)| matches(secret, *a, first) && matches(secret, *b, second))
        .map(|(_, b)| b)
}

/// RFC 4648 base32 (upper case, no padding): the form authenticator apps take a seed in.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits = 0u8;
    let mut push = |index: u16| {
        out.push(char::from(
            ALPHABET
                .get(usize::from(index & 31))
                .copied()
                .unwrap_or(b'A'),
        ));
    };
    for byte in bytes {
        buffer = (buffer << 8) | u16::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            push(buffer >> bits);
        }
    }
    if bits > 0 {
        push(buffer << (5 - bits));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    /// The SHA-1 seed of RFC 6238 appendix B.
    const SEED: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc_6238_appendix_b_sha1_vectors() {
        // Time, then the eight-digit code of the appendix; six digits are its last six.
        let vectors: [(i64, u32); 6] = [
            (59, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ];
        for (time, eight) in vectors {
            let t = DateTime::from_timestamp(time, 0).unwrap();
            assert_eq!(code(SEED, step(t)), eight % 1_000_000, "at {time}");
        }
        assert_eq!(
            code_text(
                SEED,
                step(DateTime::from_timestamp(1_111_111_109, 0).unwrap())
            ),
            "081804"
        );
    }

    #[test]
    fn window_and_reuse() {
        let now = 1000;
        for s in [999, 1000, 1001] {
            assert_eq!(check(SEED, &code_text(SEED, s), now, None), Some(s));
        }
        for s in [997, 998, 1002, 1003] {
            assert_eq!(check(SEED, &code_text(SEED, s), now, None), None);
        }
        assert_eq!(check(SEED, &code_text(SEED, 1000), now, Some(1000)), None);
        assert_eq!(check(SEED, &code_text(SEED, 999), now, Some(1000)), None);
        assert_eq!(
            check(SEED, &code_text(SEED, 1001), now, Some(1000)),
            Some(1001)
        );
        assert_eq!(check(SEED, "12345", now, None), None);
        assert_eq!(check(SEED, "abcdef", now, None), None);
    }

    #[test]
    fn pairs_must_be_consecutive_and_unused() {
        let now = 1000;
        let c = |s| code_text(SEED, s);
        assert_eq!(check_pair(SEED, &c(999), &c(1000), now, None), Some(1000));
        assert_eq!(check_pair(SEED, &c(1000), &c(1001), now, None), Some(1001));
        assert_eq!(check_pair(SEED, &c(1001), &c(1000), now, None), None);
        assert_eq!(check_pair(SEED, &c(999), &c(1001), now, None), None);
        assert_eq!(check_pair(SEED, &c(1000), &c(1000), now, None), None);
        assert_eq!(check_pair(SEED, &c(1001), &c(1002), now, None), None);
        assert_eq!(check_pair(SEED, &c(999), &c(1000), now, Some(999)), None);
    }

    #[test]
    fn base32_follows_rfc_4648() {
        // RFC 4648 section 10, without the padding.
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"fo"), "MZXQ");
        assert_eq!(base32(b"foo"), "MZXW6");
        assert_eq!(base32(b"foob"), "MZXW6YQ");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(&[0u8; 20]).len(), 32);
    }
}
