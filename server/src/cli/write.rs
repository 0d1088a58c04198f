//! Writing fixed transcripts back without ever losing work.
//!
//! A fix is written to a temporary file in the same directory (so the final
//! rename stays on one file system and is atomic), with the original's
//! permissions, and renamed over the original only if the original still
//! holds exactly the bytes that were linted. An editor saving the file while
//! `verbatim check --fix` runs therefore wins, and the fix is skipped.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What was true of the file when it was read.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl Snapshot {
    pub fn of(metadata: &fs::Metadata) -> Snapshot {
        Snapshot {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk after it was read; nothing was written.
    Changed,
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str(
                "changed on disk while it was being checked; fixes were not written (run again)",
            ),
            WriteError::Io(e) => write!(f, "cannot write the fixed file: {e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces `path`'s content with `new_bytes`, provided it still holds
/// `original` (and the size and modification time recorded in `snapshot`).
pub fn write_atomically(
    path: &Path,
    original: &[u8],
    snapshot: &Snapshot,
    new_bytes: &[u8],
) -> Result<(), WriteError> {
    // Write through symlinks, not over them: the link stays a link.
    let target: PathBuf = fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let metadata = fs::metadata(&target)?;

    let mut temp = tempfile::Builder::new()
        .prefix(".verbatim-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(new_bytes)?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), metadata.permissions())?;

    if unchanged_since(&target, original, snapshot)? {
        temp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
        Ok(())
    } else {
        // Dropping `temp` removes the temporary file.
        Err(WriteError::Changed)
    }
}

fn unchanged_since(path: &Path, original: &[u8], snapshot: &Snapshot) -> std::io::Result<bool> {
    let metadata = fs::metadata(path)?;
    if metadata.len() != snapshot.len || metadata.modified().ok() != snapshot.modified {
        return Ok(false);
    }
    // The modification time has a coarse grain on some file systems; the
    // bytes are the real test.
    Ok(fs::read(path)? == original)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let snap = Snapshot::of(&fs::metadata(&path).unwrap());
        write_atomically(&path, b"old", &snap, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the temporary file must be gone");
    }

    #[test]
    fn refuses_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let snap = Snapshot::of(&fs::metadata(&path).unwrap());
        fs::write(&path, "edited by hand").unwrap();
        let err = write_atomically(&path, b"old", &snap, b"new").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(fs::read(&path).unwrap(), b"edited by hand");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
