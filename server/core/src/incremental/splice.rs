//! Putting a rescan's facts in place of the old ones, list by list, and
//! telling which parts of the model changed.

use std::ops::Range;

use super::shift::{Fact, Shift};
use super::span::{moves, Span};
use crate::model::Facts;
use crate::rules::Reads;

/// The facts starting in `bytes`, as an index range of `list`.
fn span<T: Shift>(list: &[T], bytes: &Range<usize>) -> Range<usize> {
    let lo = list.partition_point(|f| f.start() < bytes.start);
    let hi = lo + list[lo..].partition_point(|f| f.start() < bytes.end);
    lo..hi
}

/// Something done to each fact list of two [`Facts`] at once.
pub(super) trait Lists {
    fn each<T: Fact + Clone>(&mut self, part: Reads, a: &mut Vec<T>, b: &mut Vec<T>);
}

impl Facts {
    /// Reserves room for the facts of `bytes` of a dense transcript: a name
    /// mention every 24 bytes, a quote mark every 100, a marker or a dash
    /// every 500 or so; typical ones have half as many. Room never written
    /// costs address space only, while a list that outgrows its room is
    /// copied into fresh pages.
    pub(super) fn reserve_for(&mut self, bytes: usize) {
        self.mentions.reserve(bytes / 24);
        self.lexical.quotes.reserve(bytes / 100);
        self.lexical.cut_offs.reserve(bytes / 500);
        self.brackets.markers.reserve(bytes / 750);
    }

    /// Calls `v` with each list of `self` and the same list of `other`, and
    /// the part of the model it is. Blank runs are not among them: they span
    /// lines and are laid out with the document when the model is lent.
    pub(super) fn zip(&mut self, other: &mut Facts, v: &mut impl Lists) {
        let (x, y) = (&mut self.brackets, &mut other.brackets);
        v.each(Reads::MARKERS, &mut x.markers, &mut y.markers);
        v.each(Reads::GROUPS, &mut x.groups, &mut y.groups);
        v.each(Reads::FOOTNOTE_REFS, &mut x.refs, &mut y.refs);
        v.each(Reads::TIMESTAMPS, &mut x.timestamps, &mut y.timestamps);
        v.each(
            Reads::TIMESTAMPS,
            &mut self.clock_boundaries,
            &mut other.clock_boundaries,
        );
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
pub(super) struct Append;

impl Lists for Append {
    fn each<T: Fact + Clone>(&mut self, _: Reads, a: &mut Vec<T>, b: &mut Vec<T>) {
        a.append(b);
    }
}

/// Moves the facts starting in `bytes` from the first list to the second,
/// where they were at the last refresh (before the edits `prior`). A fact
/// `prior` touched has no place then: its part is marked changed instead.
pub(super) struct SetAside<'a> {
    pub bytes: Range<usize>,
    pub prior: Option<Span>,
    pub changed: &'a mut Reads,
    /// The parts of which a fact was touched, as well as marked changed.
    pub touched: &'a mut Reads,
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
                None => {
                    *self.changed |= part;
                    *self.touched |= part;
                }
            }
        }
    }
}

/// Puts the second list in place of the facts starting in `old` (bytes of
/// the text at the last refresh), moves the facts after them by `delta`,
/// and leaves the replaced facts in the second list. When as many facts
/// come as go, which is the rule for a keystroke, nothing else moves.
pub(super) struct Swap {
    pub old: Range<usize>,
    pub delta: isize,
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
pub(super) struct Duplicate;

impl Lists for Duplicate {
    fn each<T: Fact + Clone>(&mut self, _: Reads, a: &mut Vec<T>, b: &mut Vec<T>) {
        a.extend_from_slice(b);
    }
}

/// Moves the second list into the first, where facts start at `at`.
pub(super) struct Insert {
    pub at: usize,
}

impl Lists for Insert {
    fn each<T: Fact + Clone>(&mut self, _: Reads, list: &mut Vec<T>, new: &mut Vec<T>) {
        let i = list.partition_point(|f| f.start() < self.at);
        list.splice(i..i, new.drain(..));
    }
}

/// Marks each part whose old facts (first list, as at the last refresh),
/// moved by `edits`, are not exactly its new facts (second list).
pub(super) struct Compare<'a> {
    pub edits: Option<Span>,
    pub changed: &'a mut Reads,
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
pub(super) fn same_moved<'n, T: Fact + 'n>(
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

/// Appends to `log` each fact of `old` (as before `edits`) that, moved by
/// the edits, is not in `new`, and each of `new` not in `old` moved: what
/// the edits changed of one list, as it was (moved) and as it is. A fact
/// an edit touched is logged as it was.
pub(super) fn log_changed<T: Fact + Clone>(
    log: &mut Vec<T>,
    old: &[T],
    new: &[T],
    edits: Option<Span>,
) {
    let mut moved: Vec<T> = Vec::with_capacity(old.len());
    for fact in old {
        match moves(edits, &fact.extent()) {
            Some(d) => {
                let mut fact = fact.clone();
                fact.shift(d);
                moved.push(fact);
            }
            None => log.push(fact.clone()),
        }
    }
    // Each line's facts are in order, the lines perhaps not.
    moved.sort_by_key(|f| f.start());
    let mut new: Vec<&T> = new.iter().collect();
    new.sort_by_key(|f| f.start());
    let (mut i, mut j) = (0, 0);
    while i < moved.len() || j < new.len() {
        match (moved.get(i), new.get(j)) {
            (Some(o), Some(n)) if o == *n => {
                i += 1;
                j += 1;
            }
            (Some(o), Some(n)) if o.start() < n.start() => {
                log.push(o.clone());
                i += 1;
            }
            (Some(o), Some(n)) if o.start() > n.start() => {
                log.push((*n).clone());
                j += 1;
            }
            (o, n) => {
                if let Some(o) = o {
                    log.push(o.clone());
                    i += 1;
                }
                if let Some(n) = n {
                    log.push((*n).clone());
                    j += 1;
                }
            }
        }
    }
}
