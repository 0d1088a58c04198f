//! Oral histories and other hard-wrapped interviews (`FORMATS.md` §3.3):
//! a header of `Field: value` lines naming the narrator and the
//! interviewer, then turns by initials (`MK:`), full names or first names.
//! Labels are found as in the generic reader; what this reader adds is the
//! header, which is furniture: its fields are not turns, the durations in
//! it (`(00:41:52)`) are not timestamps, and the `[inaudible]` a
//! transcriber's note mentions is not a marker of the text.

use std::ops::Range;

use super::super::lines::Line;

/// How far down the header's fields may sit.
const HEADER_LINES: usize = 40;

/// The header: from the first line to the first turn or the first line
/// that is a bracketed insertion alone (`[Begin File 1]`, which starts the
/// recording and its clock, so it stays text), when the lines before it
/// name a narrator (or interviewee) and an interviewer.
pub(crate) fn furniture(text: &str, lines: &[Line], accepted: &[usize]) -> Vec<Range<usize>> {
    let first_turn = accepted.first().copied().unwrap_or(lines.len());
    let end = (0..first_turn)
        .find(|&i| {
            let s = lines[i].text(text).trim();
            s.starts_with('[') && s.ends_with(']') && !s.contains("](")
        })
        .unwrap_or(first_turn);
    let field = |i: usize, names: &[&str]| {
        let s = lines[i].text(text);
        names.iter().any(|n| s.starts_with(n))
    };
    let fields = 0..end.min(HEADER_LINES);
    let narrator = fields
        .clone()
        .any(|i| field(i, &["Narrator:", "Interviewee:"]));
    let interviewer = fields.clone().any(|i| field(i, &["Interviewer:"]));
    let mut out = Vec::new();
    if narrator && interviewer {
        out.push(0..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lines::split;

    fn header(text: &str, accepted: &[usize]) -> Vec<Range<usize>> {
        furniture(text, &split(text), accepted)
    }

    #[test]
    fn the_header_runs_to_the_first_boundary_or_turn() {
        let text = "Project\n\nNarrator: Margaret Kowalski (MK)\nInterviewer: Thomas Reyes (TR)\nAudio: a.wav (00:41:52)\n\nNote: marked [inaudible].\n\n[Begin File 1]\n\nTR: Hello.\n";
        assert_eq!(header(text, &[10]), vec![0..8]);
        let text = "Narrator: Margaret Kowalski\nInterviewer: Thomas Reyes\n\nTR: Hello.\n";
        assert_eq!(header(text, &[3]), vec![0..3]);
    }

    #[test]
    fn no_header_without_both_fields() {
        let text = "Interviewer: Thomas Reyes\n\nTR: Hello.\nMK: Hi.\n";
        assert!(header(text, &[2, 3]).is_empty());
        assert!(header("TR: Hello.\nMK: Hi.\n", &[0, 1]).is_empty());
    }
}
