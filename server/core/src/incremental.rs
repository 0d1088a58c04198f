//! Incremental analysis for editors: keep a document's model current as
//! edits arrive, so a keystroke costs the lines it touched rather than a
//! full parse.
//!
//! [`Analysis`] holds what the parse would compute, kept between edits:
//!
//! - the line table, and each line's label candidate (stage 1, line-local);
//! - the line-local facts (markers, bracket groups, footnote references,
//!   timestamps, name mentions, lexical facts), each list in line order with
//!   document offsets, and for each line the context it was scanned in
//!   (whether its label was accepted, whether it lies in the notes block).
//!
//! [`Analysis::edit`] drops the lines around an edit and their facts and
//! shifts everything after by the edit's length change; it needs no text,
//! so an editor can report several changes and bring the model up to date
//! once. [`Analysis::diagnostics`] re-splits the edited stretch, re-runs the
//! document-wide stage (which labels are accepted, turns, header, notes
//! block: cheap, it walks candidates and block boundaries), rescans every
//! line whose text or context changed, and runs the rules.
//!
//! **Invariant:** after any sequence of edits, the diagnostics equal
//! [`crate::lint`] on the same text. The property test in
//! `tests/incremental.rs` checks it on random edit sequences.

use std::ops::Range;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::labels::Candidate;
use crate::model::lines::{split_into, Line};
use crate::model::{self, Facts, Transcript};

/// The context a line was scanned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Context {
    label: bool,
    in_notes: bool,
}

#[derive(Debug, Clone, Copy)]
struct LineState {
    /// `None` until the line's facts are in the lists.
    scanned: Option<Context>,
    /// Where spoken text starts, from the line start.
    skip: usize,
    blank: bool,
}

const UNSCANNED: LineState = LineState {
    scanned: None,
    skip: 0,
    blank: false,
};

/// The analysis of one open document. See the module documentation.
#[derive(Debug, Clone)]
pub struct Analysis {
    lines: Vec<Line>,
    candidates: Vec<Option<Candidate>>,
    states: Vec<LineState>,
    facts: Facts,
    /// Lines removed by edits and not yet re-split: where they go in
    /// `lines`, and their bytes in the current text.
    hole: Option<(usize, Range<usize>)>,
    /// The length the text has after the edits so far.
    len: usize,
    /// The marker vocabulary the facts were scanned with.
    extra_tags: Vec<String>,
    /// Set while the lists are lent to a [`Transcript`]: if a rule panics
    /// they are gone, and the next call rebuilds.
    lent: bool,
}

impl Analysis {
    /// Analyses `text` from scratch.
    pub fn new(text: &str, config: &Config) -> Analysis {
        let mut analysis = Analysis {
            lines: Vec::new(),
            candidates: Vec::new(),
            states: Vec::new(),
            facts: Facts::default(),
            hole: Some((0, 0..text.len())),
            len: text.len(),
            extra_tags: config.extra_tags.clone(),
            lent: false,
        };
        analysis.refresh(text, config);
        analysis
    }

    /// Records one edit: bytes `range` of the text before the edit were
    /// replaced by `inserted_len` bytes. Call it once per change, in order;
    /// the text itself is only needed by the next [`Analysis::diagnostics`]
    /// or [`Analysis::with_transcript`].
    pub fn edit(&mut self, range: Range<usize>, inserted_len: usize) {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        let delta = inserted_len as isize - (end - start) as isize;
        self.len = (self.len as isize + delta) as usize;
        if self.lent {
            return;
        }

        // The lines to drop: those the edit touches, plus one on each side,
        // since a line ending can change across the edit's boundary (a `\n`
        // typed after a lone `\r` joins them into one CRLF).
        let line_of = |lines: &[Line], offset: usize| {
            lines
                .partition_point(|l| l.start <= offset)
                .saturating_sub(1)
        };
        let (mut a, mut b, mut from, mut to);
        match &self.hole {
            None => {
                a = line_of(&self.lines, start).saturating_sub(1);
                from = self.lines[a].start;
                b = (line_of(&self.lines, end) + 2).min(self.lines.len());
                to = self.lines[b - 1].end;
            }
            Some((at, bytes)) => {
                // Lines before the hole end at its start, lines after it
                // start at its end. An edit strictly inside the hole leaves
                // the lines around it alone.
                (a, b, from, to) = (*at, *at, bytes.start, bytes.end);
                if start <= from && a > 0 {
                    a = line_of(&self.lines[..a], start).saturating_sub(1);
                    from = self.lines[a].start;
                }
                if end >= to && b < self.lines.len() {
                    b = (b + line_of(&self.lines[b..], end) + 2).min(self.lines.len());
                    to = self.lines[b - 1].end;
                }
            }
        }

        self.lines.drain(a..b);
        self.candidates.drain(a..b);
        self.states.drain(a..b);
        self.facts.remove(from..to, delta);
        for line in &mut self.lines[a..] {
            line.shift(delta);
        }
        for candidate in self.candidates[a..].iter_mut().flatten() {
            candidate.shift(delta);
        }
        self.hole = Some((a, from..(to as isize + delta) as usize));
    }

    /// The diagnostics of `text`, which must be the text after every edit
    /// recorded so far. Equal to [`crate::lint`]`(text, config)`.
    pub fn diagnostics(&mut self, text: &str, config: &Config) -> Vec<Diagnostic> {
        self.with_transcript(text, config, |doc| crate::rules::run(doc, config))
    }

    /// Brings the model up to date with `text` and lends it to `f`: for
    /// hover, completion and the other requests that read the model.
    pub fn with_transcript<R>(
        &mut self,
        text: &str,
        config: &Config,
        f: impl FnOnce(&Transcript) -> R,
    ) -> R {
        let (layout, spoken_from) = self.refresh(text, config);
        let mut facts = std::mem::take(&mut self.facts);
        facts.lexical.blank_runs = self.blank_runs();
        let md_notes = facts.md_notes.clone();
        let lines = std::mem::take(&mut self.lines);
        self.lent = true;
        let doc = Transcript::assemble(text, lines, layout, facts, spoken_from);
        let out = f(&doc);
        self.lent = false;
        self.take_back(doc, md_notes);
        out
    }

    /// Re-splits the edited stretch, lays out the document and rescans every
    /// line whose text or context changed.
    fn refresh(&mut self, text: &str, config: &Config) -> (model::Layout, Vec<(usize, usize)>) {
        if self.lent || self.len != text.len() || config.extra_tags != self.extra_tags {
            // A rule panicked with the lists lent, the caller's edits do not
            // add up to this text, or the vocabulary changed: start over.
            *self = Analysis {
                lines: Vec::new(),
                candidates: Vec::new(),
                states: Vec::new(),
                facts: Facts::default(),
                hole: Some((0, 0..text.len())),
                len: text.len(),
                extra_tags: config.extra_tags.clone(),
                lent: false,
            };
        }
        if let Some((at, bytes)) = self.hole.take() {
            let mut fresh = Vec::new();
            split_into(&text[bytes.clone()], bytes.start, &mut fresh);
            if at < self.lines.len() {
                // The stretch ends with a line ending; what follows it is the
                // next line, already in the table.
                fresh.pop();
            }
            let candidates: Vec<Option<Candidate>> =
                fresh.iter().map(|l| model::candidate(text, l)).collect();
            let n = fresh.len();
            self.lines.splice(at..at, fresh);
            self.candidates.splice(at..at, candidates);
            self.states
                .splice(at..at, std::iter::repeat_n(UNSCANNED, n));
        }

        let by_ref: Vec<(usize, &Candidate)> = self
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
            .collect();
        let layout = model::layout(text, &self.lines, &by_ref, config);

        // Each line's context now; the lines scanned in another (or never).
        let mut labels: Vec<Option<usize>> = vec![None; self.lines.len()];
        for &k in &layout.accepted {
            labels[by_ref[k].0] = Some(k);
        }
        let context = |i: usize| Context {
            label: labels[i].is_some(),
            in_notes: i >= layout.body_lines_end,
        };
        let mut runs: Vec<Range<usize>> = Vec::new();
        for i in 0..self.lines.len() {
            if self.states[i].scanned != Some(context(i)) {
                match runs.last_mut() {
                    Some(run) if run.end == i => run.end = i + 1,
                    _ => runs.push(i..i + 1),
                }
            }
        }

        // Few stretches: splice each. Many (a label accepted or dropped all
        // over the document): one pass over every line is cheaper.
        let n = self.lines.len();
        let everything = runs.len() > 32 || runs.first().is_some_and(|r| *r == (0..n));
        if everything {
            runs.clear();
            runs.push(0..self.lines.len());
            self.facts = Facts::default();
        }
        let (lines, states, facts) = (&self.lines, &mut self.states, &mut self.facts);
        model::with_vocabulary(config, |vocab| {
            let scan = |run: Range<usize>, states: &mut [LineState], sink: &mut Facts| {
                for (i, state) in run.zip(states) {
                    let label = labels[i].map(|k| &by_ref[k].1.label);
                    let ctx = context(i);
                    let (skip, blank) =
                        model::scan_line(text, &lines[i], label, ctx.in_notes, vocab, sink);
                    *state = LineState {
                        scanned: Some(ctx),
                        skip,
                        blank,
                    };
                }
            };
            if everything && lines.len() >= PARALLEL_FROM_LINES {
                // Opening a large document: the lines are independent, so
                // the two halves are scanned at once and their facts, each
                // in line order, joined in order. The result is the same as
                // one pass; only the wait for first diagnostics is shorter.
                let mid = lines.len() / 2;
                let (first, second) = states.split_at_mut(mid);
                let mut later = Facts::default();
                std::thread::scope(|threads| {
                    threads.spawn(|| scan(mid..lines.len(), second, &mut later));
                    scan(0..mid, first, facts);
                });
                facts.append(later);
                return;
            }
            for run in &runs {
                let mut scratch = Facts::default();
                let sink = if everything {
                    &mut *facts
                } else {
                    &mut scratch
                };
                for i in run.clone() {
                    let label = labels[i].map(|k| &by_ref[k].1.label);
                    let ctx = context(i);
                    let (skip, blank) =
                        model::scan_line(text, &lines[i], label, ctx.in_notes, vocab, sink);
                    states[i] = LineState {
                        scanned: Some(ctx),
                        skip,
                        blank,
                    };
                }
                if !everything {
                    let from = lines[run.start].start;
                    let to = lines.get(run.end).map_or(usize::MAX, |l| l.start);
                    facts.replace(from..to, scratch);
                }
            }
        });

        let spoken_from = self
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.skip > 0)
            .map(|(i, s)| (i, s.skip))
            .collect();
        (layout, spoken_from)
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

    fn take_back(&mut self, doc: Transcript, md_notes: Vec<model::Note>) {
        let Transcript {
            lines,
            markers,
            groups,
            mut footnote_refs,
            subscripts,
            timestamps,
            mentions,
            mut lexical,
            ..
        } = doc;
        lexical.blank_runs = Vec::new();
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
            lexical,
        };
    }
}

/// Documents with at least this many lines are scanned on two threads when
/// every line must be (on open, or after a change of context everywhere).
const PARALLEL_FROM_LINES: usize = 4096;

/// Moving a fact by an edit's length change.
pub(crate) trait Shift {
    fn start(&self) -> usize;
    fn shift(&mut self, delta: isize);
}

fn moved(offset: usize, delta: isize) -> usize {
    (offset as isize + delta) as usize
}

fn moved_range(r: &mut Range<usize>, delta: isize) {
    r.start = moved(r.start, delta);
    r.end = moved(r.end, delta);
}

impl Shift for Line {
    fn start(&self) -> usize {
        self.start
    }
    fn shift(&mut self, d: isize) {
        self.start = moved(self.start, d);
        self.content_end = moved(self.content_end, d);
        self.end = moved(self.end, d);
    }
}

impl Shift for Candidate {
    fn start(&self) -> usize {
        self.label.full.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.label.range, d);
        moved_range(&mut self.label.full, d);
        if let Some(ts) = &mut self.label.timestamp {
            moved_range(ts, d);
        }
        self.body_start = moved(self.body_start, d);
    }
}

impl Shift for Range<usize> {
    fn start(&self) -> usize {
        self.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(self, d);
    }
}

impl Shift for model::Marker {
    fn start(&self) -> usize {
        self.range.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.range, d);
        moved_range(&mut self.tag_range, d);
        if let Some(ts) = &mut self.timestamp {
            moved_range(ts, d);
        }
        match &mut self.closer {
            model::Closer::Matched(p) | model::Closer::Mismatched(p) => *p = moved(*p, d),
            model::Closer::Missing => {}
        }
        self.close_at = moved(self.close_at, d);
    }
}

impl Shift for model::BracketGroup {
    fn start(&self) -> usize {
        self.range.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.range, d);
        moved_range(&mut self.inner, d);
        moved_range(&mut self.words, d);
        if let Some(ts) = &mut self.timestamp {
            moved_range(ts, d);
        }
    }
}

impl Shift for model::NameMention {
    fn start(&self) -> usize {
        self.range.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.range, d);
        if let Some(p) = &mut self.prev {
            moved_range(p, d);
        }
    }
}

/// `Shift` for facts that are only byte ranges: the first field is where the
/// fact starts, and every listed field moves with an edit.
macro_rules! shift_ranges {
    ($($ty:ty => $first:ident $(, $rest:ident)*;)*) => {$(
        impl Shift for $ty {
            fn start(&self) -> usize {
                self.$first.start
            }
            fn shift(&mut self, d: isize) {
                moved_range(&mut self.$first, d);
                $(moved_range(&mut self.$rest, d);)*
            }
        }
    )*};
}

shift_ranges! {
    model::FootnoteRef => range;
    model::Timestamp => range;
    model::Quote => range;
    model::CutOff => range;
    model::Note => range, label, number_range, body;
    model::DoubledWord => first, second;
}

/// The facts starting in `bytes`, as an index range of `list`.
fn span<T: Shift>(list: &[T], bytes: &Range<usize>) -> Range<usize> {
    let lo = list.partition_point(|f| f.start() < bytes.start);
    let hi = lo + list[lo..].partition_point(|f| f.start() < bytes.end);
    lo..hi
}

/// Drops the facts starting in `bytes` and shifts the later ones.
fn remove<T: Shift>(list: &mut Vec<T>, bytes: &Range<usize>, delta: isize) {
    let r = span(list, bytes);
    let at = r.start;
    list.drain(r);
    if delta != 0 {
        for f in &mut list[at..] {
            f.shift(delta);
        }
    }
}

/// Replaces the facts starting in `bytes` with `new`.
fn replace<T: Shift>(list: &mut Vec<T>, bytes: &Range<usize>, new: Vec<T>) {
    let r = span(list, bytes);
    list.splice(r, new);
}

impl Facts {
    fn remove(&mut self, bytes: Range<usize>, delta: isize) {
        let b = &bytes;
        remove(&mut self.brackets.markers, b, delta);
        remove(&mut self.brackets.groups, b, delta);
        remove(&mut self.brackets.refs, b, delta);
        remove(&mut self.brackets.timestamps, b, delta);
        remove(&mut self.mentions, b, delta);
        remove(&mut self.md_notes, b, delta);
        let lx = &mut self.lexical;
        remove(&mut lx.trailing_whitespace, b, delta);
        remove(&mut lx.double_spaces, b, delta);
        remove(&mut lx.doubled_words, b, delta);
        remove(&mut lx.quotes, b, delta);
        remove(&mut lx.cut_offs, b, delta);
        remove(&mut lx.space_before_punctuation, b, delta);
    }

    /// Appends the facts of the lines after these.
    fn append(&mut self, mut later: Facts) {
        let (b, l) = (&mut self.brackets, &mut later.brackets);
        b.markers.append(&mut l.markers);
        b.groups.append(&mut l.groups);
        b.refs.append(&mut l.refs);
        b.timestamps.append(&mut l.timestamps);
        self.mentions.append(&mut later.mentions);
        self.md_notes.append(&mut later.md_notes);
        let (x, l) = (&mut self.lexical, &mut later.lexical);
        x.trailing_whitespace.append(&mut l.trailing_whitespace);
        x.double_spaces.append(&mut l.double_spaces);
        x.doubled_words.append(&mut l.doubled_words);
        x.quotes.append(&mut l.quotes);
        x.cut_offs.append(&mut l.cut_offs);
        x.space_before_punctuation
            .append(&mut l.space_before_punctuation);
        x.blank_runs.append(&mut l.blank_runs);
    }

    fn replace(&mut self, bytes: Range<usize>, new: Facts) {
        let b = &bytes;
        replace(&mut self.brackets.markers, b, new.brackets.markers);
        replace(&mut self.brackets.groups, b, new.brackets.groups);
        replace(&mut self.brackets.refs, b, new.brackets.refs);
        replace(&mut self.brackets.timestamps, b, new.brackets.timestamps);
        replace(&mut self.mentions, b, new.mentions);
        replace(&mut self.md_notes, b, new.md_notes);
        let (lx, n) = (&mut self.lexical, new.lexical);
        replace(&mut lx.trailing_whitespace, b, n.trailing_whitespace);
        replace(&mut lx.double_spaces, b, n.double_spaces);
        replace(&mut lx.doubled_words, b, n.doubled_words);
        replace(&mut lx.quotes, b, n.quotes);
        replace(&mut lx.cut_offs, b, n.cut_offs);
        replace(
            &mut lx.space_before_punctuation,
            b,
            n.space_before_punctuation,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document long enough to be scanned on two threads, with facts of
    /// every kind on both sides of the split.
    fn long_briefing() -> String {
        let mut text = String::from("Press Briefing\nWashington, DC\n\n");
        for i in 0..2500 {
            let speaker = ["SECRETARY KERRY", "FOREIGN MINISTER LAVROV", "MR KIRBY"][i % 3];
            text += &format!(
                "{speaker}:\u{a0}Thank  you (Laughter) and and “welcome” , Mr. Lavrow[{}].\r\n\n",
                i % 7 + 1
            );
            if i % 5 == 0 {
                text += "SECRETRY KERRY: Yes (inaudible.\n\n";
            }
        }
        text += "[1] A note.\n[2] Another.\n[3] A third.\n";
        text
    }

    #[test]
    fn a_long_document_scanned_in_halves_equals_a_fresh_lint() {
        let text = long_briefing();
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        assert!(analysis.lines.len() >= PARALLEL_FROM_LINES);
        let fresh = crate::lint(&text, &config);
        assert!(fresh.len() > 1000, "{} diagnostics", fresh.len());
        assert_eq!(analysis.diagnostics(&text, &config), fresh);

        // And after an edit in each half.
        let mut text = text;
        for at in [text.len() / 4, 3 * text.len() / 4] {
            let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
            text.insert_str(at, "  x");
            analysis.edit(at..at, 3);
        }
        assert_eq!(
            analysis.diagnostics(&text, &config),
            crate::lint(&text, &config)
        );
    }
}
