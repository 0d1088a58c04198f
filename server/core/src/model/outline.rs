//! Questions front ends ask about a parsed transcript: what is at this
//! offset, who is this speaker. Editors use them for hover, go-to and rename;
//! they read the model and never parse text themselves.

use std::ops::Range;

use super::labels::name_words;
use super::{speaker_key, Transcript};
use crate::settings::Settings;

/// The element of the model under an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// The label of `turns[i]`.
    Label(usize),
    /// `footnote_refs[i]`.
    FootnoteRef(usize),
    /// The `[n]` label of `notes[i]`.
    Note(usize),
    /// `markers[i]`.
    Marker(usize),
    /// `timestamps[i]`.
    Timestamp(usize),
}

/// Index of the item whose range holds `offset`, ends included so that a
/// cursor just after `[1]` still counts. Items must be sorted by start.
fn find<T>(items: &[T], offset: usize, range: impl Fn(&T) -> Range<usize>) -> Option<usize> {
    let i = items.partition_point(|t| range(t).start <= offset);
    let i = i.checked_sub(1)?;
    (offset <= range(&items[i]).end).then_some(i)
}

impl Transcript<'_> {
    /// What sits at `offset`: a label, a footnote reference or note label, a
    /// marker, or a timestamp. Timestamps inside markers and labels win, as
    /// the smaller element.
    pub fn element_at(&self, offset: usize) -> Option<Element> {
        if let Some(i) = find(&self.timestamps, offset, |t| t.range.clone()) {
            return Some(Element::Timestamp(i));
        }
        if let Some(i) = find(&self.turns, offset, |t| t.label.full.clone()) {
            return Some(Element::Label(i));
        }
        if let Some(i) = find(&self.footnote_refs, offset, |r| r.range.clone()) {
            return Some(Element::FootnoteRef(i));
        }
        if let Some(i) = find(&self.notes, offset, |n| n.label.clone()) {
            return Some(Element::Note(i));
        }
        find(&self.markers, offset, |m| m.range.clone()).map(Element::Marker)
    }

    /// Everything a reader wants to know about one speaker, by label key.
    pub fn speaker_summary(&self, settings: &Settings, key: &str) -> Option<SpeakerSummary> {
        let turns: Vec<usize> = (0..self.turns.len())
            .filter(|&i| *self.turns[i].label.key == *key)
            .collect();
        let first = self.turns[*turns.first()?].label.range.clone();
        let words = turns
            .iter()
            .map(|&i| {
                self.slice(&self.turns[i].body)
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count()
            })
            .sum();
        // The configured roster, else the file's own (which counts as
        // configured), else an introduction in the text.
        let named_at = self
            .roster
            .iter()
            .find(|e| *e.key == *key)
            .map(|e| e.name.clone());
        let (full_name, introduced_at) = match (settings.roster.get(key), &named_at) {
            (Some(name), _) => (Some(name.clone()), None),
            (None, Some(at)) => (Some(self.slice(at).to_string()), None),
            (None, None) => match self.introduction(key) {
                Some(r) => (Some(self.slice(&r).replace('\u{a0}', " ")), Some(r)),
                None => (None, None),
            },
        };
        Some(SpeakerSummary {
            key: key.to_string(),
            turns,
            words,
            first,
            full_name,
            introduced_at,
            named_at,
        })
    }

    /// Where the text introduces the speaker by full name: the first mention
    /// of the label's surname that follows a given name, as in "Deputy
    /// Assistant Secretary Christopher Robinson" for `MR ROBINSON`. Titles
    /// before the given name are not part of the name.
    pub fn introduction(&self, key: &str) -> Option<Range<usize>> {
        let surname = *name_words(key).last()?;
        // A mention is one word with no period: an ASCII one is its own key
        // in upper case. Compared in place, since this looks at every
        // mention of a long transcript until one is found (a hover on a
        // label asks it), and a key per mention was most of that hover.
        let is_surname = |word: &str| {
            if word.is_ascii() && surname.is_ascii() {
                word.eq_ignore_ascii_case(surname)
            } else {
                speaker_key(word) == surname
            }
        };
        for (i, m) in self.mentions.iter().enumerate() {
            if !is_surname(self.slice(&m.range)) {
                continue;
            }
            let mut start = i;
            while start > 0 {
                let prev = &self.mentions[start - 1];
                let gap = &self.text[prev.range.end..self.mentions[start].range.start];
                let word = self.slice(&prev.range);
                let joined = matches!(gap, " " | "\u{a0}");
                if !joined || name_words(&speaker_key(word)).is_empty() {
                    break;
                }
                start -= 1;
            }
            if start < i {
                return Some(self.mentions[start].range.start..m.range.end);
            }
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerSummary {
    pub key: String,
    /// Indices into `Transcript::turns`.
    pub turns: Vec<usize>,
    /// Words spoken across all turns.
    pub words: usize,
    /// The name in the first label.
    pub first: Range<usize>,
    /// From the roster, else from an introduction in the text.
    pub full_name: Option<String>,
    /// Where the text introduces the speaker, when the name came from there.
    pub introduced_at: Option<Range<usize>>,
    /// Where the file's own roster names the speaker (an oral history's
    /// `Narrator:` line, Otter's `SPEAKERS` line), if it does.
    pub named_at: Option<Range<usize>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Briefing\n\nMODERATOR: Welcome Deputy Assistant Secretary Christopher Robinson.\n\nMR ROBINSON: Thanks for having me here [1] today (inaudible).\n\nQUESTION: Thank you.\n\nMR ROBINSON: Sure.\n\nNotes\n\n[1] The note.\n";

    #[test]
    fn summary_counts_turns_and_words_and_finds_the_introduction() {
        let settings = Settings::default();
        let doc = Transcript::parse(TEXT, &settings);
        let s = doc.speaker_summary(&settings, "MR ROBINSON").unwrap();
        assert_eq!(s.turns.len(), 2);
        assert_eq!(s.words, 8 + 1);
        assert_eq!(s.full_name.as_deref(), Some("Christopher Robinson"));
        assert_eq!(doc.slice(&s.first), "MR ROBINSON");
        assert!(doc.speaker_summary(&settings, "NOBODY").is_none());
    }

    /// The surname is found in any case, accented or not.
    #[test]
    fn an_introduction_is_found_whatever_the_case_of_the_surname() {
        let settings = Settings::default();
        for (label, text) in [
            ("MS NÚÑEZ", "Welcome Minister Carla Núñez."),
            ("MR ROBINSON", "Welcome Secretary Chris ROBINSON."),
        ] {
            let doc_text = format!(
                "MODERATOR: {text}\n\n{label}: Thank you.\n\nQUESTION: Yes.\n\n{label}: No.\n"
            );
            let doc = Transcript::parse(&doc_text, &settings);
            let s = doc.speaker_summary(&settings, label).unwrap();
            let name = s.full_name.unwrap_or_default();
            assert!(
                text.contains(&name) && name.contains(' '),
                "{label}: {name:?}"
            );
        }
    }

    #[test]
    fn roster_wins_over_the_text() {
        let config =
            crate::Config::from_toml("[roster]\n\"MR ROBINSON\" = \"Chris Robinson\"\n", None)
                .unwrap();
        let doc = Transcript::parse(TEXT, &config.settings);
        let s = doc
            .speaker_summary(&config.settings, "MR ROBINSON")
            .unwrap();
        assert_eq!(s.full_name.as_deref(), Some("Chris Robinson"));
        assert_eq!(s.introduced_at, None);
    }

    #[test]
    fn the_files_own_roster_names_a_speaker_its_initials_stand_for() {
        let text = "Narrator: Margaret Kowalski (MK)\nInterviewer: Thomas Reyes\n\n\
                    [Begin File 1]\n\nTR: Where were you born?\n\nMK: Right here, in Lubec.\n\n\
                    TR: And your father?\n\nMK: A weir fisherman.\n";
        let settings = Settings::default();
        let doc = Transcript::parse(text, &settings);
        let s = doc.speaker_summary(&settings, "MK").unwrap();
        assert_eq!(s.full_name.as_deref(), Some("Margaret Kowalski"));
        assert_eq!(s.named_at, Some(10..27));
        assert_eq!(s.introduced_at, None);
        let s = doc.speaker_summary(&settings, "TR").unwrap();
        assert_eq!(s.full_name.as_deref(), Some("Thomas Reyes"));
        // A configured roster still wins.
        let config = crate::Config::from_toml("[roster]\nMK = \"Peggy Kowalski\"\n", None).unwrap();
        let doc = Transcript::parse(text, &config.settings);
        let s = doc.speaker_summary(&config.settings, "MK").unwrap();
        assert_eq!(s.full_name.as_deref(), Some("Peggy Kowalski"));
    }

    #[test]
    fn element_at_finds_labels_refs_notes_and_markers() {
        let doc = Transcript::parse(TEXT, &Settings::default());
        let at = |needle: &str| doc.element_at(TEXT.find(needle).unwrap() + 1);
        assert!(matches!(at("MR ROBINSON: Thanks"), Some(Element::Label(1))));
        assert!(matches!(at("[1] today"), Some(Element::FootnoteRef(0))));
        assert!(matches!(at("[1] The"), Some(Element::Note(0))));
        assert!(matches!(at("(inaudible)"), Some(Element::Marker(0))));
        assert_eq!(at("Welcome"), None);
    }
}
