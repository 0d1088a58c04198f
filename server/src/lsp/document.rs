//! Open documents, held in ropes so that an edit costs O(log n) rather than a
//! copy of the whole transcript.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::position::{self, Encoding};

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// Versions only go up; an older or equal one is a reordered message.
    StaleVersion { current: i32, got: i32 },
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// Applies one `didChange` batch in order. Ranges outside the document
    /// are clamped (see [`position`]), so a confused client can never make
    /// the server panic or lose text outside the range it named.
    ///
    /// `record` hears each change as it is applied: the byte range it
    /// replaced in the text before it, and the inserted text, which is what
    /// an incremental analysis needs to follow along.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
        mut record: impl FnMut(Range<usize>, &str),
    ) -> Result<(), ChangeError> {
        if version <= self.version {
            return Err(ChangeError::StaleVersion {
                current: self.version,
                got: version,
            });
        }
        for change in changes {
            match change.range {
                None => {
                    record(0..self.rope.len_bytes(), &change.text);
                    self.rope = Rope::from_str(&change.text);
                }
                Some(range) => {
                    let bytes = position::byte_range(&self.rope, range, enc);
                    record(bytes.clone(), &change.text);
                    let start = self.rope.byte_to_char(bytes.start);
                    let end = self.rope.byte_to_char(bytes.end);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_incremental_edits_in_utf16() {
        let mut doc = Document::new("😀 hi\r\nthere", 1);
        doc.apply_changes(
            2,
            vec![change(0, 3, 0, 5, "yo"), change(1, 0, 1, 0, "“")],
            Encoding::Utf16,
            |_, _| {},
        )
        .unwrap();
        assert_eq!(doc.rope.to_string(), "😀 yo\r\n“there");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn rejects_old_versions() {
        let mut doc = Document::new("a", 5);
        let err = doc
            .apply_changes(5, vec![change(0, 0, 0, 0, "x")], Encoding::Utf16, |_, _| {})
            .unwrap_err();
        assert_eq!(err, ChangeError::StaleVersion { current: 5, got: 5 });
        assert_eq!(doc.rope.to_string(), "a");
    }

    #[test]
    fn clamps_out_of_range_edits() {
        let mut doc = Document::new("ab\ncd", 1);
        doc.apply_changes(2, vec![change(1, 1, 9, 9, "Z")], Encoding::Utf8, |_, _| {})
            .unwrap();
        assert_eq!(doc.rope.to_string(), "ab\ncZ");
        doc.apply_changes(3, vec![change(7, 0, 7, 0, "!")], Encoding::Utf8, |_, _| {})
            .unwrap();
        assert_eq!(doc.rope.to_string(), "ab\ncZ!");
    }

    #[test]
    fn full_replacement() {
        let mut doc = Document::new("old", 1);
        doc.apply_changes(
            2,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            Encoding::Utf16,
            |_, _| {},
        )
        .unwrap();
        assert_eq!(doc.rope.to_string(), "new");
    }

    #[test]
    fn records_each_change_against_the_text_before_it() {
        let before = "😀 hi\r\nthere\rend";
        let mut doc = Document::new(before, 1);
        let changes = vec![
            change(0, 3, 0, 5, "yo"),
            change(1, 0, 1, 0, "“"),
            change(2, 1, 9, 9, "!"),
            change(0, 0, 0, 2, ""),
        ];
        let mut text = before.to_string();
        let inserted = ["yo", "“", "!", ""];
        let mut i = 0;
        doc.apply_changes(2, changes, Encoding::Utf16, |range, t| {
            assert_eq!(t, inserted[i]);
            text.replace_range(range, t);
            i += 1;
        })
        .unwrap();
        assert_eq!(i, 4);
        assert_eq!(text, doc.rope.to_string());
        assert_eq!(text, " yo\r\n“there\re!");
    }
}
