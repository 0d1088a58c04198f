//! Splitting text into lines with the LSP terminators: `\n`, `\r\n`, `\r`.

use std::ops::Range;

/// One line. `range` excludes the terminator; `end` includes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    /// End of the content, before any terminator.
    pub content_end: usize,
    /// Start of the next line.
    pub end: usize,
    /// Whether the content is whitespace only: decided when the line is
    /// split, so that laying out a document (paragraphs, turn ends) reads
    /// this table rather than the first byte of every line of the text.
    pub blank: bool,
}

impl Line {
    pub fn range(&self) -> Range<usize> {
        self.start..self.content_end
    }

    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.content_end]
    }
}

pub fn split(text: &str) -> Vec<Line> {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    split_into(text, 0, &mut lines);
    lines
}

/// Appends the lines of `text` to `out`, with offsets shifted by `base`.
/// The last line is pushed even when empty, as in LSP: "a\n" has two lines.
pub(crate) fn split_into(text: &str, base: usize, out: &mut Vec<Line>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        let end = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
        out.push(Line {
            start: base + start,
            content_end: base + i,
            end: base + end,
            blank: blank(&text[start..i]),
        });
        start = end;
    }
    out.push(Line {
        start: base + start,
        content_end: base + bytes.len(),
        end: base + bytes.len(),
        blank: blank(&text[start..]),
    });
}

fn blank(content: &str) -> bool {
    // Most lines start with a visible ASCII character: decided by one byte.
    match content.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => content.chars().all(char::is_whitespace),
    }
}

/// The character starting at byte `i` of `s` and its length; ASCII without
/// decoding, since nearly every byte of a transcript is ASCII. Inlined
/// everywhere: the word scans call it for every byte of the document.
#[inline(always)]
pub(crate) fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = s[i..].chars().next().expect("i is a char boundary");
        (c, c.len_utf8())
    }
}

/// The end of the run of ASCII letters (and digits, with `DIGITS`) at `i`.
///
/// Eight bytes at a time: this is the inner loop of the word walks. For
/// each byte, with its top bit cleared as `y`, `(y | 0x20) + 0x1f` reaches
/// the top bit from `a` (or `A`) on and `(y | 0x20) + 0x05` from `{` on;
/// `y + 0x50` from `0` on and `y + 0x46` from `:` on. No sum carries into
/// the next byte, and bytes with their top bit set are not ASCII.
#[inline(always)]
pub(crate) fn ascii_run_end<const DIGITS: bool>(b: &[u8], mut i: usize) -> usize {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const fn each(byte: u8) -> u64 {
        u64::from_le_bytes([byte; 8])
    }
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let y = x & LOW;
        let folded = y | each(0x20);
        let mut word = (folded + each(0x1f)) & !(folded + each(0x05));
        if DIGITS {
            word |= (y + each(0x50)) & !(y + each(0x46));
        }
        let other = !(word & !x) & TOP;
        if other != 0 {
            return i + other.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    let in_run = |c: &u8| c.is_ascii_alphabetic() || DIGITS && c.is_ascii_digit();
    while b.get(i).is_some_and(in_run) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_all_terminators() {
        let t = "a\r\nb\rc\n";
        let l = split(t);
        assert_eq!(l.len(), 4);
        assert_eq!(l[0].text(t), "a");
        assert_eq!(l[1].text(t), "b");
        assert_eq!(l[2].text(t), "c");
        assert_eq!(l[3].text(t), "");
        assert_eq!(l[0].end, 3);
    }

    #[test]
    fn ascii_runs_end_at_every_other_byte() {
        for byte in 0..=255u8 {
            let mut b = *b"abcdefghijk";
            b[5] = byte;
            let letters = if byte.is_ascii_alphabetic() { 11 } else { 5 };
            let alphanumerics = if byte.is_ascii_alphanumeric() { 11 } else { 5 };
            for (at, end) in [(0, 11), (3, 11), (0, 7)] {
                let b = &b[..end];
                let (l, a) = (letters.min(end), alphanumerics.min(end));
                assert_eq!(ascii_run_end::<false>(b, at), l, "{byte:#x}");
                assert_eq!(ascii_run_end::<true>(b, at), a, "{byte:#x}");
            }
        }
    }
}
