//! XML out: the writer generated encoders call, and the response and error envelopes.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt::Write as _;

/// Every timestamp in the API, UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// A shape that can be written as XML elements.
pub trait WriteXml {
    /// Writes the shape's members as child elements.
    fn write_xml(&self, w: &mut XmlWriter);
}

/// What AWS leaves unescaped when it URL-encodes policy documents (as `encodeURIComponent`).
const POLICY_ESCAPE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Appends XML to a string buffer.
#[derive(Default)]
pub struct XmlWriter {
    buf: String,
}

impl XmlWriter {
    /// A writer with room for a typical response.
    pub fn new() -> Self {
        XmlWriter {
            buf: String::with_capacity(512),
        }
    }

    /// Opens `<name>`.
    pub fn start(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// Closes `</name>`.
    pub fn end(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// `<name>text</name>`, escaped.
    pub fn string(&mut self, name: &str, value: &str) {
        self.start(name);
        escape_into(&mut self.buf, value);
        self.end(name);
    }

    /// A policy document, URL-encoded as AWS returns them.
    pub fn url_encoded(&mut self, name: &str, value: &str) {
        self.start(name);
        let _ = write!(self.buf, "{}", utf8_percent_encode(value, POLICY_ESCAPE));
        self.end(name);
    }

    /// An integer element.
    pub fn int(&mut self, name: &str, value: i64) {
        self.start(name);
        let _ = write!(self.buf, "{value}");
        self.end(name);
    }

    /// A boolean element.
    pub fn boolean(&mut self, name: &str, value: bool) {
        self.string(name, if value { "true" } else { "false" });
    }

    /// An ISO 8601 UTC timestamp, seconds precision, as IAM prints them.
    pub fn timestamp(&mut self, name: &str, value: &Timestamp) {
        self.start(name);
        crate::text::push_iso8601(&mut self.buf, value);
        self.end(name);
    }

    /// A base64 blob.
    pub fn blob(&mut self, name: &str, value: &[u8]) {
        use base64::Engine as _;
        self.string(
            name,
            &base64::engine::general_purpose::STANDARD.encode(value),
        );
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        self.buf
    }
}

fn escape_into(buf: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '&' => buf.push_str("&amp;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&apos;"),
            '\r' => buf.push_str("&#xD;"),
            c => buf.push(c),
        }
    }
}

/// `<{Op}Response xmlns=..><{Op}Result>..</{Op}Result><ResponseMetadata>..` for a success.
pub fn response(
    namespace: &str,
    operation: &str,
    result: Option<&dyn WriteXml>,
    request_id: &str,
) -> String {
    let mut w = XmlWriter::new();
    let _ = write!(
        w.buf,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{operation}Response xmlns=\"{namespace}\">"
    );
    if let Some(result) = result {
        let _ = write!(w.buf, "<{operation}Result>");
        result.write_xml(&mut w);
        let _ = write!(w.buf, "</{operation}Result>");
    }
    w.start("ResponseMetadata");
    w.string("RequestId", request_id);
    w.end("ResponseMetadata");
    let _ = writeln!(w.buf, "</{operation}Response>");
    w.finish()
}

/// `<ErrorResponse>` with the error's type, code and message.
pub fn error_response(
    namespace: &str,
    sender_fault: bool,
    code: &str,
    message: &str,
    request_id: &str,
) -> String {
    let mut w = XmlWriter::new();
    let _ = write!(
        w.buf,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"{namespace}\">"
    );
    w.start("Error");
    w.string("Type", if sender_fault { "Sender" } else { "Receiver" });
    w.string("Code", code);
    w.string("Message", message);
    w.end("Error");
    w.string("RequestId", request_id);
    w.buf.push_str("</ErrorResponse>\n");
    w.finish()
}
