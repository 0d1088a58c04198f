//! Byte offsets to 1-based line and column, for front ends that print.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, the same three terminators LSP
//! recognises, so the CLI and the editor always agree on line numbers.

/// Start offsets of every line in a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// 1-based line and column for a byte offset. Offsets inside a UTF-8
    /// sequence count as the character they belong to.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        LineCol {
            line: line + 1,
            column: text[start..end].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminators() {
        let t = "a\nb\r\nc\rd";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(t, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 2), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(t, 5), LineCol { line: 3, column: 1 });
        assert_eq!(idx.line_col(t, 7), LineCol { line: 4, column: 1 });
    }

    #[test]
    fn columns_count_scalars() {
        let t = "é“x”";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, t.find('x').unwrap()).column, 3);
        assert_eq!(idx.line_col(t, t.len()).column, 5);
    }
}
