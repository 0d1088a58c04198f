//! Caption files as transcripts: WebVTT (FORMATS.md §3.6) and SubRip
//! (§3.7).
//!
//! A caption file is read into the same [`Transcript`] as any other: voices
//! (`<v Dana Whitfield>`) and `NAME:` prefixes are speaker labels, cue text
//! is scanned for markers, names and lexical facts. What is not text (the
//! header, `NOTE`, `STYLE` and `REGION` blocks, cue identifiers and
//! numbers, timing lines, tags and position codes) is furniture: no fact is
//! found in it, so no text rule or name scan ever sees markup. Cue timings
//! are kept apart, as [`Cue`]s, for the `cue-*` rules; they are not
//! [`super::Timestamp`]s.
//!
//! Each cue is read on its own (its lines, then its payload line by line);
//! only which `NAME:` prefixes are labels is decided for the whole file,
//! as for any transcript.

mod payload;
mod timing;

use std::borrow::Cow;
use std::ops::Range;

pub use timing::{format_millis, CueTime, CueTiming, TimingProblem};

use super::labels::{self, LabelForm, SpeakerKey, SpeakerLabel};
use super::lines::{self, Line};
use super::{markers, names, with_vocabulary, Facts, Layout, Style, Transcript, Turn};
use crate::settings::{Format, Settings};

/// The caption formats read as transcripts (FORMATS.md §3.6, §3.7): the
/// one place their conventions differ (the millisecond separator, voices,
/// sequence numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptionFormat {
    /// W3C WebVTT (`.vtt`), Zoom's cloud transcripts included.
    WebVtt,
    /// SubRip (`.srt`).
    Srt,
}

impl CaptionFormat {
    /// The caption format `format` is, if it is one.
    pub fn of(format: Format) -> Option<CaptionFormat> {
        match format {
            Format::WebVtt => Some(CaptionFormat::WebVtt),
            Format::Srt => Some(CaptionFormat::Srt),
            _ => None,
        }
    }

    fn format(self) -> Format {
        match self {
            CaptionFormat::WebVtt => Format::WebVtt,
            CaptionFormat::Srt => Format::Srt,
        }
    }
}

/// One cue: an optional identifier (WebVTT) or sequence number (SRT), a
/// timing line, and payload lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// From the identifier (or the timing line) to the end of the payload.
    pub range: Range<usize>,
    /// The identifier or sequence number line, as written.
    pub id: Option<Range<usize>>,
    /// SRT: the sequence number, when the identifier is one.
    pub number: Option<u64>,
    pub timing: CueTiming,
    /// The payload lines, from the first's start to the last's end; empty
    /// (at the end of the timing line) when the cue has none.
    pub payload: Range<usize>,
    /// WebVTT inline timestamps (`<00:00:02.500>`), in order.
    pub inline_times: Vec<CueTime>,
}

/// How a WebVTT file's first line fails to be the `WEBVTT` signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    /// `WebVTT`, `webvtt`: the signature in the wrong case.
    WrongCase,
    /// Blank lines or spaces before the signature.
    Preceded,
    /// Numbered blocks with comma timings: an SRT file named `.vtt`.
    LooksLikeSrt,
    /// Something else, or nothing, where the signature belongs.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSignature {
    /// The text to replace (wrong case), to delete (what precedes the
    /// signature), or the first line.
    pub range: Range<usize>,
    pub problem: SignatureProblem,
}

/// What a caption file adds to the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captions {
    pub format: CaptionFormat,
    /// WebVTT only: the signature line, when it is wrong.
    pub signature: Option<BadSignature>,
    pub cues: Vec<Cue>,
    /// Markup inside cue text (tags, `{\an8}` codes), in order.
    pub tags: Vec<Range<usize>>,
    /// Character references inside cue text (`&amp;`, `&nbsp;`), in order.
    /// Neither text nor markup: no word is read in them.
    pub entities: Vec<Range<usize>>,
}

impl Captions {
    /// The text of `range` as a viewer reads it: without tags and codes,
    /// and with each character reference the reader knows (`&nbsp;`,
    /// `&amp;`, `&hellip;`, numeric ones) as its character. Another named
    /// reference (`&eacute;`) stays as written: most are letters, so it
    /// still counts as part of a word. Borrowed when there is no markup.
    pub fn spoken<'t>(&self, text: &'t str, range: Range<usize>) -> Cow<'t, str> {
        let within = |list: &[Range<usize>]| {
            let from = list.partition_point(|r| r.end <= range.start);
            let to = list.partition_point(|r| r.start < range.end);
            list[from..to.max(from)].to_vec()
        };
        let mut markup = within(&self.tags);
        markup.extend(within(&self.entities));
        if markup.is_empty() {
            return Cow::Borrowed(&text[range]);
        }
        markup.sort_unstable_by_key(|r| r.start);
        let mut out = String::with_capacity(range.len());
        let mut at = range.start;
        for m in markup {
            let (start, end) = (m.start.max(range.start), m.end.min(range.end));
            out.push_str(&text[at.min(start)..start]);
            if (start, end) == (m.start, m.end) && text[m.clone()].starts_with('&') {
                let entity = &text[m];
                match payload::entity_char(entity) {
                    Some(c) => out.push(c),
                    None => out.push_str(entity),
                }
            }
            at = at.max(end);
        }
        out.push_str(&text[at.min(range.end)..range.end]);
        Cow::Owned(out)
    }

    /// The cue whose block contains `offset`.
    pub fn cue_at(&self, offset: usize) -> Option<&Cue> {
        let i = self.cues.partition_point(|c| c.range.start <= offset);
        let cue = self.cues.get(i.checked_sub(1)?)?;
        (offset <= cue.range.end).then_some(cue)
    }
}

fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// Is `line` (BOM removed) the WebVTT signature?
fn is_signature(line: &str) -> bool {
    line.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Runs of non-blank lines, as line index ranges. A first line holding
/// only a byte-order mark is blank.
fn blocks(text: &str, lines: &[Line]) -> Vec<Range<usize>> {
    let blank =
        |i: usize| lines[i].blank || (i == 0 && strip_bom(lines[0].text(text)).trim().is_empty());
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blank(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !blank(i) {
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// A speaker's start inside a cue.
struct Start {
    label: SpeakerLabel,
    /// Where the label's line starts.
    line_start: usize,
    body_start: usize,
}

/// One payload line, read, with its place.
struct Read {
    cue: usize,
    line: usize,
    payload: payload::PayloadLine,
    /// Where spoken text starts when a `NAME:` prefix is the line's label.
    body_from: Option<usize>,
}

/// Parses `text` as a caption file in `format`.
pub(crate) fn parse<'a>(
    text: &'a str,
    settings: &Settings,
    format: CaptionFormat,
) -> Transcript<'a> {
    let lines = lines::split(text);
    let bom = text.len() - strip_bom(text).len();
    let line_text = |i: usize| {
        let s = lines[i].text(text);
        if i == 0 {
            &s[bom.min(s.len())..]
        } else {
            s
        }
    };
    let line_start = |i: usize| if i == 0 { bom } else { lines[i].start };

    // Line index ranges, ascending: header, blocks, ids and timing lines.
    let mut furniture = Vec::new();
    let mut cues = Vec::new();
    let mut header = None;
    let mut signature = None;
    let mut reads: Vec<Read> = Vec::new();
    let mut tags = Vec::new();
    let mut entities = Vec::new();
    let all_blocks = blocks(text, &lines);
    for (n, block) in all_blocks.iter().enumerate() {
        let block_range = line_start(block.start)..lines[block.end - 1].content_end;
        let first = line_text(block.start);
        let timing_at = (block.start..block.end.min(block.start + 2))
            .find(|&i| timing::parse(line_text(i), line_start(i), format).is_some());
        if format == CaptionFormat::WebVtt && n == 0 {
            signature = bad_signature(text, &lines, block.start, first, line_start(block.start));
            let is_header = signature.as_ref().is_none_or(|s| {
                s.problem != SignatureProblem::Missing
                    && s.problem != SignatureProblem::LooksLikeSrt
            }) || timing_at.is_none();
            if is_header {
                header = Some(block_range);
                furniture.push(block.clone());
                continue;
            }
        }
        if format == CaptionFormat::WebVtt {
            let word = first.split([' ', '\t']).next().unwrap_or("");
            if matches!(word, "NOTE" | "STYLE" | "REGION")
                && timing_at.is_none_or(|t| t > block.start)
            {
                furniture.push(block.clone());
                continue;
            }
        }
        let Some(t) = timing_at else {
            // Neither a cue nor a block WebVTT knows: parsers skip it, and
            // so does the scan.
            furniture.push(block.clone());
            continue;
        };
        let timing = timing::parse(line_text(t), line_start(t), format)
            .expect("the timing line was read above");
        let id = (t > block.start).then(|| {
            let s = line_text(block.start);
            let trimmed = s.trim_end();
            line_start(block.start)..line_start(block.start) + trimmed.len()
        });
        let number = id
            .as_ref()
            .map(|r| text[r.clone()].trim())
            .filter(|s| !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse().ok());
        furniture.push(block.start..t + 1);
        let payload = if t + 1 < block.end {
            lines[t + 1].start..lines[block.end - 1].content_end
        } else {
            lines[t].content_end..lines[t].content_end
        };
        let mut inline_times = Vec::new();
        for li in t + 1..block.end {
            let read = payload::read(line_text(li), line_start(li), format);
            tags.extend(read.tags.iter().cloned());
            entities.extend(read.entities.iter().cloned());
            for stamp in &read.stamps {
                inline_times.push(timing::time(&text[stamp.clone()], stamp.start, format));
            }
            reads.push(Read {
                cue: cues.len(),
                line: li,
                payload: read,
                body_from: None,
            });
        }
        cues.push(Cue {
            range: block_range,
            id,
            number,
            timing,
            payload,
            inline_times,
        });
    }

    let starts = speakers(text, settings, format, &lines, &mut reads);
    let turns = turns(&lines, &cues, &reads, starts);

    let mut facts = Facts::default();
    let mut spoken_from = Vec::new();
    with_vocabulary(settings, |vocab| {
        let mut pending = reads.iter().peekable();
        for (i, line) in lines.iter().enumerate() {
            if line.blank {
                facts
                    .lexical
                    .push_blank(i, line.start == line.content_end, i + 1 == lines.len());
            }
            let Some(read) = pending.next_if(|r| r.line == i) else {
                continue;
            };
            let from = read
                .body_from
                .or_else(|| read.payload.voices.first().map(|v| v.1.end))
                .unwrap_or(line.start);
            if from > line.start {
                spoken_from.push((i, from - line.start));
            }
            scan_text(text, line, &read.payload.text, from, &mut facts);
        }
        // Markers are matched within their cue, not their line: captions
        // wrap every 32 to 42 characters, so `[gentle accordion` ends one
        // line and `music]` starts the next. A bracket still open when its
        // cue ends is unclosed. Tags hold no brackets worth reading, and a
        // label before the text is skipped.
        let mut reads = reads.iter().peekable();
        for (k, cue) in cues.iter().enumerate() {
            let mut first = None;
            while let Some(read) = reads.next_if(|r| r.cue <= k) {
                if read.cue == k && first.is_none() {
                    first = Some(read);
                }
            }
            let Some(first) = first else { continue };
            let skip = first
                .body_from
                .or_else(|| first.payload.voices.first().map(|v| v.1.end))
                .map_or(0, |from| from.saturating_sub(cue.payload.start));
            let payload = &text[cue.payload.clone()];
            let skip = skip.min(payload.len());
            markers::scan_line(payload, cue.payload.start, skip, vocab, &mut facts.brackets);
        }
    });
    // Captions have no footnotes: `[1]` in a cue is text.
    facts.brackets.refs.clear();

    let style = if turns.is_empty() {
        Style::Prose
    } else {
        Style::Interview
    };
    let mut layout = Layout {
        format: format.format(),
        furniture,
        accepted: Vec::new(),
        body_lines_end: lines.len(),
        notes_block: None,
        notes: Vec::new(),
        turns,
        header,
        style,
        inline_note_lines: Vec::new(),
        note_sections: Vec::new(),
        roster: Vec::new(),
    };
    let mut doc = Transcript::assemble(text, lines, &mut layout, facts, spoken_from, Vec::new());
    doc.captions = Some(Captions {
        format,
        signature,
        cues,
        tags,
        entities,
    });
    doc
}

/// Scans the text runs of one payload line from `from` on: the lexical
/// facts and name mentions the line scan finds in any transcript, found run
/// by run so that no tag is read as words. Trailing whitespace is the
/// line's own. (Markers are matched per cue, see [`parse`].)
fn scan_text(text: &str, line: &Line, runs: &[Range<usize>], from: usize, facts: &mut Facts) {
    for run in runs {
        let start = run.start.max(from);
        if start >= run.end {
            continue;
        }
        let s = &text[start..run.end];
        // A run that ends at a tag ends with the tag's space, not the
        // line's: only the line's end has trailing whitespace.
        let kept = facts.lexical.trailing_whitespace.len();
        facts.lexical.scan_content(s, start, 0);
        facts.lexical.trailing_whitespace.truncate(kept);
        names::scan_mentions(s, start, &mut facts.mentions);
    }
    let s = line.text(text);
    let trimmed = s.trim_end();
    if trimmed.len() < s.len() && !trimmed.is_empty() {
        facts
            .lexical
            .trailing_whitespace
            .push(line.start + trimmed.len()..line.content_end);
    }
}

/// The signature problem of a WebVTT file whose first block starts at line
/// `first_line` with `first` (BOM removed) at byte `at`.
fn bad_signature(
    text: &str,
    lines: &[Line],
    first_line: usize,
    first: &str,
    at: usize,
) -> Option<BadSignature> {
    let trimmed = first.trim_start_matches([' ', '\t']);
    let word_end = trimmed.find([' ', '\t']).unwrap_or(trimmed.len());
    let word = &trimmed[..word_end];
    let start = text.len() - strip_bom(text).len();
    let lead = first.len() - trimmed.len();
    if first_line > 0 || lead > 0 {
        if is_signature(trimmed) {
            return Some(BadSignature {
                range: start..at + lead,
                problem: SignatureProblem::Preceded,
            });
        }
    } else if is_signature(first) {
        return None;
    }
    if word.eq_ignore_ascii_case("WEBVTT") && first_line == 0 && lead == 0 {
        return Some(BadSignature {
            range: at..at + word.len(),
            problem: SignatureProblem::WrongCase,
        });
    }
    let srt = first.trim().bytes().all(|b| b.is_ascii_digit())
        && lines
            .get(first_line + 1)
            .is_some_and(|l| text[l.start..l.content_end].contains(','));
    Some(BadSignature {
        range: at..at + first.trim_end().len(),
        problem: if srt {
            SignatureProblem::LooksLikeSrt
        } else {
            SignatureProblem::Missing
        },
    })
}

/// Finds the speakers: voices in WebVTT; otherwise `NAME:` prefixes on a
/// cue's first line and on dash lines, accepted for the whole file as in
/// any transcript. Records on each read line where its spoken text starts.
fn speakers(
    text: &str,
    settings: &Settings,
    format: CaptionFormat,
    lines: &[Line],
    reads: &mut [Read],
) -> Vec<(usize, Start)> {
    let mut out = Vec::new();
    let voiced =
        format == CaptionFormat::WebVtt && reads.iter().any(|r| !r.payload.voices.is_empty());
    if voiced {
        for r in reads.iter() {
            for (name, tag) in &r.payload.voices {
                let written = &text[name.clone()];
                let key = labels::speaker_key(written);
                let form = if written.chars().any(char::is_lowercase) {
                    LabelForm::Title
                } else {
                    LabelForm::Caps
                };
                out.push((
                    r.cue,
                    Start {
                        label: SpeakerLabel {
                            range: name.clone(),
                            full: tag.clone(),
                            key: SpeakerKey::new(key),
                            form,
                            timestamp: None,
                            text_follows: true,
                        },
                        // A voice after text on its line starts where
                        // its tag does; otherwise its turn takes the line.
                        line_start: if r.payload.text.iter().any(|t| t.start < tag.start) {
                            tag.start
                        } else {
                            lines[r.line].start
                        },
                        body_start: tag.end,
                    },
                ));
            }
        }
        return out;
    }
    let mut found: Vec<(usize, usize, labels::Candidate)> = Vec::new();
    let mut first_of_cue = usize::MAX;
    for (k, r) in reads.iter().enumerate() {
        let first = r.cue != first_of_cue;
        first_of_cue = r.cue;
        if !(first || r.payload.dash) {
            continue;
        }
        let line = &lines[r.line];
        let at = line.start + r.payload.prefix_at;
        if let Some(c) = labels::candidate(&text[at..line.content_end], at) {
            found.push((k, r.cue, c));
        }
    }
    let only: Vec<&labels::Candidate> = found.iter().map(|(_, _, c)| c).collect();
    let paragraphs: Vec<usize> = found.iter().map(|(_, cue, _)| *cue).collect();
    let keep = labels::accept(&only, &paragraphs, |key| settings.roster.contains_key(key));
    for ((k, cue, c), keep) in found.into_iter().zip(keep) {
        if !keep {
            continue;
        }
        let line_start = lines[reads[k].line].start;
        reads[k].body_from = Some(c.body_start);
        out.push((
            cue,
            Start {
                label: c.label,
                line_start,
                body_start: c.body_start,
            },
        ));
    }
    out
}

/// Lays out the turns: each speaker's text runs to the next speaker or dash
/// line in its cue, or to the cue's end.
fn turns(lines: &[Line], cues: &[Cue], reads: &[Read], starts: Vec<(usize, Start)>) -> Vec<Turn> {
    // Where a new speaker starts in each cue: a speaker's start, or a dash
    // line (a change of speaker with no name).
    let mut breaks: Vec<(usize, usize)> = starts.iter().map(|(c, s)| (*c, s.line_start)).collect();
    breaks.extend(
        reads
            .iter()
            .filter(|r| r.payload.dash)
            .map(|r| (r.cue, lines[r.line].start)),
    );
    breaks.sort_unstable();
    breaks.dedup();
    let end_before = |at: usize| {
        let i = lines.partition_point(|l| l.start <= at) - 1;
        if lines[i].start == at && i > 0 {
            lines[i - 1].content_end
        } else {
            at
        }
    };
    let mut out = Vec::with_capacity(starts.len());
    for (cue, start) in starts {
        let next = breaks
            .iter()
            .find(|&&(c, at)| c == cue && at > start.line_start)
            .map(|&(_, at)| at);
        let end = next.map_or(cues[cue].payload.end, end_before);
        let end = end.max(start.label.full.end);
        out.push(Turn {
            range: start.line_start..end,
            body: start.body_start.min(end)..end,
            label: start.label,
        });
    }
    out.sort_by_key(|t| t.range.start);
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Transcript;
    use crate::settings::Settings;

    const CUES: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Amy Chen>Fisheries &amp; Oceans, <lang fr>P&ecirc;ches</lang>, 3&nbsp;per cent&hellip;\n";

    #[test]
    fn character_references_and_tags_are_no_use_of_a_word() {
        let doc = Transcript::parse(CUES, &Settings::default());
        let all = 0..CUES.len();
        for word in ["amp", "nbsp", "hellip", "lang", "fr"] {
            assert_eq!(doc.lower_case_use(word, all.clone()), None, "{word}");
        }
        // The words around them still are.
        assert!(doc.lower_case_use("per", all.clone()).is_some());
        let plain = CUES.replace("&amp;", "amp");
        let doc = Transcript::parse(&plain, &Settings::default());
        assert!(doc.lower_case_use("amp", 0..plain.len()).is_some());
    }

    /// Reading some lines once for every lower-case word answers each word
    /// as a search of those lines for it does: in captions, where a word
    /// read across a tag is not in the bytes, and in a briefing, for every
    /// stretch of whole lines.
    #[test]
    fn the_lower_case_uses_of_some_lines_answer_as_a_search_of_them() {
        let texts = [
            format!("{CUES}\n00:00:05.000 --> 00:00:06.000\nA pow<i>er</i>ful per cent, &amp;amp;\n\n00:00:07.000 --> 00:00:08.000\nthe powerful, amp\n"),
            "Briefing\n\nMR KIRBY: The power of Power, powers\nand the  kirby's power.\n\nQUESTION: Power? power-sharing, per cent.\r\nper\n".to_string(),
        ];
        for text in &texts {
            let doc = Transcript::parse(text, &Settings::default());
            let mut words: Vec<String> = vec!["absent".into(), "powerful".into(), "amp".into()];
            let mut scratch = Vec::new();
            crate::model::names::scan(text, 0, &mut scratch, |w| words.push(w.to_string()));
            for i in 0..doc.lines.len() {
                for j in i..doc.lines.len() {
                    let lines = doc.lines[i].start..doc.lines[j].end;
                    let uses = doc.lower_case_uses(lines.clone());
                    for word in &words {
                        assert_eq!(
                            uses.first(word),
                            doc.lower_case_use(word, lines.clone()),
                            "{word:?} in lines {i}..={j} of {text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn spoken_text_drops_tags_and_reads_known_references() {
        let doc = Transcript::parse(CUES, &Settings::default());
        let cue = &doc.captions.as_ref().unwrap().cues[0];
        assert_eq!(
            doc.spoken(&cue.payload),
            "Fisheries & Oceans, P&ecirc;ches, 3\u{a0}per cent…"
        );
        // A range that starts or ends inside markup keeps none of it.
        let from = CUES.find("amp;").unwrap();
        let to = CUES.find("fr>").unwrap();
        assert_eq!(doc.spoken(&(from..to)), " Oceans, ");
    }
}
