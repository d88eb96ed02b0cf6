//! One request, in order: parameters, action, caller, input, authorization, handler, XML. The only code that
//! sequences the stages; each stage lives in its own module.

use crate::actions::{self, Ctx};
use crate::audit::{self, Trace};
use crate::auth::Authenticator;
use crate::auth::sigv4::{self, SignedRequest};
use crate::authz::{self, Authorizer, Facts};
use crate::config::AuthMode;
use crate::error::{ApiError, ErrorCode};
use crate::http::{self, Params, is_envelope};
use crate::metrics::Decision;
use crate::protocol::decode::Node;
use crate::protocol::{Action, Request, Service, xml};
use crate::server::AppState;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

/// What the HTTP layer hands the pipeline.
pub struct Incoming<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The raw path, still percent-encoded.
    pub path: &'a str,
    /// The raw query string.
    pub query: Option<&'a str>,
    /// Every header as received.
    pub headers: &'a [(&'a str, &'a str)],
    /// The raw body.
    pub body: &'a [u8],
    /// The client's address, when the server knows it.
    pub source_ip: Option<IpAddr>,
}

/// What the pipeline hands back: status, XML body and the request id.
pub struct Outgoing {
    /// HTTP status.
    pub status: u16,
    /// XML document.
    pub body: String,
    /// The `x-amzn-RequestId`.
    pub request_id: String,
}

/// Runs one request through every stage.
pub fn run(state: &AppState, incoming: &Incoming<'_>) -> Outgoing {
    let started = Instant::now();
    let request_id = http::request_id();
    // Every event logged while serving the request carries its id. A debug span: at the default
    // level its callsite is disabled and costs one atomic load; an enabled span costs the log
    // filter's locks and the formatter's allocations on every request.
    let span = tracing::debug_span!("request", request_id = %request_id);
    let _in_span = span.enter();
    let signed_request = SignedRequest {
        method: incoming.method,
        path: incoming.path,
        query: incoming.query,
        headers: incoming.headers,
        body: incoming.body,
    };
    let signature = sigv4::parse(&signed_request);
    let signed_for = signature
        .as_ref()
        .ok()
        .and_then(|signed| signing_service(&signed.service));
    let mut trace = Trace::default();
    let mut params = Params::new();
    let result = (|| {
        if let Some(q) = incoming.query {
            http::parse_form(q.as_bytes(), &mut params)?;
        }
        http::parse_form(incoming.body, &mut params)?;
        let action = lookup(signed_for, &params)?;
        trace.action = Some(action);
        let now = state.clock.now();
        let authenticator = Authenticator {
            store: &state.store,
            config: &state.config,
            keys: &state.signing_keys,
            known: &state.known_keys,
            now,
        };
        // Shared with the audit record rather than copied into it.
        let caller = authenticator.authenticate(&signed_request, signature.as_ref(), action)?;
        trace.caller = Some(Arc::clone(&caller));
        if state.config.auth != AuthMode::Off {
            authz::session_limits::check(&caller, action)?;
        }
        // Every authenticated attempt counts as usage, whatever authorization decides.
        let signed_in = signature
            .as_ref()
            .map_or(&state.config.region, |s| &s.region);
        let usage = &state.store.usage;
        usage.record(&caller, action, signed_in, now);
        let tree = Node::from_params(
            params
                .iter()
                .filter(|(k, _)| !is_envelope(k))
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )?;
        let request = Request::decode(action, &tree)?;
        let region = signature
            .as_ref()
            .map_or(state.config.region.as_str(), |s| s.region.as_str());
        let facts = Facts {
            request_id: &request_id,
            now,
            region,
            source_ip: incoming.source_ip,
            user_agent: incoming
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
                .map(|(_, v)| *v),
        };
        let authorizer = Authorizer {
            store: &state.store,
            mode: state.config.auth,
            facts,
            profiles: &state.profiles,
        };
        let verdict = authorizer.authorize(&caller, action, &tree);
        let allowed = verdict.check();
        state
            .metrics
            .decision(Decision::of(&verdict, state.config.auth, action));
        trace.verdict = Some(verdict);
        allowed?;
        let cx = Ctx {
            store: &state.store,
            caller: &caller,
            now,
            region,
            facts,
            issuers: &state.issuers,
            strict: state.config.strict,
        };
        let output = actions::dispatch(&cx, request)?;
        Ok::<_, ApiError>((action, output))
    })();
    let error = result.as_ref().err();
    let action = trace.action;
    if state.audit.is_enabled() {
        trace.form = form(incoming);
    }
    record(
        state,
        incoming,
        trace,
        signature.as_ref().ok(),
        &request_id,
        error,
    );
    let outgoing = match result {
        Ok((action, output)) => {
            let body = xml::response(
                namespace(action.service()),
                action.name(),
                output.as_deref().map(|o| o as &dyn xml::WriteXml),
                &request_id,
            );
            Outgoing {
                status: 200,
                body,
                request_id,
            }
        }
        Err(e) => {
            let service = signed_for.unwrap_or(Service::Iam);
            let body = xml::error_response(
                namespace(service),
                e.code.sender_fault(),
                e.code.code(),
                &e.message,
                &request_id,
            );
            Outgoing {
                status: e.code.status(),
                body,
                request_id,
            }
        }
    };
    let elapsed = started.elapsed();
    let service = action.map_or(signed_for.unwrap_or(Service::Iam), Action::service);
    state
        .metrics
        .request(service, action, outgoing.status, elapsed);
    tracing::debug!(
        action = action.map_or("unknown", Action::name),
        status = outgoing.status,
        micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        "served"
    );
    outgoing
}

/// Adds the request's record to the audit log.
fn record(
    state: &AppState,
    incoming: &Incoming<'_>,
    trace: Trace,
    signed: Option<&sigv4::Signed>,
    request_id: &str,
    error: Option<&ApiError>,
) {
    if !state.audit.is_enabled() {
        return;
    }
    let event = audit::Event {
        time: state.clock.now(),
        service: signed
            .and_then(|s| signing_service(&s.service))
            .unwrap_or(Service::Iam),
        region: signed
            .map_or(state.config.region.as_str(), |s| s.region.as_str())
            .to_owned(),
        source_ip: incoming.source_ip,
        user_agent: header(incoming, "user-agent").map(str::to_owned),
        access_key_id: signed.map(|s| s.access_key_id.clone()),
        request_id: request_id.to_owned(),
        error: error.map(|e| (e.code.code(), e.message.clone())),
    };
    state.audit.record(audit::Entry::new(event, trace));
}

/// The request's parameters as sent, query string then body, for the audit record to read when
/// it is written: one allocation, where keeping the parsed pairs would cost one per name and value.
fn form(incoming: &Incoming<'_>) -> Box<[u8]> {
    let query = incoming.query.unwrap_or_default().as_bytes();
    let mut form = Vec::with_capacity(query.len() + 1 + incoming.body.len());
    form.extend_from_slice(query);
    form.push(b'&');
    form.extend_from_slice(incoming.body);
    form.into_boxed_slice()
}

fn header<'a>(incoming: &Incoming<'a>, name: &str) -> Option<&'a str> {
    incoming
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

fn lookup(signed_for: Option<Service>, params: &Params) -> Result<Action, ApiError> {
    let name = params
        .iter()
        .find(|(k, _)| k == "Action")
        .map(|(_, v)| v.as_str())
        .ok_or_else(|| ApiError::new(ErrorCode::MissingAction, "Missing Action"))?;
    let service = signed_for.unwrap_or(Service::Iam);
    let version = match service {
        Service::Iam => "2010-05-08",
        Service::Sts => "2011-06-15",
    };
    Action::from_name(name)
        .filter(|a| signed_for.is_none_or(|s| a.service() == s))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidAction,
                format!("Could not find operation {name} for version {version}"),
            )
        })
}

/// The service a request was signed for, if it is one we serve.
fn signing_service(name: &str) -> Option<Service> {
    match name {
        "iam" => Some(Service::Iam),
        "sts" => Some(Service::Sts),
        _ => None,
    }
}

fn namespace(service: Service) -> &'static str {
    match service {
        Service::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
        Service::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
    }
}
