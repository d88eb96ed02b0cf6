//! A real localiam server on an ephemeral port, and real AWS SDK clients pointed at it.

use aws_credential_types::Credentials;
use aws_sdk_iam::config::{BehaviorVersion, Region};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SignatureLocation, SigningParams, SigningSettings, sign,
};
use aws_sigv4::sign::v4;
use localiam::clock::{Clock, ManualClock};
use localiam::config::Config;
use localiam::server::{self, AppState};
use std::sync::Arc;
use std::time::SystemTime;

/// A running server; it stops when the test's runtime ends.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// The server's state, for assertions that look inside.
    pub state: Arc<AppState>,
}

/// Starts a server with the default configuration.
pub async fn start() -> Server {
    start_with(Config::defaults()).await
}

/// Starts a server with a given configuration.
pub async fn start_with(config: Config) -> Server {
    serve(AppState::new(config)).await
}

/// Starts a server whose starting state is the init file at `path`; panics if it is refused.
pub async fn start_with_init(path: &std::path::Path) -> Server {
    let mut config = Config::defaults();
    config.init = Some(path.to_path_buf());
    let mut state = AppState::new(config);
    localiam::init::apply(&mut state).expect("the init file is accepted");
    serve(state).await
}

/// Starts a server with the default configuration whose time is `clock` (a `ManualClock` near
/// the real time, since the SDK signs with the system clock).
pub async fn start_with_clock(clock: Arc<dyn Clock>) -> Server {
    serve(AppState::with_clock(Config::defaults(), clock)).await
}

async fn serve(state: AppState) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    let state = Arc::new(state);
    tokio::spawn(server::serve(
        listener,
        Arc::clone(&state),
        std::future::pending(),
    ));
    Server { endpoint, state }
}

/// An IAM client for any endpoint (a server started as a separate process, say).
pub fn iam_client(
    endpoint: &str,
    key: &str,
    secret: &str,
    token: Option<String>,
) -> aws_sdk_iam::Client {
    let config = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(key, secret, token, None, "localiam-tests"))
        .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_iam::Client::from_conf(config)
}

/// A server on a manual clock standing at `at`, for what happens hours later.
pub async fn start_on_clock(at: chrono::DateTime<chrono::Utc>) -> (Server, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(at));
    let server = start_with_clock(Arc::clone(&clock) as Arc<dyn Clock>).await;
    (server, clock)
}

impl Server {
    /// An IAM client signing as the default account's root (`test`/`test`).
    pub fn iam(&self) -> aws_sdk_iam::Client {
        self.iam_as("test", "test", None)
    }

    /// An IAM client with the given credentials.
    pub fn iam_as(&self, key: &str, secret: &str, token: Option<String>) -> aws_sdk_iam::Client {
        iam_client(&self.endpoint, key, secret, token)
    }

    /// An STS client signing as root.
    pub fn sts(&self) -> aws_sdk_sts::Client {
        self.sts_as("test", "test", None)
    }

    /// An STS client with the given credentials.
    pub fn sts_as(&self, key: &str, secret: &str, token: Option<String>) -> aws_sdk_sts::Client {
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(aws_sdk_sts::config::Region::new("us-east-1"))
            .credentials_provider(Credentials::new(key, secret, token, None, "localiam-tests"))
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_sts::Client::from_conf(config)
    }

    /// POSTs a raw form body signed as the default root, for what SDKs would refuse to send.
    /// Returns status and body.
    pub async fn post_form(&self, body: &str) -> (u16, String) {
        let response = self
            .signed("POST", "", body.as_bytes())
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// POSTs a raw form body to IAM signed with the access key `key` and its `secret`.
    /// Returns status and body.
    pub async fn post_form_as(&self, key: &str, secret: &str, body: &str) -> (u16, String) {
        let response = self
            .signed_with((key, secret), "POST", "", body.as_bytes())
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// A request to `path_and_query` (after the endpoint, e.g. `/?Action=ListUsers`) with a form
    /// `body`, SigV4-signed for IAM as the default root (`test`/`test`) at the current time.
    pub fn signed(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> reqwest::RequestBuilder {
        self.signed_with(("test", "test"), method, path_and_query, body)
    }

    /// [`Server::signed`] with the access key and secret `(key, secret)`.
    pub fn signed_with(
        &self,
        credentials: (&str, &str),
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> reqwest::RequestBuilder {
        self.signed_at(
            credentials,
            (method, path_and_query, body),
            SystemTime::now(),
            SignatureLocation::Headers,
        )
    }

    /// A request `(method, path_and_query, body)` signed with `(key, secret)` as of `time`, in
    /// the headers or presigned in the query string.
    pub fn signed_at(
        &self,
        (key, secret): (&str, &str),
        (method, path_and_query, body): (&str, &str, &[u8]),
        time: SystemTime,
        location: SignatureLocation,
    ) -> reqwest::RequestBuilder {
        let url = format!(
            "{}{}",
            self.endpoint,
            if path_and_query.is_empty() {
                "/"
            } else {
                path_and_query
            }
        );
        let content_type = "application/x-www-form-urlencoded";
        let identity = Credentials::new(key, secret, None, None, "localiam-tests").into();
        let mut settings = SigningSettings::default();
        settings.signature_location = location;
        settings.expires_in = Some(std::time::Duration::from_mins(15));
        let params: SigningParams<'_> = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name(service_of(body))
            .time(time)
            .settings(settings)
            .build()
            .expect("signing params")
            .into();
        let signable = SignableRequest::new(
            method,
            url.as_str(),
            [("content-type", content_type)].into_iter(),
            SignableBody::Bytes(body),
        )
        .expect("signable");
        let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut url = reqwest::Url::parse(&url).expect("url");
        for (name, value) in instructions.params() {
            url.query_pairs_mut().append_pair(name, value);
        }
        let mut request = reqwest::Client::new()
            .request(method, url)
            .header("content-type", content_type)
            .body(body.to_vec());
        for header in instructions.headers() {
            request = request.header(header.0, header.1);
        }
        request
    }
}

/// The service a form body is for: STS when it names STS's API version, else IAM.
fn service_of(body: &[u8]) -> &'static str {
    let sts = body.windows(18).any(|w| w == b"Version=2011-06-15");
    if sts { "sts" } else { "iam" }
}

/// The AWS error code of a failed SDK call.
pub fn code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> String {
    err.as_service_error()
        .and_then(ProvideErrorMetadata::code)
        .unwrap_or("<no service error>")
        .to_string()
}

/// The AWS error message of a failed SDK call.
pub fn message<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> String {
    err.as_service_error()
        .and_then(ProvideErrorMetadata::message)
        .unwrap_or_default()
        .to_string()
}

/// The HTTP status of a failed SDK call.
pub fn status<E>(err: &SdkError<E, aws_sdk_iam::config::http::HttpResponse>) -> u16 {
    err.raw_response().map_or(0, |r| r.status().as_u16())
}
