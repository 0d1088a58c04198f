//! Capitalised words in running text that may name a person.

use std::ops::Range;

use super::chars::{is_apostrophe, is_letter, is_space};
use super::labels::is_title;
use super::lines::{ascii_run_end, char_at};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name alone: no possessive, no punctuation, no footnote reference.
    pub range: Range<usize>,
    /// Whether the word starts a sentence (and may be capitalised only for
    /// that reason).
    pub sentence_start: bool,
    /// The capitalised word right before this one in the same name, separated
    /// only by spaces (or by `Mr.`'s period): `Christopher` before `Robin`,
    /// `Mr` before `Robin`. A word in that place is a surname, not a first
    /// name, which is what makes `Robin` a likely cut-off `Robinson`.
    /// Read through [`NameMention::prev`]: kept as how far back it starts
    /// and how long it is, since a large transcript holds half a million
    /// mentions and a second range would make each 16 bytes larger.
    prev_back: u32,
    /// The length of `prev`; zero when there is none (a word is never
    /// empty).
    prev_len: u32,
    /// Whether `prev` is a title or honorific (`Secretary`, `Mr.`) rather
    /// than a first name.
    pub prev_is_title: bool,
    /// Whether another capitalised word follows in the same name
    /// (`Robin` in `Robin Hood`).
    pub next_is_capitalised: bool,
    /// The name's first letter in upper case (the first of several, as `S`
    /// for `ß`): rules that match names rule most mentions out with it,
    /// without reading the text.
    pub initial: char,
    /// Whether the name is ASCII, so its length in characters is that of
    /// its range: the name check rules most mentions out by length without
    /// reading the text (half a million mentions, scattered over 21 MB).
    /// Fits in the padding: the size stays 32 bytes.
    pub ascii: bool,
}

impl NameMention {
    /// The capitalised word right before this one in the same name, if any.
    pub fn prev(&self) -> Option<Range<usize>> {
        let start = self.range.start - self.prev_back as usize;
        (self.prev_len > 0).then(|| start..start + self.prev_len as usize)
    }
}

/// Which name mentions a rule's run can be changed by, by first letter and
/// length: the name check compares a mention with a surname only when it
/// starts with the surname's letter and is as long as a near miss of it
/// could be. Incremental analysis keeps the rule's findings when an edit
/// changed only mentions it does not admit (typing in `Important` cannot
/// change what is said of `Lavrow`). The default admits none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MentionFilter {
    /// The ASCII initials admitted, as bits.
    ascii_initials: u128,
    /// The other initials admitted, at any length.
    other_initials: Vec<char>,
    /// Per ASCII initial, the lengths in characters admitted (bit 63: 63
    /// and more). An initial admitted with no length bits admits none.
    lengths: Vec<u64>,
}

impl MentionFilter {
    /// Admits mentions starting with `initial` (upper case); of an ASCII
    /// initial, those of the lengths [`MentionFilter::allow_lengths`] adds.
    pub fn add_initial(&mut self, initial: char) {
        if initial.is_ascii() {
            self.ascii_initials |= 1 << (initial as u32);
        } else if !self.other_initials.contains(&initial) {
            self.other_initials.push(initial);
        }
    }

    /// Admits ASCII mentions starting with `initial` of `from..=to`
    /// characters; any length from 63 on counts as 63.
    pub fn allow_lengths(&mut self, initial: char, from: usize, to: usize) {
        if !initial.is_ascii() {
            return;
        }
        if self.lengths.is_empty() {
            self.lengths = vec![0; 128];
        }
        for n in from.min(63)..=to.min(63) {
            self.lengths[initial as usize] |= 1 << n;
        }
    }

    /// Is a mention with this initial admitted, at some length?
    #[inline]
    pub fn has_initial(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii_initials & (1 << (c as u32)) != 0
        } else {
            self.other_initials.contains(&c)
        }
    }

    /// Is `m` admitted? Only the mention's own fields are read, not the
    /// text: a mention's length in characters is its range's when it is
    /// ASCII, and a mention that is not is admitted by its initial alone.
    /// Inlined: the name check asks it of every mention of the document.
    #[inline]
    pub fn admits(&self, m: &NameMention) -> bool {
        if !self.has_initial(m.initial) {
            return false;
        }
        if !m.initial.is_ascii() || !m.ascii {
            return true;
        }
        let bits = self.lengths.get(m.initial as usize).copied().unwrap_or(0);
        bits & (1 << m.range.len().min(63)) != 0
    }
}

/// The first letter of `word` in upper case, without allocating.
pub fn initial(word: &str) -> Option<char> {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => Some(b.to_ascii_uppercase() as char),
        _ => word.chars().next().and_then(|c| c.to_uppercase().next()),
    }
}

/// Finds capitalised words in `s` (a stretch of running text at byte `base`)
/// and passes every lower-case word (three bytes or more, possessive
/// removed) to `lowercase`.
pub(crate) fn scan(
    s: &str,
    base: usize,
    mentions: &mut Vec<NameMention>,
    mut lowercase: impl FnMut(&str),
) {
    let mut found = Found::new(mentions, base);
    let mut sentence_start = true;
    let mut last_cap: Option<(Range<usize>, bool)> = None;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let byte = b[i];
        // Most bytes between words are ASCII spaces and punctuation.
        if byte < 0x80 && !byte.is_ascii_alphabetic() {
            if matches!(byte, b'.' | b'?' | b'!' | b':' | b'"') {
                sentence_start = true;
            }
            i += 1;
            continue;
        }
        let (c, len) = char_at(s, i);
        i += len;
        if !is_letter(c) {
            if matches!(c, '“' | '—') {
                sentence_start = true;
            }
            continue;
        }
        i = word_end(s, i);
        let end = i;
        let word = &s[start..end];
        if c.is_uppercase() {
            let adjacent = last_cap
                .take()
                .filter(|(prev, _)| joins_name(&s[prev.clone()], &s[prev.end..start]));
            last_cap = found.capital(s, start..end, c, sentence_start, adjacent);
        } else {
            if c.is_lowercase() && word.len() >= 3 {
                lowercase(strip_possessive(word));
            }
            last_cap = None;
        }
        sentence_start = false;
    }
}

/// The mentions [`scan`] finds, without visiting the lower-case words: the
/// line scan wants only the capitalised ones, and most words are not.
/// Each candidate capital is judged by what precedes it: whether it starts
/// a word, whether a sentence ended since the word before, and whether
/// that word joins it in one name.
pub(crate) fn scan_mentions(s: &str, base: usize, mentions: &mut Vec<NameMention>) {
    let mut found = Found::new(mentions, base);
    let b = s.as_bytes();
    // The last capitalised word judged, when whole (no possessive taken
    // off), and whether it is a mention. Only it can join the next one in
    // a name: the word before a capital is capitalised only if it starts
    // at a capital that starts a word, and every such capital is judged in
    // turn, so the word before is this one exactly when it ends where the
    // gap starts. That spares walking back over the word before.
    let mut last: Option<(Range<usize>, bool)> = None;
    let mut i = 0;
    while i < b.len() {
        let Some(start) = next_capital(b, i) else {
            break;
        };
        let (c, len) = char_at(s, start);
        i = start + len;
        if !(c.is_uppercase() && is_letter(c)) {
            continue;
        }
        let (gap_start, after_letter, sentence_end) = gap_before(s, start);
        let gap = &s[gap_start..start];
        // A letter right before, or a lone apostrophe or hyphen after a
        // letter, puts the capital inside a word: [`scan`] runs a word on
        // over letters, and over an apostrophe or hyphen a letter follows.
        if after_letter && (gap.is_empty() || matches!(gap, "'" | "-" | "’")) {
            continue;
        }
        let end = word_end(s, i);
        i = end;
        let sentence_start = sentence_end || !after_letter;
        let adjacent = last
            .take()
            .filter(|(prev, _)| prev.end == gap_start && joins_name(&s[prev.clone()], gap));
        last = found.capital(s, start..end, c, sentence_start, adjacent);
    }
}

/// The mentions one stretch of text adds to a list.
struct Found<'a> {
    list: &'a mut Vec<NameMention>,
    /// Where this stretch's mentions start in `list`.
    first_new: usize,
    /// Where the stretch starts in the document.
    base: usize,
}

impl<'a> Found<'a> {
    fn new(list: &'a mut Vec<NameMention>, base: usize) -> Self {
        let first_new = list.len();
        Found {
            list,
            first_new,
            base,
        }
    }

    /// Judges the capitalised word `word` of `s` (first letter `c`): a
    /// mention is recorded. `adjacent` is the word before, when it joins
    /// this one in one name, and whether it is a mention (then marked as
    /// followed by a capital). Returns what the next capital needs of this
    /// word: its range and whether it is a mention, when it is whole (no
    /// possessive taken off).
    #[inline(always)]
    fn capital(
        &mut self,
        s: &str,
        word: Range<usize>,
        c: char,
        sentence_start: bool,
        adjacent: Option<(Range<usize>, bool)>,
    ) -> Option<(Range<usize>, bool)> {
        if let Some((_, true)) = adjacent {
            if let Some(m) = self.list[self.first_new..].last_mut() {
                m.next_is_capitalised = true;
            }
        }
        let whole = &s[word.clone()];
        let name = strip_possessive(whole);
        let is_mention = is_mention(name);
        if is_mention {
            let base = self.base;
            // Both fit in 32 bits unless a line holds a single word or gap
            // of 4 GiB, which is then read as having no word before it.
            let (prev_back, prev_len) = adjacent
                .as_ref()
                .and_then(|(p, _)| {
                    Some((
                        u32::try_from(word.start - p.start).ok()?,
                        u32::try_from(p.len()).ok()?,
                    ))
                })
                .unwrap_or((0, 0));
            self.list.push(NameMention {
                range: base + word.start..base + word.start + name.len(),
                sentence_start,
                prev_back,
                prev_len,
                prev_is_title: adjacent.is_some_and(|(p, _)| is_title(&s[p])),
                next_is_capitalised: false,
                initial: initial(name).unwrap_or(c),
                ascii: name.is_ascii(),
            });
        }
        (name.len() == whole.len()).then_some((word, is_mention))
    }
}

/// Back from `at` over the non-letters before it: where they start,
/// whether a letter precedes them, and whether one of them ends a sentence
/// (`.` `?` `!` `:` `"` `“` `—`). The gap is nearly always a space or two
/// of ASCII, read without decoding.
fn gap_before(s: &str, at: usize) -> (usize, bool, bool) {
    let b = s.as_bytes();
    let mut k = at;
    let mut sentence_end = false;
    while k > 0 {
        let byte = b[k - 1];
        if byte < 0x80 {
            if byte.is_ascii_alphabetic() {
                return (k, true, sentence_end);
            }
            sentence_end |= matches!(byte, b'.' | b'?' | b'!' | b':' | b'"');
            k -= 1;
        } else {
            let c = s[..k].chars().next_back().expect("k is a char boundary");
            if is_letter(c) {
                return (k, true, sentence_end);
            }
            sentence_end |= matches!(c, '“' | '—');
            k -= c.len_utf8();
        }
    }
    (0, false, sentence_end)
}

/// The first byte from `i` on that may start a capital: an ASCII capital
/// or the lead byte of a non-ASCII character.
///
/// Eight bytes at a time, since nearly every byte is neither: for each byte
/// `x` of a word, `(x & 0x7f) + 0x3f` reaches the top bit from `A` on and
/// `(x & 0x7f) + 0x25` from `[` on, without carrying into the next byte;
/// `x & (x << 1)` holds both top bits of a lead byte.
fn next_capital(b: &[u8], mut i: usize) -> Option<usize> {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let y = x & LOW;
        let from_a = y + 0x3f3f_3f3f_3f3f_3f3f;
        let from_bracket = y + 0x2525_2525_2525_2525;
        let capital = from_a & !from_bracket & !x;
        let lead = x & (x << 1);
        let hits = (capital | lead) & TOP;
        if hits != 0 {
            return Some(i + hits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    b[i.min(b.len())..]
        .iter()
        .position(|&x| x.wrapping_sub(b'A') < 26 || x >= 0xC0)
        .map(|p| i + p)
}

/// Whether a capitalised word (its possessive removed) counts as a name:
/// `Lavrov`, or an all-caps `LAVROV` long enough not to be an acronym.
fn is_mention(name: &str) -> bool {
    // Fewer than three bytes is fewer than three characters. A lower-case
    // ASCII second byte settles the rest: the first character is ASCII too,
    // so there are at least three characters, one of them lower case.
    if name.len() < 3 {
        return false;
    }
    if name.as_bytes()[1].is_ascii_lowercase() {
        return true;
    }
    if name.is_ascii() {
        let rest = &name.as_bytes()[1..];
        let rest_has_lower = rest.iter().any(u8::is_ascii_lowercase);
        let all_caps = !rest_has_lower && rest.iter().all(u8::is_ascii_uppercase);
        (rest_has_lower && name.len() >= 3) || (all_caps && name.len() >= 5)
    } else {
        let rest_has_lower = name.chars().skip(1).any(char::is_lowercase);
        let count = name.chars().count();
        let all_caps = !rest_has_lower && name.chars().all(char::is_uppercase);
        (rest_has_lower && count >= 3) || (all_caps && count >= 5)
    }
}

fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || c == '-'
}

/// Where the word running on from `at` ends.
fn word_end(s: &str, mut i: usize) -> usize {
    let b = s.as_bytes();
    loop {
        i = ascii_run_end::<false>(b, i);
        let Some(&byte) = b.get(i) else {
            return i;
        };
        if byte < 0x80 && byte != b'\'' && byte != b'-' {
            return i;
        }
        let (ch, len) = char_at(s, i);
        if is_letter(ch) || is_joiner(ch) && next_is_alpha(s, i + len) {
            i += len;
        } else {
            return i;
        }
    }
}

fn joins_name(prev: &str, gap: &str) -> bool {
    let gap = match gap.strip_prefix('.') {
        Some(rest) if prev.chars().count() <= 3 => rest,
        _ => gap,
    };
    !gap.is_empty() && gap.chars().all(is_space)
}

fn next_is_alpha(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_some_and(is_letter)
}

/// `Lavrov’s` -> `Lavrov`, `Jones'` -> `Jones`.
fn strip_possessive(word: &str) -> &str {
    // Nearly every word ends in a letter other than `s`.
    if !matches!(word.as_bytes().last(), Some(b's' | b'\'' | 0x99)) {
        return word;
    }
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(w) = word.strip_suffix(suffix) {
            return w;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn scan_all(s: &str) -> (Vec<NameMention>, HashSet<String>) {
        let mut m = Vec::new();
        let mut lower = HashSet::new();
        scan(s, 0, &mut m, |w| {
            lower.insert(w.to_string());
        });
        (m, lower)
    }

    #[test]
    fn finds_names_without_possessives() {
        let s = "Thank you, Christopher Robin[2] and Lavrov’s team. NATO agreed, as LAVROV said.";
        let (m, lower) = scan_all(s);
        let words: Vec<&str> = m.iter().map(|n| &s[n.range.clone()]).collect();
        assert_eq!(
            words,
            vec!["Thank", "Christopher", "Robin", "Lavrov", "LAVROV"]
        );
        assert!(m[0].sentence_start && !m[2].sentence_start);
        assert!(lower.contains("team") && lower.contains("agreed"));
    }

    #[test]
    fn knows_the_words_around_a_name() {
        let s = "Secretary Christopher Robin[2] from the bureau met Mr. Lavrow and Robin Hood, then Lavrov’s Ministry.";
        let (m, _) = scan_all(s);
        let get = |w: &str| m.iter().find(|n| &s[n.range.clone()] == w).unwrap();
        let robin = get("Robin");
        assert_eq!(robin.prev().map(|r| &s[r]), Some("Christopher"));
        assert!(!robin.next_is_capitalised);
        assert!(get("Christopher").next_is_capitalised);
        assert_eq!(get("Lavrow").prev().map(|r| &s[r]), Some("Mr"));
        assert!(get("Lavrow").prev_is_title && !robin.prev_is_title);
        assert!(get("Christopher").prev_is_title);
        let hood_robin = m.iter().filter(|n| &s[n.range.clone()] == "Robin").nth(1);
        let hood_robin = hood_robin.unwrap();
        assert!(hood_robin.prev().is_none() && hood_robin.next_is_capitalised);
        // The possessive ends the name.
        assert!(get("Ministry").prev().is_none());
    }

    #[test]
    fn the_word_before_is_found_at_any_offset_and_after_any_text() {
        // A line far into the document, after multi-byte text: `prev` is
        // kept relative to the mention and must come back as document
        // offsets.
        let line = "Ça va, Señor Müller and Mr.  Lavrow.";
        let base = 7_000_123;
        let mut m = Vec::new();
        scan(line, base, &mut m, |_| {});
        let at = |r: Range<usize>| &line[r.start - base..r.end - base];
        let words: Vec<(&str, Option<&str>)> = m
            .iter()
            .map(|n| (at(n.range.clone()), n.prev().map(at)))
            .collect();
        assert_eq!(
            words,
            vec![
                ("Señor", None),
                ("Müller", Some("Señor")),
                ("Lavrow", Some("Mr")),
            ]
        );
    }

    /// Half a million mentions in a 21 MB transcript: each byte here is
    /// half a megabyte of the server's memory.
    #[test]
    fn a_mention_stays_small() {
        assert!(std::mem::size_of::<NameMention>() <= 32);
    }

    #[test]
    fn no_break_space_and_punctuation_end_the_name() {
        let s = "We thank Dana Whitfied\u{a0}for this. Whitfied, too.";
        let (m, _) = scan_all(s);
        let spans: Vec<&str> = m.iter().map(|n| &s[n.range.clone()]).collect();
        assert_eq!(spans, vec!["Dana", "Whitfied", "Whitfied"]);
        assert_eq!(m[1].prev().map(|r| &s[r]), Some("Dana"));
        assert!(m[2].prev().is_none() && m[2].sentence_start);
    }

    #[test]
    fn next_capital_finds_capitals_and_lead_bytes() {
        let s = "abc, def ghi jkl@[`{ Zed é and more text here";
        let b = s.as_bytes();
        assert_eq!(next_capital(b, 0), Some(s.find('Z').unwrap()));
        assert_eq!(
            next_capital(b, s.find('Z').unwrap() + 1),
            Some(s.find('é').unwrap())
        );
        assert_eq!(next_capital(b, s.find('é').unwrap() + 1), None);
        // A continuation byte (0x80..0xC0) is not a lead byte.
        assert_eq!(
            next_capital(&[b'a', 0x80, 0xBF, b'x', b'y', b'z', b'w', b'v', b'A'], 0),
            Some(8)
        );
    }

    mod properties {
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn scan_mentions_finds_what_scan_finds(
                s in "([aAbZé É’'\\-.?!:\"“”‘—–,\t\u{a0}\u{202f}\u{212a}İßǅ1漢😀]|Mr|Lavrov|LAVROV|Robin|NATO|’s|'s|s'|-'){0,60}"
            ) {
                let mut full = vec![];
                super::scan(&s, 3, &mut full, |_| {});
                let mut fast = vec![];
                super::scan_mentions(&s, 3, &mut fast);
                prop_assert_eq!(full, fast);
            }
        }
    }
}
