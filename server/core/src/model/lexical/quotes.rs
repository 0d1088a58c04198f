//! Quote marks and cut-off dashes: what each mark is, and the scan that
//! finds them in a line.

use std::ops::Range;

use super::Lexical;
use crate::model::chars::is_inline_space;

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

impl Lexical {
    /// Records the quote marks of the line and, when the spoken text holds
    /// no `-`, its cut-off dashes too: then every dash is an `—` or `–`,
    /// whose first byte the quote search stops at already, and a second
    /// search of the line is saved.
    pub(super) fn scan_quotes_and_dashes(&mut self, line: &str, base: usize, skip: usize) {
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
