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

/// Fixes until stable with a config file's text applied on top of "only
/// `rule`".
pub fn fix_all_with(rule: Rule, text: &str, toml: &str, unsafe_fixes: bool) -> String {
    let mut config = Config::from_toml(toml, None).expect("test config parses");
    for r in Rule::ALL {
        config.set_enabled(*r, *r == rule);
    }
    crate::fix(text, &config, unsafe_fixes).text
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

/// The real transcripts in `../shared/corpus`, as (file name, text): see
/// [`verbatim_corpus::files`] (empty when absent, a failure under CI).
pub fn corpus() -> Vec<(String, String)> {
    verbatim_corpus::files()
}

/// Asserts that `rule` reports nothing on the real transcripts.
pub fn assert_quiet_on_corpus(rule: Rule) {
    for (name, text) in corpus() {
        let found = lint(rule, &text);
        assert!(
            found.is_empty(),
            "{rule} fired on {name}: {:?}",
            spans(&text, &found)
        );
    }
}

/// The Kerry–Lavrov–de Mistura briefing with `from` (which must occur in it)
/// replaced once by `to`, and the 1-based line of the change; `None` when
/// the corpus is absent.
pub fn planted(from: &str, to: &str) -> Option<(String, String, usize)> {
    let (_, text) = corpus()
        .into_iter()
        .find(|(name, _)| name.contains("de-mistura"))?;
    let at = text
        .find(from)
        .expect("the corpus has the text to plant into");
    let line = text[..at].matches('\n').count() + 1;
    let planted = text.replacen(from, to, 1);
    Some((text, planted, line))
}

/// Where `rule` fires on the real transcripts (see [`corpus`]), as (file
/// name, 1-based line) pairs, with only `rule` enabled. `None` when the
/// corpus is absent.
pub fn corpus_findings(rule: Rule) -> Option<Vec<(String, usize)>> {
    let files = corpus();
    if files.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for (name, text) in files {
        for line in lines(&text, &lint(rule, &text)) {
            out.push((name.clone(), line));
        }
    }
    Some(out)
}
