//! The HTTP server: the AWS endpoint on `/` and the side endpoints under `/_localiam/`.

use crate::audit::AuditLog;
use crate::auth::sigv4::SigningKeyCache;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::pipeline::{self, Incoming};
use crate::protocol::Service;
use crate::store::Store;
use axum::Router;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Shared state of every request.
#[derive(Debug)]
pub struct AppState {
    /// All accounts.
    pub store: Store,
    /// Configuration.
    pub config: Config,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// SigV4 signing keys already derived.
    pub signing_keys: SigningKeyCache,
    /// IAM user access keys already resolved.
    pub known_keys: crate::auth::KnownKeys,
    /// Callers' policies already gathered.
    pub profiles: crate::authz::Profiles,
    /// The audit log of every request.
    pub audit: AuditLog,
    /// The built-in test OIDC issuers' signing keys.
    pub issuers: crate::oidc::Issuers,
    /// The built-in test SAML identity providers' keys and certificates.
    pub saml_idps: crate::saml::Idps,
    /// The `--init` file's state, which resets return to.
    pub init: Option<crate::init::Seed>,
    /// Request counters for `GET /_localiam/metrics`.
    pub metrics: crate::metrics::Metrics,
}

impl AppState {
    /// State for `config` on the system clock.
    pub fn new(config: Config) -> Self {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// State for `config` on a given clock.
    pub fn with_clock(config: Config, clock: Arc<dyn Clock>) -> Self {
        let audit =
            AuditLog::new(config.audit_log.as_deref(), config.audit_buffer).unwrap_or_else(|e| {
                tracing::error!("audit log: cannot open {:?}: {e}", config.audit_log);
                AuditLog::in_memory(config.audit_buffer)
            });
        AppState {
            store: Store::new(!config.no_entity_quotas),
            config,
            clock,
            signing_keys: SigningKeyCache::default(),
            known_keys: crate::auth::KnownKeys::default(),
            profiles: crate::authz::Profiles::default(),
            audit,
            issuers: crate::oidc::Issuers::default(),
            saml_idps: crate::saml::Idps::default(),
            init: None,
            metrics: crate::metrics::Metrics::default(),
        }
    }
}

/// The router: side endpoints first, everything else is the AWS endpoint.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/_localiam/health", get(health))
        .route("/_localstack/health", get(health))
        .route("/_localiam/reset", post(reset))
        .route("/moto-api/reset", post(moto_reset).get(moto_reset_get))
        .route("/_localiam/audit", get(audit))
        .route("/_localiam/metrics", get(metrics))
        .merge(crate::oidc::routes::routes())
        .merge(crate::saml::routes::routes())
        .fallback(aws)
        .with_state(state)
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer address is the request's aws:SourceIp.
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn aws(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let source_ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let bytes = match tokio::time::timeout(
        Duration::from_secs(state.config.body_timeout),
        axum::body::to_bytes(body, state.config.max_body),
    )
    .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            state
                .metrics
                .request(Service::Iam, None, 413, started.elapsed());
            return too_large(&state);
        }
        Err(_) => {
            state
                .metrics
                .request(Service::Iam, None, 408, started.elapsed());
            return (StatusCode::REQUEST_TIMEOUT, [(header::CONNECTION, "close")]).into_response();
        }
    };
    // Headers that are not visible ASCII cannot be part of a valid signature; they are dropped.
    let headers: Vec<(&str, &str)> = parts
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let incoming = Incoming {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &headers,
        body: &bytes,
        source_ip,
    };
    let out = pipeline::run(&state, &incoming);
    xml_response(out.status, out.body, &out.request_id)
}

fn too_large(state: &AppState) -> Response {
    let request_id = crate::http::request_id();
    let message = format!("Request body exceeds {} bytes", state.config.max_body);
    let body = crate::protocol::xml::error_response(
        "https://iam.amazonaws.com/doc/2010-05-08/",
        true,
        "RequestEntityTooLarge",
        &message,
        &request_id,
    );
    let mut response = xml_response(413, body, &request_id);
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn xml_response(status: u16, body: String, request_id: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-RequestId", v);
    }
    response
}

async fn health(State(state): State<Arc<AppState>>) -> Response {
    let body = serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "edition": "localiam",
        "services": { "iam": "running", "sts": "running" },
        "auth": state.config.auth.as_str(),
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `GET /_localiam/audit?limit=N`.
#[derive(Debug, serde::Deserialize)]
struct AuditQuery {
    limit: Option<usize>,
}

async fn audit(State(state): State<Arc<AppState>>, Query(query): Query<AuditQuery>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.audit.recent(query.limit),
    )
        .into_response()
}

async fn reset(State(state): State<Arc<AppState>>) -> Response {
    state.store.reset();
    if let Some(seed) = &state.init {
        seed.install(&state.store);
    }
    state.audit.clear();
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"reset":true}"#,
    )
        .into_response()
}

/// moto's reset, answered as moto answers it.
async fn moto_reset(state: State<Arc<AppState>>) -> Response {
    reset(state).await;
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"status": "ok"}"#,
    )
        .into_response()
}

/// moto refuses a reset that is not a POST with this 400.
async fn moto_reset_get() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"Error": "Need to POST to reset Moto"}"#,
    )
        .into_response()
}

/// `GET /_localiam/metrics`: Prometheus text format.
async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)],
        state.metrics.render(&state.store),
    )
        .into_response()
}
