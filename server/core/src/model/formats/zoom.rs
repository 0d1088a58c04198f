//! Zoom saved live transcripts (`FORMATS.md` §3.5): `[Name] 18:02:15` alone
//! on a line, then the text; or the second shape, a time alone on a line
//! (`18:02:15`), then `Name: text`. The times are the meeting's wall clock.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::labels::{self, speaker_key, Candidate, LabelForm, SpeakerKey, SpeakerLabel};
use super::super::lines::Line;

/// The time is read loosely (`00:0:16`) so that `timestamp-format` can
/// report it.
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]\[]+)\] (\d{1,2}(?::\d{1,2}){1,2})[ \t]*$").expect("a valid pattern")
});

/// A time alone on its line, `18:02:15`, read loosely as [`TURN`]'s is: in
/// the second shape, the time of the `Name: text` turn that follows.
static TIME_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}(?::\d{1,2}){2})[ \t]*$").expect("a valid pattern"));

/// The time on a line that is a time alone, as a range of the line.
pub(crate) fn time_line(line: &str) -> Option<Range<usize>> {
    TIME_LINE.captures(line)?.get(1).map(|m| m.range())
}

/// `[Dana Whitfield (she/her)] 18:02:15`: the label is the name before a
/// trailing parenthesis (pronouns, `iPhone`, a phone number); the whole
/// line is the label's. In the second shape, `Dana Whitfield: text`, the
/// label is found as in any transcript (see [`accept`]).
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    match TURN.captures(line) {
        Some(_) => bracketed(line, base),
        None if TIME_LINE.is_match(line) => None,
        None => labels::candidate(line, base),
    }
}

fn bracketed(line: &str, base: usize) -> Option<Candidate> {
    let caps = TURN.captures(line)?;
    let inner = caps.get(1)?;
    let time = caps.get(2)?;
    let mut name = inner.as_str().trim_end();
    if let Some(open) = name.rfind(" (").filter(|_| name.ends_with(')')) {
        name = name[..open].trim_end();
    }
    let lead = name.len() - name.trim_start().len();
    let name = name.trim_start();
    if name.is_empty() {
        return None;
    }
    let start = base + inner.start() + lead;
    Some(Candidate {
        label: SpeakerLabel {
            range: start..start + name.len(),
            full: base..base + line.len(),
            key: SpeakerKey::new(speaker_key(name)),
            form: LabelForm::Timestamped,
            timestamp: Some(base + time.start()..base + time.end()),
            text_follows: false,
        },
        body_start: base + line.len(),
        strong: true,
    })
}

/// Which candidates are labels. A file has one shape: with `[Name]
/// 18:02:15` turns, those are the labels and a `Name: text` in a turn's text
/// is text; without them, `Name: text` labels are accepted as in any
/// transcript (a sentence ending in a colon is no speaker).
pub(crate) fn accept(
    candidates: &[&Candidate],
    paragraphs: &[usize],
    roster_has: impl Fn(&str) -> bool,
) -> Vec<bool> {
    let bracketed: Vec<bool> = candidates
        .iter()
        .map(|c| c.label.form == LabelForm::Timestamped && !c.label.text_follows)
        .collect();
    if bracketed.iter().any(|&b| b) {
        return bracketed;
    }
    labels::accept(candidates, paragraphs, roster_has)
}

/// The time lines of the second shape: not text (a turn ends before the
/// next turn's time), but each is that turn's timestamp (see
/// `model::scan_line`).
pub(crate) fn furniture(text: &str, lines: &[Line]) -> Vec<Range<usize>> {
    (0..lines.len())
        .filter(|&i| TIME_LINE.is_match(lines[i].text(text)))
        .map(|i| i..i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_before_any_parenthesis_is_the_label() {
        let line = "[Dana Whitfield (she/her)] 18:02:15";
        let c = candidate(line, 0).unwrap();
        assert_eq!(&line[c.label.range.clone()], "Dana Whitfield");
        assert_eq!(&line[c.label.timestamp.unwrap()], "18:02:15");
        assert_eq!(c.label.full, 0..line.len());
        let c = candidate("[Helen Achterberg] 00:0:16", 0).unwrap();
        assert_eq!(&*c.label.key, "HELEN ACHTERBERG");
    }

    #[test]
    fn the_second_shape_a_time_line_then_name_colon_text() {
        assert_eq!(time_line("23:59:48"), Some(0..8));
        assert_eq!(time_line("00:0:16  "), Some(0..7));
        for not in [
            "23:59",
            "at 23:59:48",
            "23:59:48 From Dana to Everyone:",
            "[23:59:48]",
        ] {
            assert_eq!(time_line(not), None, "{not:?}");
        }
        assert!(candidate("23:59:48", 0).is_none());
        let line = "Helen Achterberg: Thanks for getting on so late.";
        let c = candidate(line, 0).unwrap();
        assert_eq!(&line[c.label.range.clone()], "Helen Achterberg");
        // In a file of `[Name] time` turns, a `Name: text` line is text.
        let bracket = candidate("[Helen Achterberg] 23:52:07", 0).unwrap();
        let colon = candidate("Rafael Quintero: the drawing changed.", 0).unwrap();
        assert_eq!(
            accept(&[&bracket, &colon], &[0, 0], |_| false),
            vec![true, false]
        );
        let text = "23:52:07\nHelen: Hi.\n\n23:52:31\nRafael: Hello.\n";
        let lines = crate::model::lines::split(text);
        assert_eq!(furniture(text, &lines), vec![0..1, 3..4]);
    }

    #[test]
    fn near_misses_are_not_labels() {
        for line in [
            "18:02:15 From Dana to Everyone:",
            "[pause] 18:02:15 and then",
            "[inaudible 00:14:22]",
            "[] 18:02:15",
            "[ (she/her)] 18:02:15",
            "Dana: 18:02:15",
        ] {
            assert!(bracketed(line, 0).is_none(), "{line}");
        }
    }
}
