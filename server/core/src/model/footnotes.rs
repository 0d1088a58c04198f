//! Footnote references (`[1]`, `[^1]`) and the notes they point to.

use std::ops::Range;

use super::lines::Line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    /// The whole reference, brackets included.
    pub range: Range<usize>,
    pub number: u32,
    /// `[^1]` rather than `[1]`.
    pub markdown: bool,
}

impl FootnoteRef {
    /// The digits alone, for renumbering.
    pub fn number_range(&self) -> Range<usize> {
        let skip = if self.markdown { 2 } else { 1 };
        self.range.start + skip..self.range.end - 1
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The note from its `[n]` to the end of its last line.
    pub range: Range<usize>,
    /// `[n]`, `[^n]:` as written.
    pub label: Range<usize>,
    /// The digits within the label.
    pub number_range: Range<usize>,
    pub number: u32,
    /// The note's text after its label.
    pub body: Range<usize>,
    pub markdown: bool,
}

/// The trailing block of notes, with its heading line if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesBlock {
    pub range: Range<usize>,
    pub heading: Option<Range<usize>>,
}

/// `Notes`, `Footnotes`, `Endnotes`, `## Notes`, `**Notes:**`.
pub(crate) fn is_heading(line: &str) -> bool {
    let t = line.trim().trim_start_matches('#').trim();
    let t = t.trim_matches('*').trim().trim_end_matches(':').trim();
    matches!(
        t.to_ascii_lowercase().as_str(),
        "notes" | "note" | "footnotes" | "footnote" | "endnotes" | "endnote"
    )
}

/// A note's label at the start of a line: `[12] text` or `[^12]: text`.
/// Returns (label length, digits range within the line, number, markdown).
pub(crate) fn note_label(line: &str) -> Option<(usize, Range<usize>, u32, bool)> {
    let rest = line.strip_prefix('[')?;
    let (markdown, rest, skip) = match rest.strip_prefix('^') {
        Some(r) => (true, r, 2),
        None => (false, rest, 1),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    // `[0]` and `[03]` are never note numbers (see `markers::footnote_ref`).
    if digits == 0
        || digits > 3
        || rest.starts_with('0')
        || rest.as_bytes().get(digits) != Some(&b']')
    {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let mut len = skip + digits + 1;
    if markdown {
        if line.as_bytes().get(len) != Some(&b':') {
            return None;
        }
        len += 1;
    }
    Some((len, skip..skip + digits, number, markdown))
}

/// Builds notes from the lines of the notes block (`from` is the index of its
/// first line). Each note runs until the next note or the block's end.
pub(crate) fn collect_notes(
    text: &str,
    lines: &[Line],
    from: usize,
    to: usize,
    notes: &mut Vec<Note>,
) {
    let mut current: Option<Note> = None;
    for line in &lines[from..to] {
        let s = line.text(text);
        if let Some((len, digits, number, markdown)) = note_label(s) {
            notes.extend(current.take());
            let body_start = line.start + len + (s[len..].len() - s[len..].trim_start().len());
            current = Some(Note {
                range: line.start..line.content_end,
                label: line.start..line.start + len,
                number_range: line.start + digits.start..line.start + digits.end,
                number,
                body: body_start.min(line.content_end)..line.content_end,
                markdown,
            });
        } else if let Some(note) = current.as_mut() {
            if !line.blank {
                note.range.end = line.content_end;
                note.body.end = line.content_end;
            }
        }
    }
    notes.extend(current);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        for h in [
            "Notes",
            "## Footnotes",
            "**Endnotes:**",
            "  notes  ",
            "Note",
        ] {
            assert!(is_heading(h), "{h:?}");
        }
        for h in ["Notes on the talks", "Watch:", "[1] Notes"] {
            assert!(!is_heading(h), "{h:?}");
        }
    }

    #[test]
    fn note_labels() {
        assert_eq!(note_label("[12] Text"), Some((4, 1..3, 12, false)));
        assert_eq!(note_label("[^3]: Text"), Some((5, 2..3, 3, true)));
        assert_eq!(note_label("[^3] Text"), None, "Markdown needs its colon");
        assert_eq!(note_label("[2015] was a year"), None);
        assert_eq!(note_label("[sic] text"), None);
        assert_eq!(note_label(" [1] indented"), None);
    }

    #[test]
    fn notes_run_to_the_next_note() {
        let text = "Notes\n[1] First,\ncontinued.\n\n[2] Second.\n";
        let lines = super::super::lines::split(text);
        let mut notes = Vec::new();
        collect_notes(text, &lines, 0, lines.len(), &mut notes);
        let bodies: Vec<&str> = notes.iter().map(|n| &text[n.body.clone()]).collect();
        assert_eq!(bodies, vec!["First,\ncontinued.", "Second."]);
        assert_eq!(&text[notes[1].label.clone()], "[2]");
        assert_eq!(&text[notes[1].number_range.clone()], "2");
    }

    #[test]
    fn reference_number_range() {
        let r = FootnoteRef {
            range: 3..8,
            number: 12,
            markdown: true,
        };
        assert_eq!(r.number_range(), 5..7);
    }
}
