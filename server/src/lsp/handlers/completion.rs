//! `textDocument/completion`: speaker labels at the start of a line, in the
//! document's own label shape, and marker tags after `(` or `[`.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, InsertTextFormat, Position, TextEdit,
};
use verbatim_core::model::{LabelForm, LabelTime, Transcript, MARKER_TAGS};

use crate::lsp::position;
use crate::lsp::snapshot::Snapshot;

/// Characters a label can be made of while it is being typed.
fn label_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | '*')
}

pub fn completion(
    snap: &Snapshot,
    doc: &Transcript,
    pos: Position,
    snippets: bool,
) -> Vec<CompletionItem> {
    let offset = snap.offset(pos);
    let line_start = position::line_range_at(&snap.rope, offset).start;
    let before = &snap.text[line_start..offset];
    let after = &snap.text[offset..];
    let labels = speaker_labels(snap, doc, offset, line_start, snippets);

    // After an opener that is still open on this line: marker tags. In a
    // Zoom transcript a `[` at the start of a line may also open a label
    // (`[Helen Achterberg] 23:52:07`): its speakers come first.
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
            let first = labels.len();
            return labels
                .into_iter()
                .chain(tags.map(|tag| {
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
                        sort_text: (first > 0).then(|| format!("~{tag}")),
                        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                            range: replace,
                            new_text: insert,
                        })),
                        ..Default::default()
                    }
                }))
                .collect();
        }
    }
    labels
}

/// `$`, `}` and `\` are a snippet's syntax: escaped, a name keeps them.
fn snippet_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Speaker labels at the start of a line's text (after a court
/// transcript's gutter), before any colon, written the way this document
/// writes them (`Senator FEINSTEIN. ` indented in a hearing, `THE COURT:  `
/// in a court transcript, `Dana Whitfield  0:03` on a line of its own in an
/// Otter export, `[Helen Achterberg] 23:52:07` in a Zoom transcript,
/// `Dana Whitfield (00:01:26): ` in an interview, `MK: ` elsewhere). Words
/// of a label start with a capital (`MR ROB`, `Dana Whit`); a lower-case
/// word means the line is prose.
///
/// A label that carries a time is given the time of the turn before (or,
/// for a first turn, after), so that no order rule fires, as a snippet
/// placeholder the editor selects for typing over.
fn speaker_labels(
    snap: &Snapshot,
    doc: &Transcript,
    offset: usize,
    line_start: usize,
    snippets: bool,
) -> Vec<CompletionItem> {
    let shape = doc.label_shape_at(offset);
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
    let typed = &snap.text[typed_from..offset];
    // Zoom's `[` may be typed already.
    let opener_typed = !shape.before.is_empty() && typed.starts_with(shape.before);
    let before = if opener_typed {
        &typed[shape.before.len()..]
    } else {
        typed
    };
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
    // The time a new label carries, the same for every speaker.
    let time = shape.time.map(|slot| {
        let zero = match slot {
            LabelTime::InLabel { zero, .. } | LabelTime::LineBefore { zero } => zero,
        };
        doc.label_time_near(offset).unwrap_or(zero)
    });
    let snippet = snippets && time.is_some();
    let written = |label: &str| {
        let name = if snippet {
            snippet_text(label)
        } else {
            label.to_string()
        };
        let (Some(slot), Some(time)) = (shape.time, time) else {
            return format!("{}{name}{}", shape.before, shape.after);
        };
        let (time, end) = if snippet {
            (format!("${{1:{}}}", snippet_text(time)), "$0")
        } else {
            (time.to_string(), "")
        };
        match slot {
            LabelTime::InLabel { open, close, .. } => {
                format!(
                    "{}{name}{open}{time}{close}{}{end}",
                    shape.before, shape.after
                )
            }
            LabelTime::LineBefore { .. } => format!("{time}\n{name}{}{end}", shape.after),
        }
    };
    let time_note = time
        .map(|t| format!("; at {t}, which keeps the turns in order: type over it"))
        .unwrap_or_default();
    let mut items: Vec<CompletionItem> = Vec::new();
    let replace = snap.range(typed_from..offset);
    let push = |label: String, detail: String, items: &mut Vec<CompletionItem>| {
        if items.iter().any(|i| i.label == label) {
            return;
        }
        items.push(CompletionItem {
            label: label.clone(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some(format!("{detail}{time_note}")),
            filter_text: opener_typed.then(|| format!("{}{label}", shape.before)),
            insert_text_format: snippet.then_some(InsertTextFormat::SNIPPET),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: written(&label),
            })),
            sort_text: Some(format!("{:05}", items.len())),
            ..Default::default()
        });
    };
    // The full name a label stands for: the configured roster's, else the
    // file's own (an oral history's header, Otter's `SPEAKERS` line).
    let full_name = |key: &str| {
        snap.config
            .settings
            .roster
            .get(key)
            .map(String::as_str)
            .or_else(|| doc.roster_name(key))
    };
    for &key in &order {
        let best = spellings[key]
            .iter()
            .max_by_key(|(spelling, n)| (**n, std::cmp::Reverse(**spelling)))
            .map(|(s, _)| s.to_string())
            .unwrap_or_else(|| key.to_string());
        let detail = match full_name(key) {
            Some(full) => format!("{full}: speaker in this document"),
            None => "speaker in this document".to_string(),
        };
        push(best, detail, &mut items);
    }
    for (key, full) in &snap.config.settings.roster {
        push(key.clone(), format!("{full} (roster)"), &mut items);
    }
    // Speakers the file's own roster names who have not spoken yet, once
    // each: by initials where the file labels its speakers by initials
    // (`JO`), else by the name as the roster writes it.
    let spoke = |key: &str| order.contains(&key) || snap.config.settings.roster.contains_key(key);
    let initials = |key: &str| !key.contains(' ');
    let by_initials = doc.roster.iter().any(|e| initials(&e.key) && spoke(&e.key));
    for (i, e) in doc.roster.iter().enumerate() {
        let name = doc.slice(&e.name);
        let same: Vec<&str> = doc
            .roster
            .iter()
            .filter(|o| doc.slice(&o.name) == name)
            .map(|o| o.key.as_str())
            .collect();
        let first = doc.roster.iter().position(|o| doc.slice(&o.name) == name);
        if first != Some(i) || same.iter().any(|k| spoke(k)) {
            continue;
        }
        let label = match same.iter().find(|k| initials(k)) {
            Some(k) if by_initials => k.to_string(),
            _ => name.to_string(),
        };
        push(label, format!("{name} (the file's roster)"), &mut items);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::snippet_text;

    #[test]
    fn a_names_snippet_syntax_is_escaped() {
        assert_eq!(snippet_text(r"Dana $5 {x} C:\"), r"Dana \$5 {x\} C:\\");
        assert_eq!(snippet_text("5:32"), "5:32");
    }
}
