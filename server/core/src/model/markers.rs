//! Bracketed elements within a line: annotation markers, footnote
//! references, editorial insertions and bracketed timestamps.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use super::footnotes::FootnoteRef;
use super::timestamps::{self, Timestamp, TimestampContext};

/// The built-in marker vocabulary, lower case. Multi-word tags match before
/// their prefixes (`foreign language` before `foreign`).
pub const MARKER_TAGS: &[&str] = &[
    "inaudible",
    "crosstalk",
    "cross-talk",
    "laughter",
    "laughs",
    "laughing",
    "chuckles",
    "applause",
    "via interpreter",
    "as interpreted",
    "through interpreter",
    "through an interpreter",
    "foreign language",
    "unintelligible",
    "indiscernible",
    "pause",
    "silence",
    "music",
    "background noise",
    "noise",
    "coughs",
    "sighs",
    "clears throat",
    "phonetic",
    "audio cuts out",
    "technical difficulties",
    "overlapping",
    "overtalk",
    "interruption",
    "off mic",
    "off-mic",
    "off mike",
    "in progress",
    "recess",
    "break in transcript",
    "video plays",
    "audio plays",
    "phone rings",
    "beep",
    "static",
    "in english",
    "in russian",
    "in french",
    "in spanish",
    "in arabic",
    "in german",
    "in chinese",
    "in italian",
    "in turkish",
    "in ukrainian",
];

/// What a marker with `tag` (canonical, lower case) tells a reader: shown
/// on hover and beside completions. Every tag of [`MARKER_TAGS`] has its
/// own (a test checks); tags a project adds get the general one.
pub fn marker_meaning(tag: &str) -> &'static str {
    match tag {
        "inaudible" | "unintelligible" | "indiscernible" => {
            "The words here could not be made out from the audio."
        }
        "crosstalk" | "cross-talk" | "overlapping" | "overtalk" => {
            "Several people spoke at once; the words could not be separated."
        }
        "laughter" | "laughs" | "laughing" | "chuckles" => "The speaker or the room laughed.",
        "applause" => "The audience applauded.",
        "via interpreter" | "as interpreted" | "through interpreter" | "through an interpreter" => {
            "What follows is an interpreter's rendering of the speaker's words."
        }
        "foreign language" => "Speech in a language the transcript does not render.",
        "pause" | "silence" => "A noticeable pause in speech.",
        "music" | "video plays" | "audio plays" => {
            "Recorded media played; no speech to transcribe."
        }
        "background noise" | "noise" | "static" | "beep" | "phone rings" => {
            "A sound, not speech, that affected the recording."
        }
        "coughs" | "sighs" | "clears throat" => "A non-verbal sound from the speaker.",
        "phonetic" => "The preceding word is spelled as it sounded; the spelling is unconfirmed.",
        "audio cuts out" | "technical difficulties" | "break in transcript" => {
            "The recording was interrupted; words may be missing."
        }
        "interruption" => "The speaker was interrupted.",
        "off mic" | "off-mic" | "off mike" => "Spoken away from the microphone.",
        "in progress" => "The recording begins after the event had started.",
        "recess" => "The proceedings paused.",
        PARENTHETICAL => {
            "A reporter's parenthetical: what happened in the room, in the reporter's words."
        }
        t if t.starts_with("in ") => "The speaker switched to another language here.",
        _ => GENERAL_MEANING,
    }
}

const GENERAL_MEANING: &str = "An annotation marker from the project's configured vocabulary.";

/// A known tag found in a marker: its canonical lower-case spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerTag(pub String);

/// How a marker ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closer {
    /// The matching bracket, at this offset.
    Matched(usize),
    /// The other kind of bracket, at this offset: `(inaudible]`.
    Mismatched(usize),
    /// Nothing closes it before another bracket opens or the line ends.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// From the opener to the closer inclusive; to the end of the tag (and
    /// timestamp) when unclosed.
    pub range: Range<usize>,
    /// `(` or `[`.
    pub opener: char,
    /// The tag as written, e.g. `Inaudible`.
    pub tag_range: Range<usize>,
    pub tag: MarkerTag,
    /// The timestamp the marker carries: `[inaudible 00:01:42]`.
    pub timestamp: Option<Range<usize>>,
    pub closer: Closer,
    /// Where a missing closer belongs: straight after the tag, its period
    /// and any timestamp.
    pub close_at: usize,
    /// Whether the marker opens a sentence: first on its line (after any
    /// label), or after `.`, `?`, `!` or `:`. A capital there is sentence
    /// case, not a style choice: `we don't have that. (Inaudible) just`.
    pub sentence_start: bool,
    /// For a wrong closer (`Closer::Mismatched`): whether the bracket around
    /// the marker is of that closer's kind, so that the closer still has a
    /// bracket to close once the marker gets its own (`[He said (inaudible
    /// that day]`). Without one, closing the marker leaves it stray.
    pub wrong_closer_has_owner: bool,
    /// For a marker still open when its paragraph ends: what the paragraph
    /// tells about where its closer belongs. Set when the transcript is
    /// assembled (see [`join_wrapped`]), `None` for every other marker.
    pub open_end: Option<OpenEnd>,
}

/// Where a marker left open at the end of its paragraph may close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenEnd {
    /// The tag is capitalised and a lower-case word follows it (`(Pause in
    /// the proceedings.`, `(Recess taken.`): the annotation is a phrase that
    /// goes on past its tag, so its end is not where the tag ends.
    pub phrase: bool,
    /// Where the phrase's sentence ends: after the first `.`, `?` or `!`
    /// (and any quote) past the tag followed by a space or the end of the
    /// paragraph's text; the end of that text when none is.
    pub phrase_end: usize,
    /// The phrase's sentence is the last of the paragraph.
    pub ends_paragraph: bool,
    /// The opener is the first character of its paragraph (no label or
    /// other text before it): the paragraph is the annotation alone.
    pub alone: bool,
}

impl Marker {
    pub fn expected_closer(&self) -> char {
        if self.opener == '(' {
            ')'
        } else {
            ']'
        }
    }
}

/// Bracketed text that is not a known marker and not a footnote reference:
/// `[Syrian President]`, `[sic]`, `(UN)`, or a misspelled tag `(inaduible)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BracketGroup {
    pub range: Range<usize>,
    pub inner: Range<usize>,
    /// The inner text without surrounding spaces, a trailing timestamp and
    /// a trailing period or comma: `inaduible` in `[inaduible 00:01:42]`,
    /// `Laugter` in `(Laugter.)`. Empty when nothing is left.
    pub words: Range<usize>,
    /// A timestamp closing the inner text: `00:01:42` in `[inaduible 00:01:42]`.
    pub timestamp: Option<Range<usize>>,
    pub opener: char,
    pub closed: bool,
}

pub(crate) struct Vocabulary {
    automaton: AhoCorasick,
    tags: Vec<String>,
}

impl Vocabulary {
    pub fn new(extra: &[String]) -> Vocabulary {
        let mut tags: Vec<String> = MARKER_TAGS.iter().map(|s| s.to_string()).collect();
        // A tag is what stands inside the brackets: one with a bracket in it
        // would take the closer for part of the tag (`config` rejects them;
        // a `Config` built in code is not checked).
        tags.extend(
            extra
                .iter()
                .filter(|t| !t.contains(['(', ')', '[', ']']))
                .cloned(),
        );
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&tags)
            .expect("marker vocabulary builds");
        Vocabulary { automaton, tags }
    }

    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| Vocabulary::new(&[]))
    }

    /// The tag starting exactly at `at`, ending at a word boundary.
    fn tag_at(&self, line: &str, at: usize) -> Option<(usize, &str)> {
        let input = Input::new(line).range(at..).anchored(Anchored::Yes);
        let m = self.automaton.find(input)?;
        let end = m.end();
        if line[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        Some((end, &self.tags[m.pattern().as_usize()]))
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LineBrackets {
    pub markers: Vec<Marker>,
    pub groups: Vec<BracketGroup>,
    pub refs: Vec<FootnoteRef>,
    pub timestamps: Vec<Timestamp>,
}

/// Scans one line (at byte `base` in the document) for bracketed elements.
/// `skip_to` is where scanning starts: after a label, or after a note's own
/// `[n]`.
pub(crate) fn scan_line(
    line: &str,
    base: usize,
    skip_to: usize,
    vocab: &Vocabulary,
    out: &mut LineBrackets,
) {
    let bytes = line.as_bytes();
    // Most lines hold no bracket at all; brackets before the first opener
    // pair with nothing, so pairing starts there.
    let Some(first) = memchr::memchr2(b'(', b'[', &bytes[skip_to.min(bytes.len())..]) else {
        return;
    };
    let pairs = Pairs::new(bytes, skip_to + first);
    let mut i = skip_to + first;
    while i < bytes.len() {
        let Some(p) = memchr::memchr2(b'(', b'[', &bytes[i..]) else {
            break;
        };
        i += p;
        let b = bytes[i];
        let opener = b as char;
        let want = if b == b'(' { b')' } else { b']' };
        if let Some((tag_end, tag)) = vocab.tag_at(line, i + 1) {
            let mut close_at = tag_end;
            // `(Laughter.)`, `(Inaudible.)`
            if matches!(bytes.get(close_at), Some(b'.') | Some(b',')) {
                close_at += 1;
            }
            let mut timestamp = None;
            let ws =
                line[close_at..].len() - line[close_at..].trim_start_matches([' ', '\u{a0}']).len();
            if let Some(len) = timestamps::match_at(&line[close_at + ws..]) {
                let start = close_at + ws;
                timestamp = Some(base + start..base + start + len);
                out.timestamps.push(Timestamp::new(
                    &line[start..start + len],
                    base + start,
                    TimestampContext::Marker,
                ));
                close_at = start + len;
            }
            // Brackets pair up like parentheses: a bracket opened inside
            // (`(Laughter (inaudible))`) closes before the marker can, a
            // wrong closer mismatches it, and a line that ends first means
            // it was never closed.
            let found = pairs.closer_of(i);
            let closer = found.map_or(Closer::Missing, |(at, right, _)| {
                if right {
                    Closer::Matched(base + at)
                } else {
                    Closer::Mismatched(base + at)
                }
            });
            let end = match closer {
                Closer::Matched(p) | Closer::Mismatched(p) => p + 1,
                Closer::Missing => base + close_at,
            };
            out.markers.push(Marker {
                range: base + i..end,
                opener,
                tag_range: base + i + 1..base + tag_end,
                tag: MarkerTag(tag.to_string()),
                timestamp,
                closer,
                close_at: base + close_at,
                sentence_start: starts_sentence(&line[skip_to.min(i)..i]),
                wrong_closer_has_owner: found.is_some_and(|(_, _, owned)| owned),
                open_end: None,
            });
            // Carry on after the tag, not after the closer, so that brackets
            // inside the marker are scanned too.
            i = close_at.max(i + 1);
            continue;
        }
        // Not a marker: find the matching closer on this line, if any.
        let close = pairs.next_closer(want, i + 1);
        let inner_end = close.unwrap_or(bytes.len());
        // A new opener before the closer means nesting; take the group only
        // up to it so inner markers are still scanned.
        let nested = pairs.next_opener(i + 1).filter(|&p| p < inner_end);
        let inner = &line[i + 1..inner_end];
        if b == b'[' && close.is_some() && nested.is_none() {
            if let Some(r) = footnote_ref(inner, base + i, base + inner_end + 1) {
                out.refs.push(r);
                i = inner_end + 1;
                continue;
            }
            if let Some(len) = timestamps::match_at(inner).filter(|&len| len == inner.len()) {
                out.timestamps.push(Timestamp::new(
                    &inner[..len],
                    base + i + 1,
                    TimestampContext::Standalone,
                ));
            }
        }
        if b == b'(' && close.is_some() && nested.is_none() {
            if let Some(len) = timestamps::match_at(inner).filter(|&len| len == inner.len()) {
                out.timestamps.push(Timestamp::new(
                    &inner[..len],
                    base + i + 1,
                    TimestampContext::Standalone,
                ));
            }
        }
        let (range_end, closed) = match (close, nested) {
            (Some(c), None) => (c + 1, true),
            (_, Some(n)) => (n, false),
            (None, None) => (bytes.len(), false),
        };
        let inner_end = inner_end.min(nested.unwrap_or(usize::MAX));
        let (words, timestamp) = group_words(&line[i + 1..inner_end], base + i + 1);
        out.groups.push(BracketGroup {
            range: base + i..base + range_end,
            inner: base + i + 1..base + inner_end,
            words,
            timestamp,
            opener,
            closed,
        });
        i = if closed { range_end } else { i + 1 };
    }
}

/// The tag of a parenthetical that is an annotation whatever its first
/// word: a court reporter's `(Ostergaard Exhibit 9 was marked for
/// identification.)`. Never matched in text; given by a reader.
pub const PARENTHETICAL: &str = "parenthetical";

/// Makes the bracket group opened at byte `at` of the document (found by
/// the last [`scan_line`], whose lists of markers and groups started at
/// `markers_from` and `groups_from`) a marker tagged [`PARENTHETICAL`],
/// its first word standing as the tag: a parenthetical still open at its
/// line's end, which the join across lines then closes on a later line of
/// its paragraph, or finds unclosed. A known tag there (`(Pause in the`)
/// is a marker already and stays as it is.
pub(crate) fn parenthetical(
    out: &mut LineBrackets,
    text: &str,
    at: usize,
    markers_from: usize,
    groups_from: usize,
) {
    let Some(g) = (groups_from..out.groups.len()).find(|&g| out.groups[g].range.start == at) else {
        return;
    };
    let word = &text[at + 1..out.groups[g].range.end.max(at + 1)];
    let len = word
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(word.len(), |(i, _)| i);
    if len == 0 {
        return;
    }
    out.groups.remove(g);
    let tag_range = at + 1..at + 1 + len;
    // The first bracket of its line: the line's markers all come after it.
    out.markers.insert(
        markers_from,
        Marker {
            range: at..tag_range.end,
            opener: '(',
            close_at: tag_range.end,
            tag_range,
            tag: MarkerTag(PARENTHETICAL.to_string()),
            timestamp: None,
            closer: Closer::Missing,
            sentence_start: true,
            wrong_closer_has_owner: false,
            open_end: None,
        },
    );
}

/// Where the brackets of one line are, found in one pass, so that looking
/// up a closer costs a binary search rather than a scan: a line of several
/// megabytes with thousands of unclosed brackets stays linear.
struct Pairs {
    openers: Vec<usize>,
    /// For each opener: its closer, whether it is the right kind, and when
    /// it is not, whether the bracket still open around it is of the
    /// closer's kind.
    closers: Vec<Option<(usize, bool, bool)>>,
    parens: Vec<usize>,
    squares: Vec<usize>,
}

impl Pairs {
    fn new(bytes: &[u8], from: usize) -> Pairs {
        let mut pairs = Pairs {
            openers: Vec::new(),
            closers: Vec::new(),
            parens: Vec::new(),
            squares: Vec::new(),
        };
        // Indices into `openers` still waiting for a closer.
        let mut open: Vec<usize> = Vec::new();
        let rest = &bytes[from.min(bytes.len())..];
        let all = super::lexical::merge_sorted(
            memchr::memchr3_iter(b'(', b')', b'[', rest),
            memchr::memchr_iter(b']', rest),
        );
        for j in all {
            let j = from + j;
            let b = bytes[j];
            match b {
                b'(' | b'[' => {
                    open.push(pairs.openers.len());
                    pairs.openers.push(j);
                    pairs.closers.push(None);
                }
                b')' | b']' => {
                    if b == b')' {
                        pairs.parens.push(j);
                    } else {
                        pairs.squares.push(j);
                    }
                    // A stray closer with nothing open is plain text.
                    if let Some(k) = open.pop() {
                        let right = b == closer_for(bytes[pairs.openers[k]]);
                        let owned = !right
                            && open
                                .last()
                                .is_some_and(|&o| closer_for(bytes[pairs.openers[o]]) == b);
                        pairs.closers[k] = Some((j, right, owned));
                    }
                }
                _ => {}
            }
        }
        pairs
    }

    fn closer_of(&self, opener: usize) -> Option<(usize, bool, bool)> {
        let k = self.openers.binary_search(&opener).ok()?;
        self.closers[k]
    }

    fn next_closer(&self, kind: u8, from: usize) -> Option<usize> {
        let list = if kind == b')' {
            &self.parens
        } else {
            &self.squares
        };
        list.get(list.partition_point(|&p| p < from)).copied()
    }

    fn next_opener(&self, from: usize) -> Option<usize> {
        let k = self.openers.partition_point(|&p| p < from);
        self.openers.get(k).copied()
    }
}

/// The closer that matches opener `b`.
fn closer_for(b: u8) -> u8 {
    if b == b'(' {
        b')'
    } else {
        b']'
    }
}

/// Whether text `before` a bracket (from the label or line start) leaves the
/// bracket at the start of a sentence.
fn starts_sentence(before: &str) -> bool {
    let t = before
        .trim_end_matches(char::is_whitespace)
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '*']);
    t.is_empty() || t.ends_with(['.', '?', '!', '…', ':'])
}

/// The words of a bracket group's `inner` text (at byte `base`), and the
/// timestamp that ends it, if any.
fn group_words(inner: &str, base: usize) -> (Range<usize>, Option<Range<usize>>) {
    let mut end = inner.trim_end_matches(char::is_whitespace).len();
    let start = inner.len() - inner.trim_start_matches(char::is_whitespace).len();
    let mut timestamp = None;
    if let Some((sp, c)) = inner[start.min(end)..end]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace())
    {
        let token = start + sp + c.len_utf8();
        if timestamps::match_at(&inner[token..end]) == Some(end - token) {
            timestamp = Some(base + token..base + end);
            end = inner[..token].trim_end_matches(char::is_whitespace).len();
        }
    }
    let words = inner[..end.max(start)].trim_end_matches(['.', ',']);
    let end = words.len().max(start);
    (base + start..base + end, timestamp)
}

/// `[12]` or `[^12]`. Numbers of one to three digits: `[2015]` is a year an
/// editor inserted, not a reference.
fn footnote_ref(inner: &str, start: usize, end: usize) -> Option<FootnoteRef> {
    let (digits, markdown) = match inner.strip_prefix('^') {
        Some(d) => (d, true),
        None => (inner, false),
    };
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Notes are numbered from 1 and never zero-padded: `[0]` and `[03]` are
    // indices, not references.
    if digits.starts_with('0') {
        return None;
    }
    Some(FootnoteRef {
        range: start..end,
        number: digits.parse().ok()?,
        markdown,
        backslash: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(line: &str) -> LineBrackets {
        let mut out = LineBrackets::default();
        scan_line(line, 0, 0, Vocabulary::builtin(), &mut out);
        out
    }

    #[test]
    fn closed_markers() {
        let s = scan("Yes (inaudible) and (Laughter.) and [crosstalk 00:06:51].");
        assert_eq!(s.markers.len(), 3);
        assert!(s
            .markers
            .iter()
            .all(|m| matches!(m.closer, Closer::Matched(_))));
        assert_eq!(s.markers[2].tag.0, "crosstalk");
        assert_eq!(s.timestamps.len(), 1);
    }

    #[test]
    fn unclosed_then_closed() {
        let line = "(inaudible adopting (inaudible) SC resolution";
        let s = scan(line);
        assert_eq!(s.markers.len(), 2);
        assert_eq!(s.markers[0].closer, Closer::Missing);
        assert_eq!(s.markers[0].close_at, "(inaudible".len());
        assert!(matches!(s.markers[1].closer, Closer::Matched(_)));
    }

    #[test]
    fn closer_after_period_and_timestamp() {
        let s = scan("(Laughter. (Inaudible.)");
        assert_eq!(s.markers[0].close_at, "(Laughter.".len());
        let line = "[inaudible 00:01:38 that nobody";
        let s = scan(line);
        assert_eq!(s.markers[0].close_at, "[inaudible 00:01:38".len());
        let s = scan("(inaudible] yes");
        assert_eq!(s.markers[0].closer, Closer::Mismatched(10));
    }

    #[test]
    fn refs_and_insertions() {
        let s = scan("Robin[2] met [Syrian President] Assad [sic] in [2015] [^3].");
        let nums: Vec<u32> = s.refs.iter().map(|r| r.number).collect();
        assert_eq!(nums, vec![2, 3]);
        assert_eq!(s.groups.len(), 3);
    }

    #[test]
    fn tag_needs_word_boundary() {
        let s = scan("(pauses) (musical) (Pause)");
        assert_eq!(s.markers.len(), 1);
    }

    #[test]
    fn nested_brackets_close_before_the_marker() {
        let line = "(Laughter (inaudible)) and (inaudible [sic] here) then (crosstalk (x] y";
        let s = scan(line);
        let found: Vec<(&str, Closer)> = s
            .markers
            .iter()
            .map(|m| (&line[m.range.clone()], m.closer))
            .collect();
        assert_eq!(found.len(), 4);
        assert_eq!(found[0], ("(Laughter (inaudible))", Closer::Matched(21)));
        assert_eq!(found[1].0, "(inaudible)");
        assert_eq!(found[2].0, "(inaudible [sic] here)");
        // A wrong closer inside a nested bracket leaves the marker open.
        assert_eq!(found[3], ("(crosstalk", Closer::Missing));
        assert_eq!(s.groups.len(), 2, "[sic] and (x] are still scanned");
    }

    #[test]
    fn sentence_starts() {
        let starts = |line: &str| -> Vec<bool> {
            scan(line)
                .markers
                .iter()
                .map(|m| m.sentence_start)
                .collect()
        };
        assert_eq!(
            starts("(Laughter.) (Inaudible.) We (inaudible) it. (Inaudible) yes: (Pause) and “(laughs)”"),
            vec![true, true, false, true, true, false]
        );
        // After a label, scanning starts past the colon.
        let mut out = LineBrackets::default();
        scan_line(
            "QUESTION:\u{a0}(Inaudible) more",
            0,
            9,
            Vocabulary::builtin(),
            &mut out,
        );
        assert!(out.markers[0].sentence_start);
    }

    #[test]
    fn group_words_drop_timestamp_and_period() {
        let line =
            "[cross talk 00:06:51] (Laugter.) ( spaced ) [00:01:02] () (Notes\u{a0}00:01:02)";
        let s = scan(line);
        let words: Vec<&str> = s.groups.iter().map(|g| &line[g.words.clone()]).collect();
        assert_eq!(
            words,
            vec!["cross talk", "Laugter", "spaced", "00:01:02", "", "Notes"]
        );
        assert_eq!(
            s.groups[0].timestamp.clone().map(|r| &line[r]),
            Some("00:06:51")
        );
        assert_eq!(s.groups[1].timestamp, None);
    }
}

#[cfg(test)]
mod index_tests {
    use crate::model::Transcript;
    use crate::settings::Settings;

    #[test]
    fn zero_and_padded_numbers_are_not_references() {
        let doc = Transcript::parse(
            "MR A: x[0] y[03] z[3].\n\nMR B: ok.\n",
            &Settings::default(),
        );
        let numbers: Vec<u32> = doc.footnote_refs.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![3]);
    }

    #[test]
    fn prose_without_notes_has_no_references() {
        let doc = Transcript::parse(
            "Use argv[1] and m[2][3] or f()[4] here.\n",
            &Settings::default(),
        );
        assert!(doc.footnote_refs.is_empty());
        let doc = Transcript::parse("A claim.[1] Another.[2]\n", &Settings::default());
        assert_eq!(doc.footnote_refs.len(), 2);
        let doc = Transcript::parse(
            "A claim.[1]\n\nNotes\n\n[1] A source.\n",
            &Settings::default(),
        );
        assert_eq!(doc.footnote_refs.len(), 1);
    }

    #[test]
    fn every_built_in_tag_has_a_meaning_of_its_own() {
        use super::{marker_meaning, GENERAL_MEANING, MARKER_TAGS};
        for tag in MARKER_TAGS {
            assert_ne!(marker_meaning(tag), GENERAL_MEANING, "{tag}");
        }
        assert_eq!(marker_meaning("drums"), GENERAL_MEANING);
    }
}
