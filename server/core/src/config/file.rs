//! The `verbatim.toml` format: what a file may say, how it applies on top
//! of a [`Config`], and errors that name the file, line and key.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Config, FormatOverride};
use crate::diagnostic::Severity;
use crate::model::speaker_key;
use crate::registry::Rule;
use crate::settings::Format;

/// The file as written. Unknown keys are an error so that a typo in a key
/// never silently turns a rule back on.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigFile {
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub extend_select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub roster: BTreeMap<String, String>,
    #[serde(default)]
    pub known_names: Vec<String>,
    #[serde(default)]
    pub markers: MarkersConfig,
    pub include: Option<Vec<String>>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `auto` (the default) or a format's name: see [`Format`].
    pub format: Option<String>,
    /// `[[overrides]]`: settings for the files some globs match.
    #[serde(default)]
    pub overrides: Vec<OverrideConfig>,
}

/// One `[[overrides]]` table: what changes for the files its globs match.
/// Later tables win over earlier ones.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct OverrideConfig {
    pub files: Vec<String>,
    pub format: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct MarkersConfig {
    #[serde(default)]
    pub extra_tags: Vec<String>,
}

/// A configuration problem, naming the file, the line and the key, so the
/// user knows exactly what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => f.write_str("configuration")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses a config file's text. `path` is only used in error messages.
    pub fn from_toml(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            let message = e.message().to_string();
            ConfigError {
                path: path.map(Path::to_path_buf),
                line,
                column,
                key: key_at(text, line),
                message,
            }
        })?;
        let mut config = Config {
            path: path.map(Path::to_path_buf),
            ..Config::default()
        };
        config.apply(&file, text, path)?;
        Ok(config)
    }

    /// Applies a parsed file on top of `self`. Used for `verbatim.toml` and,
    /// by the language server, for editor settings given in the same shape.
    pub fn apply(
        &mut self,
        file: &ConfigFile,
        text: &str,
        path: Option<&Path>,
    ) -> Result<(), ConfigError> {
        let err = |key: &str, message: String| {
            let line = find_key_line(text, key);
            ConfigError {
                path: path.map(Path::to_path_buf),
                line,
                column: line.map(|_| 1),
                key: Some(key.to_string()),
                message,
            }
        };
        let parse_rules = |key: &str, names: &[String]| -> Result<Vec<Rule>, ConfigError> {
            let mut out = Vec::new();
            for name in names {
                if name.eq_ignore_ascii_case("ALL") {
                    out.extend(Rule::ALL.iter().copied());
                } else {
                    match Rule::from_name(name) {
                        Some(r) => out.push(r),
                        None => {
                            return Err(err(
                                key,
                                format!("unknown rule `{name}`; `verbatim rules` lists them"),
                            ))
                        }
                    }
                }
            }
            Ok(out)
        };
        if let Some(select) = &file.select {
            let selected = parse_rules("select", select)?;
            for rule in Rule::ALL {
                self.set_enabled(*rule, selected.contains(rule));
            }
        }
        for rule in parse_rules("extend-select", &file.extend_select)? {
            self.set_enabled(rule, true);
        }
        for rule in parse_rules("ignore", &file.ignore)? {
            self.set_enabled(rule, false);
        }
        for (name, level) in &file.severity {
            let rule = Rule::from_name(name).ok_or_else(|| {
                err(
                    name,
                    format!("unknown rule `{name}` in [severity]; `verbatim rules` lists them"),
                )
            })?;
            let severity = Severity::parse(level).ok_or_else(|| {
                err(
                    name,
                    format!("unknown severity `{level}`; use error, warning, info or hint"),
                )
            })?;
            self.set_severity(rule, severity);
        }
        for (label, name) in &file.roster {
            self.settings
                .roster
                .insert(speaker_key(label), name.clone());
        }
        self.settings
            .known_names
            .extend(file.known_names.iter().map(|n| n.to_lowercase()));
        for tag in &file.markers.extra_tags {
            let tag = tag.trim().to_lowercase();
            if tag.is_empty() {
                return Err(err("extra-tags", "a marker tag cannot be empty".into()));
            }
            if tag.contains(['(', ')', '[', ']']) {
                return Err(err(
                    "extra-tags",
                    format!(
                        "the marker tag `{tag}` has a bracket in it; write the words inside the brackets (`music`, not `(music)`)"
                    ),
                ));
            }
            if !self.settings.extra_tags.contains(&tag) {
                self.settings.extra_tags.push(tag);
            }
        }
        if let Some(name) = &file.format {
            self.settings.format = Format::parse(name).map_err(|m| err("format", m))?;
        }
        for o in &file.overrides {
            if o.files.is_empty() {
                return Err(err(
                    "files",
                    "an `[[overrides]]` table needs `files = [...]`, the globs it applies to"
                        .into(),
                ));
            }
            for glob in &o.files {
                if let Err(e) = globset::Glob::new(glob) {
                    return Err(err("files", format!("invalid glob `{glob}`: {e}")));
                }
            }
            let format = match &o.format {
                Some(name) => Some(Format::parse(name).map_err(|m| err("format", m))?),
                None => None,
            };
            self.overrides.push(FormatOverride {
                files: o.files.clone(),
                format,
            });
        }
        if let Some(include) = &file.include {
            self.include = include.clone();
        }
        self.exclude.extend(file.exclude.iter().cloned());
        for (key, globs) in [("include", &self.include), ("exclude", &self.exclude)] {
            for glob in globs {
                if let Err(e) = globset::Glob::new(glob) {
                    return Err(err(key, format!("invalid glob `{glob}`: {e}")));
                }
            }
        }
        Ok(())
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The key on a 1-based line, for error messages: `ignore = [...]` -> `ignore`.
fn key_at(text: &str, line: Option<usize>) -> Option<String> {
    let line = text.lines().nth(line? - 1)?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('"').unwrap_or(l);
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with('=')
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_line_and_key() {
        let err = Config::from_toml(
            "select = [\"ALL\"]\nignor = [\"x\"]\n",
            Some(Path::new("verbatim.toml")),
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.key.as_deref(), Some("ignor"));
        assert!(
            err.to_string()
                .starts_with("verbatim.toml:2:1: key `ignor`: "),
            "{err}"
        );
    }

    #[test]
    fn unknown_rule_is_an_error() {
        let err = Config::from_toml("\nignore = [\"no-such-rule\"]\n", None).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.key.as_deref(), Some("ignore"));
        assert!(err.message.contains("no-such-rule"));
    }

    #[test]
    fn bad_severity_is_an_error() {
        let err = Config::from_toml("[severity]\nunclosed-marker = \"loud\"\n", None).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("loud"));
    }

    #[test]
    fn select_ignore_and_severity() {
        let c = Config::from_toml(
            "select = [\"unclosed-marker\", \"repeated-word\"]\nignore = [\"repeated-word\"]\n[severity]\nunclosed-marker = \"warning\"\n",
            None,
        )
        .unwrap();
        assert!(c.is_enabled(Rule::UnclosedMarker));
        assert!(!c.is_enabled(Rule::RepeatedWord));
        assert!(!c.is_enabled(Rule::SpeakerNameMismatch));
        assert_eq!(c.severity(Rule::UnclosedMarker), Severity::Warning);
    }

    #[test]
    fn format_and_overrides() {
        let c = Config::from_toml(
            "format = \"otter\"\n[[overrides]]\nfiles = [\"hearings/**\"]\nformat = \"hearing\"\n[[overrides]]\nfiles = [\"**/*.auto.txt\"]\nformat = \"auto\"\n",
            Some(Path::new("/p/verbatim.toml")),
        )
        .unwrap();
        assert_eq!(c.settings.format, Some(Format::Otter));
        let at = |p: &str| c.for_file(Path::new(p)).settings;
        assert_eq!(at("/p/a.txt").format, Some(Format::Otter));
        assert_eq!(at("/p/a.txt").extension.as_deref(), Some("txt"));
        assert_eq!(at("/p/hearings/x/b.TXT").format, Some(Format::Hearing));
        assert_eq!(at("/p/hearings/x/b.TXT").extension.as_deref(), Some("txt"));
        assert_eq!(at("/p/hearings/c.auto.txt").format, None);
        // Relative paths are taken as relative to the configuration's folder.
        assert_eq!(at("hearings/d.vtt").format, Some(Format::Hearing));
    }

    #[test]
    fn bad_format_names_the_key() {
        let err = Config::from_toml("\nformat = \"hansard\"\n", None).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("unknown format `hansard`"), "{err}");
        let err = Config::from_toml("[[overrides]]\nfiles = [\"a\"]\nformat = \"x\"\n", None)
            .unwrap_err();
        assert!(err.message.contains("unknown format `x`"), "{err}");
        let err = Config::from_toml("[[overrides]]\nformat = \"otter\"\n", None).unwrap_err();
        assert!(err.message.contains("files"), "{err}");
    }

    #[test]
    fn roster_and_known_names() {
        let c = Config::from_toml(
            "known-names = [\"Robbie\"]\n[roster]\n\"MR. ROBINSON\" = \"Christopher Robinson\"\n",
            None,
        )
        .unwrap();
        assert!(c.is_known_name("robbie"));
        assert!(c.is_known_name("Christopher"));
        assert_eq!(
            c.settings.roster.get("MR ROBINSON").map(String::as_str),
            Some("Christopher Robinson")
        );
    }
}
