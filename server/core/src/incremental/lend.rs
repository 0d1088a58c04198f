//! Lending the kept lists to a [`Transcript`] and taking them back: the
//! rules and the requests read the model as a `Transcript`, which owns its
//! lists, so the analysis moves its lists (and the kept layout's turns,
//! notes and header) into one and out again rather than copying them.

use std::ops::Range;

use super::layout::Kept;
use super::shift::{moved, Shift};
use super::span::{moves, Span};
use super::Analysis;
use crate::config::Config;
use crate::model::{self, Facts, Line, Note, Transcript};

/// What the join of markers across lines reads of a layout
/// (`Transcript::assemble`): where turns start, the furniture it passes
/// over, and where the notes block starts, as byte offsets. The rest it
/// reads is the lines' own text, which a pass records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JoinLayout {
    turn_starts: Vec<usize>,
    furniture: Vec<Range<usize>>,
    body_end: usize,
}

impl JoinLayout {
    fn of(layout: &model::Layout, lines: &[Line], text_len: usize) -> JoinLayout {
        let at = |i: usize| lines.get(i).map_or(text_len, |l| l.start);
        JoinLayout {
            turn_starts: layout.turns.iter().map(|t| t.range.start).collect(),
            furniture: layout
                .furniture
                .iter()
                .map(|r| at(r.start)..at(r.end))
                .collect(),
            body_end: at(layout.body_lines_end),
        }
    }

    /// Are `self` (before `edits`), moved by each edit in turn, and `now`
    /// the same, no edit touching an offset?
    fn same_moved(&self, now: &JoinLayout, edits: &[Span]) -> bool {
        let at = |o: usize, n: usize| {
            edits
                .iter()
                .try_fold(o, |x, s| s.moves(&(x..x)).map(|d| moved(x, d)))
                == Some(n)
        };
        self.turn_starts.len() == now.turn_starts.len()
            && self.furniture.len() == now.furniture.len()
            && at(self.body_end, now.body_end)
            && self
                .turn_starts
                .iter()
                .zip(&now.turn_starts)
                .all(|(&o, &n)| at(o, n))
            && self
                .furniture
                .iter()
                .zip(&now.furniture)
                .all(|(o, n)| at(o.start, n.start) && at(o.end, n.end))
    }
}

impl Analysis {
    /// The model of `text`, built from the kept lists, which stay lent until
    /// [`Analysis::take_back`].
    pub(super) fn lend<'t>(
        &mut self,
        text: &'t str,
        config: &Config,
    ) -> (Transcript<'t>, Vec<Note>) {
        // The edits since the last refresh, which made the kept passes.
        let edits = self.since_refresh;
        let (mut layout, spoken_from, blank_runs) = self.refresh(text, config);
        let mut facts = std::mem::take(&mut self.facts);
        facts.lexical.blank_runs = blank_runs.unwrap_or_else(|| self.blank_runs());
        let md_notes = facts.md_notes.clone();
        let lines = std::mem::take(&mut self.lines);
        self.lent = true;
        // The join's passes whose lines no edit touched, moved, while the
        // layout they were made with stands, or one laid out again that
        // reads the same to the join.
        let mut passes = std::mem::take(&mut self.passes);
        self.passes_layout_edits.extend(edits);
        let mut stands = self.passes_laid_out == self.laid_out;
        if !stands {
            let now = JoinLayout::of(&layout, &lines, text.len());
            stands = self
                .passes_layout
                .as_ref()
                .is_some_and(|old| old.same_moved(&now, &self.passes_layout_edits));
            self.passes_layout = Some(now);
            self.passes_layout_edits.clear();
        } else if self.passes_layout.is_none() || self.passes_layout_edits.len() > 32 {
            // The first layout, or the edits to map it through have grown:
            // what the next layout is compared with, as it is now.
            self.passes_layout = Some(JoinLayout::of(&layout, &lines, text.len()));
            self.passes_layout_edits.clear();
        }
        if stands {
            passes.retain_mut(|p| match moves(edits, &p.read) {
                Some(d) => {
                    p.shift(d);
                    true
                }
                None => false,
            });
        } else {
            passes.clear();
        }
        let doc = Transcript::assemble(text, lines, &mut layout, facts, spoken_from, passes);
        // What the transcript took of the layout comes back with it.
        self.kept = Some(Kept {
            layout,
            roster: config.settings.roster.clone(),
            blank_runs: Vec::new(),
            spoken_from: Vec::new(),
        });
        (doc, md_notes)
    }

    fn blank_runs(&self) -> Vec<Range<usize>> {
        let mut lexical = crate::model::Lexical::default();
        let n = self.lines.len();
        for (i, (line, state)) in self.lines.iter().zip(&self.states).enumerate() {
            if state.blank {
                lexical.push_blank(i, line.start == line.content_end, i + 1 == n);
            }
        }
        lexical.blank_runs
    }

    pub(super) fn take_back(&mut self, doc: Transcript, md_notes: Vec<model::Note>) {
        self.lent = false;
        let Transcript {
            lines,
            mut markers,
            groups,
            mut footnote_refs,
            subscripts,
            mut timestamps,
            clock_boundaries,
            mentions,
            mut lexical,
            mut joined,
            turns,
            notes,
            notes_block,
            header,
            note_sections,
            roster,
            spoken_from,
            ..
        } = doc;
        // The lists as the lines gave them, before markers were joined
        // across line breaks; the passes of the join, for the next.
        self.passes = std::mem::take(&mut joined.passes);
        self.passes_laid_out = self.laid_out;
        joined.undo(&mut markers, &mut timestamps);
        let blank_runs = std::mem::take(&mut lexical.blank_runs);
        // The layout gets back what the transcript took: its notes are the
        // transcript's unless Markdown notes were added to them.
        if md_notes.is_empty() {
            if let Some(kept) = &mut self.kept {
                let layout = &mut kept.layout;
                (layout.turns, layout.notes) = (turns, notes);
                (layout.notes_block, layout.header) = (notes_block, header);
                (layout.note_sections, layout.roster) = (note_sections, roster);
                (kept.blank_runs, kept.spoken_from) = (blank_runs, spoken_from);
            }
        } else {
            self.kept = None;
        }
        if !subscripts.is_empty() {
            footnote_refs.extend(subscripts);
            footnote_refs.sort_by_key(|r| r.range.start);
        }
        self.lines = lines;
        self.facts = Facts {
            brackets: model::markers::LineBrackets {
                markers,
                groups,
                refs: footnote_refs,
                timestamps,
            },
            mentions,
            md_notes,
            clock_boundaries,
            lexical,
        };
    }
}
