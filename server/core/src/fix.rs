//! Fixes: byte-range edits with an applicability, and applying edits to a
//! text.
//!
//! A leaf: rules build fixes, front ends convert them, and choosing which
//! fixes go together and fixing until stable live above the rules, in
//! [`crate::fix_all`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Mechanical and meaning-preserving: `--fix` and `source.fixAll` apply it.
    Safe,
    /// A guess (a spelling taken from a label, a stub note): applied only with
    /// `--unsafe-fixes` or by hand.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes in `range` with `new_text`. An empty range inserts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, new_text: impl Into<String>) -> Self {
        Edit {
            range,
            new_text: new_text.into(),
        }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        Edit::replace(at..at, new_text)
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, "")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    /// Sorted by start, never overlapping.
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, edits, Applicability::Safe)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(message, edits, Applicability::Unsafe)
    }

    pub fn new(
        message: impl Into<String>,
        mut edits: Vec<Edit>,
        applicability: Applicability,
    ) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            message: message.into(),
            edits,
            applicability,
        }
    }

    /// The span of text this fix touches, from its first edit to its last.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.first().map_or(0, |e| e.range.start);
        let end = self
            .edits
            .iter()
            .map(|e| e.range.end)
            .max()
            .unwrap_or(start);
        start..end
    }
}

/// Applies `edits` to `text`. Edits must be sorted and must not overlap;
/// callers pick non-overlapping sets with
/// [`crate::fix_all::select_fixes`].
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in edits {
        debug_assert!(edit.range.start >= last, "edits overlap or are unsorted");
        out.push_str(&text[last..edit.range.start]);
        out.push_str(&edit.new_text);
        last = edit.range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_sorted_edits() {
        let text = "abc def ghi";
        let edits = vec![
            Edit::replace(0..3, "ABC"),
            Edit::insert(7, "!"),
            Edit::delete(8..11),
        ];
        assert_eq!(apply_edits(text, &edits), "ABC def! ");
    }
}
