//! `textDocument/documentSymbol`: the outline of a transcript: its header,
//! each turn (speaker and first words), and the notes; in a caption file,
//! each cue, by start time and speaker.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use tower_lsp_server::ls_types::{self as lsp, DocumentSymbol, SymbolKind};
use verbatim_core::model::captions::Captions;
use verbatim_core::model::{speaker_key, LabelForm, SpeakerLabel, Transcript};

use crate::lsp::position::{self, Positions};
use crate::lsp::snapshot::Snapshot;

/// Words of a turn shown in the outline.
const FIRST_WORDS: usize = 8;

/// The first words of `text`, joined by single spaces, with `…` when more
/// follow: written where they are shown, so a turn's detail costs no
/// string of its own.
#[derive(Clone, Copy)]
struct FirstWords<'t>(&'t str);

impl FirstWords<'_> {
    fn is_empty(&self) -> bool {
        self.0.split_whitespace().next().is_none()
    }
}

impl fmt::Display for FirstWords<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words = self.0.split_whitespace();
        for (i, word) in words.by_ref().take(FIRST_WORDS).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(word)?;
        }
        if words.next().is_some() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// A symbol's detail: text as it is, or a body's first words.
enum Detail<'t> {
    Text(Cow<'t, str>),
    Words(FirstWords<'t>),
}

/// One entry of the outline, borrowing the document's text where it can:
/// on a large transcript the outline has tens of thousands of entries.
/// Written ([`write_symbol`]) exactly as serde_json writes the
/// [`DocumentSymbol`] it stands for.
struct Symbol<'t> {
    name: Cow<'t, str>,
    detail: Option<Detail<'t>>,
    kind: SymbolKind,
    range: lsp::Range,
    selection: lsp::Range,
    children: Option<Vec<Symbol<'t>>>,
}

impl Symbol<'_> {
    #[allow(deprecated)] // `deprecated` is a required field of the LSP type.
    fn into_lsp(self) -> DocumentSymbol {
        DocumentSymbol {
            name: self.name.into_owned(),
            detail: self.detail.map(|d| match d {
                Detail::Text(t) => t.into_owned(),
                Detail::Words(w) => w.to_string(),
            }),
            kind: self.kind,
            tags: None,
            deprecated: None,
            range: self.range,
            selection_range: self.selection,
            children: self
                .children
                .map(|c| c.into_iter().map(Symbol::into_lsp).collect()),
        }
    }
}

fn symbol<'t>(
    at: &Positions,
    name: Cow<'t, str>,
    detail: Option<Detail<'t>>,
    kind: SymbolKind,
    range: std::ops::Range<usize>,
    selection: std::ops::Range<usize>,
    children: Option<Vec<Symbol<'t>>>,
) -> Symbol<'t> {
    Symbol {
        // Clients reject empty names.
        name: if name.trim().is_empty() {
            "(unnamed)".into()
        } else {
            name
        },
        detail: detail.filter(|d| match d {
            Detail::Text(t) => !t.is_empty(),
            Detail::Words(w) => !w.is_empty(),
        }),
        kind,
        range: at.range(range),
        selection: at.range(selection),
        children,
    }
}

pub fn document_symbols(snap: &Snapshot, doc: &Transcript) -> Vec<DocumentSymbol> {
    outline(snap, doc)
        .into_iter()
        .map(Symbol::into_lsp)
        .collect()
}

/// [`document_symbols`] as JSON text, for a direct answer (see
/// `lsp::direct`): serialised straight to bytes from symbols that borrow
/// the text, never through a `serde_json::Value`.
pub fn document_symbols_json(snap: &Snapshot, doc: &Transcript) -> Vec<u8> {
    let symbols = outline(snap, doc);
    if symbols.len() < 2 * WRITTEN_APART {
        // About what an entry takes, so the buffer rarely grows.
        let mut out = Vec::with_capacity(256 * symbols.len() + 2);
        let mut scratch = String::new();
        out.push(b'[');
        for (i, symbol) in symbols.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_symbol(&mut out, symbol, &mut scratch);
        }
        out.push(b']');
        return out;
    }
    // The outline of a long transcript (tens of thousands of turns, 6.8 MB
    // of JSON at 21 MB) is written in parts on every core and joined: the
    // same bytes as one `to_writer` of the list.
    use rayon::prelude::*;
    let parts: Vec<Vec<u8>> = symbols
        .par_chunks(WRITTEN_APART)
        .map(|part| {
            let mut out = Vec::with_capacity(256 * part.len());
            let mut scratch = String::new();
            for (i, symbol) in part.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_symbol(&mut out, symbol, &mut scratch);
            }
            out
        })
        .collect();
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(part);
    }
    out.push(b']');
    out
}

/// Writes `symbol` as serde_json writes its [`DocumentSymbol`] (members in
/// that type's order; `tags` and `deprecated` are never set), by hand:
/// the outline of a long transcript is tens of thousands of entries, and
/// going through `Serialize` field by field (and `collect_str` for the
/// first words) was half of answering it after an edit (BENCHMARKS.md,
/// issue 13). Strings are still escaped by serde_json; `scratch` holds a
/// turn's first words while they are.
fn write_symbol(out: &mut Vec<u8>, symbol: &Symbol, scratch: &mut String) {
    use std::fmt::Write as _;
    let string = |out: &mut Vec<u8>, s: &str| {
        serde_json::to_writer(&mut *out, s).expect("a string serialises");
    };
    out.extend_from_slice(br#"{"name":"#);
    string(out, &symbol.name);
    if let Some(detail) = &symbol.detail {
        out.extend_from_slice(br#","detail":"#);
        match detail {
            Detail::Text(t) => string(out, t),
            Detail::Words(w) => {
                scratch.clear();
                write!(scratch, "{w}").expect("writing to a string succeeds");
                string(out, scratch);
            }
        }
    }
    out.extend_from_slice(br#","kind":"#);
    serde_json::to_writer(&mut *out, &symbol.kind).expect("a symbol kind serialises");
    out.extend_from_slice(br#","range":"#);
    write_range(out, &symbol.range);
    out.extend_from_slice(br#","selectionRange":"#);
    write_range(out, &symbol.selection);
    if let Some(children) = &symbol.children {
        out.extend_from_slice(br#","children":["#);
        for (i, child) in children.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_symbol(out, child, scratch);
        }
        out.push(b']');
    }
    out.push(b'}');
}

/// `{"start":{"line":…,"character":…},"end":{…}}`, as serde_json writes an
/// `lsp::Range` (its numbers with `itoa`, as serde_json's are: `write!`
/// was most of writing the outline).
fn write_range(out: &mut Vec<u8>, r: &lsp::Range) {
    let mut number = itoa::Buffer::new();
    out.extend_from_slice(br#"{"start":{"line":"#);
    out.extend_from_slice(number.format(r.start.line).as_bytes());
    out.extend_from_slice(br#","character":"#);
    out.extend_from_slice(number.format(r.start.character).as_bytes());
    out.extend_from_slice(br#"},"end":{"line":"#);
    out.extend_from_slice(number.format(r.end.line).as_bytes());
    out.extend_from_slice(br#","character":"#);
    out.extend_from_slice(number.format(r.end.character).as_bytes());
    out.extend_from_slice(b"}}");
}

/// From twice this many entries on, the outline is written in parts of this
/// many. (Tests write a few per part, so that they check this path too.)
const WRITTEN_APART: usize = if cfg!(test) { 2 } else { 4096 };

/// Every byte offset the outline converts to a position.
fn offsets(doc: &Transcript) -> Vec<usize> {
    let mut out = Vec::new();
    let mut add = |r: &std::ops::Range<usize>| out.extend([r.start, r.end.max(r.start)]);
    if let Some(h) = &doc.header {
        add(h);
    }
    if let Some(captions) = &doc.captions {
        for cue in &captions.cues {
            add(&cue.range);
            add(&cue.timing.range);
        }
        return out;
    }
    for turn in &doc.turns {
        add(&turn.range);
        add(&turn.label.range);
    }
    for n in &doc.notes {
        add(&n.range);
        add(&n.label);
    }
    if let Some(block) = &doc.notes_block {
        add(&block.range);
        if let Some(heading) = &block.heading {
            add(heading);
        }
    }
    out
}

fn outline<'t>(snap: &Snapshot, doc: &'t Transcript) -> Vec<Symbol<'t>> {
    // All positions in one walk over the text (the handler's copy is the
    // rope's text; should it ever not be, the rope's is read out).
    let text = if snap.text.len() == snap.rope.len_bytes() {
        Cow::Borrowed(snap.text.as_str())
    } else {
        Cow::Owned(snap.rope.to_string())
    };
    let at = &position::positions(&text, &mut offsets(doc), snap.enc);
    let mut out = Vec::new();
    if let Some(h) = &doc.header {
        let title = doc.slice(h).lines().next().unwrap_or("").trim();
        out.push(symbol(
            at,
            "Header".into(),
            Some(Detail::Text(title.into())),
            SymbolKind::NAMESPACE,
            h.clone(),
            h.clone(),
            None,
        ));
    }
    if let Some(captions) = &doc.captions {
        out.extend(cues(at, doc, captions));
        return out;
    }
    let spelled = spellings(doc);
    out.reserve(doc.turns.len() + doc.notes.len() + 1);
    for turn in &doc.turns {
        let label = &turn.label;
        out.push(symbol(
            at,
            turn_name(doc, label, &spelled),
            Some(Detail::Words(FirstWords(doc.slice(&turn.body)))),
            SymbolKind::EVENT,
            turn.range.clone(),
            label.range.clone(),
            None,
        ));
    }
    let notes: Vec<Symbol> = doc
        .notes
        .iter()
        .map(|n| {
            symbol(
                at,
                doc.slice(&n.label).trim_end_matches(':').into(),
                Some(Detail::Words(FirstWords(doc.slice(&n.body)))),
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
            let (start, end) = (at.get(block.range.start), at.get(block.range.end));
            let (inside, outside): (Vec<_>, Vec<_>) = notes
                .into_iter()
                .partition(|s| s.range.start >= start && s.range.end <= end);
            out.push(symbol(
                at,
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

/// A turn's name in the outline: its label as written; for a question or
/// an answer of a court transcript (`Q`, `A`), the mark and the speaker it
/// stands for (`Q  MR. HARLAN`), so that an examination reads as who asked
/// and who answered. The speaker is written as a colloquy label of the
/// same speaker spells it, else as the reader named it (`DAVID K
/// OSTERGAARD`, from the witness heading).
fn turn_name<'t>(
    doc: &'t Transcript,
    label: &SpeakerLabel,
    spelled: &HashMap<&str, &str>,
) -> Cow<'t, str> {
    let written = doc.slice(&label.range);
    if label.form != LabelForm::Mark || &*label.key == written.trim_end_matches('.') {
        return written.into();
    }
    let who = spelled.get(&*label.key).copied().unwrap_or(&label.key);
    format!("{}  {who}", written.trim_end_matches('.')).into()
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
fn cues<'t>(positions: &Positions, doc: &'t Transcript, captions: &Captions) -> Vec<Symbol<'t>> {
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
                time.into()
            } else {
                format!("{time} {}", speakers.join(", ")).into()
            };
            symbol(
                positions,
                name,
                Some(Detail::Text(FirstWords(&words).to_string().into())),
                SymbolKind::EVENT,
                cue.range.clone(),
                cue.timing.range.clone(),
                None,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::str::FromStr;
    use std::sync::Arc;

    use tower_lsp_server::ls_types::Uri;
    use verbatim_core::Config;

    use super::*;
    use crate::lsp::document::Document;
    use crate::lsp::position::Encoding;
    use crate::lsp::snapshot::DocKind;

    fn fixture(name: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        std::fs::read_to_string(root.join(name)).unwrap()
    }

    /// The JSON written from borrowed symbols is, byte for byte, the
    /// serialised `DocumentSymbol`s: header, turns, questions and answers,
    /// notes in and out of their block, caption cues, names and details
    /// that need escaping, in every encoding.
    #[test]
    fn the_written_outline_is_the_serialised_document_symbols() {
        let markdown = "# Interview\n\nANA: A \"quoted\" word\\ and\ttabs   and  more than eight words here[^1].\n\nBEN: Short[^2].\n\n## Notes\n\n[^1]: First note.\n\n[^2]: Second note, with   spaces.\n";
        let docs = [
            ("briefing.txt", fixture("outline/briefing.txt")),
            ("deposition.txt", fixture("formats/deposition/clean.txt")),
            ("court.txt", fixture("formats/court/clean.txt")),
            ("clean.vtt", fixture("formats/webvtt/clean.vtt")),
            ("clean.srt", fixture("formats/srt/clean.srt")),
            ("interview.transcript.md", markdown.to_string()),
            ("empty.txt", String::new()),
        ];
        for (name, text) in &docs {
            let config = Arc::new(Config::default().for_file(Path::new(name)));
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let snap = Snapshot {
                    uri: Uri::from_str(&format!("file:///t/{name}")).unwrap(),
                    rope: Document::new(text, 1).rope,
                    text: text.clone(),
                    version: 1,
                    revision: 1,
                    kind: DocKind::Transcript,
                    plain: false,
                    config: config.clone(),
                    enc,
                    shown: crate::lsp::convert::Shown::ALL,
                    lint: None,
                };
                let doc = Transcript::parse(text, &config.settings);
                let written = document_symbols_json(&snap, &doc);
                let serialised = serde_json::to_vec(&document_symbols(&snap, &doc)).unwrap();
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    String::from_utf8(serialised).unwrap(),
                    "{name} in {enc:?}"
                );
            }
        }
    }
}
