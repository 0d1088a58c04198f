//! Configuration changes while documents are open: which config file
//! governs each document, re-reading them, and getting the new diagnostics
//! to the client in its own mode (pushed by the workers, or pulled again
//! after `workspace/diagnostic/refresh`).

use std::path::PathBuf;

use super::{config, lock, next_revision, Session, CLIENT_TIMEOUT};
use tower_lsp_server::ls_types::Uri;

impl Session {
    /// The config file governing an open document, if any.
    pub fn config_path_of(&self, uri: &Uri) -> Option<(Option<PathBuf>, Option<PathBuf>)> {
        let docs = lock(&self.docs);
        docs.get(uri)
            .map(|e| (e.path.clone(), e.config_path.clone()))
    }

    /// After settings or a config file changed: re-discover each document's
    /// config file (one may have appeared or gone), rebuild configs, and
    /// re-lint everything.
    pub fn refresh_configs(&self, changed_files: &[PathBuf]) {
        let mut notices = Vec::new();
        {
            let mut store = lock(&self.configs);
            for path in changed_files {
                notices.extend(store.reload(path));
            }
        }
        let targets: Vec<(Uri, Option<PathBuf>)> = lock(&self.docs)
            .iter()
            .map(|(u, e)| (u.clone(), e.path.clone()))
            .collect();
        let mut resolved = Vec::with_capacity(targets.len());
        for (uri, path) in targets {
            let (config_path, config, n) = self.resolve_config(path.as_deref());
            notices.extend(n);
            resolved.push((uri, config_path, config));
        }
        let mut docs = lock(&self.docs);
        for (uri, config_path, config) in resolved {
            if let Some(e) = docs.get_mut(&uri) {
                e.config_path = config_path;
                e.config = config;
                e.revision = next_revision();
                e.outline = None;
                e.rebuild = true;
                e.changes.clear();
                e.kick.notify_one();
            }
        }
        let any_open = !docs.is_empty();
        drop(docs);
        self.show(notices);
        if any_open {
            self.refresh_pulled_diagnostics();
        }
    }

    /// After a configuration change: a push client gets the new diagnostics
    /// from the workers; a pull client that handles refreshes is asked to
    /// pull again. One that does not is sent nothing, and sees them at its
    /// next pull (see the module notes).
    fn refresh_pulled_diagnostics(&self) {
        let flags = self.flags();
        if !flags.pull_diagnostics {
            return;
        }
        if !flags.diagnostic_refresh {
            tracing::debug!("config changed; the client cannot be asked to pull again");
            return;
        }
        // A request to the client, from a handler: never awaited in it. The
        // revisions are already bumped, so the pulls it causes see the new
        // configuration.
        let client = self.client.clone();
        tokio::spawn(async move {
            let refresh = client.workspace_diagnostic_refresh();
            match tokio::time::timeout(CLIENT_TIMEOUT, refresh).await {
                Ok(Ok(())) => tracing::debug!("asked the client to pull diagnostics again"),
                Ok(Err(e)) => tracing::warn!("workspace/diagnostic/refresh failed: {e}"),
                Err(_) => tracing::warn!("client did not answer workspace/diagnostic/refresh"),
            }
        });
    }

    pub fn set_settings(&self, settings: config::EditorSettings) {
        let notices = lock(&self.configs).set_settings(settings);
        self.show(notices);
        self.refresh_configs(&[]);
    }
}
