//! The speaker key: what makes two labels the same speaker (`MR. ROBINSON`
//! and `Mr Robinson`), and which of a key's words are titles, roles or
//! name words.

use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use crate::model::chars::is_apostrophe;
use crate::model::words::{GENERIC, PARTICLES, TITLES};

/// Is `word` (any case, periods ignored) a title or role that precedes a
/// name: `Secretary`, `Mr.`, `Ambassador`?
pub(crate) fn is_title(word: &str) -> bool {
    // Called for every pair of capitalised words: ASCII words (nearly all)
    // are upper-cased on the stack.
    if word.is_ascii() {
        let mut buf = [0u8; 24];
        let mut n = 0;
        for b in word.bytes().filter(|&b| b != b'.') {
            if n == buf.len() {
                return false;
            }
            buf[n] = b.to_ascii_uppercase();
            n += 1;
        }
        let upper = std::str::from_utf8(&buf[..n]).expect("ASCII");
        return titled(upper) && !matches!(upper, "THE" | "OF" | "U" | "S");
    }
    let upper: String = word
        .chars()
        .filter(|&c| c != '.')
        .flat_map(char::to_uppercase)
        .collect();
    titled(&upper) && !matches!(upper.as_str(), "THE" | "OF" | "U" | "S")
}

/// A speaker's identity, [`speaker_key`] of a label, hashed once when the
/// label is found. Laying out a document groups thousands of labels by
/// speaker on every keystroke: with the hash at hand that is a comparison
/// of two numbers per label, and a clone is a reference count.
#[derive(Clone)]
pub struct SpeakerKey {
    text: Arc<str>,
    hash: u64,
}

impl SpeakerKey {
    pub fn new(key: String) -> SpeakerKey {
        // Fixed seeds: equal keys hash alike in every document and thread.
        let hash = foldhash::fast::FixedState::with_seed(0).hash_one(key.as_str());
        SpeakerKey {
            text: key.into(),
            hash,
        }
    }
}

impl Deref for SpeakerKey {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for SpeakerKey {
    fn eq(&self, other: &SpeakerKey) -> bool {
        self.hash == other.hash && (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
    }
}

impl Eq for SpeakerKey {}

impl Hash for SpeakerKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl fmt::Debug for SpeakerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

/// The identity of a speaker label: upper case, periods dropped, curly
/// apostrophes made straight, whitespace (including no-break spaces)
/// collapsed. `MR. ROBINSON` and `Mr Robinson` share the key `MR ROBINSON`.
pub fn speaker_key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    if label.is_ascii() {
        // Nearly every label: one pass over the bytes, no string per word.
        for word in label.split(|c: char| c.is_whitespace()) {
            if word.is_empty() {
                continue;
            }
            let before = out.len();
            if before > 0 {
                out.push(' ');
            }
            out.extend(
                word.bytes()
                    .filter(|&b| b != b'.')
                    .map(|b| b.to_ascii_uppercase() as char),
            );
            if out.len() == before + usize::from(before > 0) {
                out.truncate(before);
            }
        }
        return out;
    }
    speaker_key_any(label, out)
}

/// [`speaker_key`] for any text.
pub(super) fn speaker_key_any(label: &str, mut out: String) -> String {
    for word in label
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word: String = word
            .chars()
            .filter(|&c| c != '.')
            .map(|c| if is_apostrophe(c) { '\'' } else { c })
            .flat_map(char::to_uppercase)
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Is `upper` (upper case, no periods) one of [`TITLES`]? Asked for every
/// capitalised word pair and every label word, so from a set.
pub(super) fn titled(upper: &str) -> bool {
    static SET: std::sync::LazyLock<foldhash::HashSet<&str>> =
        std::sync::LazyLock::new(|| TITLES.iter().copied().collect());
    SET.contains(upper)
}

pub fn is_generic_speaker(key: &str) -> bool {
    if GENERIC.contains(&key) {
        return true;
    }
    // `SPEAKER 1`, `PARTICIPANT 3`, `VOICE 2`.
    match key.rsplit_once(' ') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) => {
            GENERIC.contains(&head) || head.chars().all(|c| !c.is_alphabetic())
        }
        _ => false,
    }
}

pub fn name_words(key: &str) -> Vec<&str> {
    if is_generic_speaker(key) {
        return Vec::new();
    }
    key.split(' ')
        .filter(|w| {
            !titled(w)
                && !PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w))
                && w.chars().any(char::is_alphabetic)
                && w.chars().count() >= 2
        })
        .collect()
}
