//! A real localiam server on an ephemeral port, and real AWS SDK clients pointed at it.

use aws_credential_types::Credentials;
use aws_sdk_iam::config::{BehaviorVersion, Region};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use localiam::config::Config;
use localiam::server::{self, AppState};
use std::sync::Arc;

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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    let state = Arc::new(AppState::new(config));
    tokio::spawn(server::serve(
        listener,
        Arc::clone(&state),
        std::future::pending(),
    ));
    Server { endpoint, state }
}

impl Server {
    /// An IAM client signing as the default account's root (`test`/`test`).
    pub fn iam(&self) -> aws_sdk_iam::Client {
        self.iam_as("test", "test", None)
    }

    /// An IAM client with the given credentials.
    pub fn iam_as(&self, key: &str, secret: &str, token: Option<String>) -> aws_sdk_iam::Client {
        let config = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(key, secret, token, None, "localiam-tests"))
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_iam::Client::from_conf(config)
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

    /// POSTs a raw form body, for what SDKs would refuse to send. Returns status and body.
    pub async fn post_form(&self, body: &str) -> (u16, String) {
        let response = reqwest::Client::new()
            .post(&self.endpoint)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
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
