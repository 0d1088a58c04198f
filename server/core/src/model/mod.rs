//! The transcript model: text in, structure out.
//!
//! [`Transcript::parse`] runs once per document. Every rule reads the model;
//! none parses text on its own. Parsing is line-local first (labels, markers,
//! references, timestamps and name mentions are found within one line), then
//! document-wide (turns, the notes block, which candidate labels are real).
//! Keeping the first stage line-local is what lets the language server
//! re-tokenize only the lines an edit touched.

pub mod captions;
mod chars;
mod clock;
pub mod detect;
mod footnotes;
pub(crate) mod formats;
mod headings;
pub(crate) mod labels;
mod lexical;
pub(crate) mod lines;
pub(crate) mod markers;
mod names;
mod outline;
mod scan;
mod shape;
mod timestamps;
pub(crate) mod words;
pub(crate) mod wrap;

use std::ops::Range;

use crate::settings::{Format, Settings};

/// For each candidate line (ascending), the number of the paragraph it sits
/// in: paragraphs are runs of non-blank lines. Only the lines between two
/// consecutive candidates are looked at, up to the first blank one.
fn paragraph_numbers(lines: &[Line], line_numbers: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut previous: Option<usize> = None;
    let mut paragraph = 0;
    for line in line_numbers {
        if let Some(prev) = previous {
            if (prev + 1..line).any(|i| lines[i].blank) {
                paragraph += 1;
            }
        }
        out.push(paragraph);
        previous = Some(line);
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
fn last_nonblank(lines: &[Line], from: usize, to: usize) -> Option<usize> {
    (from..to).rev().find(|&i| !lines[i].blank)
}

pub use labels::{is_generic_speaker, speaker_key, LabelForm, SpeakerKey, SpeakerLabel};
pub use lexical::{CutOff, Dash, DoubledWord, Lexical, Quote, QuoteMark, QuoteRole};
pub use lines::Line;
pub use markers::{marker_meaning, BracketGroup, Closer, Marker, MarkerTag, OpenEnd, MARKER_TAGS};
pub use names::{MentionFilter, NameMention};
pub use outline::{Element, SpeakerSummary};
pub use timestamps::{Clock, Timestamp, TimestampContext, TimestampProblem};

pub use detect::{detect, Confidence, Detection};
pub use footnotes::{FootnoteRef, Note, NotesBlock};
pub use formats::{LabelShape, LabelTime};
pub(crate) use scan::{scan_line, with_vocabulary, Facts, LineContext};

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

/// A speaker the file itself names, as a `[roster]` entry would: the
/// Otter `SPEAKERS` line, an oral history's `Narrator: Margaret Kowalski
/// (MK)`. One name may stand for several labels (`MK`, `MARGARET
/// KOWALSKI`), each an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    /// The label it stands for, as a speaker key (`MK`).
    pub key: String,
    /// The full name as written (`Margaret Kowalski`).
    pub name: Range<usize>,
}

/// The lower-case uses of some lines: see [`Transcript::lower_case_uses`].
pub(crate) struct LowerCaseUses<'d> {
    doc: &'d Transcript<'d>,
    lines: Range<usize>,
    /// Each word a line's spoken text uses in lower case, and those lines
    /// (indices), in order: read when first asked (a rule whose answers
    /// all came from lines not edited asks nothing).
    words: std::cell::OnceCell<foldhash::HashMap<String, Vec<usize>>>,
}

impl LowerCaseUses<'_> {
    /// [`Transcript::lower_case_use`] of `word` over the lines: the first
    /// that uses it in lower case, among those whose bytes hold it (in a
    /// caption file a word read across a tag, `pow<i>er</i>ful`, is not in
    /// the bytes, and that search does not find it there).
    pub(crate) fn first(&self, word: &str) -> Option<Range<usize>> {
        let doc = self.doc;
        let words = self.words.get_or_init(|| doc.lower_case_words(&self.lines));
        words.get(word)?.iter().find_map(|&i| {
            let line = &doc.lines[i];
            let bytes = line.start.max(self.lines.start)..line.end.min(self.lines.end);
            memchr::memmem::find(&doc.text.as_bytes()[bytes], word.as_bytes()).map(|_| line.range())
        })
    }
}

/// The numbering a footnote number counts in: see
/// [`Transcript::numbering`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Numbering {
    /// Plain `[n]` and Markdown `[^n]` notes: one numbering for the file.
    Document,
    /// GPO's `\n\` notes: the `k`th inserted statement's own numbering.
    Statement(usize),
}

/// A parsed transcript. Ranges are byte offsets into `text`.
#[derive(Debug, Clone)]
pub struct Transcript<'a> {
    pub text: &'a str,
    pub lines: Vec<Line>,
    /// The format it was read in (see [`detect`]).
    pub format: Format,
    pub style: Style,
    /// Byte ranges that are not text (front matter, page headers, recording
    /// boundaries...): whole lines, ascending. No fact is found in them.
    pub furniture: Vec<Range<usize>>,
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
    /// Byte ranges of the lines after which footnote numbering starts again
    /// (GPO: each inserted statement), ascending; see
    /// [`Transcript::numbering`].
    pub note_sections: Vec<Range<usize>>,
    /// Lines where a new recording starts its clock (`[Begin File 2]`,
    /// `[End of Tape 1, Side A]`): see [`Transcript::clocks`].
    pub clock_boundaries: Vec<Range<usize>>,
    /// Capitalised words in spoken text that may be people's names.
    pub mentions: Vec<NameMention>,
    /// The speakers the file names (its header's roster), in file order;
    /// a configured `[roster]` entry for the same label wins (see
    /// `rules::Context::roster`).
    pub roster: Vec<RosterEntry>,
    /// Lines whose spoken text starts after a prefix (a label, a note's
    /// `[n]`): line index and the prefix length, in line order. Only
    /// [`Transcript::lower_case_use`] needs them.
    pub(crate) spoken_from: Vec<(usize, usize)>,
    /// `[n]` that read as subscripts in a document with no turns and no
    /// notes (see [`looks_like_index`]); kept so that incremental analysis
    /// can restore them when the document gains turns or notes.
    pub(crate) subscripts: Vec<FootnoteRef>,
    /// Whitespace, blank lines, doubled words, quote marks and cut-off dashes.
    pub lexical: Lexical,
    /// Cues, timings and furniture, when the text is a caption file.
    pub captions: Option<captions::Captions>,
    /// What joining markers across line breaks changed in the line scan's
    /// `markers` and `timestamps` (see [`wrap`]), so that incremental
    /// analysis can restore the lists it keeps.
    pub(crate) joined: wrap::Joined,
    /// [`Transcript::speakers`], once asked.
    speakers: std::sync::OnceLock<Vec<(SpeakerKey, Vec<usize>)>>,
}

/// Words asked about with `rules::Context::uses_in_lower_case`, each with
/// the line that uses it in lower case, or `None`.
pub(crate) type LowerCaseLog = Vec<(String, Option<Range<usize>>)>;

/// The document-wide decisions: which candidates are labels, where the notes
/// block starts, the turns and the header.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub format: Format,
    /// Ranges of line indices that are furniture, ascending.
    pub furniture: Vec<Range<usize>>,
    /// Indices into the candidate list of the accepted labels.
    pub accepted: Vec<usize>,
    /// The first line of the notes block, or the line count.
    pub body_lines_end: usize,
    pub notes_block: Option<NotesBlock>,
    /// The notes of the notes block.
    pub notes: Vec<Note>,
    pub turns: Vec<Turn>,
    pub header: Option<Range<usize>>,
    pub style: Style,
    /// The lines of notes written in the body (GPO's): ranges of line
    /// indices, scanned as the notes block is.
    pub inline_note_lines: Vec<Range<usize>>,
    /// Where footnote numbering restarts: see [`Transcript::note_sections`].
    pub note_sections: Vec<Range<usize>>,
    /// The speakers the file names: see [`Transcript::roster`].
    pub roster: Vec<RosterEntry>,
}

impl Layout {
    /// Is line `i` a note's: in the notes block or in a note in the body?
    pub(crate) fn in_notes(&self, i: usize) -> bool {
        i >= self.body_lines_end || formats::is_furniture(&self.inline_note_lines, i)
    }
}

/// The label candidate of each line in `format` (stage 1, line-local).
pub(crate) fn candidate(format: Format, text: &str, line: &Line) -> Option<labels::Candidate> {
    formats::candidate(format, text, line)
}

/// Lays out the document from its lines and their candidates (line index,
/// candidate), in line order, read in `format`.
/// `flags(i)` is line `i`'s [`formats::line_flags`] where the caller
/// keeps it (`None`: read from the line).
pub(crate) fn layout(
    text: &str,
    lines: &[Line],
    candidates: &[(usize, &labels::Candidate)],
    settings: &Settings,
    format: Format,
    flags: &dyn Fn(usize) -> Option<u8>,
) -> Layout {
    // Labels: a candidate per line, then one decision for the document.
    let only: Vec<&labels::Candidate> = candidates.iter().map(|(_, c)| *c).collect();
    let paragraphs = paragraph_numbers(lines, candidates.iter().map(|(i, _)| *i));
    let keep = formats::accept(format, &only, &paragraphs, |key| {
        settings.roster.contains_key(key)
    });
    let accepted: Vec<usize> = keep
        .iter()
        .enumerate()
        .filter_map(|(k, keep)| keep.then_some(k))
        .collect();
    let label_lines: Vec<usize> = accepted.iter().map(|&k| candidates[k].0).collect();
    let furniture = formats::furniture(format, text, lines, &label_lines, flags);

    // The notes block trails the last turn: a heading line, or the first
    // line that starts with `[n]`, with no label after it.
    let search_from = accepted.last().map_or(0, |&k| candidates[k].0 + 1);
    let notes_start = (search_from..lines.len())
        .find(|&i| footnotes::is_heading(lines[i].text(text)))
        .or_else(|| {
            (search_from.max(1)..lines.len()).find(|&i| {
                footnotes::note_label(lines[i].text(text)).is_some_and(|(_, _, _, md)| !md)
                    && lines[i - 1].blank
            })
        });
    let notes_block = notes_start.map(|i| {
        let heading = footnotes::is_heading(lines[i].text(text)).then(|| lines[i].range());
        let last = last_nonblank(lines, i, lines.len()).unwrap_or(i);
        NotesBlock {
            range: lines[i].start..lines[last].content_end,
            heading,
        }
    });
    let body_lines_end = notes_start.unwrap_or(lines.len());

    let mut notes = Vec::new();
    if let Some(start) = notes_start {
        footnotes::collect_notes(text, lines, start, lines.len(), &mut notes);
    }
    let inline = formats::inline_notes(format, text, &lines[..body_lines_end], &furniture, flags);
    if !inline.notes.is_empty() {
        notes.extend(inline.notes);
        notes.sort_by_key(|n| n.range.start);
    }

    // Turns run from one label to the last non-blank line before the next.
    let mut turns = Vec::with_capacity(accepted.len());
    let pages = formats::has_page_breaks(format);
    for (n, &k) in accepted.iter().enumerate() {
        let (li, c) = candidates[k];
        let mut next = accepted
            .get(n + 1)
            .map_or(body_lines_end, |&k| candidates[k].0);
        // A turn ends where furniture starts (a footer, a new recording),
        // except at a page break, which it goes on across: a court
        // transcript's turn on line 25 goes on at the next page's line 1.
        // Asked only of a format with pages: reading each turn's last line
        // cost a cache miss a turn, most of laying out a long briefing.
        let page_break = |i: usize| pages && formats::is_page_break(format, lines[i].text(text));
        let mut f = furniture.partition_point(|r| r.end <= li + 1);
        if furniture.get(f).is_some_and(|r| r.start <= li) {
            f = furniture.len();
        }
        'cut: while let Some(r) = furniture.get(f).filter(|r| r.start < next) {
            for i in r.start..r.end.min(next) {
                if !page_break(i) {
                    next = i;
                    break 'cut;
                }
            }
            f += 1;
        }
        let last = (li..next)
            .rev()
            .find(|&i| !lines[i].blank && (i == li || !page_break(i)))
            .unwrap_or(li);
        let end = lines[last].content_end;
        turns.push(Turn {
            label: c.label.clone(),
            range: lines[li].start..end,
            body: c.body_start.min(end).max(c.label.full.end)..end,
        });
    }

    formats::name_speakers(format, text, lines, &furniture, &mut turns);

    let header = accepted.first().and_then(|&k| {
        let first = candidates[k].0;
        let start = (0..first).find(|&i| !lines[i].blank)?;
        let last = last_nonblank(lines, start, first)?;
        Some(lines[start].start..lines[last].content_end)
    });

    let roster = formats::roster(format, text, lines, &furniture);
    let style = if turns.is_empty() {
        Style::Prose
    } else {
        let caps = turns
            .iter()
            .filter(|t| matches!(t.label.form, LabelForm::Caps | LabelForm::Mark))
            .count();
        let stamped = turns.iter().any(|t| t.label.form == LabelForm::Timestamped);
        if !stamped && caps * 2 >= turns.len() {
            Style::Briefing
        } else {
            Style::Interview
        }
    };
    Layout {
        format,
        furniture,
        accepted,
        body_lines_end,
        notes_block,
        notes,
        turns,
        header,
        style,
        inline_note_lines: inline.lines,
        note_sections: inline.sections,
        roster,
    }
}

impl<'a> Transcript<'a> {
    pub fn parse(text: &'a str, settings: &Settings) -> Transcript<'a> {
        let format = detect(text, settings).format;
        if let Some(format) = captions::CaptionFormat::of(format) {
            return captions::parse(text, settings, format);
        }
        let lines = lines::split(text);
        let candidates: Vec<(usize, labels::Candidate)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| candidate(format, text, l).map(|c| (i, c)))
            .collect();
        let by_ref: Vec<(usize, &labels::Candidate)> =
            candidates.iter().map(|(i, c)| (*i, c)).collect();
        let mut layout = layout(text, &lines, &by_ref, settings, format, &|_| None);

        let mut facts = Facts::default();
        let mut spoken_from = Vec::new();
        with_vocabulary(settings, |vocab| {
            let mut label_at = layout.accepted.iter().map(|&k| by_ref[k]).peekable();
            for (i, line) in lines.iter().enumerate() {
                while label_at.peek().is_some_and(|(li, _)| *li < i) {
                    label_at.next();
                }
                let label = label_at
                    .peek()
                    .filter(|(li, _)| *li == i)
                    .map(|(_, c)| &c.label);
                let in_notes = layout.in_notes(i);
                let furniture = formats::is_furniture(&layout.furniture, i);
                let cx = LineContext {
                    label,
                    in_notes,
                    furniture,
                    format,
                };
                let (skip, blank) = scan_line(text, line, cx, vocab, &mut facts);
                if blank {
                    facts.lexical.push_blank(
                        i,
                        line.start == line.content_end,
                        i + 1 == lines.len(),
                    );
                }
                if skip > 0 {
                    spoken_from.push((i, skip));
                }
            }
        });
        Transcript::assemble(text, lines, &mut layout, facts, spoken_from, Vec::new())
    }

    /// Puts the parts together. `facts.lexical.blank_runs` must be filled.
    /// The turns, notes, header, note sections and roster are taken out of
    /// `layout`, and the rest is left: incremental analysis puts them back
    /// when the transcript is done with (no copy of a list per keystroke).
    /// `passes` are the last join's passes the edits left, moved, made
    /// with this layout (see [`wrap::Pass`]).
    pub(crate) fn assemble(
        text: &'a str,
        lines: Vec<Line>,
        layout: &mut Layout,
        facts: Facts,
        spoken_from: Vec<(usize, usize)>,
        passes: Vec<wrap::Pass>,
    ) -> Transcript<'a> {
        let Facts {
            brackets,
            mentions,
            md_notes,
            clock_boundaries,
            lexical,
        } = facts;
        let mut notes = std::mem::take(&mut layout.notes);
        if !md_notes.is_empty() {
            notes.extend(md_notes);
            notes.sort_by_key(|n| n.range.start);
        }
        let markers::LineBrackets {
            mut markers,
            groups,
            refs: mut footnote_refs,
            mut timestamps,
        } = brackets;
        // A paragraph ends at a blank line, and a new one starts with each
        // turn and with the notes block.
        let furniture = |i: usize| formats::is_furniture(&layout.furniture, i);
        let starts = |i: usize| {
            i == layout.body_lines_end
                || layout
                    .turns
                    .binary_search_by_key(&lines[i].start, |t| t.range.start)
                    .is_ok()
                || formats::starts_paragraph(layout.format, text, &lines, i, furniture)
        };
        let text_start =
            |i: usize| lines[i].start + formats::text_start(layout.format, lines[i].text(text));
        let looks_back = |i: usize| formats::paragraph_looks_back(layout.format, text, &lines, i);
        let joined = wrap::join_wrapped(
            text,
            &lines,
            starts,
            looks_back,
            furniture,
            text_start,
            &mut markers,
            &mut timestamps,
            passes,
        );
        // In a document with neither turns nor notes, `argv[1]` or `a[2][3]`
        // is an index in quoted code, not a reference to a missing note.
        let mut subscripts = Vec::new();
        if layout.turns.is_empty() && notes.is_empty() && layout.notes_block.is_none() {
            let (kept, dropped): (Vec<_>, Vec<_>) = footnote_refs
                .into_iter()
                .partition(|r| r.markdown || !looks_like_index(text, &r.range));
            footnote_refs = kept;
            subscripts = dropped;
        }
        let furniture = layout
            .furniture
            .iter()
            .filter(|r| r.start < r.end)
            .map(|r| lines[r.start].start..lines[r.end - 1].end)
            .collect();
        Transcript {
            text,
            format: layout.format,
            furniture,
            lines,
            style: layout.style,
            header: layout.header.take(),
            turns: std::mem::take(&mut layout.turns),
            markers,
            groups,
            footnote_refs,
            notes,
            notes_block: layout.notes_block.take(),
            timestamps,
            note_sections: std::mem::take(&mut layout.note_sections),
            clock_boundaries,
            mentions,
            roster: std::mem::take(&mut layout.roster),
            spoken_from,
            subscripts,
            lexical,
            captions: None,
            joined,
            speakers: Default::default(),
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

    /// Where text added at the end of the document goes: the end of its
    /// last non-blank line (0 when every line is blank), so that the blank
    /// lines and the final newline after it, or their absence, stay at the
    /// very end.
    pub fn text_end(&self) -> usize {
        self.lines
            .iter()
            .rev()
            .find(|l| !l.blank)
            .map_or(0, |l| l.content_end)
    }

    /// How the notes of a kind (plain `[n]`, or Markdown `[^n]:` when
    /// `markdown`; GPO's `\n\` aside) are spaced: the text between the
    /// first two, when it is whitespace and not empty. A note added among
    /// them is spaced the same; `None` means one line ending.
    pub fn note_spacing(&self, markdown: bool) -> Option<&'a str> {
        let mut notes = self
            .notes
            .iter()
            .filter(|n| n.markdown == markdown && !n.backslash);
        let (first, second) = (notes.next()?, notes.next()?);
        let between = &self.text[first.range.end..second.range.start];
        (between.trim().is_empty() && !between.is_empty()).then_some(between)
    }

    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[range.clone()]
    }

    /// The footnote numbering a reference or note at `offset` counts in. A
    /// reference and a note belong together only in the same one.
    ///
    /// GPO's `\n\` notes (`backslash`) are numbered from 1 again in each
    /// inserted statement: 0 before the first of
    /// [`Transcript::note_sections`], 1 from it to the next, and so on. Every
    /// other kind of note is numbered once for the whole document, wherever
    /// its notes block sits: a `[1]` in the chair's opening remarks is
    /// answered by the `[1]` of a notes block after the last statement.
    pub fn numbering(&self, backslash: bool, offset: usize) -> Numbering {
        if backslash {
            Numbering::Statement(self.note_sections.partition_point(|r| r.start <= offset))
        } else {
            Numbering::Document
        }
    }

    /// The full name the file's own roster gives the label `key` (a
    /// speaker key), if any.
    pub fn roster_name(&self, key: &str) -> Option<&'a str> {
        let text = self.text;
        self.roster
            .iter()
            .find(|e| e.key == key)
            .map(|e| &text[e.name.clone()])
    }

    /// Is a line written with no line-number gutter read as text? Not in a
    /// court transcript whose lines carry one: there such a line is page
    /// furniture (a footer, a page number), and nothing on it is read. A
    /// fix that adds a line of its own (a stub note) has no place there.
    pub fn bare_lines_are_text(&self) -> bool {
        !matches!(self.format, Format::Court | Format::Deposition)
            || !self.lines.iter().any(|l| self.text_start(l) > l.start)
    }

    /// Where the text of `line` starts: after a court transcript's
    /// line-number gutter, else at the line's start. A front end writing at
    /// the start of a line writes here.
    pub fn text_start(&self, line: &Line) -> usize {
        line.start + formats::text_start(self.format, line.text(self.text))
    }

    /// How this document's labels are written where a turn starts.
    pub fn label_shape(&self) -> formats::LabelShape {
        formats::label_shape(self.format)
    }

    /// Whether this reads as a transcript rather than as any other text (a
    /// README, a licence, meeting notes, an article that quotes people): a
    /// format other than `generic` was recognised or set, or the generic
    /// reader found speakers taking turns: at least two labels (one
    /// `Note:` line is as often something else), not all of them `Q:` and
    /// `A:` (or `Question:` and `Answer:`), which is how a README writes its
    /// FAQ. What a front end does with the answer is its own business: the
    /// language server stays silent on plain text that is not a transcript.
    pub fn is_transcript(&self) -> bool {
        let faq = |t: &Turn| matches!(&*t.label.key, "Q" | "A" | "QUESTION" | "ANSWER");
        self.format != Format::Generic
            || self.captions.is_some()
            || (self.turns.len() >= 2 && !self.turns.iter().all(faq))
    }

    /// The text of `range` as a reader sees it: the source itself, except
    /// in a caption file, where tags are dropped and character references
    /// read as their characters (see [`captions::Captions::spoken`]).
    pub fn spoken(&self, range: &Range<usize>) -> std::borrow::Cow<'a, str> {
        match &self.captions {
            Some(captions) => captions.spoken(self.text, range.clone()),
            None => std::borrow::Cow::Borrowed(self.slice(range)),
        }
    }

    /// Whether `turn` says nothing: its body, as read, holds neither a
    /// word nor a cut-off mark (`--`, `—`, `–`, `…`, `...`: someone began
    /// and was cut off). What `empty-turn` reports, and what the analysis
    /// compares for it after an edit ([`crate::rules::Reads::TURN_WORDS`]).
    pub fn says_nothing(&self, turn: &Turn) -> bool {
        // As read: in a caption file `<v Dana>&nbsp;` says nothing, and
        // `<v Dana>&hellip;` is a cut-off.
        let body = self.spoken(&turn.body);
        !(body.chars().any(char::is_alphanumeric) || is_cut_off(&body))
    }

    /// The turn containing `offset`, if any.
    pub fn turn_at(&self, offset: usize) -> Option<&Turn> {
        let i = self.turns.partition_point(|t| t.range.start <= offset);
        let turn = self.turns.get(i.checked_sub(1)?)?;
        (offset < turn.range.end.max(turn.range.start + 1)).then_some(turn)
    }

    /// The first line whose spoken text uses `word` in lower case, among
    /// the lines where a search of `bytes` finds it.
    pub(crate) fn lower_case_use(&self, word: &str, bytes: Range<usize>) -> Option<Range<usize>> {
        if word.is_empty() {
            return None;
        }
        let mut scratch = Vec::new();
        let mut next_line = 0;
        let haystack = &self.text.as_bytes()[bytes.clone()];
        for at in memchr::memmem::find_iter(haystack, word.as_bytes()) {
            let at = at + bytes.start;
            if at < next_line {
                continue;
            }
            let i = self.lines.partition_point(|l| l.start <= at) - 1;
            let line = &self.lines[i];
            next_line = line.end.max(at + 1);
            let spoken = self.spoken_line(i);
            let mut found = false;
            scratch.clear();
            names::scan(&spoken, 0, &mut scratch, |w| found |= w == word);
            if found {
                return Some(line.range());
            }
        }
        None
    }

    /// The spoken text of line `i`: after its label, as read (in a caption
    /// file, tags and character references are no use of a word: `&amp;`
    /// does not use `amp`, `<lang fr>` not `lang`).
    fn spoken_line(&self, i: usize) -> std::borrow::Cow<'a, str> {
        let line = &self.lines[i];
        let skip = self
            .spoken_from
            .binary_search_by_key(&i, |&(li, _)| li)
            .map_or(0, |k| self.spoken_from[k].1);
        let s = line.text(self.text);
        let skip = skip.min(s.len());
        self.spoken(&(line.start + skip..line.start + s.len()))
    }

    /// What [`Transcript::lower_case_use`] answers for any word among the
    /// lines `lines` (whole lines), read once: after an edit every word a
    /// rule asked is asked again of the edited lines, hundreds of words of
    /// one line, and a search of it for each was most of a keystroke in a
    /// label.
    pub(crate) fn lower_case_uses(&self, lines: Range<usize>) -> LowerCaseUses<'_> {
        LowerCaseUses {
            doc: self,
            lines,
            words: std::cell::OnceCell::new(),
        }
    }

    /// Each word the lines `lines` use in lower case, with those lines
    /// (indices), in order.
    fn lower_case_words(&self, lines: &Range<usize>) -> foldhash::HashMap<String, Vec<usize>> {
        let mut words: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        let mut scratch = Vec::new();
        let first = self.lines.partition_point(|l| l.end <= lines.start);
        for (i, line) in self.lines.iter().enumerate().skip(first) {
            if line.start >= lines.end {
                break;
            }
            let spoken = self.spoken_line(i);
            scratch.clear();
            names::scan(&spoken, 0, &mut scratch, |w| {
                let seen = words.entry(w.to_string()).or_default();
                if seen.last() != Some(&i) {
                    seen.push(i);
                }
            });
        }
        words
    }

    /// Labels grouped by speaker key, in order of first appearance, with the
    /// indices of their turns.
    /// Made once per model, when a rule first asks: several rules ask, and
    /// in a long transcript it is a pass over a quarter of a million turns.
    pub fn speakers(&self) -> &[(SpeakerKey, Vec<usize>)] {
        self.speakers.get_or_init(|| {
            // Keys carry their hash: grouping costs a number comparison per
            // turn.
            let mut out: Vec<(SpeakerKey, Vec<usize>)> = Vec::new();
            let mut index: foldhash::HashMap<&SpeakerKey, usize> = foldhash::HashMap::default();
            for (i, turn) in self.turns.iter().enumerate() {
                let key = &turn.label.key;
                let k = *index.entry(key).or_insert_with(|| {
                    out.push((key.clone(), Vec::new()));
                    out.len() - 1
                });
                out[k].1.push(i);
            }
            out
        })
    }
}

/// A turn of nothing but a dash or an ellipsis: someone began and was cut off.
fn is_cut_off(body: &str) -> bool {
    body.contains("--") || body.contains(['—', '–', '…']) || body.contains("...")
}
