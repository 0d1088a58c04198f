//! `textDocument/semanticTokens/full`: labels, markers, footnote references
//! and timestamps, so a transcript is highlighted even in an editor with no
//! grammar for it.
//!
//! Standard token types are used so every theme colours them: speaker labels
//! are `class`, markers `macro`, footnote references and note labels
//! `decorator`, timestamps `number`.

use std::ops::Range;

use tower_lsp_server::ls_types::{SemanticToken, SemanticTokenType, SemanticTokensLegend};
use verbatim_core::model::Transcript;

use crate::lsp::snapshot::Snapshot;

const LABEL: u32 = 0;
const MARKER: u32 = 1;
const FOOTNOTE: u32 = 2;
const TIMESTAMP: u32 = 3;
const TAG: u32 = 4;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![
            SemanticTokenType::CLASS,
            SemanticTokenType::MACRO,
            SemanticTokenType::DECORATOR,
            SemanticTokenType::NUMBER,
            SemanticTokenType::KEYWORD,
        ],
        token_modifiers: Vec::new(),
    }
}

/// Cuts the timestamps out of `range` (markers and labels carry them), so
/// tokens never overlap.
fn without(
    range: Range<usize>,
    holes: &[Range<usize>],
    ty: u32,
    out: &mut Vec<(Range<usize>, u32)>,
) {
    let mut start = range.start;
    let first = holes.partition_point(|h| h.end <= range.start);
    for h in holes[first..].iter().take_while(|h| h.start < range.end) {
        if h.start > start {
            out.push((start..h.start, ty));
        }
        start = start.max(h.end);
    }
    if start < range.end {
        out.push((start..range.end, ty));
    }
}

pub fn semantic_tokens(snap: &Snapshot, doc: &Transcript) -> Vec<SemanticToken> {
    let mut stamps: Vec<Range<usize>> = doc.timestamps.iter().map(|t| t.range.clone()).collect();
    stamps.sort_by_key(|r| r.start);
    let mut tokens: Vec<(Range<usize>, u32)> = Vec::new();
    for t in &doc.turns {
        without(t.label.range.clone(), &stamps, LABEL, &mut tokens);
    }
    for m in &doc.markers {
        without(m.range.clone(), &stamps, MARKER, &mut tokens);
    }
    tokens.extend(
        doc.footnote_refs
            .iter()
            .map(|r| (r.range.clone(), FOOTNOTE)),
    );
    tokens.extend(doc.notes.iter().map(|n| (n.label.clone(), FOOTNOTE)));
    tokens.extend(stamps.iter().map(|r| (r.clone(), TIMESTAMP)));
    if let Some(captions) = &doc.captions {
        for cue in &captions.cues {
            tokens.push((cue.timing.start.range.clone(), TIMESTAMP));
            tokens.push((cue.timing.end.range.clone(), TIMESTAMP));
        }
        // A voice's name is its label's token; the rest of its tag is markup.
        let names: Vec<Range<usize>> = doc.turns.iter().map(|t| t.label.range.clone()).collect();
        for tag in &captions.tags {
            without(tag.clone(), &names, TAG, &mut tokens);
        }
    }
    tokens.sort_by_key(|(r, _)| (r.start, r.end));

    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_char, mut last_end) = (0u32, 0u32, 0usize);
    for (range, ty) in tokens {
        // Anything that still overlaps (a reference inside a marker) loses.
        if range.start < last_end || range.is_empty() {
            continue;
        }
        let start = snap.position(range.start);
        let end = snap.position(range.end);
        if start.line != end.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - prev_line;
        let delta_start = if delta_line == 0 {
            start.character - prev_char
        } else {
            start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: ty,
            token_modifiers_bitset: 0,
        });
        prev_line = start.line;
        prev_char = start.character;
        last_end = range.end;
    }
    out
}
