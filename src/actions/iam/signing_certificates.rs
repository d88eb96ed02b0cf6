//! X.509 signing certificates of IAM users: UploadSigningCertificate, ListSigningCertificates,
//! UpdateSigningCertificate, DeleteSigningCertificate
//! (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html>).
//!
//! A body must be one PEM certificate that parses as X.509 and has not expired
//! (MalformedCertificate: "malformed or expired"); the same certificate twice is
//! DuplicateCertificate; AWS allows two per user. Without `UserName` the calling IAM user's
//! certificates are meant; root's own are not emulated (as for access keys). The credential report
//! shows each user's first two (`cert_1_*`, `cert_2_*`). Error texts are ours where AWS publishes
//! none.

use super::common::{quota, user_or_caller};
use super::credentials;
use super::users::{find, find_mut};
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::protocol::xml::Timestamp;
use crate::store::entities::{SigningCertificate, User};
use crate::store::paging::page_iter;
use crate::store::{AccountState, quotas};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::Rng as _;
use x509_cert::Certificate;
use x509_cert::der::Decode as _;

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

fn malformed() -> ApiError {
    ApiError::modeled(
        ModeledError::MalformedCertificate,
        "The certificate is malformed or expired.",
    )
}

fn no_such_certificate(id: &str) -> ApiError {
    ApiError::no_such_entity(format!("The Certificate with id {id} cannot be found."))
}

/// The DER bytes of the one PEM certificate in `body`, if it parses and is valid at `now`.
fn read_certificate(body: &str, now: Timestamp) -> Result<Vec<u8>, ApiError> {
    let inner = body
        .trim()
        .strip_prefix(BEGIN)
        .and_then(|rest| rest.strip_suffix(END))
        .ok_or_else(malformed)?;
    let base64: String = inner.split_whitespace().collect();
    let der = STANDARD.decode(base64).map_err(|_| malformed())?;
    let certificate = Certificate::from_der(&der).map_err(|_| malformed())?;
    let not_after = certificate
        .tbs_certificate()
        .validity()
        .not_after
        .to_unix_duration();
    let now = u64::try_from(now.timestamp()).unwrap_or(0);
    if not_after.as_secs() < now {
        return Err(malformed());
    }
    Ok(der)
}

/// A certificate id as AWS's look: 28 characters of base32.
fn certificate_id() -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut rng = rand::rng();
    (0..28)
        .map(|_| {
            char::from(
                ALPHABET
                    .get(rng.random_range(0..32))
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}

fn shape(user: &User, certificate: &SigningCertificate) -> iam::SigningCertificate {
    iam::SigningCertificate {
        user_name: user.name.clone(),
        certificate_id: certificate.id.clone(),
        certificate_body: certificate.body.clone(),
        status: credentials::status(certificate.active),
        upload_date: Some(certificate.uploaded),
    }
}

/// The user an operation names, or the calling IAM user; root must name one.
fn user_name(cx: &Ctx<'_>, name: Option<String>) -> Result<String, ApiError> {
    user_or_caller(cx, name)?.ok_or_else(|| {
        ApiError::no_such_entity(
            "localiam does not emulate signing certificates of the root user: specify UserName.",
        )
    })
}

/// `UploadSigningCertificate`.
pub fn upload_signing_certificate(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UploadSigningCertificateRequest,
) -> Result<iam::UploadSigningCertificateResponse, ApiError> {
    let name = user_name(cx, input.user_name)?;
    let user = find_mut(account, &name)?;
    let der = read_certificate(&input.certificate_body, cx.now)?;
    if user.signing_certificates.iter().any(|c| c.der == der) {
        return Err(ApiError::modeled(
            ModeledError::DuplicateCertificate,
            "The certificate is already associated with the user.",
        ));
    }
    if user.signing_certificates.len() >= quotas::SIGNING_CERTIFICATES_PER_USER {
        return Err(quota(
            "SigningCertificatesPerUser",
            quotas::SIGNING_CERTIFICATES_PER_USER,
        ));
    }
    let certificate = SigningCertificate {
        id: certificate_id(),
        body: input.certificate_body,
        der,
        active: true,
        uploaded: cx.now,
    };
    let out = shape(user, &certificate);
    user.signing_certificates.push(certificate);
    Ok(iam::UploadSigningCertificateResponse { certificate: out })
}

/// `ListSigningCertificates`: in upload order.
pub fn list_signing_certificates(
    cx: &Ctx<'_>,
    account: &AccountState,
    input: iam::ListSigningCertificatesRequest,
) -> Result<iam::ListSigningCertificatesResponse, ApiError> {
    let certificates = match user_or_caller(cx, input.user_name)? {
        Some(name) => {
            let user = find(account, &name)?;
            let shaped = user.signing_certificates.iter().map(|c| shape(user, c));
            shaped.collect()
        }
        None => Vec::new(),
    };
    let page = page_iter(certificates, input.marker.as_deref(), input.max_items)?;
    Ok(iam::ListSigningCertificatesResponse {
        is_truncated: Some(page.is_truncated()),
        certificates: page.items,
        marker: page.marker,
    })
}

/// The certificates of the user named (or calling); for the root user, whose certificates are
/// not emulated, the certificate `id` cannot be found.
fn certificates_mut<'a>(
    cx: &Ctx<'_>,
    account: &'a mut AccountState,
    name: Option<String>,
    id: &str,
) -> Result<&'a mut Vec<SigningCertificate>, ApiError> {
    let Some(name) = user_or_caller(cx, name)? else {
        return Err(no_such_certificate(id));
    };
    Ok(&mut find_mut(account, &name)?.signing_certificates)
}

/// `UpdateSigningCertificate`: activates or deactivates a certificate.
pub fn update_signing_certificate(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::UpdateSigningCertificateRequest,
) -> Result<(), ApiError> {
    let active = credentials::settable(input.status, "a signing certificate")?;
    let id = input.certificate_id;
    let certificates = certificates_mut(cx, account, input.user_name, &id)?;
    credentials::update(certificates, &id, active, no_such_certificate)
}

/// `DeleteSigningCertificate`.
pub fn delete_signing_certificate(
    cx: &Ctx<'_>,
    account: &mut AccountState,
    input: iam::DeleteSigningCertificateRequest,
) -> Result<(), ApiError> {
    let id = input.certificate_id;
    let certificates = certificates_mut(cx, account, input.user_name, &id)?;
    credentials::delete(certificates, &id, no_such_certificate)
}
