//! Oral histories and other hard-wrapped interviews (`FORMATS.md` §3.3):
//! a header of `Field: value` lines naming the narrator and the
//! interviewer, then turns by initials (`MK:`), full names or first names.
//! Labels are found as in the generic reader, except on the header's own
//! field lines; what this reader adds is the furniture: the header (its
//! fields are not turns, the durations in it (`(00:41:52)`) are not
//! timestamps, and the `[inaudible]` a transcriber's note mentions is not
//! a marker of the text), the recording boundaries between turns
//! (`[End of File 1]`, `[Begin File 2]`), and the closing lines after the
//! last turn (`END OF INTERVIEW`, `Transcribed by ...`), none of which a
//! speaker says.

use std::ops::Range;

use super::super::clock::is_boundary;
use super::super::labels::{self, speaker_key, Candidate};
use super::super::lines::Line;
use super::super::RosterEntry;

/// How far down the header's fields may sit.
const HEADER_LINES: usize = 40;

/// Header fields whose value names people: the roster's fields.
const PEOPLE: &[&str] = &[
    "Narrator",
    "Narrators",
    "Interviewee",
    "Interviewees",
    "Interviewer",
    "Interviewers",
    "Also present",
    "Also Present",
];

/// Header fields that name no speaker: nobody in a transcript is called
/// `Date` or `Location`, so such a line never carries a label.
const OTHER: &[&str] = &[
    "Date",
    "Dates",
    "Location",
    "Place",
    "Transcriber",
    "Transcribed by",
    "Transcription",
    "Reviewer",
    "Reviewed by",
    "Editor",
    "Edited by",
    "Audio",
    "Video",
    "Duration",
    "Length",
    "Interview No.",
    "Interview number",
    "Collection",
    "Language",
    "Restrictions",
];

/// How a closing credit starts, after the last turn: the transcriber's
/// and reviewers' line (`Transcribed by Ellen Park, June 2023; reviewed
/// by ...`).
const CREDITS: &[&str] = &[
    "Transcribed by ",
    "Transcribed and edited by ",
    "Transcribed and reviewed by ",
    "Transcription by ",
    "Transcript by ",
    "Reviewed by ",
    "Edited by ",
    "Audit-edited by ",
];

/// A closing line's words, bracketed or in capitals, beside the recording
/// boundaries (`END OF INTERVIEW` is one).
const CLOSINGS: &[&str] = &[
    "end",
    "the end",
    "end of transcript",
    "end of the transcript",
];

/// The label candidate of a line: as in the generic reader, except that a
/// header field (`Interviewer: Paul Reyes (PR)`, `Date: May 9, 2023`) is
/// none, however often it is written: two `Interviewer:` lines are two
/// interviewers, not two turns.
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    if field(line).is_some() {
        return None;
    }
    labels::candidate(line, base)
}

/// A header field: its name and where its value starts in `line`, when the
/// line is one (`Narrator: Margaret Kowalski (MK)`). A people field is one
/// only when its value reads as names, so that a turn labelled by its role
/// (`Interviewer: Today is May 9th.`) stays a turn.
fn field(line: &str) -> Option<(&'static str, usize)> {
    let (name, _) = line.split_once(':')?;
    if let Some(f) = OTHER.iter().find(|f| **f == name) {
        return Some((f, name.len() + 1));
    }
    let f = PEOPLE.iter().find(|f| **f == name)?;
    let value = &line[name.len() + 1..];
    let sentence = value.contains(['?', '!'])
        || value.trim_end().strip_suffix('.').is_some_and(|v| {
            v.rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| !w.is_empty() && w.chars().all(char::is_lowercase))
        });
    let first = pieces(value).next()?;
    (!sentence && person(value, first).is_some()).then_some((f, name.len() + 1))
}

/// The pieces of a field's value, split at `,` and `;` outside
/// parentheses: byte ranges of `value`, untrimmed.
fn pieces(value: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut depth = 0usize;
    let mut start = 0;
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for (i, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                cuts.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    cuts.push(start..value.len());
    cuts.into_iter()
}

/// A person named in `value[piece]`: the name's range in `value` and the
/// initials given in parentheses after it, if any (`Jane Ortiz (JO)`).
/// A name is two to four capitalised words; `unknown` and `see note` are
/// none.
fn person(value: &str, piece: Range<usize>) -> Option<(Range<usize>, Option<&str>)> {
    let s = &value[piece.clone()];
    let end = s.find('(').unwrap_or(s.len());
    let name = s[..end].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        });
    if !is_name {
        return None;
    }
    let start = piece.start + (s.len() - s.trim_start().len());
    let given = s[end..]
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map(|(inner, _)| inner.trim())
        .filter(|i| (2..=3).contains(&i.len()) && i.bytes().all(|b| b.is_ascii_uppercase()));
    Some((start..start + name.len(), given))
}

/// The furniture: the header, from the first line to the first turn or
/// the first line that is a bracketed insertion alone (`[Begin File 1]`),
/// when the lines before it name a narrator (or interviewee) and an
/// interviewer; the recording boundaries (`[End of File 1]`, `[Tape 1,
/// Side B]`, and `START OF TAPE 1, SIDE B` in capitals when it stands
/// alone between blank lines); and after the last turn, closing lines
/// alone in the same way (`[END OF INTERVIEW]`, `END OF TRANSCRIPT`) and
/// the transcriber's credit, a paragraph starting `Transcribed by `.
/// A boundary stays a line where the clock restarts (the line scan finds
/// those, furniture or not); being furniture, it ends the turn before it,
/// so that no rule reads it as speech and the turn's words exclude it.
pub(crate) fn furniture(text: &str, lines: &[Line], accepted: &[usize]) -> Vec<Range<usize>> {
    let first_turn = accepted.first().copied().unwrap_or(lines.len());
    let end = (0..first_turn)
        .find(|&i| {
            let s = lines[i].text(text).trim();
            s.starts_with('[') && s.ends_with(']') && !s.contains("](")
        })
        .unwrap_or(first_turn);
    let is_field = |i: usize, names: &[&str]| {
        field(lines[i].text(text)).is_some_and(|(f, _)| names.contains(&f))
    };
    let fields = 0..end.min(HEADER_LINES);
    let narrator = fields
        .clone()
        .any(|i| is_field(i, &["Narrator", "Narrators", "Interviewee", "Interviewees"]));
    let interviewer = fields
        .clone()
        .any(|i| is_field(i, &["Interviewer", "Interviewers"]));
    let header = if narrator && interviewer {
        0..end
    } else {
        0..0
    };

    let last_turn = accepted.last().copied();
    let label = |i: usize| accepted.binary_search(&i).is_ok();
    let after_last = |i: usize| last_turn.is_none_or(|l| i > l);
    // A boundary, or after the last turn a closing line: whether it is
    // bracketed (then its own line is enough) or in capitals (then it must
    // stand alone, between blank lines or other such lines).
    let closing = |i: usize| -> Option<bool> {
        if label(i) {
            return None;
        }
        let s = lines[i].text(text).trim();
        let bracketed = s.starts_with('[') && s.ends_with(']');
        if is_boundary(s) {
            return Some(bracketed);
        }
        let inner = if bracketed { &s[1..s.len() - 1] } else { s };
        let inner = inner.trim().trim_end_matches('.');
        let words = (bracketed || !inner.chars().any(char::is_lowercase))
            && CLOSINGS.iter().any(|c| c.eq_ignore_ascii_case(inner));
        (words && after_last(i)).then_some(bracketed)
    };
    let quiet = |i: Option<usize>| {
        i.is_none_or(|i| i >= lines.len() || lines[i].blank || closing(i).is_some())
    };
    let mut flags: Vec<bool> = (0..lines.len()).map(|i| header.contains(&i)).collect();
    let mut i = header.end;
    while i < lines.len() {
        match closing(i) {
            Some(true) => flags[i] = true,
            Some(false) if quiet(i.checked_sub(1)) && quiet(Some(i + 1)) => flags[i] = true,
            _ => {}
        }
        let s = lines[i].text(text);
        let credit = s.strip_prefix('[').unwrap_or(s);
        if after_last(i)
            && !label(i)
            && (i == 0 || lines[i - 1].blank || flags[i - 1])
            && CREDITS.iter().any(|c| credit.starts_with(c))
        {
            while i < lines.len() && !lines[i].blank {
                flags[i] = true;
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    super::runs(flags)
}

/// The header's people fields (`Narrator:`, `Interviewee:`,
/// `Interviewer:`, their plurals, `Also present:`): `Margaret Kowalski
/// (MK)` stands for the labels `MARGARET KOWALSKI` and `MK`. Without
/// initials in parentheses, those of the first and last name (`Thomas
/// Reyes` is `TR`), as the style guides write them, unless two people of
/// the header share them. A field may name several people (`Interviewers:
/// Jane Ortiz (JO), Paul Reyes (PR)`; a field may also be written twice);
/// after the first, a piece counts when it gives initials, or in a plural
/// field when every piece is a name, so that `Narrator: Thomas Reyes,
/// South Portland` names one person. `Also present:` names those it gives initials for: the others
/// may never speak. A value that is not a name (`unknown`, `see note`)
/// gives no entry.
pub(crate) fn roster(text: &str, lines: &[Line], furniture: &[Range<usize>]) -> Vec<RosterEntry> {
    let Some(header) = furniture.first().filter(|r| r.start == 0) else {
        return Vec::new();
    };
    // (name, initials, were they given?)
    let mut people: Vec<(Range<usize>, String, bool)> = Vec::new();
    for i in header.clone() {
        let line = &lines[i];
        let s = line.text(text);
        let Some((f, at)) = field(s).filter(|(f, _)| PEOPLE.contains(f)) else {
            continue;
        };
        let value = &s[at..];
        let named: Vec<_> = pieces(value).map(|p| person(value, p)).collect();
        // A plural field's list of names alone names each; after the
        // first name, a singular field's pieces are a place or a role
        // unless they give initials.
        let list = f.ends_with('s') && named.iter().all(Option::is_some);
        let also = f.starts_with("Also");
        for (k, named) in named.into_iter().enumerate() {
            let Some((name, given)) = named else {
                if k == 0 {
                    break;
                }
                continue;
            };
            if given.is_none() && ((k > 0 && !list) || also) {
                continue;
            }
            let range = line.start + at + name.start..line.start + at + name.end;
            let initials = match given {
                Some(given) => given.to_string(),
                None => {
                    let words: Vec<&str> = value[name].split_whitespace().collect();
                    [words[0], words[words.len() - 1]]
                        .iter()
                        .filter_map(|w| w.chars().next())
                        .flat_map(char::to_uppercase)
                        .collect()
                }
            };
            people.push((range, initials, given.is_some()));
        }
    }
    let mut out = Vec::new();
    for (n, (range, initials, given)) in people.iter().enumerate() {
        out.push(RosterEntry {
            key: speaker_key(&text[range.clone()]),
            name: range.clone(),
        });
        // Initials made up from a name stand for nobody when another
        // person of the header has them too.
        let shared = people.iter().enumerate().any(|(m, (r, i, _))| {
            m != n && i == initials && text[r.clone()] != text[range.clone()]
        });
        if *given || !shared {
            out.push(RosterEntry {
                key: initials.clone(),
                name: range.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lines::split;
    use crate::model::Transcript;
    use crate::settings::{Format, Settings};

    fn header(text: &str, accepted: &[usize]) -> Vec<Range<usize>> {
        furniture(text, &split(text), accepted)
    }

    fn parse(text: &str) -> Transcript<'_> {
        let settings = Settings {
            format: Some(Format::OralHistory),
            ..Settings::default()
        };
        Transcript::parse(text, &settings)
    }

    fn entries<'a>(text: &'a str, accepted: &[usize]) -> Vec<(String, &'a str)> {
        let lines = split(text);
        let f = furniture(text, &lines, accepted);
        roster(text, &lines, &f)
            .into_iter()
            .map(|e| (e.key, &text[e.name]))
            .collect()
    }

    #[test]
    fn the_header_runs_to_the_first_boundary_or_turn() {
        let text = "Project\n\nNarrator: Margaret Kowalski (MK)\nInterviewer: Thomas Reyes (TR)\nAudio: a.wav (00:41:52)\n\nNote: marked [inaudible].\n\n[Begin File 1]\n\nTR: Hello.\n";
        // The header, and the boundary after it.
        assert_eq!(header(text, &[10]), vec![0..9]);
        let text = "Narrator: Margaret Kowalski\nInterviewer: Thomas Reyes\n\nTR: Hello.\n";
        assert_eq!(header(text, &[3]), vec![0..3]);
    }

    #[test]
    fn the_header_names_the_speakers_and_their_initials() {
        let text = "Narrator: Margaret Kowalski (MK)\nInterviewer: Thomas Reyes, for the project\nInterviewee: unknown\nDate: April 3\n\nTR: Hello.\n";
        assert_eq!(
            entries(text, &[5]),
            vec![
                ("MARGARET KOWALSKI".into(), "Margaret Kowalski"),
                ("MK".into(), "Margaret Kowalski"),
                ("THOMAS REYES".into(), "Thomas Reyes"),
                ("TR".into(), "Thomas Reyes"),
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

    #[test]
    fn header_fields_carry_no_label() {
        for line in [
            "Interviewer: Paul Reyes (PR)",
            "Interviewers: Jane Ortiz (JO), Paul Reyes (PR)",
            "Narrator: Walter Pelletier",
            "Also present: Irene Pelletier (IP), the narrator's wife",
            "Date: May 9, 2023",
            "Location: Pelletier home, Lubec, Maine",
            "Transcriber: Ellen Park",
        ] {
            assert!(candidate(line, 0).is_none(), "{line:?}");
        }
        // A turn labelled by its role is a turn, whatever follows.
        for line in [
            "Interviewer: Today is May 9th, and I'm here with Walter.",
            "Interviewer: Walter Pelletier, welcome.",
            "Narrator: Jane Ortiz? No, Paul asked me that.",
            "JO: Paul Reyes (PR)",
        ] {
            assert!(candidate(line, 0).is_some(), "{line:?}");
        }
    }

    #[test]
    fn two_interviewers_are_two_roster_entries() {
        let text = "Narrator: Walter Pelletier (WP)\nInterviewer: Jane Ortiz (JO)\nInterviewer: Paul Reyes (PR)\n\nJO: Hello.\n\nWP: Hi.\n\nPR: And?\n";
        let doc = parse(text);
        let labels: Vec<&str> = doc.turns.iter().map(|t| doc.slice(&t.label.full)).collect();
        assert_eq!(labels, ["JO:", "WP:", "PR:"]);
        assert_eq!(doc.header, Some(0..89));
        let roster: Vec<(&str, &str)> = doc
            .roster
            .iter()
            .map(|e| (e.key.as_str(), doc.slice(&e.name)))
            .collect();
        assert_eq!(
            roster,
            [
                ("WALTER PELLETIER", "Walter Pelletier"),
                ("WP", "Walter Pelletier"),
                ("JANE ORTIZ", "Jane Ortiz"),
                ("JO", "Jane Ortiz"),
                ("PAUL REYES", "Paul Reyes"),
                ("PR", "Paul Reyes"),
            ]
        );
    }

    #[test]
    fn a_list_of_interviewers_and_those_also_present() {
        let text = "Narrator: Walter Pelletier\nInterviewers: Jane Ortiz (JO), Paul Reyes (PR)\nAlso present: Irene Pelletier (IP), Tom Pelletier, a neighbour\nDate: May 9, 2023\n\nJO: Hello.\n";
        assert_eq!(
            entries(text, &[5]),
            vec![
                ("WALTER PELLETIER".into(), "Walter Pelletier"),
                ("WP".into(), "Walter Pelletier"),
                ("JANE ORTIZ".into(), "Jane Ortiz"),
                ("JO".into(), "Jane Ortiz"),
                ("PAUL REYES".into(), "Paul Reyes"),
                ("PR".into(), "Paul Reyes"),
                ("IRENE PELLETIER".into(), "Irene Pelletier"),
                ("IP".into(), "Irene Pelletier"),
            ]
        );
        // A list of names alone names each; a place after a name is no
        // second person.
        let text = "Narrator: Walter Pelletier, South Portland\nInterviewers: Jane Ortiz, Paul Reyes\n\nJO: Hello.\n";
        assert_eq!(
            entries(text, &[3]),
            vec![
                ("WALTER PELLETIER".into(), "Walter Pelletier"),
                ("WP".into(), "Walter Pelletier"),
                ("JANE ORTIZ".into(), "Jane Ortiz"),
                ("JO".into(), "Jane Ortiz"),
                ("PAUL REYES".into(), "Paul Reyes"),
                ("PR".into(), "Paul Reyes"),
            ]
        );
        // Initials two people share, made up from their names, stand for
        // neither.
        let text = "Narrator: Tina Ross\nInterviewer: Thomas Reyes\n\nTR: Hello.\n";
        assert_eq!(
            entries(text, &[3]),
            vec![
                ("TINA ROSS".into(), "Tina Ross"),
                ("THOMAS REYES".into(), "Thomas Reyes"),
            ]
        );
    }

    #[test]
    fn boundaries_and_closing_lines_are_furniture() {
        let text = "\
Narrator: Walter Pelletier (WP)
Interviewer: Jane Ortiz (JO)

[Begin File 1]

JO: [00:00:05] Hello.

WP: [00:00:12] Hi.
[End of Tape 1, Side A]

START OF TAPE 1, SIDE B

JO: [00:00:04] Again.

WP: It was on
END OF TAPE 2, ALL OF IT
and more.

[END OF INTERVIEW]

END OF TRANSCRIPT

Transcribed by Ellen Park, June 2023; reviewed by
Jane Ortiz, July 2023.
";
        //   0 Narrator   1 Interviewer   3 [Begin File 1]   5 JO   7 WP
        //   8 [End of Tape 1, Side A]   10 START OF TAPE   12 JO   14 WP
        //  15 END OF TAPE 2 (in a paragraph: text)   18 [END OF INTERVIEW]
        //  20 END OF TRANSCRIPT   22-23 the credit
        assert_eq!(
            header(text, &[5, 7, 12, 14]),
            vec![0..4, 8..9, 10..11, 18..19, 20..21, 22..24]
        );
        let doc = parse(text);
        let bodies: Vec<&str> = doc.turns.iter().map(|t| doc.slice(&t.body)).collect();
        assert_eq!(
            bodies,
            [
                "[00:00:05] Hello.",
                "[00:00:12] Hi.",
                "[00:00:04] Again.",
                "It was on\nEND OF TAPE 2, ALL OF IT\nand more.",
            ]
        );
        // The clock still restarts at each boundary.
        let segments: Vec<usize> = doc.clocks().map(|(_, s)| s).collect();
        assert_eq!(segments, [1, 1, 3]);
        let settings = Settings::default();
        // `[00:00:12] Hi.` and the twelve words of the last turn; not the
        // six of `[End of Tape 1, Side A]`.
        assert_eq!(doc.speaker_summary(&settings, "WP").unwrap().words, 2 + 12);
    }

    #[test]
    fn closing_words_before_the_last_turn_or_in_lower_case_stay_text() {
        let text = "\
JO: Hello.

THE END

WP: Hi.

The End

End of transcript

Transcribed by hand, she said.
";
        // `THE END` is before a turn; `The End` and `End of transcript`
        // are neither in capitals nor in brackets. The credit's words
        // after the last turn, in a paragraph of their own, close it.
        assert_eq!(header(text, &[0, 4]), vec![10..11]);
    }
}
