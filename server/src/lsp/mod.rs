//! The language server front end: `verbatim server`, LSP over stdio.
//!
//! Layers, each depending only on those below it:
//! - `inbox`: stdin, framed and checked so the transport sees only
//!   well-formed messages, with large `didOpen` texts decoded once, off the
//!   runtime; `outbox`: stdout, whole frames from the transport and the
//!   inbox's answers to what it could not deliver;
//! - `position`: every byte offset <-> LSP position conversion;
//! - `document`: ropes and incremental edits;
//! - `config`: editor settings and `verbatim.toml`, layered per document;
//! - `convert`: core diagnostics and edits to LSP values;
//! - `publish`: `publishDiagnostics` frames from kept JSON, to the outbox;
//! - `direct`: the requests answered with frames of the server's own (the
//!   outline, pulled diagnostics), forwarded by the inbox in their place;
//! - `snapshot`: one document as a request handler sees it, and its lint;
//! - `session`: open documents, lint workers, publishing;
//! - `handlers`: one file per LSP feature;
//! - `server`: the `LanguageServer` trait, which only dispatches.
//!
//! stdout carries the protocol and nothing else; logs go to stderr.

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::{LspService, Server as Transport};

pub mod config;
pub mod convert;
pub mod direct;
pub mod document;
pub mod handlers;
pub mod inbox;
pub mod kept;
pub mod outbox;
pub mod position;
pub mod publish;
pub mod server;
pub mod session;
pub mod snapshot;

#[derive(clap::Args)]
pub struct ServerArgs {
    /// Log level for stderr: error, warn, info, debug, trace. Overrides `VERBATIM_LOG`.
    #[arg(long)]
    pub log_level: Option<String>,
}

fn init_logging(level: Option<&str>) {
    use tracing_subscriber::EnvFilter;
    let spec = level
        .map(str::to_string)
        .or_else(|| std::env::var("VERBATIM_LOG").ok())
        .unwrap_or_else(|| "warn".into());
    let filter = EnvFilter::try_new(&spec).unwrap_or_else(|e| {
        eprintln!("verbatim server: bad log level `{spec}` ({e}); using `warn`");
        EnvFilter::new("warn")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// Two malloc arenas for the whole server, set before any thread starts.
/// glibc gives each thread that allocates while another holds an arena
/// one of its own, up to eight per core, and keeps what is freed in each
/// for that arena's later use: the server's threads (the async runtime's,
/// the linter's workers, the stdout writer) each free a large document's
/// model, findings or outline in turn, and the same memory was held several
/// times over (a 21 MB transcript: about 125 MB at its peak against 115 MB
/// with two arenas, BENCHMARKS.md section 11). Two cores do the work: two
/// arenas are seldom contended.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a malloc parameter, and this runs on the
    // main thread before any other thread exists, so nothing allocates
    // while it changes. A refusal (0) leaves glibc's default: nothing else
    // depends on it.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

pub fn run(args: ServerArgs) -> ExitCode {
    limit_malloc_arenas();
    init_logging(args.log_level.as_deref());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("verbatim server: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let out = match outbox::stdout() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("verbatim server: cannot write to stdout: {e}");
            return ExitCode::from(2);
        }
    };
    let clean_exit = runtime.block_on(async {
        let debug = std::env::var_os("VERBATIM_LSP_DEBUG").is_some();
        // The outbox first: publishes bypass the transport (see `publish`)
        // and go to the outbox's frame sender.
        let (stdout, frames, writer) = outbox::spawn(out);
        let publisher = frames.clone();
        // Shared by the inbox, which forwards the requests answered
        // directly, and the server, which answers them.
        let direct = Arc::new(direct::Direct::new());
        let answerer = direct.clone();
        let mut builder = LspService::build(move |client| {
            server::Server::new(client, publisher.clone(), answerer.clone())
        })
        .custom_method(
            direct::FORWARDED_SYMBOLS,
            server::Server::forwarded_document_symbol,
        )
        .custom_method(
            direct::FORWARDED_DIAGNOSTIC,
            server::Server::forwarded_diagnostic,
        );
        if debug {
            builder = builder
                .custom_method("verbatim/debug/document", server::Server::debug_document)
                .custom_method("verbatim/debug/panic", server::Server::debug_panic);
        }
        let (service, socket) = builder.finish();
        let session = service.inner().session.clone();
        Transport::new(
            inbox::Inbox::spawn(std::io::stdin(), frames, direct),
            stdout,
            socket,
        )
        .serve(service)
        .await;
        writer.finish().await;
        session.shutdown_requested.load(Ordering::SeqCst)
    });
    // The stdin reader sits in a blocking read that would hold a normal
    // runtime shutdown forever.
    runtime.shutdown_background();
    // The protocol: exit code 0 after `shutdown` then `exit`, 1 for `exit`
    // alone (or the client vanishing).
    if clean_exit {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
