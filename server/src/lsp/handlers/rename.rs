//! `textDocument/prepareRename` and `textDocument/rename`: renaming a speaker
//! label renames every label of that speaker.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, PrepareRenameResponse, TextEdit, WorkspaceEdit};
use verbatim_core::model::{Element, LabelForm, Transcript};

use crate::lsp::snapshot::Snapshot;

pub fn prepare_rename(
    snap: &Snapshot,
    doc: &Transcript,
    pos: Position,
) -> Option<PrepareRenameResponse> {
    match doc.element_at(snap.offset(pos))? {
        // A mark (`Q`, `A`) names nobody: there is no name to rename.
        Element::Label(i) if doc.turns[i].label.form != LabelForm::Mark => {
            let label = &doc.turns[i].label;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: snap.range(label.range.clone()),
                placeholder: doc.slice(&label.range).to_string(),
            })
        }
        _ => None,
    }
}

pub fn rename(
    snap: &Snapshot,
    doc: &Transcript,
    pos: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>> {
    let new_name = new_name.trim();
    if new_name.is_empty() || new_name.contains([':', '\n', '\r']) {
        return Err(Error::invalid_params(
            "a speaker label needs a name without colons or line breaks",
        ));
    }
    let Some(Element::Label(i)) = doc.element_at(snap.offset(pos)) else {
        return Ok(None);
    };
    if doc.turns[i].label.form == LabelForm::Mark {
        return Ok(None);
    }
    let key = &doc.turns[i].label.key;
    // The speaker's marks (`Q` for the examiner) stand for the name and are
    // not written with it: they stay as they are.
    let edits: Vec<TextEdit> = doc
        .turns
        .iter()
        .filter(|t| &t.label.key == key && t.label.form != LabelForm::Mark)
        .map(|t| TextEdit {
            range: snap.range(t.label.range.clone()),
            new_text: new_name.to_string(),
        })
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
        ..Default::default()
    }))
}
