//! Command-line flags and `LOCALIAM_*` environment variables.

use clap::{Parser, ValueEnum};

/// How requests are authenticated and authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthMode {
    /// Verify every signature and evaluate every non-root call.
    Enforce,
    /// Evaluate and log would-be denials, then allow.
    Audit,
    /// Accept unsigned requests and unknown keys as the root of the account they name.
    Off,
}

impl AuthMode {
    /// The mode's name as shown in the startup line and health endpoint.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::Enforce => "enforce",
            AuthMode::Audit => "audit",
            AuthMode::Off => "off",
        }
    }
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// localiam's configuration.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "localiam",
    version,
    about = "A local, in-memory emulator of AWS IAM and STS"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LOCALIAM_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on.
    #[arg(long, env = "LOCALIAM_PORT", default_value_t = 4566)]
    pub port: u16,
    /// The default account: root credentials `test`/`test` and unknown keys belong to it.
    #[arg(long, env = "LOCALIAM_ACCOUNT_ID", default_value = "000000000000", value_parser = parse_account)]
    pub account_id: String,
    /// Authentication and authorization mode.
    #[arg(long, env = "LOCALIAM_AUTH", value_enum, default_value_t = AuthMode::Enforce)]
    pub auth: AuthMode,
    /// Answer unknown access keys with InvalidClientTokenId instead of treating them as root.
    #[arg(long, env = "LOCALIAM_STRICT")]
    pub strict: bool,
    /// Log filter, in `tracing` env-filter syntax.
    #[arg(long, env = "LOCALIAM_LOG_LEVEL", default_value = "info")]
    pub log_level: String,
    /// Log line format.
    #[arg(long, env = "LOCALIAM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "LOCALIAM_MAX_BODY", default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Seconds a client may take to send its request body before the connection is closed.
    #[arg(long, env = "LOCALIAM_BODY_TIMEOUT", default_value_t = 30)]
    pub body_timeout: u64,
    /// Lift AWS's per-account entity quotas (5,000 users, 1,000 roles, ...), for load tests.
    #[arg(long, env = "LOCALIAM_NO_ENTITY_QUOTAS")]
    pub no_entity_quotas: bool,
    /// The region reported when a request does not name one.
    #[arg(long, env = "LOCALIAM_REGION", default_value = "us-east-1")]
    pub region: String,
    /// Write every request's audit record, one JSON line each, to `stderr` or to this file.
    #[arg(long, env = "LOCALIAM_AUDIT_LOG", value_name = "stderr|PATH")]
    pub audit_log: Option<String>,
    /// How many recent audit records `GET /_localiam/audit` keeps.
    #[arg(long, env = "LOCALIAM_AUDIT_BUFFER", default_value_t = 1000)]
    pub audit_buffer: usize,
    /// A starting state (accounts, users, groups, roles, policies, access keys) to build at
    /// startup and return to on every reset; JSON or YAML.
    #[arg(long, env = "LOCALIAM_INIT", value_name = "FILE")]
    pub init: Option<std::path::PathBuf>,
}

fn parse_account(s: &str) -> Result<String, String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("an account id is 12 digits".into())
    }
}

impl Config {
    /// The defaults, as if no flag were given (for tests and embedding).
    pub fn defaults() -> Self {
        Config::parse_from(["localiam"])
    }
}
