//! What the user has told verbatim about their transcripts beyond the text:
//! who speaks (the roster), which names are right however rare, and which
//! extra marker tags they use.
//!
//! The model and the rules read these settings and nothing else of the
//! configuration. Which rules run, at what severity and on which files is
//! decided above them ([`crate::config`]), so that a transcript can be
//! parsed and a rule tested without a whole [`crate::Config`].

use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Label (normalised, see [`crate::model::speaker_key`]) -> full name.
    pub roster: BTreeMap<String, String>,
    /// Lowercased known names: never reported as near-misses.
    pub known_names: HashSet<String>,
    /// Extra marker tags, lowercased.
    pub extra_tags: Vec<String>,
    /// The caption format the file is in when something other than its
    /// text says so (its extension, the configuration): a `.vtt` file is
    /// WebVTT even when its signature line is misspelled. `None` leaves the
    /// decision to the text (see `model::captions::format_of`).
    pub caption_format: Option<CaptionFormat>,
}

/// The caption formats read as transcripts (FORMATS.md §3.6, §3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptionFormat {
    /// W3C WebVTT (`.vtt`).
    WebVtt,
    /// SubRip (`.srt`).
    Srt,
}

impl CaptionFormat {
    /// The format a file's extension names, if any.
    pub fn from_extension(ext: &str) -> Option<CaptionFormat> {
        if ext.eq_ignore_ascii_case("vtt") {
            Some(CaptionFormat::WebVtt)
        } else if ext.eq_ignore_ascii_case("srt") {
            Some(CaptionFormat::Srt)
        } else {
            None
        }
    }
}

impl Settings {
    /// Is `name` declared known, in the roster or in `known-names`?
    pub fn is_known_name(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.known_names.contains(&lower)
            || self
                .roster
                .values()
                .any(|full| full.split_whitespace().any(|w| w.to_lowercase() == lower))
    }
}
