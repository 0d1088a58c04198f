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
}

impl Line {
    pub fn range(&self) -> Range<usize> {
        self.start..self.content_end
    }

    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.content_end]
    }

    pub fn is_blank(&self, text: &str) -> bool {
        self.text(text).chars().all(char::is_whitespace)
    }
}

pub fn split(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Line {
                    start,
                    content_end: i,
                    end: i + 1,
                });
                start = i + 1;
            }
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                lines.push(Line {
                    start,
                    content_end: i,
                    end,
                });
                i = end - 1;
                start = end;
            }
            _ => {}
        }
        i += 1;
    }
    // The last line exists even when empty, as in LSP: "a\n" has two lines.
    lines.push(Line {
        start,
        content_end: bytes.len(),
        end: bytes.len(),
    });
    lines
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
