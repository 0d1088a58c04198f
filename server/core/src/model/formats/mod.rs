//! The readers: what differs from one transcript format to another, and
//! nothing else. Each reader answers the same few questions for the common
//! model; the rules never ask which format they read.
//!
//! - [`candidate`] (stage 1, line-local): the label a line may carry.
//! - [`accept`] (stage 2): which candidates are labels.
//! - [`furniture`] (stage 2): the lines that are not text (headers, front
//!   matter, footers, recording boundaries). Every fact of the line scan
//!   skips them, so no text rule and no name scan sees them.
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
use crate::settings::Format;

/// The label candidate of one line, in `format`.
pub(crate) fn candidate(format: Format, text: &str, line: &Line) -> Option<Candidate> {
    match format {
        Format::Otter => otter::candidate(line.text(text), line.start),
        Format::Zoom => zoom::candidate(line.text(text), line.start),
        Format::Hearing => hearing::candidate(line.text(text), line.start),
        _ => labels::candidate(line.text(text), line.start),
    }
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
        Format::Otter | Format::Hearing => vec![true; candidates.len()],
        Format::Zoom => zoom::accept(candidates, paragraphs, roster_has),
        _ => labels::accept(candidates, paragraphs, roster_has),
    }
}

/// The furniture of the document: ranges of line indices, ascending and
/// disjoint. `accepted` are the accepted labels' line indices, ascending.
pub(crate) fn furniture(
    format: Format,
    text: &str,
    lines: &[Line],
    accepted: &[usize],
) -> Vec<Range<usize>> {
    match format {
        Format::Otter => otter::furniture(text, lines, accepted),
        Format::OralHistory => oral_history::furniture(text, lines, accepted),
        Format::Hearing => hearing::furniture(text, lines, accepted),
        Format::Zoom => zoom::furniture(text, lines),
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
) -> InlineNotes {
    match format {
        Format::Hearing => hearing::notes(text, lines, furniture),
        _ => InlineNotes::default(),
    }
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

/// Is line `i` inside one of `furniture`'s ranges?
pub(crate) fn is_furniture(furniture: &[Range<usize>], i: usize) -> bool {
    let k = furniture.partition_point(|r| r.end <= i);
    furniture.get(k).is_some_and(|r| r.start <= i)
}
