//! One request as a CloudTrail-shaped record
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>),
//! plus what localiam's authorization decided.

use crate::auth::{Caller, Principal};
use crate::authz::Verdict;
use crate::protocol::xml::Timestamp;
use crate::protocol::{Action, Service};
use serde_json::{Value, json};
use std::net::IpAddr;

/// What the pipeline learned about a request, stage by stage; a stage that failed leaves the
/// later fields empty.
#[derive(Debug, Default)]
pub struct Trace {
    /// The `Action` parameter as sent, known or not.
    pub event_name: Option<String>,
    /// The operation, once looked up.
    pub action: Option<Action>,
    /// `requestParameters`, secrets hidden.
    pub parameters: Option<Value>,
    /// The secret parameters' values, hidden wherever an error message quotes them.
    pub secrets: Vec<String>,
    /// Who signed, once authenticated.
    pub caller: Option<Caller>,
    /// What authorization decided.
    pub verdict: Option<Verdict>,
}

/// Everything a record holds besides the trace.
pub struct Event<'a> {
    /// When the request arrived.
    pub time: Timestamp,
    /// The service the request was for (or was signed for).
    pub service: Service,
    /// The region signed for, or the configured one.
    pub region: &'a str,
    /// The client's address.
    pub source_ip: Option<IpAddr>,
    /// The `User-Agent` header.
    pub user_agent: Option<&'a str>,
    /// The access key in the signature, even when authentication failed.
    pub access_key_id: Option<&'a str>,
    /// The request id answered.
    pub request_id: &'a str,
    /// The error code and message answered, if any.
    pub error: Option<(&'a str, &'a str)>,
}

/// Calls that only read, as CloudTrail's `readOnly` counts them.
fn read_only(name: &str) -> bool {
    ["Get", "List", "Simulate"]
        .iter()
        .any(|p| name.starts_with(p))
}

fn user_identity(caller: Option<&Caller>, access_key_id: Option<&str>) -> Value {
    match caller.map(|c| (c, c.principal())) {
        Some((caller, Principal::Root)) => json!({
            "type": "Root",
            "principalId": caller.account(),
            "arn": caller.arn(),
            "accountId": caller.account(),
            "accessKeyId": caller.access_key_id(),
        }),
        Some((caller, Principal::User { name, id, arn })) => json!({
            "type": "IAMUser",
            "principalId": id,
            "arn": arn,
            "accountId": caller.account(),
            "accessKeyId": caller.access_key_id(),
            "userName": name,
        }),
        None => access_key_id.map_or(
            Value::Null,
            |key| json!({ "type": "Unknown", "accessKeyId": key }),
        ),
    }
}

/// The record as one line of JSON.
pub fn line(event: &Event<'_>, trace: &Trace) -> String {
    let service = match trace.action.map_or(event.service, Action::service) {
        Service::Iam => "iam.amazonaws.com",
        Service::Sts => "sts.amazonaws.com",
    };
    let event_name = trace
        .action
        .map(Action::name)
        .or(trace.event_name.as_deref());
    let (error_code, error_message) = event.error.unzip();
    let error_message = error_message.map(|m| super::scrub(m, &trace.secrets));
    // In `audit` mode a denial shows here while errorCode stays empty: the call went on.
    let localiam = json!({
        "decision": trace.verdict.as_ref().map(|v| v.outcome.as_str()),
        "reason": trace.verdict.as_ref().map(|v| v.reason.as_str()),
    });
    let record = json!({
        "eventVersion": "1.11",
        "userIdentity": user_identity(trace.caller.as_ref(), event.access_key_id),
        "eventTime": event.time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "eventSource": service,
        "eventName": event_name,
        "awsRegion": event.region,
        "sourceIPAddress": event.source_ip.map(|ip| ip.to_string()),
        "userAgent": event.user_agent,
        "requestParameters": trace.parameters,
        "responseElements": null,
        "errorCode": error_code,
        "errorMessage": error_message,
        "requestID": event.request_id,
        "eventID": crate::http::request_id(),
        "readOnly": event_name.is_some_and(read_only),
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": trace.caller.as_ref().map(Caller::account),
        "eventCategory": "Management",
        "localiam": localiam,
    });
    record.to_string()
}
