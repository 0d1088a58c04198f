//! `textDocument/codeAction`: a quick fix per diagnostic, "fix all of this
//! rule", `source.fixAll.verbatim`, and "add to known names".

use std::collections::HashMap;

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, TextEdit,
    WorkspaceEdit,
};
use verbatim_core::fix::apply_edits;
use verbatim_core::fix_all::select_fixes;
use verbatim_core::rules::Rule;
use verbatim_core::Diagnostic;

use super::execute_command::ADD_KNOWN_NAME;
use crate::lsp::convert;
use crate::lsp::snapshot::{DocKind, Snapshot};

/// `source.fixAll.verbatim`: every safe fix, as editors run on save.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.verbatim")
}

fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    match only {
        None => true,
        // `only` lists hierarchical prefixes: `source` covers `source.fixAll`.
        Some(kinds) => kinds.iter().any(|k| {
            let (k, kind) = (k.as_str(), kind.as_str());
            kind == k || kind.starts_with(&format!("{k}."))
        }),
    }
}

fn edit(snap: &Snapshot, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
        ..Default::default()
    }
}

/// The whole-document safe-fix result as one minimal edit, or `None` when
/// nothing is fixable.
pub fn fix_all_edit(snap: &Snapshot) -> Option<WorkspaceEdit> {
    if snap.kind != DocKind::Transcript || snap.lint().silent {
        return None;
    }
    let outcome = verbatim_core::fix(&snap.text, &snap.config, false);
    let e = convert::minimal_edit(&snap.text, &outcome.text)?;
    Some(edit(
        snap,
        vec![convert::text_edit(&snap.rope, &e, snap.enc)],
    ))
}

pub fn code_action(snap: &Snapshot, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let only = params.context.only.as_deref();
    let mut out = Vec::new();
    if snap.kind != DocKind::Transcript {
        return out;
    }
    let lint = snap.lint();
    let quickfix = CodeActionKind::QUICKFIX;
    if wanted(only, &quickfix) {
        let mut rules_here: Vec<Rule> = Vec::new();
        let wanted = snap.offset(params.range.start)..snap.offset(params.range.end);
        for d in &lint.findings.touching(wanted) {
            let lsp_diag = convert::diagnostic(&snap.rope, &snap.uri, d, snap.enc, snap.shown);
            let add_name = (d.rule.meta().offers_known_name)
                .then(|| snap.text[d.range.clone()].trim().to_string())
                .filter(|n| !n.is_empty());
            let alternatives = usize::from(d.fix.is_some()) + usize::from(add_name.is_some());
            if let Some(fix) = &d.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| convert::text_edit(&snap.rope, e, snap.enc))
                    .collect();
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.message.clone(),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![lsp_diag.clone()]),
                    edit: Some(edit(snap, edits)),
                    is_preferred: Some(alternatives == 1),
                    ..Default::default()
                }));
                if !rules_here.contains(&d.rule) {
                    rules_here.push(d.rule);
                }
            }
            if let Some(name) = add_name {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Add `{name}` to known names"),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![lsp_diag]),
                    command: Some(Command {
                        title: format!("Add `{name}` to known names"),
                        command: ADD_KNOWN_NAME.to_string(),
                        arguments: Some(vec![json!({"uri": snap.uri.as_str(), "name": name})]),
                    }),
                    is_preferred: Some(false),
                    ..Default::default()
                }));
            }
        }
        for rule in rules_here {
            let of_rule = lint.findings.of_rule(rule).map(|r| r.diagnostics());
            if let Some(action) = of_rule.and_then(|all| fix_rule(snap, &all, rule)) {
                out.push(action);
            }
        }
    }
    let fix_all = fix_all_kind();
    if wanted(only, &fix_all) {
        if let Some(e) = fix_all_edit(snap) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe verbatim problems".into(),
                kind: Some(fix_all),
                edit: Some(e),
                ..Default::default()
            }));
        }
    }
    out
}

/// "Fix all `<rule>` problems in this file": offered when the rule has more
/// than one fixable diagnostic. The user picked the rule by hand, so its
/// unsafe fixes are included; overlapping fixes wait for a second round.
fn fix_rule(snap: &Snapshot, all: &[Diagnostic], rule: Rule) -> Option<CodeActionOrCommand> {
    let of_rule: Vec<&Diagnostic> = all
        .iter()
        .filter(|d| d.rule == rule && d.fix.is_some())
        .collect();
    if of_rule.len() < 2 {
        return None;
    }
    let (edits, _) = select_fixes(of_rule.iter().copied(), true);
    let fixed = apply_edits(&snap.text, &edits);
    let e = convert::minimal_edit(&snap.text, &fixed)?;
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Fix all `{}` problems in this file", rule.name()),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(edit(
            snap,
            vec![convert::text_edit(&snap.rope, &e, snap.enc)],
        )),
        is_preferred: Some(false),
        ..Default::default()
    }))
}
