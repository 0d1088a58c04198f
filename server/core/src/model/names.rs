//! Capitalised words in running text that may name a person.

use super::lines;
use std::ops::Range;

use super::labels::is_title;

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
    pub prev: Option<Range<usize>>,
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
}

/// The first letter of `word` in upper case, without allocating.
pub fn initial(word: &str) -> Option<char> {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => Some(b.to_ascii_uppercase() as char),
        _ => word.chars().next().and_then(|c| c.to_uppercase().next()),
    }
}

/// `char::is_alphabetic`, decided without the Unicode tables for what fills
/// transcripts besides ASCII: curly quotes, dashes and no-break spaces (the
/// General Punctuation block holds no letter).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if matches!(c, '\u{a0}' | '\u{2000}'..='\u{206f}') {
        false
    } else {
        c.is_alphabetic()
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}'
}

/// The character at byte `i` of `s` and its length. ASCII is decoded here
/// rather than through `lines::char_at`: this runs for every word of the
/// document, and the call would not be inlined across modules.
#[inline(always)]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        lines::char_at(s, i)
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
    let first_new = mentions.len();
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
        while i < b.len() {
            let byte = b[i];
            if byte.is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            if byte < 0x80 && byte != b'\'' && byte != b'-' {
                break;
            }
            let (ch, len) = char_at(s, i);
            if is_letter(ch) || (is_apostrophe(ch) || ch == '-') && next_is_alpha(s, i + len) {
                i += len;
            } else {
                break;
            }
        }
        let end = i;
        let word = &s[start..end];
        if c.is_uppercase() {
            let adjacent = last_cap
                .as_ref()
                .filter(|(prev, _)| joins_name(&s[prev.clone()], &s[prev.end..start]));
            if let Some((_, true)) = adjacent {
                if let Some(m) = mentions[first_new..].last_mut() {
                    m.next_is_capitalised = true;
                }
            }
            let name = strip_possessive(word);
            let is_mention = if name.is_ascii() {
                let rest = &name.as_bytes()[1..];
                let rest_has_lower = rest.iter().any(u8::is_ascii_lowercase);
                let all_caps = !rest_has_lower && rest.iter().all(u8::is_ascii_uppercase);
                (rest_has_lower && name.len() >= 3) || (all_caps && name.len() >= 5)
            } else {
                let rest_has_lower = name.chars().skip(1).any(char::is_lowercase);
                let count = name.chars().count();
                let all_caps = !rest_has_lower && name.chars().all(char::is_uppercase);
                (rest_has_lower && count >= 3) || (all_caps && count >= 5)
            };
            if is_mention {
                mentions.push(NameMention {
                    range: base + start..base + start + name.len(),
                    sentence_start,
                    prev: adjacent.map(|(p, _)| base + p.start..base + p.end),
                    prev_is_title: adjacent.is_some_and(|(p, _)| is_title(&s[p.clone()])),
                    next_is_capitalised: false,
                    initial: initial(name).unwrap_or(c),
                });
            }
            last_cap = (name.len() == word.len()).then_some((start..end, is_mention));
        } else {
            if c.is_lowercase() && word.len() >= 3 {
                lowercase(strip_possessive(word));
            }
            last_cap = None;
        }
        sentence_start = false;
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
        assert_eq!(robin.prev.clone().map(|r| &s[r]), Some("Christopher"));
        assert!(!robin.next_is_capitalised);
        assert!(get("Christopher").next_is_capitalised);
        assert_eq!(get("Lavrow").prev.clone().map(|r| &s[r]), Some("Mr"));
        assert!(get("Lavrow").prev_is_title && !robin.prev_is_title);
        assert!(get("Christopher").prev_is_title);
        let hood_robin = m.iter().filter(|n| &s[n.range.clone()] == "Robin").nth(1);
        let hood_robin = hood_robin.unwrap();
        assert!(hood_robin.prev.is_none() && hood_robin.next_is_capitalised);
        // The possessive ends the name.
        assert!(get("Ministry").prev.is_none());
    }

    #[test]
    fn no_break_space_and_punctuation_end_the_name() {
        let s = "We thank Dana Whitfied\u{a0}for this. Whitfied, too.";
        let (m, _) = scan_all(s);
        let spans: Vec<&str> = m.iter().map(|n| &s[n.range.clone()]).collect();
        assert_eq!(spans, vec!["Dana", "Whitfied", "Whitfied"]);
        assert_eq!(m[1].prev.clone().map(|r| &s[r]), Some("Dana"));
        assert!(m[2].prev.is_none() && m[2].sentence_start);
    }
}
