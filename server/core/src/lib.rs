//! The analysis core of `verbatim`.
//!
//! Text goes in, diagnostics with byte ranges and fixes come out. This crate
//! knows nothing about LSP, async runtimes or terminals: the CLI and the
//! language server are thin adapters around [`lint`] and [`fix`].
//!
//! Data flows one way: text -> [`model::Transcript`] -> [`rules`] ->
//! [`Diagnostic`]s -> front end.
//!
//! The modules form layers, each depending only on those before it (a test,
//! `tests/layers.rs`, fails on a cycle):
//!
//! 1. [`text`], [`fix`], [`registry`], [`settings`]: leaves;
//! 2. [`diagnostic`] (names a [`Rule`], carries a [`Fix`]);
//! 3. [`model`] (reads [`Settings`]);
//! 4. [`rules`] (read the model and the settings, report diagnostics);
//! 5. [`config`] (which rules, how loud, which files; the file format);
//! 6. [`linter`] (runs the rules a config selects), then [`fix_all`] and
//!    [`incremental`].
//!
//! This root only re-exports; no module uses it.

pub mod config;
pub mod diagnostic;
pub mod findings;
pub mod fix;
pub mod fix_all;
pub mod incremental;
pub mod linter;
pub mod model;
pub mod registry;
pub mod rules;
pub mod settings;
pub mod text;

pub use config::{Config, ConfigError};
pub use diagnostic::{Diagnostic, Message, Related, Severity};
pub use findings::{Findings, Run};
pub use fix::{Applicability, Edit, Fix};
pub use fix_all::{fix_until_stable, select_fixes, FixOutcome};
pub use incremental::Analysis;
pub use linter::lint;
pub use model::Transcript;
pub use registry::Rule;
pub use rules::RuleMeta;
pub use settings::Settings;

/// Builds what every analysis shares and builds once per process (the
/// marker vocabulary, the thread pool): an editor can call it when it
/// starts, so that opening the first document does not wait for them.
pub fn prepare() {
    lint("MR A: (inaudible) Mr. B.\nMR B: Yes.\n", &Config::default());
    rayon::join(|| (), || ());
}

/// Applies fixes until nothing more can be fixed (see
/// [`fix_all::fix_until_stable`]).
pub fn fix(text: &str, config: &Config, unsafe_fixes: bool) -> FixOutcome {
    fix_until_stable(text, config, unsafe_fixes)
}
