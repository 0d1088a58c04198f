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
//! line whose text or context changed, and runs the rules that read a part
//! of the model the edits changed ([`Reads`]). The other rules' diagnostics
//! from the last call are kept, moved by the edits.
//!
//! A part "changed" unless its items after the edits are its items before,
//! each moved by the length change and none touching the edited bytes: the
//! facts of the rescanned lines are compared with the facts those lines had
//! (kept aside when the edit dropped them), and the labels and notes with
//! those of the last call. A kept diagnostic is dropped, and its rule run
//! again, if any of its ranges touches the edited bytes.
//!
//! **Invariant:** after any sequence of edits, the diagnostics equal
//! [`crate::linter::lint`] on the same text. The property test in
//! `tests/incremental.rs` checks it on random edit sequences.

use std::ops::Range;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::linter;
use crate::model::labels::Candidate;
use crate::model::lines::{split_into, Line};
use crate::model::{self, Facts, LowerCaseLog, Note, NotesBlock, SpeakerLabel, Transcript};
use crate::registry::Rule;
use crate::rules::Reads;

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
    /// Boxed: most lines have none, and the list moves on every edit.
    candidates: Vec<Option<Box<Candidate>>>,
    /// Every speaker key seen, each text once.
    keys: foldhash::HashSet<model::SpeakerKey>,
    states: Vec<LineState>,
    facts: Facts,
    /// Lines the edits touched, not yet re-split: their places in `lines`
    /// (where they stay, out of date, until the refresh puts the new lines
    /// in their place, so that a keystroke moves no table), and their bytes
    /// in the current text.
    hole: Option<(Range<usize>, Range<usize>)>,
    /// The length the text has after the edits so far.
    len: usize,
    /// The marker vocabulary the facts were scanned with.
    extra_tags: Vec<String>,
    /// Set while the lists are lent to a [`Transcript`]: if a rule panics
    /// they are gone, and the next call rebuilds.
    lent: bool,
    /// The edits since the facts were last brought up to date, and since the
    /// last [`Analysis::diagnostics`].
    since_refresh: Option<Span>,
    since_lint: Option<Span>,
    /// The facts the edits dropped, and those a rescan replaced, where they
    /// were in the text at the last refresh: what the rescanned lines'
    /// facts are compared with.
    dropped: Facts,
    /// The parts of the model changed since the last `diagnostics`.
    changed: Reads,
    memo: Memo,
    /// The layout [`Analysis::new`] made, and the roster it was made with:
    /// the first refresh takes it when no edit came in between.
    ready: Option<Ready>,
}

type Ready = (
    std::collections::BTreeMap<String, String>,
    model::Layout,
    Vec<(usize, usize)>,
);

impl Analysis {
    /// Analyses `text` from scratch.
    pub fn new(text: &str, config: &Config) -> Analysis {
        let mut analysis = Analysis::empty(text.len(), config);
        let ready = analysis.refresh(text, config);
        // Kept for the first call, which usually follows at once.
        analysis.ready = Some((config.settings.roster.clone(), ready.0, ready.1));
        analysis
    }

    /// An analysis with every line still to split and scan.
    fn empty(len: usize, config: &Config) -> Analysis {
        Analysis {
            lines: Vec::new(),
            candidates: Vec::new(),
            keys: Default::default(),
            states: Vec::new(),
            facts: Facts::default(),
            hole: Some((0..0, 0..len)),
            len,
            extra_tags: config.settings.extra_tags.clone(),
            lent: false,
            since_refresh: None,
            since_lint: None,
            dropped: Facts::default(),
            changed: Reads::all(),
            memo: Memo::default(),
            ready: None,
        }
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
        self.ready = None;
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
            Some((stale, bytes)) => {
                // Lines before the hole end at its start, lines after it
                // start at its end. An edit strictly inside the hole leaves
                // the lines around it alone.
                (a, b, from, to) = (stale.start, stale.end, bytes.start, bytes.end);
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

        // The facts stay as they are, where they were at the last refresh,
        // until the refresh puts the rescanned lines' facts in their place:
        // one splice per list instead of a removal now and an insertion then.
        self.since_refresh = Some(Span::then(self.since_refresh, start..end, inserted_len));
        self.since_lint = Some(Span::then(self.since_lint, start..end, inserted_len));
        for line in &mut self.lines[b..] {
            line.shift(delta);
        }
        for candidate in self.candidates[b..].iter_mut().flatten() {
            candidate.shift(delta);
        }
        self.hole = Some((a..b, from..(to as isize + delta) as usize));
    }

    /// The diagnostics of `text`, which must be the text after every edit
    /// recorded so far. Equal to [`crate::linter::lint`]`(text, config)`.
    pub fn diagnostics(&mut self, text: &str, config: &Config) -> Vec<Diagnostic> {
        let (doc, md_notes) = self.lend(text, config);
        let changed = std::mem::replace(&mut self.changed, Reads::empty());
        let out = self
            .memo
            .diagnostics(&doc, config, changed, self.since_lint.take());
        self.take_back(doc, md_notes);
        out
    }

    /// Brings the model up to date with `text` and lends it to `f`: for
    /// hover, completion and the other requests that read the model.
    pub fn with_transcript<R>(
        &mut self,
        text: &str,
        config: &Config,
        f: impl FnOnce(&Transcript) -> R,
    ) -> R {
        let (doc, md_notes) = self.lend(text, config);
        let out = f(&doc);
        self.take_back(doc, md_notes);
        out
    }

    /// The model of `text`, built from the kept lists, which stay lent until
    /// [`Analysis::take_back`].
    fn lend<'t>(&mut self, text: &'t str, config: &Config) -> (Transcript<'t>, Vec<Note>) {
        let (layout, spoken_from) = self.refresh(text, config);
        let mut facts = std::mem::take(&mut self.facts);
        facts.lexical.blank_runs = self.blank_runs();
        let md_notes = facts.md_notes.clone();
        let lines = std::mem::take(&mut self.lines);
        self.lent = true;
        let doc = Transcript::assemble(text, lines, layout, facts, spoken_from);
        (doc, md_notes)
    }

    /// Re-splits the edited stretch, lays out the document and rescans every
    /// line whose text or context changed.
    fn refresh(&mut self, text: &str, config: &Config) -> (model::Layout, Vec<(usize, usize)>) {
        if let Some((roster, layout, spoken_from)) = self.ready.take() {
            let same = self.len == text.len() && config.settings.extra_tags == self.extra_tags;
            if same && !self.lent && self.hole.is_none() && roster == config.settings.roster {
                return (layout, spoken_from);
            }
        }
        if self.lent || self.len != text.len() || config.settings.extra_tags != self.extra_tags {
            // A rule panicked with the lists lent, the caller's edits do not
            // add up to this text, or the vocabulary changed: start over.
            *self = Analysis::empty(text.len(), config);
        }
        // The lines the edits dropped, and the bytes their facts cover in the
        // text at the last refresh (all edits since lie inside them).
        let mut stale: Option<(Range<usize>, Range<usize>)> = None;
        let delta = self.since_refresh.map_or(0, |s| s.delta());
        if let Some((old_lines, bytes)) = self.hole.take() {
            let at = old_lines.start;
            let mut fresh = Vec::with_capacity(bytes.len() / 40 + 1);
            split_into(&text[bytes.clone()], bytes.start, &mut fresh);
            if old_lines.end < self.lines.len() {
                // The stretch ends with a line ending; what follows it is the
                // next line, already in the table.
                fresh.pop();
            }
            // Boxed as found: most lines have none, and a list of unboxed
            // candidates for every line of a large document is megabytes
            // of fresh pages.
            let find = |lines: &[Line]| -> Vec<Option<Box<Candidate>>> {
                lines
                    .iter()
                    .map(|l| model::candidate(text, l).map(Box::new))
                    .collect()
            };
            let mut candidates = if fresh.len() >= PARALLEL_FROM_LINES {
                // Opening a large document: each line's candidate is its
                // own, so the two halves are looked at at once.
                let (first, second) = fresh.split_at(fresh.len() / 2);
                let (mut found, later) = rayon::join(|| find(first), || find(second));
                found.extend(later);
                found
            } else {
                find(&fresh)
            };
            for c in candidates.iter_mut().flatten() {
                // One shared key per speaker: comparing two labels' keys is
                // then a pointer comparison.
                match self.keys.get(&c.label.key) {
                    Some(shared) => c.label.key = shared.clone(),
                    None => {
                        self.keys.insert(c.label.key.clone());
                    }
                }
            }
            let n = fresh.len();
            if self.lines.is_empty() {
                // Opening: the new tables are the tables, with no copy.
                self.lines = fresh;
                self.candidates = candidates;
                self.states = vec![UNSCANNED; n];
            } else {
                self.lines.splice(old_lines.clone(), fresh);
                self.candidates.splice(old_lines.clone(), candidates);
                self.states
                    .splice(old_lines, std::iter::repeat_n(UNSCANNED, n));
            }
            stale = Some((at..at + n, bytes.start..moved(bytes.end, -delta)));
        }

        let by_ref: Vec<(usize, &Candidate)> = self
            .candidates
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_deref().map(|c| (i, c)))
            .collect();
        let layout = model::layout(text, &self.lines, &by_ref, &config.settings);

        // Each line's context now; the lines scanned in another (or never).
        // The accepted label on line `i`, if any.
        let label_on = |i: usize| {
            let accepted = &layout.accepted;
            let k = accepted.partition_point(|&k| by_ref[k].0 < i);
            accepted
                .get(k)
                .filter(|&&k| by_ref[k].0 == i)
                .map(|&k| &by_ref[k].1.label)
        };
        let context = |i: usize, label: bool| Context {
            label,
            in_notes: i >= layout.body_lines_end,
        };
        let mut runs: Vec<Range<usize>> = Vec::new();
        let mut label_lines = layout.accepted.iter().map(|&k| by_ref[k].0).peekable();
        for i in 0..self.lines.len() {
            let label = label_lines.next_if_eq(&i).is_some();
            if self.states[i].scanned != Some(context(i, label)) {
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
            self.changed = Reads::all();
        }
        // The rescanned lines' new facts, to compare with `dropped`.
        let mut fresh = Facts::default();
        let prior = self.since_refresh;
        let (lines, states, facts) = (&self.lines, &mut self.states, &mut self.facts);
        let (dropped, changed) = (&mut self.dropped, &mut self.changed);
        if everything {
            stale = None;
        } else if let Some((_, old)) = stale.take_if(|(lines, _)| lines.start == lines.end) {
            // The edits left no line to rescan: only drop the facts.
            let mut gone = Facts::default();
            facts.zip(&mut gone, &mut Swap { old, delta });
            dropped.zip(&mut gone, &mut Append);
        }
        model::with_vocabulary(&config.settings, |vocab| {
            let scan = |run: Range<usize>, states: &mut [LineState], sink: &mut Facts| {
                for (i, state) in run.zip(states) {
                    let label = label_on(i);
                    let ctx = context(i, label.is_some());
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
                // Room for the facts a transcript of this size usually has,
                // the first half's list room for both: growing them by
                // doubling costs copies and fresh pages on the way.
                facts.reserve_for(text.len());
                later.reserve_for(text.len() / 2);
                std::thread::scope(|threads| {
                    threads.spawn(|| scan(mid..lines.len(), second, &mut later));
                    scan(0..mid, first, facts);
                });
                facts.zip(&mut later, &mut Append);
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
                    let label = label_on(i);
                    let ctx = context(i, label.is_some());
                    let (skip, blank) =
                        model::scan_line(text, &lines[i], label, ctx.in_notes, vocab, sink);
                    states[i] = LineState {
                        scanned: Some(ctx),
                        skip,
                        blank,
                    };
                }
                if everything {
                    continue;
                }
                let from = lines[run.start].start;
                let to = lines.get(run.end).map_or(usize::MAX, |l| l.start);
                fresh.zip(&mut scratch, &mut Duplicate);
                if let Some((_, old)) =
                    stale.take_if(|(ls, _)| run.start <= ls.start && ls.end <= run.end)
                {
                    // The run holds the dropped lines: its facts are where
                    // they were at the last refresh, as are all after it.
                    let old_to = if to == usize::MAX {
                        to
                    } else {
                        moved(to, -delta)
                    };
                    let old = from.min(old.start)..old_to.max(old.end);
                    facts.zip(&mut scratch, &mut Swap { old, delta });
                    dropped.zip(&mut scratch, &mut Append);
                } else {
                    // Lines rescanned in a new context: their old facts go
                    // aside, where they were at the last refresh.
                    facts.zip(
                        dropped,
                        &mut SetAside {
                            bytes: from..to,
                            prior,
                            changed: &mut *changed,
                        },
                    );
                    facts.zip(&mut scratch, &mut Insert { at: from });
                }
            }
        });
        if !everything {
            self.dropped.zip(
                &mut fresh,
                &mut Compare {
                    edits: self.since_refresh,
                    changed: &mut self.changed,
                },
            );
        }
        self.dropped = Facts::default();
        self.since_refresh = None;

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
        self.lent = false;
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

/// A rule that works per item of a part of the model
/// ([`crate::RuleMeta::work_per_item`]) runs on one core and the other rules
/// on the other when the document has at least this many of those items.
const PARALLEL_FROM_ITEMS: usize = 20_000;

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
        self.label.shift(d);
        self.body_start = moved(self.body_start, d);
    }
}

impl Shift for SpeakerLabel {
    fn start(&self) -> usize {
        self.full.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.range, d);
        moved_range(&mut self.full, d);
        if let Some(ts) = &mut self.timestamp {
            moved_range(ts, d);
        }
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

/// A fact in one of the line-local lists.
pub(crate) trait Fact: Shift + PartialEq {
    /// Every byte the fact's fields cover or were read from: an edit that
    /// touches none of them leaves the fact as it was, only moved.
    fn extent(&self) -> Range<usize>;
}

fn cover(ranges: &[&Range<usize>]) -> Range<usize> {
    let start = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let end = ranges.iter().map(|r| r.end).max().unwrap_or(0);
    start..end
}

impl Fact for model::Marker {
    fn extent(&self) -> Range<usize> {
        let closer = match self.closer {
            model::Closer::Matched(p) | model::Closer::Mismatched(p) => p + 1,
            model::Closer::Missing => self.close_at,
        };
        self.range.start..self.range.end.max(self.close_at).max(closer)
    }
}

impl Fact for model::BracketGroup {
    fn extent(&self) -> Range<usize> {
        cover(&[&self.range, &self.inner, &self.words])
    }
}

impl Fact for model::NameMention {
    fn extent(&self) -> Range<usize> {
        match &self.prev {
            Some(p) => cover(&[p, &self.range]),
            None => self.range.clone(),
        }
    }
}

impl Fact for model::DoubledWord {
    fn extent(&self) -> Range<usize> {
        cover(&[&self.first, &self.second])
    }
}

impl Fact for Note {
    fn extent(&self) -> Range<usize> {
        cover(&[&self.range, &self.label, &self.body])
    }
}

/// `Fact` for facts that are one range.
macro_rules! one_range_facts {
    ($($ty:ty => $field:ident;)*) => {$(
        impl Fact for $ty {
            fn extent(&self) -> Range<usize> {
                self.$field.clone()
            }
        }
    )*};
}

impl Fact for Range<usize> {
    fn extent(&self) -> Range<usize> {
        self.clone()
    }
}

impl Fact for SpeakerLabel {
    fn extent(&self) -> Range<usize> {
        let ts = self.timestamp.as_ref().unwrap_or(&self.range);
        cover(&[&self.range, &self.full, ts])
    }
}

one_range_facts! {
    model::FootnoteRef => range;
    model::Timestamp => range;
    model::Quote => range;
    model::CutOff => range;
}

/// The bytes edited since some point, in the text then and in the text now.
/// Several edits make one span, from the first byte any of them touched to
/// the last: conservative, since everything inside counts as edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl Span {
    fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// Adds an edit of the text after `span`: `range` replaced by
    /// `inserted` bytes.
    fn then(span: Option<Span>, range: Range<usize>, inserted: usize) -> Span {
        let grown = inserted as isize - range.len() as isize;
        let Some(s) = span else {
            return Span {
                start: range.start,
                old_end: range.end,
                new_end: moved(range.end, grown),
            };
        };
        // Bytes outside the span are where they were, or moved by its delta.
        let start = s.start.min(range.start);
        let (old_end, new_end) = if range.end > s.new_end {
            (moved(range.end, -s.delta()), range.end)
        } else {
            (s.old_end, s.new_end)
        };
        Span {
            start,
            old_end,
            new_end: moved(new_end, grown),
        }
    }

    /// How far the old bytes `r` moved, or `None` if an edit touched them
    /// (or the bytes right next to them, which may join a word or a line).
    fn moves(&self, r: &Range<usize>) -> Option<isize> {
        if r.end < self.start {
            Some(0)
        } else if r.start > self.old_end {
            Some(self.delta())
        } else {
            None
        }
    }

    /// The reverse of [`Span::moves`]: how far the new bytes `r` moved from
    /// where they were.
    fn moved_from(&self, r: &Range<usize>) -> Option<isize> {
        if r.end < self.start {
            Some(0)
        } else if r.start > self.new_end {
            Some(-self.delta())
        } else {
            None
        }
    }
}

fn moves(edits: Option<Span>, r: &Range<usize>) -> Option<isize> {
    edits.map_or(Some(0), |s| s.moves(r))
}

/// Something done to each fact list of two [`Facts`] at once.
trait Lists {
    fn each<T: Fact + Clone>(&mut self, part: Reads, a: &mut Vec<T>, b: &mut Vec<T>);
}

impl Facts {
    /// Reserves room for the facts of `bytes` of a dense transcript: a name
    /// mention every 24 bytes, a quote mark every 100, a marker or a dash
    /// every 500 or so; typical ones have half as many. Room never written
    /// costs address space only, while a list that outgrows its room is
    /// copied into fresh pages.
    fn reserve_for(&mut self, bytes: usize) {
        self.mentions.reserve(bytes / 24);
        self.lexical.quotes.reserve(bytes / 100);
        self.lexical.cut_offs.reserve(bytes / 500);
        self.brackets.markers.reserve(bytes / 750);
    }

    /// Calls `v` with each list of `self` and the same list of `other`, and
    /// the part of the model it is. Blank runs are not among them: they span
    /// lines and are laid out with the document when the model is lent.
    fn zip(&mut self, other: &mut Facts, v: &mut impl Lists) {
        let (x, y) = (&mut self.brackets, &mut other.brackets);
        v.each(Reads::MARKERS, &mut x.markers, &mut y.markers);
        v.each(Reads::GROUPS, &mut x.groups, &mut y.groups);
        v.each(Reads::FOOTNOTE_REFS, &mut x.refs, &mut y.refs);
        v.each(Reads::TIMESTAMPS, &mut x.timestamps, &mut y.timestamps);
        v.each(Reads::MENTIONS, &mut self.mentions, &mut other.mentions);
        v.each(Reads::NOTES, &mut self.md_notes, &mut other.md_notes);
        let (x, y) = (&mut self.lexical, &mut other.lexical);
        v.each(
            Reads::SPACING,
            &mut x.trailing_whitespace,
            &mut y.trailing_whitespace,
        );
        v.each(Reads::SPACING, &mut x.double_spaces, &mut y.double_spaces);
        v.each(
            Reads::DOUBLED_WORDS,
            &mut x.doubled_words,
            &mut y.doubled_words,
        );
        v.each(Reads::QUOTES, &mut x.quotes, &mut y.quotes);
        v.each(Reads::CUT_OFFS, &mut x.cut_offs, &mut y.cut_offs);
        v.each(
            Reads::SPACING,
            &mut x.space_before_punctuation,
            &mut y.space_before_punctuation,
        );
    }
}

/// Appends the second list, the facts of the lines after the first's.
struct Append;

impl Lists for Append {
    fn each<T: Fact + Clone>(&mut self, _: Reads, a: &mut Vec<T>, b: &mut Vec<T>) {
        a.append(b);
    }
}

/// Moves the facts starting in `bytes` from the first list to the second,
/// where they were at the last refresh (before the edits `prior`). A fact
/// `prior` touched has no place then: its part is marked changed instead.
struct SetAside<'a> {
    bytes: Range<usize>,
    prior: Option<Span>,
    changed: &'a mut Reads,
}

impl Lists for SetAside<'_> {
    fn each<T: Fact + Clone>(&mut self, part: Reads, list: &mut Vec<T>, aside: &mut Vec<T>) {
        let r = span(list, &self.bytes);
        for mut fact in list.drain(r) {
            match self.prior.map_or(Some(0), |p| p.moved_from(&fact.extent())) {
                Some(d) => {
                    fact.shift(d);
                    aside.push(fact);
                }
                None => *self.changed |= part,
            }
        }
    }
}

/// Puts the second list in place of the facts starting in `old` (bytes of
/// the text at the last refresh), moves the facts after them by `delta`,
/// and leaves the replaced facts in the second list. When as many facts
/// come as go, which is the rule for a keystroke, nothing else moves.
struct Swap {
    old: Range<usize>,
    delta: isize,
}

impl Lists for Swap {
    fn each<T: Fact + Clone>(&mut self, _: Reads, list: &mut Vec<T>, new: &mut Vec<T>) {
        let r = span(list, &self.old);
        let after = r.start + new.len();
        *new = list.splice(r, std::mem::take(new)).collect();
        if self.delta != 0 {
            for fact in &mut list[after..] {
                fact.shift(self.delta);
            }
        }
    }
}

/// Appends a copy of the second list to the first.
struct Duplicate;

impl Lists for Duplicate {
    fn each<T: Fact + Clone>(&mut self, _: Reads, a: &mut Vec<T>, b: &mut Vec<T>) {
        a.extend_from_slice(b);
    }
}

/// Moves the second list into the first, where facts start at `at`.
struct Insert {
    at: usize,
}

impl Lists for Insert {
    fn each<T: Fact + Clone>(&mut self, _: Reads, list: &mut Vec<T>, new: &mut Vec<T>) {
        let i = list.partition_point(|f| f.start() < self.at);
        list.splice(i..i, new.drain(..));
    }
}

/// Marks each part whose old facts (first list, as at the last refresh),
/// moved by `edits`, are not exactly its new facts (second list).
struct Compare<'a> {
    edits: Option<Span>,
    changed: &'a mut Reads,
}

impl Lists for Compare<'_> {
    fn each<T: Fact + Clone>(&mut self, part: Reads, old: &mut Vec<T>, new: &mut Vec<T>) {
        if self.changed.contains(part) {
            return;
        }
        // Each list is in line order, but the lines came aside in the order
        // they were dropped or rescanned.
        old.sort_by_key(|f| f.start());
        if !same_moved(old, new.iter(), self.edits) {
            *self.changed |= part;
        }
    }
}

/// Do the items of `old` (as before `edits`), each moved by the edits, equal
/// `new`, with none touched by an edit? Moves `old` in place as it goes:
/// when the answer is yes, `old` then equals `new`.
fn same_moved<'n, T: Fact + 'n>(
    old: &mut [T],
    mut new: impl ExactSizeIterator<Item = &'n T>,
    edits: Option<Span>,
) -> bool {
    if old.len() != new.len() {
        return false;
    }
    old.iter_mut().all(|o| match moves(edits, &o.extent()) {
        Some(d) => {
            o.shift(d);
            new.next().is_some_and(|n| o == n)
        }
        None => false,
    })
}

/// Each rule's diagnostics from the last [`Analysis::diagnostics`], and what
/// they were computed from.
#[derive(Debug, Clone, Default)]
struct Memo {
    config: Option<Config>,
    /// Per rule, in [`Rule::ALL`] order.
    rules: Vec<Option<Kept>>,
    labels: Vec<SpeakerLabel>,
    notes: Vec<Note>,
    notes_block: Option<NotesBlock>,
    /// Whether the document had neither turns nor notes, where footnote
    /// references depend on the characters around them.
    prose: bool,
}

#[derive(Debug, Clone)]
struct Kept {
    diagnostics: Vec<Diagnostic>,
    /// The questions the rule asked through its context, and the answers.
    asked: LowerCaseLog,
}

impl Memo {
    /// Runs the rules that read a part of the model in `changed` (or whose
    /// kept diagnostics `edits` touched) and keeps the other rules' results.
    fn diagnostics(
        &mut self,
        doc: &Transcript,
        config: &Config,
        mut changed: Reads,
        edits: Option<Span>,
    ) -> Vec<Diagnostic> {
        if self.config.as_ref() != Some(config) {
            *self = Memo {
                config: Some(config.clone()),
                rules: vec![None; Rule::ALL.len()],
                ..Memo::default()
            };
            changed = Reads::all();
        }
        if edits.is_some() {
            changed |= Reads::TEXT;
        }
        if changed.contains(Reads::LABELS)
            || !same_moved(&mut self.labels, doc.turns.iter().map(|t| &t.label), edits)
        {
            changed |= Reads::LABELS;
            self.labels = doc.turns.iter().map(|t| t.label.clone()).collect();
        }
        let block = |b: &NotesBlock| cover(&[&b.range, b.heading.as_ref().unwrap_or(&b.range)]);
        let same_block = match (&self.notes_block, &doc.notes_block) {
            (None, None) => true,
            (Some(old), Some(new)) => moves(edits, &block(old)).is_some_and(|d| {
                let mut b = old.clone();
                moved_range(&mut b.range, d);
                if let Some(h) = &mut b.heading {
                    moved_range(h, d);
                }
                b == *new
            }),
            _ => false,
        };
        if changed.contains(Reads::NOTES)
            || !same_block
            || !same_moved(&mut self.notes, doc.notes.iter(), edits)
        {
            changed |= Reads::NOTES;
            self.notes = doc.notes.clone();
        }
        self.notes_block = doc.notes_block.clone();
        let prose = doc.turns.is_empty() && doc.notes.is_empty() && doc.notes_block.is_none();
        if prose || prose != self.prose {
            changed |= Reads::FOOTNOTE_REFS;
        }
        self.prose = prose;

        let mut out = Vec::new();
        let mut due: Vec<usize> = Vec::new();
        for (i, &rule) in Rule::ALL.iter().enumerate() {
            if !config.is_enabled(rule) {
                continue;
            }
            if !rule.meta().reads.intersects(changed) {
                if let Some(kept) = &mut self.rules[i] {
                    if kept.still_holds(doc, edits) {
                        out.extend_from_slice(&kept.diagnostics);
                        continue;
                    }
                }
            }
            due.push(i);
        }
        let run = |due: &[usize]| -> Vec<(usize, Kept)> {
            due.iter()
                .map(|&i| {
                    let mut diagnostics = Vec::new();
                    let mut asked = Vec::new();
                    linter::run_one(
                        Rule::ALL[i],
                        doc,
                        config,
                        &mut diagnostics,
                        Some(&mut asked),
                    );
                    (i, Kept { diagnostics, asked })
                })
                .collect()
        };
        // In a long document a rule that works per item (the name check,
        // per name mention) can cost as much as all the other rules
        // together: when it is due with others, the second core takes it,
        // and the wait is the longer of the two rather than their sum.
        let (apart, rest): (Vec<usize>, Vec<usize>) = due.iter().partition(|&&i| {
            let part = Rule::ALL[i].meta().work_per_item;
            !part.is_empty() && items(doc, part) >= PARALLEL_FROM_ITEMS
        });
        let results = if apart.is_empty() || rest.is_empty() {
            run(&due)
        } else {
            let (mut one, other) = rayon::join(|| run(&apart), || run(&rest));
            one.extend(other);
            one
        };
        for (i, kept) in results {
            out.extend_from_slice(&kept.diagnostics);
            self.rules[i] = Some(kept);
        }
        linter::sort(&mut out);
        out
    }
}

/// How many items the parts `part` of `doc` have.
fn items(doc: &Transcript, part: Reads) -> usize {
    let lexical = &doc.lexical;
    let counts = [
        (Reads::LABELS, doc.turns.len()),
        (Reads::MENTIONS, doc.mentions.len()),
        (Reads::MARKERS, doc.markers.len()),
        (Reads::GROUPS, doc.groups.len()),
        (Reads::FOOTNOTE_REFS, doc.footnote_refs.len()),
        (Reads::NOTES, doc.notes.len()),
        (Reads::TIMESTAMPS, doc.timestamps.len()),
        (Reads::DOUBLED_WORDS, lexical.doubled_words.len()),
        (Reads::QUOTES, lexical.quotes.len()),
        (Reads::CUT_OFFS, lexical.cut_offs.len()),
        (
            Reads::SPACING,
            lexical.trailing_whitespace.len()
                + lexical.double_spaces.len()
                + lexical.space_before_punctuation.len(),
        ),
        (Reads::TEXT, doc.lines.len()),
    ];
    counts
        .iter()
        .filter(|(p, _)| part.contains(*p))
        .map(|(_, n)| n)
        .sum()
}

impl Kept {
    /// Are the diagnostics still right after `edits`, the rule's inputs
    /// being unchanged? If so, moves them (and the answers) with the edits.
    fn still_holds(&mut self, doc: &Transcript, edits: Option<Span>) -> bool {
        let Some(s) = edits else {
            return true;
        };
        let ranges = |d: &Diagnostic| -> Vec<Range<usize>> {
            let mut all = vec![d.range.clone()];
            all.extend(d.related.iter().map(|r| r.range.clone()));
            if let Some(fix) = &d.fix {
                all.extend(fix.edits.iter().map(|e| e.range.clone()));
            }
            all
        };
        if !self
            .diagnostics
            .iter()
            .all(|d| ranges(d).iter().all(|r| s.moves(r).is_some()))
        {
            return false;
        }
        // An answer stands if the line that gave it was not edited; a "no"
        // stands if the edited lines do not use the word either.
        let edited = {
            let lines = &doc.lines;
            let first = lines.partition_point(|l| l.end <= s.start);
            let last = lines.partition_point(|l| l.start <= s.new_end);
            let from = lines.get(first).map_or(doc.text.len(), |l| l.start);
            let to = lines
                .get(last.saturating_sub(1))
                .map_or(doc.text.len(), |l| l.end);
            from..to.max(from)
        };
        let holds = self.asked.iter().all(|(word, line)| match line {
            Some(r) => s.moves(r).is_some(),
            None => doc.lower_case_use(word, edited.clone()).is_none(),
        });
        if !holds {
            return false;
        }
        for d in &mut self.diagnostics {
            let shift = |r: &mut Range<usize>| moved_range(r, s.moves(r).unwrap_or(0));
            shift(&mut d.range);
            d.related.iter_mut().for_each(|r| shift(&mut r.range));
            if let Some(fix) = &mut d.fix {
                fix.edits.iter_mut().for_each(|e| shift(&mut e.range));
            }
        }
        for (_, line) in &mut self.asked {
            if let Some(r) = line {
                moved_range(r, s.moves(r).unwrap_or(0));
            }
        }
        true
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

    #[test]
    fn a_rule_that_works_per_item_runs_apart_with_the_same_result() {
        // Enough name mentions that the name check runs on its own core.
        let mut text = String::from("Briefing\n\n");
        for i in 0..1400 {
            let speaker = ["SECRETARY KERRY", "FOREIGN MINISTER LAVROV"][i % 2];
            text += &format!(
                "{speaker}: Minister Lavrow met Secretary Kerry, Ambassador Power, \
                 Foreign Minister Judeh, Special Envoy Mistura and Director Brennan \
                 of Jordan, Russia, Syria, Geneva, Vienna and Washington today.\n\n"
            );
        }
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        let mentions = analysis.with_transcript(&text, &config, |doc| items(doc, Reads::MENTIONS));
        assert!(mentions >= PARALLEL_FROM_ITEMS, "{mentions} mentions");
        let at = text.find("Lavrow").unwrap();
        text.insert(at, 'x');
        analysis.edit(at..at, 1);
        let found = analysis.diagnostics(&text, &config);
        assert!(found
            .iter()
            .any(|d| d.rule.name() == "speaker-name-mismatch"));
        assert_eq!(found, crate::lint(&text, &config));
    }
}
