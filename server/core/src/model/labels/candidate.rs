//! Finding the one candidate label a line may hold (stage 1, line-local).

use super::{speaker_key, LabelForm, SpeakerKey, SpeakerLabel};
use crate::model::chars::{is_apostrophe, is_space};
use crate::model::words::{HEADINGS, PARTICLES};

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
        LabelForm::Caps | LabelForm::Mark => text_follows,
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
