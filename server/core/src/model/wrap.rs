//! Markers across a soft line break: `[inaudible` at the end of one line
//! and `00:14:22]` at the start of the next are one marker, in every
//! format (FORMATS.md, section 4).
//!
//! The line scan pairs brackets within a line, which keeps it local to the
//! line for incremental analysis. Once the document is laid out, the
//! brackets a line leaves open are carried to the next line of its
//! paragraph, whose unpaired closers close them, innermost first. Only the
//! paragraphs where a marker is left open at a line end are read, from that
//! line on and while a marker is still open, so the cost is that of the
//! open markers' paragraphs, not of the document.
//!
//! A marker still open when its paragraph ends is unclosed; it gets an
//! [`OpenEnd`] that says where its closer may go.

use super::lines::Line;
use super::markers::{Closer, Marker, OpenEnd, PARENTHETICAL};
use super::timestamps::{self, Timestamp, TimestampContext};
use crate::text::gallop;

/// What joining changed in the line scan's lists: incremental analysis
/// keeps those lists as the lines gave them, and restores them with
/// [`Joined::undo`] when the transcript is taken apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Joined {
    /// The markers the join changed, by index, with what the line scan
    /// had in the fields the join sets.
    pub markers: Vec<(usize, JoinState)>,
    /// Indices (ascending) of the timestamps the join added: a wrapped
    /// marker's timestamp, found on the line after its tag.
    pub timestamps: Vec<usize>,
    /// Each pass of the join, as it left its markers: the next join takes
    /// those the edits did not touch as they are (see [`Pass`]).
    pub passes: Vec<Pass>,
    /// How many of them were made afresh: the tests check that a
    /// keystroke makes again only the passes whose lines it touched.
    pub fresh: usize,
}

/// The fields of a [`Marker`] the join may set. Kept rather than the whole
/// marker: a copy of the marker copies its tag, an allocation per open
/// marker on every keystroke.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JoinState {
    pub end: usize,
    pub closer: Closer,
    pub close_at: usize,
    pub timestamp: Option<std::ops::Range<usize>>,
    pub wrong_closer_has_owner: bool,
    pub open_end: Option<OpenEnd>,
}

impl JoinState {
    fn of(m: &Marker) -> JoinState {
        JoinState {
            end: m.range.end,
            closer: m.closer,
            close_at: m.close_at,
            timestamp: m.timestamp.clone(),
            wrong_closer_has_owner: m.wrong_closer_has_owner,
            open_end: m.open_end,
        }
    }

    fn set(self, m: &mut Marker) {
        m.range.end = self.end;
        m.closer = self.closer;
        m.close_at = self.close_at;
        m.timestamp = self.timestamp;
        m.wrong_closer_has_owner = self.wrong_closer_has_owner;
        m.open_end = self.open_end;
    }
}

/// One pass of the join: a paragraph's markers from its first one left
/// open at a line end, as the join left them. What a pass finds depends
/// only on the lines it read and on the layout (which lines start a
/// paragraph, which are furniture): while the layout stands and no edit
/// touches those lines, the next join takes the pass as it is, moved. A
/// long transcript has thousands of unclosed markers, each its own pass,
/// and joining them all again cost a millisecond a keystroke.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pass {
    /// The bytes of the lines it read, from the first to the last.
    pub read: std::ops::Range<usize>,
    /// Where its first marker starts.
    pub at: usize,
    /// Where the next pass may start.
    pub done: usize,
    /// The markers it changed, by index from its first, as it left them.
    pub markers: Vec<(usize, JoinState)>,
    /// The timestamps it added.
    pub timestamps: Vec<Timestamp>,
}

impl Joined {
    pub fn undo(self, markers: &mut [Marker], timestamps: &mut Vec<Timestamp>) {
        for &i in self.timestamps.iter().rev() {
            timestamps.remove(i);
        }
        for (i, m) in self.markers {
            m.set(&mut markers[i]);
        }
    }
}

/// Adds `t`, a timestamp the join found, to `timestamps` in order, noting
/// where.
fn add_timestamp(timestamps: &mut Vec<Timestamp>, t: Timestamp, joined: &mut Joined) {
    let at = timestamps.partition_point(|o| o.range.start < t.range.start);
    timestamps.insert(at, t);
    joined.timestamps.push(at);
}

/// A bracket still open, carried from line to line within a paragraph.
struct Open {
    byte: u8,
    /// The marker it opens, if it is one.
    marker: Option<usize>,
    /// The line it is on.
    line: usize,
}

/// The brackets of `line` (at byte `base`) that pairing within the line
/// leaves alone, in order: closers with nothing open before them on the
/// line, then openers still open at its end. (A closer after an opener
/// always closes something, so no closer comes after the first opener.)
fn residue(line: &[u8], base: usize, strays: &mut Vec<(usize, u8)>, open: &mut Vec<(usize, u8)>) {
    strays.clear();
    open.clear();
    for j in super::lexical::merge_sorted(
        memchr::memchr3_iter(b'(', b')', b'[', line),
        memchr::memchr_iter(b']', line),
    ) {
        match line[j] {
            b'(' | b'[' => open.push((base + j, line[j])),
            b => {
                if open.pop().is_none() {
                    strays.push((base + j, b));
                }
            }
        }
    }
}

fn closer_for(b: u8) -> u8 {
    if b == b'(' {
        b')'
    } else {
        b']'
    }
}

/// Joins the markers the line scan left open (`Closer::Missing`) with the
/// closers on the following lines of their paragraphs, and gives those
/// still open at their paragraph's end an [`OpenEnd`]. A paragraph is a
/// run of non-blank lines; `starts(i)` says that line `i` starts one of its
/// own (a new turn, the notes block). Furniture lines (`furniture(i)`: a
/// page footer, a page number) are passed over: a paragraph goes on across
/// a page break. `text_start(i)` is where line `i`'s text starts (after
/// a court transcript's gutter): what comes before is no part of the
/// paragraph.
#[allow(clippy::too_many_arguments)]
pub(crate) fn join_wrapped(
    text: &str,
    lines: &[Line],
    starts: impl Fn(usize) -> bool,
    looks_back: impl Fn(usize) -> usize,
    furniture: impl Fn(usize) -> bool,
    text_start: impl Fn(usize) -> usize,
    markers: &mut [Marker],
    timestamps: &mut Vec<Timestamp>,
    kept: Vec<Pass>,
) -> Joined {
    let mut joined = Joined::default();
    // Room at once for what the kept passes bring back: with ten thousand
    // markers open, growing the lists one push at a time was a tenth of
    // the join.
    joined.passes.reserve(kept.len());
    joined
        .markers
        .reserve(kept.iter().map(|p| p.markers.len()).sum());
    // The first and last lines the current pass consulted: what it found
    // holds while they stay as they are.
    let read = std::cell::Cell::new((0, 0));
    let reads = |lo: usize, hi: usize| {
        let (l, h) = read.get();
        read.set((l.min(lo), h.max(hi)));
    };
    let starts = |i: usize| {
        reads(looks_back(i).min(i), i);
        starts(i)
    };
    // The line before `j` in its paragraph, if `j` continues one.
    let previous = |j: usize| {
        let p = (0..j).rev().find(|&p| !furniture(p));
        reads(p.unwrap_or(0), j);
        let p = p?;
        (!lines[j].blank && !lines[p].blank && !starts(j)).then_some(p)
    };
    // The line after `j` in its paragraph, if there is one.
    let next = |j: usize| {
        let n = (j + 1..lines.len()).find(|&n| !furniture(n));
        reads(j, n.unwrap_or(lines.len().saturating_sub(1)));
        let n = n?;
        previous(n).filter(|&p| p == j).map(|_| n)
    };
    let mut kept = kept.into_iter().peekable();
    // The line of the marker looked at, found from the last one's: they
    // come in order.
    let mut line_cursor = 0;
    let bytes = text.as_bytes();
    let (mut strays, mut opened) = (Vec::new(), Vec::new());
    let mut stack: Vec<Open> = Vec::new();
    let mut para: Vec<std::ops::Range<usize>> = Vec::new();
    // Lines before `done` have been read by an earlier pass.
    let mut done = 0;
    for k in 0..markers.len() {
        if markers[k].closer != Closer::Missing || markers[k].range.start < done {
            continue;
        }
        let at = markers[k].range.start;
        // The last join's pass from this marker, if the edits left it.
        while kept.next_if(|p| p.at < at).is_some() {}
        if let Some(pass) = kept.next_if(|p| p.at == at) {
            for (i, state) in &pass.markers {
                let m = &mut markers[k + i];
                joined.markers.push((k + i, JoinState::of(m)));
                state.clone().set(m);
            }
            for t in &pass.timestamps {
                add_timestamp(timestamps, t.clone(), &mut joined);
            }
            done = pass.done;
            joined.passes.push(pass);
            continue;
        }
        joined.fresh += 1;
        let (marks, stamps) = (joined.markers.len(), joined.timestamps.len());
        line_cursor = gallop(lines, line_cursor, |l| l.start <= at).saturating_sub(1);
        let first = line_cursor;
        read.set((first, first));
        // Where the openers of this paragraph are looked up among the
        // markers: none before this one's.
        let mut marker_cursor = k;
        stack.clear();
        let from = markers[k].range.start;
        let line = &lines[first];
        residue(
            &bytes[from..line.content_end],
            from,
            &mut strays,
            &mut opened,
        );
        let cursor = &mut marker_cursor;
        push(&opened, first, markers, cursor, &mut joined, &mut stack);
        // The text of the paragraph's lines read, gutters and furniture
        // left out: where a closer may go.
        para.clear();
        para.push(text_start(first)..line.content_end);
        let mut j = first;
        while let Some(n) = next(j).filter(|_| stack.iter().any(|o| o.marker.is_some())) {
            let before = j;
            j = n;
            let line = &lines[j];
            para.push(text_start(j).min(line.content_end)..line.content_end);
            // A tag that ended its line takes a timestamp that starts the
            // next: `[inaudible` / `00:14:22]`.
            if let Some(&Open {
                marker: Some(m), ..
            }) = stack.last()
            {
                let m = &mut markers[m];
                let from = text_start(j);
                let rest = &text[from..line.content_end];
                let lead = rest.len() - rest.trim_start().len();
                let before = &lines[before];
                if m.timestamp.is_none()
                    && m.close_at <= before.content_end
                    && text[m.close_at..before.content_end].trim().is_empty()
                {
                    if let Some(len) = timestamps::match_at(&rest[lead..]) {
                        let start = from + lead;
                        m.timestamp = Some(start..start + len);
                        m.close_at = start + len;
                        m.range.end = m.close_at;
                        let t = Timestamp::new(
                            &text[start..start + len],
                            start,
                            TimestampContext::Marker,
                        );
                        add_timestamp(timestamps, t, &mut joined);
                    }
                }
            }
            residue(&bytes[line.range()], line.start, &mut strays, &mut opened);
            for &(at, b) in &strays {
                let Some(top) = stack.pop() else {
                    break;
                };
                let Some(m) = top.marker else {
                    continue;
                };
                let right = closer_for(top.byte) == b;
                markers[m].closer = if right {
                    Closer::Matched(at)
                } else {
                    Closer::Mismatched(at)
                };
                markers[m].range.end = at + 1;
                markers[m].wrong_closer_has_owner =
                    !right && stack.last().is_some_and(|o| closer_for(o.byte) == b);
            }
            push(&opened, j, markers, cursor, &mut joined, &mut stack);
        }
        // The paragraph ends here with these markers open.
        let last = &lines[j];
        for o in &stack {
            if let Some(m) = o.marker {
                let opened_on = o.line;
                let alone = previous(opened_on).is_none()
                    && text[text_start(opened_on)..markers[m].range.start]
                        .trim()
                        .is_empty();
                markers[m].open_end = Some(open_end(text, &markers[m], &para, alone));
            }
        }
        done = last.end.max(from + 1);
        // The lines read include the one after the paragraph: the loop
        // asked whether it goes on.
        let (lo, hi) = read.get();
        joined.passes.push(Pass {
            read: lines[lo].start..lines[hi].end,
            at,
            done,
            markers: joined.markers[marks..]
                .iter()
                .map(|&(i, _)| (i - k, JoinState::of(&markers[i])))
                .collect(),
            timestamps: joined.timestamps[stamps..]
                .iter()
                .map(|&i| timestamps[i].clone())
                .collect(),
        });
    }
    joined
}

/// Pushes the openers `opened`, on line `line`, on the stack, noting the
/// markers among them (and keeping each marker as the line scan left it).
/// No marker before `cursor` starts at or after the first of them; it is
/// left at the last one looked up.
fn push(
    opened: &[(usize, u8)],
    line: usize,
    markers: &[Marker],
    cursor: &mut usize,
    joined: &mut Joined,
    stack: &mut Vec<Open>,
) {
    for &(at, byte) in opened {
        *cursor = gallop(markers, *cursor, |m| m.range.start < at);
        let marker = Some(*cursor).filter(|&m| {
            markers
                .get(m)
                .is_some_and(|m| m.range.start == at && m.closer == Closer::Missing)
        });
        if let Some(m) = marker {
            joined.markers.push((m, JoinState::of(&markers[m])));
        }
        stack.push(Open { byte, marker, line });
    }
}

/// Where marker `m` may close, open at the end of the paragraph whose text
/// is `para`: each line's text (after any gutter, to the line's end), in
/// order, furniture lines left out. The phrase end is looked for in that
/// text only, so a closer is never offered inside a gutter or a page
/// header, where no closer is read.
fn open_end(text: &str, m: &Marker, para: &[std::ops::Range<usize>], alone: bool) -> OpenEnd {
    let capital = text[m.tag_range.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    // The paragraph's text ends after its last line's last character.
    let end = para
        .iter()
        .rev()
        .find(|r| !text[(*r).clone()].trim().is_empty())
        .map_or(m.close_at, |r| r.start + text[r.clone()].trim_end().len())
        .max(m.close_at);
    // The text past the tag, line by line.
    let segments = para.iter().filter_map(|r| {
        let from = r.start.max(m.close_at.min(end));
        (from < r.end.min(end)).then(|| from..r.end.min(end))
    });
    let first_after = segments
        .clone()
        .find_map(|r| {
            let t = &text[r.clone()];
            let lead = t.len() - t.trim_start().len();
            (lead < t.len()).then(|| &text[r.start + lead..r.end])
        })
        .unwrap_or("");
    // A parenthetical is a phrase whatever its words (`(Ostergaard Exhibit
    // 9 was marked`): its first word is no tag that could end it.
    let phrase = m.tag.0 == PARENTHETICAL
        || capital
            && m.close_at == m.tag_range.end
            && first_after.chars().next().is_some_and(char::is_lowercase);
    // The first sentence end past the tag, before any other bracket opens
    // (past one, where the phrase ends is anybody's guess); and the end of
    // the last word before that bracket or the paragraph's end.
    let mut sentence_end = None;
    let mut last_word_end = m.close_at.min(end);
    let mut certain = true;
    'lines: for r in segments {
        let seg = &text[r.clone()];
        let stop = memchr::memchr2(b'(', b'[', seg.as_bytes());
        let upto = &seg[..stop.unwrap_or(seg.len())];
        if sentence_end.is_none() {
            // The three are ASCII, so a byte search finds each at a
            // character boundary, without decoding the paragraph's text.
            for i in memchr::memchr3_iter(b'.', b'?', b'!', upto.as_bytes()) {
                let close = seg[i + 1..].trim_start_matches(['"', '\'', '”', '’']).len();
                let p = seg.len() - close;
                // A line's end is a space between words.
                if p == seg.len() || seg[p..].starts_with(char::is_whitespace) {
                    sentence_end = Some(r.start + p);
                    break;
                }
            }
        }
        if !upto.trim_end().is_empty() {
            last_word_end = r.start + upto.trim_end().len();
        }
        if stop.is_some() {
            certain = false;
            break 'lines;
        }
    }
    // A reporter's parenthetical is its paragraph's text, whatever stops
    // its sentences (`10:47 a.m.` is no end): it ends where the paragraph
    // does, before any other bracket.
    let phrase_end = if m.tag.0 == PARENTHETICAL {
        last_word_end
    } else {
        sentence_end.unwrap_or(last_word_end)
    };
    OpenEnd {
        phrase,
        phrase_end,
        ends_paragraph: certain && phrase_end == end,
        alone,
    }
}
