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
}
