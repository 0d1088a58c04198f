//! Oral histories and other hard-wrapped interviews (`FORMATS.md` §3.3):
//! a header of `Field: value` lines naming the narrator and the
//! interviewer, then turns by initials (`MK:`), full names or first names.
//! Labels are found as in the generic reader; what this reader adds is the
//! header, which is furniture: its fields are not turns, the durations in
//! it (`(00:41:52)`) are not timestamps, and the `[inaudible]` a
//! transcriber's note mentions is not a marker of the text.

use std::ops::Range;

use super::super::labels::speaker_key;
use super::super::lines::Line;
use super::super::RosterEntry;

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

/// The header's `Narrator:` (or `Interviewee:`) and `Interviewer:` fields:
/// `Margaret Kowalski (MK)` stands for the labels `MARGARET KOWALSKI` and
/// `MK`. Without initials in parentheses, those of the first and last name
/// (`Thomas Reyes` is `TR`), as the style guides write them. A value that
/// is not a name (`unknown`, `see note`) gives no entry.
pub(crate) fn roster(text: &str, lines: &[Line], furniture: &[Range<usize>]) -> Vec<RosterEntry> {
    let Some(header) = furniture.first().filter(|r| r.start == 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in header.clone() {
        let line = &lines[i];
        let s = line.text(text);
        let Some(field) = ["Narrator:", "Interviewee:", "Interviewer:"]
            .iter()
            .find(|f| s.starts_with(**f))
        else {
            continue;
        };
        let value = &s[field.len()..];
        let end = value.find(['(', ',', ';']).unwrap_or(value.len());
        let name = value[..end].trim();
        let words: Vec<&str> = name.split_whitespace().collect();
        let is_name = (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase())
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
            });
        if !is_name {
            continue;
        }
        let start = line.start + field.len() + (value.len() - value.trim_start().len());
        let range = start..start + name.len();
        out.push(RosterEntry {
            key: speaker_key(name),
            name: range.clone(),
        });
        let given = value[end..]
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .map(|(inner, _)| inner.trim())
            .filter(|i| (2..=3).contains(&i.len()) && i.bytes().all(|b| b.is_ascii_uppercase()));
        let initials = match given {
            Some(given) => given.to_string(),
            None => [words[0], words[words.len() - 1]]
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect(),
        };
        out.push(RosterEntry {
            key: initials,
            name: range,
        });
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
    fn the_header_names_the_speakers_and_their_initials() {
        let text = "Narrator: Margaret Kowalski (MK)\nInterviewer: Thomas Reyes, for the project\nInterviewee: unknown\nDate: April 3\n\nTR: Hello.\n";
        let lines = split(text);
        let f = header(text, &[5]);
        let entries_of = roster(text, &lines, &f);
        let entries: Vec<(&str, &str)> = entries_of
            .iter()
            .map(|e| (e.key.as_str(), &text[e.name.clone()]))
            .collect();
        assert_eq!(
            entries,
            vec![
                ("MARGARET KOWALSKI", "Margaret Kowalski"),
                ("MK", "Margaret Kowalski"),
                ("THOMAS REYES", "Thomas Reyes"),
                ("TR", "Thomas Reyes"),
            ]
        );
        // Without a header there is no roster.
        assert!(roster("TR: Hello.\n", &split("TR: Hello.\n"), &[]).is_empty());
    }

    #[test]
    fn no_header_without_both_fields() {
        let text = "Interviewer: Thomas Reyes\n\nTR: Hello.\nMK: Hi.\n";
        assert!(header(text, &[2, 3]).is_empty());
        assert!(header("TR: Hello.\nMK: Hi.\n", &[0, 1]).is_empty());
    }
}
