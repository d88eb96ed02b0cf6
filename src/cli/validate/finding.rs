//! Findings shaped as IAM Access Analyzer's `ValidatePolicy` returns them
//! (<https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html>).

use iam_policy::parse::{Pos, Span};
use serde::Serialize;

/// Where the issue codes are explained.
pub const LEARN_MORE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingType {
    /// Part of the policy does not work (or the document is refused).
    Error,
    /// The policy allows more than is likely meant.
    SecurityWarning,
    /// The policy does not follow good practice or names what does not exist.
    Warning,
    /// A stylistic improvement that does not change access.
    Suggestion,
}

impl FindingType {
    /// Access Analyzer's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::SecurityWarning => "SECURITY_WARNING",
            Self::Warning => "WARNING",
            Self::Suggestion => "SUGGESTION",
        }
    }
}

/// One step of a path into the document (`PathElement`): `{"value": "Statement"}` is the value of
/// the member `Statement`, `{"index": 0}` an array item, `{"key": "aws:SourceIp"}` a member's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PathElement {
    /// An array item.
    Index(usize),
    /// An object member's key.
    Key(String),
    /// An object member's value.
    Value(String),
}

/// A place in the document the finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path to it.
    pub path: Vec<PathElement>,
    /// The text it occupies.
    pub span: Span,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Its type.
    pub finding_type: FindingType,
    /// Access Analyzer's issue code, such as `INVALID_ACTION`.
    pub issue_code: &'static str,
    /// What is wrong and how to fix it.
    pub details: String,
    /// Where; the first location is the one at fault, the others are related.
    pub locations: Vec<Location>,
}

impl Finding {
    /// A finding about `locations`.
    pub fn new(
        finding_type: FindingType,
        issue_code: &'static str,
        details: String,
        locations: Vec<Location>,
    ) -> Self {
        Self {
            finding_type,
            issue_code,
            details,
            locations,
        }
    }

    /// The finding as one line of Access Analyzer's JSON; `text` turns positions into offsets.
    pub fn to_json_line(&self, text: &TextIndex) -> String {
        let wire = WireFinding {
            finding_type: self.finding_type.as_str(),
            issue_code: self.issue_code,
            finding_details: &self.details,
            learn_more_link: LEARN_MORE,
            locations: self
                .locations
                .iter()
                .map(|l| WireLocation {
                    path: &l.path,
                    span: WireSpan {
                        start: text.position(l.span.start),
                        end: text.position(l.span.end),
                    },
                })
                .collect(),
        };
        // Plain strings, numbers and derived structs: serializing cannot fail.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

/// A finding on the wire, members in the order Access Analyzer's examples show them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireFinding<'a> {
    finding_type: &'static str,
    issue_code: &'static str,
    finding_details: &'a str,
    learn_more_link: &'static str,
    locations: Vec<WireLocation<'a>>,
}

#[derive(Serialize)]
struct WireLocation<'a> {
    path: &'a [PathElement],
    span: WireSpan,
}

#[derive(Serialize)]
struct WireSpan {
    start: Position,
    end: Position,
}

/// Access Analyzer's `Position`: line from 1, column from 0, offset from 0
/// (<https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Position.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 0.
    pub column: usize,
    /// Characters before the position.
    pub offset: usize,
}

/// Character offsets of line starts, to turn the parser's 1-based line/column into a
/// [`Position`].
pub struct TextIndex {
    line_starts: Vec<usize>,
}

impl TextIndex {
    /// The index of `text`; the parser counts characters, so offsets do too.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.chars()
                .enumerate()
                .filter(|(_, c)| *c == '\n')
                .map(|(i, _)| i + 1),
        );
        Self { line_starts }
    }

    /// `pos` as Access Analyzer's position.
    pub fn position(&self, pos: Pos) -> Position {
        let column = pos.column.saturating_sub(1);
        let start = self
            .line_starts
            .get(pos.line.saturating_sub(1))
            .copied()
            .unwrap_or_default();
        Position {
            line: pos.line,
            column,
            offset: start + column,
        }
    }
}
