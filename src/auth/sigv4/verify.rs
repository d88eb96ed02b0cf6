//! Verifies a parsed signature: its time window, its scope, then the signature itself.

use aws_sigv4::sign::v4::calculate_signature;
use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use subtle::ConstantTimeEq;

use super::{Signed, SignedRequest, SigningKeyCache, canonical, mismatch};
use crate::error::ApiError;

/// How far the request date may be from now, either way.
const WINDOW_MINUTES: i64 = 15;

/// Verifies the signature of a request against the secret of its access key.
///
/// Runs [`check_time`] and [`check_scope`] first, then compares the signature with the one
/// computed from our canonical request, in constant time. Every failure is `SignatureDoesNotMatch`.
pub fn verify(
    req: &SignedRequest<'_>,
    signed: &Signed,
    secret_access_key: &str,
    now: DateTime<Utc>,
    keys: &SigningKeyCache,
) -> Result<(), ApiError> {
    check_time(signed, now)?;
    check_scope(signed)?;
    let canonical_request = canonical::canonical_request(req, signed);
    let string_to_sign = canonical::string_to_sign(signed, &canonical_request);
    let key = keys.signing_key(secret_access_key, signed);
    let expected = calculate_signature(key, string_to_sign.as_bytes());
    // Constant time, so the response time does not tell how much of a forged signature is right.
    if bool::from(expected.as_bytes().ct_eq(signed.signature.as_bytes())) {
        Ok(())
    } else {
        Err(mismatch(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ))
    }
}

/// Refuses a request dated more than 15 minutes before or after `now`. Presigned requests get the
/// same window whatever their `X-Amz-Expires`, as STS does.
pub fn check_time(signed: &Signed, now: DateTime<Utc>) -> Result<(), ApiError> {
    let now = now.trunc_subsecs(0);
    let window = TimeDelta::minutes(WINDOW_MINUTES);
    if signed.time < now - window {
        return Err(mismatch(format!(
            "Signature expired: {} is now earlier than {} ({} - {WINDOW_MINUTES} min.)",
            signed.date,
            basic(now - window),
            basic(now)
        )));
    }
    if signed.time > now + window {
        return Err(mismatch(format!(
            "Signature not yet current: {} is still later than {} ({} + {WINDOW_MINUTES} min.)",
            signed.date,
            basic(now + window),
            basic(now)
        )));
    }
    Ok(())
}

/// Refuses a credential scope whose terminator is not `aws4_request` or whose date is not the day
/// of the request date. Region and service are the caller's to check: localiam answers any region.
pub fn check_scope(signed: &Signed) -> Result<(), ApiError> {
    let mut problems = Vec::new();
    if signed.terminator != "aws4_request" {
        problems.push(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            signed.terminator
        ));
    }
    let day = signed.date.get(..8).unwrap_or_default();
    if signed.scope_date != day {
        problems.push(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{day}', from '{}'.",
            signed.scope_date, signed.date
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(mismatch(problems.join(" ")))
    }
}

/// `YYYYMMDD'T'HHMMSS'Z'`.
fn basic(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}
