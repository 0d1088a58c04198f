//! Which format a transcript is in, from its first 4 KB (and its last
//! 200 bytes, for Otter's footer) and its file extension: `FORMATS.md` §2.
//!
//! Each detector answers *certain*, *likely* or *no*, with its evidence.
//! The first certain answer in the order of [`DETECTORS`] wins; otherwise a
//! single likely answer wins; otherwise the generic reader runs. Unsure
//! never picks a reader: a wrong reader hides real turns or invents false
//! ones, and the generic reader is what verbatim always did.
//!
//! Detection is cheap (a few regular expressions over at most 4 KB), so it
//! runs on every parse; incremental analysis re-runs it after every edit and
//! starts afresh when the decision changes.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

use crate::settings::{Format, Settings};

/// How much of the start of a file detection reads.
pub const HEAD_LEN: usize = 4096;
/// How much of the end of a file detection reads (Otter's footer).
pub const TAIL_LEN: usize = 200;

/// How sure the decision is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// `format =` in `verbatim.toml`, or `--format`.
    Forced,
    /// A signature that nothing else carries.
    Certain,
    /// The format's shape, without its signature, and no other likely format.
    Likely,
    /// Nothing matched, or two formats were likely: the generic reader.
    Fallback,
}

/// The format a file is read in, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub format: Format,
    pub confidence: Confidence,
    /// For people: what was seen, or why nothing matched.
    pub evidence: String,
}

impl fmt::Display for Detection {
    /// `hearing (certain): GPO banner on lines 1-2`, `generic: no format
    /// matched (otter: 1 turn header, needs 2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.confidence {
            Confidence::Forced => " (forced)",
            Confidence::Certain => " (certain)",
            Confidence::Likely => " (likely)",
            Confidence::Fallback => "",
        };
        write!(f, "{}{how}: {}", self.format, self.evidence)
    }
}

/// A detector's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Certain(String),
    Likely(String),
    /// Why not, for the fallback's evidence; empty when there is nothing
    /// worth telling (no trace of the format at all).
    No(String),
}

/// What detectors look at.
pub struct Sniff<'a> {
    /// The first lines of the file, within [`HEAD_LEN`] bytes, BOM removed
    /// and line terminators (`\n`, `\r\n`, `\r`) cut. A line cut by the
    /// limit is left out.
    pub lines: Vec<&'a str>,
    /// The last [`TAIL_LEN`] bytes (or fewer, to a character boundary).
    pub tail: &'a str,
    /// Lowercased, without the dot.
    pub extension: Option<&'a str>,
}

impl<'a> Sniff<'a> {
    pub fn new(text: &'a str, extension: Option<&'a str>) -> Sniff<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut end = text.len().min(HEAD_LEN);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &text[..end];
        let mut lines: Vec<&str> = head.split('\n').collect();
        if end < text.len() && lines.len() > 1 {
            lines.pop();
        }
        // `\r\n` leaves a `\r` at each line's end; a lone `\r` ends a line too.
        let lines = lines
            .into_iter()
            .flat_map(|l| {
                let l = l.strip_suffix('\r').unwrap_or(l);
                l.split('\r')
            })
            .collect();
        let mut start = text.len().saturating_sub(TAIL_LEN);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        Sniff {
            lines,
            tail: &text[start..],
            extension,
        }
    }

    fn non_blank(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.lines
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
    }

    /// Is line `i` followed by a non-blank line?
    fn text_follows(&self, i: usize) -> bool {
        self.lines.get(i + 1).is_some_and(|l| !l.trim().is_empty())
    }
}

/// A detector: one format's answer for a file.
pub type Detector = fn(&Sniff) -> Answer;

/// The detectors, in the order `FORMATS.md` §2 gives.
pub const DETECTORS: &[(Format, Detector)] = &[
    (Format::WebVtt, webvtt),
    (Format::Srt, srt),
    (Format::Hearing, hearing),
    (Format::Court, court),
    (Format::Zoom, zoom),
    (Format::Otter, otter),
    (Format::OralHistory, oral_history),
];

/// The format `text` is read in: the one `settings` forces, or the one
/// detected from the text and `settings.extension`.
pub fn detect(text: &str, settings: &Settings) -> Detection {
    if let Some(format) = settings.format {
        return Detection {
            format,
            confidence: Confidence::Forced,
            evidence: "set by `format =` or `--format`".into(),
        };
    }
    detect_in(&Sniff::new(text, settings.extension.as_deref()))
}

/// The last format detected and all that decided it, for a caller that
/// detects again after every keystroke (the language server's analysis):
/// detection reads only the first [`HEAD_LEN`] bytes (after a BOM), the
/// last [`TAIL_LEN`], whether the text is longer than the first, and the
/// extension, so a text that agrees on those is read in the same format
/// without running the detectors, which split the head into lines and
/// write their evidence each time.
#[derive(Debug, Default, Clone)]
pub struct DetectMemo {
    last: Option<(SniffKey, Format)>,
}

#[derive(Debug, Clone, PartialEq)]
struct SniffKey {
    head: Vec<u8>,
    longer: bool,
    tail: Vec<u8>,
    extension: Option<String>,
}

impl SniffKey {
    /// The bytes of `text` that `Sniff::new` can read: the head (a BOM is
    /// three bytes; it reads at most `HEAD_LEN` after it), whether there is
    /// more, and the last `TAIL_LEN`.
    fn parts(text: &str) -> (&[u8], bool, &[u8]) {
        let bytes = text.as_bytes();
        let head = bytes.len().min(HEAD_LEN + '\u{feff}'.len_utf8());
        let tail = &bytes[bytes.len() - bytes.len().min(TAIL_LEN)..];
        (&bytes[..head], bytes.len() > head, tail)
    }

    fn of(text: &str, extension: Option<&str>) -> SniffKey {
        let (head, longer, tail) = SniffKey::parts(text);
        SniffKey {
            head: head.to_vec(),
            longer,
            tail: tail.to_vec(),
            extension: extension.map(str::to_string),
        }
    }

    /// `self == SniffKey::of(text, extension)`, without copying.
    fn is_of(&self, text: &str, extension: Option<&str>) -> bool {
        let (head, longer, tail) = SniffKey::parts(text);
        self.head == head
            && self.longer == longer
            && self.tail == tail
            && self.extension.as_deref() == extension
    }
}

impl DetectMemo {
    /// What [`detect`] decides for `text`.
    pub fn format(&mut self, text: &str, settings: &Settings) -> Format {
        if let Some(format) = settings.format {
            return format;
        }
        let extension = settings.extension.as_deref();
        match &self.last {
            Some((last, format)) if last.is_of(text, extension) => *format,
            _ => {
                let format = detect(text, settings).format;
                self.last = Some((SniffKey::of(text, extension), format));
                format
            }
        }
    }
}

/// [`detect`] without a forced format.
pub fn detect_in(sniff: &Sniff) -> Detection {
    let mut likely: Vec<(Format, String)> = Vec::new();
    let mut why_not: Vec<String> = Vec::new();
    for &(format, detector) in DETECTORS {
        match detector(sniff) {
            Answer::Certain(evidence) => {
                return Detection {
                    format: refine(format, sniff),
                    confidence: Confidence::Certain,
                    evidence,
                }
            }
            Answer::Likely(evidence) => likely.push((format, evidence)),
            Answer::No(why) if !why.is_empty() => why_not.push(format!("{format}: {why}")),
            Answer::No(_) => {}
        }
    }
    match likely.len() {
        1 => {
            let (format, evidence) = likely.pop().expect("one");
            Detection {
                format: refine(format, sniff),
                confidence: Confidence::Likely,
                evidence,
            }
        }
        0 => Detection {
            format: Format::Generic,
            confidence: Confidence::Fallback,
            evidence: if why_not.is_empty() {
                "no format matched".into()
            } else {
                format!("no format matched ({})", why_not.join("; "))
            },
        },
        _ => Detection {
            format: Format::Generic,
            confidence: Confidence::Fallback,
            evidence: format!(
                "unsure between {}",
                likely
                    .iter()
                    .map(|(f, e)| format!("{f} ({e})"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        },
    }
}

/// `court` is reported as `deposition` when the front matter says so; the
/// reader is the same.
fn refine(format: Format, sniff: &Sniff) -> Format {
    if format == Format::Court
        && sniff
            .lines
            .iter()
            .any(|l| l.to_ascii_lowercase().contains("deposition"))
    {
        Format::Deposition
    } else {
        format
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

fn webvtt(s: &Sniff) -> Answer {
    if s.extension == Some("vtt") {
        return Answer::Certain("extension .vtt".into());
    }
    let first = s.lines.first().copied().unwrap_or("");
    if first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t") {
        return Answer::Certain("`WEBVTT` signature on line 1".into());
    }
    // `WebVTT` in the wrong case, with a cue timing after it: WebVTT with a
    // signature that `webvtt-header` fixes.
    let word = first.split([' ', '\t']).next().unwrap_or("");
    if word.eq_ignore_ascii_case("WEBVTT") && s.lines.iter().any(|l| l.contains("-->")) {
        return Answer::Certain(format!("`{word}` signature on line 1 and a cue timing"));
    }
    Answer::No(String::new())
}

fn srt(s: &Sniff) -> Answer {
    static TIMING: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}"));
    if s.extension == Some("srt") {
        return Answer::Certain("extension .srt".into());
    }
    let mut non_blank = s.non_blank();
    if let Some((i, first)) = non_blank.next() {
        let first = first.trim();
        if !first.is_empty()
            && first.bytes().all(|b| b.is_ascii_digit())
            && s.lines.get(i + 1).is_some_and(|l| TIMING.is_match(l))
        {
            return Answer::Certain(format!(
                "cue number and SRT timing on lines {}-{}",
                i + 1,
                i + 2
            ));
        }
    }
    Answer::No(String::new())
}

/// `    Senator FEINSTEIN. `, `    The CHAIRMAN. `, `    Voice. `: a hearing
/// label at a paragraph start (`FORMATS.md` §3.1).
pub(crate) static HEARING_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^    (?:(?:Mr|Mrs|Ms|Dr|Miss)\.|Chairman|Chairwoman|Chair|Senator|Vice Chairman|Vice Chair|Ranking Member|Representative|Delegate|General|Admiral|Secretary|Ambassador|Judge|Governor|Mayor|Commissioner|Director|Colonel|Captain|Major|Sheriff|Chief|Justice|Professor) (?:Mc|Mac|De|Des|Di|Da|La|Le|Van|Von|O')?[A-Z][A-Z'-]+(?: (?:Mc|Mac|De|Des|Di|Da|La|Le|Van|Von|O')?[A-Z][A-Z'-]+)*\. |^    The (?:CHAIRMAN|CHAIRWOMAN|CHAIR|PRESIDING OFFICER|CLERK)\. |^    Voices?\. ",
    )
});

fn hearing(s: &Sniff) -> Answer {
    let line = |i: usize| s.lines.get(i).copied().unwrap_or("");
    let banner = ["[House Hearing", "[Senate Hearing", "[Joint Hearing"]
        .iter()
        .any(|b| line(0).starts_with(b));
    let gpo = (1..3).find(|&i| {
        let l = line(i);
        l.starts_with("[From the U.S. Government Publishing Office")
            || l.starts_with("[From the U.S. Government Printing Office")
    });
    match (banner, gpo) {
        (true, Some(i)) => return Answer::Certain(format!("GPO banner on lines 1-{}", i + 1)),
        // One line of the banner is enough to go on: the other may be
        // mid-edit (`[House Hexaring`), and a hearing whose banner reads as
        // nothing for one keystroke would be laid out afresh as generic
        // text, with thousands of findings, and back again at the next.
        (true, None) => return Answer::Likely("GPO banner on line 1".into()),
        (false, Some(i)) => return Answer::Likely(format!("GPO source line on line {}", i + 1)),
        (false, None) => {}
    }
    let labels = s.lines.iter().filter(|l| HEARING_LABEL.is_match(l)).count();
    if labels >= 3 && gutter(s).0 < 20 {
        return Answer::Likely(format!(
            "{labels} paragraphs open with `Honorific SURNAME.`"
        ));
    }
    if labels > 0 {
        return Answer::No(format!("{labels} hearing label(s), needs 3"));
    }
    Answer::No(String::new())
}

/// A gutter: the number of the first 60 non-blank lines that carry a line
/// number counting up by one (restarting at 1 on a new page), and the
/// number of pages seen.
fn gutter(s: &Sniff) -> (usize, usize) {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^(?:\d{1,2}:\d{2}:\d{2})?\s*(\d{1,2})(?: {2,}|\t|\s*$)"));
    let mut count = 0;
    let mut pages = 0;
    let mut previous = 0;
    for (_, l) in s.non_blank().take(60) {
        let Some(n) = NUMBERED
            .captures(l)
            .and_then(|c| c[1].parse::<usize>().ok())
        else {
            continue;
        };
        if n == 1 {
            pages += 1;
            count += 1;
            previous = 1;
        } else if previous > 0 && n == previous + 1 {
            count += 1;
            previous = n;
        }
        // Anything else is a page number (or noise): it is not counted.
    }
    (count, pages)
}

fn court(s: &Sniff) -> Answer {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"THE COURT:|THE WITNESS:|\bBY (?:MR|MS|MRS|DR)\.|EXAMINATION|P R O C E E D I N G S|^(?:\d{1,2}:\d{2}:\d{2})?\s*\d{1,2}\s+[QA](?:[.:]?\t|[.:]? {1,6}\S)",
        )
    });
    let (numbered, _) = gutter(s);
    if numbered < 20 {
        return if numbered >= 5 {
            Answer::No(format!("{numbered} gutter lines, needs 20"))
        } else {
            Answer::No(String::new())
        };
    }
    match s.lines.iter().find(|l| WORDS.is_match(l)) {
        Some(l) => {
            let word = WORDS.find(l).map_or("", |m| m.as_str()).trim();
            Answer::Certain(format!(
                "line-number gutter on {numbered} lines, and `{word}`"
            ))
        }
        None => Answer::Likely(format!("line-number gutter on {numbered} lines")),
    }
}

fn zoom(s: &Sniff) -> Answer {
    static TURN: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^\[[^\]\[]+\] \d{1,2}:\d{2}:\d{2}\s*$"));
    // The second shape: `18:02:15` alone, then `Name: text` on the next line.
    static TIME: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d{2}:\d{2}:\d{2}\s*$"));
    static NAMED: LazyLock<Regex> = LazyLock::new(|| regex(r"^[A-Z][^:\[\]]{0,59}: \S"));
    let turns = (0..s.lines.len())
        .filter(|&i| TURN.is_match(s.lines[i]) && s.text_follows(i))
        .count();
    let timed = (0..s.lines.len())
        .filter(|&i| {
            TIME.is_match(s.lines[i]) && s.lines.get(i + 1).is_some_and(|l| NAMED.is_match(l))
        })
        .count();
    match (turns, timed) {
        (0, 0) => Answer::No(String::new()),
        (n, _) if n >= 2 => Answer::Certain(format!("{n} `[Name] HH:MM:SS` turn lines")),
        (_, n) if n >= 2 => Answer::Certain(format!(
            "{n} `HH:MM:SS` lines each followed by `Name: text`"
        )),
        (1, _) => Answer::No("1 `[Name] HH:MM:SS` line, needs 2".into()),
        _ => Answer::No("1 `HH:MM:SS` line before `Name: text`, needs 2".into()),
    }
}

/// `Dana Whitfield  0:03  `: an Otter turn header. The name has no run of
/// two spaces; the time is parsed loosely so that `6:3` is read (and
/// reported by `timestamp-format`).
pub(crate) static OTTER_TURN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([^\s](?:[^ ]| [^ ])*?)  (\d{1,2}(?::\d{1,2}){1,2})[ \t]*$"));

fn otter(s: &Sniff) -> Answer {
    let turns = (0..s.lines.len())
        .filter(|&i| OTTER_TURN.is_match(s.lines[i]) && s.text_follows(i))
        .count();
    let header = s.lines.iter().any(|l| l.trim_end() == "SUMMARY KEYWORDS")
        && s.lines.iter().any(|l| l.trim_end() == "SPEAKERS");
    let footer = s
        .tail
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim().starts_with("Transcribed by https://otter.ai"));
    let mut seen = Vec::new();
    if turns >= 2 {
        seen.push(format!("{turns} `Name  M:SS` turn headers"));
    }
    if header {
        seen.push("`SUMMARY KEYWORDS` and `SPEAKERS` lines".to_string());
    }
    if footer {
        seen.push("`Transcribed by https://otter.ai` footer".to_string());
    }
    match seen.len() {
        0 if turns == 1 => Answer::No("1 turn header, needs 2".into()),
        0 => Answer::No(String::new()),
        1 if turns >= 2 => Answer::Likely(seen.remove(0)),
        1 => Answer::No(format!("{} alone", seen[0])),
        _ => Answer::Certain(seen.join(", ")),
    }
}

/// `MK: text`, `TR: text`: a turn by initials.
static INITIALS_TURN: LazyLock<Regex> = LazyLock::new(|| regex(r"^[A-Z]{2,3}: \S"));

fn oral_history(s: &Sniff) -> Answer {
    static FIELD: LazyLock<Regex> =
        LazyLock::new(|| regex(r"^(Narrator|Interviewee|Interviewer):\s+\S"));
    static TURN: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^(?:[A-Z]{2,3}|[A-Z][A-Za-z'.-]+(?: [A-Z][A-Za-z'.-]+){0,3}): \S")
    });
    let mut narrator = None;
    let mut interviewer = None;
    for (i, l) in s.lines.iter().enumerate().take(40) {
        if let Some(c) = FIELD.captures(l) {
            match &c[1] {
                "Interviewer" => interviewer = interviewer.or(Some(i)),
                _ => narrator = narrator.or(Some(i)),
            }
        }
    }
    if let (Some(n), Some(r)) = (narrator, interviewer) {
        let after = n.max(r) + 1;
        let turn = (after..s.lines.len()).find(|&i| {
            TURN.is_match(s.lines[i]) && !FIELD_NAMES.iter().any(|f| s.lines[i].starts_with(f))
        });
        return match turn {
            Some(t) => Answer::Certain(format!(
                "Narrator/Interviewer header on lines {}-{}, turns from line {}",
                n.min(r) + 1,
                n.max(r) + 1,
                t + 1
            )),
            None => Answer::No("a Narrator/Interviewer header but no turn after it".into()),
        };
    }
    // No header: initials in hard-wrapped paragraphs (a turn's text runs
    // on to the next line), by two or more speakers.
    let mut speakers: Vec<&str> = Vec::new();
    let mut wrapped = false;
    for (i, l) in s.lines.iter().enumerate() {
        if INITIALS_TURN.is_match(l) {
            let who = &l[..l.find(':').unwrap_or(0)];
            if !speakers.contains(&who) {
                speakers.push(who);
            }
            let next = s.lines.get(i + 1).copied().unwrap_or("");
            wrapped |= l.len() <= 90 && !next.trim().is_empty() && !INITIALS_TURN.is_match(next);
        }
    }
    if speakers.len() >= 2 && wrapped {
        return Answer::Likely(format!(
            "turns by initials ({}) in hard-wrapped paragraphs",
            speakers.join(", ")
        ));
    }
    Answer::No(String::new())
}

/// Header fields of an oral history: never turns.
pub(crate) const FIELD_NAMES: &[&str] = &[
    "Narrator:",
    "Interviewee:",
    "Interviewer:",
    "Date:",
    "Location:",
    "Place:",
    "Transcriber:",
    "Transcribed by:",
    "Audio:",
    "Length:",
    "Duration:",
    "Project:",
    "Interview No.",
    "Subject:",
    "Editor:",
    "Reviewed by:",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_text(text: &str, extension: Option<&str>) -> Detection {
        detect_in(&Sniff::new(text, extension))
    }

    fn fixture(path: &str) -> String {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/formats/");
        std::fs::read_to_string(format!("{root}{path}")).expect("fixture")
    }

    /// Edits near the head's and the tail's limits, a BOM typed and taken
    /// away, texts that grow past and shrink below the head, an extension
    /// and a forced format changed: the memo always says what `detect`
    /// says, and it does not detect again after an edit in the middle.
    #[test]
    fn the_memo_says_what_detect_says_after_any_edit() {
        let mut texts = vec![
            fixture("hearing/clean.txt"),
            fixture("court/clean.txt"),
            fixture("otter/clean.txt"),
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n".to_string(),
        ];
        // Long enough that the middle is neither head nor tail.
        texts.push(format!("{}{}", fixture("zoom/clean.txt"), "x".repeat(9000)));
        let edits: [(usize, &str); 8] = [
            (0, "\u{feff}"),
            (0, "WEBVTT\n\n"),
            (HEAD_LEN - 1, "\n[Name] 18:02:15\n"),
            (HEAD_LEN + 2, "é"),
            (usize::MAX, "\nEND OF INTERVIEW\n"),
            (usize::MAX - TAIL_LEN, "x"),
            (5000, "\n"),
            (3, ""),
        ];
        let mut state = 3u64;
        for original in texts {
            let mut text = original.clone();
            let mut memo = DetectMemo::default();
            for step in 0..200 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                let r = (state >> 33) as usize;
                let (at, inserted) = edits[r % edits.len()];
                let mut at = if at >= usize::MAX - TAIL_LEN {
                    text.len().saturating_sub(usize::MAX - at)
                } else {
                    at.min(text.len())
                };
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + (r >> 8) % 4).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                // Every third step removes rather than inserts, so texts
                // shrink below the head too.
                if step % 3 == 0 {
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, inserted);
                }
                let mut settings = Settings {
                    extension: ["vtt", "txt", "srt"]
                        .get((r >> 16) % 5)
                        .map(|e| e.to_string()),
                    ..Settings::default()
                };
                if (r >> 20) % 7 == 0 {
                    settings.format = Some(Format::Court);
                }
                assert_eq!(
                    memo.format(&text, &settings),
                    detect(&text, &settings).format,
                    "step {step}: {text:?}"
                );
            }
            // A keystroke in the middle of a long text reads as before.
            if text.len() > HEAD_LEN + TAIL_LEN + 10 {
                let settings = Settings::default();
                let before = memo.format(&text, &settings);
                let last = memo.last.clone();
                let mid = HEAD_LEN + 3 + (text.len() - HEAD_LEN - 3 - TAIL_LEN) / 2;
                let mid = (mid..).find(|&i| text.is_char_boundary(i)).unwrap();
                text.insert(mid, 'q');
                assert_eq!(memo.format(&text, &settings), before);
                assert_eq!(
                    memo.last.as_ref().map(|l| &l.0),
                    last.as_ref().map(|l| &l.0)
                );
            }
        }
    }

    /// The memo's key holds all a `Sniff` reads: an edit anywhere near the
    /// head's or the tail's limit, or of a BOM, that changes what the
    /// detectors see changes the key.
    #[test]
    fn the_memo_key_covers_what_detectors_read() {
        let seen = |t: &str| {
            let s = Sniff::new(t, None);
            (
                s.lines.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                s.tail.to_string(),
            )
        };
        for bom in ["", "\u{feff}"] {
            let line = "Some words on a line of prose, é and “quotes”.\n";
            let text = format!("{bom}{}", line.repeat(200));
            let near_head = HEAD_LEN.saturating_sub(800)..HEAD_LEN + 12;
            let near_tail = text.len() - TAIL_LEN - 12..text.len() + 1;
            for at in near_head
                .chain(near_tail)
                .filter(|&i| text.is_char_boundary(i))
            {
                for inserted in ["a", "\n", "\r", "é"] {
                    let mut edited = text.clone();
                    edited.insert_str(at, inserted);
                    if seen(&edited) != seen(&text) {
                        assert_ne!(
                            SniffKey::of(&edited, None),
                            SniffKey::of(&text, None),
                            "{bom:?} {inserted:?} at {at}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_fixture_is_detected_with_certainty() {
        for (path, format) in [
            ("hearing/clean.txt", Format::Hearing),
            ("hearing/planted.txt", Format::Hearing),
            ("court/clean.txt", Format::Court),
            ("court/planted.txt", Format::Court),
            ("deposition/clean.txt", Format::Deposition),
            ("deposition/planted.txt", Format::Deposition),
            ("oral-history/clean.txt", Format::OralHistory),
            ("oral-history/planted.txt", Format::OralHistory),
            ("oral-history/clean.initials.txt", Format::OralHistory),
            ("oral-history/planted.initials.txt", Format::OralHistory),
            (
                "oral-history/clean.two-interviewers.txt",
                Format::OralHistory,
            ),
            (
                "oral-history/planted.two-interviewers.txt",
                Format::OralHistory,
            ),
            ("otter/clean.txt", Format::Otter),
            ("otter/planted.txt", Format::Otter),
            ("zoom/clean.txt", Format::Zoom),
            ("zoom/planted.txt", Format::Zoom),
            ("zoom/clean.timed.txt", Format::Zoom),
            ("zoom/planted.timed.txt", Format::Zoom),
            ("webvtt/clean.vtt", Format::WebVtt),
            ("srt/clean.srt", Format::Srt),
        ] {
            // Without the extension, from the content alone.
            let d = detect_text(&fixture(path), None);
            assert_eq!(
                (d.format, d.confidence),
                (format, Confidence::Certain),
                "{path}: {d}"
            );
        }
        let d = detect_text(&fixture("zoom/clean.vtt"), Some("vtt"));
        assert_eq!(d.format, Format::WebVtt, "{d}");
    }

    #[test]
    fn extension_settles_captions() {
        let d = detect_text("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", Some("vtt"));
        assert_eq!(
            (d.format, d.confidence),
            (Format::WebVtt, Confidence::Certain)
        );
        assert_eq!(d.to_string(), "webvtt (certain): extension .vtt");
        let d = detect_text("Hello.\n", Some("srt"));
        assert_eq!(d.format, Format::Srt);
        let d = detect_text("\u{feff}WEBVTT - captions\n\n", None);
        assert_eq!(d.format, Format::WebVtt);
        let d = detect_text("WEBVTTX\n", None);
        assert_eq!(d.format, Format::Generic);
    }

    #[test]
    fn likely_answers() {
        let hearing = "    Chairman HARTWELL. The hearing will come to \norder.\n    Ms. DELGADO. Thank you.\n    Mr. McALLISTER. Thank you.\n";
        let d = detect_text(hearing, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Hearing, Confidence::Likely),
            "{d}"
        );

        let otter = "Dana Whitfield  0:03  \nHello there.\n\nMarcus Okafor  0:31  \nThanks.\n";
        let d = detect_text(otter, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Otter, Confidence::Likely),
            "{d}"
        );
        let with_footer = format!("{otter}\nTranscribed by https://otter.ai\n");
        assert_eq!(
            detect_text(&with_footer, None).confidence,
            Confidence::Certain
        );

        let oral = "JS: I was born in Lubec, in 1941, upstairs over my\ngrandfather's store.\n\nMK: And your father?\n";
        let d = detect_text(oral, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::OralHistory, Confidence::Likely),
            "{d}"
        );

        let mut gutter = String::new();
        for n in 1..=25 {
            gutter.push_str(&format!("{n:>2}    Some words on line {n}.\n"));
        }
        let d = detect_text(&gutter, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Court, Confidence::Likely),
            "{d}"
        );
    }

    /// A keystroke in one line of the GPO banner leaves the other: the
    /// document is still a hearing, if less surely.
    #[test]
    fn one_banner_line_is_enough_for_a_likely_hearing() {
        let body = "\n    Chairman HARTWELL. The hearing will come to order.\n";
        for head in [
            "[House Hexaring, 118 Congress]\n[From the U.S. Government Publishing Office]\n",
            "[House Hearing, 118 Congress]\n[From the U.S. Government Pubxlishing Office]\n",
            "[Senate Hearing, 118 Congress]\n",
        ] {
            let d = detect_text(&format!("{head}{body}"), None);
            assert_eq!(
                (d.format, d.confidence),
                (Format::Hearing, Confidence::Likely),
                "{d}"
            );
        }
    }

    #[test]
    fn never_claims_what_only_resembles_a_format() {
        for (what, text, ext) in [
            ("a README quoting WebVTT", "# Captions\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", Some("md")),
            ("a README quoting SRT", "Notes\n1\n00:00:01,000 --> 00:00:02,000\nHi\n", Some("txt")),
            ("prose ending in a name", "    I met Mr. SMITH. He was late.\n", None),
            ("a numbered list", "1. Install\n2. Configure\n3. Run\n4. Enjoy\n", None),
            ("a Zoom chat log", "18:02:15 From Dana to Everyone:\nHi\n18:02:20 From Lee to Everyone:\nHello\n", None),
            ("interview style", "Dana Whitfield (00:01:26):\nHello.\n\nMarcus Lee (00:01:30):\nHi.\n", None),
            ("a briefing", "MR ROBINSON: Good afternoon, everyone, and welcome to the briefing today, which will be short.\nQUESTION: Thank you.\nMR ROBINSON: Next.\n", None),
            ("an empty file", "", None),
        ] {
            let d = detect_text(text, ext);
            assert_eq!(d.format, Format::Generic, "{what}: {d}");
        }
    }

    #[test]
    fn zoom_second_shape_a_time_line_before_name_colon_text() {
        let text =
            "23:59:52\nTobias Lindqvist: Yes.\n\n00:00:14\nAnjali Ferreira: Past midnight.\n";
        let d = detect_text(text, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Zoom, Confidence::Certain),
            "{d}"
        );
        assert_eq!(
            d.evidence,
            "2 `HH:MM:SS` lines each followed by `Name: text`"
        );
        let d = detect_text("23:59:52\nTobias Lindqvist: Yes.\n", None);
        assert_eq!(
            d.to_string(),
            "generic: no format matched (zoom: 1 `HH:MM:SS` line before `Name: text`, needs 2)"
        );
        // A blank line between the time and the text, or a time in a
        // sentence, is not the shape.
        for text in [
            "23:59:52\n\nTobias Lindqvist: Yes.\n00:00:14\n\nAnjali Ferreira: No.\n",
            "At 23:59:52\nTobias Lindqvist: Yes.\nAt 00:00:14\nAnjali Ferreira: No.\n",
        ] {
            assert_eq!(detect_text(text, None).format, Format::Generic, "{text:?}");
        }
    }

    #[test]
    fn two_likely_formats_mean_generic() {
        let text = "    Chairman HARTWELL. Order.\n    Ms. DELGADO. Thanks.\n    Mr. JORDAN. Yes.\n\nDana Whitfield  0:03  \nHi.\n\nMarcus Okafor  0:31  \nThanks.\n";
        let d = detect_text(text, None);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Generic, Confidence::Fallback)
        );
        assert!(d.evidence.starts_with("unsure between hearing"), "{d}");
    }

    #[test]
    fn fallback_says_why() {
        let d = detect_text("Dana Whitfield  0:03  \nHello there.\n", None);
        assert_eq!(
            d.to_string(),
            "generic: no format matched (otter: 1 turn header, needs 2)"
        );
    }

    #[test]
    fn forced_format_skips_detection() {
        let settings = Settings {
            format: Some(Format::Hearing),
            ..Settings::default()
        };
        let d = detect("WEBVTT\n", &settings);
        assert_eq!(
            (d.format, d.confidence),
            (Format::Hearing, Confidence::Forced)
        );
    }

    #[test]
    fn reads_only_the_head_and_the_tail() {
        let mut text = "x\n".repeat(HEAD_LEN);
        text.push_str("[Dana] 10:00:00\nHi\n[Lee] 10:00:05\nHello\n");
        assert_eq!(detect_text(&text, None).format, Format::Generic);
        // A multi-byte character across the limit.
        let text = format!("{}é\n", "a".repeat(HEAD_LEN - 1));
        assert_eq!(detect_text(&text, None).format, Format::Generic);
    }
}
