//! An owned request, read from the test suite's HTTP text or built by hand.

use localiam::auth::sigv4::SignedRequest;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// What an HTTP client would escape in a request target: the suite writes some targets decoded.
const NOT_IN_TARGET: &AsciiSet = &CONTROLS.add(b' ');

/// A request that owns its parts.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// Reads `METHOD target [HTTP/1.1]`, `Name:value` lines (indented lines continue the previous
    /// value), a blank line and the body.
    pub fn from_http(text: &str) -> Request {
        let text = text.replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let (method, target) = lines.next().unwrap().split_once(' ').unwrap();
        let target = target.strip_suffix(" HTTP/1.1").unwrap_or(target);
        let target = utf8_percent_encode(target, NOT_IN_TARGET).to_string();
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_string(), Some(query.to_string())),
            None => (target.clone(), None),
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                let (_, value) = headers.last_mut().unwrap();
                value.push(' ');
                value.push_str(line.trim());
            } else {
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.to_string(), value.trim().to_string()));
            }
        }
        Request {
            method: method.to_string(),
            path,
            query,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    /// The headers as borrowed pairs, to build a [`SignedRequest`] with.
    pub fn header_refs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    /// The request as the verifier sees it.
    pub fn signed<'a>(&'a self, headers: &'a [(&'a str, &'a str)]) -> SignedRequest<'a> {
        SignedRequest {
            method: &self.method,
            path: &self.path,
            query: self.query.as_deref(),
            headers,
            body: &self.body,
        }
    }

    /// Sets the first header of that name.
    pub fn set_header(&mut self, name: &str, value: &str) {
        let (_, v) = self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap();
        *v = value.to_string();
    }
}
