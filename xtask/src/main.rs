//! Project generators: `cargo xtask model | codegen | coverage | data`. Their output is committed.

mod codegen;
mod coverage;
mod data;
mod model;
mod service_reference;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("model") => model::import(&root, args.get(1).map(String::as_str)),
        Some("codegen") => codegen::run(&root),
        Some("coverage") => coverage::run(&root, args.iter().any(|a| a == "--markdown")),
        Some("data") => data::run(
            &root,
            args.get(1).map(String::as_str),
            args.get(2).map(String::as_str),
        ),
        _ => {
            Err("usage: cargo xtask model [BOTOCORE_DIR] | codegen | coverage [--markdown] | data [PACKAGE_DIR [IAM_DATA_DIR]]".into())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// Result type of every generator step.
pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;
