//! The built-in identity providers' HTTP side (see the module doc of [`crate::saml`]).

use super::idp::{self, AssertionRequest};
use crate::oidc::routes::{bad_request, json_response};
use crate::server::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use std::sync::Arc;

/// The identity providers' routes, to merge into the server's router.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/_localiam/saml/{idp}/metadata", get(metadata))
        .route("/_localiam/saml/{idp}/assertion", post(assertion))
}

fn bad_name() -> Response {
    bad_request("identity provider names are 1 to 64 letters, digits, '.', '_' or '-'")
}

async fn metadata(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    let Some(provider) = state.saml_idps.get(&name) else {
        return bad_name();
    };
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/samlmetadata+xml")],
        idp::metadata(&provider, &name),
    )
        .into_response()
}

async fn assertion(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let Some(provider) = state.saml_idps.get(&name) else {
        return bad_name();
    };
    let request: AssertionRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return bad_request(&format!("the body must be a JSON object: {e}")),
    };
    match idp::response(&provider, &name, &request, state.clock.now()) {
        Ok((document, expires)) => json_response(
            StatusCode::OK,
            &json!({
                "saml_assertion": STANDARD.encode(document),
                "issuer": request.issuer.unwrap_or_else(|| super::entity_id(&name)),
                "expires": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            }),
        ),
        Err(message) => bad_request(&message),
    }
}
