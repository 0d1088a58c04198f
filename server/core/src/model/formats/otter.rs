//! Otter.ai text exports (`FORMATS.md` §3.4): a header (title, date and
//! duration, `SUMMARY KEYWORDS`, `SPEAKERS`), then turns headed by
//! `Name  M:SS` alone on a line (two spaces before the time, and Otter's two
//! after it), then `Transcribed by https://otter.ai`.

use std::ops::Range;

use super::super::detect::OTTER_TURN;
use super::super::labels::{
    is_generic_speaker, speaker_key, Candidate, LabelForm, SpeakerKey, SpeakerLabel,
};
use super::super::lines::Line;
use super::super::RosterEntry;

/// `Dana Whitfield  0:03  `: a label with its time. The label covers the
/// whole line, Otter's trailing spaces included, so they are not
/// `trailing-whitespace`; the text starts on the next line.
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    let caps = OTTER_TURN.captures(line)?;
    let name = caps.get(1)?;
    let time = caps.get(2)?;
    Some(Candidate {
        label: SpeakerLabel {
            range: base + name.start()..base + name.end(),
            full: base..base + line.len(),
            key: SpeakerKey::new(speaker_key(name.as_str())),
            form: LabelForm::Timestamped,
            timestamp: Some(base + time.start()..base + time.end()),
            text_follows: false,
        },
        body_start: base + line.len(),
        strong: true,
    })
}

/// The header before the first turn and the footer after the last turn's
/// text. Without turns, nothing: the file is read as text.
pub(crate) fn furniture(text: &str, lines: &[Line], accepted: &[usize]) -> Vec<Range<usize>> {
    let Some(&first) = accepted.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if first > 0 {
        out.push(0..first);
    }
    let last = *accepted.last().unwrap_or(&first);
    if let Some(footer) = (last + 1..lines.len())
        .rev()
        .find(|&i| !lines[i].blank)
        .filter(|&i| is_footer(lines[i].text(text)))
    {
        out.push(footer..footer + 1);
    }
    out
}

/// The header's `SPEAKERS` line, `Dana Whitfield, Marcus Okafor, Speaker 1`:
/// each name is the roster entry of the label written the same way.
/// `Speaker 1` names nobody and is left out.
pub(crate) fn roster(text: &str, lines: &[Line], furniture: &[Range<usize>]) -> Vec<RosterEntry> {
    let Some(header) = furniture.first().filter(|r| r.start == 0) else {
        return Vec::new();
    };
    let Some(heading) = header
        .clone()
        .find(|&i| lines[i].text(text).trim_end() == "SPEAKERS")
    else {
        return Vec::new();
    };
    let Some(list) = (heading + 1..header.end).find(|&i| !lines[i].blank) else {
        return Vec::new();
    };
    let line = &lines[list];
    let s = line.text(text);
    let mut out = Vec::new();
    let mut at = 0;
    for part in s.split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        let start = line.start + at + lead;
        at += part.len() + 1;
        let key = speaker_key(name);
        if name.is_empty() || is_generic_speaker(&key) {
            continue;
        }
        out.push(RosterEntry {
            key,
            name: start..start + name.len(),
        });
    }
    out
}

fn is_footer(line: &str) -> bool {
    line.trim().starts_with("Transcribed by https://otter.ai")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_header_line_is_the_label() {
        let line = "Dana Whitfield  0:03  ";
        let c = candidate(line, 10).unwrap();
        assert_eq!(
            &line[c.label.range.start - 10..c.label.range.end - 10],
            "Dana Whitfield"
        );
        assert_eq!(c.label.full, 10..10 + line.len());
        let ts = c.label.timestamp.unwrap();
        assert_eq!(&line[ts.start - 10..ts.end - 10], "0:03");
        let c = candidate("Speaker 1  1:02:47", 0).unwrap();
        assert_eq!(&*c.label.key, "SPEAKER 1");
        // Loose times are read, so `timestamp-format` can report them.
        assert!(candidate("Marcus Okafor  6:3  ", 0).is_some());
    }

    #[test]
    fn the_speakers_line_is_the_roster() {
        let text = "Title\n\nSPEAKERS\nDana Whitfield,  Marcus Okafor, Speaker 1\n\nDana Whitfield  0:03  \nHi.\n";
        let lines = crate::model::lines::split(text);
        let header = 0..5;
        let found = roster(text, &lines, std::slice::from_ref(&header));
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|e| (e.key.as_str(), &text[e.name.clone()]))
            .collect();
        assert_eq!(
            names,
            vec![
                ("DANA WHITFIELD", "Dana Whitfield"),
                ("MARCUS OKAFOR", "Marcus Okafor")
            ]
        );
        // No header, no roster: `SPEAKERS` in a turn's text is text.
        assert!(roster(text, &lines, &[]).is_empty());
    }

    #[test]
    fn near_misses_are_not_labels() {
        for line in [
            "Dana Whitfield (00:01:26):",
            "Dana Whitfield 0:03",
            "We meet at  10:30 tomorrow",
            "Tue, Mar 12, 2024 2:04PM • 06:24",
            "  Indented  0:03",
        ] {
            assert!(candidate(line, 0).is_none(), "{line}");
        }
    }
}
