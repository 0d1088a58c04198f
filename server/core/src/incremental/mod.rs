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
//! block, furniture) unless the edit cannot have changed it (`layout.rs`:
//! then the last layout is moved), rescans every
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

mod layout;
mod lend;
mod memo;
mod shift;
mod span;
mod splice;

use std::ops::Range;

use layout::{Kept, Replaced};
use memo::Memo;
use shift::{moved, Shift};
use span::Span;
use splice::{Append, Compare, Duplicate, Insert, SetAside, Swap};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::findings::Findings;
#[cfg(doc)]
use crate::findings::Run;
use crate::model::labels::Candidate;
use crate::model::lines::{split_into, Line};
use crate::model::{self, Facts, Transcript};
use crate::rules::Reads;
use crate::settings::Format;

/// The context a line was scanned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Context {
    label: bool,
    in_notes: bool,
    furniture: bool,
}

#[derive(Debug, Clone, Copy)]
struct LineState {
    /// `None` until the line's facts are in the lists.
    scanned: Option<Context>,
    /// Where spoken text starts, from the line start.
    skip: usize,
    blank: bool,
    /// What the format's reader reads of the line for the layout
    /// (`formats::line_shape`): an edit that keeps it (and the rest of what
    /// the layout reads) keeps the layout.
    shape: Option<u8>,
    /// What the format's reader reads of the line each time it lays the
    /// document out (`formats::line_flags`).
    flags: u8,
}

const UNSCANNED: LineState = LineState {
    scanned: None,
    skip: 0,
    blank: false,
    shape: None,
    flags: 0,
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
    /// The format the lines were read in: detection runs again on every
    /// refresh (unless what it reads is unchanged, `detected`), and a
    /// changed decision starts afresh.
    format: Format,
    detected: model::detect::DetectMemo,
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
    /// While [`Reads::MENTIONS`] is in `changed`, every name mention the
    /// edits since the last `diagnostics` could have changed, as it was and
    /// as it is: the mentions of each rescanned line, old and new. `None`
    /// when that is not known (a rescan of everything, a mention an edit
    /// touched on a line rescanned for its context) or too many to look
    /// through. The name check runs again only if one of them is a mention
    /// it reads ([`crate::model::MentionFilter`]).
    mentions_changed: Option<Vec<model::NameMention>>,
    /// Every line scanned since the last `diagnostics`, and every edit, as
    /// one stretch of the text as it is now (`Some(None)`: nothing);
    /// `None` when unknown (everything was scanned). Outside it every
    /// line's facts are the last lint's, moved: a rule that keeps its
    /// findings brings up to date only what lies inside
    /// ([`crate::rules::Since`]).
    rescanned: Option<Option<Range<usize>>>,
    memo: Memo,
    /// The layout [`Analysis::new`] made, and the roster it was made with:
    /// the first refresh takes it when no edit came in between.
    ready: Option<Ready>,
    /// The last refresh's layout, moved rather than made again after an
    /// edit that cannot change it (`layout.rs`). `None` while lent.
    kept: Option<Kept>,
    /// The edits since the last refresh: the kept layout is moved after
    /// one (its replaced lines are then where they were, unmoved).
    edits: usize,
    /// How many times the document was laid out from its lines: the tests
    /// check that a keystroke in a paragraph does not lay it out again.
    laid_out: usize,
    /// The last join's passes (`wrap::Pass`), where they were at the last
    /// refresh, and how many times the document had been laid out then:
    /// they serve only the layout they were made with.
    passes: Vec<model::wrap::Pass>,
    passes_laid_out: usize,
    /// What the join read of a layout the passes were made with, and each
    /// refresh's edits since: a document laid out again keeps the passes
    /// when the new layout reads the same to the join (typing in a label).
    passes_layout: Option<lend::JoinLayout>,
    passes_layout_edits: Vec<Span>,
    /// Whether the document was laid out from its lines since the last
    /// `diagnostics`. While it was not, every layout since was the one
    /// before moved by an edit that could not change it, and the turns'
    /// labels are the last call's, moved: the memo need not compare them.
    laid_out_since_lint: bool,
}

type Ready = (
    std::collections::BTreeMap<String, String>,
    model::Layout,
    Vec<(usize, usize)>,
);

/// A refreshed model's layout, its lines' spoken prefixes, and its blank
/// runs when they are the kept ones.
type Refreshed = (
    model::Layout,
    Vec<(usize, usize)>,
    Option<Vec<Range<usize>>>,
);

impl Analysis {
    /// Analyses `text` from scratch.
    pub fn new(text: &str, config: &Config) -> Analysis {
        let mut detected = model::detect::DetectMemo::default();
        let format = detected.format(text, &config.settings);
        let mut analysis = Analysis::empty(text.len(), config, format);
        analysis.detected = detected;
        if model::captions::CaptionFormat::of(format).is_some() {
            return analysis;
        }
        let ready = analysis.refresh(text, config);
        // Kept for the first call, which usually follows at once.
        analysis.ready = Some((config.settings.roster.clone(), ready.0, ready.1));
        analysis
    }

    /// Is `text` a caption file? Caption files are parsed afresh on every
    /// call, not incrementally: they are short (a feature film's captions
    /// are 100 KB), and a cue, not a line, is their unit of scanning, which
    /// the line tables here do not know yet. The analysis is then kept
    /// empty, every line still to scan, so that a file that stops being
    /// captions (its signature deleted) is analysed from scratch.
    fn reads_captions(&mut self, text: &str, config: &Config) -> bool {
        let format = self.detected.format(text, &config.settings);
        if model::captions::CaptionFormat::of(format).is_none() {
            return false;
        }
        let detected = std::mem::take(&mut self.detected);
        *self = Analysis::empty(text.len(), config, format);
        self.detected = detected;
        true
    }

    /// An analysis with every line still to split and scan.
    fn empty(len: usize, config: &Config, format: Format) -> Analysis {
        Analysis {
            lines: Vec::new(),
            candidates: Vec::new(),
            keys: Default::default(),
            states: Vec::new(),
            facts: Facts::default(),
            hole: Some((0..0, 0..len)),
            len,
            extra_tags: config.settings.extra_tags.clone(),
            format,
            detected: Default::default(),
            lent: false,
            since_refresh: None,
            since_lint: None,
            dropped: Facts::default(),
            changed: Reads::all(),
            mentions_changed: None,
            rescanned: None,
            memo: Memo::default(),
            ready: None,
            kept: None,
            edits: 0,
            laid_out: 0,
            laid_out_since_lint: true,
            passes: Vec::new(),
            passes_laid_out: 0,
            passes_layout: None,
            passes_layout_edits: Vec::new(),
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
        self.edits += 1;
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
        self.findings(text, config).to_vec()
    }

    /// [`Analysis::diagnostics`] as each rule's run: the runs of the rules
    /// the edits did not run again are the last call's, moved
    /// ([`Run::same_findings`]), which lets a front end keep what it made
    /// of them.
    pub fn findings(&mut self, text: &str, config: &Config) -> Findings {
        self.findings_where(text, config, |_| true)
            .unwrap_or_default()
    }

    /// [`Analysis::findings`], or `None` when `text` does not read as a
    /// transcript ([`Transcript::is_transcript`]): then no rule runs, and
    /// what the edits changed is kept for the next call. One refresh of the
    /// model serves both the question and the rules, so a front end that
    /// lints only transcripts pays nothing more per edit.
    pub fn findings_if_transcript(&mut self, text: &str, config: &Config) -> Option<Findings> {
        self.findings_where(text, config, |doc| doc.is_transcript())
    }

    /// The findings of `text` when `wanted` says the refreshed model is to
    /// be linted; otherwise `None`, and what the edits changed is kept for
    /// the next call. A caption file is always linted.
    fn findings_where(
        &mut self,
        text: &str,
        config: &Config,
        wanted: impl FnOnce(&Transcript) -> bool,
    ) -> Option<Findings> {
        if self.reads_captions(text, config) {
            return Some(Findings::from_sorted(crate::linter::lint(text, config)));
        }
        let (doc, md_notes) = self.lend(text, config);
        let out = wanted(&doc).then(|| {
            let changed = std::mem::replace(&mut self.changed, Reads::empty());
            let mentions = self.mentions_changed.replace(Vec::new());
            let rescanned = self.rescanned.replace(None);
            let labels_moved = !std::mem::take(&mut self.laid_out_since_lint);
            self.memo.diagnostics(
                &doc,
                config,
                changed,
                self.since_lint.take(),
                labels_moved,
                memo::Scanned {
                    mentions: mentions.as_deref(),
                    lines: rescanned,
                },
            )
        });
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
        if self.reads_captions(text, config) {
            return f(&Transcript::parse(text, &config.settings));
        }
        let (doc, md_notes) = self.lend(text, config);
        let out = f(&doc);
        self.take_back(doc, md_notes);
        out
    }

    /// Re-splits the edited stretch, lays out the document (or moves the
    /// kept layout, when the edit cannot have changed it) and rescans every
    /// line whose text or context changed. Gives the layout, the lines'
    /// spoken prefixes, and the blank runs when they are the kept ones.
    fn refresh(&mut self, text: &str, config: &Config) -> Refreshed {
        let format = self.detected.format(text, &config.settings);
        let mut kept = self.kept.take();
        let one_edit = std::mem::take(&mut self.edits) == 1;
        if let Some((roster, layout, spoken_from)) = self.ready.take() {
            let same = self.len == text.len()
                && config.settings.extra_tags == self.extra_tags
                && format == self.format;
            if same && !self.lent && self.hole.is_none() && roster == config.settings.roster {
                return (layout, spoken_from, None);
            }
        }
        if self.lent
            || self.len != text.len()
            || config.settings.extra_tags != self.extra_tags
            || format != self.format
        {
            // A rule panicked with the lists lent, the caller's edits do not
            // add up to this text, the vocabulary changed, or the text now
            // reads as another format: start over.
            *self = Analysis::empty(text.len(), config, format);
            kept = None;
        }
        // The lines the edits dropped, and the bytes their facts cover in the
        // text at the last refresh (all edits since lie inside them).
        let mut stale: Option<(Range<usize>, Range<usize>)> = None;
        let delta = self.since_refresh.map_or(0, |s| s.delta());
        // The kept layout, moved, if the edit left it standing, and whether
        // the lines it replaced were scanned as blank.
        let mut standing: Option<Kept> = None;
        let mut replaced_blank: Vec<bool> = Vec::new();
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
            // Each line's candidate, shape and flags (what the layout reads
            // of it).
            type Found = (Vec<Option<Box<Candidate>>>, Vec<Option<u8>>, Vec<u8>);
            let find = |lines: &[Line]| -> Found {
                let candidate = |l| model::candidate(format, text, l).map(Box::new);
                let shape = |l: &Line| model::formats::line_shape(format, l.text(text));
                let flags = |l: &Line| model::formats::line_flags(format, l.text(text));
                (
                    lines.iter().map(candidate).collect(),
                    lines.iter().map(shape).collect(),
                    // Most formats read no flags: no pass over every line
                    // of a 21 MB transcript for nothing.
                    if model::formats::has_line_flags(format) {
                        lines.iter().map(flags).collect()
                    } else {
                        vec![0; lines.len()]
                    },
                )
            };
            let (mut candidates, shapes, flags) = if fresh.len() >= PARALLEL_FROM_LINES {
                // Opening a large document: each line's candidate is its
                // own, so the two halves are looked at at once.
                let (first, second) = fresh.split_at(fresh.len() / 2);
                let (mut found, later) = rayon::join(|| find(first), || find(second));
                found.0.extend(later.0);
                found.1.extend(later.1);
                found.2.extend(later.2);
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
            let fresh_state = |(&shape, &flags)| LineState {
                shape,
                flags,
                ..UNSCANNED
            };
            if self.lines.is_empty() {
                // Opening: the new tables are the tables, with no copy.
                self.states = shapes.iter().zip(&flags).map(fresh_state).collect();
                self.lines = fresh;
                self.candidates = candidates;
            } else {
                // After one edit the replaced lines are where they were at
                // the last refresh, as the kept layout is.
                let old = (one_edit && kept.is_some()).then(|| Replaced {
                    lines: self.lines[old_lines.clone()].to_vec(),
                    candidates: Vec::new(),
                    shapes: self.states[old_lines.clone()]
                        .iter()
                        .map(|s| s.shape)
                        .collect(),
                    blank: self.states[old_lines.clone()]
                        .iter()
                        .map(|s| s.blank)
                        .collect(),
                });
                self.lines.splice(old_lines.clone(), fresh);
                let replaced = self.candidates.splice(old_lines.clone(), candidates);
                let old = old.map(|old| Replaced {
                    candidates: replaced.collect(),
                    ..old
                });
                self.states
                    .splice(old_lines, shapes.iter().zip(&flags).map(fresh_state));
                if let (Some(old), Some(kept)) = (old, kept) {
                    let new = &self.lines[at..at + n];
                    let new_candidates = &self.candidates[at..at + n];
                    let roster = &config.settings.roster;
                    if kept.stands(&old, at, new, new_candidates, &shapes, roster) {
                        standing = Some(kept.moved(&old.lines, new, delta));
                        replaced_blank = old.blank;
                    }
                }
            }
            stale = Some((at..at + n, bytes.start..moved(bytes.end, -delta)));
        } else if self.since_refresh.is_none() {
            // No edit since: the layout is the last one, where it was,
            // unless it was made with another roster.
            standing = kept.filter(|k| k.roster == config.settings.roster);
        }

        // With the layout standing, only the replaced lines are scanned
        // again, and no candidate list is needed to find their labels.
        let by_ref: Vec<(usize, &Candidate)> = match &standing {
            Some(_) => Vec::new(),
            None => self
                .candidates
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.as_deref().map(|c| (i, c)))
                .collect(),
        };
        let (layout, kept) = match standing {
            Some(kept) => {
                let Kept {
                    layout,
                    blank_runs,
                    spoken_from,
                    ..
                } = kept;
                (layout, Some((blank_runs, spoken_from)))
            }
            None => {
                self.laid_out += 1;
                self.laid_out_since_lint = true;
                // Each line's flags as kept: the lines an edit replaced
                // were read when they were found.
                let (lines, states) = (&self.lines, &self.states);
                let flags = |i: usize| {
                    let kept = states[i].flags;
                    debug_assert_eq!(
                        kept,
                        model::formats::line_flags(format, lines[i].text(text)),
                        "line {i}"
                    );
                    Some(kept)
                };
                let layout = model::layout(text, lines, &by_ref, &config.settings, format, &flags);
                (layout, None)
            }
        };

        // Each line's context now; the lines scanned in another (or never).
        // The accepted label on line `i`, if any.
        let (all_lines, candidates) = (&self.lines, &self.candidates);
        let label_on = |i: usize| {
            if kept.is_some() {
                // The layout stands: a line's candidate is a label if a
                // turn starts on its line.
                let c = candidates[i].as_deref()?;
                let start = all_lines[i].start;
                layout
                    .turns
                    .binary_search_by_key(&start, |t| t.range.start)
                    .ok()?;
                return Some(&c.label);
            }
            let accepted = &layout.accepted;
            let k = accepted.partition_point(|&k| by_ref[k].0 < i);
            accepted
                .get(k)
                .filter(|&&k| by_ref[k].0 == i)
                .map(|&k| &by_ref[k].1.label)
        };
        let context = |i: usize, label: bool| Context {
            label,
            in_notes: layout.in_notes(i),
            furniture: model::formats::is_furniture(&layout.furniture, i),
        };
        let mut runs: Vec<Range<usize>> = Vec::new();
        let rescanned = stale.as_ref().map(|(ls, _)| ls.clone());
        // With the layout standing every other line keeps its context:
        // only the new lines (never scanned) are to scan.
        let walk = if kept.is_some() {
            runs.extend(rescanned.clone().filter(|ls| !ls.is_empty()));
            0..0
        } else {
            0..self.lines.len()
        };
        let mut label_lines = layout.accepted.iter().map(|&k| by_ref[k].0).peekable();
        for i in walk {
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
            self.mentions_changed = None;
            self.rescanned = None;
        }
        // The stretch scanned since the last lint, where it is now, and
        // the edits'.
        if let (Some(Some(r)), Some(s)) = (&mut self.rescanned, self.since_refresh) {
            *r = match s.moves(r) {
                Some(d) => moved(r.start, d)..moved(r.end, d),
                None => r.start.min(s.start)..moved(r.end.max(s.old_end), s.delta()),
            };
        }
        if let (Some(r), Some(s)) = (&mut self.rescanned, self.since_refresh) {
            grow(r, s.start..s.new_end);
        }
        // The rescanned lines' new facts, to compare with `dropped`.
        let mut fresh = Facts::default();
        let prior = self.since_refresh;
        let (lines, states, facts) = (&self.lines, &mut self.states, &mut self.facts);
        let stretch = &mut self.rescanned;
        let (dropped, changed) = (&mut self.dropped, &mut self.changed);
        // The parts of which a fact an edit touched went aside unseen.
        let mut touched = Reads::empty();
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
                    let (skip, blank) = model::scan_line(
                        text,
                        &lines[i],
                        model::LineContext {
                            label,
                            in_notes: ctx.in_notes,
                            furniture: ctx.furniture,
                            format,
                        },
                        vocab,
                        sink,
                    );
                    *state = LineState {
                        scanned: Some(ctx),
                        skip,
                        blank,
                        shape: state.shape,
                        flags: state.flags,
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
                    let (skip, blank) = model::scan_line(
                        text,
                        &lines[i],
                        model::LineContext {
                            label,
                            in_notes: ctx.in_notes,
                            furniture: ctx.furniture,
                            format,
                        },
                        vocab,
                        sink,
                    );
                    states[i] = LineState {
                        scanned: Some(ctx),
                        skip,
                        blank,
                        shape: states[i].shape,
                        flags: states[i].flags,
                    };
                }
                if everything {
                    continue;
                }
                let from = lines[run.start].start;
                let to = lines.get(run.end).map_or(usize::MAX, |l| l.start);
                if let Some(r) = stretch.as_mut() {
                    grow(r, from..to.min(text.len()));
                }
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
                            touched: &mut touched,
                        },
                    );
                    facts.zip(&mut scratch, &mut Insert { at: from });
                }
            }
        });
        if touched.contains(Reads::MENTIONS) {
            self.mentions_changed = None;
            self.rescanned = None;
        }
        if let Some(log) = self.mentions_changed.as_mut().filter(|_| !everything) {
            splice::log_changed(
                log,
                &self.dropped.mentions,
                &fresh.mentions,
                self.since_refresh,
            );
            if log.len() > MENTIONS_CHANGED_MAX {
                self.mentions_changed = None;
            }
        }
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

        let prefixed = |(i, s): (usize, &LineState)| (s.skip > 0).then_some((i, s.skip));
        let Some((blank_runs, mut spoken_from)) = kept else {
            let spoken_from = self
                .states
                .iter()
                .enumerate()
                .filter_map(prefixed)
                .collect();
            return (layout, spoken_from, None);
        };
        // The layout stands: the other lines' prefixes and blank runs too.
        let Some(ls) = rescanned else {
            return (layout, spoken_from, Some(blank_runs));
        };
        let from = spoken_from.partition_point(|&(i, _)| i < ls.start);
        let to = spoken_from.partition_point(|&(i, _)| i < ls.end);
        let states = self.states[ls.clone()].iter().enumerate();
        let now = states.filter_map(|(j, s)| prefixed((ls.start + j, s)));
        spoken_from.splice(from..to, now);
        let same_blanks = self.states[ls]
            .iter()
            .zip(&replaced_blank)
            .all(|(s, &was)| s.blank == was);
        (layout, spoken_from, same_blanks.then_some(blank_runs))
    }
}

/// Documents with at least this many lines are scanned on two threads when
/// every line must be (on open, or after a change of context everywhere).
const PARALLEL_FROM_LINES: usize = 4096;

/// Past this many name mentions logged as changed since the last lint (a
/// paste, many lines typed in between lints) the log is dropped and a rule
/// that reads mentions runs again: looking through it would cost more.
const MENTIONS_CHANGED_MAX: usize = 4096;

/// Grows `stretch` (`None`: empty) to cover `r` too.
fn grow(stretch: &mut Option<Range<usize>>, r: Range<usize>) {
    *stretch = Some(match stretch.take() {
        Some(s) => s.start.min(r.start)..s.end.max(r.end),
        None => r,
    });
}

#[cfg(test)]
mod tests {
    use super::memo::{items, PARALLEL_FROM_ITEMS};
    use super::*;
    use crate::registry::Rule;

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

    /// Types `key` at `at` and deletes it again, checking each against a
    /// fresh lint; gives how many times each laid the document out.
    fn type_and_delete(
        analysis: &mut Analysis,
        text: &mut String,
        at: usize,
        key: &str,
    ) -> [usize; 2] {
        let config = Config::default();
        let mut laid_out = [0; 2];
        for (k, insert) in [true, false].into_iter().enumerate() {
            let before = analysis.laid_out;
            if insert {
                text.insert_str(at, key);
                analysis.edit(at..at, key.len());
            } else {
                text.replace_range(at..at + key.len(), "");
                analysis.edit(at..at + key.len(), 0);
            }
            assert_eq!(
                analysis.diagnostics(text, &config),
                crate::lint(text, &config)
            );
            laid_out[k] = analysis.laid_out - before;
        }
        laid_out
    }

    #[test]
    fn a_keystroke_in_a_hearing_paragraph_keeps_the_layout() {
        let mut text =
            include_str!("../../../../tests/fixtures/formats/hearing/clean.txt").to_string();
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        assert_eq!(
            analysis.diagnostics(&text, &config),
            crate::lint(&text, &config)
        );
        // In a paragraph's text, and after a label: nothing the layout
        // reads changes.
        for (phrase, key) in [
            ("the radar beam travels", "x"),
            ("the radar beam travels", " "),
            ("Mr. ABERNATHY. Fresh water", "x"),
        ] {
            let at = text.find(phrase).unwrap() + phrase.len() - 4;
            assert_eq!(
                type_and_delete(&mut analysis, &mut text, at, key),
                [0, 0],
                "{phrase}"
            );
        }
        // In the banner or the contents: the front matter stays front
        // matter, whatever its words.
        for (phrase, key) in [("House Hearing", "x"), ("C O N T E N T S", "x")] {
            let at = text.find(phrase).unwrap() + 2;
            assert_eq!(
                type_and_delete(&mut analysis, &mut text, at, key),
                [0, 0],
                "{phrase}"
            );
        }
        // A dash rule that is no longer one, a wrapped line that opens a
        // paragraph, a label, or a line break: laid out again.
        for (phrase, skip, key) in [
            ("\n----------", 3, "x"),
            ("\norder. Without objection", 1, "    "),
            ("Mr. ABERNATHY. Fresh", 2, "x"),
            ("the radar beam travels", 2, "\n"),
        ] {
            let at = text.find(phrase).unwrap() + skip;
            assert_eq!(
                type_and_delete(&mut analysis, &mut text, at, key),
                [1, 1],
                "{phrase}"
            );
        }
    }

    #[test]
    fn a_keystroke_in_a_briefing_turn_keeps_the_layout_unless_it_makes_a_label() {
        let mut text = long_briefing();
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        assert_eq!(
            analysis.diagnostics(&text, &config),
            crate::lint(&text, &config)
        );
        let at = text.find("welcome").unwrap();
        assert_eq!(type_and_delete(&mut analysis, &mut text, at, "x"), [0, 0]);
        // A new line that reads as a label, and a keystroke in the notes.
        assert_eq!(
            type_and_delete(&mut analysis, &mut text, at, "\nMR X: "),
            [1, 1]
        );
        let at = text.find("A third").unwrap();
        assert_eq!(type_and_delete(&mut analysis, &mut text, at, "x"), [1, 1]);
    }

    /// A long briefing whose turns cite notes `[1]` to `[9]`, of which the
    /// notes block has only the odd ones: four missing notes, reported on
    /// every turn, with one stub fix.
    fn briefing_with_missing_notes() -> String {
        let mut text = String::from("Press Briefing\nWashington, DC\n\n");
        for i in 0..600 {
            let speaker = ["SECRETARY KERRY", "MR KIRBY"][i % 2];
            text += &format!(
                "{speaker}: The talks resume on Monday[{}], as agreed.\n\n",
                i % 9 + 1
            );
        }
        text += "Notes\n[1] One.\n[3] Three.\n[5] Five.\n[7] Seven.\n[9] Nine.\n";
        text
    }

    /// Replaces `range` of `text` with `insert`, and checks the analysis
    /// against a fresh lint; gives how many times the missing-note rule ran.
    fn replace_and_check(
        analysis: &mut Analysis,
        text: &mut String,
        range: Range<usize>,
        insert: &str,
    ) -> usize {
        let config = Config::default();
        let before = analysis.memo.runs(Rule::FootnoteMissingNote);
        text.replace_range(range.clone(), insert);
        analysis.edit(range, insert.len());
        assert_eq!(
            analysis.diagnostics(text, &config),
            crate::lint(text, &config),
            "{text:?}"
        );
        analysis.memo.runs(Rule::FootnoteMissingNote) - before
    }

    #[test]
    fn a_keystroke_in_a_turn_keeps_the_missing_notes_and_their_fix() {
        let mut text = briefing_with_missing_notes();
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        let found = analysis.diagnostics(&text, &config);
        let missing = |d: &[Diagnostic]| {
            d.iter()
                .filter(|d| d.rule == Rule::FootnoteMissingNote)
                .count()
        };
        // Turns citing `[2]`, `[4]`, `[6]` or `[8]`.
        let cited = (0..600).filter(|i| (i % 9 + 1) % 2 == 0).count();
        assert_eq!(missing(&found), cited);
        assert_eq!(analysis.memo.runs(Rule::FootnoteMissingNote), 1);
        // Typing and deleting in the middle of the document: the references,
        // the notes and where the stubs go are the same, moved.
        let at = text[text.len() / 2..].find("as agreed").unwrap() + text.len() / 2;
        for (range, insert) in [(at..at, "x"), (at..at + 1, ""), (at..at, " \n\n")] {
            assert_eq!(
                replace_and_check(&mut analysis, &mut text, range, insert),
                0
            );
        }
        // An edit to a reference, or to what the fix reads, runs it again.
        let r = text.find("Monday[2]").unwrap() + 7;
        assert_eq!(
            replace_and_check(&mut analysis, &mut text, r..r + 1, "3"),
            1
        );
        let end = text.len() - 1;
        assert_eq!(
            replace_and_check(&mut analysis, &mut text, end..end, " More."),
            1
        );
        assert_eq!(replace_and_check(&mut analysis, &mut text, 14..14, "\r"), 1);
    }

    /// Typing in a note's words leaves the notes the same, but for their
    /// words: the missing-note check (which reads which notes there are,
    /// and where its stubs go) keeps its findings, and the order check,
    /// whose fix moves the notes' words, runs again. Editing a note's label
    /// changes the notes; after every edit the findings are a fresh lint's.
    #[test]
    fn typing_in_a_note_runs_again_only_the_rules_that_read_its_words() {
        let mut text = briefing_with_missing_notes();
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let order = analysis.memo.runs(Rule::FootnoteOrder);
            let missing = replace_and_check(&mut analysis, text, at..at + len, insert);
            (missing, analysis.memo.runs(Rule::FootnoteOrder) - order)
        };
        let at = text.find("Three").unwrap() + 2;
        assert_eq!(step(&mut text, at, 0, "x"), (0, 1));
        assert_eq!(step(&mut text, at, 1, ""), (0, 1));
        // The last note's words, short of its end.
        let at = text.find("Nine").unwrap() + 1;
        assert_eq!(step(&mut text, at, 0, "ne ni"), (0, 1));
        // Right after a note's label, before the space that starts its
        // words (where they start moves, not which notes there are), and
        // at their start.
        let at = text.find("[3] Three").unwrap() + 3;
        assert_eq!(step(&mut text, at, 0, "x"), (0, 1));
        assert_eq!(step(&mut text, at, 1, ""), (0, 1));
        assert_eq!(step(&mut text, at + 1, 0, " "), (0, 1));
        assert_eq!(step(&mut text, at + 1, 1, ""), (0, 1));
        // A note's number: the notes changed.
        let at = text.find("[5]").unwrap() + 1;
        assert_eq!(step(&mut text, at, 1, "6"), (1, 1));
        // A line break in a note's words, and one taken back.
        let at = text.find("Seven").unwrap() + 2;
        step(&mut text, at, 0, "\n");
        step(&mut text, at, 1, "");
        // Notes first cited out of order: the order check's fix renumbers
        // them, writing each note's words in its new place, and follows a
        // keystroke in them.
        let mut text = String::from(
            "Briefing\n\nMR KIRBY: First[2], then[1], and[3].\n\n\
             Notes\n[1] One.\n[2] Two words.\n[3] Three.\n",
        );
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let at = text.find("Two").unwrap() + 2;
        let got = edit_and_lint(&mut analysis, &mut text, at..at, "x");
        let order = got.iter().find(|d| d.rule == Rule::FootnoteOrder);
        let fix = order
            .and_then(|d| d.fix.as_ref())
            .expect("a renumbering fix");
        assert!(
            fix.edits.iter().any(|e| e.new_text.contains("Twxo")),
            "{fix:?}"
        );
    }

    /// An edit that changes a lower-case answer runs the name check again;
    /// it searches the text again only for the words whose answer the edit
    /// could change, and its findings are what a fresh lint finds.
    #[test]
    fn a_name_check_run_again_searches_only_what_the_edit_could_change() {
        let mut text = briefing(40, "Minister Lavrow met Ambassador Power today.");
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        let found = analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerNameMismatch;
        let misspelt = |d: &[Diagnostic]| d.iter().filter(|d| d.rule == rule).count();
        assert_eq!(misspelt(&found), 40);
        let asked = analysis.memo.searches(rule);
        assert!(asked >= 1, "the first run asks whether `lavrow` is a word");
        // Each edit: (where, what it replaces, the text), then how many
        // misspellings a fresh lint finds, and whether the check searched.
        // Whether the check ran, how many misspellings a fresh lint finds,
        // and how many words the check searched the text for.
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let (runs, searches) = (analysis.memo.runs(rule), analysis.memo.searches(rule));
            let got = edit_and_lint(&mut analysis, text, at..at + len, insert);
            let ran = analysis.memo.runs(rule) - runs;
            (ran, misspelt(&got), analysis.memo.searches(rule) - searches)
        };
        // A keystroke in another name in the last turn, one the check does
        // not compare (no surname starts with `P`): nothing runs.
        let at = text.rfind("Power").unwrap();
        assert_eq!(step(&mut text, at, 0, "x"), (0, 40, 0));
        // The edited line uses the word in lower case: a "yes", read from
        // that line, and the misspelling is an ordinary word now.
        assert_eq!(step(&mut text, at, 1, "lavrow "), (1, 0, 0));
        // A keystroke in the name before a misspelling (`Minister`, part of
        // `Lavrow`'s mention) on another line: the check runs, and keeps
        // the "yes" of the line not edited.
        let first = text.find("Minister").unwrap() + 3;
        assert_eq!(step(&mut text, first, 0, "x"), (1, 0, 0));
        // Taking the lower-case use back: its line was edited, so the
        // question is asked of the whole text again.
        let at = text.rfind("lavrow ").unwrap();
        assert_eq!(step(&mut text, at, 7, ""), (1, 40, 1));
    }

    /// After an edit the name check judges only the mentions of the lines
    /// scanned again and keeps its other findings, moved; it judges every
    /// mention again when what it matches against changed (a target's
    /// label), and the mentions a first name decided when one is gained or
    /// lost. Each result is a fresh lint's.
    #[test]
    fn the_name_check_brings_its_findings_up_to_date() {
        let mut text = briefing(40, "Minister Lavrow met Ambassador Power today.");
        text += "SECRETARY KERRY: Sergei Lavrov spoke.\n\n";
        text += "SECRETARY KERRY: And Sergei Lavr agreed.[1]\n\n";
        text += "[1] Source: a note.\n[2] Another.\n";
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerNameMismatch;
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            edit_and_count(&mut analysis, rule, text, at..at + len, insert)
        };
        // `Lavr` after `Sergei`, a first name `Sergei Lavrov` gives it.
        assert_eq!(step(&mut text, 0, 0, ""), (0, 0, 41));
        // A misspelling corrected, and made again, in the tenth turn.
        let tenth = text.match_indices("Lavrow").nth(9).unwrap().0;
        assert_eq!(step(&mut text, tenth + 5, 1, "v"), (1, 1, 40));
        assert_eq!(step(&mut text, tenth + 5, 1, "w"), (1, 1, 41));
        // A lower-case letter typed into a label other than a speaker's
        // first: no label now, one turn fewer, its words spoken text.
        let label = text
            .match_indices("FOREIGN MINISTER LAVROV")
            .nth(5)
            .unwrap()
            .0;
        assert_eq!(step(&mut text, label + 3, 0, "x"), (1, 1, 41));
        assert_eq!(step(&mut text, label + 3, 1, ""), (1, 1, 41));
        // The first label of a speaker: the findings point at it, so all
        // are made again.
        let first = text.find("FOREIGN MINISTER LAVROV").unwrap();
        assert_eq!(step(&mut text, first + 3, 0, "x"), (1, 0, 41));
        assert_eq!(step(&mut text, first + 3, 1, ""), (1, 0, 41));
        // The only `Sergei Lavrov` loses its first name: `Lavr`, on
        // another line, no longer stands where a surname does; the
        // mentions whose place the first names decided are judged again.
        let sergei = text.find("Sergei Lavrov").unwrap();
        assert_eq!(step(&mut text, sergei, 7, ""), (1, 1, 40));
        // ... and gains it back.
        assert_eq!(step(&mut text, sergei, 0, "Sergei "), (1, 1, 41));
        // A note's number typed into: the notes changed, which the check
        // reads only as lines of text.
        let note = text.find("[2] Another").unwrap() + 1;
        assert_eq!(step(&mut text, note, 0, "3"), (1, 1, 41));
        assert_eq!(step(&mut text, note, 1, ""), (1, 1, 41));
        // A first name typed into: `Sergxei` is another first name, and
        // `Sergei Lavr` no longer follows a known one.
        assert_eq!(step(&mut text, sergei + 4, 0, "x"), (1, 1, 40));
        assert_eq!(step(&mut text, sergei + 4, 1, ""), (1, 1, 41));
    }

    /// A keystroke that changes a mention but none of the name check's
    /// findings leaves its run as it was: the same findings, which the
    /// front end shows without converting any again. One that changes a
    /// finding makes the run anew.
    #[test]
    fn the_name_check_keeps_its_run_when_no_finding_changed() {
        let mut text = briefing(40, "Minister Lavrow met Ambassador Power today.");
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerNameMismatch;
        let met = text.match_indices("met").nth(9).unwrap().0;
        let lavrow = text.match_indices("Lavrow").nth(9).unwrap().0 + 2;
        for (at, len, insert, same, found) in [
            // A name spelled as its label spells it, typed in and taken
            // back.
            (met, 0, "Lavrov ", true, 40),
            (met, 7, "", true, 40),
            // `Laxvrow` is not near enough to `LAVROV` to be reported.
            (lavrow, 0, "x", false, 39),
            (lavrow, 1, "", false, 40),
        ] {
            let before = analysis.memo.run(rule).expect("a run");
            let counts = edit_and_count(&mut analysis, rule, &mut text, at..at + len, insert);
            assert_eq!(counts, (1, 1, found), "{insert:?} at {at}");
            let after = analysis.memo.run(rule).expect("a run");
            assert_eq!(after.same_findings(&before), same, "{insert:?} at {at}");
        }
    }

    /// After a keystroke in a label, `speaker-label-variant` reads only the
    /// labels of the edited lines and counts the rest as they were; each
    /// result is a fresh lint's, and a label changed elsewhere as well
    /// (the first, before which the header ends) reads them all.
    #[test]
    fn the_label_check_reads_only_the_labels_typed_in() {
        let mut text = briefing(30, "We met today.");
        text += "SECRETARY KERY: Once.\n\nSecretary Kerry: Twice.\n";
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerLabelVariant;
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            edit_and_count(&mut analysis, rule, text, at..at + len, insert)
        };
        assert_eq!(step(&mut text, 0, 0, ""), (0, 0, 2));
        // A third misspelling, typed letter by letter into a label.
        let label = text.match_indices("SECRETARY KERRY").nth(4).unwrap().0;
        assert_eq!(step(&mut text, label + 12, 1, ""), (1, 1, 3));
        // A lower-case letter: no label there now, one turn fewer.
        assert_eq!(step(&mut text, label + 3, 0, "x"), (1, 1, 2));
        assert_eq!(step(&mut text, label + 3, 1, ""), (1, 1, 3));
        assert_eq!(step(&mut text, label + 12, 0, "R"), (1, 1, 2));
        // Spoken text: nothing runs.
        let said = text.find("We met").unwrap();
        assert_eq!(step(&mut text, said, 0, "x"), (0, 0, 2));
        // The first label: every label is read again.
        let first = text.find("SECRETARY KERRY").unwrap();
        assert_eq!(step(&mut text, first + 3, 0, "x"), (1, 0, 2));
    }

    /// The name check compares a mention with a surname only when it starts
    /// with the surname's letter and could be a near miss of it by length:
    /// a keystroke that changes only other mentions keeps its findings; one
    /// in a mention it compares, or in the first name before one, runs it
    /// again. After every edit the findings are a fresh lint's.
    #[test]
    fn a_keystroke_in_a_name_the_check_does_not_compare_keeps_its_findings() {
        let mut text = String::from("Briefing\n\n");
        for _ in 0..20 {
            text += "MR ROBINSON: Thanks. Chris Robinson here. Foreign Minister \
                     Lavrow and I met. Today Important.\n\n\
                     FOREIGN MINISTER LAVROV: We did.\n\n";
        }
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        let rule = Rule::SpeakerNameMismatch;
        let found = analysis.diagnostics(&text, &config);
        assert_eq!(found.iter().filter(|d| d.rule == rule).count(), 20);
        // Replaces `len` bytes at `at`; gives whether the check ran and how
        // many misspellings there are.
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let runs = analysis.memo.runs(rule);
            let got = edit_and_lint(&mut analysis, text, at..at + len, insert);
            let misspelt = got.iter().filter(|d| d.rule == rule).count();
            (analysis.memo.runs(rule) - runs, misspelt)
        };
        let nth = |text: &str, word: &str| text.match_indices(word).nth(7).unwrap().0;
        // `Important`, `Thanks`, `Foreign`: no surname starts with their
        // letter.
        let at = nth(&text, "Important") + 3;
        assert_eq!(step(&mut text, at, 0, "x"), (0, 20));
        assert_eq!(step(&mut text, at, 1, ""), (0, 20));
        let at = nth(&text, "Thanks") + 2;
        assert_eq!(step(&mut text, at, 0, "x"), (0, 20));
        let at = nth(&text, "Foreign") + 2;
        assert_eq!(step(&mut text, at, 0, "x"), (0, 20));
        // `Today` made `Loday`: `L` is `LAVROV`'s letter, but five letters
        // are no near miss of six; `Lodays` could be, and is compared.
        let at = nth(&text, "Today");
        assert_eq!(step(&mut text, at, 1, "L"), (0, 20));
        assert_eq!(step(&mut text, at + 5, 0, "s"), (1, 20));
        // `Lavrov` typed there: a name spelled right, compared.
        assert_eq!(step(&mut text, at, 6, "Lavrov"), (1, 20));
        // `Chris`, the first name before `Robinson`, which is compared.
        let at = nth(&text, "Chris") + 2;
        assert_eq!(step(&mut text, at, 0, "x"), (1, 20));
        // The misspelling itself, made right and back.
        let at = nth(&text, "Lavrow") + 5;
        assert_eq!(step(&mut text, at, 1, "v"), (1, 19));
        assert_eq!(step(&mut text, at, 1, "w"), (1, 20));
        // A capital typed into a lower-case word makes a mention the check
        // does not compare (`I Xmet`), then one it does (`Lmet`, four
        // letters, as long as a cut-off `LAVROV` can be). Before `Lavrow`,
        // `Xand` would change what follows it in its name: compared.
        let at = nth(&text, "met.");
        assert_eq!(step(&mut text, at, 0, "X"), (0, 20));
        assert_eq!(step(&mut text, at, 1, "L"), (1, 20));
        let at = nth(&text, "and I");
        assert_eq!(step(&mut text, at, 0, "X"), (1, 20));
    }

    /// A label edited on its own line leaves every other line's spoken
    /// text where it was: the name check, run again, reuses what it knew
    /// of them; a label gone changes what follows it, and the check asks
    /// the whole text again.
    #[test]
    fn a_label_edit_keeps_what_was_known_of_the_other_lines() {
        let mut text = briefing(40, "Minister Lavrow met Ambassador Power today.");
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerNameMismatch;
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let (runs, searches) = (analysis.memo.runs(rule), analysis.memo.searches(rule));
            let got = edit_and_lint(&mut analysis, text, at..at + len, insert);
            let misspelt = got.iter().filter(|d| d.rule == rule).count();
            let searched = analysis.memo.searches(rule) - searches;
            (analysis.memo.runs(rule) - runs, misspelt, searched)
        };
        // A letter typed into a label and taken back: the check runs, and
        // searches nothing.
        let label = text.match_indices("SECRETARY KERRY").nth(6).unwrap().0 + 10;
        assert_eq!(step(&mut text, label, 0, "X"), (1, 40, 0));
        assert_eq!(step(&mut text, label, 1, ""), (1, 40, 0));
        // A label whose colon is deleted is no label: one turn fewer, but
        // every other line starts its spoken text where it did, and only
        // the edited line is searched. Typed back, the label is one again.
        let colon = label + 5;
        assert_eq!(&text[colon..colon + 1], ":");
        assert_eq!(step(&mut text, colon, 1, ""), (1, 40, 0));
        assert_eq!(step(&mut text, colon, 0, ":"), (1, 40, 0));
        // The first label unmade: the text before the next one is the
        // header, no spoken text, and the question is asked of the whole
        // text.
        let first = text.find("SECRETARY KERRY:").unwrap() + 15;
        assert_eq!(step(&mut text, first, 1, ""), (1, 40, 1));
    }

    /// [`edit_and_lint`], then whether `rule` ran, whether it brought its
    /// findings up to date, and how many it reports.
    fn edit_and_count(
        analysis: &mut Analysis,
        rule: Rule,
        text: &mut String,
        range: Range<usize>,
        insert: &str,
    ) -> (usize, usize, usize) {
        let (runs, updates) = (analysis.memo.runs(rule), analysis.memo.updates(rule));
        let got = edit_and_lint(analysis, text, range, insert);
        (
            analysis.memo.runs(rule) - runs,
            analysis.memo.updates(rule) - updates,
            got.iter().filter(|d| d.rule == rule).count(),
        )
    }

    /// Replaces `range` of `text` with `insert`, in the text and in the
    /// analysis, and lints with the default rules: the result must be a
    /// fresh lint's.
    fn edit_and_lint(
        analysis: &mut Analysis,
        text: &mut String,
        range: Range<usize>,
        insert: &str,
    ) -> Vec<Diagnostic> {
        let config = Config::default();
        text.replace_range(range.clone(), insert);
        analysis.edit(range, insert.len());
        let got = analysis.diagnostics(text, &config);
        assert_eq!(got, crate::lint(text, &config), "{text:?}");
        got
    }

    /// A briefing of `turns` turns, two speakers taking turns, each saying
    /// `words`.
    fn briefing(turns: usize, words: &str) -> String {
        let mut text = String::from("Briefing\n\n");
        for i in 0..turns {
            let speaker = ["SECRETARY KERRY", "FOREIGN MINISTER LAVROV"][i % 2];
            text += &format!("{speaker}: {words}\n\n");
        }
        text
    }

    /// `empty-turn` runs again only when an edit empties a turn or fills
    /// an empty one, and what it keeps is what a fresh lint finds,
    /// including a turn emptied on a line after its label's, whose extent
    /// shrinks away from the edit.
    #[test]
    fn a_turn_check_runs_again_only_when_a_turn_empties_or_fills() {
        let mut text = briefing(30, "We met today.");
        text += "SECRETARY KERRY:\nLast words here.\n";
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::EmptyTurn;
        // Each edit: (where, what it replaces, the text); then whether the
        // rule ran, and how many empty turns a fresh lint finds.
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let runs = analysis.memo.runs(rule);
            let got = edit_and_lint(&mut analysis, text, at..at + len, insert);
            let empty = got.iter().filter(|d| d.rule == rule).count();
            (analysis.memo.runs(rule) - runs, empty)
        };
        // Typing in a turn's words, and taking it back.
        let at = text.find("met").unwrap();
        assert_eq!(step(&mut text, at, 0, "x"), (0, 0));
        assert_eq!(step(&mut text, at, 1, ""), (0, 0));
        // Emptying a turn, then filling it again.
        let words = " We met today.";
        let at = text.match_indices(words).nth(5).unwrap().0;
        assert_eq!(step(&mut text, at, words.len(), ""), (1, 1));
        assert_eq!(step(&mut text, at, 0, " x"), (1, 0));
        // The last turn's words are on the line after its label: deleting
        // them leaves a blank line, which the turn no longer reaches.
        let last = "Last words here.";
        let at = text.find(last).unwrap();
        assert_eq!(step(&mut text, at, last.len(), ""), (1, 1));
        assert_eq!(step(&mut text, at, 0, "A"), (1, 0));
    }

    /// The markers and timestamps of a fresh parse of `text`, and of the
    /// analysis's model; and how many passes its join made afresh.
    fn joined_both_ways(analysis: &mut Analysis, text: &str) -> usize {
        let config = Config::default();
        let both = |doc: &Transcript| (doc.markers.clone(), doc.timestamps.clone());
        let (got, fresh) =
            analysis.with_transcript(text, &config, |doc| (both(doc), doc.joined.fresh));
        let want = both(&Transcript::parse(text, &config.settings));
        assert!(got == want, "{text:?}");
        fresh
    }

    /// The join takes the passes of the last one whose lines no edit
    /// touched, moved; the markers and timestamps are a fresh parse's.
    #[test]
    fn the_join_makes_again_only_the_passes_an_edit_touched() {
        let mut text = String::from("Briefing\n\n");
        for _ in 0..20 {
            text += "MR KIRBY: The Delia May, that the foreman, [inaudible\n00:14:22] \
                     and he'd stand (inaudible [he\nsaid] yes) there.\n\n\
                     SECRETARY KERRY: What happened (Laughter\nto the canneries?\n\
                     MR KIRBY: Right after it.\n\n\
                     SECRETARY KERRY: Nothing is open here.\n\n";
        }
        let mut analysis = Analysis::new(&text, &Config::default());
        // Two passes a round: the tag and timestamp wrapped over a line,
        // and the marker left open.
        assert_eq!(joined_both_ways(&mut analysis, &text), 40);
        // Whether each edit laid the document out again.
        let mut relaid = Vec::new();
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            text.replace_range(at..at + len, insert);
            analysis.edit(at..at + len, insert.len());
            let before = analysis.laid_out;
            let fresh = joined_both_ways(&mut analysis, text);
            relaid.push(analysis.laid_out > before);
            fresh
        };
        // In a paragraph with no marker open: none.
        let plain = text.match_indices("Nothing is").nth(9).unwrap().0 + 8;
        assert_eq!(step(&mut text, plain, 0, "x"), 0);
        assert_eq!(step(&mut text, plain, 1, ""), 0);
        // In an open marker's paragraph, on its line or the next: that one.
        let open = text.match_indices("What happened").nth(4).unwrap().0 + 2;
        assert_eq!(step(&mut text, open, 0, "x"), 1);
        let next = text.match_indices("the canneries").nth(4).unwrap().0;
        assert_eq!(step(&mut text, next, 0, "x"), 1);
        // The wrapped timestamp's closer deleted and put back.
        let closer = text.match_indices("00:14:22]").nth(7).unwrap().0 + 8;
        assert_eq!(step(&mut text, closer, 1, ""), 1);
        assert_eq!(step(&mut text, closer, 0, "]"), 1);
        // On the line after a paragraph, which says it ends: that one.
        let after = text.match_indices("after it").nth(3).unwrap().0;
        assert_eq!(step(&mut text, after, 0, "x"), 1);
        assert_eq!(step(&mut text, after, 1, ""), 1);
        // Laid out again, with every turn starting where it did, moved: the
        // passes the edit did not touch stand. A line added in a paragraph
        // with nothing open; a capital typed into a label that no pass reads
        // (the paragraph before it ends at a blank line), and taken back.
        assert_eq!(step(&mut text, plain, 0, "\n"), 0);
        let label = text
            .match_indices("SECRETARY KERRY: Nothing")
            .nth(12)
            .unwrap()
            .0
            + 4;
        assert_eq!(step(&mut text, label, 0, "X"), 0);
        assert_eq!(step(&mut text, label, 1, ""), 0);
        // A label's colon deleted: a turn fewer, and only the pass that
        // reads its line (the edit's own paragraph) is made again.
        let colon = text.match_indices("MR KIRBY: The").nth(15).unwrap().0 + 8;
        assert_eq!(&text[colon..colon + 1], ":");
        assert_eq!(step(&mut text, colon, 1, ""), 1);
        // Put back, and a line break typed at a label's start, which moves
        // where that turn starts: every pass made again.
        assert_eq!(step(&mut text, colon, 0, ":"), 1);
        let start = text.match_indices("MR KIRBY: The").nth(3).unwrap().0;
        assert_eq!(step(&mut text, start, 0, "\n"), 40);
        assert_eq!(relaid[relaid.len() - 6..], [true; 6], "laid out again");
    }

    /// Keystrokes at the start of each line of a court transcript (page
    /// breaks, gutters, a parenthetical left open): the join equals a
    /// fresh parse's after each. One in an answer keeps every pass, though
    /// the transcript is laid out again.
    #[test]
    fn the_join_of_a_court_transcript_follows_keystrokes_on_every_line() {
        let mut text =
            include_str!("../../../../tests/fixtures/formats/court/planted.txt").to_string();
        let mut analysis = Analysis::new(&text, &Config::default());
        let passes = joined_both_ways(&mut analysis, &text);
        assert!(passes > 0, "the fixture leaves a parenthetical open");
        // A court transcript is laid out again on every keystroke; one in
        // an answer with nothing open leaves the turns where they were, and
        // every pass stands.
        let at = text.find("Good morning, Agent").unwrap() + 5;
        for (range, insert) in [(at..at, "x"), (at..at + 1, "")] {
            let before = analysis.laid_out;
            text.replace_range(range.clone(), insert);
            analysis.edit(range, insert.len());
            assert_eq!(joined_both_ways(&mut analysis, &text), 0);
            assert!(analysis.laid_out > before, "laid out again");
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for &start in starts.iter().rev() {
            for (range, insert) in [(start..start, "x"), (start..start + 1, "")] {
                text.replace_range(range.clone(), insert);
                analysis.edit(range, insert.len());
                joined_both_ways(&mut analysis, &text);
            }
        }
    }

    /// While the layout stands the labels are not compared; once the
    /// document is laid out again they are, moved by every edit since, and
    /// a rule that reads only the labels runs again only if one changed.
    #[test]
    fn labels_are_compared_only_when_the_document_is_laid_out_again() {
        let mut text = briefing(30, "We met today and talked.");
        text += "SECRETARY KERY: A variant.\n";
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        analysis.diagnostics(&text, &config);
        let rule = Rule::SpeakerLabelVariant;
        // Each edit: whether the document was laid out again, and whether
        // the rule ran; each result is a fresh lint's.
        let mut step = |text: &mut String, at: usize, len: usize, insert: &str| {
            let (runs, laid_out) = (analysis.memo.runs(rule), analysis.laid_out);
            let got = edit_and_lint(&mut analysis, text, at..at + len, insert);
            assert!(got.iter().any(|d| d.rule == rule), "{text:?}");
            (
                analysis.laid_out - laid_out,
                analysis.memo.runs(rule) - runs,
            )
        };
        // Typing in a turn's words: the layout stands.
        let at = text.match_indices("and talked").nth(4).unwrap().0;
        for (k, c) in "xyz".char_indices() {
            assert_eq!(step(&mut text, at + k, 0, &c.to_string()), (0, 0));
        }
        // A line break in the same words: laid out again, the labels the
        // same once moved by the four edits.
        assert_eq!(step(&mut text, at + 3, 0, "\n"), (1, 0));
        // Typing elsewhere, then a label changed: compared, and run again.
        let far = text.match_indices("met today").nth(20).unwrap().0;
        assert_eq!(step(&mut text, far, 0, "x"), (0, 0));
        let label = text.match_indices("FOREIGN MINISTER").nth(2).unwrap().0;
        assert_eq!(step(&mut text, label, 1, "G"), (1, 1));
    }

    /// Enough markers that the marker rules, due together after a
    /// keystroke in a tag, are split between two cores: the findings are a
    /// fresh lint's.
    #[test]
    fn marker_rules_split_between_cores_find_what_a_fresh_lint_finds() {
        let mut text = briefing(
            1100,
            "(Laughter.) We met (inaudible) today [crosstalk] and \
             (Via interpreter) then (laughter) [CROSSTALK] (Applause.) and \
             (inaudible) again [inaudible] (crosstalk) (INAUDIBLE.",
        );
        let config = Config::default();
        let mut analysis = Analysis::new(&text, &config);
        let markers = analysis.with_transcript(&text, &config, |doc| items(doc, Reads::MARKERS));
        assert!(markers >= PARALLEL_FROM_ITEMS, "{markers} markers");
        analysis.diagnostics(&text, &config);
        let at = text.find("(inaudible)").unwrap() + 3;
        for (range, insert) in [(at..at, "x"), (at..at + 1, "")] {
            text.replace_range(range.clone(), insert);
            analysis.edit(range, insert.len());
            let found = analysis.diagnostics(&text, &config);
            for rule in ["marker-style", "unclosed-marker"] {
                assert!(found.iter().any(|d| d.rule.name() == rule), "{rule}");
            }
            assert_eq!(found, crate::lint(&text, &config));
        }
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
