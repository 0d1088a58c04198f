//! Which candidates are labels, decided for the whole document, and which
//! speaker keys are near variants of one another.

use foldhash::HashMap;

use super::key::titled;
use super::{Candidate, LabelForm, SpeakerKey};

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
/// with the other words, that word's first letter, and each spelling of
/// that word with up to that many letters deleted; near variants always
/// share a filing, and only keys that share one are compared, with
/// [`near_variant`] itself. Filings are hashed: a collision only adds a
/// comparison.
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

/// Are two speaker keys the same person spelled a little differently?
/// Same number of words; every word equal but one, which is a name word of
/// four letters or more within a small edit distance; digits never differ
/// (`SPEAKER 1` and `SPEAKER 2` are two people).
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
pub(super) fn letters_apart(x: &str, y: &str) -> usize {
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
