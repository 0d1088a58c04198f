//! Writing fixed transcripts back without ever losing work.
//!
//! A fix is written through [`crate::atomic::replace`] (a temporary file in
//! the same directory, with the original's permissions and owner, renamed
//! over it), and only if the original still holds exactly the bytes that
//! were linted. An editor saving the file while
//! `verbatim check --fix` runs therefore wins, and the fix is skipped.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// What was true of the file when it was read.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub permissions: fs::Permissions,
}

impl Snapshot {
    pub fn of(metadata: &fs::Metadata) -> Snapshot {
        Snapshot {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            permissions: metadata.permissions(),
        }
    }
}

#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk after it was read; nothing was written.
    Changed,
    /// The file is read-only (no write permission bit for anyone), or this
    /// user may not write it; nothing was written.
    ReadOnly,
    Io(std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str(
                "changed on disk while it was being checked; fixes were not written (run again)",
            ),
            WriteError::ReadOnly => f.write_str(
                "is read-only; fixes were not written (make it writable to let --fix change it, or see them with --diff)",
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
/// `original` (and the size, modification time and permissions recorded in
/// `snapshot`), and provided it may be written: a read-only file is a
/// request not to change it, which the atomic rename would otherwise
/// ignore (it needs only a writable directory, and root may write anything).
pub fn write_atomically(
    path: &Path,
    original: &[u8],
    snapshot: &Snapshot,
    new_bytes: &[u8],
) -> Result<(), WriteError> {
    // Write through symlinks, not over them: the link stays a link.
    let target: PathBuf = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if !metadata.is_file() {
        return Err(WriteError::Changed);
    }
    if metadata.permissions().readonly() || !may_write(&target)? {
        return Err(WriteError::ReadOnly);
    }

    let written = crate::atomic::replace(
        &target,
        new_bytes,
        Some(&metadata),
        ".verbatim-fix-",
        || {
            pause_for_tests();
            unchanged_since(&target, original, snapshot)
        },
    )?;
    if written {
        Ok(())
    } else {
        Err(WriteError::Changed)
    }
}

/// Whether this user may write the file in place: what an editor would be
/// allowed to do. Opening for writing without truncating changes nothing.
fn may_write(path: &Path) -> std::io::Result<bool> {
    match fs::OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Ok(false),
        Err(e) => Err(e),
    }
}

/// The environment variable behind [`pause_for_tests`].
pub const PAUSE_ENV: &str = "VERBATIM_TEST_PAUSE_BEFORE_WRITE";

/// For tests only. When `VERBATIM_TEST_PAUSE_BEFORE_WRITE` names a path,
/// `--fix` creates that file just before its last check that the original
/// is unchanged, and waits until the file is deleted (at most a minute), so
/// that a test can change the transcript at exactly that moment and see the
/// guard refuse to write. It is harmless otherwise: it only delays a write,
/// and creates an empty file where the variable says.
fn pause_for_tests() {
    let Some(pause) = std::env::var_os(PAUSE_ENV) else {
        return;
    };
    let pause = PathBuf::from(pause);
    if fs::write(&pause, b"").is_err() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while pause.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn unchanged_since(path: &Path, original: &[u8], snapshot: &Snapshot) -> std::io::Result<bool> {
    let metadata = fs::metadata(path)?;
    if metadata.len() != snapshot.len
        || metadata.modified().ok() != snapshot.modified
        || metadata.permissions() != snapshot.permissions
    {
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

    #[test]
    fn refuses_a_read_only_file_in_a_writable_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions.clone()).unwrap();
        let snap = Snapshot::of(&fs::metadata(&path).unwrap());
        let err = write_atomically(&path, b"old", &snap, b"new").unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::metadata(&path).unwrap().permissions(), permissions);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_when_the_permissions_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let snap = Snapshot::of(&fs::metadata(&path).unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).unwrap();
            let err = write_atomically(&path, b"old", &snap, b"new").unwrap_err();
            assert!(matches!(err, WriteError::Changed), "{err}");
            assert_eq!(fs::read(&path).unwrap(), b"old");
        }
        let _ = snap;
    }
}
