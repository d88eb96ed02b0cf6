//! `localiam policy eval [FILE]`: one JSON request per line in, one JSON answer per line out.
//! The request format and the evaluation belong to the engine (`iam_policy::batch`); this file
//! only moves lines. Blank lines are skipped.

use super::{EvalArgs, USAGE_ERROR};
use iam_policy::batch;
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

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
