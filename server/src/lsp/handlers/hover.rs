//! `textDocument/hover`: who a speaker is, what a note says, what a marker
//! means, and when a caption cue starts, ends and how long it lasts.

use std::ops::Range;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use verbatim_core::model::captions::format_millis;
use verbatim_core::model::{marker_meaning, Element, Transcript};

use crate::lsp::position;
use crate::lsp::snapshot::Snapshot;

fn line(snap: &Snapshot, offset: usize) -> usize {
    position::line_of(&snap.rope, offset) + 1
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `4.200 s`, `1 min 3.600 s`.
fn duration(ms: u64) -> String {
    let (minutes, rest) = (ms / 60_000, ms % 60_000);
    let seconds = format!("{}.{:03} s", rest / 1000, rest % 1000);
    if minutes > 0 {
        format!("{minutes} min {seconds}")
    } else {
        seconds
    }
}

/// On a caption cue's timing line: its start, end and duration.
fn cue_timing(snap: &Snapshot, doc: &Transcript, offset: usize) -> Option<(String, Range<usize>)> {
    let captions = doc.captions.as_ref()?;
    let cue = captions.cue_at(offset)?;
    let t = &cue.timing;
    if position::line_of(&snap.rope, offset) != position::line_of(&snap.rope, t.range.start) {
        return None;
    }
    let title = match &cue.id {
        Some(id) => format!("**Cue {}**", doc.slice(id)),
        None => "**Cue**".to_string(),
    };
    let md = match t.span() {
        Some((start, end)) => {
            let f = |ms| format_millis(ms, captions.format);
            let length = if end > start {
                duration(end - start)
            } else {
                "none: the cue ends before it starts".to_string()
            };
            format!(
                "{title}\n\nStart `{}` · End `{}` · Duration {length}",
                f(start),
                f(end)
            )
        }
        None => format!("{title}\n\nIts timing cannot be read."),
    };
    Some((md, t.range.clone()))
}

pub fn hover(snap: &Snapshot, doc: &Transcript, pos: Position) -> Option<Hover> {
    let offset = snap.offset(pos);
    let (markdown, range) = match cue_timing(snap, doc, offset) {
        Some(found) => found,
        None => element(snap, doc, offset)?,
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(snap.range(range)),
    })
}

/// What the element at `offset` (a label, a note, a marker...) is.
fn element(snap: &Snapshot, doc: &Transcript, offset: usize) -> Option<(String, Range<usize>)> {
    Some(match doc.element_at(offset)? {
        Element::Label(i) => {
            let label = &doc.turns[i].label;
            let s = doc.speaker_summary(&snap.config.settings, &label.key)?;
            let mut md = format!("**{}**", doc.slice(&label.range));
            let configured = snap.config.settings.roster.contains_key(&*label.key);
            match (&s.full_name, &s.introduced_at, &s.named_at) {
                (Some(name), Some(at), _) => {
                    md += &format!("\n\n{name} (introduced on line {})", line(snap, at.start))
                }
                (Some(name), None, Some(at)) if !configured => {
                    md += &format!(
                        "\n\n{name} (from the file's roster, line {})",
                        line(snap, at.start)
                    )
                }
                (Some(name), None, _) => md += &format!("\n\n{name} (from the roster)"),
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
    })
}
