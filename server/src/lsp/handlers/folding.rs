//! `textDocument/foldingRange`: the header, each turn and note that spans
//! more than one line, and the notes block; in a caption file, each cue.

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};
use verbatim_core::model::Transcript;

use crate::lsp::position;
use crate::lsp::snapshot::Snapshot;

pub fn folding_ranges(snap: &Snapshot, doc: &Transcript) -> Vec<FoldingRange> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    ranges.extend(doc.header.clone());
    match &doc.captions {
        // A cue is the unit people fold: its turns lie inside it.
        Some(captions) => ranges.extend(captions.cues.iter().map(|c| c.range.clone())),
        None => ranges.extend(doc.turns.iter().map(|t| t.range.clone())),
    }
    ranges.extend(doc.notes_block.as_ref().map(|b| b.range.clone()));
    ranges.extend(doc.notes.iter().map(|n| n.range.clone()));
    let mut out: Vec<FoldingRange> = ranges
        .into_iter()
        .filter_map(|r| {
            let start = position::line_of(&snap.rope, r.start) as u32;
            let end = position::line_of(&snap.rope, r.end) as u32;
            (end > start).then(|| FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                ..Default::default()
            })
        })
        .collect();
    out.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}
