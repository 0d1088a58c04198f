//! What the user has told verbatim about their transcripts beyond the text:
//! who speaks (the roster), which names are right however rare, which
//! extra marker tags they use, and which format a file is in.
//!
//! The model and the rules read these settings and nothing else of the
//! configuration. Which rules run, at what severity and on which files is
//! decided above them ([`crate::config`]), so that a transcript can be
//! parsed and a rule tested without a whole [`crate::Config`].

use std::collections::{BTreeMap, HashSet};
use std::fmt;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Label (normalised, see [`crate::model::speaker_key`]) -> full name.
    pub roster: BTreeMap<String, String>,
    /// Lowercased known names: never reported as near-misses.
    pub known_names: HashSet<String>,
    /// Extra marker tags, lowercased.
    pub extra_tags: Vec<String>,
    /// The format forced by `format =` or `--format`; `None` detects it
    /// from the text (see `model::detect`).
    pub format: Option<Format>,
    /// The file's extension, lowercased and without the dot, when the front
    /// end knows the file's name: detection reads it (`vtt`, `srt`).
    pub extension: Option<String>,
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

/// A transcript format: which reader turns the text into the model. The
/// names are those of `FORMATS.md`, of `format =` and of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The reader of the house styles verbatim started with: State
    /// Department briefings (`MR ROBINSON: text`), interviews (`Name
    /// (00:01:26):`), Markdown (`**Name:** text`), and prose.
    Generic,
    /// A printed congressional hearing (GPO text): `    Senator FEINSTEIN. `.
    Hearing,
    /// A court transcript with a line-number gutter: `THE COURT:`, `Q.`/`A.`.
    Court,
    /// A deposition: the court reader, reported as a deposition.
    Deposition,
    /// A hard-wrapped oral history: `MK:` initials, a Narrator/Interviewer header.
    OralHistory,
    /// An Otter.ai text export: `Name  0:03` alone on a line.
    Otter,
    /// A Zoom saved transcript: `[Name] 18:02:15` alone on a line.
    Zoom,
    /// WebVTT captions.
    WebVtt,
    /// SubRip captions.
    Srt,
}

impl Format {
    /// Every format, in the order `FORMATS.md` lists them.
    pub const ALL: &'static [Format] = &[
        Format::Generic,
        Format::Hearing,
        Format::Court,
        Format::Deposition,
        Format::OralHistory,
        Format::Otter,
        Format::Zoom,
        Format::WebVtt,
        Format::Srt,
    ];

    /// The name used by `format =`, `--format` and `--show-format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Generic => "generic",
            Format::Hearing => "hearing",
            Format::Court => "court",
            Format::Deposition => "deposition",
            Format::OralHistory => "oral-history",
            Format::Otter => "otter",
            Format::Zoom => "zoom",
            Format::WebVtt => "webvtt",
            Format::Srt => "srt",
        }
    }

    /// Parses a format's name. `Ok(None)` is `auto`: detect it.
    pub fn parse(name: &str) -> Result<Option<Format>, String> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name))
            .map(Some)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format `{name}`; use auto, {}", names.join(", "))
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
