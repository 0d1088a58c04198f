//! Settings: editor settings and `verbatim.toml`, layered per document.
//!
//! Precedence, lowest first: the built-in defaults, then the editor settings
//! (`initializationOptions`, `workspace/didChangeConfiguration`), then the
//! `verbatim.toml` that governs the document. The project file wins so that
//! the editor and `verbatim check` in CI agree on what is reported. Known
//! names are merged from both.
//!
//! A file that fails to parse never breaks editing: its last good contents
//! stay in force, and the error is shown once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use verbatim_core::config::{self, ConfigFile, CONFIG_FILE_NAMES};
use verbatim_core::{Config, ConfigError};

/// Editor settings, in the editors' camelCase. The same keys as
/// `verbatim.toml`, minus file globs, roster and marker tags, which belong to
/// the project.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EditorSettings {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, String>,
    pub known_names: Vec<String>,
}

impl EditorSettings {
    /// Reads settings from `{"verbatim": {...}}` or from the bare object.
    /// `null` or a missing object means "no settings".
    pub fn from_value(value: &Value) -> Result<EditorSettings, String> {
        let inner = match value {
            Value::Null => return Ok(EditorSettings::default()),
            Value::Object(map) => map.get("verbatim").unwrap_or(value),
            _ => return Err("settings must be an object".into()),
        };
        if inner.is_null() {
            return Ok(EditorSettings::default());
        }
        serde_json::from_value(inner.clone()).map_err(|e| format!("invalid verbatim settings: {e}"))
    }

    /// Reads a `didChangeConfiguration` payload. `None` means it says
    /// nothing about verbatim (`null`, `{}`, or only other tools' sections,
    /// as some clients send on startup), so the current settings stay.
    pub fn from_change(value: &Value) -> Result<Option<EditorSettings>, String> {
        const KEYS: [&str; 5] = ["select", "extendSelect", "ignore", "severity", "knownNames"];
        match value {
            Value::Object(map) if map.contains_key("verbatim") => Self::from_value(value).map(Some),
            Value::Object(map) if map.keys().any(|k| KEYS.contains(&k.as_str())) => {
                Self::from_value(value).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn as_config_file(&self) -> ConfigFile {
        ConfigFile {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            known_names: self.known_names.clone(),
            ..ConfigFile::default()
        }
    }
}

/// Is this the name of a configuration file?
pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_FILE_NAMES.contains(&n))
}

/// A `verbatim.toml` as last read from disk.
#[derive(Debug, Default)]
struct FileEntry {
    /// The last contents that parsed, with their text (for error lines).
    good: Option<(ConfigFile, String)>,
    error: Option<ConfigError>,
}

/// Something the user should see once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice(pub String);

/// All configuration the server knows: editor settings, every config file it
/// has read, and the effective configs built from them.
#[derive(Debug, Default)]
pub struct ConfigStore {
    settings: EditorSettings,
    files: HashMap<PathBuf, FileEntry>,
    effective: HashMap<Option<PathBuf>, Arc<Config>>,
    shown: HashSet<String>,
    /// Bumped on every change, so cached lint results can tell they are old.
    pub generation: u64,
}

impl ConfigStore {
    /// Replaces the editor settings. Returns notices for settings that do not
    /// validate (they are then ignored).
    pub fn set_settings(&mut self, settings: EditorSettings) -> Vec<Notice> {
        let mut notices = Vec::new();
        let mut probe = Config::default();
        let settings = match probe.apply(&settings.as_config_file(), "", None) {
            Ok(()) => settings,
            Err(e) => {
                notices.extend(
                    self.notice(format!("verbatim: ignoring editor settings: {}", e.message)),
                );
                EditorSettings::default()
            }
        };
        if settings != self.settings {
            self.settings = settings;
            self.invalidate();
        }
        notices
    }

    fn invalidate(&mut self) {
        self.effective.clear();
        self.generation += 1;
    }

    fn notice(&mut self, message: String) -> Option<Notice> {
        self.shown
            .insert(message.clone())
            .then_some(Notice(message))
    }

    /// The config file governing a document at `path` (or, for documents
    /// without a path, the workspace `root`), found like the CLI finds it.
    pub fn discover(path: Option<&Path>, root: Option<&Path>) -> Option<PathBuf> {
        match (path, root) {
            (Some(p), _) => config::discover(p),
            (None, Some(r)) => config::discover(r),
            (None, None) => None,
        }
    }

    /// The effective config for documents governed by `file`, reading the
    /// file the first time it is asked for.
    pub fn effective(&mut self, file: Option<&Path>) -> (Arc<Config>, Vec<Notice>) {
        let mut notices = Vec::new();
        if let Some(path) = file {
            if !self.files.contains_key(path) {
                notices.extend(self.reload(path));
            }
        }
        let key = file.map(Path::to_path_buf);
        if let Some(c) = self.effective.get(&key) {
            return (c.clone(), notices);
        }
        let mut config = Config::default();
        // Settings were validated when set; a failure here cannot happen, and
        // would only leave the defaults in force.
        let _ = config.apply(&self.settings.as_config_file(), "", None);
        if let Some(path) = file {
            if let Some((parsed, text)) = self.files.get(path).and_then(|e| e.good.as_ref()) {
                config.path = Some(path.to_path_buf());
                if let Err(e) = config.apply(parsed, text, Some(path)) {
                    tracing::error!("config that parsed failed to apply: {e}");
                }
            }
        }
        let config = Arc::new(config);
        self.effective.insert(key, config.clone());
        (config, notices)
    }

    /// Re-reads `path` from disk. On error the last good contents stay in
    /// force and the error is returned as a notice (once per distinct error).
    pub fn reload(&mut self, path: &Path) -> Vec<Notice> {
        let entry = self.files.entry(path.to_path_buf()).or_default();
        let result = std::fs::read_to_string(path)
            .map_err(|e| ConfigError {
                path: Some(path.to_path_buf()),
                line: None,
                column: None,
                key: None,
                message: format!("cannot read the file: {e}"),
            })
            .and_then(|text| parse(&text, path).map(|file| (file, text)));
        let mut notices = Vec::new();
        match result {
            Ok(good) => {
                entry.good = Some(good);
                entry.error = None;
            }
            Err(e) if !path.exists() => {
                // A deleted file governs nothing any more.
                tracing::info!("{} is gone: {e}", path.display());
                self.files.remove(path);
            }
            Err(e) => {
                let kept = if entry.good.is_some() {
                    "the last good settings stay in force"
                } else {
                    "the defaults are in force"
                };
                let message = format!("verbatim: {e} ({kept})");
                entry.error = Some(e);
                notices.extend(self.notice(message));
            }
        }
        self.invalidate();
        notices
    }
}

/// Parses a config file's text, with the core's error messages (file, line,
/// key).
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    Config::from_toml(text, Some(path))?;
    toml::from_str(text).map_err(|e| ConfigError {
        path: Some(path.to_path_buf()),
        line: None,
        column: None,
        key: None,
        message: e.message().to_string(),
    })
}

/// Adds `name` to `known-names` in the config file at `path`, creating the
/// file when missing. Everything else in the file (comments, order, layout)
/// is kept. Returns whether the file changed.
pub fn add_known_name(path: &Path, name: &str) -> Result<bool, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| {
        format!(
            "{} does not parse, so it was left alone: {e}",
            path.display()
        )
    })?;
    let item = doc
        .as_table_mut()
        .entry("known-names")
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    let array = item
        .as_array_mut()
        .ok_or_else(|| format!("`known-names` in {} is not a list", path.display()))?;
    let lower = name.to_lowercase();
    if array
        .iter()
        .any(|v| v.as_str().is_some_and(|s| s.to_lowercase() == lower))
    {
        return Ok(false);
    }
    array.push(name);
    write_atomically(path, &doc.to_string())?;
    Ok(true)
}

/// Writes through [`crate::atomic::replace`], so a crash never leaves half a
/// config file; through a link, not over it.
fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let kept = std::fs::metadata(&target).ok();
    crate::atomic::replace(
        &target,
        contents.as_bytes(),
        kept.as_ref(),
        ".verbatim-toml-",
        || Ok(true),
    )
    .map_err(fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use verbatim_core::rules::Rule;
    use verbatim_core::Severity;

    /// Rules by the names a settings object uses.
    fn rule(name: &str) -> Rule {
        Rule::from_name(name).expect("a rule name")
    }

    #[test]
    fn settings_accept_wrapped_and_bare_objects() {
        let wrapped = json!({"verbatim": {"ignore": ["repeated-word"], "knownNames": ["Robbie"]}});
        let bare = json!({"ignore": ["repeated-word"], "knownNames": ["Robbie"]});
        let a = EditorSettings::from_value(&wrapped).unwrap();
        assert_eq!(a, EditorSettings::from_value(&bare).unwrap());
        assert_eq!(a.known_names, vec!["Robbie"]);
        assert_eq!(
            EditorSettings::from_value(&Value::Null).unwrap(),
            EditorSettings::default()
        );
        assert!(EditorSettings::from_value(&json!({"ignore": 3})).is_err());
    }

    #[test]
    fn a_change_about_other_tools_keeps_the_settings() {
        assert_eq!(EditorSettings::from_change(&Value::Null).unwrap(), None);
        assert_eq!(EditorSettings::from_change(&json!({})).unwrap(), None);
        assert_eq!(
            EditorSettings::from_change(&json!({"rust-analyzer": {}})).unwrap(),
            None
        );
        assert_eq!(
            EditorSettings::from_change(&json!({"verbatim": null})).unwrap(),
            Some(EditorSettings::default())
        );
        let bare = EditorSettings::from_change(&json!({"knownNames": ["Robbie"]})).unwrap();
        assert_eq!(bare.unwrap().known_names, vec!["Robbie"]);
    }

    #[test]
    fn project_file_wins_over_editor_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verbatim.toml");
        std::fs::write(
            &path,
            "known-names = [\"Lavrow\"]\n[severity]\nunclosed-marker = \"warning\"\n",
        )
        .unwrap();
        let mut store = ConfigStore::default();
        let notices = store.set_settings(EditorSettings {
            ignore: vec!["trailing-whitespace".into()],
            severity: [("unclosed-marker".to_string(), "hint".to_string())].into(),
            known_names: vec!["Robbie".into()],
            ..Default::default()
        });
        assert!(notices.is_empty());
        let (c, _) = store.effective(Some(&path));
        assert_eq!(c.severity(rule("unclosed-marker")), Severity::Warning);
        assert!(!c.is_enabled(rule("trailing-whitespace")));
        assert!(c.is_known_name("Robbie") && c.is_known_name("lavrow"));
        let (no_file, _) = store.effective(None);
        assert_eq!(no_file.severity(rule("unclosed-marker")), Severity::Hint);
    }

    #[test]
    fn broken_file_keeps_last_good_and_reports_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verbatim.toml");
        std::fs::write(&path, "ignore = [\"trailing-whitespace\"]\n").unwrap();
        let mut store = ConfigStore::default();
        let (c, n) = store.effective(Some(&path));
        assert!(n.is_empty());
        assert!(!c.is_enabled(rule("trailing-whitespace")));
        std::fs::write(&path, "ignore = [\"no-such-rule\"]\n").unwrap();
        let n = store.reload(&path);
        assert_eq!(n.len(), 1);
        assert!(n[0].0.contains("no-such-rule"), "{n:?}");
        assert!(n[0].0.contains("verbatim.toml:1"), "{n:?}");
        assert!(store.reload(&path).is_empty(), "shown only once");
        let (c, _) = store.effective(Some(&path));
        assert!(
            !c.is_enabled(rule("trailing-whitespace")),
            "last good stays"
        );
    }

    #[test]
    fn bad_editor_settings_are_ignored_with_a_notice() {
        let mut store = ConfigStore::default();
        let n = store.set_settings(EditorSettings {
            ignore: vec!["nope".into()],
            ..Default::default()
        });
        assert_eq!(n.len(), 1);
        let (c, _) = store.effective(None);
        assert!(c.is_enabled(rule("unclosed-marker")));
    }

    #[test]
    fn add_known_name_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verbatim.toml");
        let original = "# project settings\nignore = [\"repeated-word\"]\n\n[roster]\n\"MR ROBINSON\" = \"Christopher Robinson\"\n";
        std::fs::write(&path, original).unwrap();
        assert!(add_known_name(&path, "Robin").unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# project settings\nignore = [\"repeated-word\"]\nknown-names = [\"Robin\"]\n\n[roster]\n\"MR ROBINSON\" = \"Christopher Robinson\"\n"
        );
        assert!(!add_known_name(&path, "robin").unwrap(), "no duplicates");
        assert!(add_known_name(&path, "Lavrow").unwrap());
        let c = Config::load(&path).unwrap();
        assert!(c.is_known_name("Robin") && c.is_known_name("Lavrow"));
    }

    #[test]
    fn add_known_name_creates_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verbatim.toml");
        assert!(add_known_name(&path, "Whitfied").unwrap());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "known-names = [\"Whitfied\"]\n"
        );
    }

    #[test]
    fn add_known_name_leaves_a_broken_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("verbatim.toml");
        std::fs::write(&path, "ignore = [\n").unwrap();
        assert!(add_known_name(&path, "Robin").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "ignore = [\n");
    }
}
