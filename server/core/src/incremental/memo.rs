//! Each rule's diagnostics from the last call, kept while the parts of the
//! model the rule reads stay the same, and moved with the edits.

use std::ops::Range;

use super::shift::{cover, moved, moved_range, Fact, Shift};
use super::span::{moves, Span};
use super::splice::same_moved;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::findings::{Findings, Run};
use crate::linter;
use crate::model::{
    LowerCaseLog, Marker, MentionFilter, NameMention, Note, NotesBlock, SpeakerLabel, Transcript,
};
use crate::registry::Rule;
use crate::rules::{Change, Kept as RuleKept, Memory, Reads, Since};

/// The rules due together are split between two cores when one of them
/// works per item of a part of the model ([`crate::RuleMeta::work_per_item`])
/// that has at least this many items: about 0.15 ms of the name check (per
/// name mention), 1 to 2 ms of a marker rule (per marker).
pub(super) const PARALLEL_FROM_ITEMS: usize = 10_000;

/// Each rule's diagnostics from the last [`Analysis::diagnostics`], and what
/// they were computed from.
#[derive(Debug, Clone, Default)]
pub(super) struct Memo {
    config: Option<Config>,
    /// Per rule, in [`Rule::ALL`] order.
    rules: Vec<Option<Kept>>,
    labels: Vec<SpeakerLabel>,
    /// The edits since `labels` were last brought up to date: while the
    /// layout stands they are not looked at (see `labels_moved` below).
    /// Kept one by one, not composed into one span: two keystrokes far
    /// apart composed would cover every label between them.
    labels_since: Vec<Span>,
    notes: Vec<Note>,
    notes_block: Option<NotesBlock>,
    /// Where footnote numbering restarts: which note a reference means
    /// depends on it.
    note_sections: Vec<Range<usize>>,
    /// The file's own roster, as (label key, full name): it counts as
    /// configured, so when it changes every rule runs again, as after a
    /// change of configuration.
    roster: Vec<(String, String)>,
    /// Whether the document had neither turns nor notes, where footnote
    /// references depend on the characters around them.
    prose: bool,
    /// Whether markers and timestamps were joined across line breaks. Those
    /// depend on the lines after a marker's own, which the comparison of
    /// each line's facts does not see: while timestamps are, the rules that
    /// read them run again; markers are compared as joined, below.
    joined: (bool, bool),
    /// The markers the join across lines changed, as it left them. With
    /// every marker's line-local form unchanged (the comparison of each
    /// line's facts) and these the same, moved, the marker list the rules
    /// read is the same: a document with many unclosed markers no longer
    /// runs the marker rules again on every keystroke.
    joined_markers: Vec<Marker>,
    /// The header: timestamps in it are in no clock segment
    /// (`Transcript::clocks`), so a header that moves changes what the
    /// timestamp rules see.
    header: Vec<Range<usize>>,
    /// How the notes were spaced (`Transcript::note_spacing`), plain then
    /// Markdown: part of [`Reads::NOTES`].
    note_spacing: [Option<String>; 2],
    /// The [`Reads::TAIL`] facts at the last call; `None` while no enabled
    /// rule reads them.
    tail: Option<Tail>,
    /// Per turn, whether it said nothing at the last call
    /// ([`Reads::TURN_WORDS`]); empty while no enabled rule reads it.
    says_nothing: Vec<bool>,
    /// How many times each rule ran, in [`Rule::ALL`] order: the tests
    /// check that a keystroke changing nothing a rule reads does not run it.
    runs: Vec<usize>,
    /// How many of each rule's lower-case questions searched the text, in
    /// [`Rule::ALL`] order: the tests check that a run after an edit asks
    /// again only what the edit could have changed.
    searches: Vec<usize>,
    /// How many times each rule brought its last findings up to date
    /// rather than made them all again, in [`Rule::ALL`] order.
    updates: Vec<usize>,
}

/// What a fix that adds lines at the end of the document reads of it
/// ([`Reads::TAIL`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tail {
    text_end: usize,
    line_ending: String,
    bare_lines_are_text: bool,
}

impl Tail {
    /// Are `self` (as before `edits`), moved by the edits, the facts of
    /// `doc`? The end of the text is the same only if no edit touched it:
    /// typing right after the last line moves it.
    fn same_moved(&self, doc: &Transcript, edits: Option<Span>) -> bool {
        let at = self.text_end;
        moves(edits, &(at..at)).is_some_and(|d| moved(at, d) == doc.text_end())
            && self.line_ending == doc.line_ending()
            && self.bare_lines_are_text == doc.bare_lines_are_text()
    }

    fn of(doc: &Transcript) -> Tail {
        Tail {
            text_end: doc.text_end(),
            line_ending: doc.line_ending().to_string(),
            bare_lines_are_text: doc.bare_lines_are_text(),
        }
    }
}

#[derive(Debug, Clone)]
struct Kept {
    /// Shared with the findings handed out: keeping them is moving the
    /// run, not each finding.
    run: Run,
    /// The questions the rule asked through its context, and the answers.
    asked: LowerCaseLog,
    /// The name mentions the rule said its findings depend on
    /// ([`crate::rules::Context::read_mentions`]); `None`: any.
    mentions: Option<MentionFilter>,
    /// What the rule kept of its run for the next
    /// ([`crate::rules::Context::keep`]).
    state: Option<RuleKept>,
}

/// What the model's refreshes since the last call scanned again.
pub(super) struct Scanned<'a> {
    /// Every name mention the edits could have changed, as it was and as
    /// it is (more is harmless); `None`: unknown.
    pub mentions: Option<&'a [NameMention]>,
    /// The lines scanned again, as one stretch of the text as it is now
    /// (`Some(None)`: none); `None`: unknown, as after scanning everything.
    pub lines: Option<Option<Range<usize>>>,
}

impl Memo {
    /// Runs the rules that read a part of the model in `changed` (or whose
    /// kept diagnostics `edits` touched) and keeps the other rules' results.
    /// `labels_moved` says that the document was not laid out again since
    /// the last call: its labels are the last call's, moved by the edits.
    /// `mentions_changed` holds, when known, every name mention the edits
    /// could have changed, as it was and as it is (more is harmless): a
    /// rule that reads mentions and none of those it depends on runs only
    /// if something else it reads changed.
    pub(super) fn diagnostics(
        &mut self,
        doc: &Transcript,
        config: &Config,
        mut changed: Reads,
        edits: Option<Span>,
        labels_moved: bool,
        scanned: Scanned,
    ) -> Findings {
        let Scanned {
            mentions: mentions_changed,
            lines: rescanned,
        } = scanned;
        if self.config.as_ref() != Some(config) {
            *self = Memo {
                config: Some(config.clone()),
                rules: vec![None; Rule::ALL.len()],
                runs: std::mem::take(&mut self.runs),
                searches: std::mem::take(&mut self.searches),
                updates: std::mem::take(&mut self.updates),
                ..Memo::default()
            };
            self.runs.resize(Rule::ALL.len(), 0);
            self.searches.resize(Rule::ALL.len(), 0);
            self.updates.resize(Rule::ALL.len(), 0);
            changed = Reads::all();
        }
        if edits.is_some() {
            changed |= Reads::TEXT;
        }
        let same_roster = self.roster.len() == doc.roster.len()
            && self
                .roster
                .iter()
                .zip(&doc.roster)
                .all(|((key, name), e)| *key == e.key && name == doc.slice(&e.name));
        if !same_roster {
            changed = Reads::all();
            self.roster = doc
                .roster
                .iter()
                .map(|e| (e.key.clone(), doc.slice(&e.name).to_string()))
                .collect();
        }
        // A long transcript has tens of thousands of turns, and comparing
        // every label, moved, cost most of a millisecond a keystroke. While
        // the layout stands the labels are the same, moved: they are
        // compared (moved by all the edits since) only once it is made again.
        let mut since = std::mem::take(&mut self.labels_since);
        since.extend(edits);
        // Whether the labels changed only on the edited lines: every other
        // line then starts its spoken text where it did, and what was known
        // of them still holds (typing in a label is the common case).
        let mut labels_local = false;
        // The turns replaced on the edited lines, as they were and as they
        // are: the turns before and after are the same turns.
        let mut replaced: Option<(Range<usize>, Range<usize>)> = None;
        if changed.contains(Reads::LABELS) {
            self.labels = doc.turns.iter().map(|t| t.label.clone()).collect();
        } else if labels_moved
            && self.labels.len() == doc.turns.len()
            && since.len() <= LABELS_SINCE_MAX
        {
            self.labels_since = since;
        } else {
            let edited = edits.map(|s| edited_lines(doc, s));
            let labels = doc.turns.iter().map(|t| &t.label);
            match compare_labels(&mut self.labels, labels, &since, edited) {
                Labels::Same => {}
                Labels::OnEditedLines { old, new } => {
                    changed |= Reads::LABELS;
                    labels_local = true;
                    let now = doc.turns[new.clone()].iter().map(|t| t.label.clone());
                    self.labels.splice(old.clone(), now);
                    replaced = Some((old, new));
                }
                Labels::Changed => {
                    changed |= Reads::LABELS;
                    self.labels = doc.turns.iter().map(|t| t.label.clone()).collect();
                }
            }
        }
        if !same_moved(&mut self.note_sections, doc.note_sections.iter(), edits) {
            changed |= Reads::NOTES | Reads::FOOTNOTE_REFS;
            self.note_sections = doc.note_sections.clone();
        }
        let block = |b: &NotesBlock| cover(&[&b.range, b.heading.as_ref().unwrap_or(&b.range)]);
        // The block as it was, moved; or typed in (`Some(false)`): the same
        // heading, the same start, its end moved by the edits, which lie
        // inside it.
        let same_block = match (&self.notes_block, &doc.notes_block) {
            (None, None) => Some(true),
            (Some(old), Some(new)) => match moves(edits, &block(old)) {
                Some(d) => {
                    let mut b = old.clone();
                    moved_range(&mut b.range, d);
                    if let Some(h) = &mut b.heading {
                        moved_range(h, d);
                    }
                    (b == *new).then_some(true)
                }
                None => edits.and_then(|s| {
                    let heading = match (&old.heading, &new.heading) {
                        (None, None) => true,
                        (Some(o), Some(n)) => s.moves(o) == Some(0) && o == n,
                        _ => false,
                    };
                    let typed = old.range.start < s.start
                        && s.old_end < old.range.end
                        && new.range == (old.range.start..moved(old.range.end, s.delta()));
                    (heading && typed).then_some(false)
                }),
            },
            _ => None,
        };
        let spacing = [doc.note_spacing(false), doc.note_spacing(true)];
        let same_spacing = self
            .note_spacing
            .iter()
            .zip(spacing)
            .all(|(old, new)| old.as_deref() == new);
        if !same_spacing {
            self.note_spacing = spacing.map(|s| s.map(str::to_string));
        }
        let notes = if changed.contains(Reads::NOTES) || !same_spacing {
            Notes::Changed
        } else {
            match (
                compare_notes(&mut self.notes, &doc.notes, edits),
                same_block,
            ) {
                (Notes::Same, Some(true)) => Notes::Same,
                (Notes::TextEdited, Some(_)) => Notes::TextEdited,
                _ => Notes::Changed,
            }
        };
        match notes {
            Notes::Same => {}
            Notes::TextEdited => changed |= Reads::NOTE_TEXT,
            Notes::Changed => {
                changed |= Reads::NOTES | Reads::NOTE_TEXT;
                self.notes = doc.notes.clone();
            }
        }
        self.notes_block = doc.notes_block.clone();
        let prose = doc.turns.is_empty() && doc.notes.is_empty() && doc.notes_block.is_none();
        if prose || prose != self.prose {
            changed |= Reads::FOOTNOTE_REFS;
        }
        self.prose = prose;
        let joined = (
            !doc.joined.markers.is_empty(),
            !doc.joined.timestamps.is_empty(),
        );
        let joined_markers = doc.joined.markers.iter().map(|(i, _)| &doc.markers[*i]);
        if (joined.0 || self.joined.0)
            && !same_moved(&mut self.joined_markers, joined_markers.clone(), edits)
        {
            changed |= Reads::MARKERS;
            self.joined_markers = joined_markers.cloned().collect();
        }
        if joined.1 || self.joined.1 {
            changed |= Reads::TIMESTAMPS;
        }
        self.joined = joined;
        if !same_moved(&mut self.header, doc.header.iter(), edits) {
            changed |= Reads::TIMESTAMPS;
            self.header = doc.header.iter().cloned().collect();
        }
        // Looked at only while a rule reads it: in a court transcript with
        // no gutter, whether bare lines are text takes a look at every line.
        if !enabled_rule_reads(config, Reads::TAIL) {
            self.tail = None;
        } else if !self.tail.as_ref().is_some_and(|t| t.same_moved(doc, edits)) {
            changed |= Reads::TAIL;
            self.tail = Some(Tail::of(doc));
        } else if let Some(t) = &mut self.tail {
            t.text_end = doc.text_end();
        }

        // Whether each turn says nothing, for the rules that read it. With
        // the labels the same only the turns whose stretch the edits
        // touched can have changed: a turn's body lies between its label
        // and the next, so those are the turn the edits start in (or after)
        // to the last turn whose label they reach. At 47,000 turns, reading
        // every body cost a millisecond a keystroke.
        // A label changed on the edited lines may also end the turn before
        // its own somewhere else: that turn is read again too.
        let labels_elsewhere = changed.contains(Reads::LABELS) && !labels_local;
        // How many turns the last call had, as far as the labels tell.
        let turns_before = match &replaced {
            Some((old, new)) => doc.turns.len() + old.len() - new.len(),
            None => doc.turns.len(),
        };
        if !enabled_rule_reads(config, Reads::TURN_WORDS) {
            self.says_nothing = Vec::new();
        } else if labels_elsewhere
            || changed.contains(Reads::TURN_WORDS)
            || self.says_nothing.len() != turns_before
        {
            changed |= Reads::TURN_WORDS;
            self.says_nothing = doc.turns.iter().map(|t| doc.says_nothing(t)).collect();
        } else if let Some(s) = edits {
            let turns = &doc.turns;
            let mut first = turns
                .partition_point(|t| t.range.start <= s.start)
                .saturating_sub(if labels_local { 2 } else { 1 });
            let mut last = turns.partition_point(|t| t.range.start <= s.new_end);
            // Turns added or removed on the edited lines: the others keep
            // their answers, in their new places; the new ones, and the
            // turn before them (whose end moved), are read.
            if let Some((old, new)) = &replaced {
                let fresh = new.clone().map(|i| doc.says_nothing(&turns[i]));
                self.says_nothing.splice(old.clone(), fresh);
                changed |= Reads::TURN_WORDS;
                first = first.min(new.start.saturating_sub(1));
                last = last.max(new.end);
            }
            for (i, turn) in turns.iter().enumerate().take(last).skip(first) {
                let now = doc.says_nothing(turn);
                if self.says_nothing[i] != now {
                    self.says_nothing[i] = now;
                    changed |= Reads::TURN_WORDS;
                }
            }
        }

        // Each rule's run, in `Rule::ALL` order.
        let mut out: Vec<Option<Run>> = vec![None; Rule::ALL.len()];
        let mut due: Vec<usize> = Vec::new();
        for (i, &rule) in Rule::ALL.iter().enumerate() {
            if !config.is_enabled(rule) {
                continue;
            }
            let mut reads = rule.meta().reads.intersection(changed);
            if reads == Reads::MENTIONS {
                let filter = self.rules[i].as_ref().and_then(|k| k.mentions.as_ref());
                if let (Some(filter), Some(changed)) = (filter, mentions_changed) {
                    if !changed.iter().any(|m| filter.admits(m)) {
                        reads = Reads::empty();
                    }
                }
            }
            if reads.is_empty() {
                if let Some(kept) = &mut self.rules[i] {
                    if kept.still_holds(doc, edits) {
                        out[i] = Some(kept.run.clone());
                        continue;
                    }
                }
            }
            due.push(i);
        }
        // What a rule due again asked last time and the edit did not
        // change the answer to, answered without a search of the text.
        let known: Vec<LowerCaseLog> = due
            .iter()
            .map(|&i| match (&self.rules[i], edits) {
                (Some(kept), Some(s)) if !labels_elsewhere => kept.answers_after(doc, s),
                _ => Vec::new(),
            })
            .collect();
        // A rule that kept something of its last run may bring its findings
        // up to date rather than make them all again (it decides, from what
        // changed of what it reads), when the labels changed on the edited
        // lines at most, and every lower-case answer it was given is still
        // the same.
        let updatable = |i: usize| -> Option<(Span, Option<Range<usize>>)> {
            let kept = self.rules[i].as_ref()?;
            kept.state.as_ref()?;
            let (s, rescanned) = (edits?, rescanned.clone()?);
            if labels_elsewhere || !kept.answers_same(doc, s) {
                return None;
            }
            // The edits' own bytes are looked at again too.
            let rescanned = Some(match rescanned {
                Some(r) => r.start.min(s.start)..r.end.max(s.new_end),
                None => s.start..s.new_end,
            });
            Some((s, rescanned))
        };
        let since: Vec<Option<(Span, Option<Range<usize>>)>> =
            due.iter().map(|&i| updatable(i)).collect();
        let (all_due, rules, says_nothing) = (&due, &self.rules, &self.says_nothing[..]);
        let turns_replaced = match &replaced {
            Some(r) => Some(r.clone()),
            None if !changed.contains(Reads::LABELS) => Some((0..0, 0..0)),
            None => None,
        };
        let run = |due: &[usize]| -> Vec<(usize, Kept, (usize, bool))> {
            due.iter()
                .map(|&i| {
                    let mut diagnostics = Vec::new();
                    let mut mentions = None;
                    let mut state = None;
                    let k = all_due.iter().position(|&d| d == i).expect("a due rule");
                    let stretch = since[k].clone();
                    let since = stretch.clone().and_then(|(s, rescanned)| {
                        let kept = rules[i].as_ref()?;
                        Some(Since {
                            kept: kept.state.as_ref()?,
                            rescanned,
                            change: change(s),
                            turns: turns_replaced.clone(),
                            changed: Rule::ALL[i].meta().reads.intersection(changed),
                        })
                    });
                    // Brought up to date, the rule does not ask again what
                    // it asked for the findings it keeps: the answers go
                    // on, as they are now.
                    let mut asked = if since.is_some() {
                        known[k].clone()
                    } else {
                        Vec::new()
                    };
                    let mut updated = false;
                    let mut kept_findings = None;
                    let memory = Memory {
                        asked: &mut asked,
                        mentions: &mut mentions,
                        known: &known[k],
                        since,
                        keep: &mut state,
                        says_nothing,
                        updated: &mut updated,
                        kept_findings: &mut kept_findings,
                    };
                    let searches =
                        linter::run_one(Rule::ALL[i], doc, config, &mut diagnostics, Some(memory));
                    let last = rules[i].as_ref().map(|kept| &kept.run);
                    let run = match (kept_findings, last, &stretch) {
                        (Some(except), Some(last), Some((s, rescanned))) => {
                            brought_up_to_date(last, *s, rescanned.as_ref(), &except, diagnostics)
                        }
                        _ => {
                            // Each rule's findings in the order of the
                            // whole list, so that joining the kept runs
                            // below is a merge of sorted runs rather than a
                            // sort of every finding.
                            linter::sort(&mut diagnostics);
                            Run::new(Rule::ALL[i], diagnostics)
                        }
                    };
                    (
                        i,
                        Kept {
                            run,
                            asked,
                            mentions,
                            state,
                        },
                        (searches, updated),
                    )
                })
                .collect()
        };
        // In a long document a rule that works per item (the name check,
        // per name mention; the marker rules, per marker) can cost as much
        // as all the other rules together: when it is due with others, the
        // rules are split between the two cores, and the wait is the longer
        // of the two rather than their sum.
        let work: Vec<(usize, usize)> = due
            .iter()
            .map(|&i| {
                let part = Rule::ALL[i].meta().work_per_item;
                (i, if part.is_empty() { 0 } else { items(doc, part) })
            })
            .collect();
        let results = match split(&work) {
            None => run(&due),
            Some((one, other)) => {
                let (mut one, other) = rayon::join(|| run(&one), || run(&other));
                one.extend(other);
                one
            }
        };
        for (i, kept, (searches, updated)) in results {
            self.runs[i] += 1;
            self.searches[i] += searches;
            self.updates[i] += usize::from(updated);
            out[i] = Some(kept.run.clone());
            self.rules[i] = Some(kept);
        }
        let mut findings = Findings::default();
        for run in out.into_iter().flatten() {
            findings.push(run);
        }
        findings
    }
}

impl Memo {
    /// How many times `rule` ran, over every call.
    #[cfg(test)]
    pub(super) fn runs(&self, rule: Rule) -> usize {
        let i = Rule::ALL.iter().position(|&r| r == rule).unwrap();
        self.runs.get(i).copied().unwrap_or(0)
    }

    /// `rule`'s findings at the last call, as the memo keeps them.
    #[cfg(test)]
    pub(super) fn run(&self, rule: Rule) -> Option<Run> {
        let i = Rule::ALL.iter().position(|&r| r == rule).unwrap();
        self.rules.get(i)?.as_ref().map(|k| k.run.clone())
    }

    /// How many times `rule` brought its findings up to date, over every
    /// call.
    #[cfg(test)]
    pub(super) fn updates(&self, rule: Rule) -> usize {
        let i = Rule::ALL.iter().position(|&r| r == rule).unwrap();
        self.updates.get(i).copied().unwrap_or(0)
    }

    /// How many of `rule`'s lower-case questions searched the text, over
    /// every call.
    #[cfg(test)]
    pub(super) fn searches(&self, rule: Rule) -> usize {
        let i = Rule::ALL.iter().position(|&r| r == rule).unwrap();
        self.searches.get(i).copied().unwrap_or(0)
    }
}

/// The run of a rule that kept its last findings
/// ([`Context::keep_last_findings`]): those of `last` (the run at the last
/// lint), moved by the edits `s`, less those that start in `rescanned` or
/// at one of `except`, with `found` in their place. When `found` is what
/// they were, `last` itself, moved: the front end then sees the same
/// findings and reuses what it made of each.
///
/// [`Context::keep_last_findings`]: crate::rules::Context::keep_last_findings
fn brought_up_to_date(
    last: &Run,
    s: Span,
    rescanned: Option<&Range<usize>>,
    except: &[usize],
    mut found: Vec<Diagnostic>,
) -> Run {
    linter::sort(&mut found);
    let gone =
        |at: usize| rescanned.is_some_and(|r| r.contains(&at)) || except.binary_search(&at).is_ok();
    let mut moved = last.clone();
    let mut kept: Vec<Diagnostic> = if moved.moved_by(s.start, s.old_end, s.new_end) {
        // Those in the stretch follow each other, and so do those at one
        // offset: found by where they start, not by reading every one.
        let from = |at: usize| moved.first_starting_at_or_after(at);
        let mut replaced: Vec<usize> = match rescanned {
            Some(r) => (from(r.start)..from(r.end)).collect(),
            None => Vec::new(),
        };
        for &at in except {
            replaced.extend(from(at)..from(at + 1));
        }
        replaced.sort_unstable();
        replaced.dedup();
        if replaced.len() == found.len()
            && replaced
                .iter()
                .zip(&found)
                .all(|(&k, d)| moved.diagnostic(k) == *d)
        {
            return moved;
        }
        let mut next = replaced.iter().peekable();
        (0..moved.len())
            .filter(|k| next.next_if_eq(&k).is_none())
            .map(|k| moved.diagnostic(k))
            .collect()
    } else {
        // An edit touched one of the findings: each is moved on its own.
        let change = change(s);
        last.diagnostics()
            .into_iter()
            .filter_map(|d| change.moved_finding(d))
            .filter(|d| !gone(d.range.start))
            .collect()
    };
    kept.append(&mut found);
    linter::sort(&mut kept);
    Run::new(last.rule(), kept)
}

/// Two groups of the rules in `work` (a rule, and how many items it works
/// through) whose work is about even, or `None` when splitting is not worth
/// a second core: fewer than two rules, or none working through at least
/// [`PARALLEL_FROM_ITEMS`] items. The largest go first, each to the group
/// with less so far; rules that work per item of nothing go with the
/// lighter group.
fn split(work: &[(usize, usize)]) -> Option<(Vec<usize>, Vec<usize>)> {
    if work.len() < 2 || work.iter().all(|&(_, n)| n < PARALLEL_FROM_ITEMS) {
        return None;
    }
    let mut by_work = work.to_vec();
    // Stable: rules of equal work keep their order.
    by_work.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let (mut one, mut other) = ((Vec::new(), 0), (Vec::new(), 0));
    for (rule, n) in by_work {
        let lighter = if one.1 <= other.1 {
            &mut one
        } else {
            &mut other
        };
        lighter.0.push(rule);
        lighter.1 += n;
    }
    Some((one.0, other.0))
}

/// How many edits the labels are moved through at most when next
/// compared: past that, they are compared as changed.
const LABELS_SINCE_MAX: usize = 64;

/// How the labels compare with the last call's.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Labels {
    Same,
    /// Changed, but only labels on the edited lines, and not the first:
    /// the last call's labels `old` were replaced by the labels `new` now
    /// (the same turns before and after them). Typing a lower-case letter
    /// into a label unmakes it (one label fewer); typing it back remakes
    /// it.
    OnEditedLines {
        old: Range<usize>,
        new: Range<usize>,
    },
    Changed,
}

/// Compares `old` (the labels at the last comparison), moved by the edits
/// `since` it, with `new`, moving `old` as it goes. A label that differs,
/// or that an edit touched, is on the edited lines if it lies within
/// `edited` (the bytes of the lines the edits since the last call touched).
/// Labels added or removed there count as on the edited lines too; the
/// first label does not, since the text before it is the header, which no
/// other label's change reaches.
fn compare_labels<'n>(
    old: &mut [SpeakerLabel],
    new: impl ExactSizeIterator<Item = &'n SpeakerLabel>,
    since: &[Span],
    edited: Option<Range<usize>>,
) -> Labels {
    // Moves `o` through each edit in turn; `false` when one touched it.
    let move_through = |o: &mut SpeakerLabel| {
        since.iter().all(|s| match s.moves(&o.extent()) {
            Some(d) => {
                o.shift(d);
                true
            }
            None => false,
        })
    };
    let within = |e: &Range<usize>| {
        edited
            .as_ref()
            .is_some_and(|lines| lines.start <= e.start && e.end <= lines.end)
    };
    let mut new = new.peekable();
    let (mut i, mut j) = (0, 0);
    // Where the first difference is in each list, and how far each list
    // was read when the last one was passed.
    let mut first: Option<(usize, usize)> = None;
    let mut last = (0, 0);
    // Whether `old[i]` is moved already (each is moved once), or, when
    // `None`, that an edit touched it.
    let mut moved_here: Option<bool> = Some(false);
    loop {
        let n = new.peek().copied();
        // Is old[i], where it is now, the same as `n`, or on the edited
        // lines (`Some(at)`, `at` where it starts: `None` when an edit
        // touched it, and it comes before any new label there)?
        let o = match old.get_mut(i) {
            None => None,
            Some(o) => {
                if moved_here == Some(false) {
                    moved_here = move_through(o).then_some(true);
                }
                if moved_here.is_some() && n == Some(&*o) {
                    i += 1;
                    j += 1;
                    new.next();
                    moved_here = Some(false);
                    continue;
                }
                let local = moved_here.is_none() || within(&o.extent());
                Some((local, moved_here.map(|_| o.extent().start)))
            }
        };
        if o.is_none() && n.is_none() {
            break;
        }
        let n_local = n.map(|n| (within(&n.extent()), n.extent().start));
        let take_old = match (o, n_local) {
            (Some((true, at)), Some((true, n_at))) => at.is_none_or(|at| at <= n_at),
            (Some((true, _)), _) => true,
            (_, Some((true, _))) => false,
            _ => return Labels::Changed,
        };
        first.get_or_insert((i, j));
        if take_old {
            i += 1;
            moved_here = Some(false);
        } else {
            j += 1;
            new.next();
        }
        last = (i, j);
    }
    match first {
        None => Labels::Same,
        Some((0, _)) | Some((_, 0)) => Labels::Changed,
        Some((oi, nj)) => Labels::OnEditedLines {
            old: oi..last.0,
            new: nj..last.1,
        },
    }
}

/// How the notes compare with the last call's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notes {
    Same,
    /// Typed in: only the words of notes changed ([`Reads::NOTE_TEXT`]).
    TextEdited,
    Changed,
}

/// Compares `old` (the notes at the last call) moved by `edits` with `new`,
/// moving `old` as it goes (and taking a note typed in as it is now). A
/// note an edit touched is the same note typed in when the edit lies
/// strictly inside its words and the note is otherwise as it was, its end
/// moved: the same label and number, at the same place.
fn compare_notes(old: &mut [Note], new: &[Note], edits: Option<Span>) -> Notes {
    if old.len() != new.len() {
        return Notes::Changed;
    }
    let mut out = Notes::Same;
    for (o, n) in old.iter_mut().zip(new) {
        if let Some(d) = moves(edits, &o.extent()) {
            o.shift(d);
            if o != n {
                return Notes::Changed;
            }
            continue;
        }
        let Some(s) = edits else {
            return Notes::Changed;
        };
        // Typed after the label, short of the note's end: the note as it
        // was, its end moved, is the note now but for where its words
        // start (typing right after the label, before the space, moves
        // that), which no rule reads without reading the words.
        let mut typed = o.clone();
        typed.range.end = moved(typed.range.end, s.delta());
        typed.body = n.body.clone();
        if o.label.end <= s.start && s.old_end < o.body.end && typed == *n {
            *o = typed;
            out = Notes::TextEdited;
        } else {
            return Notes::Changed;
        }
    }
    out
}

/// Does a rule `config` enables read `part`? The parts the memo keeps
/// itself (the tail, which turns say nothing) are looked at only then.
fn enabled_rule_reads(config: &Config, part: Reads) -> bool {
    Rule::ALL
        .iter()
        .any(|&r| r.meta().reads.contains(part) && config.is_enabled(r))
}

/// How many items the parts `part` of `doc` have.
pub(super) fn items(doc: &Transcript, part: Reads) -> usize {
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
        (Reads::TURN_WORDS, doc.turns.len()),
    ];
    counts
        .iter()
        .filter(|(p, _)| part.contains(*p))
        .map(|(_, n)| n)
        .sum()
}

/// `s` as the rules that keep state see it.
fn change(s: Span) -> Change {
    Change {
        start: s.start,
        old_end: s.old_end,
        new_end: s.new_end,
    }
}

/// The lines of `doc` the edits `s` touched, as one byte range.
fn edited_lines(doc: &Transcript, s: Span) -> Range<usize> {
    let lines = &doc.lines;
    let first = lines.partition_point(|l| l.end <= s.start);
    let last = lines.partition_point(|l| l.start <= s.new_end);
    let from = lines.get(first).map_or(doc.text.len(), |l| l.start);
    let to = lines
        .get(last.saturating_sub(1))
        .map_or(doc.text.len(), |l| l.end);
    from..to.max(from)
}

impl Kept {
    /// The answers to the rule's last lower-case questions that hold in
    /// `doc`, after the edits `s`, with the labels unchanged (so every
    /// line the edits did not touch starts its spoken text where it did):
    /// a "yes" whose line was not edited, moved; a "no" the edited lines do
    /// not contradict; a "yes" from the edited lines themselves. The rest
    /// are asked again. The same reasoning lets [`Kept::still_holds`] keep
    /// a rule's findings; here it spares a rule that must run again (a
    /// keystroke in a name) a search of the whole text for each word.
    /// Sorted by word, as the rule's context looks them up.
    fn answers_after(&self, doc: &Transcript, s: Span) -> LowerCaseLog {
        let edited = doc.lower_case_uses(edited_lines(doc, s));
        let mut known: LowerCaseLog = self
            .asked
            .iter()
            .filter_map(|(word, line)| {
                let answer = match line {
                    Some(r) => {
                        let d = s.moves(r)?;
                        let mut r = r.clone();
                        moved_range(&mut r, d);
                        Some(r)
                    }
                    None => edited.first(word),
                };
                Some((word.clone(), answer))
            })
            .collect();
        known.sort_by(|a, b| a.0.cmp(&b.0));
        known
    }

    /// Is every answer to the rule's last lower-case questions the same
    /// (yes or no) in `doc`, after the edits `s`, the labels unchanged
    /// outside the edited lines?
    fn answers_same(&self, doc: &Transcript, s: Span) -> bool {
        let edited = doc.lower_case_uses(edited_lines(doc, s));
        self.asked.iter().all(|(word, line)| match line {
            Some(r) => s.moves(r).is_some() || edited.first(word).is_some(),
            None => edited.first(word).is_none(),
        })
    }

    /// Are the diagnostics still right after `edits`, the rule's inputs
    /// being unchanged? If so, moves them (and the answers) with the edits.
    fn still_holds(&mut self, doc: &Transcript, edits: Option<Span>) -> bool {
        let Some(s) = edits else {
            return true;
        };
        // The answers first: moving the run is the commitment.
        // An answer stands if the line that gave it was not edited; a "no"
        // stands if the edited lines do not use the word either.
        let edited = doc.lower_case_uses(edited_lines(doc, s));
        let holds = self.asked.iter().all(|(word, line)| match line {
            Some(r) => s.moves(r).is_some(),
            None => edited.first(word).is_none(),
        });
        if !holds || !self.run.moved_by(s.start, s.old_end, s.new_end) {
            return false;
        }
        if let Some(state) = &mut self.state {
            let moved = std::sync::Arc::get_mut(state).is_some_and(|kept| kept.moved(change(s)));
            if !moved {
                self.state = None;
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
    use super::{split, PARALLEL_FROM_ITEMS as MANY};

    #[test]
    fn rules_are_split_by_their_work_only_when_one_has_much() {
        // One rule, or none with much work: one core.
        assert_eq!(split(&[(3, 10 * MANY)]), None);
        assert_eq!(split(&[(3, MANY - 1), (5, MANY - 1)]), None);
        // The name check and rules that walk their parts: it goes apart.
        assert_eq!(
            split(&[(1, 0), (3, 50 * MANY), (7, 0), (9, 0)]),
            Some((vec![3], vec![1, 7, 9]))
        );
        // Three marker rules: the two with the most work apart, the third
        // with the lighter (the first, on a tie).
        assert_eq!(
            split(&[(10, MANY), (11, MANY / 10), (12, MANY)]),
            Some((vec![10, 11], vec![12]))
        );
        // The largest first, each to the lighter group.
        assert_eq!(
            split(&[(1, MANY), (2, 3 * MANY), (3, 2 * MANY), (4, 2 * MANY)]),
            Some((vec![2, 1], vec![3, 4]))
        );
    }
}
