//! One request, in order: parameters, action, caller, input, handler, XML. The only code that
//! sequences the stages; each stage lives in its own module.

use crate::actions::{self, Ctx};
use crate::auth::{self, CredentialScope};
use crate::error::{ApiError, ErrorCode};
use crate::http::{self, Params};
use crate::protocol::decode::Node;
use crate::protocol::{Action, Request, Service, xml};
use crate::server::AppState;

/// What the HTTP layer hands the pipeline.
pub struct Incoming<'a> {
    /// The raw query string.
    pub query: Option<&'a str>,
    /// The raw body.
    pub body: &'a [u8],
    /// The `Authorization` header, if any.
    pub authorization: Option<&'a str>,
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

/// Parameters that belong to the protocol or to presigning, not to the operation's input.
fn is_envelope(name: &str) -> bool {
    name == "Action" || name == "Version" || name.starts_with("X-Amz-")
}

/// Runs one request through every stage.
pub fn run(state: &AppState, incoming: &Incoming<'_>) -> Outgoing {
    let request_id = http::request_id();
    let mut scope = incoming
        .authorization
        .and_then(CredentialScope::from_authorization);
    let result = (|| {
        let mut params = Params::new();
        if let Some(q) = incoming.query {
            http::parse_form(q.as_bytes(), &mut params)?;
        }
        http::parse_form(incoming.body, &mut params)?;
        if scope.is_none() {
            scope = params
                .iter()
                .find(|(k, _)| k == "X-Amz-Credential")
                .and_then(|(_, v)| CredentialScope::from_credential(v));
        }
        let action = lookup(scope.as_ref().and_then(CredentialScope::service), &params)?;
        let caller = auth::authenticate(&state.store, &state.config, scope.as_ref())?;
        let tree = Node::from_params(
            params
                .iter()
                .filter(|(k, _)| !is_envelope(k))
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )?;
        let request = Request::decode(action, &tree)?;
        let region = scope
            .as_ref()
            .map_or(state.config.region.as_str(), |s| s.region.as_str());
        let cx = Ctx {
            store: &state.store,
            caller: &caller,
            now: state.clock.now(),
            region,
        };
        let output = actions::dispatch(&cx, request)?;
        Ok::<_, ApiError>((action, output))
    })();
    match result {
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
            let service = scope
                .as_ref()
                .and_then(CredentialScope::service)
                .unwrap_or(Service::Iam);
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
    }
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

fn namespace(service: Service) -> &'static str {
    match service {
        Service::Iam => "https://iam.amazonaws.com/doc/2010-05-08/",
        Service::Sts => "https://sts.amazonaws.com/doc/2011-06-15/",
    }
}
