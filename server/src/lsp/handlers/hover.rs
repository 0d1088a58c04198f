//! `textDocument/hover`: who a speaker is, what a note says, what a marker
//! means.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use verbatim_core::model::{Element, Transcript};

use crate::lsp::position;
use crate::lsp::session::Snapshot;

/// What an annotation marker tells a reader, by its canonical tag.
pub fn marker_meaning(tag: &str) -> &'static str {
    match tag {
        "inaudible" | "unintelligible" | "indiscernible" => {
            "The words here could not be made out from the audio."
        }
        "crosstalk" | "cross-talk" | "overlapping" | "overtalk" => {
            "Several people spoke at once; the words could not be separated."
        }
        "laughter" | "laughs" | "laughing" | "chuckles" => "The speaker or the room laughed.",
        "applause" => "The audience applauded.",
        "via interpreter" | "as interpreted" | "through interpreter" | "through an interpreter" => {
            "What follows is an interpreter's rendering of the speaker's words."
        }
        "foreign language" => "Speech in a language the transcript does not render.",
        "pause" | "silence" => "A noticeable pause in speech.",
        "music" | "video plays" | "audio plays" => {
            "Recorded media played; no speech to transcribe."
        }
        "background noise" | "noise" | "static" | "beep" | "phone rings" => {
            "A sound, not speech, that affected the recording."
        }
        "coughs" | "sighs" | "clears throat" => "A non-verbal sound from the speaker.",
        "phonetic" => "The preceding word is spelled as it sounded; the spelling is unconfirmed.",
        "audio cuts out" | "technical difficulties" | "break in transcript" => {
            "The recording was interrupted; words may be missing."
        }
        "interruption" => "The speaker was interrupted.",
        "off mic" | "off-mic" | "off mike" => "Spoken away from the microphone.",
        "in progress" => "The recording begins after the event had started.",
        "recess" => "The proceedings paused.",
        t if t.starts_with("in ") => "The speaker switched to another language here.",
        _ => "An annotation marker from the project's configured vocabulary.",
    }
}

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
            let s = doc.speaker_summary(&snap.config, &label.key)?;
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
