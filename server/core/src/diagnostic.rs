//! What a rule reports.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::fix::Fix;
use crate::registry::Rule;

/// How sure the tool is that something is wrong.
///
/// - `Error`: certainly wrong.
/// - `Warning`: very likely wrong.
/// - `Info` and `Hint`: style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    /// Findings at this level make `verbatim check` exit with 1.
    pub fn fails_check(self) -> bool {
        self >= Severity::Warning
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of a diagnostic or of its related information, shared.
///
/// The language server's analysis keeps every finding of the rules an edit
/// did not re-run and hands all of them out again on each keystroke; a
/// shared text makes that a reference count, not a copy per finding
/// (BENCHMARKS.md, issue 13). It reads as a `str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Message(Arc<str>);

impl Message {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Message {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Message {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message(s.into())
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message(s.into())
    }
}

impl From<Message> for String {
    fn from(m: Message) -> Self {
        m.0.to_string()
    }
}

impl PartialEq<str> for Message {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Message {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

/// A place elsewhere in the document that explains a diagnostic: the label a
/// name should match, the note a reference lacks, the dominant label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: Message,
}

/// A finding's related places: nearly always none or one, kept inline so
/// that copying a finding allocates nothing.
pub type RelatedList = smallvec::SmallVec<[Related; 1]>;

/// One finding. Ranges are byte offsets into the linted text.
///
/// Cloning one copies no text and allocates nothing: the message is
/// shared, and so is the fix (one fix may serve many findings, such as the
/// stub for every missing note); a related place is held inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: Message,
    pub range: Range<usize>,
    pub fix: Option<Arc<Fix>>,
    pub related: RelatedList,
}

// `Diagnostic::new` starts a diagnostic at its rule's default severity, so
// it lives with the rules' metadata, in `rules`.
impl Diagnostic {
    /// Gives the finding a fix; an `Arc<Fix>` shares one fix among many
    /// findings.
    pub fn with_fix(mut self, fix: impl Into<Arc<Fix>>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<Message>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}
