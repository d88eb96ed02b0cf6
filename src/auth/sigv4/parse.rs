//! Reads what a request claims about its signature, from the `Authorization` header or from
//! presigned query parameters, and refuses it with AWS's texts when a part is missing or malformed.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use super::{SignedRequest, incomplete, mismatch, missing_token};
use crate::error::ApiError;

/// The only algorithm SigV4 knows.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// A signature as the client claims it: well formed, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The access key id of the credential.
    pub access_key_id: String,
    /// The date of the credential scope (`YYYYMMDD`).
    pub scope_date: String,
    /// The region of the credential scope.
    pub region: String,
    /// The service of the credential scope (`iam`, `sts`).
    pub service: String,
    /// The last element of the credential scope (`aws4_request` when right).
    pub terminator: String,
    /// The signed header names, lowercased, in the order the client listed them.
    pub signed_headers: Vec<String>,
    /// The signature, as sent.
    pub signature: String,
    /// The request date, as sent (`X-Amz-Date`, or `Date` when there is no `X-Amz-Date` header).
    pub date: String,
    /// The request date.
    pub time: DateTime<Utc>,
    /// `X-Amz-Security-Token`, when the credentials are temporary.
    pub security_token: Option<String>,
    /// `X-Amz-Expires` of a presigned request, as sent. STS does not enforce it: presigned
    /// requests live for the same 15 minutes as any other.
    pub expires: Option<String>,
    /// Whether the signature came in the query string rather than the `Authorization` header.
    pub presigned: bool,
}

impl Signed {
    /// The credential scope the client signed for: `date/region/service/aws4_request`.
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.scope_date, self.region, self.service, self.terminator
        )
    }
}

/// What the request carries, before the shape of each part is checked.
struct Claimed<'a> {
    algorithm: Cow<'a, str>,
    credential: Cow<'a, str>,
    signed_headers: Cow<'a, str>,
    signature: Cow<'a, str>,
    date: Cow<'a, str>,
    security_token: Option<Cow<'a, str>>,
    expires: Option<Cow<'a, str>>,
    presigned: bool,
}

/// Reads the signature of a request.
///
/// Errors: `MissingAuthenticationToken` when the request carries no signature; `IncompleteSignature`
/// when a part is missing or malformed; `SignatureDoesNotMatch` when both the header and the query
/// carry one, or `host` is not signed.
pub fn parse(req: &SignedRequest<'_>) -> Result<Signed, ApiError> {
    let header = req.header("authorization");
    let presigned = req.query_pairs().any(|(name, _)| name == "X-Amz-Algorithm");
    let claimed = match (header, presigned) {
        (Some(_), true) => {
            return Err(mismatch(
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
            ));
        }
        (Some(header), false) => from_header(req, header)?,
        (None, true) => from_query(req)?,
        (None, false) => return Err(missing_token()),
    };
    check_shape(claimed)
}

/// Reads `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
fn from_header<'a>(req: &SignedRequest<'a>, header: &'a str) -> Result<Claimed<'a>, ApiError> {
    let trimmed = header.trim();
    let (algorithm, rest) = trimmed
        .split_once(char::is_whitespace)
        .unwrap_or((trimmed, ""));
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    // AWS splits the parameters on commas and on whitespace alike.
    for pair in rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(incomplete(format!(
                "'{pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'."
            )));
        };
        match name {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let date = req.header("x-amz-date").or_else(|| req.header("date"));

    let mut missing = Vec::new();
    if credential.is_none_or(str::is_empty) {
        missing.push("Authorization header requires 'Credential' parameter.");
    }
    if signature.is_none_or(str::is_empty) {
        missing.push("Authorization header requires 'Signature' parameter.");
    }
    if signed_headers.is_none() {
        missing.push("Authorization header requires 'SignedHeaders' parameter.");
    }
    if date.is_none() {
        missing.push(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        );
    }
    match (credential, signed_headers, signature, date) {
        (Some(credential), Some(signed_headers), Some(signature), Some(date))
            if missing.is_empty() =>
        {
            Ok(Claimed {
                algorithm: algorithm.into(),
                credential: credential.into(),
                signed_headers: signed_headers.into(),
                signature: signature.into(),
                date: date.into(),
                security_token: req.header("x-amz-security-token").map(Cow::from),
                expires: None,
                presigned: false,
            })
        }
        _ => Err(incomplete(format!(
            "{} Authorization={header}",
            missing.join(" ")
        ))),
    }
}

/// Reads `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-SignedHeaders`, `X-Amz-Signature` and
/// `X-Amz-Date` from the query string (the first of each when repeated).
fn from_query<'a>(req: &SignedRequest<'a>) -> Result<Claimed<'a>, ApiError> {
    const REQUIRED: [&str; 5] = [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Signature",
        "X-Amz-SignedHeaders",
        "X-Amz-Date",
    ];
    let mut found: [Option<Cow<'a, str>>; 5] = Default::default();
    let (mut security_token, mut expires) = (None, None);
    for (name, value) in req.query_pairs() {
        let slot = match name.as_ref() {
            "X-Amz-Security-Token" => &mut security_token,
            "X-Amz-Expires" => &mut expires,
            other => match REQUIRED
                .iter()
                .zip(found.iter_mut())
                .find(|(n, _)| **n == other)
            {
                Some((_, slot)) => slot,
                None => continue,
            },
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    let [algorithm, credential, signature, signed_headers, date] = found;
    match (algorithm, credential, signature, signed_headers, date) {
        (Some(algorithm), Some(credential), Some(signature), Some(signed_headers), Some(date))
            if [&algorithm, &credential, &signature, &signed_headers, &date]
                .iter()
                .all(|v| !v.is_empty()) =>
        {
            Ok(Claimed {
                algorithm,
                credential,
                signed_headers,
                signature,
                date,
                security_token,
                expires,
                presigned: true,
            })
        }
        (algorithm, credential, signature, signed_headers, date) => {
            let mut message = String::new();
            for (name, value) in
                REQUIRED
                    .iter()
                    .zip([algorithm, credential, signature, signed_headers, date])
            {
                if value.is_none_or(|v| v.is_empty()) {
                    message.push_str("AWS query-string parameters must include '");
                    message.push_str(name);
                    message.push_str("'. ");
                }
            }
            message.push_str("Re-examine the query-string parameters.");
            Err(incomplete(message))
        }
    }
}

/// Checks the date, the signed headers, the algorithm and the credential, in AWS's order.
fn check_shape(claimed: Claimed<'_>) -> Result<Signed, ApiError> {
    let date = claimed.date;
    let time = parse_date(&date).ok_or_else(|| {
        incomplete(format!(
            "Date must be in ISO-8601 'basic format'. Got '{date}'. See http://en.wikipedia.org/wiki/ISO_8601"
        ))
    })?;
    let signed_headers: Vec<String> = claimed
        .signed_headers
        .split(';')
        .map(str::to_ascii_lowercase)
        .collect();
    if !signed_headers
        .iter()
        .any(|h| h == "host" || h == ":authority")
    {
        return Err(mismatch(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    if claimed.algorithm != ALGORITHM {
        return Err(incomplete(format!(
            "Unsupported AWS 'algorithm': '{}' (only {ALGORITHM} for now).",
            claimed.algorithm
        )));
    }
    let credential = claimed.credential;
    let parts: Vec<&str> = credential.trim_end_matches('/').split('/').collect();
    let [access_key_id, scope_date, region, service, terminator] = parts.as_slice() else {
        return Err(incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'"
        )));
    };
    Ok(Signed {
        access_key_id: (*access_key_id).to_string(),
        scope_date: (*scope_date).to_string(),
        region: (*region).to_string(),
        service: (*service).to_string(),
        terminator: (*terminator).to_string(),
        signed_headers,
        signature: claimed.signature.into_owned(),
        date: date.into_owned(),
        time,
        security_token: claimed.security_token.map(Cow::into_owned),
        expires: claimed.expires.map(Cow::into_owned),
        presigned: claimed.presigned,
    })
}

/// Reads `YYYYMMDD'T'HHMMSS'Z'`, strictly.
fn parse_date(date: &str) -> Option<DateTime<Utc>> {
    let bytes = date.as_bytes();
    if bytes.len() != 16 || bytes.get(8) != Some(&b'T') || bytes.get(15) != Some(&b'Z') {
        return None;
    }
    let number = |from: usize, to: usize| {
        date.get(from..to)
            .filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok())
    };
    let day = NaiveDate::from_ymd_opt(
        i32::try_from(number(0, 4)?).ok()?,
        number(4, 6)?,
        number(6, 8)?,
    )?;
    let time = day.and_hms_opt(number(9, 11)?, number(11, 13)?, number(13, 15)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_basic_iso_date_only() {
        let t = parse_date("20150830T123600Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2015-08-30T12:36:00+00:00");
        for bad in [
            "2015-08-30T12:36:00Z",
            "20150830T123600",
            "20151330T123600Z",
            "2015083T1236000Z",
            "+0150830T123600Z",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
