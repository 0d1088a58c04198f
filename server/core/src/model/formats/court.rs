//! The court and deposition reader (FORMATS.md, section 3.2): a
//! page-number line, and on each numbered line a gutter (an optional
//! `HH:MM:SS` stamp and the line number) before the body, whose
//! indentation carries the structure: colloquy (`THE COURT:  text`),
//! questions and answers (`Q.   text`, `A<TAB>text`), examination headers
//! (`BY MR. HARLAN:`), parentheticals and carry-over text.
//!
//! The line grammar is pure functions of one line, so that the first stage
//! stays local to a line. The gutter is part of a line: [`text_start`]
//! says where a line's text starts, and the line scan reads the line from
//! there (`model::scan_line`), so no fact (no word, space, mention or
//! bracket) is ever taken from the gutter, while every range stays a byte
//! range of the source. Whole lines that are not text (page numbers,
//! footers, empty numbered lines, headings, `BY` lines, front and back
//! matter) are [`furniture`].

use std::ops::Range;

use super::super::headings::is_letter_spaced;
use super::super::labels::{speaker_key, Candidate, LabelForm, SpeakerKey, SpeakerLabel};
use super::super::lines::Line;
use super::super::Turn;

/// The gutter of a numbered line: ranges within the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gutter {
    /// A realtime or video stamp left of the number: `09:11:17`.
    pub stamp: Option<Range<usize>>,
    pub number: u32,
    /// Where the body starts: right after the number, so that the body
    /// keeps its indentation, which tells its structure.
    pub body: usize,
}

/// What the body of a numbered line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// `THE COURT:  Good morning.`: the speaker (range in the line) and
    /// where the text starts.
    Colloquy { speaker: Range<usize>, text: usize },
    /// `Q.   Where are you employed?` (`true`) or `A<TAB>Yes.` (`false`).
    QuestionOrAnswer { question: bool, text: usize },
    /// `BY MR. HARLAN:`: the examining attorney, range in the line.
    By { examiner: Range<usize> },
    /// `(Witness sworn.)`, possibly open on this line.
    Parenthetical { at: usize },
    /// Anything else: carry-over text, headings, blank bodies.
    Other,
}

/// A page-number line: a form feed or nothing, 20 or more spaces, digits.
/// (It reads as a gutter with an empty body too: [`is_page_break`] asks
/// this first.)
pub(crate) fn is_page_number(line: &str) -> bool {
    let s = line.strip_prefix('\u{c}').unwrap_or(line);
    let digits = s.trim_start_matches(' ');
    s.len() - digits.len() >= 20
        && !digits.is_empty()
        && digits.len() <= 4
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The gutter of `line`: `[HH:MM:SS spaces] spaces? n (2+ spaces body | EOL)`
/// with `n` from 1 to 32.
pub(crate) fn gutter(line: &str) -> Option<Gutter> {
    let b = line.as_bytes();
    let mut i = 0;
    let mut stamp = None;
    let clock = |at: usize| {
        b.len() >= at + 8
            && b[at..at + 8].iter().enumerate().all(|(k, c)| {
                if k % 3 == 2 {
                    *c == b':'
                } else {
                    c.is_ascii_digit()
                }
            })
            || b.len() >= at + 7
                && b[at..at + 7].iter().enumerate().all(|(k, c)| {
                    if k == 2 || k == 5 {
                        *c == b':'
                    } else {
                        c.is_ascii_digit()
                    }
                })
    };
    // A form feed may open a page's first numbered line (it is no line
    // terminator): the gutter starts after it.
    if b.first() == Some(&0x0c) {
        i = 1;
    }
    if clock(i) {
        let len = b[i..(i + 8).min(b.len())]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b':')
            .count();
        stamp = Some(i..i + len);
        i += len;
        if b.get(i) != Some(&b' ') {
            return None;
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let number: u32 = line[i..i + digits].parse().ok()?;
    if !(1..=32).contains(&number) {
        return None;
    }
    i += digits;
    let spaces = b[i..].iter().take_while(|&&c| c == b' ').count();
    if i + spaces == b.len() {
        return Some(Gutter {
            stamp,
            number,
            body: b.len(),
        });
    }
    // `1. Install` is a list, not a gutter: the number is followed by two
    // or more spaces.
    (spaces >= 2).then_some(Gutter {
        stamp,
        number,
        body: i,
    })
}

/// Role speakers of colloquy, beside `MR.`/`MS.`/`MRS.`/`DR.` and a surname.
const ROLES: &[&str] = &[
    "THE COURT",
    "THE CLERK",
    "THE WITNESS",
    "THE DEFENDANT",
    "THE INTERPRETER",
    "THE VIDEOGRAPHER",
    "THE REPORTER",
    "THE BAILIFF",
];

fn is_speaker(s: &str) -> bool {
    if ROLES.contains(&s) {
        return true;
    }
    let Some(surname) = ["MR. ", "MS. ", "MRS. ", "DR. "]
        .iter()
        .find_map(|t| s.strip_prefix(t))
    else {
        return s.starts_with("JUROR NO. ");
    };
    !surname.is_empty()
        && surname
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '-' | '\''))
}

/// What the body of `line`, starting at byte `from`, is.
pub(crate) fn body(line: &str, from: usize) -> Body {
    let rest = &line[from..];
    let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let at = from + indent;
    let s = &line[at..];
    if let Some(name) = s
        .strip_prefix("BY ")
        .and_then(|r| r.trim_end().strip_suffix(':'))
    {
        if is_speaker(name) {
            return Body::By {
                examiner: at + 3..at + 3 + name.len(),
            };
        }
    }
    if let Some(colon) = s.find(':') {
        let after = &s[colon + 1..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if is_speaker(&s[..colon]) && (after.is_empty() || (1..=2).contains(&spaces)) {
            return Body::Colloquy {
                speaker: at..at + colon,
                text: at + colon + 1 + spaces,
            };
        }
    }
    let mark = s.as_bytes().first().copied();
    // Questions and answers are indented further than carry-over text,
    // which may start with the word `A`.
    if indent >= 5 && matches!(mark, Some(b'Q') | Some(b'A')) {
        let after = s[1..].strip_prefix(['.', ':']).unwrap_or(&s[1..]);
        let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
        let tab = after.starts_with('\t');
        if (tab || (1..=6).contains(&gap)) && gap < after.len() {
            return Body::QuestionOrAnswer {
                question: mark == Some(b'Q'),
                text: line.len() - after.len() + gap,
            };
        }
    }
    if s.starts_with('(') && indent >= 5 {
        return Body::Parenthetical { at };
    }
    Body::Other
}

/// Where the text of `line` starts: after its gutter (the number, and the
/// stamp before it), or at 0 on a line without one.
pub(crate) fn text_start(line: &str) -> usize {
    gutter(line).map_or(0, |g| g.body)
}

/// The realtime stamp in `line`'s gutter: `09:11:17`, or a malformed
/// `09:32:9`, which `timestamp-format` reports.
pub(crate) fn stamp(line: &str) -> Option<Range<usize>> {
    gutter(line)?.stamp
}

/// The label of a numbered line: a colloquy speaker (`THE COURT:  `) or
/// the mark of a question or an answer (`Q.   `, `A<TAB>`). The label's
/// `full` runs over the spaces the format puts after it (two after a
/// colloquy colon, a tab or spaces after `Q`), which are the label's, not
/// a double space; the text starts after them.
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    let g = gutter(line)?;
    let (range, key, form, text) = match body(line, g.body) {
        Body::Colloquy { speaker, text } => {
            let key = speaker_key(&line[speaker.clone()]);
            (speaker, key, LabelForm::Caps, text)
        }
        Body::QuestionOrAnswer { question, text } => {
            let rest = &line[g.body..];
            let at = g.body + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            // The mark names nobody: the layout gives the turn to the
            // examiner or the witness (see [`name_speakers`]).
            let key = if question { "Q" } else { "A" };
            (at..at + 1, key.to_string(), LabelForm::Mark, text)
        }
        _ => return None,
    };
    Some(Candidate {
        label: SpeakerLabel {
            range: base + range.start..base + range.end,
            full: base + range.start..base + text,
            key: SpeakerKey::new(key),
            form,
            timestamp: None,
            text_follows: !line[text..].trim().is_empty(),
        },
        body_start: base + text,
        strong: true,
    })
}

/// A numbered line's body that is a centred heading: 18 or more columns
/// in, with no lower-case letter (`DIRECT EXAMINATION`, `IN OPEN COURT`,
/// `MARISOL VANCE,`). Colloquy stands 15 columns in at most, carry-over
/// text at the margin.
fn is_heading(body: &str) -> bool {
    let t = body.trim_start_matches(' ');
    body.len() - t.len() >= 18 && !t.trim().is_empty() && !t.chars().any(char::is_lowercase)
}

/// The witness named above an examination: a centred `NAME,` heading
/// (`DAVID K. OSTERGAARD,`, then "called as a witness ..."). The name's
/// range in the line.
fn witness_heading(line: &str) -> Option<Range<usize>> {
    let g = gutter(line)?;
    let body = &line[g.body..];
    if !is_heading(body) {
        return None;
    }
    let t = body.trim();
    let name = t.strip_suffix(',')?;
    let is_name = !name.is_empty()
        && name.split(' ').all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\''))
        });
    let start = g.body + body.len() - body.trim_start().len();
    is_name.then_some(start..start + name.len())
}

/// Is the body of `line` (a numbered line) a letter-spaced heading that
/// spells `word`: `P R O C E E D I N G S`?
fn spells(body: &str, word: &str) -> bool {
    is_letter_spaced(body) && body.bytes().filter(|b| *b != b' ').eq(word.bytes())
}

/// A line that is no text: a numbered line with an empty body, a heading
/// or a `BY` line.
fn is_furniture_line(line: &str, g: &Gutter) -> bool {
    let body_text = &line[g.body..];
    body_text.trim().is_empty()
        || is_heading(body_text)
        || is_letter_spaced(body_text)
        || matches!(body(line, g.body), Body::By { .. })
}

/// What [`furniture`] reads of a line ([`super::line_flags`]): whether it
/// has a gutter, and of its body whether it holds no text, spells
/// `PROCEEDINGS` and is the certificate's heading.
pub(crate) fn line_flags(line: &str) -> u8 {
    let Some(g) = gutter(line) else {
        return 0;
    };
    let b = &line[g.body..];
    let flag = |yes: bool, bit: u8| if yes { bit } else { 0 };
    let certificate = (is_heading(b) || is_letter_spaced(b))
        && b.bytes()
            .filter(|c| *c != b' ')
            .collect::<Vec<u8>>()
            .windows(11)
            .any(|w| w == b"CERTIFICATE");
    NUMBERED
        | flag(is_furniture_line(line, &g), NO_TEXT)
        | flag(spells(b, "PROCEEDINGS"), PROCEEDINGS)
        | flag(certificate, CERTIFICATE)
}

/// The bits of [`line_flags`].
const NUMBERED: u8 = 1;
const NO_TEXT: u8 = 1 << 1;
const PROCEEDINGS: u8 = 1 << 2;
const CERTIFICATE: u8 = 1 << 3;

/// The lines that are not text: the front matter (to `P R O C E E D I N G
/// S` or the first label), the back matter (from the certificate heading
/// after the last label), every line without a gutter (page numbers,
/// footers, page headers and the blank lines between pages), and the
/// numbered lines that hold no text (empty ones, headings, `BY` lines).
/// A document with no gutter at all has no furniture. `flags(i)` is line
/// `i`'s [`line_flags`].
pub(crate) fn furniture(
    lines: &[Line],
    accepted: &[usize],
    flags: &dyn Fn(usize) -> u8,
) -> Vec<Range<usize>> {
    if (0..lines.len()).all(|i| flags(i) & NUMBERED == 0) {
        return Vec::new();
    }
    let first_label = accepted.first().copied().unwrap_or(lines.len());
    let front = (0..first_label)
        .find(|&i| flags(i) & PROCEEDINGS != 0)
        .unwrap_or(first_label);
    let last_label = accepted.last().copied().unwrap_or(0);
    let back = (last_label + 1..lines.len())
        .find(|&i| flags(i) & CERTIFICATE != 0)
        .unwrap_or(lines.len());
    super::runs(
        (0..lines.len())
            .map(|i| i < front || i >= back || flags(i) & NUMBERED == 0 || flags(i) & NO_TEXT != 0),
    )
}

/// Is `line` part of a page break (a page number, a footer or header, a
/// blank line between pages): no gutter. A turn and a paragraph go on
/// across it; other furniture ends them.
pub(crate) fn is_page_break(line: &str) -> bool {
    is_page_number(line) || gutter(line).is_none()
}

/// Does line `i` start a paragraph of its own, beside a new turn: a
/// parenthetical, or the first text after a numbered line that is not
/// text (an empty numbered line, a heading, a `BY` line), page breaks
/// passed over?
pub(crate) fn starts_paragraph(
    text: &str,
    lines: &[Line],
    i: usize,
    furniture: impl Fn(usize) -> bool,
) -> bool {
    let s = lines[i].text(text);
    if let Some(g) = gutter(s) {
        if matches!(body(s, g.body), Body::Parenthetical { .. }) {
            return true;
        }
    }
    before_page_breaks(text, lines, i).is_some_and(furniture)
}

/// The first line [`starts_paragraph`] reads for line `i`.
pub(crate) fn looks_back(text: &str, lines: &[Line], i: usize) -> usize {
    before_page_breaks(text, lines, i).unwrap_or(0)
}

/// The last line before line `i` that is no page break.
fn before_page_breaks(text: &str, lines: &[Line], i: usize) -> Option<usize> {
    (0..i).rev().find(|&p| !is_page_break(lines[p].text(text)))
}

/// The `(` of a parenthetical that opens `line`'s body and is still open
/// at the line's end (`(Ostergaard Exhibit 9 was marked for`), whatever
/// its first word: a parenthetical is an annotation, and one left open
/// must be found, and closed where its phrase ends.
pub(crate) fn open_parenthetical(line: &str) -> Option<usize> {
    let g = gutter(line)?;
    let Body::Parenthetical { at } = body(line, g.body) else {
        return None;
    };
    let mut depth = 0usize;
    for b in line.bytes().skip(at) {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    Some(at)
}

/// Names the speakers the marks stand for: a `Q` turn is the examiner's
/// of the last `BY MR. HARLAN:` line before it; an `A` turn and a `THE
/// WITNESS:` turn are the witness's, named by the centred `NAME,` heading
/// above the examination (the last one before the turn, or the first one
/// after it: the witness may speak while being sworn). A mark with no
/// one to name keeps its own key (`Q`, `A`), which names nobody.
///
/// `BY` lines and headings are furniture: only the `furniture` lines (ranges
/// of line indices) are read, not the whole text on every layout.
pub(crate) fn name_speakers(
    text: &str,
    lines: &[Line],
    furniture: &[Range<usize>],
    turns: &mut [Turn],
) {
    let mut examiners: Vec<(usize, SpeakerKey)> = Vec::new();
    let mut witnesses: Vec<(usize, SpeakerKey)> = Vec::new();
    for l in furniture.iter().flat_map(|r| &lines[r.clone()]) {
        let s = l.text(text);
        let Some(g) = gutter(s) else {
            continue;
        };
        if let Body::By { examiner } = body(s, g.body) {
            examiners.push((l.start, SpeakerKey::new(speaker_key(&s[examiner]))));
        } else if let Some(name) = witness_heading(s) {
            witnesses.push((l.start, SpeakerKey::new(speaker_key(&s[name]))));
        }
    }
    if examiners.is_empty() && witnesses.is_empty() {
        return;
    }
    let before = |list: &[(usize, SpeakerKey)], at: usize| {
        let k = list.partition_point(|(start, _)| *start < at);
        k.checked_sub(1).map(|k| list[k].1.clone())
    };
    for t in turns.iter_mut() {
        let at = t.range.start;
        let named = match (t.label.form, &*t.label.key) {
            (LabelForm::Mark, "Q") => before(&examiners, at),
            (LabelForm::Mark, "A") | (LabelForm::Caps, "THE WITNESS") => {
                before(&witnesses, at).or_else(|| witnesses.first().map(|w| w.1.clone()))
            }
            _ => None,
        };
        if let Some(key) = named {
            t.label.key = key;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        assert!(is_page_number(&format!("{}5", " ".repeat(67))));
        assert!(is_page_number(&format!("\u{c}{}2", " ".repeat(71))));
        assert!(!is_page_number(" 5"));
        assert!(!is_page_number(&format!("{}5 a", " ".repeat(30))));
    }

    #[test]
    fn gutters() {
        let g = gutter(" 3             THE CLERK:  All rise.").unwrap();
        assert_eq!((g.stamp, g.number, g.body), (None, 3, 2));
        let line = "09:11:17  13       Q\tCan you see the document on your screen?";
        let g = gutter(line).unwrap();
        assert_eq!(g.stamp, Some(0..8));
        assert_eq!(g.number, 13);
        assert_eq!(&line[g.body..g.body + 8], "       Q");
        let g = gutter("\u{c} 1   warrant for Unit 212.").unwrap();
        assert_eq!((g.stamp, g.number, g.body), (None, 1, 3));
        let g = gutter("\u{c}09:08:59   1       A\tFair.").unwrap();
        assert_eq!((g.stamp, g.number), (Some(1..9), 1));
        let g = gutter("           25").unwrap();
        assert_eq!((g.number, g.body), (25, 13));
        assert!(matches!(body("           25", 13), Body::Other));
        assert_eq!(
            gutter("09:32:9  21       Q\tSo").map(|g| g.number),
            Some(21)
        );
        for line in [
            "1. Install the tool",
            "2023 was a year",
            "",
            "   RENEE T. SANDOVAL",
            "40  text",
        ] {
            assert_eq!(gutter(line), None, "{line:?}");
        }
    }

    #[test]
    fn bodies() {
        let line = " 6             THE COURT:  Good morning. Please be seated.";
        let Body::Colloquy { speaker, text } = body(line, 2) else {
            panic!("{:?}", body(line, 2));
        };
        assert_eq!(&line[speaker], "THE COURT");
        assert!(line[text..].starts_with("Good morning"));
        let line = "13             MS. PRESCOTT:  Good morning, Your Honor.";
        assert!(matches!(body(line, 2), Body::Colloquy { .. }));
        let line = "10        BY MR. HARLAN:";
        let Body::By { examiner } = body(line, 2) else {
            panic!();
        };
        assert_eq!(&line[examiner], "MR. HARLAN");
        let line = "11        Q.   Good morning, Agent Vance.";
        assert_eq!(
            body(line, 2),
            Body::QuestionOrAnswer {
                question: true,
                text: line.find("Good").unwrap()
            }
        );
        let line = "09:18:16  22       A\tA dispatcher. The initials are R.T.";
        let g = gutter(line).unwrap();
        assert_eq!(
            body(line, g.body),
            Body::QuestionOrAnswer {
                question: false,
                text: line.find("A dispatcher").unwrap()
            }
        );
        assert!(matches!(
            body(" 5             (Pause in the proceedings.", 2),
            Body::Parenthetical { .. }
        ));
        for line in [
            "14   (Indiscernible.)",
            " 4   Prescott on behalf of Mr. Lindqvist, who is present in",
            " 1                       P R O C E E D I N G S",
            " 9                         DIRECT EXAMINATION",
            " 7   Also Present: Special Agent Marisol Vance",
            " 3   A dispatcher said so.",
        ] {
            assert_eq!(body(line, 2), Body::Other, "{line:?}");
        }
    }

    #[test]
    fn labels_run_over_the_spaces_the_format_puts_after_them() {
        let line = " 6             THE COURT:  Good morning.";
        let c = candidate(line, 100).unwrap();
        assert_eq!(
            &line[c.label.range.start - 100..c.label.range.end - 100],
            "THE COURT"
        );
        assert_eq!(
            &line[c.label.full.start - 100..c.label.full.end - 100],
            "THE COURT:  "
        );
        assert_eq!(&*c.label.key, "THE COURT");
        assert_eq!(c.label.form, LabelForm::Caps);
        let line = "09:18:16  22       A\tA dispatcher.";
        let c = candidate(line, 0).unwrap();
        assert_eq!(&line[c.label.range.clone()], "A");
        assert_eq!(&line[c.label.full.clone()], "A\t");
        assert_eq!(&line[c.body_start..], "A dispatcher.");
        assert_eq!((c.label.form, &*c.label.key), (LabelForm::Mark, "A"));
        let line = "11        Q.   Good morning.";
        let c = candidate(line, 0).unwrap();
        assert_eq!(&line[c.label.full.clone()], "Q.   ");
        for line in [
            "10        BY MR. HARLAN:",
            " 5             (Pause in the proceedings.)",
            " 3   A dispatcher said so.",
            "THE COURT:  No gutter.",
            "                                                                   5",
        ] {
            assert!(candidate(line, 0).is_none(), "{line:?}");
        }
    }

    #[test]
    fn text_starts_after_the_gutter() {
        assert_eq!(text_start(" 4   Court for the District"), 2);
        assert_eq!(text_start("09:29:39   9       Q\tMr. Ostergaard"), 12);
        assert_eq!(stamp("09:29:39   9       Q\tMr. Ostergaard"), Some(0..8));
        assert_eq!(stamp("09:32:9  21       Q\tSo"), Some(0..7));
        assert_eq!(text_start("          RENEE T. SANDOVAL, RMR"), 0);
        assert!(is_page_break("          RENEE T. SANDOVAL, RMR"));
        assert!(is_page_break(
            "\u{c}                                                                   5"
        ));
        assert!(is_page_break(""));
        assert!(!is_page_break("          25"));
    }

    #[test]
    fn open_parentheticals_are_the_ones_left_open_at_the_line_end() {
        assert_eq!(
            open_parenthetical(" 5             (Pause in the proceedings."),
            Some(15)
        );
        assert_eq!(
            open_parenthetical("09:30:56  15            (Ostergaard Exhibit 9 was marked for"),
            Some(24)
        );
        for line in [
            " 5             (Pause in the proceedings.)",
            "17             (Exhibit (A) was marked.)",
            "14   (Indiscernible.",
            " 6             THE COURT:  (Pause.",
        ] {
            assert_eq!(open_parenthetical(line), None, "{line:?}");
        }
    }

    /// Builds a page of `body` lines (numbered from 1), a footer and the
    /// next page's number.
    fn page(body: &[&str]) -> String {
        let mut out = String::new();
        for (i, l) in body.iter().enumerate() {
            out.push_str(&format!("{:>2}{l}\n", i + 1));
        }
        out.push_str("          OFFICIAL COURT REPORTER\n\n");
        out.push_str(&format!("{}2\n", " ".repeat(67)));
        out
    }

    fn parse(text: &str) -> crate::model::Transcript<'_> {
        let settings = crate::settings::Settings {
            format: Some(crate::settings::Format::Court),
            ..Default::default()
        };
        crate::model::Transcript::parse(text, &settings)
    }

    #[test]
    fn marks_are_the_examiners_and_the_witnesses_turns() {
        let text = page(&[
            "                       P R O C E E D I N G S",
            "             THE COURT:  Call your witness.",
            "             THE WITNESS:  I do.",
            "                           MARISOL VANCE,",
            "        called as a witness, testified as follows:",
            "                         DIRECT EXAMINATION",
            "        BY MR. HARLAN:",
            "        Q.   Good morning, Agent Vance.",
            "        A.   Good morning. The the unit",
            "   was open.",
            "        Q.   And?",
            "        BY MS. PRESCOTT:",
            "        Q.   Anything else?",
            "",
            "                       C E R T I F I C A T E",
            "   I certify the the foregoing.",
        ]);
        let doc = parse(&text);
        let turns: Vec<(&str, &str)> = doc
            .turns
            .iter()
            .map(|t| (doc.slice(&t.label.range), &*t.label.key))
            .collect();
        assert_eq!(
            turns,
            vec![
                ("THE COURT", "THE COURT"),
                ("THE WITNESS", "MARISOL VANCE"),
                ("Q", "MR HARLAN"),
                ("A", "MARISOL VANCE"),
                ("Q", "MR HARLAN"),
                ("Q", "MS PRESCOTT"),
            ]
        );
        // The answer runs over its carry-over line; the heading above the
        // examination ends the witness's turn.
        assert!(doc.slice(&doc.turns[3].body).ends_with("was open."));
        assert!(doc.slice(&doc.turns[1].body).ends_with("I do."));
        // One doubled word is in the text; the one in the back matter and
        // the letter-spaced headings are not.
        assert_eq!(doc.lexical.doubled_words.len(), 1);
        // Front matter, headings, `BY` lines, the empty numbered line, the
        // back matter and the page break are furniture.
        let furniture = |s: &str| doc.furniture.iter().any(|r| doc.slice(r).contains(s));
        for s in [
            "P R O C E E D I N G S",
            "MARISOL VANCE,",
            "DIRECT EXAMINATION",
            "BY MR. HARLAN:",
            "BY MS. PRESCOTT:",
            "14\n",
            "C E R T I F I C A T E",
            "I certify",
            "OFFICIAL COURT REPORTER",
        ] {
            assert!(furniture(s), "{s:?} in {:?}", doc.furniture);
        }
        assert!(!furniture("Good morning"));
    }

    #[test]
    fn a_parenthetical_closes_across_the_gutter_and_a_page_break() {
        let mut lines = vec!["             THE COURT:  We will recess."; 24];
        lines.push("             (Whereupon, a recess was taken from 10:47 a.m.");
        let mut text = page(&lines);
        text.push_str(" 1             until 11:02 a.m.)\n");
        text.push_str(" 2             THE COURT:  Be seated.\n");
        let doc = parse(&text);
        let m = doc
            .markers
            .iter()
            .find(|m| m.tag.0 == "parenthetical")
            .unwrap();
        assert!(matches!(m.closer, crate::model::Closer::Matched(_)));
        assert!(doc.slice(&m.range).ends_with("11:02 a.m.)"));
        // Left open, it is closed where its phrase ends, never after its
        // first word, and only its paragraph is read.
        let text = text.replace("until 11:02 a.m.)", "until 11:02 a.m.");
        let doc = parse(&text);
        let m = doc
            .markers
            .iter()
            .find(|m| m.tag.0 == "parenthetical")
            .unwrap();
        let end = m.open_end.unwrap();
        assert!(end.phrase && end.alone && end.ends_paragraph, "{end:?}");
        assert!(doc.text[..end.phrase_end].ends_with("until 11:02 a.m."));
    }

    #[test]
    fn gutter_stamps_are_wall_clock_timestamps() {
        let text = "09:04:12   1            THE VIDEOGRAPHER:  On the record at 9:04 a.m.\n           2  Go ahead.\n09:05:36   3            MR. DUNSMORE:  Thank you.\n";
        let doc = parse(text);
        let stamps: Vec<&str> = doc.timestamps.iter().map(|t| doc.slice(&t.range)).collect();
        assert_eq!(stamps, vec!["09:04:12", "09:05:36"]);
        assert!(doc
            .timestamps
            .iter()
            .all(|t| t.clock == crate::model::Clock::Wall));
        // Every position counts the gutter.
        assert_eq!(doc.turns.len(), 2);
        assert_eq!(doc.turns[0].body.start, text.find("On the record").unwrap());
    }
}
