//! What a rule reports.

use std::fmt;
use std::ops::Range;

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

/// A place elsewhere in the document that explains a diagnostic: the label a
/// name should match, the note a reference lacks, the dominant label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One finding. Ranges are byte offsets into the linted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub range: Range<usize>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

// `Diagnostic::new` starts a diagnostic at its rule's default severity, so
// it lives with the rules' metadata, in `rules`.
impl Diagnostic {
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}
