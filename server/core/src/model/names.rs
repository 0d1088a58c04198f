//! Capitalised words in running text that may name a person.

use std::collections::HashSet;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name alone: no possessive, no punctuation, no footnote reference.
    pub range: Range<usize>,
    /// Whether the word starts a sentence (and may be capitalised only for
    /// that reason).
    pub sentence_start: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Finds capitalised words in `s` (a stretch of running text at byte `base`)
/// and records every lower-case word in `lowercase`.
pub(crate) fn scan(
    s: &str,
    base: usize,
    mentions: &mut Vec<NameMention>,
    lowercase: &mut HashSet<String>,
) {
    let mut sentence_start = true;
    let mut iter = s.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if !c.is_alphabetic() {
            if matches!(c, '.' | '?' | '!' | ':' | '"' | '“' | '—') {
                sentence_start = true;
            } else if c == '–' || c == '-' || c == ';' {
                // A spaced dash can start a new clause, a capital after it is
                // still a name.
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
        if c.is_uppercase() {
            let name = strip_possessive(word);
            let rest_has_lower = name.chars().skip(1).any(char::is_lowercase);
            if rest_has_lower && name.chars().count() >= 3 {
                mentions.push(NameMention {
                    range: base + start..base + start + name.len(),
                    sentence_start,
                });
            }
        } else if c.is_lowercase() && word.len() >= 3 {
            lowercase.insert(strip_possessive(word).to_string());
        }
        sentence_start = false;
    }
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

    #[test]
    fn finds_names_without_possessives() {
        let s = "Thank you, Christopher Robin[2] and Lavrov’s team. NATO agreed.";
        let mut m = Vec::new();
        let mut lower = HashSet::new();
        scan(s, 0, &mut m, &mut lower);
        let words: Vec<&str> = m.iter().map(|n| &s[n.range.clone()]).collect();
        assert_eq!(words, vec!["Thank", "Christopher", "Robin", "Lavrov"]);
        assert!(m[0].sentence_start && !m[2].sentence_start);
        assert!(lower.contains("team") && lower.contains("agreed"));
    }
}
