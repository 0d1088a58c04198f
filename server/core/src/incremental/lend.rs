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
use crate::settings::Format;

/// What the join of markers across lines reads of a layout
/// (`Transcript::assemble`): where turns start, the furniture it passes
/// over, and where the notes block starts, as byte offsets. The rest it
/// reads is the lines' own text, which a pass records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JoinLayout {
    format: Format,
    turn_starts: Vec<usize>,
    furniture: Vec<Range<usize>>,
    body_end: usize,
}

impl JoinLayout {
    fn of(layout: &model::Layout, lines: &[Line], text_len: usize) -> JoinLayout {
        let at = |i: usize| lines.get(i).map_or(text_len, |l| l.start);
        JoinLayout {
            format: layout.format,
            turn_starts: layout.turns.iter().map(|t| t.range.start).collect(),
            furniture: layout
                .furniture
                .iter()
                .map(|r| at(r.start)..at(r.end))
                .collect(),
            body_end: at(layout.body_lines_end),
        }
    }

    /// Where `now` reads differently to the join from `self` (as before
    /// `edits`) moved by each edit in turn, as stretches of the text now: a
    /// turn that starts in one and not the other, furniture in one and not
    /// the other, the notes block's start. `None` when an edit touched a
    /// place the join reads, or the format changed: then nothing stands.
    fn changes(&self, now: &JoinLayout, edits: &[Span]) -> Option<Vec<Range<usize>>> {
        if self.format != now.format {
            return None;
        }
        let at = |o: usize| {
            edits
                .iter()
                .try_fold(o, |x, s| s.moves(&(x..x)).map(|d| moved(x, d)))
        };
        let starts: Vec<usize> = self
            .turn_starts
            .iter()
            .map(|&o| at(o))
            .collect::<Option<_>>()?;
        let furniture: Vec<Range<usize>> = self
            .furniture
            .iter()
            .map(|r| Some(at(r.start)?..at(r.end)?))
            .collect::<Option<_>>()?;
        let mut out = Vec::new();
        differ(&starts, &now.turn_starts, |&s| s, |&s| out.push(s..s));
        let ends = |r: &Range<usize>| (r.start, r.end);
        differ(&furniture, &now.furniture, ends, |r| out.push(r.clone()));
        let body_end = at(self.body_end)?;
        if body_end != now.body_end {
            out.extend([body_end..body_end, now.body_end..now.body_end]);
        }
        Some(out)
    }
}

/// Calls `f` with each item of `a` not in `b` and each of `b` not in `a`,
/// both sorted by `key`.
fn differ<T, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K, mut f: impl FnMut(&T)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if key(x) == key(y) => (i, j) = (i + 1, j + 1),
            (Some(x), Some(y)) if key(x) < key(y) => {
                f(x);
                i += 1;
            }
            (Some(x), None) => {
                f(x);
                i += 1;
            }
            (_, Some(y)) => {
                f(y);
                j += 1;
            }
            (None, None) => unreachable!("the loop ends first"),
        }
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
        // Where the layout reads differently to the join since the passes
        // were made (nowhere while it stands), or `None`: nothing stands.
        let mut changed = Some(Vec::new());
        if self.passes_laid_out != self.laid_out {
            let now = JoinLayout::of(&layout, &lines, text.len());
            changed = self
                .passes_layout
                .as_ref()
                .and_then(|old| old.changes(&now, &self.passes_layout_edits));
            self.passes_layout = Some(now);
            self.passes_layout_edits.clear();
        } else if self.passes_layout.is_none() || self.passes_layout_edits.len() > 32 {
            // The first layout, or the edits to map it through have grown:
            // what the next layout is compared with, as it is now.
            self.passes_layout = Some(JoinLayout::of(&layout, &lines, text.len()));
            self.passes_layout_edits.clear();
        }
        // A layout that reads differently in many places leaves few passes
        // standing: all are made again rather than each looked up.
        let changed = changed.filter(|c| c.len() <= 64);
        match changed {
            // A pass stands if no edit touched the lines it read and the
            // layout reads the same to the join there.
            Some(changed) => passes.retain_mut(|p| match moves(edits, &p.read) {
                Some(d) => {
                    p.shift(d);
                    !changed
                        .iter()
                        .any(|c| c.start <= p.read.end && p.read.start <= c.end)
                }
                None => false,
            }),
            None => passes.clear(),
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
