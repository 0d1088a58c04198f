//! `textDocument/references`: every reference to a footnote, every turn of a
//! speaker.

use tower_lsp_server::ls_types::{Location, Position};
use verbatim_core::model::{Element, Transcript};

use crate::lsp::snapshot::Snapshot;

pub fn references(
    snap: &Snapshot,
    doc: &Transcript,
    pos: Position,
    include_declaration: bool,
) -> Vec<Location> {
    let ranges: Vec<std::ops::Range<usize>> = match doc.element_at(snap.offset(pos)) {
        Some(Element::FootnoteRef(i)) => {
            footnote(doc, doc.footnote_refs[i].number, include_declaration)
        }
        Some(Element::Note(i)) => footnote(doc, doc.notes[i].number, include_declaration),
        Some(Element::Label(i)) => {
            let key = &doc.turns[i].label.key;
            doc.turns
                .iter()
                .filter(|t| &t.label.key == key)
                .map(|t| t.label.range.clone())
                .collect()
        }
        _ => Vec::new(),
    };
    ranges
        .into_iter()
        .map(|r| Location::new(snap.uri.clone(), snap.range(r)))
        .collect()
}

/// The references numbered `n`, and its notes when the declaration counts.
fn footnote(doc: &Transcript, n: u32, include_declaration: bool) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<_> = doc
        .footnote_refs
        .iter()
        .filter(|r| r.number == n)
        .map(|r| r.range.clone())
        .collect();
    if include_declaration {
        out.extend(
            doc.notes
                .iter()
                .filter(|x| x.number == n)
                .map(|x| x.label.clone()),
        );
    }
    out
}
