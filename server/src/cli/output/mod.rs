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

use std::cell::OnceCell;
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
    /// Characters before every [`CHECKPOINT_STRIDE`]th byte, built the first
    /// time a position on a long line is asked for.
    checkpoints: OnceCell<Vec<(usize, usize)>>,
}

/// Lines up to this long get their columns by counting from the line's
/// start. Past it, counting from the start for every finding would make a
/// one-line file with half a million findings take minutes.
const LONG_LINE: usize = 4096;
/// Bytes between two checkpoints of the character count.
const CHECKPOINT_STRIDE: usize = 1024;

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            index: LineIndex::new(text),
            checkpoints: OnceCell::new(),
        }
    }

    /// The same answer as [`LineIndex::line_col`], in time bounded by the
    /// checkpoint stride rather than the line's length.
    pub fn position(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.index.line_of(offset);
        let start = self.index.line_start(line).unwrap_or(0);
        if offset - start <= LONG_LINE {
            return self.index.line_col(self.text, offset);
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        LineCol {
            line: line + 1,
            column: self.chars_before(end) - self.chars_before(start) + 1,
        }
    }

    /// How many characters precede `at`, a character boundary.
    fn chars_before(&self, at: usize) -> usize {
        let checkpoints = self.checkpoints.get_or_init(|| {
            let text = self.text;
            let mut points = vec![(0, 0)];
            let (mut at, mut chars) = (0, 0);
            while at < text.len() {
                let mut next = (at + CHECKPOINT_STRIDE).min(text.len());
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                points.push((next, chars));
                at = next;
            }
            points
        });
        let i = checkpoints.partition_point(|&(byte, _)| byte <= at) - 1;
        let (byte, chars) = checkpoints[i];
        chars + self.text[byte..at].chars().count()
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

/// Calls `f` with each finding of `files`, in order: the file's index, the
/// file, a [`Locator`] for its text (made once per file, and only for a file
/// with findings), and the finding.
pub fn for_each_finding<'a, E>(
    files: &[&'a FileReport],
    mut f: impl FnMut(usize, &'a FileReport, &Locator<'a>, &'a Diagnostic) -> Result<(), E>,
) -> Result<(), E> {
    for (i, file) in files.iter().enumerate() {
        if file.diagnostics.is_empty() {
            continue;
        }
        let locator = Locator::new(&file.text);
        for d in &file.diagnostics {
            f(i, file, &locator, d)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_on_long_lines_match_the_line_index() {
        // Multi-byte characters straddle the checkpoints; offsets inside a
        // character count as that character, as in `LineIndex::line_col`.
        let mut text = String::from("short line\r\n");
        for i in 0..3000 {
            text.push_str(["a", "é", "“", "😀", " "][i % 5]);
        }
        text.push('\n');
        text.push_str(&"(inaudible é ".repeat(500));
        text.push('\r');
        text.push_str("last");
        let locator = Locator::new(&text);
        let index = LineIndex::new(&text);
        for offset in (0..=text.len() + 2).chain([text.len() + 100]) {
            assert_eq!(
                locator.position(offset),
                index.line_col(&text, offset),
                "offset {offset}"
            );
        }
    }
}
