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

/// The first index at or after `from` of an item `below` says no to, as
/// `partition_point` would find it in all of `items` when every item before
/// `from` is below. For lookups made in the order of the text, each close to
/// the last one found (the join of markers across lines, the outline's
/// positions): galloping from there touches a few nearby items, where a
/// binary search of a long document's lists touched cold memory at nearly
/// every step (BENCHMARKS.md, issue 13).
pub fn gallop<T>(items: &[T], from: usize, below: impl Fn(&T) -> bool) -> usize {
    let (mut lo, mut hi, mut step) = (from, from, 1);
    while hi < items.len() && below(&items[hi]) {
        lo = hi + 1;
        hi = (hi + step).min(items.len());
        step *= 2;
    }
    lo + items[lo..hi].partition_point(below)
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

    /// From any start that no answer lies before, the gallop finds what a
    /// binary search of the whole list finds.
    #[test]
    fn a_gallop_finds_what_a_binary_search_finds() {
        let mut state = 42u64;
        for _ in 0..2_000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = (state >> 40) as usize % 200;
            let mut items: Vec<u32> = (0..len)
                .map(|i| (i as u64 * (state >> 20) % 97) as u32)
                .collect();
            items.sort();
            let key = (state >> 8) as u32 % 100;
            let expected = items.partition_point(|&x| x < key);
            for from in 0..=expected {
                assert_eq!(
                    gallop(&items, from, |&x| x < key),
                    expected,
                    "{items:?} {key} from {from}"
                );
            }
        }
    }
}
