//! The readers: what differs from one transcript format to another, and
//! nothing else. Each reader answers the same few questions for the common
//! model; the rules never ask which format they read.
//!
//! - [`candidate`] (stage 1, line-local): the label a line may carry.
//! - [`accept`] (stage 2): which candidates are labels.
//! - [`furniture`] (stage 2): the lines that are not text (headers, front
//!   matter, footers, recording boundaries). Every fact of the line scan
//!   skips them, so no text rule and no name scan sees them.
//! - [`text_start`] (stage 1, line-local): where a line's text starts,
//!   when the line begins with something that is not text (a court
//!   transcript's line-number gutter). The line scan reads the line from
//!   there, so no fact is taken from what comes before.
//!
//! A format without a reader of its own yet is read as `generic`: detection
//! may already name it (so `--show-format` and the editors agree), but its
//! turns are found as before. To add a reader, add a module here and an arm
//! to each function below; see ARCHITECTURE.md, "How to add a transcript
//! format".

mod court;
mod hearing;
mod oral_history;
mod otter;
mod zoom;

use std::ops::Range;

use super::footnotes::InlineNotes;
use super::labels::{self, Candidate};
use super::lines::Line;
use super::timestamps::Clock;
use super::RosterEntry;
use super::Turn;
use crate::settings::Format;

/// How a label is written where a turn starts: whether it follows an
/// indentation (a hearing's paragraph indent, a court transcript's colloquy
/// indent after the gutter), what comes before the name (Zoom's `[`),
/// where its time goes when labels carry one, and what follows the name and
/// the time (`: `, `. `, `:  `, or the end of the line when the text starts
/// on the next).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelShape {
    pub indented: bool,
    pub before: &'static str,
    pub time: Option<LabelTime>,
    pub after: &'static str,
}

/// Where a label's time is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelTime {
    /// After the name, between `open` and `close`: Otter's `Name  0:03`,
    /// Zoom's `[Name] 18:02:15`, an interview's `Name (00:01:26):`.
    /// `zero` is the time of a first turn when the file gives none.
    InLabel {
        open: &'static str,
        close: &'static str,
        zero: &'static str,
    },
    /// On a line of its own before the label: Zoom's second shape,
    /// `18:02:15` then `Name: text`.
    LineBefore { zero: &'static str },
}

/// The label candidate of one line, in `format`.
pub(crate) fn candidate(format: Format, text: &str, line: &Line) -> Option<Candidate> {
    match format {
        Format::Otter => otter::candidate(line.text(text), line.start),
        Format::Zoom => zoom::candidate(line.text(text), line.start),
        Format::Hearing => hearing::candidate(line.text(text), line.start),
        Format::Court | Format::Deposition => court::candidate(line.text(text), line.start),
        Format::OralHistory => oral_history::candidate(line.text(text), line.start),
        _ => labels::candidate(line.text(text), line.start),
    }
}

/// What the document-wide stage of `format` reads of one line beside its
/// candidate and whether it is blank, furniture or not, as a few flags;
/// `None` when it reads more (a roster's names in the header, a page's
/// numbering, a `BY` line's examiner), so that any edit of the line may
/// change the layout. Incremental analysis keeps the layout of a
/// document across an edit whose lines keep their candidates, blankness
/// and shape: a keystroke in a paragraph does not lay out a hearing again.
pub(crate) fn line_shape(format: Format, line: &str) -> Option<u8> {
    match format {
        Format::Hearing => Some(hearing::line_shape(line)),
        Format::Otter | Format::OralHistory | Format::Zoom | Format::Court | Format::Deposition => {
            None
        }
        // The generic reader has no furniture, no notes in the body and no
        // roster: candidates and blank lines are all it reads (the notes
        // block, read after the last label, is the caller's to rule out).
        _ => Some(0),
    }
}

/// What the format's reader reads of one line each time it lays the
/// document out (its furniture, its notes), as flags: an analysis keeps
/// them per line across edits, so that laying a long court transcript or
/// hearing out again reads a number per line rather than every line's
/// text. 0 for a format whose reader reads none of them.
pub(crate) fn line_flags(format: Format, line: &str) -> u8 {
    match format {
        Format::Hearing => hearing::line_shape(line),
        Format::Court | Format::Deposition => court::line_flags(line),
        _ => 0,
    }
}

/// Does the format's reader read [`line_flags`] (are they not all 0)?
pub(crate) fn has_line_flags(format: Format) -> bool {
    matches!(format, Format::Hearing | Format::Court | Format::Deposition)
}

/// Which candidates are labels (one flag per candidate, in order).
/// `paragraphs[i]` numbers the paragraph candidate `i` is in; `roster_has`
/// says whether a speaker key is in the configured roster.
pub(crate) fn accept(
    format: Format,
    candidates: &[&Candidate],
    paragraphs: &[usize],
    roster_has: impl Fn(&str) -> bool,
) -> Vec<bool> {
    match format {
        // The label shape is the export's own: every candidate is a turn.
        Format::Otter | Format::Hearing | Format::Court | Format::Deposition => {
            vec![true; candidates.len()]
        }
        Format::Zoom => zoom::accept(candidates, paragraphs, roster_has),
        _ => labels::accept(candidates, paragraphs, roster_has),
    }
}

/// The furniture of the document: ranges of line indices, ascending and
/// disjoint. `accepted` are the accepted labels' line indices, ascending.
/// `flags(i)` is line `i`'s [`line_flags`] where it is known.
pub(crate) fn furniture(
    format: Format,
    text: &str,
    lines: &[Line],
    accepted: &[usize],
    flags: &dyn Fn(usize) -> Option<u8>,
) -> Vec<Range<usize>> {
    let flags = known_or_read(format, text, lines, flags);
    match format {
        Format::Otter => otter::furniture(text, lines, accepted),
        Format::OralHistory => oral_history::furniture(text, lines, accepted),
        Format::Hearing => hearing::furniture(lines, accepted, &flags),
        Format::Zoom => zoom::furniture(text, lines),
        Format::Court | Format::Deposition => court::furniture(lines, accepted, &flags),
        _ => Vec::new(),
    }
}

/// The notes written in the body beside the text that cites them, and where
/// their numbering restarts: GPO's `    \1\ text` between dash rules,
/// numbered anew in each inserted statement. Other formats keep their notes
/// in a block at the end (found for every format in `model::layout`).
pub(crate) fn inline_notes(
    format: Format,
    text: &str,
    lines: &[Line],
    furniture: &[Range<usize>],
    flags: &dyn Fn(usize) -> Option<u8>,
) -> InlineNotes {
    match format {
        Format::Hearing => hearing::notes(
            text,
            lines,
            furniture,
            &known_or_read(format, text, lines, flags),
        ),
        _ => InlineNotes::default(),
    }
}

/// A line's [`line_flags`]: the ones known, else read from the line.
fn known_or_read<'a>(
    format: Format,
    text: &'a str,
    lines: &'a [Line],
    flags: &'a dyn Fn(usize) -> Option<u8>,
) -> impl Fn(usize) -> u8 + 'a {
    move |i| flags(i).unwrap_or_else(|| line_flags(format, lines[i].text(text)))
}

/// The speakers the file names in its furniture (a header), as a
/// configured `[roster]` would: Otter's `SPEAKERS` line, an oral history's
/// `Narrator:` and `Interviewer:` fields.
pub(crate) fn roster(
    format: Format,
    text: &str,
    lines: &[Line],
    furniture: &[Range<usize>],
) -> Vec<RosterEntry> {
    match format {
        Format::Otter => otter::roster(text, lines, furniture),
        Format::OralHistory => oral_history::roster(text, lines, furniture),
        _ => Vec::new(),
    }
}

/// Are GPO's references, `\1\` attached to the text, read? Only in a
/// hearing: elsewhere a backslash is a path's or an escape's.
pub(crate) fn backslash_notes(format: Format) -> bool {
    format == Format::Hearing
}

/// Where the text of `line` starts (a byte offset in the line): after a
/// court transcript's gutter, else at 0. Stage 1 reads the line from
/// there; the gutter's stamp, if any, is read by [`gutter_stamp`].
pub(crate) fn text_start(format: Format, line: &str) -> usize {
    match format {
        Format::Court | Format::Deposition => court::text_start(line),
        _ => 0,
    }
}

/// The realtime stamp in a line's gutter (range in the line): a time of
/// day (`Clock::Wall`), as the court reporter's clock tells it.
pub(crate) fn gutter_stamp(format: Format, line: &str) -> Option<Range<usize>> {
    match format {
        Format::Court | Format::Deposition => court::stamp(line),
        _ => None,
    }
}

/// Does `format` break its text into pages ([`is_page_break`])?
pub(crate) fn has_page_breaks(format: Format) -> bool {
    matches!(format, Format::Court | Format::Deposition)
}

/// Is a furniture line part of a page break (page number, footer), which a
/// turn and a paragraph go on across? Other furniture (a heading, a
/// recording boundary, the back matter) ends them.
pub(crate) fn is_page_break(format: Format, line: &str) -> bool {
    match format {
        Format::Court | Format::Deposition => court::is_page_break(line),
        _ => false,
    }
}

/// Does line `i` start a paragraph of its own beside those every format
/// starts (a turn, the notes block)? In a court transcript: a
/// parenthetical, and the text after a numbered line that holds none.
pub(crate) fn starts_paragraph(
    format: Format,
    text: &str,
    lines: &[Line],
    i: usize,
    furniture: impl Fn(usize) -> bool,
) -> bool {
    match format {
        Format::Court | Format::Deposition => court::starts_paragraph(text, lines, i, furniture),
        _ => false,
    }
}

/// The first line [`starts_paragraph`] reads to answer for line `i`: what
/// the join of markers across lines keeps a pass for (`wrap::Pass`).
pub(crate) fn paragraph_looks_back(format: Format, text: &str, lines: &[Line], i: usize) -> usize {
    match format {
        Format::Court | Format::Deposition => court::looks_back(text, lines, i),
        _ => i,
    }
}

/// The byte of `line` where a parenthetical opens that is an annotation
/// whatever its first word, when it is still open at the line's end (a
/// court reporter's `(Ostergaard Exhibit 9 was marked for`).
pub(crate) fn open_parenthetical(format: Format, line: &str) -> Option<usize> {
    match format {
        Format::Court | Format::Deposition => court::open_parenthetical(line),
        _ => None,
    }
}

/// Gives turns whose label is a mark (`Q`, `A`) the speaker the format
/// names elsewhere (document-wide: the examiner, the witness).
/// `furniture` is the document's (ranges of line indices).
pub(crate) fn name_speakers(
    format: Format,
    text: &str,
    lines: &[Line],
    furniture: &[Range<usize>],
    turns: &mut [Turn],
) {
    if matches!(format, Format::Court | Format::Deposition) {
        court::name_speakers(text, lines, furniture, turns);
    }
}

/// How a turn's label is written in `format`, for a front end that offers
/// to write one (completion): see [`LabelShape`].
pub(crate) fn label_shape(format: Format) -> LabelShape {
    let plain = LabelShape {
        indented: false,
        before: "",
        time: None,
        after: ": ",
    };
    match format {
        // `    Senator FEINSTEIN. Thank you.`
        Format::Hearing => LabelShape {
            indented: true,
            after: ". ",
            ..plain
        },
        // ` 9             MR. HARLAN:  Thank you.`
        Format::Court | Format::Deposition => LabelShape {
            indented: true,
            after: ":  ",
            ..plain
        },
        // `Dana Whitfield  0:03` alone on its line, the text on the next.
        Format::Otter => LabelShape {
            time: Some(LabelTime::InLabel {
                open: "  ",
                close: "",
                zero: "0:00",
            }),
            after: "\n",
            ..plain
        },
        // `[Helen Achterberg] 23:52:07` alone on its line; a file of the
        // second shape is told apart by its turns (`Transcript::label_shape_at`).
        Format::Zoom => LabelShape {
            before: "[",
            time: Some(LabelTime::InLabel {
                open: "] ",
                close: "",
                zero: "00:00:00",
            }),
            after: "\n",
            ..plain
        },
        _ => plain,
    }
}

/// Does a soft wrap leave one space at the end of each wrapped line (GPO's
/// hearings)? That one space is not `trailing-whitespace`; two are.
pub(crate) fn soft_wrap_space(format: Format) -> bool {
    format == Format::Hearing
}

/// The clock a label's time tells: a Zoom transcript's `[Name] 18:02:15` is
/// the meeting's time of day (`23:59:48` then `00:00:05` is midnight, not a
/// step back); every other label's time is recording time.
pub(crate) fn label_clock(format: Format) -> Clock {
    match format {
        Format::Zoom => Clock::Wall,
        _ => Clock::Elapsed,
    }
}

/// The time of a line that is a time alone, `18:02:15` before a Zoom turn
/// `Name: text` (its clock is [`label_clock`]'s): a range of the line.
pub(crate) fn time_line(format: Format, line: &str) -> Option<Range<usize>> {
    match format {
        Format::Zoom => zoom::time_line(line),
        _ => None,
    }
}

/// The runs of `true` in `flags` (one per line), as ascending, disjoint
/// ranges of line indices: the shape furniture is kept in.
pub(crate) fn runs(flags: impl IntoIterator<Item = bool>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, f) in flags.into_iter().enumerate() {
        if !f {
            continue;
        }
        match out.last_mut() {
            Some(r) if r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Is line `i` inside one of `furniture`'s ranges?
pub(crate) fn is_furniture(furniture: &[Range<usize>], i: usize) -> bool {
    let k = furniture.partition_point(|r| r.end <= i);
    furniture.get(k).is_some_and(|r| r.start <= i)
}
