//! Speaker labels: `MR ROBINSON:`, `Dana Whitfield (00:01:26):`,
//! `**Marcus Lee:**`, `Speaker 1:`.
//!
//! A line yields at most one candidate label. Whether a candidate is really a
//! label is decided for the whole document in [`accept`], because precision
//! matters as much as recall: a sentence that ends in a colon or a news heading
//! such as `Watch:` must never become a speaker.

use foldhash::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

use super::chars::{is_apostrophe, is_space};
use super::words::{GENERIC, HEADINGS, PARTICLES, TITLES};

/// How a label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelForm {
    /// `MR ROBINSON: text` (briefing style).
    Caps,
    /// `Marcus Lee: text`, `Speaker 1: text`.
    Title,
    /// `Dana Whitfield (00:01:26):`, usually alone on its line.
    Timestamped,
    /// `**Name:** text`.
    Markdown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerLabel {
    /// The name as written: `MR. ROBINSON`, `Dana Whitfield`.
    pub range: Range<usize>,
    /// The whole label: markup, name, timestamp, colon.
    pub full: Range<usize>,
    /// Normalised identity, see [`speaker_key`]: `MR ROBINSON`.
    pub key: SpeakerKey,
    pub form: LabelForm,
    /// The timestamp inside the label, without its brackets.
    pub timestamp: Option<Range<usize>>,
    /// Whether spoken text follows on the label's own line.
    pub text_follows: bool,
}

impl SpeakerLabel {
    pub fn name<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }

    /// The words of the label that name a person, in upper case: titles,
    /// honorifics and particles removed. `FOREIGN MINISTER LAVROV` ->
    /// `["LAVROV"]`; `Dana Whitfield` -> `["DANA", "WHITFIELD"]`.
    pub fn name_words(&self) -> Vec<&str> {
        name_words(&self.key)
    }

    /// Is this label a near-identical spelling of `other`'s speaker (one name
    /// word a letter or two off, see [`near_variant`])? Labels with the same
    /// key are the same speaker, not variants.
    pub fn is_variant_of(&self, other: &SpeakerLabel) -> bool {
        near_variant(&self.key, &other.key)
    }
}

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

/// The identity of a speaker label: upper case, periods dropped, curly
/// apostrophes made straight, whitespace (including no-break spaces)
/// collapsed. `MR. ROBINSON` and `Mr Robinson` share the key `MR ROBINSON`.
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
fn speaker_key_any(label: &str, mut out: String) -> String {
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
fn titled(upper: &str) -> bool {
    static SET: std::sync::LazyLock<foldhash::HashSet<&str>> =
        std::sync::LazyLock::new(|| TITLES.iter().copied().collect());
    SET.contains(upper)
}

/// Is `key` a heading or field name rather than a speaker: `WATCH`,
/// `BREAKING NEWS`, `UPDATE 2`, `EDITOR'S NOTE`, `SOURCE`?
fn is_heading(key: &str) -> bool {
    // Asked of every label candidate, so from a set.
    static SET: std::sync::LazyLock<foldhash::HashSet<&str>> =
        std::sync::LazyLock::new(|| HEADINGS.iter().copied().collect());
    if SET.contains(key) {
        return true;
    }
    // `BREAKING NEWS`, `UPDATE 2`, `WATCH LIVE`, `READ MORE`: a heading word
    // leads a short phrase. Speakers do not start with these words.
    let first = key.split(' ').next().unwrap_or("");
    key.split(' ').count() <= 3 && SET.contains(first)
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

fn word_chars_ok(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() || is_apostrophe(c) || matches!(c, '.' | '-'))
}

fn is_caps_word(word: &str) -> bool {
    word_chars_ok(word)
        && word.chars().any(char::is_alphanumeric)
        && word.chars().all(|c| !c.is_lowercase())
}

fn is_title_word(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => {}
        _ => return false,
    }
    word_chars_ok(word)
        // `Whitfield`, `McDonald`, `O'Brien`, `Jean-Luc`, `Mr.`; not `NATO`
        && (word.chars().count() == 1 || word.chars().any(char::is_lowercase) || word.ends_with('.'))
}

/// Checks a candidate name and returns its form: all caps or title case.
fn classify_name(name: &str) -> Option<LabelForm> {
    // Asked of the text before the first `: ` of every line that has one,
    // which is often a clause: rejected by its length before any word is
    // looked at (60 characters are at most 240 bytes).
    if name.len() > 240 || name.chars().count() > 60 {
        return None;
    }
    // At most six words, kept without a heap allocation.
    let mut kept = [""; 6];
    let mut count = 0;
    for word in name.split(is_space).filter(|w| !w.is_empty()) {
        *kept.get_mut(count)? = word;
        count += 1;
    }
    let words = &kept[..count];
    if !words
        .first()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_alphabetic)
    {
        return None;
    }
    if words.iter().all(|w| is_caps_word(w)) {
        return Some(LabelForm::Caps);
    }
    let last = count - 1;
    let title_ok = words.iter().enumerate().all(|(i, w)| {
        is_title_word(w)
            || (w.chars().all(|c| c.is_ascii_digit()) && i == last && i > 0)
            || (i > 0 && i < last && PARTICLES.contains(w))
    });
    title_ok.then_some(LabelForm::Title)
}

/// A possible label on one line, before the document-wide decision.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub label: SpeakerLabel,
    /// Where the spoken text starts: after the colon and its spaces, or the
    /// next line's start when the label stands alone.
    pub body_start: usize,
    /// Timestamped and Markdown labels, and all-caps labels with text on the
    /// same line, are unlikely to be anything else.
    pub strong: bool,
}

fn timestamp_like(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c == ':')
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ','))
}

/// Looks for a label at the start of `line` (which starts at byte `base`).
pub(crate) fn candidate(line: &str, base: usize) -> Option<Candidate> {
    let lead = line.len() - line.trim_start_matches(is_space).len();
    // Indented lines are quotations or continuations in every style seen.
    if lead > 0 {
        return None;
    }
    let rest = &line[lead..];

    // **Name:** text   or   **Name**: text
    if let Some(inner) = rest.strip_prefix("**") {
        let close = inner.find("**")?;
        let (name_part, after) = (&inner[..close], &inner[close + 2..]);
        let (name, after) = if let Some(n) = name_part.strip_suffix(':') {
            (n, after)
        } else {
            (name_part, after.strip_prefix(':')?)
        };
        let name_trim = name.trim_matches(is_space);
        classify_name(name_trim)?;
        if !after.is_empty() && !after.starts_with(is_space) {
            return None;
        }
        let name_start = base + lead + 2 + (name.len() - name.trim_start_matches(is_space).len());
        let full_end = base + line.len() - after.len();
        let text = after.trim_start_matches(is_space);
        return Some(Candidate {
            label: SpeakerLabel {
                range: name_start..name_start + name_trim.len(),
                full: base + lead..full_end,
                key: SpeakerKey::new(speaker_key(name_trim)),
                form: LabelForm::Markdown,
                timestamp: None,
                text_follows: !text.trim().is_empty(),
            },
            body_start: base + line.len() - text.len(),
            strong: true,
        });
    }

    // The label's colon is the first one followed by a space or the end of
    // the line: `10:30` inside a timestamp or `http://` is not it.
    let colon = memchr::memchr_iter(b':', rest.as_bytes()).find(|&i| {
        let after = &rest[i + 1..];
        after.is_empty() || after.starts_with(is_space)
    })?;
    let after = &rest[colon + 1..];
    let head = &rest[..colon];
    let mut name = head.trim_end_matches(is_space);
    let mut timestamp = None;
    let mut form = None;
    // Name (00:01:26):   Name [00:01:26]:
    if let Some(stripped) = name.strip_suffix(')').or_else(|| name.strip_suffix(']')) {
        let open = stripped.rfind(['(', '['])?;
        let ts = &stripped[open + 1..];
        if !timestamp_like(ts) {
            return None;
        }
        let ts_start = base + lead + open + 1;
        timestamp = Some(ts_start..ts_start + ts.len());
        name = stripped[..open].trim_end_matches(is_space);
        form = Some(LabelForm::Timestamped);
    }
    let name_form = classify_name(name)?;
    let form = form.unwrap_or(name_form);
    let key = speaker_key(name);
    let text = after.trim_start_matches(is_space);
    let text_follows = !text.trim().is_empty();
    if is_heading(&key) && form != LabelForm::Timestamped {
        return None;
    }
    let name_start = base + lead;
    let strong = match form {
        LabelForm::Timestamped | LabelForm::Markdown => true,
        LabelForm::Caps => text_follows,
        LabelForm::Title => false,
    };
    Some(Candidate {
        label: SpeakerLabel {
            range: name_start..name_start + name.len(),
            full: name_start..base + lead + colon + 1,
            key: SpeakerKey::new(key),
            form,
            timestamp,
            text_follows,
        },
        body_start: base + line.len() - text.len(),
        strong,
    })
}

/// Decides which candidates are labels. `candidates` are in document order;
/// the returned flags say which to keep.
///
/// - Strong candidates count when the document has at least two of them, or
///   when they are timestamped or Markdown (a format chosen on purpose).
/// - Weak candidates (`Name: text`) count only in a dialogue: their speaker
///   occurs at least twice, or is a near-variant of an accepted speaker, or
///   is in the roster; and at least two speakers take turns.
///
/// `paragraphs[i]` numbers the paragraph (run of non-blank lines) that
/// candidate `i` sits in. Three or more weak candidates in one paragraph with
/// no speaker repeated are a block of fields (`Title:`, `Date:`, `Location:`;
/// `Files:`, `Copyright:`, `License:`), not a conversation, and are dropped.
pub(crate) fn accept(
    candidates: &[&Candidate],
    paragraphs: &[usize],
    roster_has: impl Fn(&str) -> bool,
) -> Vec<bool> {
    let fields = field_blocks(candidates, paragraphs);
    let mut counts: HashMap<&SpeakerKey, usize> = HashMap::default();
    for (c, _) in candidates.iter().zip(&fields).filter(|(_, f)| !**f) {
        *counts.entry(&c.label.key).or_default() += 1;
    }
    let strong_total = candidates
        .iter()
        .zip(&fields)
        .filter(|(c, f)| c.strong && !**f)
        .count();
    let mut keep: Vec<bool> = candidates
        .iter()
        .zip(&fields)
        .map(|(c, field)| {
            if *field {
                false
            } else if c.strong {
                strong_total >= 2
                    || matches!(c.label.form, LabelForm::Timestamped | LabelForm::Markdown)
                    || roster_has(&c.label.key)
            } else {
                counts[&c.label.key] >= 2 || roster_has(&c.label.key)
            }
        })
        .collect();
    // A single weak label is kept when it looks like a misspelling of an
    // accepted speaker: that is exactly what speaker-label-variant reports.
    // Each accepted speaker once: a document has thousands of turns and a
    // handful of speakers.
    let mut accepted: Vec<&str> = Vec::new();
    if keep.iter().zip(&fields).any(|(k, f)| !*k && !*f) {
        accepted = candidates
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| &*c.label.key)
            .collect();
        accepted.sort_unstable();
        accepted.dedup();
    }
    let near = NearVariants::new(accepted.iter().copied());
    for ((c, k), field) in candidates.iter().zip(keep.iter_mut()).zip(&fields) {
        if !*k
            && !*field
            && near
                .candidates(&c.label.key)
                .into_iter()
                .any(|a| near_variant(accepted[a], &c.label.key))
        {
            *k = true;
        }
    }
    let mut speakers = candidates
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| &*c.label.key);
    let first = speakers.next();
    let two_speakers = first.is_some_and(|first| speakers.any(|s| s != first));
    if !two_speakers {
        // One speaker alone is a monologue only when the labels are strong;
        // a lone repeated `Name:` is more likely a field in an article.
        for (c, k) in candidates.iter().zip(keep.iter_mut()) {
            if !c.strong {
                *k = false;
            }
        }
    }
    keep
}

/// Marks candidates that sit in a block of fields: a paragraph with three or
/// more weak labels and no speaker repeated.
fn field_blocks(candidates: &[&Candidate], paragraphs: &[usize]) -> Vec<bool> {
    let mut fields = vec![false; candidates.len()];
    let mut start = 0;
    while start < candidates.len() {
        let mut end = start + 1;
        while end < candidates.len() && paragraphs[end] == paragraphs[start] {
            end += 1;
        }
        let block = &candidates[start..end];
        // Only weak candidates: a compact briefing (`QUESTION:`, `MR A:`,
        // `MR B:` with text on each line) is a conversation.
        let plain = block.iter().all(|c| !c.strong);
        if !plain || block.len() < 3 {
            start = end;
            continue;
        }
        let mut keys: Vec<&str> = block.iter().map(|c| &*c.label.key).collect();
        keys.sort_unstable();
        keys.dedup();
        if plain && block.len() >= 3 && keys.len() == block.len() {
            fields[start..end].iter_mut().for_each(|f| *f = true);
        }
        start = end;
    }
    fields
}

/// Are two speaker keys the same person spelled a little differently?
/// Same number of words; every word equal but one, which is a name word of
/// four letters or more within a small edit distance; digits never differ
/// (`SPEAKER 1` and `SPEAKER 2` are two people).
/// Finds the near variants (see [`near_variant`]) of a key among many
/// without comparing every pair: a transcript of 10,000 distinct labels
/// would otherwise make 50 million comparisons.
///
/// Two keys are near variants only if they have the same words but one, and
/// that one is within two edits (one for words under eight letters) in
/// both. An edit distance of `d` means that deleting at most `d` letters
/// from each word reaches one common spelling (a substitution or a swap of
/// neighbours costs one letter on each side, an insertion one on one side).
/// So each key is filed under each of its words that could differ, together
/// with the other words, that word's first letter, and each spelling of that word with up to that many
/// letters deleted; near variants always share a filing, and only keys that
/// share one are compared, with [`near_variant`] itself. Filings are hashed:
/// a collision only adds a comparison.
pub(crate) struct NearVariants {
    /// (filing, key index), sorted.
    filed: Vec<(u32, u32)>,
    /// For each key, the last call of [`NearVariants::candidates`] that
    /// gave it, so that each is given once without sorting.
    given: std::cell::RefCell<(u32, Vec<u32>)>,
}

impl NearVariants {
    pub(crate) fn new<'a>(keys: impl IntoIterator<Item = &'a str>) -> NearVariants {
        let mut filed = Vec::new();
        let mut n = 0;
        for (i, key) in keys.into_iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 4 billion speakers");
            filings(key, |h| filed.push((h, i)));
            n += 1;
        }
        filed.sort_unstable();
        filed.dedup();
        NearVariants {
            filed,
            given: std::cell::RefCell::new((0, vec![0; n])),
        }
    }

    /// The indices, each once, of the keys that may be near variants of
    /// `key`: every near variant is among them, and [`near_variant`] says
    /// which are.
    pub(crate) fn candidates(&self, key: &str) -> Vec<usize> {
        let mut given = self.given.borrow_mut();
        let (call, last) = &mut *given;
        *call += 1;
        if *call == u32::MAX {
            last.fill(0);
            *call = 1;
        }
        let call = *call;
        let mut out = Vec::new();
        filings(key, |h| {
            let start = self.filed.partition_point(|&(x, _)| x < h);
            for &(_, i) in self.filed[start..].iter().take_while(|&&(x, _)| x == h) {
                if last[i as usize] != call {
                    last[i as usize] = call;
                    out.push(i as usize);
                }
            }
        });
        out
    }
}

/// Calls `f` with the hash of each filing of `key` (see [`NearVariants`]).
fn filings(key: &str, mut f: impl FnMut(u32)) {
    use std::hash::{BuildHasher, Hasher};
    let state = foldhash::fast::FixedState::with_seed(0x5eed);
    let words: Vec<&str> = key.split(' ').collect();
    for (j, word) in words.iter().enumerate() {
        // The conditions `near_variant` puts on the word that differs.
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 4 || titled(word) || chars.iter().any(|c| c.is_ascii_digit()) {
            continue;
        }
        // `near_variant` also wants the differing words to start alike.
        let context = state.hash_one((words.len(), j, &words[..j], &words[j + 1..], chars[0]));
        let filing = |skip: &[usize]| {
            let mut h = state.build_hasher();
            h.write_u64(context);
            for (k, c) in chars.iter().enumerate() {
                if !skip.contains(&k) {
                    h.write_u32(u32::from(*c));
                }
            }
            h.finish() as u32
        };
        f(filing(&[]));
        for a in 0..chars.len() {
            f(filing(&[a]));
            if chars.len() >= 8 {
                for b in a + 1..chars.len() {
                    f(filing(&[a, b]));
                }
            }
        }
    }
}

pub fn near_variant(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    if wa.len() != wb.len() {
        return false;
    }
    let diffs: Vec<(&str, &str)> = wa
        .iter()
        .zip(&wb)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    let [(x, y)] = diffs.as_slice() else {
        return false;
    };
    if titled(x) || titled(y) {
        return false;
    }
    if x.chars().any(|c| c.is_ascii_digit()) || y.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let shorter = x.chars().count().min(y.chars().count());
    if shorter < 4 || x.chars().next() != y.chars().next() {
        return false;
    }
    let limit = if shorter >= 8 { 2 } else { 1 };
    // Most pairs of distinct names fail this cheap bound; the edit distance
    // costs two allocations and a table.
    if letters_apart(x, y) > limit {
        return false;
    }
    let distance = strsim::damerau_levenshtein(x, y);
    distance <= limit
}

/// A lower bound of the edit distance between two words: how many letters
/// one has that the other lacks (the larger of the two counts). A
/// substitution, insertion or deletion changes it by at most one, and a swap
/// of neighbours not at all.
fn letters_apart(x: &str, y: &str) -> usize {
    if x.is_ascii() && y.is_ascii() {
        let mut count = [0i32; 128];
        for b in x.bytes() {
            count[usize::from(b)] += 1;
        }
        for b in y.bytes() {
            count[usize::from(b)] -= 1;
        }
        let only_x: i32 = count.iter().filter(|&&c| c > 0).sum();
        let only_y: i32 = -count.iter().filter(|&&c| c < 0).sum::<i32>();
        return only_x.max(only_y) as usize;
    }
    let mut a: Vec<char> = x.chars().collect();
    let mut b: Vec<char> = y.chars().collect();
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (a.len() - common).max(b.len() - common)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_keys_match_the_general_rule() {
        for label in [
            "Mr. Robinson",
            "  MR.  KIRBY ",
            "Dana\tWhitfield",
            "a\u{b}b",
            "... .X",
            "o'brien",
            "",
            "Q",
        ] {
            assert_eq!(
                speaker_key(label),
                speaker_key_any(label, String::new()),
                "{label:?}"
            );
        }
        assert_eq!(speaker_key("Mr. Robinson"), "MR ROBINSON");
        assert_eq!(speaker_key("... .X"), "X");
    }

    fn cand(line: &str) -> Option<(String, LabelForm, bool)> {
        candidate(line, 0).map(|c| (c.label.key.to_string(), c.label.form, c.strong))
    }

    #[test]
    fn briefing_labels() {
        assert_eq!(
            cand("MR ROBINSON: Thanks."),
            Some(("MR ROBINSON".into(), LabelForm::Caps, true))
        );
        assert_eq!(
            cand("MR. MORRELL:\u{a0}Well."),
            Some(("MR MORRELL".into(), LabelForm::Caps, true))
        );
        assert_eq!(
            cand("FOREIGN MINISTER LAVROV: (Via interpreter) Yes."),
            Some(("FOREIGN MINISTER LAVROV".into(), LabelForm::Caps, true))
        );
        assert_eq!(cand("QUESTION: Why?").unwrap().0, "QUESTION");
    }

    #[test]
    fn interview_labels() {
        let c = candidate("Dana Whitfield (00:01:26):", 0).unwrap();
        assert_eq!(&*c.label.key, "DANA WHITFIELD");
        assert_eq!(c.label.form, LabelForm::Timestamped);
        assert_eq!(c.label.timestamp, Some(16..24));
        assert!(!c.label.text_follows);
        assert_eq!(cand("Marcus Lee: Right.").unwrap().1, LabelForm::Title);
        assert_eq!(cand("Speaker 1: Hello.").unwrap().0, "SPEAKER 1");
        let md = candidate("**Marcus Lee:** Right.", 0).unwrap();
        assert_eq!(md.label.range, 2..12);
        assert_eq!(md.label.form, LabelForm::Markdown);
    }

    #[test]
    fn sentences_and_headings_are_not_labels() {
        for line in [
            "I agree with Sergey completely:",
            "The last thing that I wanted to say:",
            "Now, I want to emphasize:",
            "Just one comment I’d like to make:",
            "Watch: the video",
            "Kaynak/Source: AA",
            "At 10:30 we met.",
            "See https://example.org",
            "  MR ROBINSON: indented quote",
        ] {
            assert!(cand(line).is_none(), "{line}");
        }
    }

    #[test]
    fn keys_and_name_words() {
        assert_eq!(speaker_key("MR.\u{a0}ROBINSON"), "MR ROBINSON");
        assert_eq!(name_words("FOREIGN MINISTER LAVROV"), vec!["LAVROV"]);
        assert_eq!(name_words("MR DE MISTURA"), vec!["MISTURA"]);
        assert_eq!(name_words("DANA WHITFIELD"), vec!["DANA", "WHITFIELD"]);
        assert!(name_words("SPEAKER 1").is_empty());
        assert!(name_words("QUESTION").is_empty());
    }

    #[test]
    fn variants() {
        assert!(near_variant("SECRETARY KERRY", "SECRETARY KERY"));
        assert!(near_variant(
            "FOREIGN MINISTER LAVROV",
            "FOREIGN MINISTER LAVROF"
        ));
        assert!(near_variant("DANA WHITFIELD", "DANA WHITFELD"));
        assert!(!near_variant("MR KIRBY", "MR KERRY"));
        assert!(!near_variant("SPEAKER 1", "SPEAKER 2"));
        assert!(!near_variant("MR KERRY", "MS KERRY"));
    }

    /// `word` with up to two edits: (kind, position, letter) each, a
    /// substitution, deletion, insertion or swap of neighbours.
    fn edited(word: &str, edits: &[(u8, usize, char)]) -> String {
        let mut chars: Vec<char> = word.chars().collect();
        for &(kind, at, c) in edits {
            let at = at % (chars.len() + 1);
            match kind {
                0 if at < chars.len() => chars[at] = c,
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                2 => chars.insert(at, c),
                _ if at + 1 < chars.len() => chars.swap(at, at + 1),
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    proptest::proptest! {
        /// The cheap bound `near_variant` tries first never exceeds the edit
        /// distance, so it only ever rules out pairs the distance would.
        #[test]
        fn letters_apart_bounds_the_edit_distance(x in "[ABCÉ]{0,12}", y in "[ABCÉ]{0,12}") {
            proptest::prop_assert!(letters_apart(&x, &y) <= strsim::damerau_levenshtein(&x, &y));
            let (x, y) = (x.replace('É', "E"), y.replace('É', "E"));
            proptest::prop_assert!(letters_apart(&x, &y) <= strsim::damerau_levenshtein(&x, &y));
        }
    }

    proptest::proptest! {
        /// Every near variant is among the candidates the index gives: keys
        /// and copies of them with one or two edits in one word.
        #[test]
        fn near_variants_finds_every_near_variant(
            keys in proptest::collection::vec(
                (
                    "(MR |DR |SPEAKER )?[ABCÉ1]{3,12}( [ABC]{4,9})?",
                    proptest::collection::vec(
                        (0u8..4, 0usize..14, proptest::sample::select(vec!['A', 'B', 'É', 'Z'])),
                        0..3,
                    ),
                    proptest::bool::ANY,
                ),
                1..30,
            ),
        ) {
            let mut all = Vec::new();
            for (key, edits, last) in &keys {
                all.push(key.clone());
                let mut words: Vec<String> = key.split(' ').map(String::from).collect();
                let w = if *last { words.len() - 1 } else { 0 };
                words[w] = edited(&words[w], edits);
                all.push(words.join(" "));
            }
            let near = NearVariants::new(all.iter().map(String::as_str));
            for a in &all {
                let candidates = near.candidates(a);
                for (j, b) in all.iter().enumerate() {
                    if near_variant(a, b) {
                        proptest::prop_assert!(candidates.contains(&j), "{a} / {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn near_variants_of_many_distinct_keys() {
        // 10,000 speakers at least three edits apart (each digit of the
        // number written three times over), and a misspelling (one letter
        // doubled) of every tenth: each misspelling is found, and a speaker
        // is compared with few others, not with all of them.
        let word = |i: usize| -> String {
            let digits: String = format!("{i:04}")
                .bytes()
                .map(|d| char::from(b'A' + d - b'0'))
                .collect();
            digits.repeat(3)
        };
        let mut keys: Vec<String> = (0..10_000).map(|i| format!("MR {}", word(i))).collect();
        let misspelt: Vec<String> = (0..10_000)
            .step_by(10)
            .map(|i| {
                let w = word(i);
                format!("MR {}{}", &w[..1], w)
            })
            .collect();
        keys.extend(misspelt.iter().cloned());
        let near = NearVariants::new(keys.iter().map(String::as_str));
        let mut compared = 0;
        for (i, key) in keys.iter().enumerate() {
            let candidates = near.candidates(key);
            assert!(candidates.contains(&i));
            compared += candidates.len();
            if i >= 10_000 {
                // A misspelling and its original find each other.
                let original = (i - 10_000) * 10;
                assert!(candidates.contains(&original), "{key}");
                assert!(near.candidates(&keys[original]).contains(&i));
                assert!(near_variant(key, &keys[original]));
            }
        }
        assert!(compared < keys.len() * 50, "{compared} comparisons");
    }
}

/// Whole documents: which lines become labels, and that the speaker rules stay
/// quiet where there are no speakers.
#[cfg(test)]
mod document_tests {
    use crate::config::Config;
    use crate::model::{LabelForm, Style, Transcript};
    use crate::rules::Rule;
    use crate::settings::Settings;

    fn keys(text: &str) -> (Style, Vec<String>) {
        let doc = Transcript::parse(text, &Settings::default());
        (
            doc.style,
            doc.turns.iter().map(|t| t.label.key.to_string()).collect(),
        )
    }

    /// Findings of the speaker rules with every other rule off.
    fn speaker_findings(text: &str) -> Vec<String> {
        let mut config = Config::default();
        for r in Rule::ALL {
            config.set_enabled(
                *r,
                matches!(
                    r,
                    Rule::SpeakerNameMismatch | Rule::SpeakerLabelVariant | Rule::EmptyTurn
                ),
            );
        }
        crate::lint(text, &config)
            .into_iter()
            .map(|d| format!("{} {:?}", d.rule, &text[d.range]))
            .collect()
    }

    const NEWS_ARTICLE: &str = "\
Kerry, Lavrov agree on Syria ceasefire plan

By Jane Doe
September 10, 2016

NEW DELHI: Officials in the region welcomed the plan on Saturday.

GENEVA (Reuters) - The United States and Russia agreed early on Saturday on a plan to bring peace to Syria, including a nationwide truce starting at sundown on Monday.

U.S. Secretary of State John Kerry told reporters: “We believe the plan as set out, if implemented, has the ability to be a turning point.”

Lavrov said: “There is no 100 percent guarantee.”

Watch: Kerry and Lavrov announce the deal

Key points:
The truce begins on Monday.

Russia’s Foreign Ministry said in a statement:
The agreement stands.

Editor’s Note: An earlier version misspelled Lavrov as Lavrow.
Update 2: Adds reaction from Damascus.
Kaynak/Source: AA
Related: Syria talks collapse
Photo: Kerry and Lavrov in Geneva.
Reporting by Jane Doe; Editing by John Smith
";

    #[test]
    fn a_news_article_has_no_speakers() {
        let (style, labels) = keys(NEWS_ARTICLE);
        assert_eq!(style, Style::Prose);
        assert!(labels.is_empty(), "{labels:?}");
        assert!(speaker_findings(NEWS_ARTICLE).is_empty());
    }

    #[test]
    fn an_essay_with_colons_has_no_speakers() {
        let text = "\
The last thing that I wanted to say:
I agree with Sergey completely:
Now, I want to emphasize:
Thank you:
Moscow: a city of contrasts.
Washington: a city of monuments.
Summary: both are capitals.
Note: all times are local.
";
        let (style, labels) = keys(text);
        assert_eq!(style, Style::Prose);
        assert!(labels.is_empty(), "{labels:?}");
        assert!(speaker_findings(text).is_empty());
    }

    #[test]
    fn briefing_with_sentences_that_end_in_colons() {
        let text = "\
Remarks With Foreign Minister Sergey Lavrov
Secretary of State
Geneva, Switzerland
September 9, 2016

SECRETARY KERRY:\u{a0}Good evening. Let me say this:

The last thing that I wanted to say:

FOREIGN MINISTER LAVROV: (Via interpreter) I agree with Sergey completely:
Thank you:

QUESTION: For both of you: is it a deal?

SECRETARY KERRY: It is. (Laughter.)

MR. MORRELL: Thank you all.
";
        let (style, labels) = keys(text);
        assert_eq!(style, Style::Briefing);
        assert_eq!(
            labels,
            vec![
                "SECRETARY KERRY",
                "FOREIGN MINISTER LAVROV",
                "QUESTION",
                "SECRETARY KERRY",
                "MR MORRELL"
            ]
        );
        let doc = Transcript::parse(text, &Settings::default());
        assert_eq!(
            doc.header.as_ref().map(|h| &text[h.clone()]),
            Some(&text[..text.find("\n\nSECRETARY").unwrap()])
        );
        assert!(
            speaker_findings(text).is_empty(),
            "{:?}",
            speaker_findings(text)
        );
    }

    #[test]
    fn rev_style_interview() {
        let text = "\
Dana Whitfield (00:00:01):
Welcome back to the show. My guest today is Marcus Lee.

Marcus Lee (00:00:09):
Thanks, Dana. My mother always said:
Never stop asking.

Dana Whitfield (00:01:26):
[crosstalk 00:01:27] Sorry, go on.

Marcus Lee (00:01:30):
Chapter One: that was her motto.
";
        let (style, labels) = keys(text);
        assert_eq!(style, Style::Interview);
        assert_eq!(
            labels,
            vec![
                "DANA WHITFIELD",
                "MARCUS LEE",
                "DANA WHITFIELD",
                "MARCUS LEE"
            ]
        );
        let doc = Transcript::parse(text, &Settings::default());
        assert!(doc
            .turns
            .iter()
            .all(|t| t.label.form == LabelForm::Timestamped));
        assert!(
            speaker_findings(text).is_empty(),
            "{:?}",
            speaker_findings(text)
        );
    }

    #[test]
    fn plain_and_markdown_interviews() {
        let text = "\
Marcus Lee: So where were you born?
Speaker 1: In Ohio.
Marcus Lee: And then?
Speaker 1: Chicago: that is where it started.
";
        let (style, labels) = keys(text);
        assert_eq!(style, Style::Interview);
        assert_eq!(
            labels,
            vec!["MARCUS LEE", "SPEAKER 1", "MARCUS LEE", "SPEAKER 1"]
        );
        assert!(speaker_findings(text).is_empty());

        let md = "\
**Dana Whitfield:** Welcome.
**Marcus Lee:** Thanks.

Some narration: between the turns.

**Dana Whitfield:** Go on.
";
        let (style, labels) = keys(md);
        assert_eq!(style, Style::Interview);
        assert_eq!(
            labels,
            vec!["DANA WHITFIELD", "MARCUS LEE", "DANA WHITFIELD"]
        );
        assert!(speaker_findings(md).is_empty());
    }

    #[test]
    fn a_lone_field_is_not_a_monologue() {
        // One `Name: text` line, even repeated, is a field, not a dialogue.
        let text = "Author: Jane Doe\nAuthor: John Smith\n\nSome text.\n";
        let (_, labels) = keys(text);
        assert!(labels.is_empty(), "{labels:?}");
    }
}

#[cfg(test)]
mod field_block_tests {
    use crate::model::Transcript;
    use crate::settings::Settings;

    fn keys(text: &str) -> Vec<String> {
        Transcript::parse(text, &Settings::default())
            .turns
            .iter()
            .map(|t| t.label.key.to_string())
            .collect()
    }

    #[test]
    fn metadata_fields_are_not_speakers() {
        let text = "Files: *\nCopyright: 2001 Example maintainers\nLicense: MIT\n\nFiles: debian/*\nCopyright: 2008 Someone Else\nLicense: MIT\n";
        assert!(keys(text).is_empty());
        let oral_history = "Title: Life on the river\nInterviewer: Ann Moore\nDate: March 3, 1994\n\nAnn Moore: Where were you born?\n\nJoe Hall: In Memphis.\n\nAnn Moore: And your parents?\n\nJoe Hall: Farmers, both of them.\n";
        assert_eq!(
            keys(oral_history),
            vec!["ANN MOORE", "JOE HALL", "ANN MOORE", "JOE HALL"]
        );
    }

    #[test]
    fn a_short_exchange_without_blank_lines_is_still_a_dialogue() {
        let text = "Marcus Lee: Ready?\nDana Whitfield: Yes.\nMarcus Lee: Then let us start.\nDana Whitfield: Fine.\n";
        assert_eq!(
            keys(text),
            vec![
                "MARCUS LEE",
                "DANA WHITFIELD",
                "MARCUS LEE",
                "DANA WHITFIELD"
            ]
        );
    }
}
