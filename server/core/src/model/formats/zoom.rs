//! Zoom saved live transcripts (`FORMATS.md` §3.5): `[Name] 18:02:15` alone
//! on a line, then the text. The times are the meeting's wall clock.

use std::sync::LazyLock;

use regex::Regex;

use super::super::labels::{speaker_key, Candidate, LabelForm, SpeakerKey, SpeakerLabel};

/// The time is read loosely (`00:0:16`) so that `timestamp-format` can
/// report it.
static TURN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([^\]\[]+)\] (\d{1,2}(?::\d{1,2}){1,2})[ \t]*$").expect("a valid pattern")
});

/// `[Dana Whitfield (she/her)] 18:02:15`: the label is the name before a
/// trailing parenthesis (pronouns, `iPhone`, a phone number); the whole
/// line is the label's.
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
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
    fn near_misses_are_not_labels() {
        for line in [
            "18:02:15 From Dana to Everyone:",
            "[pause] 18:02:15 and then",
            "[inaudible 00:14:22]",
            "[] 18:02:15",
            "[ (she/her)] 18:02:15",
            "Dana: 18:02:15",
        ] {
            assert!(candidate(line, 0).is_none(), "{line}");
        }
    }
}
