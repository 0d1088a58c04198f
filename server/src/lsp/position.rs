//! Every conversion between byte offsets and LSP positions lives here.
//!
//! The core speaks byte offsets; LSP speaks `(line, character)` where the
//! character is counted in the negotiated encoding: UTF-8 bytes, UTF-16 code
//! units (the default) or UTF-32 (Unicode scalar values). Lines end at `\n`,
//! `\r\n` or a lone `\r`, which is exactly what ropey's `cr_lines` feature
//! counts (and why `unicode_lines` is off: U+2028, NEL and form feed are not
//! line breaks in LSP).
//!
//! Out-of-range input is clamped, never rejected: a character past the end of
//! its line means the end of the line, a line past the end of the document
//! means the end of the document, and a column inside a multi-unit character
//! (half a surrogate pair, the middle of a UTF-8 sequence) means the start of
//! that character.

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, PositionEncodingKind};

/// The unit LSP `character` offsets are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks the client's most preferred encoding among those we speak. With
    /// no list (or nothing we know) the protocol's default, UTF-16, applies.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .into_iter()
            .flatten()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or_default()
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// Byte range of `line`'s content, without its terminator. `line` must exist.
fn line_bytes(rope: &Rope, line: usize) -> Range<usize> {
    let start = rope.line_to_byte(line);
    let end = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    let mut content_end = end;
    if content_end > start && rope.byte(content_end - 1) == b'\n' {
        content_end -= 1;
    }
    if content_end > start && rope.byte(content_end - 1) == b'\r' {
        content_end -= 1;
    }
    start..content_end
}

/// Largest char boundary at or before `offset` (clamped to the text).
fn floor_boundary(rope: &Rope, offset: usize) -> usize {
    let offset = offset.min(rope.len_bytes());
    rope.char_to_byte(rope.byte_to_char(offset))
}

/// The LSP position of a byte offset. Offsets past the end clamp to the end;
/// offsets inside a character or inside a `\r\n` pair clamp back.
///
/// Two walks down the rope (the line, and where it starts), then the
/// line's own bytes up to `offset` are counted. Counting through the rope
/// instead (`byte_to_char`, `char_to_utf16_cu`, four times over) scanned
/// up to a whole chunk each time: converting the findings of a 21 MB
/// document, or its outline, was mostly that (BENCHMARKS.md, issue 13).
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> lsp::Position {
    let offset = offset.min(rope.len_bytes());
    // A character holds no line break, so the line of an offset inside
    // one is the line of the character's start.
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let (chunks, mut at, _, _) = rope.chunks_at_byte(start);
    let mut character = 0;
    for chunk in chunks {
        if at >= offset {
            break;
        }
        let from = start.saturating_sub(at);
        let mut to = (offset - at).min(chunk.len());
        // A chunk boundary is a char boundary; an offset inside a
        // character counts up to that character's start.
        while !chunk.is_char_boundary(to) {
            to -= 1;
        }
        let piece = &chunk[from..to];
        // The line's content ends at its terminator: an offset on a `\r`
        // or inside a `\r\n` pair clamps back to the content's end.
        let (piece, ended) = match memchr::memchr2(b'\r', b'\n', piece.as_bytes()) {
            Some(i) => (&piece[..i], true),
            None => (piece, false),
        };
        character += units(piece, enc);
        if ended {
            break;
        }
        at += chunk.len();
    }
    lsp::Position::new(line as u32, character as u32)
}

/// Units of `enc` in `s`. `str_indices` (what ropey counts with) counts
/// characters and UTF-16 units a machine word or SIMD register at a time;
/// a line of ASCII, most of a transcript, is its length.
fn units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        _ if s.is_ascii() => s.len(),
        Encoding::Utf32 => str_indices::chars::count(s),
        Encoding::Utf16 => str_indices::utf16::count(s),
    }
}

/// The byte offset of an LSP position, clamped as the module docs describe.
pub fn offset(rope: &Rope, pos: lsp::Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let bytes = line_bytes(rope, line);
    let col = pos.character as usize;
    match enc {
        Encoding::Utf8 => floor_boundary(rope, bytes.start + col.min(bytes.len())),
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(rope.byte_to_char(bytes.start));
            let end = rope.char_to_utf16_cu(rope.byte_to_char(bytes.end));
            let unit = (start + col).min(end);
            rope.char_to_byte(rope.utf16_cu_to_char(unit))
        }
        Encoding::Utf32 => {
            let start = rope.byte_to_char(bytes.start);
            let end = rope.byte_to_char(bytes.end);
            rope.char_to_byte((start + col).min(end))
        }
    }
}

/// The positions of many offsets of one text, found in a single walk over
/// it: what [`position`] gives each, for a handler that converts tens of
/// thousands of offsets at once (the outline of a large transcript), where
/// a rope lookup apiece costs more than reading the text once. `text` is
/// the rope's text.
pub fn positions(text: &str, offsets: &mut Vec<usize>, enc: Encoding) -> Positions {
    offsets.sort_unstable();
    offsets.dedup();
    let bytes = text.as_bytes();
    let (mut at, mut line, mut character) = (0, 0, 0);
    let mut out = Vec::with_capacity(offsets.len());
    for &offset in offsets.iter() {
        let mut to = offset.min(text.len());
        // An offset inside a character counts up to that character's start;
        // a terminator is ASCII, so this never crosses a line break.
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        // The line breaks before `to` that `at` has not passed: `\n`, a lone
        // `\r`, and `\r\n` counted at its `\n`, so an offset on that `\n`
        // stays on the line the `\r` ends.
        let mut from = at.min(to);
        for p in memchr::memchr2_iter(b'\r', b'\n', &bytes[from..to]) {
            let p = from + p;
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                continue;
            }
            line += 1;
            character = 0;
            at = p + 1;
        }
        from = at.min(to);
        // Past the line's content (on its terminator) counts as its end.
        let piece = &text[from..to];
        let piece = match memchr::memchr2(b'\r', b'\n', piece.as_bytes()) {
            Some(i) => &piece[..i],
            None => piece,
        };
        character += units(piece, enc);
        at = at.max(to);
        out.push((offset, lsp::Position::new(line as u32, character as u32)));
    }
    Positions {
        at: out,
        last: std::cell::Cell::new(0),
    }
}

/// Offsets and their positions, from [`positions`].
pub struct Positions {
    at: Vec<(usize, lsp::Position)>,
    /// Where the last lookup found its offset.
    last: std::cell::Cell<usize>,
}

impl Positions {
    /// The position of `offset`, which must have been one of those given.
    ///
    /// The outline looks its offsets up in the order of the text, each
    /// close to the last, so the lookup gallops from the last one found
    /// (`verbatim_core::text::gallop`): a binary search of the 190,000
    /// offsets of a 21 MB transcript's outline touched cold memory at nearly
    /// every step.
    pub fn get(&self, offset: usize) -> lsp::Position {
        let below = |&(o, _): &(usize, lsp::Position)| o < offset;
        let from = self.last.get();
        // From the last one found when it lies before `offset`, else from
        // the start.
        let from = if self.at.get(from).is_some_and(below) {
            from
        } else {
            0
        };
        let i = verbatim_core::text::gallop(&self.at, from, below);
        assert!(
            self.at.get(i).is_some_and(|&(o, _)| o == offset),
            "an offset given to `positions`"
        );
        self.last.set(i);
        self.at[i].1
    }

    pub fn range(&self, bytes: Range<usize>) -> lsp::Range {
        lsp::Range::new(self.get(bytes.start), self.get(bytes.end.max(bytes.start)))
    }
}

/// LSP range of a byte range.
pub fn range(rope: &Rope, bytes: Range<usize>, enc: Encoding) -> lsp::Range {
    let start = position(rope, bytes.start, enc);
    let end = bytes.end.max(bytes.start);
    let end =
        along_line(rope, bytes.start, start, end, enc).unwrap_or_else(|| position(rope, end, enc));
    lsp::Range::new(start, end)
}

/// The position of `to`, counted on from `at`, the position of `from`,
/// when both are character boundaries and no line break lies between them:
/// most ranges (a label, a turn on one line) end on the line they start on,
/// and walking that stretch costs less than finding `to`'s line in the
/// rope again (the outline of a large transcript converts tens of
/// thousands of ranges). `None` otherwise, for [`position`] to answer.
fn along_line(
    rope: &Rope,
    from: usize,
    at: lsp::Position,
    to: usize,
    enc: Encoding,
) -> Option<lsp::Position> {
    if to > rope.len_bytes() {
        return None;
    }
    let (chunks, mut chunk_start, _, _) = rope.chunks_at_byte(from);
    let mut counted = 0;
    for chunk in chunks {
        if chunk_start >= to {
            break;
        }
        let a = from.saturating_sub(chunk_start);
        let b = (to - chunk_start).min(chunk.len());
        if !chunk.is_char_boundary(a) || !chunk.is_char_boundary(b) {
            return None;
        }
        let piece = &chunk[a..b];
        // A terminator, or a `from` on one (whose position was clamped).
        if memchr::memchr2(b'\r', b'\n', piece.as_bytes()).is_some() {
            return None;
        }
        counted += units(piece, enc);
        chunk_start += chunk.len();
    }
    Some(lsp::Position::new(at.line, at.character + counted as u32))
}

/// Byte range of an LSP range; a reversed range is read as empty at its start.
pub fn byte_range(rope: &Rope, range: lsp::Range, enc: Encoding) -> Range<usize> {
    let start = offset(rope, range.start, enc);
    let end = offset(rope, range.end, enc);
    start..end.max(start)
}

/// The 0-based line holding `offset`.
pub fn line_of(rope: &Rope, offset: usize) -> usize {
    rope.byte_to_line(offset.min(rope.len_bytes()))
}

/// The content of the line holding `offset`, without its terminator.
pub fn line_range_at(rope: &Rope, offset: usize) -> Range<usize> {
    line_bytes(rope, line_of(rope, offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp::Position;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    /// The obvious, slow model the rope-based functions must agree with.
    fn model_lines(text: &str) -> Vec<Range<usize>> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => {
                    out.push(start..i);
                    start = i + 1;
                }
                b'\r' => {
                    out.push(start..i);
                    if b.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        out.push(start..b.len());
        out
    }

    fn units(s: &str, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    fn model_position(text: &str, offset: usize, enc: Encoding) -> Position {
        let lines = model_lines(text);
        let line = lines
            .iter()
            .rposition(|l| l.start <= offset)
            .expect("line 0 starts at 0");
        let l = &lines[line];
        let end = offset.min(l.end);
        Position::new(line as u32, units(&text[l.start..end], enc) as u32)
    }

    /// Checks every char boundary of `text` in every encoding, both ways,
    /// and ranges from each offset to those near it and to the end.
    fn check_exhaustively(text: &str) {
        let rope = Rope::from_str(text);
        let offsets: Vec<usize> = (0..=text.len()).collect();
        for enc in ALL {
            // In a long text, every seventh offset (all alignments still
            // come round): each range costs two walks along its line.
            let step = if text.len() < 1000 { 1 } else { 7 };
            for (i, &from) in offsets.iter().enumerate().step_by(step) {
                // Far ends from every 16th offset: each costs a walk to a
                // line break.
                let far: &[usize] = if i % (16 * step) == 0 {
                    &[text.len(), text.len() + 3]
                } else {
                    &[]
                };
                for &to in offsets[i..].iter().take(8).chain(far) {
                    assert_eq!(
                        range(&rope, from..to, enc),
                        lsp::Range::new(position(&rope, from, enc), position(&rope, to, enc)),
                        "{enc:?} {from}..{to} in {text:?}"
                    );
                }
            }
        }
        for enc in ALL {
            // Every byte offset, and some past the end, in one walk.
            let mut all: Vec<usize> = (0..text.len() + 3).rev().collect();
            let walked = positions(text, &mut all, enc);
            // Looked up in order, backwards, and jumping about: each way
            // from the last lookup.
            let n = text.len() + 3;
            let forwards = 0..n;
            let backwards = (0..n).rev();
            let jumping = (0..n).map(|i| (i * 7 + 3) % n);
            for offset in forwards.chain(backwards).chain(jumping) {
                assert_eq!(
                    walked.get(offset),
                    position(&rope, offset, enc),
                    "{enc:?} walked to {offset} in {text:?}"
                );
            }
        }
        for enc in ALL {
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let pos = position(&rope, offset, enc);
                assert_eq!(
                    pos,
                    model_position(text, offset, enc),
                    "{enc:?} offset {offset} in {text:?}"
                );
                let back = offset_of(&rope, pos, enc);
                // Offsets on a line terminator map to the end of the line's
                // content; everything else round-trips exactly.
                let expect = model_lines(text)[pos.line as usize].end.min(offset);
                assert_eq!(back, expect, "{enc:?} {pos:?} in {text:?}");
            }
        }
    }

    fn offset_of(rope: &Rope, pos: Position, enc: Encoding) -> usize {
        offset(rope, pos, enc)
    }

    #[test]
    fn negotiation_prefers_the_clients_order() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[])), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF8, K::UTF16])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("utf-7"), K::UTF32])),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::new("latin-1")])),
            Encoding::Utf16
        );
    }

    /// Lines longer than a rope chunk, with multi-byte characters and
    /// terminators falling on and around chunk boundaries.
    #[test]
    fn exhaustive_over_lines_longer_than_a_chunk() {
        let mut text = String::new();
        for i in 0..700 {
            text.push_str(["a", "é", "😀", "中", " ", "b"][i % 6]);
        }
        text.push_str("\r\n");
        for i in 0..900 {
            text.push_str(["x", "“", "👩‍👩‍👧", "y"][i % 4]);
            if i % 300 == 299 {
                text.push('\r');
            }
        }
        text.push('\n');
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 4, "the text should span chunks");
        check_exhaustively(&text);
    }

    #[test]
    fn exhaustive_over_multibyte_text_and_terminators() {
        for text in [
            "",
            "a",
            "\n",
            "\r",
            "\r\n",
            "\n\n",
            "\r\r\n\n",
            "MR ROBINSON:\u{a0}“Thank you” — yes.\n",
            "QUESTION: 😀 emoji 👩‍👩‍👧 family\r\nnext",
            "中文字幕：你好。\r日本語\n한국어",
            "line\u{2028}not a break\u{85}nor this\u{c}nor this\nbreak",
            "é\r\n😀\r\n\r\n“",
            "trailing CR\r",
        ] {
            check_exhaustively(text);
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let rope = Rope::from_str("a😀b");
        assert_eq!(position(&rope, 5, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(position(&rope, 5, Encoding::Utf8), Position::new(0, 5));
        assert_eq!(position(&rope, 5, Encoding::Utf32), Position::new(0, 2));
        // Half a surrogate pair points at the emoji's start.
        assert_eq!(offset(&rope, Position::new(0, 2), Encoding::Utf16), 1);
        assert_eq!(offset(&rope, Position::new(0, 3), Encoding::Utf16), 5);
    }

    #[test]
    fn curly_quotes_dashes_nbsp_and_cjk() {
        let text = "“Yes”\u{a0}— 中";
        let rope = Rope::from_str(text);
        let at = text.find('中').unwrap();
        assert_eq!(position(&rope, at, Encoding::Utf16), Position::new(0, 8));
        assert_eq!(position(&rope, at, Encoding::Utf32), Position::new(0, 8));
        assert_eq!(
            position(&rope, at, Encoding::Utf8),
            Position::new(0, at as u32)
        );
        assert_eq!(offset(&rope, Position::new(0, 8), Encoding::Utf16), at);
        // A UTF-8 column inside `“` falls back to its start.
        assert_eq!(offset(&rope, Position::new(0, 2), Encoding::Utf8), 0);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "ab\r\ncd\ref";
        let rope = Rope::from_str(text);
        for enc in ALL {
            assert_eq!(position(&rope, 4, enc), Position::new(1, 0));
            assert_eq!(position(&rope, 7, enc), Position::new(2, 0));
            // Between `\r` and `\n`: the end of the line's content.
            assert_eq!(position(&rope, 3, enc), Position::new(0, 2));
            assert_eq!(offset(&rope, Position::new(2, 1), enc), 8);
        }
    }

    #[test]
    fn character_past_line_end_clamps_to_line_end() {
        let rope = Rope::from_str("ab\r\n😀\nc");
        for enc in ALL {
            assert_eq!(offset(&rope, Position::new(0, 99), enc), 2);
            assert_eq!(offset(&rope, Position::new(1, 99), enc), 8);
            assert_eq!(offset(&rope, Position::new(2, 99), enc), 10);
        }
    }

    #[test]
    fn line_past_end_clamps_to_document_end() {
        let rope = Rope::from_str("ab\ncd");
        for enc in ALL {
            assert_eq!(offset(&rope, Position::new(2, 0), enc), 5);
            assert_eq!(offset(&rope, Position::new(u32::MAX, u32::MAX), enc), 5);
        }
        assert_eq!(position(&rope, 99, Encoding::Utf16), Position::new(1, 2));
    }

    #[test]
    fn empty_document() {
        let rope = Rope::from_str("");
        for enc in ALL {
            assert_eq!(position(&rope, 0, enc), Position::new(0, 0));
            assert_eq!(position(&rope, 10, enc), Position::new(0, 0));
            assert_eq!(offset(&rope, Position::new(0, 0), enc), 0);
            assert_eq!(offset(&rope, Position::new(0, 5), enc), 0);
            assert_eq!(offset(&rope, Position::new(3, 5), enc), 0);
        }
    }

    #[test]
    fn reversed_range_is_empty_at_start() {
        let rope = Rope::from_str("abcdef");
        let r = lsp::Range::new(Position::new(0, 4), Position::new(0, 1));
        assert_eq!(byte_range(&rope, r, Encoding::Utf16), 4..4);
    }
}
