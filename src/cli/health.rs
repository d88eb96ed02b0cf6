//! `localiam health`: asks a running server for `/_localiam/health` with a plain HTTP/1.0 GET, so
//! a container's HEALTHCHECK needs neither a shell nor curl. Exit 0 when the server answers 200.

use super::HealthArgs;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

/// How long connecting, and then reading the answer, may each take.
const TIMEOUT: Duration = Duration::from_secs(3);

/// The most of the answer read: the health body is a few dozen bytes.
const MAX_ANSWER: u64 = 64 * 1024;

/// Runs `localiam health`.
pub fn run(args: &HealthArgs) -> ExitCode {
    match check(&args.host, args.port) {
        Ok(body) => {
            println!("{body}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("localiam: unhealthy: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The health body when the server at `host:port` answers 200.
fn check(host: &str, port: u16) -> Result<String, String> {
    let host = connect_host(host);
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .next()
        .ok_or_else(|| format!("{host} has no address"))?;
    let mut stream =
        TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| format!("{addr}: {e}"))?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET /_localiam/health HTTP/1.0\r\nHost: {addr}\r\nUser-Agent: localiam-health\r\n\r\n"
    )
    .map_err(|e| format!("{addr}: {e}"))?;
    let mut answer = Vec::new();
    stream
        .take(MAX_ANSWER)
        .read_to_end(&mut answer)
        .map_err(|e| format!("{addr}: {e}"))?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("{addr}: incomplete answer"))?;
    let status = head.lines().next().unwrap_or_default();
    if status.split(' ').nth(1) == Some("200") {
        Ok(body.trim().to_owned())
    } else {
        Err(format!("{addr}: {status}"))
    }
}

/// Where to reach a server listening on `host`: a wildcard address is reached on loopback.
fn connect_host(host: &str) -> &str {
    match host {
        "0.0.0.0" | "" => "127.0.0.1",
        "::" | "[::]" => "::1",
        _ => host.trim_start_matches('[').trim_end_matches(']'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_reached_on_loopback() {
        assert_eq!(connect_host("0.0.0.0"), "127.0.0.1");
        assert_eq!(connect_host("::"), "::1");
        assert_eq!(connect_host("[::1]"), "::1");
        assert_eq!(connect_host("localiam"), "localiam");
    }
}
