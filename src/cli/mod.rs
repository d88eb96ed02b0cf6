//! The `localiam` command line: the server by default (flags and `LOCALIAM_*` variables in
//! [`Config`], LocalStack's variables in [`localstack`]), the policy tools as subcommands
//! (`localiam policy validate|eval`) and `localiam health`.

mod eval;
mod health;
pub mod localstack;
pub mod validate;

use crate::config::Config;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
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
    /// Ask a running server whether it is healthy: exit 0 if it is, 1 if not (for a container's
    /// HEALTHCHECK).
    Health(HealthArgs),
}

/// `localiam health`: the server's address, from the same flags and variables as the server.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The address the server listens on; `0.0.0.0` and `::` are reached on loopback.
    #[arg(long, env = "LOCALIAM_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// The server's port.
    #[arg(long, env = "LOCALIAM_PORT", default_value_t = 4566)]
    pub port: u16,
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

/// The command line of this process, LocalStack's variables filling in what it leaves at its
/// defaults.
pub fn parse() -> Cli {
    parse_from(
        std::env::args_os(),
        &localstack::Habits::from_env(|name| std::env::var(name).ok()),
    )
}

/// `args` (the program name first) with `habits` applied; exits with clap's message on a usage
/// error.
pub fn parse_from(
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
    habits: &localstack::Habits,
) -> Cli {
    let matches = Cli::command().get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match (&mut cli.command, matches.subcommand()) {
        (Some(Command::Health(args)), Some((_, sub))) => {
            habits.apply(sub, &mut args.host, &mut args.port, None);
        }
        (None, _) => {
            let config = &mut cli.config;
            habits.apply(
                &matches,
                &mut config.host,
                &mut config.port,
                Some(&mut config.log_level),
            );
        }
        _ => {}
    }
    cli
}

/// Runs a subcommand.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Health(args) => health::run(&args),
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

#[cfg(test)]
mod tests {
    use super::*;
    use localstack::Habits;

    fn gateway(listen: &str) -> Habits {
        Habits {
            listen: Some((listen.into(), Some(5000))),
            log_level: Some("warn"),
        }
    }

    #[test]
    fn localstack_variables_fill_in_defaults_only() {
        let cli = parse_from(["localiam"], &gateway("0.0.0.0"));
        assert_eq!(
            (
                cli.config.host.as_str(),
                cli.config.port,
                cli.config.log_level.as_str()
            ),
            ("0.0.0.0", 5000, "warn")
        );
        let cli = parse_from(
            ["localiam", "--port", "4000", "--log-level", "debug"],
            &gateway("0.0.0.0"),
        );
        assert_eq!(
            (
                cli.config.host.as_str(),
                cli.config.port,
                cli.config.log_level.as_str()
            ),
            ("0.0.0.0", 4000, "debug")
        );
        let cli = parse_from(["localiam"], &Habits::default());
        assert_eq!(
            (cli.config.host.as_str(), cli.config.port),
            ("127.0.0.1", 4566)
        );
    }

    #[test]
    fn health_reads_the_same_address() {
        let cli = parse_from(["localiam", "health"], &gateway("0.0.0.0"));
        let Some(Command::Health(args)) = cli.command else {
            panic!("not health: {:?}", cli.command);
        };
        assert_eq!((args.host.as_str(), args.port), ("0.0.0.0", 5000));
        let cli = parse_from(["localiam", "health", "--host", "h"], &gateway("0.0.0.0"));
        let Some(Command::Health(args)) = cli.command else {
            panic!("not health: {:?}", cli.command);
        };
        assert_eq!((args.host.as_str(), args.port), ("h", 5000));
    }
}
