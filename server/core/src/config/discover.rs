//! Finding the configuration file that governs a path, and reading it.

use std::path::{Path, PathBuf};

use super::{Config, ConfigError};

/// File names searched for, in order, in each directory walking up.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["verbatim.toml", ".verbatim.toml"];

impl Config {
    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            column: None,
            key: None,
            message: format!("cannot read the file: {e}"),
        })?;
        Config::from_toml(&text, Some(path))
    }
}

/// Finds the config file that governs `start`: the nearest `verbatim.toml` or
/// `.verbatim.toml` in `start` (if a directory) or its parent, walking up.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    for dir in start.ancestors() {
        for name in CONFIG_FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}
