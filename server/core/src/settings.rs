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
