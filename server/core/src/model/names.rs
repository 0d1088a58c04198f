//! Capitalised words in running text that may name a person.

use std::collections::HashSet;
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
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}'
}

/// Finds capitalised words in `s` (a stretch of running text at byte `base`)
/// and records every lower-case word in `lowercase`.
pub(crate) fn scan(
    s: &str,
    base: usize,
    mentions: &mut Vec<NameMention>,
    lowercase: &mut HashSet<String>,
) {
    let first_new = mentions.len();
    let mut sentence_start = true;
    // The last capitalised word (local range) and whether it was recorded as
    // a mention.
    let mut last_cap: Option<(Range<usize>, bool)> = None;
    let mut iter = s.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphabetic() {
            if matches!(c, '.' | '?' | '!' | ':' | '"' | '“' | '—') {
                sentence_start = true;
            }
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, ch)) = iter.peek() {
            if ch.is_alphabetic()
                || (is_apostrophe(ch) || ch == '-') && next_is_alpha(s, i + ch.len_utf8())
            {
                end = i + ch.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let word = &s[start..end];
        let adjacent = last_cap
            .as_ref()
            .filter(|(prev, _)| joins_name(&s[prev.clone()], &s[prev.end..start]));
        if c.is_uppercase() {
            if let Some((_, true)) = adjacent {
                if let Some(m) = mentions[first_new..].last_mut() {
                    m.next_is_capitalised = true;
                }
            }
            let name = strip_possessive(word);
            let rest_has_lower = name.chars().skip(1).any(char::is_lowercase);
            let count = name.chars().count();
            // `Lavrov`, and `LAVROV` written in capitals for emphasis; not
            // `UN` or `ISSG`-length acronyms.
            let all_caps = !rest_has_lower && name.chars().all(char::is_uppercase);
            let is_mention = (rest_has_lower && count >= 3) || (all_caps && count >= 5);
            if is_mention {
                mentions.push(NameMention {
                    range: base + start..base + start + name.len(),
                    sentence_start,
                    prev: adjacent.map(|(p, _)| base + p.start..base + p.end),
                    prev_is_title: adjacent.is_some_and(|(p, _)| is_title(&s[p.clone()])),
                    next_is_capitalised: false,
                });
            }
            // A possessive ends the name: `Lavrov’s Foreign Ministry`.
            last_cap = (name.len() == word.len()).then_some((start..end, is_mention));
        } else {
            if c.is_lowercase() && word.len() >= 3 {
                lowercase.insert(strip_possessive(word).to_string());
            }
            last_cap = None;
        }
        sentence_start = false;
    }
}

/// Does `gap` (the text between two words) keep them in one name? Only
/// spaces do, or the period of an abbreviated title: `Mr. Robinson`,
/// `Sen. Kaine`.
fn joins_name(prev: &str, gap: &str) -> bool {
    let gap = match gap.strip_prefix('.') {
        Some(rest) if prev.chars().count() <= 3 => rest,
        _ => gap,
    };
    !gap.is_empty() && gap.chars().all(is_space)
}

fn next_is_alpha(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_some_and(char::is_alphabetic)
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
    use super::*;

    fn scan_all(s: &str) -> (Vec<NameMention>, HashSet<String>) {
        let mut m = Vec::new();
        let mut lower = HashSet::new();
        scan(s, 0, &mut m, &mut lower);
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
