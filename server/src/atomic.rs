//! Replacing a file's content atomically, for both front ends: `--fix` in
//! the CLI and the language server's `known-names` edit.
//!
//! The new content goes to a temporary file in the same directory (so the
//! rename stays on one file system), is flushed to disk, gets the old
//! file's permissions and, where this user may, its owner, and is renamed
//! over the old file (`tempfile::NamedTempFile::persist`) only if a last
//! check, run just before the rename, agrees. A crash or a refusal leaves
//! the old file as it was, and the temporary file is removed.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the file at `target` (a real path: resolve links first, so a
/// link stays a link) with `contents`. `kept` is the metadata of the file
/// being replaced, whose permissions and owner the new one takes; `None`
/// for a new file. `prefix` starts the temporary file's name. `still_ok`
/// is the last check; when it says no, nothing is written and the answer
/// is `Ok(false)`.
pub fn replace(
    target: &Path,
    contents: &[u8],
    kept: Option<&fs::Metadata>,
    prefix: &str,
    still_ok: impl FnOnce() -> io::Result<bool>,
) -> io::Result<bool> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    if let Some(metadata) = kept {
        fs::set_permissions(temp.path(), metadata.permissions())?;
        keep_owner(temp.as_file(), metadata);
    }
    if !still_ok()? {
        // Dropping `temp` removes the temporary file.
        return Ok(false);
    }
    temp.persist(target).map_err(|e| e.error)?;
    Ok(true)
}

/// Gives the new file the original's owner and group where this user may
/// (root fixing someone else's transcript must not leave it owned by root).
/// Where it may not, the file is written anyway, as any editor that saves
/// by renaming would.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(now) = file.metadata() else { return };
    if (now.uid(), now.gid()) == (original.uid(), original.gid()) {
        return;
    }
    if std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(original.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _original: &fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let kept = fs::metadata(&path).unwrap();
        assert!(replace(&path, b"new", Some(&kept), ".t-", || Ok(true)).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn a_refusal_writes_nothing_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let kept = fs::metadata(&path).unwrap();
        assert!(!replace(&path, b"new", Some(&kept), ".t-", || Ok(false)).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn creates_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.toml");
        assert!(replace(&path, b"x = 1\n", None, ".t-", || Ok(true)).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "x = 1\n");
    }
}
