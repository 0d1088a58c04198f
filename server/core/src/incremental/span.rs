//! The bytes the edits since some point touched.

use std::ops::Range;

use super::shift::moved;

/// The bytes edited since some point, in the text then and in the text now.
/// Several edits make one span, from the first byte any of them touched to
/// the last: conservative, since everything inside counts as edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Span {
    pub fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }

    /// Adds an edit of the text after `span`: `range` replaced by
    /// `inserted` bytes.
    pub fn then(span: Option<Span>, range: Range<usize>, inserted: usize) -> Span {
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
    pub fn moves(&self, r: &Range<usize>) -> Option<isize> {
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
    pub fn moved_from(&self, r: &Range<usize>) -> Option<isize> {
        if r.end < self.start {
            Some(0)
        } else if r.start > self.new_end {
            Some(-self.delta())
        } else {
            None
        }
    }
}

pub(super) fn moves(edits: Option<Span>, r: &Range<usize>) -> Option<isize> {
    edits.map_or(Some(0), |s| s.moves(r))
}
