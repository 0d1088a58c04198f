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
                    message: path_problem(path, &e),
                });
                continue;
            }
        };
        if !metadata.is_dir() && !metadata.is_file() {
            // A named pipe would block the read until something writes to
            // it; a device could be endless. Neither is a transcript.
            errors.push(CollectError::Path {
                display: display_path(path),
                message: not_regular(&metadata),
            });
            continue;
        }
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
            // Symbolic links are not followed (the default, said here
            // because it matters): a link loop cannot trap the walk, and a
            // linked file is not checked twice. Name a link to check it.
            .follow_links(false)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let (display, message) = walk_problem(path, &e);
                    errors.push(CollectError::Path { display, message });
                    continue;
                }
            };
            // Only regular files: symbolic links, named pipes, sockets and
            // devices in a walked directory are never opened.
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

/// Why a path named on the command line cannot be opened: `e` as
/// [`io_message`] says it, or, for a symbolic link, what is wrong with it.
pub fn path_problem(path: &Path, e: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return io_message(e);
    }
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    if let Some(chain) = link_loop(path) {
        return format!("is a symbolic link loop ({chain}); it was not read");
    }
    if e.kind() == std::io::ErrorKind::NotFound {
        format!("is a broken symbolic link (`{target}` does not exist)")
    } else {
        format!(
            "is a symbolic link to `{target}` that cannot be followed ({})",
            io_message(e)
        )
    }
}

/// `a -> b -> a` when following the links from `path` comes back to one
/// already seen.
fn link_loop(path: &Path) -> Option<String> {
    // Each link as written, and as a key that two spellings of one link
    // share: its directory, resolved, and its name.
    let key = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
        Some(dir.join(p.file_name()?))
    };
    let mut names = vec![display_path(path)];
    let mut keys = vec![key(path)?];
    let mut at = path.to_path_buf();
    // The kernel gives up after 40 links; so does this.
    for _ in 0..40 {
        let target = std::fs::read_link(&at).ok()?;
        at = at.parent().unwrap_or(Path::new("")).join(&target);
        names.push(display_path(&target));
        let k = key(&at)?;
        if keys.contains(&k) {
            return Some(names.join(" -> "));
        }
        keys.push(k);
    }
    None
}

/// What a path that is neither a file nor a directory is, and why it was
/// not read.
pub fn not_regular(metadata: &std::fs::Metadata) -> String {
    let kind = file_kind(metadata);
    format!("is {kind}, not a regular file, so it was not read (pipe text to `verbatim check -` to check it)")
}

#[cfg(unix)]
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = metadata.file_type();
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    if metadata.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// The path an error of the walk is about (the deepest one it names, else
/// the walked `root`) and what went wrong, said for a person.
fn walk_problem(root: &Path, e: &ignore::Error) -> (String, String) {
    let mut path = None;
    let mut inner = e;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.as_path());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err;
            }
            _ => break,
        }
    }
    let path = path.unwrap_or(root);
    let display = display_path(path);
    let message = match (inner, inner.io_error()) {
        (ignore::Error::Loop { ancestor, .. }, _) => format!(
            "is a symbolic link loop back to `{}`; it was not followed",
            display_path(ancestor)
        ),
        (_, Some(io)) => {
            let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            if is_dir {
                format!(
                    "is a directory that cannot be read ({}); nothing in it was checked",
                    io_message(io)
                )
            } else {
                format!("cannot be read ({})", io_message(io))
            }
        }
        _ => inner.to_string(),
    };
    (display, message)
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}
