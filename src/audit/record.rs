//! One request as a CloudTrail-shaped record
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>),
//! plus what localiam's authorization decided.

use super::params::{request_parameters, scrub, secret_values};
use crate::auth::{Caller, Principal};
use crate::authz::Verdict;
use crate::http::{Params, is_envelope, parse_form};
use crate::protocol::xml::Timestamp;
use crate::protocol::{Action, Service};
use chrono::SecondsFormat;
use serde::Serialize;
use serde_json::Value;
use std::net::IpAddr;
use std::sync::Arc;

/// What the pipeline learned about a request, stage by stage; a stage that failed leaves the
/// later fields empty.
#[derive(Debug, Default)]
pub struct Trace {
    /// The raw parameters as received: query string, `&`, body.
    pub form: Box<[u8]>,
    /// The operation, once looked up.
    pub action: Option<Action>,
    /// Who signed, once authenticated.
    pub caller: Option<Arc<Caller>>,
    /// What authorization decided.
    pub verdict: Option<Verdict>,
}

/// Everything a record holds besides the trace.
#[derive(Debug)]
pub struct Event {
    /// When the request arrived.
    pub time: Timestamp,
    /// The service the request was for (or was signed for).
    pub service: Service,
    /// The region signed for, or the configured one.
    pub region: String,
    /// The client's address.
    pub source_ip: Option<IpAddr>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// The access key in the signature, even when authentication failed.
    pub access_key_id: Option<String>,
    /// The request id answered.
    pub request_id: String,
    /// The error code and message answered, if any.
    pub error: Option<(&'static str, String)>,
}

/// One request's record, kept as data and written as JSON only when read or logged: most records
/// are never read, and the request path should not pay for their text.
#[derive(Debug)]
pub struct Entry {
    event: Event,
    trace: Trace,
    event_id: String,
}

impl Entry {
    /// The record of `event` with what the pipeline learned.
    pub fn new(event: Event, trace: Trace) -> Self {
        Entry {
            event,
            trace,
            event_id: crate::http::request_id(),
        }
    }

    /// The record as one line of JSON.
    pub fn line(&self) -> String {
        let (event, trace) = (&self.event, &self.trace);
        // Read as the pipeline read them; a form it refused still shows what could be read.
        let mut params = Params::new();
        let _ = parse_form(&trace.form, &mut params);
        let event_source = match trace.action.map_or(event.service, Action::service) {
            Service::Iam => "iam.amazonaws.com",
            Service::Sts => "sts.amazonaws.com",
        };
        let operation = || {
            params
                .iter()
                .filter(|(k, _)| !is_envelope(k))
                .map(|(k, v)| (k.as_str(), v.as_str()))
        };
        let parameters = request_parameters(operation());
        let event_name = trace.action.map(Action::name).or_else(|| {
            params
                .iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v.as_str())
        });
        let (error_code, error_message) =
            event.error.as_ref().map(|(c, m)| (*c, m.as_str())).unzip();
        let record = Record {
            event_version: "1.11",
            user_identity: user_identity(trace.caller.as_deref(), event.access_key_id.as_deref()),
            event_time: event.time.to_rfc3339_opts(SecondsFormat::Secs, true),
            event_source,
            event_name,
            aws_region: &event.region,
            source_ip_address: event.source_ip.map(crate::text::ip),
            user_agent: event.user_agent.as_deref(),
            request_parameters: Some(&parameters).filter(|v| !v.is_null()),
            response_elements: None,
            error_code,
            error_message: error_message.map(|m| scrub(m, &secret_values(operation()))),
            request_id: &event.request_id,
            event_id: &self.event_id,
            read_only: event_name.is_some_and(read_only),
            event_type: "AwsApiCall",
            management_event: true,
            recipient_account_id: trace.caller.as_deref().map(Caller::account),
            event_category: "Management",
            // In `audit` mode a denial shows here while errorCode stays empty: the call went on.
            localiam: Localiam {
                decision: trace.verdict.as_ref().map(|v| v.outcome.as_str()),
                reason: trace.verdict.as_ref().map(|v| v.reason.as_ref()),
                encoded_authorization_message: trace
                    .verdict
                    .as_ref()
                    .and_then(|v| v.encoded_message.as_deref()),
            },
        };
        serde_json::to_string(&record).unwrap_or_default()
    }
}

/// Calls that only read, as CloudTrail's `readOnly` counts them.
fn read_only(name: &str) -> bool {
    ["Get", "List", "Simulate"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// `userIdentity`: who called, as far as it is known.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Identity<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<&'a str>,
}

fn user_identity<'a>(
    caller: Option<&'a Caller>,
    access_key_id: Option<&'a str>,
) -> Option<Identity<'a>> {
    let Some(caller) = caller else {
        return access_key_id.map(|key| Identity {
            kind: "Unknown",
            principal_id: None,
            arn: None,
            account_id: None,
            access_key_id: Some(key),
            user_name: None,
        });
    };
    let (kind, user_name) = match caller.principal() {
        Principal::Root => ("Root", None),
        Principal::User { name, .. } => ("IAMUser", Some(name.as_str())),
        Principal::AssumedRole { .. } => ("AssumedRole", None),
        Principal::FederatedUser { .. } => ("FederatedUser", None),
    };
    Some(Identity {
        kind,
        principal_id: Some(caller.user_id()),
        arn: Some(caller.arn()),
        account_id: Some(caller.account()),
        access_key_id: Some(caller.access_key_id()),
        user_name,
    })
}

/// The localiam part: what authorization decided and why.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Localiam<'a> {
    decision: Option<&'static str>,
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoded_authorization_message: Option<&'a str>,
}

/// The record, serialized straight from borrowed fields: it is built for every request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a> {
    event_version: &'static str,
    user_identity: Option<Identity<'a>>,
    event_time: String,
    event_source: &'static str,
    event_name: Option<&'a str>,
    aws_region: &'a str,
    #[serde(rename = "sourceIPAddress")]
    source_ip_address: Option<String>,
    user_agent: Option<&'a str>,
    request_parameters: Option<&'a Value>,
    response_elements: Option<&'a Value>,
    error_code: Option<&'a str>,
    error_message: Option<String>,
    #[serde(rename = "requestID")]
    request_id: &'a str,
    #[serde(rename = "eventID")]
    event_id: &'a str,
    read_only: bool,
    event_type: &'static str,
    management_event: bool,
    recipient_account_id: Option<&'a str>,
    event_category: &'static str,
    localiam: Localiam<'a>,
}
