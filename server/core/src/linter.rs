//! Running the rules: which ones, at what severity, in what order.
//!
//! Above the rules and the configuration: a rule knows its own check and
//! defaults; which rules a document gets and how loud each is comes from the
//! [`Config`], applied here.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Transcript;
use crate::registry::Rule;
use crate::rules::{Context, Memory};

/// Lints `text` with `config`: parses the model once and runs every enabled
/// rule over it. Diagnostics come back sorted by position, then rule.
pub fn lint(text: &str, config: &Config) -> Vec<Diagnostic> {
    let doc = Transcript::parse(text, &config.settings);
    run(&doc, config)
}

/// Runs every enabled rule over `doc`, applies configured severities, and
/// sorts the result by position, then rule.
pub fn run(doc: &Transcript, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &rule in Rule::ALL {
        if config.is_enabled(rule) {
            run_one(rule, doc, config, &mut out, None);
        }
    }
    sort(&mut out);
    out
}

/// Runs one rule over `doc`, appending its diagnostics with the configured
/// severity; in incremental analysis, lends it what was kept of its last
/// run and takes what it keeps of this one (`memory`). Returns how many
/// lower-case questions searched the text.
pub(crate) fn run_one(
    rule: Rule,
    doc: &Transcript,
    config: &Config,
    out: &mut Vec<Diagnostic>,
    memory: Option<Memory>,
) -> usize {
    let start = out.len();
    let mut ctx = Context::new(doc, &config.settings, out, memory);
    rule.check(&mut ctx);
    let searches = ctx.searches;
    for d in &mut out[start..] {
        debug_assert_eq!(d.rule, rule, "a rule reported under another rule's name");
        d.severity = config.severity(d.rule);
    }
    searches
}

/// The order diagnostics are reported in: by position, then rule.
pub(crate) fn sort(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
}
