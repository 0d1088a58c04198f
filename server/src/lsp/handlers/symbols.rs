//! `textDocument/documentSymbol`: the outline of a transcript: its header,
//! each turn (speaker and first words), and the notes; in a caption file,
//! each cue, by start time and speaker.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};
use verbatim_core::model::captions::Captions;
use verbatim_core::model::{speaker_key, LabelForm, SpeakerLabel, Transcript};

use crate::lsp::snapshot::Snapshot;

/// Words of a turn shown in the outline.
const FIRST_WORDS: usize = 8;

fn first_words(text: &str) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(FIRST_WORDS).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

#[allow(deprecated)] // `deprecated` is a required field of the LSP type.
fn symbol(
    snap: &Snapshot,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: std::ops::Range<usize>,
    selection: std::ops::Range<usize>,
    children: Option<Vec<DocumentSymbol>>,
) -> DocumentSymbol {
    DocumentSymbol {
        // Clients reject empty names.
        name: if name.trim().is_empty() {
            "(unnamed)".into()
        } else {
            name
        },
        detail: detail.filter(|d| !d.is_empty()),
        kind,
        tags: None,
        deprecated: None,
        range: snap.range(range),
        selection_range: snap.range(selection),
        children,
    }
}

pub fn document_symbols(snap: &Snapshot, doc: &Transcript) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    if let Some(h) = &doc.header {
        let title = doc.slice(h).lines().next().unwrap_or("").trim().to_string();
        out.push(symbol(
            snap,
            "Header".into(),
            Some(title),
            SymbolKind::NAMESPACE,
            h.clone(),
            h.clone(),
            None,
        ));
    }
    if let Some(captions) = &doc.captions {
        out.extend(cues(snap, doc, captions));
        return out;
    }
    let spelled = spellings(doc);
    for turn in &doc.turns {
        let label = &turn.label;
        out.push(symbol(
            snap,
            turn_name(doc, label, &spelled),
            Some(first_words(doc.slice(&turn.body))),
            SymbolKind::EVENT,
            turn.range.clone(),
            label.range.clone(),
            None,
        ));
    }
    let notes: Vec<DocumentSymbol> = doc
        .notes
        .iter()
        .map(|n| {
            symbol(
                snap,
                doc.slice(&n.label).trim_end_matches(':').to_string(),
                Some(first_words(doc.slice(&n.body))),
                SymbolKind::KEY,
                n.range.clone(),
                n.label.clone(),
                None,
            )
        })
        .collect();
    match &doc.notes_block {
        Some(block) => {
            let selection = block
                .heading
                .clone()
                .unwrap_or(block.range.start..block.range.start);
            // Markdown notes may sit outside the block; keep them inside it
            // only when the block's range holds them.
            let (inside, outside): (Vec<_>, Vec<_>) = notes.into_iter().partition(|s| {
                s.range.start >= snap.position(block.range.start)
                    && s.range.end <= snap.position(block.range.end)
            });
            out.push(symbol(
                snap,
                "Notes".into(),
                None,
                SymbolKind::NAMESPACE,
                block.range.clone(),
                selection,
                Some(inside),
            ));
            out.extend(outside);
        }
        None => out.extend(notes),
    }
    out.sort_by_key(|s| s.range.start);
    out
}

/// [`document_symbols`] as JSON text, for a direct answer (see
/// `lsp::direct`): serialised straight to bytes, never through a
/// `serde_json::Value`.
pub fn document_symbols_json(snap: &Snapshot, doc: &Transcript) -> Vec<u8> {
    serde_json::to_vec(&document_symbols(snap, doc)).expect("document symbols serialise")
}

/// A turn's name in the outline: its label as written; for a question or
/// an answer of a court transcript (`Q`, `A`), the mark and the speaker it
/// stands for (`Q  MR. HARLAN`), so that an examination reads as who asked
/// and who answered. The speaker is written as a colloquy label of the
/// same speaker spells it, else as the reader named it (`DAVID K
/// OSTERGAARD`, from the witness heading).
fn turn_name(doc: &Transcript, label: &SpeakerLabel, spelled: &HashMap<&str, &str>) -> String {
    let written = doc.slice(&label.range);
    if label.form != LabelForm::Mark || &*label.key == written.trim_end_matches('.') {
        return written.to_string();
    }
    let who = spelled.get(&*label.key).copied().unwrap_or(&label.key);
    format!("{}  {who}", written.trim_end_matches('.'))
}

/// Each speaker key, as the first label that spells it writes it
/// (`MR DUNSMORE` -> `MR. DUNSMORE`): made once per outline, and only when
/// the document has questions and answers to name, so that an examination
/// of thousands of answers does not search the turns for each one.
fn spellings<'t>(doc: &'t Transcript) -> HashMap<&'t str, &'t str> {
    let mut spelled = HashMap::new();
    if !doc.turns.iter().any(|t| t.label.form == LabelForm::Mark) {
        return spelled;
    }
    for l in doc.turns.iter().map(|t| &t.label) {
        if l.form != LabelForm::Mark && !spelled.contains_key(&*l.key) {
            let written = doc.slice(&l.range);
            if speaker_key(written) == *l.key {
                spelled.insert(&*l.key, written);
            }
        }
    }
    spelled
}

/// A caption file's cues: `00:00:15.100 Dana Whitfield` with the cue's
/// first words (markup left out), or `00:00:10.000` alone for a cue with no
/// speaker.
fn cues(snap: &Snapshot, doc: &Transcript, captions: &Captions) -> Vec<DocumentSymbol> {
    let mut turns = doc.turns.iter().peekable();
    let mut tags = captions.tags.iter().peekable();
    captions
        .cues
        .iter()
        .map(|cue| {
            let mut speakers: Vec<&str> = Vec::new();
            while let Some(t) = turns.next_if(|t| t.range.start <= cue.range.end) {
                let name = doc.slice(&t.label.range);
                if !speakers.contains(&name) {
                    speakers.push(name);
                }
            }
            let mut words = String::new();
            let mut at = cue.payload.start;
            while let Some(tag) = tags.next_if(|t| t.start < cue.payload.end) {
                words += doc.slice(&(at.min(tag.start)..tag.start));
                at = at.max(tag.end);
            }
            words += doc.slice(&(at.min(cue.payload.end)..cue.payload.end));
            let time = doc.slice(&cue.timing.start.range);
            let name = if speakers.is_empty() {
                time.to_string()
            } else {
                format!("{time} {}", speakers.join(", "))
            };
            symbol(
                snap,
                name,
                Some(first_words(&words)),
                SymbolKind::EVENT,
                cue.range.clone(),
                cue.timing.range.clone(),
                None,
            )
        })
        .collect()
}
