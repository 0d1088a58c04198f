//! The analysis core of `verbatim`.
//!
//! Text goes in, diagnostics with byte ranges and fixes come out. This crate
//! knows nothing about LSP, async runtimes or terminals: the CLI and the
//! language server are thin adapters around [`lint`] and [`fix`].
//!
//! Data flows one way: text -> [`model::Transcript`] -> [`rules`] ->
//! [`Diagnostic`]s -> front end.

pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod incremental;
pub mod model;
pub mod rules;
pub mod text;

pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Related, Severity};
pub use fix::{Applicability, Edit, Fix, FixOutcome};
pub use incremental::Analysis;
pub use model::Transcript;
pub use rules::{Rule, RuleMeta};

/// Lints `text` with `config`: parses the model once and runs every enabled
/// rule over it. Diagnostics come back sorted by position, then rule.
pub fn lint(text: &str, config: &Config) -> Vec<Diagnostic> {
    let doc = Transcript::parse(text, config);
    rules::run(&doc, config)
}

/// Builds what every analysis shares and builds once per process (the
/// marker vocabulary, the thread pool): an editor can call it when it
/// starts, so that opening the first document does not wait for them.
pub fn prepare() {
    lint("MR A: (inaudible) Mr. B.\nMR B: Yes.\n", &Config::default());
    rayon::join(|| (), || ());
}

/// Applies fixes until nothing more can be fixed (see [`fix::fix_until_stable`]).
pub fn fix(text: &str, config: &Config, unsafe_fixes: bool) -> FixOutcome {
    fix::fix_until_stable(text, config, unsafe_fixes)
}
