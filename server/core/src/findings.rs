//! One lint's findings, kept as each rule's run.
//!
//! An editor's analysis keeps the findings of every rule an edit did not
//! run again, moved by the edit. With thousands of findings, moving,
//! copying, sorting and dropping each of them on every keystroke was most
//! of the keystroke (BENCHMARKS.md, issue 13). So a rule's findings are
//! made once into a shared [`Run`], and an edit that leaves them standing
//! moves the run, not the findings: the run records how far each stretch
//! of the text its findings cover (its *footprint*) moved, and a finding's
//! ranges are read through that record. Handing a run out is two reference
//! counts; a front end that kept what it made of the last lint's run can
//! tell, with [`Run::same_findings`], that this run holds the same findings
//! and convert only those whose place it must show differently.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::fix::Fix;
use crate::registry::Rule;

/// One lint's findings: the runs of the rules that found something, in
/// [`Rule::ALL`] order. [`Findings::order`] and [`Findings::to_vec`] give
/// them in the order a lint reports them (by position, then rule).
#[derive(Debug, Clone, Default)]
pub struct Findings {
    runs: Vec<Run>,
}

/// One rule's findings, made together, and how far the edits since moved
/// them.
#[derive(Debug, Clone)]
pub struct Run {
    made: Arc<Made>,
    /// How far each stretch of the footprint moved since the findings
    /// were made.
    moved: Arc<Vec<isize>>,
}

#[derive(Debug)]
struct Made {
    rule: Rule,
    /// As the rule made them, sorted as a lint reports them.
    diagnostics: Vec<Diagnostic>,
    /// Every range the findings hold (their own, their related places',
    /// their fixes' edits), joined where they overlap or touch, sorted.
    /// An edit that touches none of them changes no finding: every range
    /// lies in one stretch, and all of a stretch's bytes move together.
    footprint: Vec<Range<usize>>,
    /// Each finding's own range, then its related places' ranges, with the
    /// stretch of the footprint each lies in: finding `k`'s are
    /// `places[first[k]..first[k + 1]]`. Kept apart from the findings, in
    /// one list, so that reading where every finding is now reads little
    /// memory.
    places: Vec<Place>,
    first: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Place {
    start: usize,
    end: usize,
    stretch: u32,
}

/// Where offset `at` lies in `footprint` (it lies in one stretch).
fn stretch_of(footprint: &[Range<usize>], at: usize) -> usize {
    footprint.partition_point(|s| s.end < at)
}

fn moved(at: usize, by: isize) -> usize {
    at.checked_add_signed(by)
        .expect("a finding's offset moves within the text")
}

impl Run {
    /// The findings of `rule`, sorted as a lint reports them.
    pub(crate) fn new(rule: Rule, diagnostics: Vec<Diagnostic>) -> Run {
        let mut all: Vec<Range<usize>> = Vec::new();
        for d in &diagnostics {
            all.push(d.range.clone());
            all.extend(d.related.iter().map(|r| r.range.clone()));
        }
        // A fix that many findings share (the stub for every missing note)
        // is read once.
        let mut last_fix: Option<&Arc<Fix>> = None;
        for f in diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            if !last_fix.is_some_and(|l| Arc::ptr_eq(l, f)) {
                all.extend(f.edits.iter().map(|e| e.range.clone()));
                last_fix = Some(f);
            }
        }
        all.sort_unstable_by_key(|r| (r.start, r.end));
        let mut footprint: Vec<Range<usize>> = Vec::new();
        for r in all {
            match footprint.last_mut() {
                // Touching joins too: an edit between the two touches both.
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => footprint.push(r),
            }
        }
        debug_assert!(
            diagnostics.iter().all(|d| d.rule == rule),
            "one rule's findings"
        );
        let mut places = Vec::with_capacity(diagnostics.len());
        let mut first = Vec::with_capacity(diagnostics.len() + 1);
        for d in &diagnostics {
            first.push(places.len() as u32);
            for r in std::iter::once(&d.range).chain(d.related.iter().map(|r| &r.range)) {
                places.push(Place {
                    start: r.start,
                    end: r.end,
                    stretch: stretch_of(&footprint, r.start) as u32,
                });
            }
        }
        first.push(places.len() as u32);
        let moved = Arc::new(vec![0; footprint.len()]);
        Run {
            made: Arc::new(Made {
                rule,
                diagnostics,
                footprint,
                places,
                first,
            }),
            moved,
        }
    }

    pub fn rule(&self) -> Rule {
        self.made.rule
    }

    pub fn len(&self) -> usize {
        self.made.diagnostics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.made.diagnostics.is_empty()
    }

    /// Whether `self` and `other` hold the same findings, made by the same
    /// run of the rule, each perhaps moved by edits since: their `k`th
    /// findings are the same finding.
    pub fn same_findings(&self, other: &Run) -> bool {
        Arc::ptr_eq(&self.made, &other.made)
    }

    /// Finding `k` as the rule made it: for what does not move (its
    /// message, severity, fix's applicability); its ranges are those of
    /// the text it was made from, which [`Run::places`] gives as they are
    /// now.
    pub fn unmoved(&self, k: usize) -> &Diagnostic {
        &self.made.diagnostics[k]
    }

    /// Finding `k`'s own range, then its related places' ranges, in
    /// [`Diagnostic::related`] order, where they are now.
    pub fn places(&self, k: usize) -> impl ExactSizeIterator<Item = Range<usize>> + '_ {
        let m = &self.made;
        m.places[m.first[k] as usize..m.first[k + 1] as usize]
            .iter()
            .map(|p| {
                let by = self.moved[p.stretch as usize];
                moved(p.start, by)..moved(p.end, by)
            })
    }

    /// Finding `k`'s own range, where it is now.
    pub fn range(&self, k: usize) -> Range<usize> {
        let p = self.made.places[self.made.first[k] as usize];
        let by = self.moved[p.stretch as usize];
        moved(p.start, by)..moved(p.end, by)
    }

    /// The order a lint reports finding `k` in: its range, then its rule.
    pub fn key(&self, k: usize) -> Key {
        // The run's rule, not the finding's (the same): merging the runs
        // reads every key on every keystroke, and the findings themselves
        // lie in memory the keystroke does not otherwise touch.
        let r = self.range(k);
        (r.start, r.end, self.made.rule)
    }

    /// Finding `k` where it is now: a copy, its fix copied too when the
    /// edits moved it.
    pub fn diagnostic(&self, k: usize) -> Diagnostic {
        let m = &self.made;
        let mut d = m.diagnostics[k].clone();
        let at = |offset: usize| {
            let by = self.moved[stretch_of(&m.footprint, offset)];
            moved(offset, by)
        };
        let mut places = self.places(k);
        d.range = places.next().expect("a finding's own range");
        for (r, now) in d.related.iter_mut().zip(places) {
            r.range = now;
        }
        if let Some(f) = &mut d.fix {
            if f.edits.iter().any(|e| at(e.range.start) != e.range.start) {
                let f = Arc::make_mut(f);
                for e in &mut f.edits {
                    e.range = at(e.range.start)..at(e.range.end);
                }
            }
        }
        d
    }

    /// Every finding of the run where it is now, in order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        (0..self.len()).map(|k| self.diagnostic(k)).collect()
    }

    /// Moves the run by an edit that replaced the bytes `start..old_end`
    /// (of the text as it was) with `new_end - start` bytes, if the edit
    /// touched none of its findings' ranges (nor the bytes right next to
    /// them, which may join a word or a line); otherwise leaves it as it is
    /// and returns `false`.
    pub(crate) fn moved_by(&mut self, start: usize, old_end: usize, new_end: usize) -> bool {
        let footprint = &self.made.footprint;
        let from = self.first_ending_at_or_after(start);
        if footprint
            .get(from)
            .is_some_and(|s| moved(s.start, self.moved[from]) <= old_end)
        {
            return false;
        }
        // That stretch, the first after the edit, and every one after it
        // move by the edit's change of length.
        let by = new_end as isize - old_end as isize;
        if by != 0 && from < footprint.len() {
            let moved = Arc::make_mut(&mut self.moved);
            moved[from..].iter_mut().for_each(|m| *m += by);
        }
        true
    }

    /// The first finding that starts at or after `at` now (the findings
    /// are sorted by where they start, and moving keeps that order).
    pub(crate) fn first_starting_at_or_after(&self, at: usize) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.range(mid).start < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The first stretch of the footprint that ends at or after `at` now.
    fn first_ending_at_or_after(&self, at: usize) -> usize {
        let footprint = &self.made.footprint;
        // Moving keeps the stretches in order, so their ends, moved, are
        // sorted: a binary search over where they are now.
        let (mut lo, mut hi) = (0, footprint.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if moved(footprint[mid].end, self.moved[mid]) < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl Findings {
    /// The runs, in [`Rule::ALL`] order; none is empty.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Adds `run` (of a rule after the last run's).
    pub(crate) fn push(&mut self, run: Run) {
        if !run.is_empty() {
            self.runs.push(run);
        }
    }

    /// Groups `diagnostics` (sorted as a lint reports them) by rule.
    pub fn from_sorted(diagnostics: Vec<Diagnostic>) -> Findings {
        let mut by_rule: Vec<Vec<Diagnostic>> = vec![Vec::new(); Rule::ALL.len()];
        for d in diagnostics {
            by_rule[rule_index(d.rule)].push(d);
        }
        let mut out = Findings::default();
        for (i, ds) in by_rule.into_iter().enumerate() {
            out.push(Run::new(Rule::ALL[i], ds));
        }
        out
    }

    pub fn len(&self) -> usize {
        self.runs.iter().map(Run::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Every finding, as (run, index in the run), in the order a lint
    /// reports them: by position, then rule.
    pub fn order(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(self.len());
        // The next finding of each run, and its key. A handful of rules
        // find something in a document, so the smallest is looked for
        // among them directly.
        let mut heads: Vec<(usize, Option<Key>)> = self
            .runs
            .iter()
            .map(|r| (0, (!r.is_empty()).then(|| r.key(0))))
            .collect();
        loop {
            let mut best: Option<usize> = None;
            for (i, (_, key)) in heads.iter().enumerate() {
                if let Some(key) = key {
                    if best.is_none_or(|b| heads[b].1.as_ref().is_some_and(|bk| key < bk)) {
                        best = Some(i);
                    }
                }
            }
            let Some(b) = best else {
                break;
            };
            let (k, _) = heads[b];
            out.push((b, k));
            let run = &self.runs[b];
            heads[b] = (k + 1, (k + 1 < run.len()).then(|| run.key(k + 1)));
        }
        out
    }

    /// The findings whose range touches `range` (a cursor at either end
    /// of a finding is on it), where they are now, in the order a lint
    /// reports them.
    pub fn touching(&self, range: Range<usize>) -> Vec<Diagnostic> {
        self.order()
            .into_iter()
            .filter(|&(r, k)| {
                let at = self.runs[r].range(k);
                at.start <= range.end && range.start <= at.end
            })
            .map(|(r, k)| self.runs[r].diagnostic(k))
            .collect()
    }

    /// The run of `rule`, if it found anything.
    pub fn of_rule(&self, rule: Rule) -> Option<&Run> {
        self.runs.iter().find(|r| r.rule() == rule)
    }

    /// Every finding where it is now, in the order a lint reports them.
    pub fn to_vec(&self) -> Vec<Diagnostic> {
        self.order()
            .into_iter()
            .map(|(r, k)| self.runs[r].diagnostic(k))
            .collect()
    }
}

/// The order a lint reports findings in: by range, then rule.
type Key = (usize, usize, Rule);

fn rule_index(rule: Rule) -> usize {
    Rule::ALL
        .iter()
        .position(|&r| r == rule)
        .expect("every rule is in Rule::ALL")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Edit;

    fn finding(rule: Rule, range: Range<usize>) -> Diagnostic {
        Diagnostic::new(rule, range, "found")
    }

    /// A run moves as each of its findings would: an edit that touches a
    /// range, or the byte right next to one, leaves it standing and says so;
    /// one between its ranges moves every range after it, the related
    /// places' and the fix's included, and a copy handed out before still
    /// reads where they were.
    #[test]
    fn a_run_moves_as_its_findings_would() {
        let rule = Rule::ALL[0];
        let fix = Arc::new(Fix::safe("stub", vec![Edit::insert(200, "[1] ")]));
        let mut run = Run::new(
            rule,
            vec![
                finding(rule, 10..15).with_related(0..5, "label"),
                finding(rule, 40..42).with_fix(fix.clone()),
                finding(rule, 60..61).with_fix(fix),
            ],
        );
        let before = run.clone();
        // At the end of the first finding, and at the start of the second:
        // both touch a range (as `Span::moves` counts it).
        assert!(!run.moved_by(15, 15, 16));
        assert!(!run.moved_by(40, 40, 41));
        assert!(!run.moved_by(3, 4, 4));
        // Between them: three bytes typed at 20.
        assert!(run.moved_by(20, 20, 23));
        assert_eq!(run.places(0).collect::<Vec<_>>(), [10..15, 0..5]);
        assert_eq!(run.range(1), 43..45);
        assert_eq!(run.diagnostic(2).range, 63..64);
        let fix = run.diagnostic(1).fix.unwrap();
        assert_eq!(fix.edits[0].range, 203..203);
        // Then two bytes deleted before everything.
        assert!(run.moved_by(6, 8, 6));
        assert_eq!(run.places(0).collect::<Vec<_>>(), [8..13, 0..5]);
        assert_eq!(run.range(2), 61..62);
        assert_eq!(run.diagnostic(2).fix.unwrap().edits[0].range, 201..201);
        // The copy handed out before the edits is where the rule found it.
        assert!(before.same_findings(&run));
        assert_eq!(before.range(1), 40..42);
        assert_eq!(before.diagnostic(1).fix.unwrap().edits[0].range, 200..200);
        // After the last range: nothing moves, it still holds.
        assert!(run.moved_by(300, 300, 310));
        assert_eq!(run.diagnostic(1).fix.unwrap().edits[0].range, 201..201);
    }

    /// The runs of several rules read together in the order a lint
    /// reports findings: by range, then rule.
    #[test]
    fn findings_read_in_the_order_a_lint_reports_them() {
        let (a, b) = (Rule::ALL[0], Rule::ALL[1]);
        let mut all = vec![
            finding(a, 5..9),
            finding(b, 5..7),
            finding(b, 1..2),
            finding(a, 5..7),
            finding(a, 30..31),
        ];
        crate::linter::sort(&mut all);
        let findings = Findings::from_sorted(all.clone());
        assert_eq!(findings.runs().len(), 2);
        assert_eq!(findings.to_vec(), all);
        assert_eq!(
            findings.touching(7..7),
            [finding(a, 5..7), finding(b, 5..7), finding(a, 5..9)]
        );
    }
}
