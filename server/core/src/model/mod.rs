//! The transcript model: text in, structure out.
//!
//! [`Transcript::parse`] runs once per document. Every rule reads the model;
//! none parses text on its own. Parsing is line-local first (labels, markers,
//! references, timestamps and name mentions are found within one line), then
//! document-wide (turns, the notes block, which candidate labels are real).
//! Keeping the first stage line-local is what lets the language server
//! re-tokenize only the lines an edit touched.

mod footnotes;
mod labels;
mod lexical;
mod lines;
mod markers;
mod names;
mod outline;
mod timestamps;

use std::ops::Range;

use crate::config::Config;

/// For each of `line_numbers` (ascending), the number of the paragraph it
/// sits in: paragraphs are runs of non-blank lines.
fn paragraph_numbers(
    text: &str,
    lines: &[Line],
    line_numbers: impl Iterator<Item = usize>,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut next_line = 0;
    for target in line_numbers {
        while next_line < target {
            if lines[next_line].is_blank(text) {
                paragraph += 1;
            }
            next_line += 1;
        }
        out.push(paragraph);
    }
    out
}

/// `x[1]`, `a_b[2]`, `f()[3]`, `m[1][2]`, `v[1] = 0`: a subscript, not a
/// footnote reference.
fn looks_like_index(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].trim_start_matches(' ').chars().next();
    before.is_some_and(|c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | ']' | ')')
    }) || after.is_some_and(|c| matches!(c, '[' | '(' | '='))
}

/// The last non-blank line in `from..to`.
fn last_nonblank(text: &str, lines: &[Line], from: usize, to: usize) -> Option<usize> {
    (from..to).rev().find(|&i| !lines[i].is_blank(text))
}

pub use labels::{is_generic_speaker, speaker_key, LabelForm, SpeakerLabel};
pub use lexical::{CutOff, Dash, DoubledWord, Lexical, Quote, QuoteMark, QuoteRole};
pub use lines::Line;
pub use markers::{BracketGroup, Closer, Marker, MarkerTag, MARKER_TAGS};
pub use names::NameMention;
pub use outline::{Element, SpeakerSummary};
pub use timestamps::{Timestamp, TimestampContext, TimestampProblem};

pub use footnotes::{FootnoteRef, Note, NotesBlock};

/// Which house style the document follows. Detected, never configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `MR ROBINSON: text` on one line; a header block first.
    Briefing,
    /// `Dana Whitfield (00:01:26):` on its own line, or `Name: text`.
    Interview,
    /// No speaker turns at all: an article, notes, an empty file.
    Prose,
}

/// One speaker's stretch of the transcript, from its label to the next label
/// (or the notes block, or the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub label: SpeakerLabel,
    /// From the start of the label's line to the end of the turn's last line.
    pub range: Range<usize>,
    /// The spoken text: after the label (and its colon) to the end of the turn.
    pub body: Range<usize>,
}

/// A parsed transcript. Ranges are byte offsets into `text`.
#[derive(Debug, Clone)]
pub struct Transcript<'a> {
    pub text: &'a str,
    pub lines: Vec<Line>,
    pub style: Style,
    /// Title, place and date lines before the first turn.
    pub header: Option<Range<usize>>,
    pub turns: Vec<Turn>,
    /// Annotation markers whose tag is known: `(inaudible)`, `[crosstalk 00:06:51]`.
    pub markers: Vec<Marker>,
    /// Other bracketed text: editorial insertions such as `[sic]`, and
    /// parentheticals. `unknown-marker` looks here for misspelled tags.
    pub groups: Vec<BracketGroup>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub notes: Vec<Note>,
    pub notes_block: Option<NotesBlock>,
    pub timestamps: Vec<Timestamp>,
    /// Capitalised words in spoken text that may be people's names.
    pub mentions: Vec<NameMention>,
    /// Every word the document uses in lower case: a capitalised word whose
    /// lower-case form appears here is an ordinary word, not a name.
    pub lowercase_words: std::collections::HashSet<String>,
    /// Whitespace, blank lines, doubled words, quote marks and cut-off dashes.
    pub lexical: Lexical,
}

impl<'a> Transcript<'a> {
    pub fn parse(text: &'a str, config: &Config) -> Transcript<'a> {
        let lines = lines::split(text);

        // Labels: a candidate per line, then one decision for the document.
        let candidates: Vec<(usize, labels::Candidate)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| labels::candidate(l.text(text), l.start).map(|c| (i, c)))
            .collect();
        let only: Vec<labels::Candidate> = candidates.iter().map(|(_, c)| c.clone()).collect();
        let paragraphs = paragraph_numbers(text, &lines, candidates.iter().map(|(i, _)| *i));
        let keep = labels::accept(&only, &paragraphs, |key| config.roster.contains_key(key));
        let accepted: Vec<(usize, labels::Candidate)> = candidates
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect();

        // The notes block trails the last turn: a heading line, or the first
        // line that starts with `[n]`, with no label after it.
        let search_from = accepted.last().map_or(0, |(i, _)| i + 1);
        let notes_start = (search_from..lines.len())
            .find(|&i| footnotes::is_heading(lines[i].text(text)))
            .or_else(|| {
                (search_from.max(1)..lines.len()).find(|&i| {
                    footnotes::note_label(lines[i].text(text)).is_some_and(|(_, _, _, md)| !md)
                        && lines[i - 1].is_blank(text)
                })
            });
        let notes_block = notes_start.map(|i| {
            let heading = footnotes::is_heading(lines[i].text(text)).then(|| lines[i].range());
            let last = last_nonblank(text, &lines, i, lines.len()).unwrap_or(i);
            NotesBlock {
                range: lines[i].start..lines[last].content_end,
                heading,
            }
        });
        let body_lines_end = notes_start.unwrap_or(lines.len());

        let mut notes = Vec::new();
        if let Some(start) = notes_start {
            footnotes::collect_notes(text, &lines, start, lines.len(), &mut notes);
        }

        // Turns run from one label to the last non-blank line before the next.
        let mut turns = Vec::with_capacity(accepted.len());
        for (n, (li, c)) in accepted.iter().enumerate() {
            let next = accepted.get(n + 1).map_or(body_lines_end, |(j, _)| *j);
            let last = last_nonblank(text, &lines, *li, next).unwrap_or(*li);
            let end = lines[last].content_end;
            turns.push(Turn {
                label: c.label.clone(),
                range: lines[*li].start..end,
                body: c.body_start.min(end).max(c.label.full.end)..end,
            });
        }

        let header = accepted.first().and_then(|(first, _)| {
            let start = (0..*first).find(|&i| !lines[i].is_blank(text))?;
            let last = last_nonblank(text, &lines, start, *first)?;
            Some(lines[start].start..lines[last].content_end)
        });

        let style = if turns.is_empty() {
            Style::Prose
        } else {
            let caps = turns
                .iter()
                .filter(|t| t.label.form == LabelForm::Caps)
                .count();
            let stamped = turns.iter().any(|t| t.label.form == LabelForm::Timestamped);
            if !stamped && caps * 2 >= turns.len() {
                Style::Briefing
            } else {
                Style::Interview
            }
        };

        // Line-local elements.
        let custom;
        let vocab = if config.extra_tags.is_empty() {
            markers::Vocabulary::builtin()
        } else {
            custom = markers::Vocabulary::new(&config.extra_tags);
            &custom
        };
        let mut brackets = markers::LineBrackets::default();
        let mut mentions = Vec::new();
        let mut lowercase_words = std::collections::HashSet::new();
        let mut lexical = Lexical::default();
        let mut label_at = accepted.iter().map(|(i, c)| (*i, &c.label)).peekable();
        for (i, line) in lines.iter().enumerate() {
            let s = line.text(text);
            let mut skip = 0;
            while label_at.peek().is_some_and(|(li, _)| *li < i) {
                label_at.next();
            }
            if let Some((_, label)) = label_at.peek().filter(|(li, _)| *li == i) {
                skip = label.full.end - line.start;
                if let Some(ts) = &label.timestamp {
                    brackets.timestamps.push(Timestamp::new(
                        &text[ts.clone()],
                        ts.start,
                        TimestampContext::Label,
                    ));
                }
            }
            let in_notes = i >= body_lines_end;
            let md_note = footnotes::note_label(s).filter(|(_, _, _, md)| *md);
            if let Some((len, digits, number, _)) = &md_note {
                if !in_notes {
                    let body_start =
                        line.start + len + (s[*len..].len() - s[*len..].trim_start().len());
                    notes.push(Note {
                        range: line.range(),
                        label: line.start..line.start + len,
                        number_range: line.start + digits.start..line.start + digits.end,
                        number: *number,
                        body: body_start.min(line.content_end)..line.content_end,
                        markdown: true,
                    });
                }
                skip = *len;
            } else if in_notes {
                if let Some((len, ..)) = footnotes::note_label(s) {
                    skip = len;
                }
            }
            lexical.scan_line(i, s, line.start, skip, i + 1 == lines.len());
            let refs_before = brackets.refs.len();
            markers::scan_line(s, line.start, skip, vocab, &mut brackets);
            if in_notes || md_note.is_some() {
                // `[2]` inside a note's text cross-references another note;
                // it is not a reference from the transcript.
                brackets.refs.truncate(refs_before);
            }
            names::scan(
                &s[skip..],
                line.start + skip,
                &mut mentions,
                &mut lowercase_words,
            );
        }
        notes.sort_by_key(|n| n.range.start);

        let markers::LineBrackets {
            markers,
            groups,
            refs: mut footnote_refs,
            timestamps,
        } = brackets;
        // In a document with neither turns nor notes, `argv[1]` or `a[2][3]`
        // is an index in quoted code, not a reference to a missing note.
        if turns.is_empty() && notes.is_empty() && notes_block.is_none() {
            footnote_refs.retain(|r| r.markdown || !looks_like_index(text, &r.range));
        }
        Transcript {
            text,
            lines,
            style,
            header,
            turns,
            markers,
            groups,
            footnote_refs,
            notes,
            notes_block,
            timestamps,
            mentions,
            lowercase_words,
            lexical,
        }
    }

    /// The line terminator the document uses (its first), for fixes that add
    /// lines: a CRLF file stays CRLF.
    pub fn line_ending(&self) -> &'a str {
        self.lines
            .iter()
            .find(|l| l.end > l.content_end)
            .map_or("\n", |l| &self.text[l.content_end..l.end])
    }

    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[range.clone()]
    }

    /// The turn containing `offset`, if any.
    pub fn turn_at(&self, offset: usize) -> Option<&Turn> {
        let i = self.turns.partition_point(|t| t.range.start <= offset);
        let turn = self.turns.get(i.checked_sub(1)?)?;
        (offset < turn.range.end.max(turn.range.start + 1)).then_some(turn)
    }

    /// Labels grouped by speaker key, in order of first appearance, with the
    /// indices of their turns.
    pub fn speakers(&self) -> Vec<(&str, Vec<usize>)> {
        let mut out: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, turn) in self.turns.iter().enumerate() {
            match out.iter_mut().find(|(k, _)| *k == turn.label.key) {
                Some((_, v)) => v.push(i),
                None => out.push((&turn.label.key, vec![i])),
            }
        }
        out
    }
}
