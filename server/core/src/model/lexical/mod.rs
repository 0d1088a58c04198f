//! Line-local lexical facts: trailing whitespace, blank lines, runs of
//! spaces, doubled words, quote marks and cut-off dashes.
//!
//! Everything here is found within one line, so an editor can recompute the
//! facts for the lines an edit touched and splice them into the sorted lists.
//! Only the facts the rules need are kept, never every word: a 100 MB
//! transcript must not cost a token list the size of the file.

#[cfg(test)]
mod tests;

use super::chars::{is_apostrophe, is_inline_space, is_word_char};
use super::lines::{ascii_run_end, char_at};
use std::ops::Range;
use std::sync::LazyLock;

/// The same word twice in a row with only spaces between: `the the`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubledWord {
    pub first: Range<usize>,
    pub second: Range<usize>,
}

/// `"`/`“`/`”` or `'`/`‘`/`’`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteMark {
    Double,
    Single,
}

/// What a quote mark does where it stands. Apostrophes are `Close`: a
/// typesetter writes `’` for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteRole {
    Open,
    Close,
    /// A straight mark whose role the text does not settle: `'90s` (an
    /// apostrophe or an opening quote?), `5'10"`, a mark between spaces.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub range: Range<usize>,
    pub mark: QuoteMark,
    pub curly: bool,
    pub role: QuoteRole,
}

impl Quote {
    /// The character this mark becomes in the other style, when that is
    /// certain. Straightening is always certain; curling needs the role.
    pub fn converted(&self) -> Option<char> {
        match (self.curly, self.mark, self.role) {
            (true, QuoteMark::Double, _) => Some('"'),
            (true, QuoteMark::Single, _) => Some('\''),
            (false, _, QuoteRole::Unknown) => None,
            (false, QuoteMark::Double, QuoteRole::Open) => Some('“'),
            (false, QuoteMark::Double, QuoteRole::Close) => Some('”'),
            (false, QuoteMark::Single, QuoteRole::Open) => Some('‘'),
            (false, QuoteMark::Single, QuoteRole::Close) => Some('’'),
        }
    }
}

/// How a cut-off is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dash {
    /// `--`
    DoubleHyphen,
    /// `—` (U+2014)
    EmDash,
    /// `–` (U+2013)
    EnDash,
}

impl Dash {
    pub fn as_str(self) -> &'static str {
        match self {
            Dash::DoubleHyphen => "--",
            Dash::EmDash => "—",
            Dash::EnDash => "–",
        }
    }
}

/// A dash that marks speech breaking off (`a little --` at the end of an
/// utterance, `I was --” he said`) or resuming (`KERRY: -- that’s
/// important`). A dash inside a sentence (`nine – six months`) is
/// punctuation, not a cut-off, and is not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutOff {
    pub range: Range<usize>,
    pub dash: Dash,
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
        // Whitespace inside a label (Otter's `Name  0:03  ` ends in two
        // spaces) is the label's, not trailing whitespace.
        let from = trimmed.len().max(skip.min(line.len()));
        if from < line.len() {
            self.trailing_whitespace
                .push(base + from..base + line.len());
        }
        if trimmed.is_empty() {
            return true;
        }
        let skip = skip.min(line.len());
        self.scan_spaces(line, base, skip);
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

    fn scan_spaces(&mut self, line: &str, base: usize, skip: usize) {
        // A run of two or more spaces (or no-break spaces) holds two spaces
        // in a row or a no-break space, so only the runs around those are
        // looked at: house style puts a no-break space after every label,
        // and walking every space of such a line costs far more.
        let b = line.as_bytes();
        // Leading indentation is layout, not a double space; so is what
        // lies inside a label (before `skip`: a court transcript's
        // `THE COURT:  ` ends with the two spaces its format requires).
        let indent = (b.len() - line.trim_start().len()).max(skip);
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

    /// Records the quote marks of the line and, when the spoken text holds
    /// no `-`, its cut-off dashes too: then every dash is an `—` or `–`,
    /// whose first byte the quote search stops at already, and a second
    /// search of the line is saved.
    fn scan_quotes_and_dashes(&mut self, line: &str, base: usize, skip: usize) {
        let b = line.as_bytes();
        let mut dashes = if memchr::memchr(b'-', &b[skip..]).is_some() {
            self.scan_dashes(line, base, skip);
            None
        } else {
            Some(DashState::new(line, skip))
        };
        let mut i = 0;
        while let Some(p) = memchr::memchr3(b'"', b'\'', 0xE2, &b[i..]) {
            i += p;
            let found = match b[i] {
                b'"' => Some((QuoteMark::Double, false, 1)),
                b'\'' => Some((QuoteMark::Single, false, 1)),
                0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
                    Some(0x98) | Some(0x99) => Some((QuoteMark::Single, true, 3)),
                    Some(0x9C) | Some(0x9D) => Some((QuoteMark::Double, true, 3)),
                    _ => None,
                },
                _ => None,
            };
            let Some((mark, curly, len)) = found else {
                if let Some(state) = &mut dashes {
                    if i >= state.next {
                        if let Some((dash, len)) = dash_at(b, i) {
                            self.dash(line, base, skip, state, i, dash, len);
                        }
                    }
                }
                i += 1;
                continue;
            };
            let role = if curly {
                // `‘` and `“` end in an even byte, `’` and `”` in an odd one.
                if b[i + 2] % 2 == 0 {
                    QuoteRole::Open
                } else {
                    QuoteRole::Close
                }
            } else {
                let before = line[..i].chars().next_back();
                let after = line[i + 1..].chars().next();
                straight_role(mark, before, after)
            };
            self.quotes.push(Quote {
                range: base + i..base + i + len,
                mark,
                curly,
                role,
            });
            i += len;
        }
    }

    fn scan_dashes(&mut self, line: &str, base: usize, skip: usize) {
        let b = line.as_bytes();
        let mut state = DashState::new(line, skip);
        while let Some(p) = memchr::memchr2(b'-', 0xE2, &b[state.next.min(b.len())..]) {
            let i = state.next + p;
            match dash_at(b, i) {
                Some((dash, len)) => self.dash(line, base, skip, &mut state, i, dash, len),
                None => state.next = i + 1,
            }
        }
    }

    /// Records the dash at byte `i` if it is a cut-off, and moves
    /// `state.next` past it and any dashes or hyphens joined to it.
    #[allow(clippy::too_many_arguments)]
    fn dash(
        &mut self,
        line: &str,
        base: usize,
        skip: usize,
        state: &mut DashState,
        i: usize,
        dash: Dash,
        len: usize,
    ) {
        let b = line.as_bytes();
        let end = i + len;
        // `---`, `——` and `-–` are rules, elisions or typos, not cut-offs.
        let joined = (i > 0
            && (b[i - 1] == b'-'
                || dash_at(b, i.saturating_sub(3)).is_some_and(|(d, _)| d != Dash::DoubleHyphen)))
            || b.get(end) == Some(&b'-')
            || dash_at(b, end).is_some();
        if !joined {
            let resumes = i == state.first_text
                && line[end..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_inline_space(c) || c.is_alphanumeric());
            let cut_off = resumes || breaks_off(&line[end..]);
            let has_text = *state
                .has_text
                .get_or_insert_with(|| line[skip..].chars().any(char::is_alphanumeric));
            if cut_off && has_text {
                self.cut_offs.push(CutOff {
                    range: base + i..base + end,
                    dash,
                });
            }
        }
        let mut next = end;
        while let Some((_, len)) = dash_at(b, next)
            .or_else(|| (b.get(next) == Some(&b'-')).then_some((Dash::DoubleHyphen, 1)))
        {
            next += len;
        }
        state.next = next;
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

/// Where the dash scan of one line stands.
struct DashState {
    /// Where the next dash may start.
    next: usize,
    /// Where the spoken text's first non-space character is.
    first_text: usize,
    /// Whether the spoken text holds a letter or digit, once asked.
    has_text: Option<bool>,
}

impl DashState {
    fn new(line: &str, skip: usize) -> DashState {
        let spoken = &line[skip..];
        DashState {
            next: skip,
            first_text: skip + (spoken.len() - spoken.trim_start().len()),
            has_text: None,
        }
    }
}

/// A `--`, `—` or `–` starting at byte `i`.
fn dash_at(b: &[u8], i: usize) -> Option<(Dash, usize)> {
    match b.get(i..i + 2)? {
        b"--" => Some((Dash::DoubleHyphen, 2)),
        [0xE2, 0x80] => match b.get(i + 2)? {
            0x94 => Some((Dash::EmDash, 3)),
            0x93 => Some((Dash::EnDash, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the text after a dash shows the speech breaking off there: only
/// closing quotes and bracketed annotations (`-- (crosstalk)`) follow before
/// the line ends, or a closing quote follows at once (`I was --” he said`).
fn breaks_off(rest: &str) -> bool {
    if rest.starts_with(['”', '’', '"', '\'']) {
        return true;
    }
    let mut rest = rest;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else {
            return true;
        };
        match c {
            '”' | '’' | ')' | ']' => rest = &rest[c.len_utf8()..],
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                match rest.find(close) {
                    Some(p) => rest = &rest[p + 1..],
                    None => return false,
                }
            }
            _ => return false,
        }
    }
}

/// Opening or closing, for a straight quote, from its neighbours. A mark is
/// only given a role when typesetters agree on it.
fn straight_role(mark: QuoteMark, before: Option<char>, after: Option<char>) -> QuoteRole {
    let space_or_edge = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let opens_after = |c: Option<char>| {
        space_or_edge(c) || c.is_some_and(|c| matches!(c, '(' | '[' | '—' | '–' | '“' | '‘'))
    };
    let closes_before = |c: Option<char>| {
        space_or_edge(c)
            || c.is_some_and(|c| {
                matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '-' | '”' | '’'
                )
            })
    };
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    // Feet and inches (`5'10"`) want primes, not quotes.
    if digit(before) {
        return QuoteRole::Unknown;
    }
    // A straight mark beside it settles nothing: it is as open to doubt,
    // and once curled it would settle this one, and this one the next, one
    // fix a round (`''''`, `'"`).
    if matches!(before, Some('\'' | '"')) || matches!(after, Some('\'' | '"')) {
        return QuoteRole::Unknown;
    }
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let text_before = before.is_some_and(|c| !c.is_whitespace());
    let text_after = after.is_some_and(|c| !c.is_whitespace());
    match mark {
        QuoteMark::Single => {
            if letter(before) && (letter(after) || closes_before(after)) {
                // `don't`, `Lavrov's`, `the States'`, `'quoted'`: all `’`.
                QuoteRole::Close
            } else if text_before && !letter(before) && closes_before(after) && !opens_after(before)
            {
                // `“'Yes.'”`: after punctuation, before a space.
                QuoteRole::Close
            } else {
                // `'90s`, `'cause`, `'Tis` are apostrophes; `'Yes'` opens a
                // quote. Only the reader knows which.
                QuoteRole::Unknown
            }
        }
        QuoteMark::Double => {
            if opens_after(before) && text_after && !closes_before(after) {
                QuoteRole::Open
            } else if text_before && !opens_after(before) && closes_before(after) {
                QuoteRole::Close
            } else {
                QuoteRole::Unknown
            }
        }
    }
}
