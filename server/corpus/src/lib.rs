//! The real transcripts in `shared/corpus/`, for tests.
//!
//! The corpus lives outside the repository (`shared/` beside the checkout),
//! so the project's tests pass without it: a test that reads it gets no
//! files and passes, with a note on stderr. Under CI (`CI` set, as CI
//! services do) an absent corpus fails the test instead, so that a pipeline
//! that lost the folder does not go green by skipping every realism check.
//!
//! The one loader of the corpus: the core's rule tests and the server's
//! `tests/corpus.rs` both read it through [`files`].

use std::path::{Path, PathBuf};

/// `(file name, text)` of every `.txt` in the corpus, sorted by name. Empty
/// when the corpus is absent, unless `CI` is set: then it panics.
pub fn files() -> Vec<(String, String)> {
    load(dir(), under_ci())
}

/// The files of the corpus folder `found`; when there is none, nothing, or
/// a panic under CI.
fn load(found: Option<PathBuf>, ci: bool) -> Vec<(String, String)> {
    let Some(dir) = found else {
        let why = "shared/corpus is absent (looked in $VERBATIM_CORPUS and beside the checkout)";
        if ci {
            panic!("{why}, and CI is set: the corpus tests cannot be skipped in CI");
        }
        eprintln!("note: {why}; skipping the corpus check");
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is not readable: {e}", dir.display()))
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{} is not UTF-8 text: {e}", p.display()));
            (name, text)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no .txt files", dir.display());
    files
}

/// The corpus folder: `$VERBATIM_CORPUS` when set (a path that is no folder
/// then counts as absent), else `shared/corpus` beside the checkout (or
/// beside the checkout that holds this worktree, one level further up).
pub fn dir() -> Option<PathBuf> {
    if let Some(set) = std::env::var_os("VERBATIM_CORPUS") {
        return Some(PathBuf::from(set)).filter(|p| p.is_dir());
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [
        repository.join("../shared/corpus"),
        repository.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// Is the process running under CI? `CI` set to anything but empty, `0` or
/// `false`.
fn under_ci() -> bool {
    means_ci(std::env::var("CI").ok().as_deref())
}

fn means_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "CI is set")]
    fn an_absent_corpus_fails_under_ci() {
        load(None, true);
    }

    #[test]
    fn an_absent_corpus_is_skipped_elsewhere() {
        assert!(load(None, false).is_empty());
    }

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for (value, ci) in [
            (None, false),
            (Some(""), false),
            (Some("0"), false),
            (Some("false"), false),
            (Some("true"), true),
            (Some("1"), true),
            (Some("github"), true),
        ] {
            assert_eq!(means_ci(value), ci, "{value:?}");
        }
    }
}
