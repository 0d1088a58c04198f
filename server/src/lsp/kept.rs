//! The converted diagnostics of the last lint, kept for the next one.
//!
//! Converting a core diagnostic to LSP costs a few rope walks per position
//! (tens of thousands of instructions on a 3.5 MB document), and a keystroke
//! changes few diagnostics: most come back from the core identical, only
//! moved by the edit. So the document's model logs the edits since its last
//! lint, and a diagnostic that comes back equal to a kept one moved by those
//! edits, with none of its positions on a line an edit touched, keeps its
//! columns (its lines were not edited) and its line numbers moved by the
//! line breaks the edits before it added or removed: it takes the kept JSON
//! as it is when no line moved, or that JSON read back and written with its
//! line numbers changed when one did (Enter, or joining two lines). Anything else is
//! converted afresh. An edit whose line breaks cannot be counted from its
//! own lines (one that splits a `\r\n` pair or makes one) ends the log, and
//! the next lint converts everything.

use std::ops::Range;

use tower_lsp_server::ls_types as lsp;
use verbatim_core::rules::Rule;
use verbatim_core::Diagnostic;

/// The diagnostics of one lint as the client sees them: the JSON of each,
/// written once, joined by commas into the inside of a JSON list.
///
/// A push sends every diagnostic of the document on every keystroke, and
/// serialising them was most of a keystroke's cost on a document with many
/// findings (BENCHMARKS.md, issue 13). Kept as one buffer rather than one
/// allocation per diagnostic: the diagnostics an edit left alone are copied
/// from the last lint's buffer in runs, and a publish copies the list whole,
/// where following a pointer per finding into memory the last keystroke
/// left cold cost more than the copying.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Published {
    /// Each diagnostic's JSON, separated by commas.
    json: Vec<u8>,
    /// Where each diagnostic's JSON starts in `json`; it ends one byte
    /// before the next starts (the comma), the last at the end.
    starts: Vec<usize>,
}

/// Buffers of lists no longer in use, for the next lint's list.
///
/// Each keystroke writes a new list as large as the last (a megabyte with
/// a few thousand findings). A new buffer that size is fresh memory from
/// the system, and the first write to each page of it faults: that was
/// most of the cost of copying the kept JSON (BENCHMARKS.md, issue 13).
/// Lists follow each other, so the buffer of the list before the last
/// serves, its pages already in place. At most [`SPARE_BUFFERS`] are kept,
/// and only large ones: the memory they hold stays small beside the lists
/// in use.
static SPARE: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
const SPARE_BUFFERS: usize = 2;
const SPARE_FROM: usize = 64 * 1024;

/// An empty buffer for a list of about `len` bytes: a spare one if one is
/// large enough.
fn spare_buffer(len: usize) -> Vec<u8> {
    if len >= SPARE_FROM {
        let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = spare.iter().position(|b| b.capacity() >= len) {
            return spare.swap_remove(i);
        }
    }
    Vec::with_capacity(len)
}

impl Drop for Published {
    fn drop(&mut self) {
        let mut json = std::mem::take(&mut self.json);
        if json.capacity() < SPARE_FROM {
            return;
        }
        json.clear();
        let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
        if spare.len() < SPARE_BUFFERS {
            spare.push(json);
        } else if let Some(smallest) = spare.iter_mut().min_by_key(|b| b.capacity()) {
            // Keep the larger: it serves every document up to its size.
            if smallest.capacity() < json.capacity() {
                *smallest = json;
            }
        }
    }
}

impl Published {
    /// Each of `items`, written.
    pub fn from_lsp(items: impl IntoIterator<Item = lsp::Diagnostic>) -> Published {
        let mut out = Published::default();
        for d in items {
            out.push(&written(&d));
        }
        out
    }

    /// The inside of the JSON list: the diagnostics and the commas between
    /// them.
    pub fn list(&self) -> &[u8] {
        &self.json
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The JSON of diagnostic `i`.
    fn item(&self, i: usize) -> &[u8] {
        let end = self.starts.get(i + 1).map_or(self.json.len(), |&s| s - 1);
        &self.json[self.starts[i]..end]
    }

    /// Diagnostic `i` as a value, read back from its JSON: for the answers
    /// that go through the transport's typed values, and for a kept
    /// diagnostic whose lines moved.
    pub fn lsp(&self, i: usize) -> lsp::Diagnostic {
        serde_json::from_slice(self.item(i)).expect("the JSON of a diagnostic reads back")
    }

    fn push(&mut self, json: &[u8]) {
        self.push_run(json, 1, |_| 0);
    }

    /// Diagnostics `items` of `from`, copied in one piece.
    fn push_from(&mut self, from: &Published, items: Range<usize>) {
        if items.is_empty() {
            return;
        }
        let start = from.starts[items.start];
        let end = from
            .starts
            .get(items.end)
            .map_or(from.json.len(), |&s| s - 1);
        self.push_run(&from.json[start..end], items.len(), |k| {
            from.starts[items.start + k] - start
        });
    }

    /// Appends `json`, `n` diagnostics joined by commas, the `k`th starting
    /// at `start(k)` within it.
    fn push_run(&mut self, json: &[u8], n: usize, start: impl Fn(usize) -> usize) {
        if !self.starts.is_empty() {
            self.json.push(b',');
        }
        let base = self.json.len();
        self.json.extend_from_slice(json);
        self.starts.extend((0..n).map(|k| base + start(k)));
    }
}

/// A diagnostic's JSON.
fn written(d: &lsp::Diagnostic) -> Vec<u8> {
    // An `lsp::Diagnostic` is plain data (strings, numbers, maps with
    // string keys), which serde_json always serialises.
    serde_json::to_vec(d).expect("an LSP diagnostic serialises")
}

/// Past this many edits between two lints, mapping each kept diagnostic
/// through all of them costs more than it saves; the worker lints after
/// every burst, so real typing stays far below it.
const MAX_EDITS: usize = 64;

/// One edit, in the coordinates of the text just before it.
#[derive(Debug, Clone)]
struct LineEdit {
    range: Range<usize>,
    inserted: usize,
    /// The bytes of the lines the edit touched, without the last one's
    /// terminator.
    lines: Range<usize>,
    /// Line breaks added (or, negative, removed): every line after the
    /// edited ones moves by this many.
    line_delta: i64,
}

/// The edits since the last lint, or `None` once one of them could not be
/// mapped (or there were too many to be worth mapping).
#[derive(Debug, Clone, Default)]
pub struct EditLog(Option<Vec<LineEdit>>);

/// Line breaks in `parts` read as one text: `\r\n`, `\n` and a lone `\r`,
/// as LSP counts them.
fn breaks(parts: &[&[u8]]) -> i64 {
    let mut n = 0;
    let mut after_cr = false;
    for &b in parts.iter().flat_map(|p| p.iter()) {
        match b {
            b'\r' => n += 1,
            b'\n' if !after_cr => n += 1,
            _ => {}
        }
        after_cr = b == b'\r';
    }
    n
}

impl EditLog {
    /// A log that keeps nothing: for a model that has no lint yet.
    pub fn broken() -> EditLog {
        EditLog(None)
    }

    /// A fresh log, after a lint.
    pub fn start() -> EditLog {
        EditLog(Some(Vec::new()))
    }

    /// Records that `text[range]` is about to be replaced by `inserted`.
    pub fn record(&mut self, text: &str, range: Range<usize>, inserted: &str) {
        let Some(edits) = self.0.as_mut() else {
            return;
        };
        let bytes = text.as_bytes();
        if range.end > bytes.len() || edits.len() >= MAX_EDITS {
            self.0 = None;
            return;
        }
        // The edited lines: from the start of the first to the end of the
        // last, its terminator included, so that the line breaks in them
        // before and after the edit can be counted.
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..range.start]).map_or(0, |i| i + 1);
        let content_end = memchr::memchr2(b'\n', b'\r', &bytes[range.end..])
            .map_or(bytes.len(), |i| range.end + i);
        let end = match bytes.get(content_end) {
            Some(b'\r') if bytes.get(content_end + 1) == Some(&b'\n') => content_end + 2,
            Some(_) => content_end + 1,
            None => content_end,
        };
        let (before, after) = (&bytes[start..range.start], &bytes[range.end..end]);
        let new_first = before
            .first()
            .or(inserted.as_bytes().first())
            .or(after.first());
        // A line starting after a lone `\r` that now starts with `\n`
        // would make one line break of two: the lines before it would move
        // too. An edit that starts or ends between `\r` and `\n` is made
        // from inside a line break. Neither is typing; both end the log.
        let joins_before = start > 0 && bytes[start - 1] == b'\r' && new_first == Some(&b'\n');
        let inside_pair =
            |at: usize| at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n');
        if joins_before || inside_pair(range.start) || inside_pair(range.end) {
            self.0 = None;
            return;
        }
        let old = breaks(&[&bytes[start..end]]);
        let new = breaks(&[before, inserted.as_bytes(), after]);
        edits.push(LineEdit {
            range,
            inserted: inserted.len(),
            lines: start..content_end,
            line_delta: new - old,
        });
    }

    /// Where `offset` of the text before the edits is after them, and how
    /// many lines it moved, if no edit was on its line.
    fn map(edits: &[LineEdit], mut offset: usize) -> Option<(usize, i64)> {
        let mut lines = 0;
        for e in edits {
            // One past the end too: an offset inside a `\r\n` pair reads as
            // the end of the edited line.
            if e.lines.start <= offset && offset <= e.lines.end + 1 {
                return None;
            }
            if offset >= e.range.end {
                offset = offset - e.range.len() + e.inserted;
                lines += e.line_delta;
            }
        }
        Some((offset, lines))
    }

    fn map_range(edits: &[LineEdit], r: &Range<usize>) -> Option<Range<usize>> {
        Some(Self::map(edits, r.start)?.0..Self::map(edits, r.end)?.0)
    }

    /// How many lines the start and the end of `r` moved.
    fn line_moves(edits: &[LineEdit], r: &Range<usize>) -> Option<(i64, i64)> {
        Some((Self::map(edits, r.start)?.1, Self::map(edits, r.end)?.1))
    }
}

/// A kept diagnostic whose positions the edits left alone: its range
/// moved into the new text (its related ranges are moved when compared,
/// so that a survivor costs no allocation).
struct Survivor<'a> {
    range: Range<usize>,
    old: &'a Diagnostic,
    /// Its place in the last lint's list.
    index: usize,
}

/// Where a diagnostic's JSON comes from.
enum Source {
    /// The kept diagnostic at this place of the last list, as it was.
    Same(usize),
    /// The kept diagnostic at this place of the last list, with its line
    /// numbers moved by these many lines: its range's start and end, then
    /// each related range's.
    Moved(usize, Vec<(i64, i64)>),
    Fresh,
}

impl<'a> Survivor<'a> {
    fn new(edits: &[LineEdit], old: &'a Diagnostic, index: usize) -> Option<Self> {
        Some(Survivor {
            range: EditLog::map_range(edits, &old.range)?,
            old,
            index,
        })
    }

    fn key(&self) -> (usize, usize, Rule) {
        (self.range.start, self.range.end, self.old.rule)
    }

    /// Whether `d` converts to the kept LSP diagnostic, up to line numbers:
    /// everything the LSP diagnostic shows is the same (a fix's edits are
    /// not sent, only whether there is a fix and how safe it is), and every
    /// related range is the old one moved by edits off its line.
    fn converts_like(&self, edits: &[LineEdit], d: &Diagnostic) -> bool {
        let o = self.old;
        o.severity == d.severity
            && o.message == d.message
            && o.related.len() == d.related.len()
            && o.related.iter().zip(&d.related).all(|(or, nr)| {
                EditLog::map_range(edits, &or.range).as_ref() == Some(&nr.range)
                    && or.message == nr.message
            })
            && o.fix.as_ref().map(|f| f.applicability) == d.fix.as_ref().map(|f| f.applicability)
    }

    /// The kept JSON as it was when no line before its positions moved,
    /// else the kept diagnostic with its line numbers moved (its columns
    /// stand: its lines were not edited).
    fn source(&self, edits: &[LineEdit]) -> Source {
        // Typing within lines (nearly every keystroke) moves no line: the
        // kept JSON stands, with no mapping and no allocation.
        if edits.iter().all(|e| e.line_delta == 0) {
            return Source::Same(self.index);
        }
        let moves = |r: &Range<usize>| EditLog::line_moves(edits, r).expect("compared as mapped");
        let o = self.old;
        let mut all = vec![moves(&o.range)];
        all.extend(o.related.iter().map(|r| moves(&r.range)));
        if all.iter().all(|&m| m == (0, 0)) {
            Source::Same(self.index)
        } else {
            Source::Moved(self.index, all)
        }
    }
}

/// Diagnostic `index` of `kept`, its line numbers moved by `moves` (see
/// [`Source::Moved`]), written.
fn moved(kept: &Published, index: usize, moves: &[(i64, i64)]) -> Vec<u8> {
    let mut lsp = kept.lsp(index);
    moved_lines(&mut lsp.range, moves[0]);
    for (info, &m) in lsp
        .related_information
        .iter_mut()
        .flatten()
        .zip(&moves[1..])
    {
        moved_lines(&mut info.location.range, m);
    }
    written(&lsp)
}

fn moved_lines(r: &mut lsp::Range, (start, end): (i64, i64)) {
    // A position's line stays in range: the edits moved the text it points
    // at by this many lines, and that text is still there.
    let moved =
        |line: u32, by: i64| u32::try_from(i64::from(line) + by).expect("a line that exists");
    r.start.line = moved(r.start.line, start);
    r.end.line = moved(r.end.line, end);
}

/// From this many conversions on, they are shared out over the cores: the
/// first lint of a large document converts every finding (tens of
/// thousands of instructions each, BENCHMARKS.md, issue 13), and so does a
/// lint after an edit the log could not map. (Tests share out a few, so
/// that they check this path too.)
const CONVERT_APART_FROM: usize = if cfg!(test) { 4 } else { 512 };

/// Converts `new` to LSP, reusing the kept JSON of each diagnostic the
/// log shows unchanged; `convert` does the rest. The result is exactly what
/// converting them all would give.
pub fn convert(
    new: &[Diagnostic],
    kept: Option<(&[Diagnostic], &Published)>,
    log: &EditLog,
    convert: impl Fn(&Diagnostic) -> lsp::Diagnostic + Sync,
) -> Published {
    let fresh = |ds: &[&Diagnostic]| -> Vec<Vec<u8>> {
        if ds.len() >= CONVERT_APART_FROM {
            use rayon::prelude::*;
            ds.par_iter().map(|d| written(&convert(d))).collect()
        } else {
            ds.iter().map(|d| written(&convert(d))).collect()
        }
    };
    let (Some((old, old_json)), Some(edits)) = (kept, log.0.as_deref()) else {
        let mut out = Published::default();
        for json in fresh(&new.iter().collect::<Vec<_>>()) {
            out.push(&json);
        }
        return out;
    };
    // Both lists are sorted by (start, end, rule); moving keeps the order of
    // the kept diagnostics that survive, so one pass pairs them.
    let survivors: Vec<Survivor> = old
        .iter()
        .enumerate()
        .filter_map(|(i, o)| Survivor::new(edits, o, i))
        .collect();
    let key = |d: &Diagnostic| (d.range.start, d.range.end, d.rule);
    let mut next = 0;
    let sources: Vec<Source> = new
        .iter()
        .map(|d| {
            while next < survivors.len() && survivors[next].key() < key(d) {
                next += 1;
            }
            survivors[next..]
                .iter()
                .take_while(|s| s.key() == key(d))
                .find(|s| s.converts_like(edits, d))
                .map_or(Source::Fresh, |s| s.source(edits))
        })
        .collect();
    let missing: Vec<&Diagnostic> = new
        .iter()
        .zip(&sources)
        .filter(|(_, s)| matches!(s, Source::Fresh))
        .map(|(d, _)| d)
        .collect();
    let mut converted = fresh(&missing).into_iter();
    let mut out = Published {
        json: spare_buffer(old_json.json.len() + old_json.json.len() / 16 + 256),
        starts: Vec::with_capacity(new.len()),
    };
    // Kept diagnostics that follow each other in both lists are copied in
    // one piece.
    let mut run: Option<Range<usize>> = None;
    for source in sources {
        match source {
            Source::Same(i) => match &mut run {
                Some(r) if r.end == i => r.end += 1,
                _ => {
                    if let Some(r) = run.take() {
                        out.push_from(old_json, r);
                    }
                    run = Some(i..i + 1);
                }
            },
            other => {
                if let Some(r) = run.take() {
                    out.push_from(old_json, r);
                }
                match other {
                    Source::Moved(i, moves) => out.push(&moved(old_json, i, &moves)),
                    _ => out.push(&converted.next().expect("one conversion per missing")),
                }
            }
        }
    }
    if let Some(r) = run {
        out.push_from(old_json, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::convert;
    use crate::lsp::position::Encoding;
    use ropey::Rope;
    use std::str::FromStr;
    use tower_lsp_server::ls_types::Uri;
    use verbatim_core::Config;

    /// Findings of several rules, related ranges pointing across lines,
    /// CRLF and lone CR, and characters of every UTF-16 width.
    const TEXT: &str = "MR ROBINSON: Foreign Minister Lavrow said (inaudible it.\r\n\
        \r\n\
        FOREIGN MINISTER LAVROV: We did[1]. “Yes” 😀 é  two spaces.\r\
        MR ROBINSON: Robin[2] the the talks (Laughter.\n\
        \n\
        Notes\n\
        [1] A note.\n";

    /// Applies edits one at a time (a lint after each, or after a burst)
    /// and checks the kept conversion against converting everything, in
    /// both encodings that differ.
    #[test]
    fn kept_conversions_equal_fresh_ones_after_any_edit() {
        let uri = Uri::from_str("file:///t/a.txt").unwrap();
        let config = Config::default();
        let inserts = [
            "x",
            "",
            "é",
            "😀",
            "\n",
            "\r",
            "  ",
            "[3]",
            "(inaudible ",
            ")",
        ];
        // Several seeds: the line breaks typed and deleted meet `\r\n`
        // pairs and lone `\r`s in many ways.
        let runs = [7u64, 11, 1234, 99].map(|seed| (Encoding::Utf16, seed));
        for (enc, seed) in [(Encoding::Utf8, 7)].into_iter().chain(runs) {
            let mut text = TEXT.to_string();
            let convert_all = |text: &str, ds: &[Diagnostic]| -> Published {
                let rope = Rope::from_str(text);
                Published::from_lsp(ds.iter().map(|d| convert::diagnostic(&rope, &uri, d, enc)))
            };
            let mut old = verbatim_core::lint(&text, &config);
            let mut old_lsp = convert_all(&text, &old);
            let mut log = EditLog::start();
            let mut state = seed;
            let mut reused = 0;
            for step in 0..400 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                let r = (state >> 33) as usize;
                let mut at = r % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let mut end = (at + (r >> 8) % 3).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let inserted = inserts[(r >> 12) % inserts.len()];
                log.record(&text, at..end, inserted);
                text.replace_range(at..end, inserted);
                // Lint after every edit but each third, so that some lints
                // see two edits.
                if step % 3 == 0 {
                    continue;
                }
                let new = verbatim_core::lint(&text, &config);
                let rope = Rope::from_str(&text);
                let fresh_calls = std::sync::atomic::AtomicUsize::new(0);
                let got = super::convert(&new, Some((&old, &old_lsp)), &log, |d| {
                    fresh_calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    convert::diagnostic(&rope, &uri, d, enc)
                });
                let fresh_calls = fresh_calls.into_inner();
                assert_eq!(
                    got,
                    convert_all(&text, &new),
                    "{enc:?} seed {seed} step {step}: {text:?}"
                );
                reused += new.len() - fresh_calls;
                old = new;
                old_lsp = got;
                log = EditLog::start();
            }
            // The test means something only if conversions were reused.
            assert!(reused > 100, "{enc:?} seed {seed}: only {reused} reused");
        }
    }

    /// Enter, and joining two lines, at the top of a document with findings
    /// on every line after: each finding below is the kept one with its
    /// line numbers moved, none converted afresh, and the result equals
    /// converting everything, in each line ending.
    #[test]
    fn a_line_break_moves_the_findings_below_without_converting_them() {
        let uri = Uri::from_str("file:///t/a.txt").unwrap();
        let config = Config::default();
        for nl in ["\n", "\r\n", "\r"] {
            let body: String = (0..30)
                .map(|i| format!("MR ROBINSON: Lavrow said{i} (inaudible it.{nl}LAVROV: Yes.{nl}"))
                .collect();
            let first = format!("MODERATOR: Good morning.{nl}");
            let text = format!("{first}{body}");
            let enc = Encoding::Utf16;
            let convert_all = |text: &str, ds: &[Diagnostic]| -> Published {
                let rope = Rope::from_str(text);
                Published::from_lsp(ds.iter().map(|d| convert::diagnostic(&rope, &uri, d, enc)))
            };
            let old = verbatim_core::lint(&text, &config);
            assert!(old.len() >= 60, "{nl:?}: {} findings", old.len());
            let old_lsp = convert_all(&text, &old);
            // Enter after "Good", then the same line break taken back.
            let at = "MODERATOR: Good".len();
            let entered = format!("{}{nl}{}", &text[..at], &text[at..]);
            for (before, range, inserted, after) in [
                (&text, at..at, nl, &entered),
                (&entered, at..at + nl.len(), "", &text),
            ] {
                let mut log = EditLog::start();
                log.record(before, range, inserted);
                let (prev, prev_lsp) = if before == &text {
                    (old.clone(), old_lsp.clone())
                } else {
                    let d = verbatim_core::lint(before, &config);
                    let l = convert_all(before, &d);
                    (d, l)
                };
                let new = verbatim_core::lint(after, &config);
                let rope = Rope::from_str(after);
                let fresh_calls = std::sync::atomic::AtomicUsize::new(0);
                let got = super::convert(&new, Some((&prev, &prev_lsp)), &log, |d| {
                    fresh_calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    convert::diagnostic(&rope, &uri, d, enc)
                });
                assert_eq!(got, convert_all(after, &new), "{nl:?} {inserted:?}");
                assert_eq!(
                    fresh_calls.into_inner(),
                    0,
                    "{nl:?} {inserted:?}: the edited line has no finding"
                );
                assert_eq!(got.len(), prev_lsp.len());
                let moved = (0..got.len())
                    .filter(|&i| got.lsp(i).range.start.line != prev_lsp.lsp(i).range.start.line);
                assert_eq!(moved.count(), new.len(), "{nl:?} {inserted:?}");
            }
        }
    }
}
