//! Speaker labels: `MR ROBINSON:`, `Dana Whitfield (00:01:26):`,
//! `**Marcus Lee:**`, `Speaker 1:`.
//!
//! A line yields at most one candidate label. Whether a candidate is really a
//! label is decided for the whole document in [`accept`], because precision
//! matters as much as recall: a sentence that ends in a colon or a news heading
//! such as `Watch:` must never become a speaker.

mod accept;
mod candidate;
#[cfg(test)]
mod document_tests;
#[cfg(test)]
mod field_block_tests;
mod key;
#[cfg(test)]
mod tests;

pub use accept::near_variant;
pub(crate) use accept::{accept, NearVariants};
pub(crate) use candidate::{candidate, Candidate};
pub(crate) use key::is_title;
pub use key::{is_generic_speaker, name_words, speaker_key, SpeakerKey};

use std::ops::Range;

/// How a label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelForm {
    /// `MR ROBINSON: text` (briefing style).
    Caps,
    /// `Marcus Lee: text`, `Speaker 1: text`.
    Title,
    /// `Dana Whitfield (00:01:26):`, usually alone on its line.
    Timestamped,
    /// `**Name:** text`.
    Markdown,
    /// `Q.` or `A` in an examination (a court transcript): the mark of a
    /// question or an answer, which stands for a speaker named elsewhere
    /// (the examiner of the last `BY MR. HARLAN:` line, the witness). Its
    /// text is no spelling of that speaker's name.
    Mark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerLabel {
    /// The name as written: `MR. ROBINSON`, `Dana Whitfield`.
    pub range: Range<usize>,
    /// The whole label: markup, name, timestamp, colon.
    pub full: Range<usize>,
    /// Normalised identity, see [`speaker_key`]: `MR ROBINSON`.
    pub key: SpeakerKey,
    pub form: LabelForm,
    /// The timestamp inside the label, without its brackets.
    pub timestamp: Option<Range<usize>>,
    /// Whether spoken text follows on the label's own line.
    pub text_follows: bool,
}

impl SpeakerLabel {
    pub fn name<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }

    /// The words of the label that name a person, in upper case: titles,
    /// honorifics and particles removed. `FOREIGN MINISTER LAVROV` ->
    /// `["LAVROV"]`; `Dana Whitfield` -> `["DANA", "WHITFIELD"]`.
    pub fn name_words(&self) -> Vec<&str> {
        name_words(&self.key)
    }

    /// Is this label a near-identical spelling of `other`'s speaker (one name
    /// word a letter or two off, see [`near_variant`])? Labels with the same
    /// key are the same speaker, not variants.
    pub fn is_variant_of(&self, other: &SpeakerLabel) -> bool {
        near_variant(&self.key, &other.key)
    }
}
