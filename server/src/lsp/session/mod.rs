//! The server's shared state: open documents, configuration, negotiated
//! capabilities, and the lint workers that publish diagnostics.
//!
//! Diagnostics reach a client one way only, chosen from its capabilities at
//! `initialize` (as ruff's server does): a client that announces pull
//! diagnostics (`textDocument.diagnostic`) asks for them with
//! `textDocument/diagnostic` and is never sent `publishDiagnostics`; every
//! other client gets them pushed. Workers lint in both modes, so a pull
//! usually finds its answer ready; a pull that arrives before the worker is
//! done waits for the engine and returns the current revision's result. After
//! a configuration change a pull client is sent `workspace/diagnostic/refresh`
//! when it announced `workspace.diagnostics.refreshSupport`; when it did not,
//! nothing is sent at all (pushing would give it a second copy), and it sees
//! the new configuration's diagnostics at its next pull, which clients make
//! after every edit.
//!
//! Ordering is the whole game here. Notification handlers run concurrently,
//! so every `didChange` is applied under a `std::sync::Mutex` as the first
//! thing its handler does, before any `.await`; the lock is never held across
//! an `.await`. Linting happens in one worker task per document, woken by a
//! [`Notify`] whose single stored permit coalesces a burst of edits into one
//! lint of the newest text. A result is published only if the document has
//! not changed while it was computed, so a stale version is never published.
//!
//! Each document keeps a [`verbatim_core::Analysis`] beside its rope, so a
//! keystroke costs the lines it touched rather than a full parse. The
//! analysis sits behind its own async lock (the engine), held by whoever
//! lints or answers a request with it, so a long lint never stalls the
//! protocol loop. `didChange` records each change, in order and before any
//! `.await`: straight into the analysis when the engine is free, otherwise
//! into the document's change log, which the next engine holder replays
//! before it reads the text. Both happen under the documents lock, so the
//! analysis sees the changes in exactly the order the rope did.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use std::ops::Range;

use tokio::sync::{Mutex as AsyncMutex, Notify};
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};
use tower_lsp_server::Client;
use verbatim_core::{Analysis, Config};

use super::config::{self, ConfigStore, Notice};
use super::convert::Shown;
use super::document::Document;
use super::kept::EditLog;
use super::position::Encoding;
use super::publish::PublishedList;
use super::snapshot::{DocKind, LintResult, Snapshot};

mod configuration;

/// Requests to the client never wait longer than this.
pub const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// What the client told us it can do, read once at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct ClientFlags {
    /// The client pulls diagnostics: nothing is ever pushed to it.
    pub pull_diagnostics: bool,
    /// The client handles `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    pub watch_files_dynamically: bool,
    pub apply_edit: bool,
    /// Completion items may be snippets (a label's time as a placeholder).
    pub snippets: bool,
    /// What of a diagnostic the client shows.
    pub shown: Shown,
}

pub struct DocEntry {
    pub doc: Document,
    pub kind: DocKind,
    /// See [`opened_as_plain_text`].
    pub plain: bool,
    pub path: Option<PathBuf>,
    pub config_path: Option<PathBuf>,
    pub config: Arc<Config>,
    /// Bumped on every edit and every config change of this document.
    pub revision: u64,
    pub lint: Option<Arc<LintResult>>,
    /// The lint result `lint` replaced, left for the worker to drop once
    /// the new one is published: the findings of the rules that ran again
    /// are freed there, thousands of blocks on a draft with many findings,
    /// after the client has what it waits for rather than before.
    retired: Option<Arc<LintResult>>,
    /// The JSON of the outline of a revision: answered again as it is
    /// while the document stays at that revision (editors ask for it on
    /// every focus and cursor move); dropped at the next edit.
    outline: Option<(u64, Arc<Vec<u8>>)>,
    /// The revision whose diagnostics were last published.
    published: u64,
    /// The document's analysis and its copy of the text.
    engine: Arc<AsyncMutex<Engine>>,
    /// Changes made while the engine was busy, not yet in the analysis: the
    /// byte range in the text before the change, and the inserted text.
    changes: Vec<(Range<usize>, String)>,
    /// The analysis no longer fits the config: rebuild it.
    rebuild: bool,
    /// The first analysis, or the text it is to be built from; the
    /// engine's first holder takes it. Changes made meanwhile wait in
    /// `changes`.
    initial: Option<Initial>,
    kick: Arc<Notify>,
    worker: Option<JoinHandle<()>>,
}

/// Whether a document is one the client opened as plain text
/// (`plaintext` in VS Code, `text` in Neovim) and no name marks as a
/// transcript or a caption file. Editors may send every text file; such a
/// document is linted, and answered, only while the core reads it as a
/// transcript (`Transcript::is_transcript`), so the server stays silent on
/// READMEs, licences and notes. A document opened in the `transcript`
/// language (or any other) is linted whatever it holds, as before.
pub fn opened_as_plain_text(language_id: &str, path: Option<&Path>) -> bool {
    let named = path
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .map(str::to_lowercase)
        .is_some_and(|n| {
            [
                ".transcript",
                ".transcript.txt",
                ".transcript.md",
                ".vtt",
                ".srt",
            ]
            .iter()
            .any(|ext| n.ends_with(ext))
        });
    matches!(language_id, "plaintext" | "text") && !named
}

/// What the engine lock guards: `None` until built, or after a config change
/// or a panic, when the next holder builds it from the rope.
#[derive(Default)]
struct Engine(Option<Model>);

/// Texts from this size on get their first analysis on a thread of its
/// own, while the rope is built.
const ANALYSE_APART_FROM: usize = 256 * 1024;

/// A document's first model, from the text as opened.
enum Initial {
    /// To be built by the engine's first holder, from this text rather
    /// than a copy of the rope.
    Text(Arc<String>),
    Building(std::thread::JoinHandle<Model>),
}

/// The analysis and the text it describes, changed together. The core reads
/// a `&str`: keeping this copy current costs a move of the text after each
/// change, where copying the rope out for every lint costs the whole text,
/// read from scattered chunks.
struct Model {
    analysis: Analysis,
    text: String,
    /// The last lint of this model, and the edits made since: what lets
    /// the next lint reuse the conversions an edit left alone.
    last: Option<Arc<LintResult>>,
    log: EditLog,
}

impl Model {
    fn new(analysis: Analysis, text: String) -> Model {
        Model {
            analysis,
            text,
            last: None,
            log: EditLog::broken(),
        }
    }

    fn apply(&mut self, range: Range<usize>, inserted: &str) {
        self.log.record(&self.text, range.clone(), inserted);
        self.analysis.edit(range.clone(), inserted.len());
        self.text.replace_range(range, inserted);
    }

    /// Lints the snapshot's revision (whose text this model lent it),
    /// converting only what the edits since the last lint changed.
    fn lint(&mut self, snap: &Snapshot) -> Arc<LintResult> {
        let kept = self.last.take();
        let log = std::mem::replace(&mut self.log, EditLog::start());
        let analysis = &mut self.analysis;
        let plain = snap.plain;
        let result = Arc::new(snap.lint_with(
            |t, c| {
                // Plain text is linted only while it reads as a transcript:
                // a README costs the model, not every rule.
                if plain {
                    analysis.findings_if_transcript(t, c)
                } else {
                    Some(analysis.findings(t, c))
                }
            },
            kept.as_deref().map(|l| (&l.findings, &l.lsp)),
            &log,
        ));
        self.last = Some(result.clone());
        result
    }
}

impl DocEntry {
    /// Records one change for the analysis, in order: see the module notes.
    fn record(&mut self, range: Range<usize>, inserted: &str) {
        if self.initial.is_some() {
            // Kept even when rebuilding: they are also what tells the
            // engine's first holder that the opened text is out of date.
            self.changes.push((range, inserted.to_string()));
            return;
        }
        if self.rebuild {
            return;
        }
        match self.engine.try_lock() {
            Ok(mut engine) => {
                if let Some(model) = engine.0.as_mut() {
                    for (r, t) in self.changes.drain(..) {
                        model.apply(r, &t);
                    }
                    model.apply(range, inserted);
                } else {
                    self.changes.clear();
                }
            }
            Err(_) => self.changes.push((range, inserted.to_string())),
        }
    }

    /// Brings the engine holder's model up to date with the rope.
    fn catch_up(&mut self, slot: &mut Option<Model>) {
        let changes = std::mem::take(&mut self.changes);
        if std::mem::take(&mut self.rebuild) {
            *slot = None;
        } else if let Some(model) = slot.as_mut() {
            for (r, t) in changes {
                model.apply(r, &t);
            }
            if model.text.len() != self.doc.rope.len_bytes() {
                // Cannot happen while every change passes through here; if
                // it ever does, a rebuild beats linting the wrong text.
                tracing::error!("the analysed text drifted from the document; rebuilding");
                *slot = None;
            }
        }
    }

    fn snapshot(&self, uri: &Uri, enc: Encoding, shown: Shown) -> Snapshot {
        Snapshot {
            uri: uri.clone(),
            rope: self.doc.rope.clone(),
            text: String::new(),
            version: self.doc.version,
            revision: self.revision,
            kind: self.kind,
            plain: self.plain,
            config: self.config.clone(),
            enc,
            shown,
            lint: self.lint.clone(),
        }
    }
}

impl Drop for DocEntry {
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            w.abort();
        }
    }
}

pub struct Session {
    pub client: Client,
    docs: Mutex<HashMap<Uri, DocEntry>>,
    configs: Mutex<ConfigStore>,
    pub encoding: OnceLock<Encoding>,
    pub flags: OnceLock<ClientFlags>,
    pub roots: Mutex<Vec<PathBuf>>,
    pub shutdown_requested: AtomicBool,
    /// Messages for the user, to the one task that shows them: one after
    /// another, in the order they came, where a task per message could let
    /// a later one overtake an earlier one.
    notices: OnceLock<tokio::sync::mpsc::UnboundedSender<String>>,
    /// Whole frames to stdout: every `publishDiagnostics` goes this way
    /// (see [`super::publish`]).
    frames: tokio::sync::mpsc::Sender<super::outbox::Frame>,
}

/// Revisions are unique across documents and reopenings, so a pull
/// diagnostics `resultId` can never match a different text.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Locks a mutex even if a panicking handler poisoned it: every mutation
/// under these locks leaves the data consistent, and a server that stops
/// answering after one bad request is worse than one that carries on.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Session {
    pub fn new(client: Client, frames: tokio::sync::mpsc::Sender<super::outbox::Frame>) -> Session {
        Session {
            frames,
            client,
            docs: Mutex::new(HashMap::new()),
            configs: Mutex::new(ConfigStore::default()),
            encoding: OnceLock::new(),
            flags: OnceLock::new(),
            roots: Mutex::new(Vec::new()),
            shutdown_requested: AtomicBool::new(false),
            notices: OnceLock::new(),
        }
    }

    pub fn enc(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    pub fn flags(&self) -> ClientFlags {
        self.flags.get().cloned().unwrap_or_default()
    }

    /// The workspace folder holding `path`, or the first one.
    pub fn root_for(&self, path: Option<&Path>) -> Option<PathBuf> {
        let roots = lock(&self.roots);
        path.and_then(|p| roots.iter().find(|r| p.starts_with(r)).cloned())
            .or_else(|| roots.first().cloned())
    }

    fn resolve_config(&self, path: Option<&Path>) -> (Option<PathBuf>, Arc<Config>, Vec<Notice>) {
        let root = if path.is_none() {
            self.root_for(None)
        } else {
            None
        };
        let config_path = ConfigStore::discover(path, root.as_deref());
        let (config, notices) = lock(&self.configs).effective(config_path.as_deref());
        // The document's own configuration: its extension (which format
        // detection reads) and the `[[overrides]]` that match it.
        let config = match path {
            Some(path) => Arc::new(config.for_file(path)),
            None => config,
        };
        (config_path, config, notices)
    }

    /// Shows notices without waiting for the client: notification handlers
    /// must never block on it.
    pub fn show(&self, notices: Vec<Notice>) {
        if notices.is_empty() {
            return;
        }
        let shower = self.notices.get_or_init(|| {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
            let client = self.client.clone();
            tokio::spawn(async move {
                while let Some(message) = rx.recv().await {
                    client.show_message(MessageType::ERROR, message).await;
                }
            });
            tx
        });
        for Notice(message) in notices {
            tracing::warn!("{message}");
            let _ = shower.send(message);
        }
    }

    pub fn open(self: &Arc<Self>, params: lsp::DidOpenTextDocumentParams) {
        let mut item = params.text_document;
        let text = super::inbox::claim(std::mem::take(&mut item.text));
        let path = item.uri.to_file_path().map(|p| p.into_owned());
        let kind = if path.as_deref().is_some_and(config::is_config_file) {
            DocKind::ConfigFile
        } else {
            DocKind::Transcript
        };
        let plain = opened_as_plain_text(&item.language_id, path.as_deref());
        let (config_path, config, notices) = self.resolve_config(path.as_deref());
        // A large document's first analysis and its rope are built at once:
        // each reads the text, and the analysis is most of the wait for the
        // first diagnostics. The text moves into the analysis's model unless
        // the rope is still reading it. A small document is analysed by its
        // worker, as after any change: a thread the scheduler is slow to
        // start would cost more than it saves.
        let text = Arc::new(text);
        let initial = (kind == DocKind::Transcript).then(|| {
            if text.len() < ANALYSE_APART_FROM {
                return Initial::Text(text.clone());
            }
            let (text, config) = (text.clone(), config.clone());
            Initial::Building(std::thread::spawn(move || {
                Model::new(Analysis::new(&text, &config), Arc::unwrap_or_clone(text))
            }))
        });
        let doc = Document::new(&text, item.version);
        drop(text);
        let kick = Arc::new(Notify::new());
        let worker = tokio::spawn(worker(self.clone(), item.uri.clone(), kick.clone()));
        let entry = DocEntry {
            doc,
            kind,
            plain,
            path,
            config_path,
            config,
            revision: next_revision(),
            lint: None,
            outline: None,
            published: 0,
            retired: None,
            engine: Arc::new(AsyncMutex::new(Engine::default())),
            changes: Vec::new(),
            rebuild: false,
            initial,
            kick: kick.clone(),
            worker: Some(worker),
        };
        // A second open of the same URI replaces the first (and its worker).
        lock(&self.docs).insert(item.uri, entry);
        kick.notify_one();
        self.show(notices);
    }

    /// Applies a `didChange` synchronously. Called before any `.await`.
    pub fn change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let mut docs = lock(&self.docs);
        let Some(entry) = docs.get_mut(&uri) else {
            tracing::warn!(
                "didChange for a document that is not open: {}",
                uri.as_str()
            );
            return;
        };
        let entry = &mut *entry;
        let mut changes = Vec::new();
        let applied = entry.doc.apply_changes(
            params.text_document.version,
            params.content_changes,
            self.enc(),
            |range, inserted| changes.push((range, inserted.to_string())),
        );
        for (range, inserted) in changes {
            entry.record(range, &inserted);
        }
        match applied {
            Ok(()) => {
                entry.outline = None;
                entry.revision = next_revision();
                entry.kick.notify_one();
            }
            Err(e) => tracing::warn!("ignoring change to {}: {e:?}", uri.as_str()),
        }
    }

    pub async fn close(&self, uri: Uri) {
        let removed = lock(&self.docs).remove(&uri);
        if removed.is_none() {
            tracing::warn!("didClose for a document that is not open: {}", uri.as_str());
            return;
        }
        drop(removed);
        // Closed documents keep no diagnostics in the editor. A pull client
        // drops what it pulled for a closed document itself, and is never
        // sent `publishDiagnostics`.
        if !self.flags().pull_diagnostics {
            self.publish(&uri, None, PublishedList::Empty).await;
        }
    }

    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let docs = lock(&self.docs);
        let Some(e) = docs.get(uri) else {
            tracing::warn!("request for a document that is not open: {}", uri.as_str());
            return None;
        };
        let mut snap = e.snapshot(uri, self.enc(), self.flags().shown);
        drop(docs);
        // The rope clone shares its chunks; the one full copy a request pays
        // for is this string, which the core's `&str` API needs.
        snap.text = snap.rope.to_string();
        Some(snap)
    }

    /// Runs `f` with the document's analysis brought up to date: the one
    /// place that holds the engine. `None` when the document is not open or
    /// `f` panicked (logged; the analysis is rebuilt next time).
    ///
    /// The snapshot comes back with its text only when `keep_text` is set
    /// (a copy); otherwise the text stays with the engine.
    async fn analyse<R>(
        &self,
        uri: &Uri,
        what: &str,
        keep_text: bool,
        f: impl FnOnce(&Snapshot, &mut Model) -> R,
    ) -> Option<(Snapshot, R)> {
        let engine = match lock(&self.docs).get(uri) {
            Some(e) => e.engine.clone(),
            None => {
                tracing::warn!("{what} for a document that is not open: {}", uri.as_str());
                return None;
            }
        };
        let mut engine_guard = engine.lock().await;
        let slot = &mut engine_guard.0;
        let initial = match lock(&self.docs).get_mut(uri) {
            Some(e) if Arc::ptr_eq(&e.engine, &engine) => e.initial.take(),
            _ => None,
        };
        let mut initial_text = None;
        match initial {
            Some(Initial::Text(text)) => initial_text = Some(text),
            // A panic there is logged by the thread; the model is then
            // built from the rope below.
            Some(Initial::Building(thread)) => *slot = thread.join().ok(),
            None => {}
        }
        let mut snap = {
            let mut docs = lock(&self.docs);
            let e = docs.get_mut(uri)?;
            if !Arc::ptr_eq(&e.engine, &engine) {
                // Closed and reopened meanwhile: the new entry has its own.
                return None;
            }
            if !e.changes.is_empty()
                || initial_text
                    .as_ref()
                    .is_some_and(|t| t.len() != e.doc.rope.len_bytes())
            {
                // The opened text is out of date: the rope has the changes.
                initial_text = None;
            }
            e.catch_up(slot);
            e.snapshot(uri, self.enc(), self.flags().shown)
        };
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let model = slot.get_or_insert_with(|| {
                let text = match initial_text.take() {
                    Some(text) => Arc::unwrap_or_clone(text),
                    None => String::from(&snap.rope),
                };
                Model::new(Analysis::new(&text, &snap.config), text)
            });
            // Lent to the snapshot for the call, so handlers read `snap.text`.
            snap.text = std::mem::take(&mut model.text);
            let r = f(&snap, model);
            model.text = if keep_text {
                snap.text.clone()
            } else {
                std::mem::take(&mut snap.text)
            };
            r
        }));
        match out {
            Ok(r) => Some((snap, r)),
            Err(_) => {
                tracing::error!(
                    "{what} on {} (version {}) panicked",
                    uri.as_str(),
                    snap.version
                );
                *slot = None;
                None
            }
        }
    }

    /// A snapshot whose lint result is current for its revision: the cached
    /// one when the worker has caught up, computed with the analysis (and
    /// cached) otherwise. A lint already running (the worker's) is waited
    /// for rather than repeated. The snapshot's text is filled in only when
    /// `keep_text` is set.
    pub async fn linted(&self, uri: &Uri, keep_text: bool) -> Option<Snapshot> {
        {
            let docs = lock(&self.docs);
            let e = docs.get(uri)?;
            let cached = e.lint.clone().filter(|l| l.revision == e.revision);
            if cached.is_some() || e.kind == DocKind::ConfigFile {
                let mut snap = e.snapshot(uri, self.enc(), self.flags().shown);
                drop(docs);
                if keep_text || cached.is_none() {
                    snap.text = snap.rope.to_string();
                }
                let result = match cached {
                    Some(result) => result,
                    None => {
                        let result = snap.lint();
                        self.store(uri, &result);
                        result
                    }
                };
                snap.lint = Some(result);
                return Some(snap);
            }
        }
        let (mut snap, result) = self
            .analyse(uri, "lint", keep_text, |snap, model| {
                // Whoever held the engine before may have linted this very
                // revision (the worker, or another request).
                if let Some(done) = snap.lint.as_ref().filter(|l| l.revision == snap.revision) {
                    return done.clone();
                }
                model.lint(snap)
            })
            .await?;
        self.store(uri, &result);
        snap.lint = Some(result);
        Some(snap)
    }

    /// Runs `f` over the current model of the document, parsed incrementally.
    pub async fn with_model<R>(
        &self,
        uri: &Uri,
        what: &str,
        f: impl FnOnce(&Snapshot, &verbatim_core::Transcript) -> R,
    ) -> Option<R> {
        self.analyse(uri, what, false, |snap, model| {
            model
                .analysis
                .with_transcript(&snap.text, &snap.config, |doc| f(snap, doc))
        })
        .await
        .map(|(_, r)| r)
    }

    /// The outline kept for the document's current revision, if any.
    pub fn kept_outline(&self, uri: &Uri) -> Option<Arc<Vec<u8>>> {
        let docs = lock(&self.docs);
        let e = docs.get(uri)?;
        e.outline
            .as_ref()
            .filter(|(revision, _)| *revision == e.revision)
            .map(|(_, json)| json.clone())
    }

    /// Keeps the outline of `revision` if the document is still at it.
    pub fn keep_outline(&self, uri: &Uri, revision: u64, json: Arc<Vec<u8>>) {
        if let Some(e) = lock(&self.docs).get_mut(uri) {
            if e.revision == revision {
                e.outline = Some((revision, json));
            }
        }
    }

    /// Hands a whole frame to stdout. Fails only once the writer has
    /// stopped, at exit.
    pub async fn send(&self, frame: Vec<u8>) {
        self.send_frame(frame.into()).await;
    }

    /// Hands a whole frame, perhaps in parts, to stdout.
    pub async fn send_frame(&self, frame: super::outbox::Frame) {
        let _ = self.frames.send(frame).await;
    }

    /// Stores a lint result if the document is still at that revision.
    /// Returns whether it was current (and so may be published).
    fn store(&self, uri: &Uri, result: &Arc<LintResult>) -> bool {
        let mut docs = lock(&self.docs);
        match docs.get_mut(uri) {
            Some(e) if e.revision == result.revision => {
                let old = e.lint.replace(result.clone());
                // One retired before and not yet dropped by the worker (a
                // request linted between two of its rounds) is dropped
                // here, under the lock, as every result was.
                e.retired = old;
                true
            }
            _ => false,
        }
    }

    /// Whether `result` is still current and not yet published; if so, it is
    /// marked published.
    fn claim_publish(&self, uri: &Uri, result: &LintResult) -> bool {
        let mut docs = lock(&self.docs);
        match docs.get_mut(uri) {
            Some(e) if e.revision == result.revision && e.published != result.revision => {
                e.published = result.revision;
                true
            }
            _ => false,
        }
    }

    /// Sends `publishDiagnostics` for `uri`. Publishes of one document go
    /// out in the order of these calls.
    async fn publish(&self, uri: &Uri, version: Option<i32>, diagnostics: PublishedList) {
        let frame = super::publish::frame(uri, version, diagnostics);
        // Fails only once the writer has stopped, at exit.
        let _ = self.frames.send(frame).await;
    }

    /// Is `uri` open as a `verbatim.toml` (rather than a transcript)?
    pub fn is_config_doc(&self, uri: &Uri) -> bool {
        lock(&self.docs)
            .get(uri)
            .is_some_and(|e| e.kind == DocKind::ConfigFile)
    }
}

/// Lints `uri` whenever kicked and, for a client that does not pull,
/// publishes the results that are still current. For a pull client it only
/// lints, so that its next `textDocument/diagnostic` finds the result ready.
/// Ends when the document closes.
///
/// Linted right here, on a runtime thread: the other runtime thread keeps
/// reading and recording edits meanwhile. Moving big lints to
/// `block_in_place` was measured: it spreads allocations over more malloc
/// arenas and raised peak RSS severalfold on a large document.
async fn worker(session: Arc<Session>, uri: Uri, kick: Arc<Notify>) {
    let push = !session.flags().pull_diagnostics;
    loop {
        kick.notified().await;
        let cached = match lock(&session.docs).get(&uri) {
            Some(e) => e.lint.clone().filter(|l| l.revision == e.revision),
            None => return,
        };
        let result = match cached {
            Some(r) => r,
            None => match session.linted(&uri, false).await.and_then(|s| s.lint) {
                Some(r) => r,
                None => continue,
            },
        };
        if push && session.claim_publish(&uri, &result) {
            session
                .publish(
                    &uri,
                    Some(result.version),
                    PublishedList::Of(result.clone()),
                )
                .await;
        }
        let retired = lock(&session.docs)
            .get_mut(&uri)
            .and_then(|e| e.retired.take());
        drop(retired);
    }
}
