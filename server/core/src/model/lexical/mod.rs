//! Line-local lexical facts: trailing whitespace, blank lines, runs of
//! spaces, doubled words, quote marks and cut-off dashes.
//!
//! Everything here is found within one line, so an editor can recompute the
//! facts for the lines an edit touched and splice them into the sorted lists.
//! Only the facts the rules need are kept, never every word: a 100 MB
//! transcript must not cost a token list the size of the file.

mod quotes;
#[cfg(test)]
mod tests;

use super::chars::{ascii_run_end, char_at, is_apostrophe, is_word_char};
pub use quotes::{CutOff, Dash, Quote, QuoteMark, QuoteRole};
use std::ops::Range;
use std::sync::LazyLock;

/// The same word twice in a row with only spaces between: `the the`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubledWord {
    pub first: Range<usize>,
    pub second: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Lexical {
    /// Whitespace at the end of a line's content (before its terminator).
    pub trailing_whitespace: Vec<Range<usize>>,
    /// Runs of consecutive blank lines, as line indices. An empty last line
    /// (what follows a final newline) is not a line a person sees, so it
    /// never counts.
    pub blank_runs: Vec<Range<usize>>,
    /// Two or more spaces (or no-break spaces) between two non-spaces.
    pub double_spaces: Vec<Range<usize>>,
    pub doubled_words: Vec<DoubledWord>,
    pub quotes: Vec<Quote>,
    pub cut_offs: Vec<CutOff>,
    /// Spaces between a word and the `,` `.` `;` `:` `?` or `!` that ends
    /// it: `Yes , sir`. Not an ellipsis (`so . . .`), a decimal (`a .5`)
    /// or a smiley (`:)`).
    pub space_before_punctuation: Vec<Range<usize>>,
}

impl Lexical {
    /// Records the facts of line `index`, whose content is `line` at byte
    /// `base`. `skip` is where spoken text starts (after a label or a note's
    /// `[n]`); whitespace and blank-line facts cover the whole line.
    #[cfg(test)]
    pub(crate) fn scan_line(
        &mut self,
        index: usize,
        line: &str,
        base: usize,
        skip: usize,
        is_last: bool,
    ) {
        if self.scan_content(line, base, skip) {
            self.push_blank(index, line.is_empty(), is_last);
        }
    }

    /// The line-local part of [`Lexical::scan_line`]: every fact but the
    /// blank-line runs. Returns whether the line is blank.
    pub(crate) fn scan_content(&mut self, line: &str, base: usize, skip: usize) -> bool {
        let trimmed = line.trim_end();
        if trimmed.len() < line.len() {
            self.trailing_whitespace
                .push(base + trimmed.len()..base + line.len());
        }
        if trimmed.is_empty() {
            return true;
        }
        let skip = skip.min(line.len());
        self.scan_spaces(line, base);
        self.scan_words(line, base, skip);
        self.scan_quotes_and_dashes(line, base, skip);
        false
    }

    /// Records blank line `index`, extending the run it continues. An empty
    /// last line (what follows a final newline) is not a line a person sees.
    pub(crate) fn push_blank(&mut self, index: usize, empty: bool, is_last: bool) {
        if is_last && empty {
            return;
        }
        match self.blank_runs.last_mut() {
            Some(run) if run.end == index => run.end = index + 1,
            _ => self.blank_runs.push(index..index + 1),
        }
    }

    /// Checks the mark at byte `p` of `line` (at or after `skip`) for a
    /// space before it. Called by the word walk, which visits every mark.
    fn punctuation_space(&mut self, line: &str, base: usize, skip: usize, p: usize) {
        let b = line.as_bytes();
        // Nearly every mark follows a letter: reject those before any
        // trimming.
        if p == skip || !matches!(b[p - 1], b' ' | b'\t' | 0xA0) {
            return;
        }
        let before = &line[skip..p];
        let word_end = before.trim_end_matches([' ', '\u{a0}', '\t']);
        if word_end.len() == before.len() {
            return;
        }
        let ends_word = word_end
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | ']' | '”' | '’' | '"'));
        let after = &line[p + 1..];
        let ends_clause = after.is_empty()
            || after.starts_with(|c: char| c.is_whitespace() || matches!(c, '”' | '’' | '"'));
        let spaced_ellipsis =
            b[p] == b'.' && after.trim_start_matches([' ', '\u{a0}']).starts_with('.');
        if ends_word && ends_clause && !spaced_ellipsis {
            self.space_before_punctuation
                .push(base + skip + word_end.len()..base + p);
        }
    }

    fn scan_spaces(&mut self, line: &str, base: usize) {
        // A run of two or more spaces (or no-break spaces) holds two spaces
        // in a row or a no-break space, so only the runs around those are
        // looked at: house style puts a no-break space after every label,
        // and walking every space of such a line costs far more.
        let b = line.as_bytes();
        // Leading indentation is layout, not a double space.
        let indent = b.len() - line.trim_start().len();
        let space_before = |i: usize| {
            if i > indent && b[i - 1] == b' ' {
                Some(1)
            } else if i >= indent + 2 && b[i - 2..i] == *NBSP {
                Some(2)
            } else {
                None
            }
        };
        let space_at = |i: usize| {
            if b.get(i) == Some(&b' ') {
                Some(1)
            } else if b[i.min(b.len())..].starts_with(NBSP) {
                Some(2)
            } else {
                None
            }
        };
        // The finder is built once: building one costs more than
        // searching a line with it.
        static PAIR: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
        let hits = merge_sorted(
            PAIR.find_iter(&b[indent..]),
            memchr::memchr_iter(0xA0, &b[indent..]).map(|p| p.saturating_sub(1)),
        );
        let mut done = indent;
        for hit in hits {
            let mut start = indent + hit;
            if start < done || space_at(start).is_none() {
                continue;
            }
            while let Some(len) = space_before(start) {
                start -= len;
            }
            let (mut end, mut n) = (start, 0);
            while let Some(len) = space_at(end) {
                end += len;
                n += 1;
            }
            done = end;
            if n >= 2
                && line[end..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace())
            {
                self.double_spaces.push(base + start..base + end);
            }
        }
    }

    /// Walks the words of the spoken text for doubled words, and checks
    /// each punctuation mark it passes for a space before it: one pass over
    /// the bytes, which is most of the cost of a line. ASCII bytes between
    /// words are sorted by a table lookup, so a gap costs one load and a
    /// branch a byte; only non-ASCII bytes are decoded.
    fn scan_words(&mut self, line: &str, base: usize, skip: usize) {
        let s = &line[skip..];
        let b = s.as_bytes();
        // Start and end of the word before.
        let mut prev: Option<(usize, usize)> = None;
        let mut i = 0;
        'words: while i < b.len() {
            // Over the gap to the next word.
            loop {
                // Branches, not a `match`: a jump table costs more than the
                // one comparison that settles the usual space.
                let class = GAP_CLASS[b[i] as usize];
                if class == WORD {
                    break;
                }
                if class == DECODE {
                    let (c, len) = char_at(s, i);
                    if is_word_char(c) {
                        break;
                    }
                    i += len;
                } else {
                    if class == MARK {
                        self.punctuation_space(line, base, skip, skip + i);
                    }
                    i += 1;
                }
                if i == b.len() {
                    break 'words;
                }
            }
            let mut start = i;
            loop {
                i = ascii_run_end::<true>(b, i);
                // Most words end at a single space before the next word:
                // settle the pair and run on into that word at once.
                if b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    self.doubled_word(s, base + skip, prev, start, i);
                    prev = Some((start, i));
                    i += 1;
                    start = i;
                    continue;
                }
                // A space or a mark ends the word; an apostrophe, a hyphen
                // or a non-ASCII character may not.
                let Some(&byte) = b.get(i) else {
                    break;
                };
                if GAP_CLASS[byte as usize] <= MARK {
                    break;
                }
                let (ch, len) = char_at(s, i);
                if is_word_char(ch) {
                    i += len;
                    continue;
                }
                // `don't`, `Lavrov’s` and `well-known` are one word each.
                let joins = (is_apostrophe(ch) || ch == '-')
                    && i + len < b.len()
                    && is_word_char(char_at(s, i + len).0);
                if !joins {
                    break;
                }
                i += len;
            }
            self.doubled_word(s, base + skip, prev, start, i);
            prev = Some((start, i));
        }
    }

    /// Records the word `start..end` of `s` (at byte `base`) as doubled if
    /// the word before, `prev`, is the same word with only spaces between.
    #[inline(always)]
    fn doubled_word(
        &mut self,
        s: &str,
        base: usize,
        prev: Option<(usize, usize)>,
        start: usize,
        end: usize,
    ) {
        let b = s.as_bytes();
        let Some((p_start, p_end)) = prev else {
            return;
        };
        if !same_initial(b[p_start], b[start]) {
            return;
        }
        let gap = &b[p_end..start];
        let spaces_only = gap
            .iter()
            .all(|&c| c == b' ' || c == b'\t' || c == 0xC2 || c == 0xA0);
        if spaces_only && same_word(&s[p_start..p_end], &s[start..end]) {
            self.doubled_words.push(DoubledWord {
                first: base + p_start..base + p_end,
                second: base + start..base + end,
            });
        }
    }
}

/// Two ascending sequences of offsets as one: memchr looks for at most
/// three bytes at a time.
pub(crate) fn merge_sorted(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if x < y => a.next(),
        (_, Some(_)) => b.next(),
        (Some(_), None) => a.next(),
        (None, None) => None,
    })
}

const NBSP: &[u8] = "\u{a0}".as_bytes();

/// What a byte is to [`Lexical::scan_words`]: an ASCII letter or digit, an
/// ASCII byte that ends a word (a mark to check for a space before it, or
/// any other), an apostrophe or hyphen (which may join two words), or the
/// first byte of a character to decode.
const WORD: u8 = 0;
const GAP: u8 = 1;
const MARK: u8 = 2;
const JOIN: u8 = 3;
const DECODE: u8 = 4;

static GAP_CLASS: [u8; 256] = {
    let mut table = [DECODE; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = if (byte as u8).is_ascii_alphanumeric() {
            WORD
        } else if matches!(byte as u8, b',' | b'.' | b';' | b':' | b'?' | b'!') {
            MARK
        } else if matches!(byte as u8, b'\'' | b'-') {
            JOIN
        } else {
            GAP
        };
        byte += 1;
    }
    table
};

/// Whether two words may be the same word, by their first bytes: two ASCII
/// letters that differ in lower case settle it; anything else needs
/// [`same_word`] (the Kelvin sign lower-cases to `k`).
///
/// A word starts with an ASCII letter or digit or a non-ASCII lead byte.
/// Setting `0x20` lower-cases a letter and keeps a digit (`0`..`9` have it
/// set already, and no letter lands among them), so one comparison does.
#[inline(always)]
fn same_initial(a: u8, b: u8) -> bool {
    (a | b) >= 0x80 || (a | 0x20) == (b | 0x20)
}

/// Case-insensitive equality of two words.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}
