//! `textDocument/completion`: speaker labels at the start of a line, marker
//! tags after `(` or `[`.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, TextEdit,
};
use verbatim_core::model::{LabelForm, Transcript, MARKER_TAGS};

use crate::lsp::position;
use crate::lsp::snapshot::Snapshot;

/// Characters a label can be made of while it is being typed.
fn label_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '*')
}

pub fn completion(snap: &Snapshot, doc: &Transcript, pos: Position) -> Vec<CompletionItem> {
    let offset = snap.offset(pos);
    let line_start = position::line_range_at(&snap.rope, offset).start;
    let before = &snap.text[line_start..offset];
    let after = &snap.text[offset..];

    // After an opener that is still open on this line: marker tags.
    if let Some(open) = before.rfind(['(', '[']) {
        let typed = &before[open + 1..];
        if typed
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        {
            let opener = before.as_bytes()[open];
            let closer = if opener == b'(' { ")" } else { "]" };
            let needs_closer = !after.starts_with([')', ']']);
            let replace = snap.range(line_start + open + 1..offset);
            let tags = MARKER_TAGS
                .iter()
                .map(|t| t.to_string())
                .chain(snap.config.settings.extra_tags.iter().cloned());
            return tags
                .map(|tag| {
                    let insert = if needs_closer {
                        format!("{tag}{closer}")
                    } else {
                        tag.clone()
                    };
                    CompletionItem {
                        label: tag.clone(),
                        kind: Some(CompletionItemKind::KEYWORD),
                        detail: Some(verbatim_core::model::marker_meaning(&tag).to_string()),
                        filter_text: Some(tag.clone()),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                            range: replace,
                            new_text: insert,
                        })),
                        ..Default::default()
                    }
                })
                .collect();
        }
    }

    // At the start of a line's text (after a court transcript's gutter),
    // before any colon: speaker labels, written the way this document
    // writes them (`Senator FEINSTEIN. ` indented in a hearing,
    // `THE COURT:  ` in a court transcript, `MR ROBINSON: ` elsewhere).
    // Words of a label start with a capital (`MR ROB`, `Dana Whit`); a
    // lower-case word means the line is prose.
    let shape = doc.label_shape();
    let text_start = doc
        .lines
        .get(doc.lines.partition_point(|l| l.content_end < offset))
        .map_or(line_start, |l| doc.text_start(l).min(offset))
        .max(line_start);
    let typed_from = if shape.indented {
        let rest = &snap.text[text_start..offset];
        text_start + (rest.len() - rest.trim_start_matches([' ', '\t']).len())
    } else {
        text_start
    };
    let before = &snap.text[typed_from..offset];
    let label_like = before.chars().all(label_char)
        && !before.starts_with(' ')
        && before.split(' ').all(|w| {
            w.trim_start_matches('*')
                .chars()
                .next()
                .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    if !label_like {
        return Vec::new();
    }
    // Each speaker offered once, under its most used spelling.
    let mut spellings: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for t in &doc.turns {
        // The label being typed on this very line does not count, nor a
        // mark (`Q`), which is no spelling of the speaker it stands for.
        let on_this_line = (line_start..=offset).contains(&t.label.full.start);
        if on_this_line || t.label.form == LabelForm::Mark {
            continue;
        }
        let key = &*t.label.key;
        if !spellings.contains_key(key) {
            order.push(key);
        }
        *spellings
            .entry(key)
            .or_default()
            .entry(doc.slice(&t.label.range))
            .or_default() += 1;
    }
    let mut items: Vec<CompletionItem> = Vec::new();
    let replace = snap.range(typed_from..offset);
    let push = |label: String, detail: String, items: &mut Vec<CompletionItem>| {
        if items.iter().any(|i| i.label == label) {
            return;
        }
        items.push(CompletionItem {
            label: label.clone(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some(detail),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: format!("{label}{}", shape.after),
            })),
            sort_text: Some(format!("{:05}", items.len())),
            ..Default::default()
        });
    };
    for key in order {
        let best = spellings[key]
            .iter()
            .max_by_key(|(spelling, n)| (**n, std::cmp::Reverse(**spelling)))
            .map(|(s, _)| s.to_string())
            .unwrap_or_else(|| key.to_string());
        let detail = match snap.config.settings.roster.get(key) {
            Some(full) => format!("{full}: speaker in this document"),
            None => "speaker in this document".to_string(),
        };
        push(best, detail, &mut items);
    }
    for (key, full) in &snap.config.settings.roster {
        push(key.clone(), format!("{full} (roster)"), &mut items);
    }
    items
}
