//! Credential reports: GenerateCredentialReport, GetCredentialReport.
//!
//! The report is the CSV that AWS documents in "Getting credential reports for your AWS account"
//! (IAM User Guide): its columns in AWS's order, a `<root_account>` row first, then one row per
//! user in name order; `true`/`false`, ISO 8601 times with `+00:00`, and AWS's placeholders:
//! `N/A` where a credential does not exist or a key was never used, `no_information` for a
//! password never used, `not_supported` for what the root user does not have. AWS makes a report
//! at most every four hours and reports an older one as expired.
//!
//! Generation is immediate here: the first GenerateCredentialReport answers `STARTED` (as AWS
//! does) with the report already made, later ones `COMPLETE` until the report is four hours old.
//! So `ReportInProgress` never happens. The root user's creation time is the account's first
//! request. `mfa_active` is whether a virtual MFA device is enabled for the user; `cert_N_*` are
//! the user's first two signing certificates (active, and their upload time); the root user has
//! no MFA and no certificates here.

use super::common::key;
use crate::actions::Ctx;
use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::protocol::xml::Timestamp;
use crate::store::AccountState;
use crate::store::entities::{AccessKey, User};
use crate::store::usage::CredentialReport;
use chrono::TimeDelta;
use std::fmt::Write as _;
use std::sync::Arc;

/// The columns, in AWS's order.
pub const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,\
password_last_changed,password_next_rotation,mfa_active,access_key_1_active,\
access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,\
access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,\
access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,\
cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/// How long a report is current: AWS regenerates at most every four hours.
const LIFETIME: TimeDelta = TimeDelta::hours(4);

/// AWS's description when the first report of an account starts.
const STARTING: &str = "No report exists. Starting a new report generation task";

/// Not applicable: no such credential, or a key never used.
const NA: &str = "N/A";

/// A report time, as AWS writes them in the CSV.
fn time(t: Timestamp) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// A CSV field, quoted when it holds a comma or a quote (IAM names and paths may hold commas).
fn field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The five columns of one access key slot.
fn key_columns(key: Option<&AccessKey>) -> [String; 5] {
    let Some(key) = key else {
        return ["false", NA, NA, NA, NA].map(str::to_owned);
    };
    let (used, region, service) = key.last_used.as_ref().map_or_else(
        || (NA.to_owned(), NA.to_owned(), NA.to_owned()),
        |u| (time(u.date), u.region.clone(), u.service.clone()),
    );
    [
        flag(key.active).to_owned(),
        time(key.created),
        used,
        region,
        service,
    ]
}

fn user_row(account: &AccountState, user: &User) -> String {
    let profile = user.login_profile.as_ref();
    let last_used = match (profile, user.password_last_used) {
        (None, _) => NA.to_owned(),
        (Some(_), None) => "no_information".to_owned(),
        (Some(_), Some(t)) => time(t),
    };
    let max_age = account
        .password_policy
        .as_ref()
        .and_then(|p| p.max_password_age);
    let next_rotation = match (profile, max_age) {
        (Some(p), Some(days)) => time(p.changed + TimeDelta::days(i64::from(days))),
        _ => NA.to_owned(),
    };
    let user_key = key(&user.name);
    let mfa_active = account
        .mfa_devices
        .values()
        .any(|d| d.assigned_to(&user_key));
    let mut columns = vec![
        field(&user.name),
        field(&user.arn),
        time(user.created),
        flag(profile.is_some()).to_owned(),
        last_used,
        profile.map_or_else(|| NA.to_owned(), |p| time(p.changed)),
        next_rotation,
        flag(mfa_active).to_owned(),
    ];
    columns.extend(key_columns(user.access_keys.first()));
    columns.extend(key_columns(user.access_keys.get(1)));
    for certificate in [0, 1].map(|i| user.signing_certificates.get(i)) {
        columns.push(flag(certificate.is_some_and(|c| c.active)).to_owned());
        columns.push(certificate.map_or_else(|| NA.to_owned(), |c| time(c.uploaded)));
    }
    columns.join(",")
}

/// The whole report of `account`.
fn render(cx: &Ctx<'_>, account: &AccountState) -> String {
    let created = cx.store.usage.first_seen(&account.id).unwrap_or(cx.now);
    let mut csv = String::from(HEADER);
    let _ = write!(
        csv,
        "\n<root_account>,arn:aws:iam::{}:root,{},not_supported,no_information,not_supported,\
         not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        account.id,
        time(created)
    );
    for user in account.users.values() {
        csv.push('\n');
        csv.push_str(&user_row(account, user));
    }
    csv
}

/// `GenerateCredentialReport`: makes a report unless the current one is under four hours old.
pub fn generate_credential_report(
    cx: &Ctx<'_>,
    account: &AccountState,
) -> Result<iam::GenerateCredentialReportResponse, ApiError> {
    let reports = &cx.store.usage.credential_reports;
    let previous = reports.get(&account.id).map(|r| r.generated);
    if previous.is_some_and(|at| cx.now.signed_duration_since(at) < LIFETIME) {
        return Ok(iam::GenerateCredentialReportResponse {
            state: Some(iam::ReportStateType::Complete),
            description: None,
        });
    }
    let csv = render(cx, account);
    reports.insert(
        Arc::clone(&account.id),
        CredentialReport {
            generated: cx.now,
            csv: Arc::from(csv.into_bytes()),
        },
    );
    Ok(iam::GenerateCredentialReportResponse {
        state: Some(iam::ReportStateType::Started),
        description: previous.is_none().then(|| STARTING.to_owned()),
    })
}

/// `GetCredentialReport`: the current report. AWS sends these errors without a message.
pub fn get_credential_report(cx: &Ctx<'_>) -> Result<iam::GetCredentialReportResponse, ApiError> {
    let report = cx
        .store
        .usage
        .credential_reports
        .get(cx.caller.account())
        .map(|r| r.clone())
        .ok_or_else(|| ApiError::modeled(ModeledError::CredentialReportNotPresent, ""))?;
    if cx.now.signed_duration_since(report.generated) >= LIFETIME {
        return Err(ApiError::modeled(ModeledError::CredentialReportExpired, ""));
    }
    Ok(iam::GetCredentialReportResponse {
        content: Some(report.csv.to_vec()),
        report_format: Some(iam::ReportFormatType::TextCsv),
        generated_time: Some(report.generated),
    })
}
