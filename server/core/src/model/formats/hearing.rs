//! Printed congressional hearings, GPO's text edition (`FORMATS.md` §3.1):
//! paragraphs open with four spaces, a speaker's paragraph with a label
//! ending in a period (`    Senator FEINSTEIN. `), lines are soft-wrapped
//! near 70 columns with one trailing space, and front matter, centred
//! headings, dash rules and `[GRAPHIC]` lines are not text.

use std::ops::Range;

use super::super::detect::HEARING_LABEL;
use super::super::footnotes::{backslash_label, InlineNotes, Note};
use super::super::labels::{speaker_key, Candidate, LabelForm, SpeakerKey, SpeakerLabel};
use super::super::lines::Line;
use super::is_furniture;

/// `    Mr. McALLISTER. Thank you.`: the name is `Mr. McALLISTER`, the label
/// runs to its period, which ends no sentence.
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    let m = HEARING_LABEL.find(line)?;
    // The match is `    ` + speaker + `. `.
    let name = 4..m.end() - 2;
    Some(Candidate {
        label: SpeakerLabel {
            range: base + name.start..base + name.end,
            full: base + name.start..base + name.end + 1,
            key: SpeakerKey::new(speaker_key(&line[name])),
            form: LabelForm::Caps,
            timestamp: None,
            text_follows: true,
        },
        body_start: base + m.end(),
        strong: true,
    })
}

/// Is `s` a paragraph start: four spaces, then text?
fn opens_paragraph(s: &str) -> bool {
    s.len() > 4 && s.starts_with("    ") && !s[4..].starts_with([' ', '\t'])
}

/// A table of contents entry: `Oral Statement.........    18`. Asked of
/// many lines on every layout: a search for a period beats setting up a
/// substring search each time.
fn has_leader(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(b"...."))
}

/// Lines that are not text in the body: centred headings and anything
/// indented further than a paragraph (`[all]`), dash rules, and the
/// `[GRAPHIC]` placeholders of images.
fn is_body_furniture(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty() {
        return false;
    }
    let indent = s.len() - s.trim_start().len();
    indent > 4
        || (t.len() >= 10 && t.bytes().all(|b| b == b'-' || b == b'='))
        || t.starts_with("[GRAPHIC")
}

/// The flags of a line that [`furniture`] and [`notes`] read: does it
/// open a paragraph, is it a contents entry, is it furniture in the body,
/// does it announce an inserted statement, does it start a note?
pub(crate) fn line_shape(s: &str) -> u8 {
    // [`furniture`] asks for a leader only on a line that opens a paragraph.
    let opens = opens_paragraph(s);
    let flag = |yes: bool, bit: u8| if yes { bit } else { 0 };
    flag(opens, OPENS)
        | flag(opens && has_leader(s), LEADER)
        | flag(is_body_furniture(s), BODY_FURNITURE)
        | flag(s.trim_end().ends_with("follows:]"), STATEMENT)
        | flag(backslash_label(s).is_some(), NOTE)
}

/// The bits of [`line_shape`].
const OPENS: u8 = 1;
const LEADER: u8 = 1 << 1;
const BODY_FURNITURE: u8 = 1 << 2;
const STATEMENT: u8 = 1 << 3;
const NOTE: u8 = 1 << 4;

/// The front matter (to the first paragraph that is not a contents entry)
/// and the body's furniture lines. A blank line next to furniture is
/// furniture too: the blank lines around a heading are layout.
///
/// `shape(i)` is line `i`'s [`line_shape`]: an analysis kept across edits
/// has it for every line, and reading a bit beats reading 65,000 lines of
/// a long hearing again each time its labels change.
pub(crate) fn furniture(
    lines: &[Line],
    accepted: &[usize],
    shape: &dyn Fn(usize) -> u8,
) -> Vec<Range<usize>> {
    let body = (0..lines.len())
        .find(|&i| shape(i) & (OPENS | LEADER) == OPENS)
        .unwrap_or(lines.len())
        .min(accepted.first().copied().unwrap_or(lines.len()));
    let mut is: Vec<bool> = (0..lines.len())
        .map(|i| i < body || shape(i) & BODY_FURNITURE != 0)
        .collect();
    // Blank runs touching furniture (or the end of the file).
    let mut i = body;
    while i < lines.len() {
        if !lines[i].blank {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].blank {
            i += 1;
        }
        let before = start == 0 || is[start - 1];
        let after = i == lines.len() || is[i];
        if before || after {
            is[start..i].iter_mut().for_each(|f| *f = true);
        }
    }
    super::runs(is)
}

/// GPO's notes: a paragraph `    \1\ text` (with its continuation lines,
/// to a dash rule, a blank line or the next paragraph) is a note wherever it
/// sits; it follows the paragraph that cites it. Numbering restarts with
/// each inserted document (`[The prepared statement of Mr. Smith
/// follows:]`), so a `\1\` in two statements is two notes, not one note
/// twice.
///
/// `shape(i)` is line `i`'s [`line_shape`], as for [`furniture`]: only
/// the lines it marks are read.
pub(crate) fn notes(
    text: &str,
    lines: &[Line],
    furniture: &[Range<usize>],
    shape: &dyn Fn(usize) -> u8,
) -> InlineNotes {
    let mut out = InlineNotes::default();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].blank || shape(i) & (STATEMENT | NOTE) == 0 || is_furniture(furniture, i) {
            i += 1;
            continue;
        }
        let s = lines[i].text(text);
        if shape(i) & STATEMENT != 0 {
            out.sections.push(lines[i].range());
        }
        let Some((label, digits, number)) = backslash_label(s) else {
            i += 1;
            continue;
        };
        let mut last = i;
        while last + 1 < lines.len()
            && !lines[last + 1].blank
            && !is_furniture(furniture, last + 1)
            && shape(last + 1) & OPENS == 0
        {
            last += 1;
        }
        let line = &lines[i];
        let end = lines[last].content_end;
        let after = &s[label.end..];
        let body_start = line.start + label.end + (after.len() - after.trim_start().len());
        out.notes.push(Note {
            range: line.start..end,
            label: line.start + label.start..line.start + label.end,
            number_range: line.start + digits.start..line.start + digits.end,
            number,
            body: body_start.min(end)..end,
            markdown: false,
            backslash: true,
        });
        out.lines.push(i..last + 1);
        i = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lines::split;

    #[test]
    fn labels_end_at_their_period() {
        for (line, name) in [
            (
                "    Chairman HARTWELL. The Subcommittee will come to ",
                "Chairman HARTWELL",
            ),
            ("    Mr. McALLISTER. Thank you.", "Mr. McALLISTER"),
            ("    Senator VAN HOLLEN. Yes.", "Senator VAN HOLLEN"),
            ("    The CHAIRMAN. Without objection.", "The CHAIRMAN"),
            ("    Voice. No.", "Voice"),
        ] {
            let c = candidate(line, 0).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(&line[c.label.range.clone()], name);
            assert_eq!(&line[c.label.full.clone()], format!("{name}."));
            assert_eq!(
                &line[c.body_start..c.body_start + 1],
                &line[name.len() + 6..][..1]
            );
        }
    }

    #[test]
    fn surnames_in_mixed_case_and_in_two_words() {
        // GPO keeps a prefix's lower case inside a capitalised surname
        // (`McALLISTER`, `DeLAURO`), and prints `VAN HOLLEN` and
        // `O'ROURKE` whole.
        for (line, name, key) in [
            (
                "    Mr. McALLISTER. Thank you.",
                "Mr. McALLISTER",
                "MR MCALLISTER",
            ),
            (
                "    Ms. DeLAURO. I yield back.",
                "Ms. DeLAURO",
                "MS DELAURO",
            ),
            (
                "    Mr. VAN HOLLEN. Thank you.",
                "Mr. VAN HOLLEN",
                "MR VAN HOLLEN",
            ),
            (
                "    Senator VAN HOLLEN. Yes.",
                "Senator VAN HOLLEN",
                "SENATOR VAN HOLLEN",
            ),
            ("    Mr. O'ROURKE. Yes, sir.", "Mr. O'ROURKE", "MR O'ROURKE"),
            (
                "    Mr. DesJARLAIS. Yes.",
                "Mr. DesJARLAIS",
                "MR DESJARLAIS",
            ),
            (
                "    Ms. TANAKA-BELL. Yes.",
                "Ms. TANAKA-BELL",
                "MS TANAKA-BELL",
            ),
        ] {
            let c = candidate(line, 0).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(&line[c.label.range.clone()], name);
            assert_eq!(&line[c.label.full.clone()], format!("{name}."));
            assert_eq!(&*c.label.key, key);
        }
        // Mixed case throughout is prose (`FORMATS.md` §3.1), as is a
        // lower-case prefix left alone.
        for line in [
            "    Ms. DeLauro. She yielded.",
            "    Mr. Van Hollen. He agreed.",
            "    Mr. O'Rourke. He agreed.",
            "    Ms. De. She agreed.",
        ] {
            assert!(candidate(line, 0).is_none(), "{line}");
        }
    }

    #[test]
    fn mentions_of_mixed_case_surnames_are_matched_and_respelled() {
        let text = [
            "[House Hearing, 118 Congress]",
            "[From the U.S. Government Publishing Office]",
            "",
            "    Chairman HARTWELL. I recognize Ms. DeLauro, then Mr. Van Hollen ",
            "and Mr. O'Rourke.",
            "    Ms. DeLAURO. Thank you. Mr. O'Rouke and I agree.",
            "    Mr. VAN HOLLEN. I agree with Ms. DeLaura and Mr. O'Rourke.",
            "    Mr. O'ROURKE. Mr. Van Hollan is right.",
            "    Chairman HARTWELL. Thank you, Ms. DeLauro.",
            "",
        ]
        .join("\n");
        let found: Vec<(usize, &str, String)> = crate::lint(&text, &crate::Config::default())
            .into_iter()
            .filter(|d| d.severity >= crate::Severity::Warning)
            .map(|d| {
                let line = text[..d.range.start].matches('\n').count() + 1;
                let fix = d
                    .fix
                    .as_ref()
                    .map_or(String::new(), |f| f.edits[0].new_text.clone());
                assert_eq!(d.rule.name(), "speaker-name-mismatch", "{d:?}");
                (line, &text[d.range.clone()], fix)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (6, "O'Rouke", "O'Rourke".to_string()),
                (7, "DeLaura", "DeLauro".to_string()),
                (8, "Hollan", "Hollen".to_string()),
            ]
        );
    }

    #[test]
    fn near_misses_are_not_labels() {
        for line in [
            "Mr. SMITH. Not indented.",
            "    I met Mr. Smith. He was late.",
            "    Mr. Smith. Mixed case is prose.",
            "     Mr. SMITH. Five spaces is a heading.",
            "    Q.1. Dr. Whitmore, how many?",
            "    [Laughter.]",
        ] {
            assert!(candidate(line, 0).is_none(), "{line}");
        }
    }

    #[test]
    fn notes_sit_between_dash_rules_and_restart_per_statement() {
        let text = [
            "    Dr. WHITMORE. Thank you.\\1\\ More ",
            "text.\\2\\",
            "-----------------",
            "    \\1\\ A note ",
            "that wraps.",
            "    \\2\\ Another.",
            "-----------------",
            "",
            "    [The prepared statement of Mr. Smith follows:]",
            "    Text.\\1\\",
            "-----------------",
            "    \\1\\ Third.",
            "-----------------",
            "    \\3\\ cited nowhere, but a note.",
            "",
        ]
        .join("\n");
        let text = text.as_str();
        let lines = split(text);
        let shape = |i: usize| line_shape(lines[i].text(text));
        let f = furniture(&lines, &[0], &shape);
        let n = notes(text, &lines, &f, &shape);
        let bodies: Vec<&str> = n.notes.iter().map(|n| &text[n.body.clone()]).collect();
        assert_eq!(
            bodies,
            vec![
                "A note \nthat wraps.",
                "Another.",
                "Third.",
                "cited nowhere, but a note."
            ]
        );
        let labels: Vec<&str> = n.notes.iter().map(|n| &text[n.label.clone()]).collect();
        assert_eq!(labels, vec!["\\1\\", "\\2\\", "\\1\\", "\\3\\"]);
        assert_eq!(
            &text[n.notes[0].range.clone()],
            "    \\1\\ A note \nthat wraps."
        );
        assert_eq!(&text[n.notes[0].number_range.clone()], "1");
        assert_eq!(n.lines, vec![3..5, 5..6, 11..12, 13..14]);
        assert_eq!(n.sections.len(), 1);
        assert!(text[n.sections[0].clone()].contains("Mr. Smith follows:]"));
    }

    #[test]
    fn front_matter_headings_and_rules_are_furniture() {
        let text = "[House Hearing, 118 Congress]\n\n                 C O N T E N T S\n    Oral Statement.........    18\n    The Subcommittee met at 10:02 a.m. \nin room 2318.\n\n    [GRAPHIC] [TIFF OMITTED] T5531.001\n\n    Chairman HARTWELL. Order.\n\n               TESTIMONY OF DR. JANE WHITMORE\n\n    Dr. WHITMORE. Thank you.\\1\\\n-----------------\n    \\1\\ A note.\n-----------------\n\n    More.\n";
        let lines = split(text);
        let shape = |i: usize| line_shape(lines[i].text(text));
        let f = furniture(&lines, &[9, 13], &shape);
        // The empty line after the final newline is the end of the file.
        assert_eq!(f, vec![0..4, 6..9, 10..13, 14..15, 16..18, 19..20]);
    }
}
