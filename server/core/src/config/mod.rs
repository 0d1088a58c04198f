//! `verbatim.toml`: the resolved configuration ([`Config`]), the file format
//! and its errors (`file`), and finding and reading files (`discover`).
//!
//! ```toml
//! select = ["ALL"]                 # or rule names; default: every rule that is on by default
//! extend-select = ["double-space"] # add rules that are off by default
//! ignore = ["repeated-word"]
//! known-names = ["Robbie", "Lavrow"]
//! include = ["**/*.txt", "**/*.transcript", "**/*.md"]
//! exclude = ["drafts/**"]
//!
//! [severity]
//! repeated-word = "hint"
//!
//! [roster]
//! "MR ROBINSON" = "Christopher Robinson"
//!
//! [markers]
//! extra-tags = ["applause", "music"]
//! ```

mod discover;
mod file;

use std::path::PathBuf;

use crate::diagnostic::Severity;
use crate::registry::Rule;
use crate::settings::Settings;

pub use discover::{discover, CONFIG_FILE_NAMES};
pub use file::{ConfigError, ConfigFile, MarkersConfig};

/// Files checked when a directory is given and `include` is not set.
pub const DEFAULT_INCLUDE: [&str; 7] = [
    "**/*.transcript",
    "**/*.transcript.txt",
    "**/*.transcript.md",
    "**/*.txt",
    "**/*.md",
    "**/*.vtt",
    "**/*.srt",
];

/// A resolved configuration: which rules run and how loud each is, which
/// files are checked, and the [`Settings`] the model and the rules read.
/// `Config::default()` is what runs when no file is found.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the settings came from, if a file.
    pub path: Option<PathBuf>,
    enabled: Vec<bool>,
    severities: Vec<Severity>,
    /// The roster, known names and extra marker tags.
    pub settings: Settings,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            enabled: Rule::ALL.iter().map(|r| r.meta().default_enabled).collect(),
            severities: Rule::ALL.iter().map(|r| r.meta().severity).collect(),
            settings: Settings::default(),
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            exclude: Vec::new(),
        }
    }
}

impl Config {
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.enabled[rule as usize]
    }

    pub fn severity(&self, rule: Rule) -> Severity {
        self.severities[rule as usize]
    }

    pub fn set_enabled(&mut self, rule: Rule, on: bool) {
        self.enabled[rule as usize] = on;
    }

    pub fn set_severity(&mut self, rule: Rule, severity: Severity) {
        self.severities[rule as usize] = severity;
    }

    /// [`Settings::is_known_name`].
    pub fn is_known_name(&self, name: &str) -> bool {
        self.settings.is_known_name(name)
    }
}
