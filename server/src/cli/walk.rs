//! Turning the paths on the command line into the list of files to check.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use verbatim_core::ConfigError;

use super::settings::{Resolver, Settings};

/// Where a transcript comes from.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

/// One transcript to check, with the settings that govern it.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    /// The path as shown in every output format.
    pub display: String,
    pub settings: Arc<Settings>,
}

/// A path that could not be walked or a configuration that could not be read.
#[derive(Debug)]
pub enum CollectError {
    Path { display: String, message: String },
    Config(ConfigError),
}

pub struct Collected {
    pub inputs: Vec<Input>,
    pub errors: Vec<CollectError>,
}

/// Collects inputs: explicitly named files always; files inside named
/// directories when the `.gitignore`s allow and the `include` / `exclude`
/// globs of their configuration select them. Sorted by path, without
/// duplicates, so output order never depends on the walk.
pub fn collect(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    force_exclude: bool,
    resolver: &mut Resolver,
) -> Collected {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let default_paths = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default_paths[..]
    } else {
        paths
    };
    let mut seen_stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if seen_stdin {
                continue;
            }
            seen_stdin = true;
            // The stdin name decides which configuration applies, as if the
            // text were that file.
            let name = stdin_filename.map(Path::to_path_buf);
            let lookup = name.clone().unwrap_or_else(|| PathBuf::from("-"));
            match resolver.for_path(&lookup) {
                Ok(settings) => inputs.push(Input {
                    source: Source::Stdin,
                    display: name
                        .as_deref()
                        .map_or_else(|| "-".to_string(), display_path),
                    settings,
                }),
                Err(e) => errors.push(CollectError::Config(e)),
            }
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(CollectError::Path {
                    display: display_path(path),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if !metadata.is_dir() {
            match resolver.for_path(path) {
                Ok(settings) if force_exclude && settings.excludes(&resolver.absolute(path)) => {}
                Ok(settings) => inputs.push(Input {
                    source: Source::File(path.clone()),
                    display: display_path(path),
                    settings,
                }),
                Err(e) => errors.push(CollectError::Config(e)),
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            // Transcript archives are often plain folders, not repositories;
            // their .gitignore still says what is not a transcript.
            .require_git(false)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(CollectError::Path {
                        display: display_path(path),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let file = entry.path();
            let settings = match resolver.for_path(file) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(CollectError::Config(e));
                    continue;
                }
            };
            if settings.wants(&resolver.absolute(file)) {
                inputs.push(Input {
                    source: Source::File(file.to_path_buf()),
                    display: display_path(file),
                    settings,
                });
            }
        }
    }
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.dedup_by(|a, b| a.display == b.display);
    // One bad configuration file governs many files; say it once.
    let mut seen_configs = Vec::new();
    errors.retain(|e| match e {
        CollectError::Config(c) => {
            if seen_configs.contains(&c.path) {
                false
            } else {
                seen_configs.push(c.path.clone());
                true
            }
        }
        CollectError::Path { .. } => true,
    });
    Collected { inputs, errors }
}

/// A path as users typed it, without a leading `./` and with `/` separators.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    if s.is_empty() {
        ".".to_string()
    } else {
        s.to_string()
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
