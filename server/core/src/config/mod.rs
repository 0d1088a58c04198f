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
//! format = "auto"                # or generic, hearing, court, deposition,
//!                                  # oral-history, otter, zoom, webvtt, srt
//!
//! [markers]
//! extra-tags = ["applause", "music"]
//!
//! [[overrides]]                    # later tables win
//! files = ["hearings/**"]
//! format = "hearing"
//! ```

mod discover;
mod file;

use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::registry::Rule;
use crate::settings::{Format, Settings};

pub use discover::{discover, CONFIG_FILE_NAMES};
pub use file::{ConfigError, ConfigFile, MarkersConfig, OverrideConfig};

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
    /// `[[overrides]]`, in file order: [`Config::for_file`] applies them.
    pub overrides: Vec<FormatOverride>,
}

/// An `[[overrides]]` table: globs (relative to the configuration file's
/// folder) and what they change.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatOverride {
    pub files: Vec<String>,
    /// `Some(None)` is `format = "auto"`; `None` leaves the format alone.
    pub format: Option<Option<Format>>,
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
            overrides: Vec::new(),
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

    /// The configuration of one file: its extension (which format detection
    /// reads) and the `[[overrides]]` whose globs match it. Front ends call
    /// this once per file, then lint with the result.
    pub fn for_file(&self, path: &Path) -> Config {
        let mut config = self.clone();
        config.overrides.clear();
        config.settings.extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let base = self.path.as_deref().and_then(Path::parent);
        let relative = match base {
            Some(base) if path.is_absolute() => path.strip_prefix(base).unwrap_or(path),
            _ => path,
        };
        for o in &self.overrides {
            let matches = o.files.iter().any(|g| {
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .build()
                    .is_ok_and(|g| g.compile_matcher().is_match(relative))
            });
            if matches {
                if let Some(format) = o.format {
                    config.settings.format = format;
                }
            }
        }
        config
    }

    /// [`Settings::is_known_name`].
    pub fn is_known_name(&self, name: &str) -> bool {
        self.settings.is_known_name(name)
    }
}
