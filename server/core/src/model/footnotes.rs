//! Footnote references (`[1]`, `[^1]`, GPO's `\1\`) and the notes they
//! point to.

use std::ops::Range;

use super::lines::Line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    /// The whole reference, brackets included.
    pub range: Range<usize>,
    pub number: u32,
    /// `[^1]` rather than `[1]`.
    pub markdown: bool,
    /// GPO's `\1\` (printed hearings) rather than `[1]`: its note is
    /// written `    \1\ text`.
    pub backslash: bool,
}

impl FootnoteRef {
    /// The digits alone, for renumbering (`[1]` and `\1\` both have one
    /// character on each side).
    pub fn number_range(&self) -> Range<usize> {
        let skip = if self.markdown { 2 } else { 1 };
        self.range.start + skip..self.range.end - 1
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The note from its `[n]` to the end of its last line (a GPO note from
    /// its line's start: the indentation goes with it when it moves).
    pub range: Range<usize>,
    /// `[n]`, `[^n]:`, `\n\` as written.
    pub label: Range<usize>,
    /// The digits within the label.
    pub number_range: Range<usize>,
    pub number: u32,
    /// The note's text after its label.
    pub body: Range<usize>,
    pub markdown: bool,
    /// A GPO note, `    \n\ text`, which sits right after the paragraph
    /// that cites it, between dash rules.
    pub backslash: bool,
}

/// The trailing block of notes, with its heading line if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesBlock {
    pub range: Range<usize>,
    pub heading: Option<Range<usize>>,
}

/// Notes a format writes in its body, each beside the text that cites it
/// (GPO's `    \1\ text` between dash rules, FORMATS.md §3.1), and where
/// their numbering restarts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct InlineNotes {
    pub notes: Vec<Note>,
    /// The notes' lines: ranges of line indices, ascending. They are scanned
    /// as notes are: their label is no reference, nor a `[2]` in their text.
    pub lines: Vec<Range<usize>>,
    /// Byte ranges of the lines that start a new numbering (GPO: each
    /// `[The prepared statement of ... follows:]`), ascending.
    pub sections: Vec<Range<usize>>,
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
                backslash: false,
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

/// GPO's note label at a paragraph start: `    \12\ text` (four spaces,
/// one to three digits between backslashes, then a space or the line end).
/// Returns the label's range within the line, its digits' range and its
/// number.
pub(crate) fn backslash_label(line: &str) -> Option<(Range<usize>, Range<usize>, u32)> {
    let rest = line.strip_prefix("    \\")?;
    let digits = backslash_digits(rest)?;
    let after = rest.as_bytes().get(digits + 1);
    if !matches!(after, None | Some(b' ' | b'\t')) {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    Some((4..4 + digits + 2, 5..5 + digits, number))
}

/// The length of the digits `s` starts with when a backslash closes them:
/// one to three, never starting with `0` (as `[0]` is no reference).
fn backslash_digits(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits <= 3 && !s.starts_with('0') && s.as_bytes().get(digits) == Some(&b'\\'))
        .then_some(digits)
}

/// GPO's references in `line[skip..]`: `tornadoes.\1\`, attached to the
/// text. `base` is the line's offset in the document.
pub(crate) fn scan_backslash_refs(
    line: &str,
    base: usize,
    skip: usize,
    out: &mut Vec<FootnoteRef>,
) {
    let bytes = line.as_bytes();
    let mut i = skip;
    while let Some(at) = line.get(i..).and_then(|s| s.find('\\')) {
        let open = i + at;
        match backslash_digits(&line[open + 1..]) {
            // `\12\` not glued to another backslash (`\\1\` is no reference).
            Some(d)
                if (open == 0 || bytes[open - 1] != b'\\')
                    && bytes.get(open + d + 2) != Some(&b'\\') =>
            {
                out.push(FootnoteRef {
                    range: base + open..base + open + d + 2,
                    number: line[open + 1..open + 1 + d].parse().unwrap_or(0),
                    markdown: false,
                    backslash: true,
                });
                i = open + d + 2;
            }
            _ => i = open + 1,
        }
    }
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
    fn gpo_labels_and_references() {
        assert_eq!(backslash_label("    \\12\\ Text"), Some((4..8, 5..7, 12)));
        assert_eq!(backslash_label("    \\1\\"), Some((4..7, 5..6, 1)));
        for not in [
            "\\1\\ Text",
            "     \\1\\ Text",
            "    \\0\\ x",
            "    \\1\\x",
            "    \\1234\\ x",
        ] {
            assert_eq!(backslash_label(not), None, "{not:?}");
        }
        let line = "tornadoes.\\1\\ About \\2\\, not C:\\\\3\\ or \\04\\ or \\x\\.";
        let mut refs = Vec::new();
        scan_backslash_refs(line, 100, 0, &mut refs);
        let found: Vec<(&str, u32)> = refs
            .iter()
            .map(|r| (&line[r.range.start - 100..r.range.end - 100], r.number))
            .collect();
        assert_eq!(found, vec![("\\1\\", 1), ("\\2\\", 2)]);
        assert!(refs.iter().all(|r| r.backslash && !r.markdown));
        assert_eq!(
            &line[refs[0].number_range().start - 100..refs[0].number_range().end - 100],
            "1"
        );
    }

    #[test]
    fn reference_number_range() {
        let r = FootnoteRef {
            range: 3..8,
            number: 12,
            markdown: true,
            backslash: false,
        };
        assert_eq!(r.number_range(), 5..7);
    }
}
