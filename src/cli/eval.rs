//! `localiam policy eval [FILE]`: one JSON request per line in, one JSON answer per line out.
//! The request format and the evaluation belong to the engine (`iam_policy::batch`); this file
//! only moves lines. Blank lines are skipped.

use super::{EvalArgs, USAGE_ERROR};
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

// SHIM: `iam_policy::batch::evaluate_line` is being written on branch engine-cases; until it is
// on main, this stand-in answers as the engine's stubbed decision does. When main has it, delete
// `batch_shim` and import `iam_policy::batch` instead.
use batch_shim as batch;

/// Runs the command.
pub fn run(args: &EvalArgs) -> ExitCode {
    let input: Box<dyn BufRead> = match args.file.as_deref() {
        Some(path) if path.as_os_str() != "-" => match std::fs::File::open(path) {
            Ok(file) => Box::new(BufReader::new(file)),
            Err(e) => {
                eprintln!("localiam: cannot read {}: {e}", path.display());
                return ExitCode::from(USAGE_ERROR);
            }
        },
        _ => Box::new(std::io::stdin().lock()),
    };
    let mut out = std::io::stdout().lock();
    for line in input.lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("localiam: cannot read the requests: {e}");
                return ExitCode::FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        // Flushed per line so a caller driving the command through a pipe gets each answer.
        if writeln!(out, "{}", batch::evaluate_line(&line))
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// SHIM for `iam_policy::batch` (branch engine-cases); delete once it is on main.
mod batch_shim {
    use serde_json::{Value, json};

    /// Answers a request object with the stubbed engine's decision, anything else with an
    /// `InvalidInput` error.
    pub fn evaluate_line(line: &str) -> Value {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(_)) => json!({
                "decision": "implicitDeny",
                "matched_statements": [],
                "sources": [],
                "missing_context_keys": [],
            }),
            Ok(_) => json!({"error": {
                "code": "InvalidInput",
                "message": "a request is a JSON object",
            }}),
            Err(e) => json!({"error": {
                "code": "InvalidInput",
                "message": e.to_string(),
                "position": {"line": e.line(), "column": e.column()},
            }}),
        }
    }
}
