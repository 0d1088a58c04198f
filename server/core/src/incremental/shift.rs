//! How a fact moves when an edit before it changes the text's length, and
//! which bytes it covers: what an edit must touch to change it.

use std::ops::Range;

use crate::model::labels::Candidate;
use crate::model::lines::Line;
use crate::model::{self, Note, SpeakerLabel};

/// Moving a fact by an edit's length change.
pub(crate) trait Shift {
    fn start(&self) -> usize;
    fn shift(&mut self, delta: isize);
}

pub(super) fn moved(offset: usize, delta: isize) -> usize {
    (offset as isize + delta) as usize
}

pub(super) fn moved_range(r: &mut Range<usize>, delta: isize) {
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
        if let Some(end) = &mut self.open_end {
            end.phrase_end = moved(end.phrase_end, d);
        }
    }
}

impl Shift for model::wrap::JoinState {
    fn start(&self) -> usize {
        self.close_at
    }
    fn shift(&mut self, d: isize) {
        self.end = moved(self.end, d);
        if let model::Closer::Matched(p) | model::Closer::Mismatched(p) = &mut self.closer {
            *p = moved(*p, d);
        }
        self.close_at = moved(self.close_at, d);
        if let Some(ts) = &mut self.timestamp {
            moved_range(ts, d);
        }
        if let Some(end) = &mut self.open_end {
            end.phrase_end = moved(end.phrase_end, d);
        }
    }
}

/// A pass of the join moves with the text it read, and so does all it found.
impl Shift for model::wrap::Pass {
    fn start(&self) -> usize {
        self.read.start
    }
    fn shift(&mut self, d: isize) {
        moved_range(&mut self.read, d);
        self.at = moved(self.at, d);
        self.done = moved(self.done, d);
        self.markers.iter_mut().for_each(|(_, m)| m.shift(d));
        self.timestamps.iter_mut().for_each(|t| t.shift(d));
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
        // `prev` is kept relative to the mention, so it moves with it.
        moved_range(&mut self.range, d);
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

/// A fact in one of the line-local lists.
pub(crate) trait Fact: Shift + PartialEq {
    /// Every byte the fact's fields cover or were read from: an edit that
    /// touches none of them leaves the fact as it was, only moved.
    fn extent(&self) -> Range<usize>;
}

pub(super) fn cover(ranges: &[&Range<usize>]) -> Range<usize> {
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
        let open_end = self.open_end.map_or(0, |e| e.phrase_end);
        self.range.start..self.range.end.max(self.close_at).max(closer).max(open_end)
    }
}

impl Fact for model::BracketGroup {
    fn extent(&self) -> Range<usize> {
        cover(&[&self.range, &self.inner, &self.words])
    }
}

impl Fact for model::NameMention {
    fn extent(&self) -> Range<usize> {
        match &self.prev() {
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
