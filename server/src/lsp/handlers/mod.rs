//! One file per LSP feature. Each handler is a plain function over a
//! [`Snapshot`](super::snapshot::Snapshot): it parses the model or reads the
//! lint result, and converts. None holds rule logic.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod execute_command;
pub mod folding;
pub mod hover;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod symbols;

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc::{Error, Result};

/// Runs a request handler, turning a panic into an error response so one
/// bad request never takes the server (and the user's diagnostics) down.
pub fn guard<T>(method: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!("{method} panicked: {what}");
            let mut e = Error::internal_error();
            e.message = format!("verbatim: {method} failed: {what}").into();
            Err(e)
        }
    }
}
