//! Stage 1 of the line scan: the facts of one line, read in its context
//! (the label on it, notes or not, furniture or not, the format), which is
//! what lets incremental analysis rescan only the lines an edit touched.

use super::*;

/// Facts found line by line (stage 1 of the line scan, given each line's
/// context), in line order. Every fact starts inside its line, which is what
/// lets [`crate::incremental::Analysis`] replace the facts of the lines an
/// edit touched by slicing these lists at two offsets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub brackets: markers::LineBrackets,
    pub mentions: Vec<NameMention>,
    /// Markdown notes (`[^1]: text`) outside the notes block.
    pub md_notes: Vec<Note>,
    /// Lines where a new recording starts its clock: `[Begin File 2]`.
    pub clock_boundaries: Vec<Range<usize>>,
    /// Everything but `blank_runs`, which spans lines and is laid out with
    /// the document.
    pub lexical: Lexical,
}

/// The marker vocabulary for `settings`.
pub(crate) fn with_vocabulary<R>(
    settings: &Settings,
    f: impl FnOnce(&markers::Vocabulary) -> R,
) -> R {
    if settings.extra_tags.is_empty() {
        f(markers::Vocabulary::builtin())
    } else {
        f(&markers::Vocabulary::new(&settings.extra_tags))
    }
}

/// The context a line is scanned in: the accepted label on it, if any,
/// whether it lies in the notes block, whether it is furniture, and the
/// format the document is read in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineContext<'l> {
    pub label: Option<&'l SpeakerLabel>,
    pub in_notes: bool,
    pub furniture: bool,
    pub format: Format,
}

/// Scans one line in its context. Returns where its spoken text starts (0
/// for the whole line) and whether it is blank. Furniture yields no fact
/// and is never blank: no text rule sees it.
pub(crate) fn scan_line(
    text: &str,
    line: &Line,
    cx: LineContext,
    vocab: &markers::Vocabulary,
    facts: &mut Facts,
) -> (usize, bool) {
    let LineContext {
        label,
        in_notes,
        furniture,
        format,
    } = cx;
    let whole = line.text(text);
    // A gutter's realtime stamp is the reporter's clock, whatever the line
    // holds: a time of day.
    if let Some(r) = formats::gutter_stamp(format, whole) {
        let mut stamp = Timestamp::new(
            &whole[r.clone()],
            line.start + r.start,
            TimestampContext::Standalone,
        );
        stamp.clock = Clock::Wall;
        facts.brackets.timestamps.push(stamp);
    }
    // The line's text starts after its gutter, if it has one: every fact
    // below is read from `s`, which starts at byte `base` of the document,
    // so none is taken from the gutter, and every range is the source's.
    let start = formats::text_start(format, whole);
    let (s, base) = (&whole[start..], line.start + start);
    // A recording boundary restarts the clock, furniture or not.
    if label.is_none() && clock::is_boundary(s) {
        facts.clock_boundaries.push(line.range());
    }
    // A time alone on its line (Zoom's second shape) is the next turn's
    // time, furniture or not.
    if let Some(at) = formats::time_line(format, s).filter(|_| label.is_none()) {
        let mut stamp = Timestamp::new(&s[at.clone()], base + at.start, TimestampContext::Label);
        stamp.clock = formats::label_clock(format);
        facts.brackets.timestamps.push(stamp);
    }
    if furniture || (label.is_none() && headings::is_letter_spaced(s)) {
        // Layout, not words (a letter-spaced heading is furniture in every
        // format): nothing on the line is a fact.
        return (0, false);
    }
    let trailing_before = facts.lexical.trailing_whitespace.len();
    let mut skip = 0;
    if let Some(label) = label {
        skip = label.full.end - base;
        if let Some(ts) = &label.timestamp {
            let mut stamp = Timestamp::new(&text[ts.clone()], ts.start, TimestampContext::Label);
            stamp.clock = formats::label_clock(format);
            facts.brackets.timestamps.push(stamp);
        }
    }
    let md_note = footnotes::note_label(s).filter(|(_, _, _, md)| *md);
    if let Some((len, digits, number, _)) = &md_note {
        if !in_notes {
            let body_start = base + len + (s[*len..].len() - s[*len..].trim_start().len());
            facts.md_notes.push(Note {
                range: line.range(),
                label: base..base + len,
                number_range: base + digits.start..base + digits.end,
                number: *number,
                body: body_start.min(line.content_end)..line.content_end,
                markdown: true,
                backslash: false,
            });
        }
        skip = *len;
    } else if in_notes {
        if let Some((len, ..)) = footnotes::note_label(s) {
            skip = len;
        } else if let Some((label, ..)) = footnotes::backslash_label(s) {
            skip = label.end;
        }
    }
    let blank = facts.lexical.scan_content(s, base, skip);
    if formats::soft_wrap_space(format) && &s[s.trim_end().len()..] == " " {
        // The one space a soft wrap leaves at a line's end is the layout's.
        facts.lexical.trailing_whitespace.truncate(trailing_before);
    }
    let refs_before = facts.brackets.refs.len();
    let (markers_before, groups_before) =
        (facts.brackets.markers.len(), facts.brackets.groups.len());
    markers::scan_line(s, base, skip, vocab, &mut facts.brackets);
    if formats::backslash_notes(format) {
        let refs = &mut facts.brackets.refs;
        footnotes::scan_backslash_refs(s, base, skip, refs);
        // In line order, with any `[n]` the line also has.
        refs[refs_before..].sort_by_key(|r| r.range.start);
    }
    if in_notes || md_note.is_some() {
        // `[2]` inside a note's text cross-references another note;
        // it is not a reference from the transcript.
        facts.brackets.refs.truncate(refs_before);
    }
    if let Some(at) = formats::open_parenthetical(format, whole) {
        markers::parenthetical(
            &mut facts.brackets,
            text,
            line.start + at,
            markers_before,
            groups_before,
        );
    }
    names::scan_mentions(&s[skip..], base + skip, &mut facts.mentions);
    (start + skip, blank)
}
