//! The issuers' HTTP side: discovery document, key set and a token endpoint that signs the
//! claims it is given.
//!
//! - `GET /_localiam/oidc/NAME/.well-known/openid-configuration`
//! - `GET /_localiam/oidc/NAME/jwks`
//! - `POST /_localiam/oidc/NAME/token` with a JSON object of claims (`sub`, `aud`, anything
//!   else; `iss`, `iat` and `exp` are filled in when absent) answers
//!   `{"id_token": JWT, "token_type": "Bearer", "expires_in": SECONDS}`.
//!
//! And each account's outbound issuer (GetWebIdentityToken), while the account has outbound
//! identity federation enabled (404 otherwise):
//!
//! - `GET /_localiam/outbound/ACCOUNT/.well-known/openid-configuration`
//! - `GET /_localiam/outbound/ACCOUNT/.well-known/jwks.json`

use super::issuer_id;
use crate::server::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::Arc;

/// The issuers' routes, to merge into the server's router.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/_localiam/oidc/{issuer}/.well-known/openid-configuration",
            get(discovery),
        )
        .route("/_localiam/oidc/{issuer}/jwks", get(jwks))
        .route("/_localiam/oidc/{issuer}/token", post(token))
        .route(
            "/_localiam/outbound/{account}/.well-known/openid-configuration",
            get(outbound_discovery),
        )
        .route(
            "/_localiam/outbound/{account}/.well-known/jwks.json",
            get(outbound_jwks),
        )
}

/// A JSON answer of a side endpoint (the SAML IdP routes use it too).
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `400` with `{"error": message}`.
pub(crate) fn bad_request(message: &str) -> Response {
    json_response(StatusCode::BAD_REQUEST, &json!({ "error": message }))
}

fn bad_name() -> Response {
    bad_request("issuer names are 1 to 64 letters, digits, '.', '_' or '-'")
}

async fn discovery(headers: HeaderMap, Path(issuer): Path<String>) -> Response {
    if !super::valid_name(&issuer) {
        return bad_name();
    }
    // The key set and token endpoint are served where the client reached this server.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let base = format!("http://{host}/_localiam/oidc/{issuer}");
    json_response(
        StatusCode::OK,
        &json!({
            "issuer": issuer_id(&issuer),
            "jwks_uri": format!("{base}/jwks"),
            "token_endpoint": format!("{base}/token"),
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "claims_supported": ["iss", "sub", "aud", "azp", "amr", "iat", "exp", "nbf"],
        }),
    )
}

async fn jwks(State(state): State<Arc<AppState>>, Path(issuer): Path<String>) -> Response {
    if !super::valid_name(&issuer) {
        return bad_name();
    }
    json_response(StatusCode::OK, &state.issuers.jwks(&issuer))
}

async fn token(
    State(state): State<Arc<AppState>>,
    Path(issuer): Path<String>,
    body: Bytes,
) -> Response {
    if !super::valid_name(&issuer) {
        return bad_name();
    }
    let claims = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Map::new()
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(claims)) => claims,
            _ => return bad_request("the body must be a JSON object of claims"),
        }
    };
    let now = state.clock.now().timestamp();
    let token = state.issuers.mint(&issuer, claims.clone(), now);
    let expires_in = claims
        .get("exp")
        .and_then(Value::as_i64)
        .map_or(super::DEFAULT_LIFETIME_SECONDS, |exp| exp - now);
    json_response(
        StatusCode::OK,
        &json!({ "id_token": token, "token_type": "Bearer", "expires_in": expires_in }),
    )
}

/// Whether `account` is an account id whose account has outbound identity federation enabled.
fn outbound_enabled(state: &AppState, account: &str) -> bool {
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && state
            .store
            .account(account)
            .read()
            .outbound_web_identity_federation
}

fn not_found() -> Response {
    json_response(
        StatusCode::NOT_FOUND,
        &json!({ "error": "outbound identity federation is not enabled for this account" }),
    )
}

async fn outbound_discovery(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(account): Path<String>,
) -> Response {
    if !outbound_enabled(&state, &account) {
        return not_found();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    json_response(
        StatusCode::OK,
        &json!({
            "issuer": super::outbound::issuer_id(&account),
            "jwks_uri": format!("http://{host}/_localiam/outbound/{account}/.well-known/jwks.json"),
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES384"],
        }),
    )
}

async fn outbound_jwks(
    State(state): State<Arc<AppState>>,
    Path(account): Path<String>,
) -> Response {
    if !outbound_enabled(&state, &account) {
        return not_found();
    }
    // The RSA key may be made here, which takes a moment: off the async workers.
    let jwks = tokio::task::spawn_blocking(move || state.issuers.outbound.jwks(&account)).await;
    match jwks {
        Ok(jwks) => json_response(StatusCode::OK, &jwks),
        Err(_) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({ "error": "the key set could not be made" }),
        ),
    }
}
