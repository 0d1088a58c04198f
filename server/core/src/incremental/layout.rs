//! The layout kept between refreshes, and when an edit leaves it standing.
//!
//! Laying a document out (which candidates are labels, the turns, the
//! furniture, the notes) walks every line; on a 3.5 MB hearing, finding its
//! furniture again was most of a keystroke. Yet a keystroke in the middle of
//! a paragraph changes none of it: the layout after it is the layout before,
//! its byte offsets moved. [`Kept::stands`] says when that is certain, from
//! what the document-wide stage reads of the edited lines: their number,
//! their candidates, their blankness, and what the format's reader reads of
//! a line beside them ([`model::formats::line_shape`]). Then [`Kept::moved`]
//! gives the layout with its offsets moved, and only the edited lines are
//! scanned again.

use std::collections::BTreeMap;
use std::ops::Range;

use super::shift::moved;
use crate::model::labels::Candidate;
use crate::model::lines::Line;
use crate::model::{self, SpeakerLabel};

/// The last refresh's layout, in the text as it was then, and what was
/// built from it that an edit that leaves it standing leaves standing too.
#[derive(Debug, Clone)]
pub(super) struct Kept {
    pub layout: model::Layout,
    /// The roster the layout was made with (labels in it are accepted).
    pub roster: BTreeMap<String, String>,
    /// The runs of blank lines (line indices).
    pub blank_runs: Vec<Range<usize>>,
    /// Lines whose spoken text starts after a prefix: line and length.
    pub spoken_from: Vec<(usize, usize)>,
}

/// What the document-wide stage read of the lines an edit replaced, as they
/// were: compared with the lines that replace them.
pub(super) struct Replaced {
    pub lines: Vec<Line>,
    pub candidates: Vec<Option<Box<Candidate>>>,
    /// Each line's [`model::formats::line_shape`], and whether it was
    /// scanned as blank.
    pub shapes: Vec<Option<u8>>,
    pub blank: Vec<bool>,
}

impl Kept {
    /// Does the layout stand after the edit that replaced `old` by the lines
    /// `at..at + new.len()`? Only if the edit kept the number of lines, and
    /// every replaced line has the same candidate (relative to its start),
    /// blankness and shape as the line in its place (the shape is all the
    /// reader reads of a line, furniture included, so a keystroke in a
    /// hearing's banner or contents keeps the layout), and none of them is
    /// a note's (whose number and text the layout reads) or lies after the
    /// last label (where the notes block is looked for): the reader then
    /// reads the same things as before, except offsets.
    pub fn stands(
        &self,
        old: &Replaced,
        at: usize,
        new: &[Line],
        new_candidates: &[Option<Box<Candidate>>],
        new_shapes: &[Option<u8>],
        roster: &BTreeMap<String, String>,
    ) -> bool {
        let layout = &self.layout;
        let n = new.len();
        if n == 0 || old.lines.len() != n || *roster != self.roster {
            return false;
        }
        let Some(last_label) = layout.turns.last() else {
            return false;
        };
        // The last label's line, if it is among the replaced ones, is
        // compared below; lines after it are not replaced.
        if old.lines[n - 1].start > last_label.range.start {
            return false;
        }
        (0..n).all(|j| {
            let (o, l) = (&old.lines[j], &new[j]);
            let i = at + j;
            o.blank == l.blank
                && (o.start == o.content_end) == (l.start == l.content_end)
                && old.shapes[j].is_some()
                && old.shapes[j] == new_shapes[j]
                && !layout.in_notes(i)
                && same_candidate(
                    old.candidates[j].as_deref(),
                    o.start,
                    new_candidates[j].as_deref(),
                    l.start,
                )
        })
    }

    /// The layout moved to the text after the edit (see [`Kept::stands`]):
    /// `old` are the replaced lines, `new` the lines now in their place.
    pub fn moved(mut self, old: &[Line], new: &[Line], delta: isize) -> Kept {
        let first = old[0].start;
        let last_end = old[old.len() - 1].end;
        // An offset is a line's start or content end, or lies inside a
        // label, whose place in its line the edit kept.
        let map = |o: usize| -> usize {
            if o < first {
                o
            } else if o >= last_end {
                moved(o, delta)
            } else {
                let j = old.partition_point(|l| l.end <= o);
                let (ol, nl) = (&old[j], &new[j]);
                if o >= ol.content_end {
                    nl.content_end + (o - ol.content_end)
                } else {
                    o - ol.start + nl.start
                }
            }
        };
        let range = |r: &mut Range<usize>| {
            r.start = map(r.start);
            r.end = map(r.end);
        };
        let layout = &mut self.layout;
        let from = layout.turns.partition_point(|t| t.range.end < first);
        for turn in &mut layout.turns[from..] {
            range(&mut turn.range);
            range(&mut turn.body);
            move_label(&mut turn.label, &range);
        }
        let from = layout.notes.partition_point(|n| n.range.end < first);
        for note in &mut layout.notes[from..] {
            range(&mut note.range);
            range(&mut note.label);
            range(&mut note.number_range);
            range(&mut note.body);
        }
        if let Some(block) = &mut layout.notes_block {
            range(&mut block.range);
            if let Some(h) = &mut block.heading {
                range(h);
            }
        }
        if let Some(h) = &mut layout.header {
            range(h);
        }
        let from = layout.note_sections.partition_point(|r| r.end < first);
        layout.note_sections[from..].iter_mut().for_each(range);
        for entry in &mut layout.roster {
            range(&mut entry.name);
        }
        self
    }
}

fn move_label(label: &mut SpeakerLabel, range: &impl Fn(&mut Range<usize>)) {
    range(&mut label.range);
    range(&mut label.full);
    if let Some(ts) = &mut label.timestamp {
        range(ts);
    }
}

/// Are two candidates the same, each read from its line's start?
fn same_candidate(a: Option<&Candidate>, a_at: usize, b: Option<&Candidate>, b_at: usize) -> bool {
    let rel = |r: &Range<usize>, at: usize| r.start.wrapping_sub(at)..r.end.wrapping_sub(at);
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            let (x, y) = (&a.label, &b.label);
            rel(&x.range, a_at) == rel(&y.range, b_at)
                && rel(&x.full, a_at) == rel(&y.full, b_at)
                && x.timestamp.as_ref().map(|t| rel(t, a_at))
                    == y.timestamp.as_ref().map(|t| rel(t, b_at))
                && x.key == y.key
                && x.form == y.form
                && x.text_follows == y.text_follows
                && a.body_start.wrapping_sub(a_at) == b.body_start.wrapping_sub(b_at)
                && a.strong == b.strong
        }
        _ => false,
    }
}
