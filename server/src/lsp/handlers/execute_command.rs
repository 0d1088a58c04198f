//! `workspace/executeCommand`. The server does the work itself, so the
//! commands behave the same in every editor, with no client-side code:
//!
//! - `verbatim.addKnownName` with `[{"uri": "<document uri>", "name": "<name>"}]`
//!   adds the name to `known-names` in the `verbatim.toml` that governs the
//!   document (creating one at the workspace root, or beside the document,
//!   when there is none), then reloads the config and re-lints.
//! - `verbatim.fixAll` with `[{"uri": "<document uri>"}]` applies every safe
//!   fix through `workspace/applyEdit`.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::Uri;

pub const ADD_KNOWN_NAME: &str = "verbatim.addKnownName";
pub const FIX_ALL: &str = "verbatim.fixAll";
pub const COMMANDS: [&str; 2] = [ADD_KNOWN_NAME, FIX_ALL];

#[derive(Debug, Deserialize)]
pub struct AddKnownNameArgs {
    pub uri: Uri,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct FixAllArgs {
    pub uri: Uri,
}

/// The first argument, in the shape the command documents.
pub fn parse_args<T: DeserializeOwned>(command: &str, args: &[Value]) -> Result<T> {
    let first = args
        .first()
        .ok_or_else(|| Error::invalid_params(format!("{command} needs one argument object")))?;
    serde_json::from_value(first.clone())
        .map_err(|e| Error::invalid_params(format!("{command}: bad argument: {e}")))
}

/// Which file `verbatim.addKnownName` edits: the governing config file when
/// there is one; otherwise a new `verbatim.toml` in the workspace folder that
/// holds the document, or beside the document.
pub fn target_config(
    doc_path: Option<&Path>,
    config_path: Option<&Path>,
    root: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(p) = config_path {
        return Some(p.to_path_buf());
    }
    let dir = root
        .map(Path::to_path_buf)
        .or_else(|| doc_path.and_then(Path::parent).map(Path::to_path_buf))?;
    Some(dir.join("verbatim.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_documented_argument_shape() {
        let a: AddKnownNameArgs = parse_args(
            ADD_KNOWN_NAME,
            &[json!({"uri": "file:///w/a.txt", "name": "Robin"})],
        )
        .unwrap();
        assert_eq!(a.name, "Robin");
        assert_eq!(a.uri.as_str(), "file:///w/a.txt");
        assert!(parse_args::<FixAllArgs>(FIX_ALL, &[]).is_err());
        assert!(parse_args::<FixAllArgs>(FIX_ALL, &[json!({"url": "x"})]).is_err());
    }

    #[test]
    fn target_prefers_the_governing_file_then_root_then_directory() {
        let doc = Path::new("/w/sub/a.txt");
        assert_eq!(
            target_config(
                Some(doc),
                Some(Path::new("/w/.verbatim.toml")),
                Some(Path::new("/w"))
            ),
            Some(PathBuf::from("/w/.verbatim.toml"))
        );
        assert_eq!(
            target_config(Some(doc), None, Some(Path::new("/w"))),
            Some(PathBuf::from("/w/verbatim.toml"))
        );
        assert_eq!(
            target_config(Some(doc), None, None),
            Some(PathBuf::from("/w/sub/verbatim.toml"))
        );
        assert_eq!(target_config(None, None, None), None);
    }
}
