//! Output formats. Each turns the same checked files into text for a reader:
//! a person at a terminal, a JSON consumer, GitHub Actions, or a SARIF viewer.
//!
//! The core reports byte offsets; converting them to 1-based lines and
//! columns (in Unicode scalar values) happens here, once, via
//! [`verbatim_core::text::LineIndex`], so every format agrees.

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use std::ops::Range;

use verbatim_core::text::{LineCol, LineIndex};
use verbatim_core::Diagnostic;

/// One checked file's findings, with the text their offsets point into.
pub struct FileReport {
    pub path: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Converts byte ranges of one text to line/column ranges.
pub struct Locator<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn position(&self, offset: usize) -> LineCol {
        self.index.line_col(self.text, offset)
    }

    /// Start and exclusive end.
    pub fn range(&self, range: &Range<usize>) -> (LineCol, LineCol) {
        (self.position(range.start), self.position(range.end))
    }

    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    pub fn text(&self) -> &'a str {
        self.text
    }
}
