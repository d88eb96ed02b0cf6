//! The `localiam` command line: the server by default (flags and `LOCALIAM_*` variables in
//! [`Config`]), and the policy tools as subcommands (`localiam policy validate|eval`).

mod eval;
pub mod validate;

use crate::config::Config;
use clap::{Args, Parser, Subcommand, ValueEnum};
use iam_policy::parse::PolicyKind;
use std::path::PathBuf;
use std::process::ExitCode;

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "localiam",
    version,
    about = "A local, in-memory emulator of AWS IAM and STS",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The server's configuration, used when no subcommand is given.
    #[command(flatten)]
    pub config: Config,
    /// A tool to run instead of the server.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Policy tools that run the policy engine offline.
    Policy {
        /// What to do.
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

/// `localiam policy ...`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check a policy document and print Access Analyzer-style findings, one JSON object per
    /// line. Exits 1 when a finding is an ERROR.
    Validate(ValidateArgs),
    /// Evaluate JSON requests, one per line, and print one JSON answer per line.
    Eval(EvalArgs),
}

/// `localiam policy validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The policy document; `-` reads standard input.
    pub file: PathBuf,
    /// Where the policy is used, which decides the rules it must follow.
    #[arg(long, value_enum, default_value_t = Kind::Identity)]
    pub kind: Kind,
}

/// `localiam policy eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The requests, one JSON object per line; standard input when absent or `-`.
    pub file: Option<PathBuf>,
}

/// The policy kinds as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Attached to a user, group or role.
    Identity,
    /// Attached to a resource (principal required).
    Resource,
    /// A role's trust policy.
    Trust,
    /// A permissions boundary.
    Boundary,
    /// A session policy.
    Session,
    /// An Organizations service control policy.
    Scp,
    /// An Organizations resource control policy.
    Rcp,
}

impl From<Kind> for PolicyKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Identity => PolicyKind::Identity,
            Kind::Resource => PolicyKind::Resource,
            Kind::Trust => PolicyKind::Trust,
            Kind::Boundary => PolicyKind::PermissionsBoundary,
            Kind::Session => PolicyKind::Session,
            Kind::Scp => PolicyKind::Scp,
            Kind::Rcp => PolicyKind::Rcp,
        }
    }
}

/// Exit status of a usage error (clap's too).
const USAGE_ERROR: u8 = 2;

/// Runs a subcommand.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Policy {
            command: PolicyCommand::Validate(args),
        } => validate::run(&args),
        Command::Policy {
            command: PolicyCommand::Eval(args),
        } => eval::run(&args),
    }
}

/// The text of `path`, or of standard input for `-`.
fn read_input(path: Option<&std::path::Path>) -> Result<String, ExitCode> {
    let read = match path {
        Some(p) if p.as_os_str() != "-" => std::fs::read_to_string(p),
        _ => std::io::read_to_string(std::io::stdin()),
    };
    read.map_err(|e| {
        let name = path.map_or_else(|| "-".into(), |p| p.display().to_string());
        eprintln!("localiam: cannot read {name}: {e}");
        ExitCode::from(USAGE_ERROR)
    })
}
