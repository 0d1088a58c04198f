//! The court and deposition reader's line grammar (FORMATS.md, section
//! 3.2): a page-number line, and on each numbered line a gutter (an
//! optional `HH:MM:SS` stamp and the line number) before the body, whose
//! indentation carries the structure: colloquy (`THE COURT:  text`),
//! questions and answers (`Q.   text`, `A<TAB>text`), examination headers
//! (`BY MR. HARLAN:`), parentheticals and carry-over text.
//!
//! These are pure functions of one line, so that the reader stays local to
//! a line. They are not yet wired into [`super::candidate`] and
//! [`super::furniture`]: that is the next step of issue 11 (the gutter is
//! part of a line, which the furniture of whole lines does not express).
#![cfg_attr(not(test), allow(dead_code))]

use std::ops::Range;

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
    if clock(0) {
        let len = b[..8.min(b.len())]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b':')
            .count();
        stamp = Some(0..len);
        i = len;
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
}
