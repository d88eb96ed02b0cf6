//! The `localiam` binary.

use localiam::cli;
use localiam::config::{Config, LogFormat};
use localiam::server::{self, AppState};
use std::process::ExitCode;
use std::sync::Arc;

/// mimalloc rather than glibc's malloc: each request makes and frees many small allocations on
/// whichever worker thread runs it, where glibc's per-thread arenas cost more and vary more from
/// run to run (BENCHMARKS.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => serve(cli.config),
    }
}

/// The server, until a shutdown signal.
#[tokio::main]
async fn serve(config: Config) -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log_level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        // The request span's fields (its request id) on every line; one span, so no list.
        LogFormat::Json => builder.json().with_span_list(false).init(),
        LogFormat::Text => builder.init(),
    }
    // A log that cannot be written is a reason not to start, not to run unaudited.
    if let Some(path) = config.audit_log.as_deref().filter(|p| *p != "stderr")
        && let Err(e) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    {
        tracing::error!("cannot open the audit log {path}: {e}");
        return ExitCode::FAILURE;
    }
    let mut state = AppState::new(config);
    if let Err(e) = localiam::init::apply(&mut state) {
        tracing::error!("{e}");
        return ExitCode::FAILURE;
    }
    let config = &state.config;
    let addr = format!("{}:{}", config.host, config.port);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "localiam {} listening on http://{addr} account={} auth={}{} root credentials: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test",
        env!("CARGO_PKG_VERSION"),
        config.account_id,
        config.auth.as_str(),
        state
            .init
            .as_ref()
            .map(|seed| format!(" {}", seed.summary()))
            .unwrap_or_default()
    );
    let state = Arc::new(state);
    match server::serve(listener, state, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("server failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
