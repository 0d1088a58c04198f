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
