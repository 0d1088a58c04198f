//! `textDocument/definition`: a footnote reference goes to its note, a note
//! to its references, a speaker label to where the speaker is introduced (or
//! first labelled).

use tower_lsp_server::ls_types::{GotoDefinitionResponse, Location, Position};
use verbatim_core::model::{Element, Transcript};

use crate::lsp::snapshot::Snapshot;

pub fn definition(
    snap: &Snapshot,
    doc: &Transcript,
    pos: Position,
) -> Option<GotoDefinitionResponse> {
    let ranges: Vec<std::ops::Range<usize>> = match doc.element_at(snap.offset(pos))? {
        Element::FootnoteRef(i) => {
            let n = doc.footnote_refs[i].number;
            doc.notes
                .iter()
                .filter(|x| x.number == n)
                .map(|x| x.label.clone())
                .collect()
        }
        Element::Note(i) => {
            let n = doc.notes[i].number;
            doc.footnote_refs
                .iter()
                .filter(|r| r.number == n)
                .map(|r| r.range.clone())
                .collect()
        }
        Element::Label(i) => {
            let key = &doc.turns[i].label.key;
            let s = doc.speaker_summary(&snap.config.settings, key)?;
            vec![s.introduced_at.unwrap_or(s.first)]
        }
        Element::Marker(_) | Element::Timestamp(_) => return None,
    };
    let locations: Vec<Location> = ranges
        .into_iter()
        .map(|r| Location::new(snap.uri.clone(), snap.range(r)))
        .collect();
    match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}
