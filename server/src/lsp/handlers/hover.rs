//! `textDocument/hover`: who a speaker is, what a note says, what a marker
//! means.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use verbatim_core::model::{marker_meaning, Element, Transcript};

use crate::lsp::position;
use crate::lsp::snapshot::Snapshot;

fn line(snap: &Snapshot, offset: usize) -> usize {
    position::line_of(&snap.rope, offset) + 1
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn hover(snap: &Snapshot, doc: &Transcript, pos: Position) -> Option<Hover> {
    let offset = snap.offset(pos);
    let (markdown, range) = match doc.element_at(offset)? {
        Element::Label(i) => {
            let label = &doc.turns[i].label;
            let s = doc.speaker_summary(&snap.config.settings, &label.key)?;
            let mut md = format!("**{}**", doc.slice(&label.range));
            match (&s.full_name, &s.introduced_at) {
                (Some(name), Some(at)) => {
                    md += &format!("\n\n{name} (introduced on line {})", line(snap, at.start))
                }
                (Some(name), None) => md += &format!("\n\n{name} (from the roster)"),
                _ => {}
            }
            md += &format!(
                "\n\n{}, {}. First appears on line {}.",
                plural(s.turns.len(), "turn", "turns"),
                plural(s.words, "word", "words"),
                line(snap, s.first.start)
            );
            (md, label.range.clone())
        }
        Element::FootnoteRef(i) => {
            let r = &doc.footnote_refs[i];
            let notes: Vec<_> = doc.notes.iter().filter(|n| n.number == r.number).collect();
            let md = match notes.first() {
                Some(n) => format!(
                    "**Note {}** (line {})\n\n{}",
                    r.number,
                    line(snap, n.range.start),
                    doc.slice(&n.body)
                ),
                None => format!(
                    "**Note {}**\n\nThis document has no note {}.",
                    r.number, r.number
                ),
            };
            (md, r.range.clone())
        }
        Element::Note(i) => {
            let n = &doc.notes[i];
            let refs = doc
                .footnote_refs
                .iter()
                .filter(|r| r.number == n.number)
                .count();
            (
                format!(
                    "**Note {}**\n\nReferenced {} in the text.",
                    n.number,
                    plural(refs, "time", "times")
                ),
                n.label.clone(),
            )
        }
        Element::Marker(i) => {
            let m = &doc.markers[i];
            (
                format!("**{}** marker\n\n{}", m.tag.0, marker_meaning(&m.tag.0)),
                m.range.clone(),
            )
        }
        Element::Timestamp(i) => {
            let t = &doc.timestamps[i];
            let md = match t.seconds {
                Some(s) => format!(
                    "**Timestamp** {}: {s} seconds from the start",
                    doc.slice(&t.range)
                ),
                None => format!("**Timestamp** {}: cannot be read", doc.slice(&t.range)),
            };
            (md, t.range.clone())
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(snap.range(range)),
    })
}
