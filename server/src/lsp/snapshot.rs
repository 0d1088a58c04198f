//! A consistent view of one document for a request handler, and the lint
//! of one revision of it.

use std::path::Path;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, Uri};
use verbatim_core::Config;

use super::config;
use super::convert::{self, Shown};
use super::kept::{self, EditLog, Published};
use super::position::{self, Encoding};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Transcript,
    /// A `verbatim.toml` the user has open: validated, never linted.
    ConfigFile,
}

/// One lint of one revision of a document.
#[derive(Debug)]
pub struct LintResult {
    pub revision: u64,
    pub version: i32,
    pub findings: verbatim_core::Findings,
    /// `findings` as the client sees them, in the order a lint reports
    /// them.
    pub lsp: Published,
    /// Opened as plain text and not a transcript: nothing reported, and
    /// nothing for code actions to fix.
    pub silent: bool,
}

impl LintResult {
    /// Every finding where it is now, in the order a lint reports them.
    pub fn diagnostics(&self) -> Vec<verbatim_core::Diagnostic> {
        self.findings.to_vec()
    }
}

/// A consistent view of one document for a request handler.
pub struct Snapshot {
    pub uri: Uri,
    pub rope: Rope,
    pub text: String,
    pub version: i32,
    pub revision: u64,
    pub kind: DocKind,
    /// Opened as plain text (see `session::opened_as_plain_text`): linted,
    /// and answered, only while it reads as a transcript.
    pub plain: bool,
    pub config: Arc<Config>,
    pub enc: Encoding,
    pub shown: Shown,
    /// The last lint, if any; [`Snapshot::lint`] uses it when it is of
    /// this revision.
    pub(super) lint: Option<Arc<LintResult>>,
}

impl Snapshot {
    /// The core diagnostics of this revision: cached from the worker when it
    /// has caught up, computed here otherwise.
    pub fn lint(&self) -> Arc<LintResult> {
        match &self.lint {
            Some(l) if l.revision == self.revision => l.clone(),
            _ => Arc::new(self.lint_with(
                |text, config| {
                    let read = || verbatim_core::Transcript::parse(text, &config.settings);
                    (!self.plain || read().is_transcript()).then(|| {
                        verbatim_core::Findings::from_sorted(verbatim_core::lint(text, config))
                    })
                },
                None,
                &EditLog::broken(),
            )),
        }
    }

    /// Lints this snapshot's text with `lint` (the core's, or the kept
    /// analysis's; `None` when the text is plain text that is not a
    /// transcript, which is then silent) and converts the findings for the
    /// client, reusing the `kept` conversions (core and LSP diagnostics of
    /// an earlier lint) that the edits in `log` left alone; a config file
    /// gets its parse error, if any, instead.
    pub(super) fn lint_with(
        &self,
        lint: impl FnOnce(&str, &Config) -> Option<verbatim_core::Findings>,
        kept: Option<(&verbatim_core::Findings, &Published)>,
        log: &EditLog,
    ) -> LintResult {
        let mut silent = false;
        let (findings, lsp) = match self.kind {
            DocKind::Transcript => {
                let ds = lint(&self.text, &self.config).unwrap_or_else(|| {
                    silent = true;
                    verbatim_core::Findings::default()
                });
                let l = kept::convert(&ds, kept, log, |d| {
                    convert::diagnostic(&self.rope, &self.uri, d, self.enc, self.shown)
                });
                (ds, l)
            }
            DocKind::ConfigFile => {
                let path = self.uri.to_file_path().map(|p| p.into_owned());
                let path = path.as_deref().unwrap_or(Path::new("verbatim.toml"));
                let l = match config::parse(&self.text, path) {
                    Ok(_) => Published::default(),
                    Err(e) => {
                        Published::from_lsp([convert::config_diagnostic(&self.rope, &e, self.enc)])
                    }
                };
                (verbatim_core::Findings::default(), l)
            }
        };
        LintResult {
            revision: self.revision,
            version: self.version,
            findings,
            lsp,
            silent,
        }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        position::position(&self.rope, offset, self.enc)
    }

    pub fn range(&self, bytes: std::ops::Range<usize>) -> lsp::Range {
        position::range(&self.rope, bytes, self.enc)
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        position::offset(&self.rope, pos, self.enc)
    }
}
