//! The `LanguageServer` implementation: capability negotiation, and one thin
//! method per LSP message that hands over to `handlers` or the session.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Id, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::config::{self, EditorSettings};
use super::direct::{self, Direct, Forwarded};
use super::handlers::{self, execute_command as cmd, guard};
use super::position::Encoding;
use super::session::{lock, ClientFlags, Session, CLIENT_TIMEOUT};
use super::snapshot::Snapshot;
use verbatim_core::Transcript;

pub struct Server {
    pub session: Arc<Session>,
    /// The requests the inbox forwards for a direct answer (see `direct`).
    direct: Arc<Direct>,
}

impl Server {
    /// `frames` takes whole frames to stdout (the outbox's sender);
    /// `direct` is shared with the inbox.
    pub fn new(
        client: Client,
        frames: tokio::sync::mpsc::Sender<super::outbox::Frame>,
        direct: Arc<Direct>,
    ) -> Server {
        Server {
            session: Arc::new(Session::new(client, frames)),
            direct,
        }
    }

    /// Answers a forwarded request with the JSON text of its result, unless
    /// it was cancelled meanwhile (and so answered already).
    async fn answer(&self, id: &Id, result: Result<direct::Answer>) {
        if !self.direct.take(id) {
            return;
        }
        let frame = match result {
            Ok(answer) => answer.frame(id),
            Err(e) => direct::error_frame(id, &e).into(),
        };
        self.session.send_frame(frame).await;
    }

    /// `textDocument/documentSymbol`, forwarded by the inbox: the outline
    /// of the document's current revision, answered from the one kept for
    /// that revision when there is one, written straight to JSON.
    pub async fn forwarded_document_symbol(&self, request: Forwarded<DocumentSymbolParams>) {
        if !self.direct.is_pending(&request.id) {
            return;
        }
        let uri = &request.params.text_document.uri;
        let result = match self.session.kept_outline(uri) {
            Some(json) => Ok(json),
            None => self
                .with_model(uri, "documentSymbol", |snap, doc| {
                    let json = handlers::symbols::document_symbols_json(snap, doc);
                    Ok(Some((snap.revision, Arc::new(json))))
                })
                .await
                .map(|answer| match answer {
                    Some((revision, json)) => {
                        self.session.keep_outline(uri, revision, json.clone());
                        json
                    }
                    None => Arc::new(b"null".to_vec()),
                }),
        };
        self.answer(&request.id, result.map(direct::Answer::shared))
            .await;
    }

    /// `textDocument/diagnostic`, forwarded by the inbox: as
    /// [`LanguageServer::diagnostic`], with the items joined from their
    /// kept JSON.
    pub async fn forwarded_diagnostic(&self, request: Forwarded<DocumentDiagnosticParams>) {
        if !self.direct.is_pending(&request.id) {
            return;
        }
        let params = &request.params;
        let result = match self.session.linted(&params.text_document.uri, false).await {
            Some(snap) => guard("diagnostic", || {
                Ok(handlers::diagnostics::diagnostic_json(
                    &snap,
                    params.previous_result_id.as_deref(),
                ))
            }),
            None => Ok(direct::Answer::whole(
                serde_json::to_vec(&not_open_report()).expect("a report serialises"),
            )),
        };
        self.answer(&request.id, result).await;
    }

    fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        self.session.snapshot(uri)
    }

    /// Answers a request from the document's current model, parsed
    /// incrementally; `Ok(None)` when the document is not open. A panic in
    /// `f` is caught and logged, and answered with an error.
    async fn with_model<T>(
        &self,
        uri: &Uri,
        method: &str,
        f: impl FnOnce(&Snapshot, &Transcript) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let answer = self
            .session
            .with_model(uri, method, |snap, doc| {
                // Plain text that is not a transcript gets no hover, no
                // outline, no tokens: the server stays silent on it.
                if snap.plain && !doc.is_transcript() {
                    return Ok(None);
                }
                guard(method, || f(snap, doc))
            })
            .await;
        answer.unwrap_or(Ok(None))
    }

    /// `verbatim/debug/document`: the server's copy of a document, for tests
    /// that check incremental sync. Registered only with `VERBATIM_LSP_DEBUG`.
    pub async fn debug_document(&self, params: TextDocumentIdentifier) -> Result<Value> {
        let snap = self
            .snapshot(&params.uri)
            .ok_or_else(|| Error::invalid_params("document is not open"))?;
        Ok(json!({"version": snap.version, "text": snap.text}))
    }

    /// `verbatim/debug/panic`: panics inside a request handler, so tests can
    /// check the server survives it. Registered only with `VERBATIM_LSP_DEBUG`.
    pub async fn debug_panic(&self) -> Result<Value> {
        guard("verbatim/debug/panic", || -> Result<Value> {
            panic!("requested by verbatim/debug/panic")
        })
    }
}

/// The pull report for a document that is not open: nothing to report, and
/// nothing to retry.
fn not_open_report() -> DocumentDiagnosticReportResult {
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport::default(),
    ))
}

fn watched_files_registration() -> Registration {
    let watcher = |glob: &str| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    };
    Registration {
        id: "verbatim-config-watcher".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: Some(
            serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![watcher("**/verbatim.toml"), watcher("**/.verbatim.toml")],
            })
            .expect("registration options serialize"),
        ),
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // Off the protocol's path: ready before the first document arrives.
        std::thread::spawn(verbatim_core::prepare);
        let caps = &params.capabilities;
        let enc = Encoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let _ = self.session.encoding.set(enc);
        // Pull or push, never both: a client that can pull is served pulls
        // only (see `session`).
        let flags = ClientFlags {
            pull_diagnostics: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch_files_dynamically: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            apply_edit: caps
                .workspace
                .as_ref()
                .and_then(|w| w.apply_edit)
                .unwrap_or(false),
            snippets: caps
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            shown: super::convert::Shown::of(caps),
        };
        let _ = self.session.flags.set(flags.clone());

        let mut roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)] // Older clients send only `rootUri`.
        if roots.is_empty() {
            roots.extend(
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path().map(|p| p.into_owned())),
            );
        }
        *lock(&self.session.roots) = roots;

        if let Some(options) = &params.initialization_options {
            match EditorSettings::from_value(options) {
                Ok(settings) => self.session.set_settings(settings),
                Err(e) => tracing::warn!("initializationOptions: {e}"),
            }
        }
        tracing::info!("initialized with {enc:?} positions, {flags:?}");

        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "verbatim".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(enc.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["(".into(), "[".into()]),
                    ..Default::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: handlers::semantic_tokens::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            work_done_progress_options: Default::default(),
                        },
                    ),
                ),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            handlers::code_action::fix_all_kind(),
                        ]),
                        resolve_provider: Some(false),
                        work_done_progress_options: Default::default(),
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: cmd::COMMANDS.iter().map(|c| c.to_string()).collect(),
                    work_done_progress_options: Default::default(),
                }),
                diagnostic_provider: flags.pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("verbatim".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: Default::default(),
                    })
                }),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.session.flags().watch_files_dynamically {
            // A request to the client: never awaited inside the handler.
            let client = self.session.client.clone();
            tokio::spawn(async move {
                let register = client.register_capability(vec![watched_files_registration()]);
                match tokio::time::timeout(CLIENT_TIMEOUT, register).await {
                    Ok(Ok(())) => tracing::info!("watching verbatim.toml files"),
                    Ok(Err(e)) => tracing::warn!("could not watch config files: {e}"),
                    Err(_) => tracing::warn!("client did not answer the watcher registration"),
                }
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.session
            .shutdown_requested
            .store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let _ = guard("didOpen", || {
            self.session.open(params);
            Ok(())
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronously, before any `.await`: see `session`.
        let _ = guard("didChange", || {
            self.session.change(params);
            Ok(())
        });
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // A saved `verbatim.toml` changed on disk: reload it.
        if self.session.is_config_doc(&params.text_document.uri) {
            if let Some(path) = params.text_document.uri.to_file_path() {
                self.session.refresh_configs(&[path.into_owned()]);
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.session.close(params.text_document.uri).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match EditorSettings::from_change(&params.settings) {
            Ok(Some(settings)) => self.session.set_settings(settings),
            Ok(None) => tracing::debug!("didChangeConfiguration without verbatim settings"),
            Err(e) => self
                .session
                .show(vec![config::Notice(format!("verbatim: {e}"))]),
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changed: Vec<std::path::PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
            .filter(|p| config::is_config_file(p))
            .collect();
        if !changed.is_empty() {
            tracing::info!("config files changed: {changed:?}");
            self.session.refresh_configs(&changed);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.with_model(&p.text_document.uri, "hover", |snap, doc| {
            Ok(handlers::hover::hover(snap, doc, p.position))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let snippets = self.session.flags().snippets;
        self.with_model(&p.text_document.uri, "completion", |snap, doc| {
            let items = handlers::completion::completion(snap, doc, p.position, snippets);
            Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.with_model(&p.text_document.uri, "definition", |snap, doc| {
            Ok(handlers::definition::definition(snap, doc, p.position))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let include_declaration = params.context.include_declaration;
        self.with_model(&p.text_document.uri, "references", |snap, doc| {
            let locations =
                handlers::references::references(snap, doc, p.position, include_declaration);
            Ok((!locations.is_empty()).then_some(locations))
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.with_model(&params.text_document.uri, "prepareRename", |snap, doc| {
            Ok(handlers::rename::prepare_rename(snap, doc, params.position))
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        self.with_model(&p.text_document.uri, "rename", |snap, doc| {
            handlers::rename::rename(snap, doc, p.position, &params.new_name)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.with_model(&params.text_document.uri, "documentSymbol", |snap, doc| {
            Ok(Some(DocumentSymbolResponse::Nested(
                handlers::symbols::document_symbols(snap, doc),
            )))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.with_model(&params.text_document.uri, "foldingRange", |snap, doc| {
            Ok(Some(handlers::folding::folding_ranges(snap, doc)))
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.with_model(&params.text_document.uri, "semanticTokens", |snap, doc| {
            Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
                result_id: None,
                data: handlers::semantic_tokens::semantic_tokens(snap, doc),
            })))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snap) = self.session.linted(&params.text_document.uri, true).await else {
            return Ok(None);
        };
        guard("codeAction", || {
            Ok(Some(handlers::code_action::code_action(&snap, &params)))
        })
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        // Every change made before this request is in the document by now
        // (see `session`), so this is the current revision's result, waited
        // for when its lint is still running.
        let Some(snap) = self.session.linted(&params.text_document.uri, false).await else {
            return Ok(not_open_report());
        };
        guard("diagnostic", || {
            Ok(handlers::diagnostics::diagnostic(
                &snap,
                params.previous_result_id.as_deref(),
            ))
        })
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            cmd::ADD_KNOWN_NAME => {
                let args: cmd::AddKnownNameArgs =
                    cmd::parse_args(cmd::ADD_KNOWN_NAME, &params.arguments)?;
                let (doc_path, config_path) = match self.session.config_path_of(&args.uri) {
                    Some(paths) => paths,
                    None => {
                        let p = args.uri.to_file_path().map(|p| p.into_owned());
                        let c = p.as_deref().and_then(verbatim_core::config::discover);
                        (p, c)
                    }
                };
                let root = self.session.root_for(doc_path.as_deref());
                let target = cmd::target_config(
                    doc_path.as_deref(),
                    config_path.as_deref(),
                    root.as_deref(),
                )
                .ok_or_else(|| {
                    Error::invalid_params("no folder to put verbatim.toml in for this document")
                })?;
                let changed = guard(cmd::ADD_KNOWN_NAME, || {
                    config::add_known_name(&target, &args.name).map_err(|message| {
                        let mut e = Error::internal_error();
                        e.message = message.into();
                        e
                    })
                });
                let changed = match changed {
                    Ok(c) => c,
                    Err(e) => {
                        self.session
                            .show(vec![config::Notice(format!("verbatim: {}", e.message))]);
                        return Err(e);
                    }
                };
                self.session.refresh_configs(std::slice::from_ref(&target));
                Ok(Some(json!({
                    "configPath": target.to_string_lossy(),
                    "changed": changed,
                })))
            }
            cmd::FIX_ALL => {
                let args: cmd::FixAllArgs = cmd::parse_args(cmd::FIX_ALL, &params.arguments)?;
                let Some(snap) = self.snapshot(&args.uri) else {
                    return Err(Error::invalid_params("document is not open"));
                };
                let edit = guard(cmd::FIX_ALL, || {
                    Ok(handlers::code_action::fix_all_edit(&snap))
                })?;
                let Some(edit) = edit else {
                    return Ok(Some(json!({"applied": false})));
                };
                if !self.session.flags().apply_edit {
                    return Err(Error::invalid_request());
                }
                let apply = self.session.client.apply_edit(edit);
                match tokio::time::timeout(CLIENT_TIMEOUT, apply).await {
                    Ok(Ok(r)) => Ok(Some(json!({"applied": r.applied}))),
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(Error::request_cancelled()),
                }
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}
