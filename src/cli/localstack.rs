//! LocalStack's configuration variables that mean the same as ours, so a docker-compose file
//! written for LocalStack starts localiam the same way. Ours win: a flag or a `LOCALIAM_*`
//! variable is never overridden; LocalStack's only replace a default.
//!
//! - `GATEWAY_LISTEN=<ip>:<port>[,<ip>:<port>...]`: the first address is the listen address
//!   (<https://docs.localstack.cloud/aws/customization/configuration-options/>).
//! - `LS_LOG=trace|trace-internal|debug|info|warn|warning|error`, else `DEBUG=1`: the log level
//!   (<https://docs.localstack.cloud/references/logging>).
//!
//! Not taken: `LOCALSTACK_HOST` is the host name LocalStack writes into URLs it returns (and the
//! address `awslocal` calls), not a listen address; `AWS_DEFAULT_REGION` configures clients, and
//! a server that read it from a shared shell would report a region nobody asked it for.

use clap::ArgMatches;
use clap::parser::ValueSource;

/// What LocalStack's variables ask for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Habits {
    /// From `GATEWAY_LISTEN`: the host, and the port when one is given.
    pub listen: Option<(String, Option<u16>)>,
    /// From `LS_LOG` or `DEBUG`: a log filter.
    pub log_level: Option<&'static str>,
}

impl Habits {
    /// Reads the variables through `var` (the process environment, or a table in tests).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        Habits {
            listen: var("GATEWAY_LISTEN").and_then(|v| gateway_listen(&v)),
            log_level: var("LS_LOG")
                .and_then(|v| ls_log(&v))
                .or_else(|| var("DEBUG").filter(|v| is_true(v)).map(|_| DEBUG)),
        }
    }

    /// Sets `host`, `port` and `log_level` where `matches` (the arguments that produced them)
    /// shows they hold their defaults. The fields are the ones `Config` and `HealthArgs` name so.
    pub fn apply(
        &self,
        matches: &ArgMatches,
        host: &mut String,
        port: &mut u16,
        log_level: Option<&mut String>,
    ) {
        let is_default = |id: &str| {
            matches!(
                matches.try_get_raw(id).map(|_| matches.value_source(id)),
                Ok(Some(ValueSource::DefaultValue))
            )
        };
        if let Some((listen_host, listen_port)) = &self.listen {
            if is_default("host") {
                host.clone_from(listen_host);
            }
            if let Some(listen_port) = listen_port
                && is_default("port")
            {
                *port = *listen_port;
            }
        }
        if let (Some(level), Some(log_level)) = (self.log_level, log_level)
            && is_default("log_level")
        {
            level.clone_into(log_level);
        }
    }
}

/// `DEBUG=1`, and `LS_LOG=debug`: our own debug lines, the libraries' from info up.
const DEBUG: &str = "info,localiam=debug";

/// The first address of `GATEWAY_LISTEN`: `host:port`, `:port`, `[v6]:port` or a bare host.
fn gateway_listen(value: &str) -> Option<(String, Option<u16>)> {
    let first = value.split(',').next()?.trim();
    if first.is_empty() {
        return None;
    }
    let (host, port) = if let Some(rest) = first.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else if first.matches(':').count() > 1 {
        // A bare IPv6 address: no port.
        (first, None)
    } else {
        match first.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (first, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    let host = if host.is_empty() { "0.0.0.0" } else { host };
    Some((host.to_owned(), port))
}

/// `LS_LOG`'s levels as a log filter.
fn ls_log(value: &str) -> Option<&'static str> {
    match value.trim().to_ascii_lowercase().as_str() {
        "trace" | "trace-internal" => Some("info,localiam=trace"),
        "debug" => Some(DEBUG),
        "info" => Some("info"),
        "warn" | "warning" => Some("warn"),
        "error" => Some("error"),
        _ => None,
    }
}

/// LocalStack's true strings.
fn is_true(value: &str) -> bool {
    matches!(value.trim(), "1" | "true" | "True" | "TRUE")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn habits(vars: &[(&str, &str)]) -> Habits {
        Habits::from_env(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn gateway_listen_takes_the_first_address() {
        let listen = |v| habits(&[("GATEWAY_LISTEN", v)]).listen;
        assert_eq!(
            listen("0.0.0.0:4566,0.0.0.0:443"),
            Some(("0.0.0.0".into(), Some(4566)))
        );
        assert_eq!(listen(":5000"), Some(("0.0.0.0".into(), Some(5000))));
        assert_eq!(listen("[::]:4567"), Some(("::".into(), Some(4567))));
        assert_eq!(listen("127.0.0.1"), Some(("127.0.0.1".into(), None)));
        assert_eq!(listen("0.0.0.0:http"), None);
        assert_eq!(listen(""), None);
        assert_eq!(habits(&[]).listen, None);
    }

    #[test]
    fn ls_log_wins_over_debug() {
        let level = |vars: &[(&str, &str)]| habits(vars).log_level;
        assert_eq!(level(&[("DEBUG", "1")]), Some(DEBUG));
        assert_eq!(level(&[("DEBUG", "0")]), None);
        assert_eq!(
            level(&[("LS_LOG", "warning"), ("DEBUG", "1")]),
            Some("warn")
        );
        assert_eq!(
            level(&[("LS_LOG", "trace-internal")]),
            Some("info,localiam=trace")
        );
        assert_eq!(level(&[("LS_LOG", "loud"), ("DEBUG", "1")]), Some(DEBUG));
        assert_eq!(level(&[]), None);
    }
}
