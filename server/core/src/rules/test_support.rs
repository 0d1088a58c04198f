//! Helpers for rule unit tests: lint a string with one rule, apply its fixes.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fix::{apply_edits, Applicability};
use crate::rules::Rule;

/// A config with only `rule` enabled.
pub fn only(rule: Rule) -> Config {
    let mut config = Config::default();
    for r in Rule::ALL {
        config.set_enabled(*r, *r == rule);
    }
    config
}

/// Lints `text` with only `rule` enabled.
pub fn lint(rule: Rule, text: &str) -> Vec<Diagnostic> {
    crate::lint(text, &only(rule))
}

/// Lints with a config file's text applied on top of "only `rule`".
pub fn lint_with(rule: Rule, text: &str, toml: &str) -> Vec<Diagnostic> {
    let mut config = Config::from_toml(toml, None).expect("test config parses");
    for r in Rule::ALL {
        config.set_enabled(*r, *r == rule);
    }
    crate::lint(text, &config)
}

/// The text each diagnostic covers.
pub fn spans<'a>(text: &'a str, diagnostics: &[Diagnostic]) -> Vec<&'a str> {
    diagnostics.iter().map(|d| &text[d.range.clone()]).collect()
}

/// 1-based line of each diagnostic.
pub fn lines(text: &str, diagnostics: &[Diagnostic]) -> Vec<usize> {
    let idx = crate::text::LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| idx.line_col(text, d.range.start).line)
        .collect()
}

/// Applies the single fix of the single diagnostic.
pub fn fix_one(text: &str, diagnostic: &Diagnostic) -> String {
    let fix = diagnostic.fix.as_ref().expect("diagnostic has a fix");
    apply_edits(text, &fix.edits)
}

/// Fixes until stable with only `rule` enabled.
pub fn fix_all(rule: Rule, text: &str, unsafe_fixes: bool) -> String {
    crate::fix(text, &only(rule), unsafe_fixes).text
}

pub fn applicability(d: &Diagnostic) -> Applicability {
    d.fix.as_ref().expect("diagnostic has a fix").applicability
}

/// The real transcripts: `$VERBATIM_CORPUS`, or the nearest `shared/corpus`
/// beside the repository or one of its parents.
pub fn corpus_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("VERBATIM_CORPUS") {
        return Some(dir.into());
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}

/// Where `rule` fires on the real transcripts (see [`corpus_dir`]), as
/// (file name, 1-based line) pairs, with only `rule` enabled. `None`, with a
/// note on stderr, when the corpus is not there.
pub fn corpus_findings(rule: Rule) -> Option<Vec<(String, usize)>> {
    let entries = corpus_dir().and_then(|d| std::fs::read_dir(d).ok());
    let Some(entries) = entries else {
        eprintln!("note: no shared/corpus folder found; corpus check for {rule} skipped");
        return None;
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for line in lines(&text, &lint(rule, &text)) {
            out.push((name.clone(), line));
        }
    }
    Some(out)
}

/// Asserts that `rule` reports nothing on the corpus (when it is there).
pub fn assert_quiet_on_corpus(rule: Rule) {
    if let Some(found) = corpus_findings(rule) {
        assert_eq!(found, Vec::<(String, usize)>::new(), "{rule} on the corpus");
    }
}
