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
use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;
use verbatim_core::{Diagnostic, Findings, Run};

/// The diagnostics of one lint as the client sees them: the JSON of each,
/// written once, joined by commas into the inside of a JSON list.
///
/// A push sends every diagnostic of the document on every keystroke, and
/// serialising them was most of a keystroke's cost on a document with many
/// findings (BENCHMARKS.md, issue 13). Kept in a few buffers rather than
/// one allocation per diagnostic, and as pieces of buffers: the diagnostics
/// an edit left alone stay where the lint that wrote them put them, and
/// the next list takes them as pieces of that buffer (copying a megabyte
/// of kept JSON on every keystroke was a tenth of it, BENCHMARKS.md); only
/// the diagnostics written afresh go into a buffer of the new list's own.
/// Once a list has many pieces, or holds on to buffers much larger than
/// itself, it is written into one buffer again.
#[derive(Debug, Default, Clone)]
pub struct Published {
    /// The list, in pieces joined by commas: each piece whole diagnostics
    /// joined by commas.
    pieces: Vec<Piece>,
    /// Where each diagnostic's JSON starts in the list read as one text;
    /// it ends one byte before the next starts (the comma), the last at
    /// the end.
    starts: Vec<usize>,
    /// For each run of the findings the list was made from, where each of
    /// its findings is in the list: what the next lint reads to reuse a
    /// kept run's JSON. Empty for a list made otherwise.
    at: Vec<Vec<u32>>,
}

#[derive(Debug, Clone)]
struct Piece {
    buffer: Arc<Buffer>,
    range: Range<usize>,
    /// Where the piece starts in the list read as one text.
    start: usize,
}

/// A buffer of diagnostics' JSON, shared by the lists that take pieces of
/// it; returned to the spare ones once none does.
#[derive(Debug)]
struct Buffer(Vec<u8>);

/// A list holding more pieces than this is written into one buffer again:
/// a publish writes each piece with the others in one call, and a list
/// that one lint after another splits keeps growing. (Tests write lists
/// whole after a few, so that they check that path too.)
const MAX_PIECES: usize = if cfg!(test) { 4 } else { 48 };

/// Equal when the client is sent the same.
impl PartialEq for Published {
    fn eq(&self, other: &Published) -> bool {
        self.joined() == other.joined() && self.starts == other.starts
    }
}

/// Buffers of lists no longer in use, for the next list written whole.
///
/// A list written whole is as large as the last (a megabyte with a few
/// thousand findings). A new buffer that size is fresh memory from the
/// system, and the first write to each page of it faults (BENCHMARKS.md,
/// issue 13); a buffer no list uses any more serves, its pages already in
/// place. At most [`SPARE_BUFFERS`] are kept, and only large ones: the
/// memory they hold stays small beside the lists in use.
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

impl Drop for Buffer {
    fn drop(&mut self) {
        let mut json = std::mem::take(&mut self.0);
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
        let mut out = Builder::new(0);
        for d in items {
            out.push(&written(&d));
        }
        out.finish(Vec::new())
    }

    /// The inside of the JSON list, in pieces: the diagnostics and the
    /// commas between them.
    pub fn pieces<'a>(&'a self, out: &mut Vec<&'a [u8]>) {
        for (i, p) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push(b",");
            }
            out.push(&p.buffer.0[p.range.clone()]);
        }
    }

    /// How many bytes the inside of the JSON list has.
    pub fn list_len(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.start + p.range.len())
    }

    /// The inside of the JSON list, joined.
    fn joined(&self) -> Vec<u8> {
        let mut all = Vec::new();
        self.pieces(&mut all);
        all.concat()
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The bytes `from..to` of the list read as one text, which lie in one
    /// piece.
    fn bytes(&self, from: usize, to: usize) -> &[u8] {
        let p = &self.pieces[self.pieces.partition_point(|p| p.start <= from) - 1];
        let at = p.range.start + (from - p.start);
        &p.buffer.0[at..at + (to - from)]
    }

    /// The JSON of diagnostic `i`.
    fn item(&self, i: usize) -> &[u8] {
        let end = self.starts.get(i + 1).map_or(self.list_len(), |&s| s - 1);
        self.bytes(self.starts[i], end)
    }

    /// Diagnostic `i` as a value, read back from its JSON: for the answers
    /// that go through the transport's typed values, and for a kept
    /// diagnostic whose lines moved.
    pub fn lsp(&self, i: usize) -> lsp::Diagnostic {
        serde_json::from_slice(self.item(i)).expect("the JSON of a diagnostic reads back")
    }
}

/// A list being written: pieces of earlier lists' buffers, and the JSON
/// written afresh, in a buffer of its own.
struct Builder {
    own: Vec<u8>,
    /// The pieces so far, a piece of `own` without its buffer.
    pieces: Vec<(Option<Arc<Buffer>>, Range<usize>, usize)>,
    starts: Vec<usize>,
    len: usize,
}

impl Builder {
    fn new(items: usize) -> Builder {
        Builder {
            own: Vec::new(),
            pieces: Vec::new(),
            starts: Vec::with_capacity(items),
            len: 0,
        }
    }

    /// Starts a piece of `range` (of `buffer`, or of the new list's own
    /// buffer), or extends the last one when it ends where this starts,
    /// the comma between them in the buffer.
    fn add(&mut self, buffer: Option<&Arc<Buffer>>, range: Range<usize>) -> usize {
        if let Some((b, last, _)) = self.pieces.last_mut() {
            let same = match (b.as_ref(), buffer) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            };
            if same && last.end + 1 == range.start {
                let at = self.len + 1;
                last.end = range.end;
                self.len += 1 + range.len();
                return at;
            }
        }
        if !self.pieces.is_empty() {
            self.len += 1;
        }
        let at = self.len;
        self.len += range.len();
        self.pieces.push((buffer.cloned(), range, at));
        at
    }

    /// Appends one diagnostic's JSON, written afresh.
    fn push(&mut self, json: &[u8]) {
        // Commas between the diagnostics written afresh in a row, so that
        // they make one piece.
        if !self.own.is_empty() {
            self.own.push(b',');
        }
        let start = self.own.len();
        self.own.extend_from_slice(json);
        let at = self.add(None, start..self.own.len());
        self.starts.push(at);
    }

    /// Diagnostics `items` of `from`, taken as pieces of its buffers.
    fn push_from(&mut self, from: &Published, items: Range<usize>) {
        if items.is_empty() {
            return;
        }
        let first = from.starts[items.start];
        let end = from
            .starts
            .get(items.end)
            .map_or(from.list_len(), |&s| s - 1);
        let base = self.len + usize::from(!self.pieces.is_empty());
        // The stretch `first..end` of `from`, piece by piece; the commas
        // between pieces are where they were.
        let mut at = first;
        let mut i = from.pieces.partition_point(|p| p.start <= first) - 1;
        while at < end {
            let p = &from.pieces[i];
            let to = end.min(p.start + p.range.len());
            // Where the stretch lies in the piece's buffer.
            let (from_at, to_at) = (at - p.start, to - p.start);
            self.add(
                Some(&p.buffer),
                p.range.start + from_at..p.range.start + to_at,
            );
            at = to + 1;
            i += 1;
        }
        self.starts
            .extend(from.starts[items].iter().map(|&s| base + (s - first)));
    }

    fn finish(self, at: Vec<Vec<u32>>) -> Published {
        let own = (!self.own.is_empty()).then(|| Arc::new(Buffer(self.own)));
        let pieces: Vec<Piece> = self
            .pieces
            .into_iter()
            .map(|(buffer, range, start)| Piece {
                buffer: buffer
                    .or_else(|| own.clone())
                    .expect("a piece of the list's own"),
                range,
                start,
            })
            .collect();
        let mut out = Published {
            pieces,
            starts: self.starts,
            at,
        };
        // Buffers held, each once, against the list's own size.
        let mut held: Vec<&Arc<Buffer>> = Vec::new();
        for p in &out.pieces {
            if !held.iter().any(|h| Arc::ptr_eq(h, &p.buffer)) {
                held.push(&p.buffer);
            }
        }
        let held: usize = held.iter().map(|b| b.0.len()).sum();
        if out.pieces.len() > MAX_PIECES || held > 2 * out.list_len() + SPARE_FROM {
            let mut one = spare_buffer(out.list_len());
            let mut all = Vec::new();
            out.pieces(&mut all);
            for p in all {
                one.extend_from_slice(p);
            }
            let range = 0..one.len();
            out.pieces = vec![Piece {
                buffer: Arc::new(Buffer(one)),
                range,
                start: 0,
            }];
        }
        out
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

/// Where the JSON of finding `k` of `old` (at `index` in the last list)
/// comes from, for a finding that converts like it (the same, or equal
/// to it): the kept JSON as it was when no line before its positions
/// moved, else that JSON with its line numbers moved (its columns stand:
/// its lines were not edited); converted afresh if a position is on a line
/// an edit touched.
fn kept_source(edits: &[LineEdit], old: &Run, k: usize, index: usize) -> Source {
    // Typing within lines (nearly every keystroke) moves no line: the kept
    // JSON stands if no position is on an edited line.
    if edits.iter().all(|e| e.line_delta == 0) {
        return if old
            .places(k)
            .all(|r| EditLog::map_range(edits, &r).is_some())
        {
            Source::Same(index)
        } else {
            Source::Fresh
        };
    }
    let Some(all) = old
        .places(k)
        .map(|r| EditLog::line_moves(edits, &r))
        .collect::<Option<Vec<_>>>()
    else {
        return Source::Fresh;
    };
    if all.iter().all(|&m| m == (0, 0)) {
        Source::Same(index)
    } else {
        Source::Moved(index, all)
    }
}

/// Whether finding `k` of `new` converts to the LSP diagnostic of finding
/// `o` of `old`, up to line numbers: everything the LSP diagnostic shows
/// is the same (a fix's edits are not sent, only whether there is a fix
/// and how safe it is), and every place is the old one moved by edits off
/// its line.
fn converts_like(edits: &[LineEdit], old: &Run, o: usize, new: &Run, k: usize) -> bool {
    let (od, nd) = (old.unmoved(o), new.unmoved(k));
    od.severity == nd.severity
        && od.message == nd.message
        && od.related.len() == nd.related.len()
        && od
            .related
            .iter()
            .zip(&nd.related)
            .all(|(or, nr)| or.message == nr.message)
        && old
            .places(o)
            .zip(new.places(k))
            .all(|(or, nr)| EditLog::map_range(edits, &or).as_ref() == Some(&nr))
        && od.fix.as_ref().map(|f| f.applicability) == nd.fix.as_ref().map(|f| f.applicability)
}

/// The sources of `new`'s findings, a run of a rule that ran again, paired
/// with the findings of `old` (the rule's run at the last lint, at `index`
/// in the last list) that the edits left alone.
fn paired(edits: &[LineEdit], old: &Run, index: &[u32], new: &Run) -> Vec<Source> {
    // Both runs are sorted by range; moving keeps the order of the kept
    // findings that survive, so one pass pairs them.
    let survivors: Vec<(Range<usize>, usize)> = (0..old.len())
        .filter_map(|o| Some((EditLog::map_range(edits, &old.range(o))?, o)))
        .collect();
    let key = |r: &Range<usize>| (r.start, r.end);
    let mut next = 0;
    (0..new.len())
        .map(|k| {
            let r = new.range(k);
            while next < survivors.len() && key(&survivors[next].0) < key(&r) {
                next += 1;
            }
            survivors[next..]
                .iter()
                .take_while(|(s, _)| key(s) == key(&r))
                .find(|&&(_, o)| converts_like(edits, old, o, new, k))
                .map_or(Source::Fresh, |&(_, o)| {
                    kept_source(edits, old, o, index[o] as usize)
                })
        })
        .collect()
}

/// Diagnostic `index` of `kept`, its line numbers moved by `moves` (see
/// [`Source::Moved`]), written: its kept JSON with the line numbers
/// rewritten ([`moved_json`]). Read back and written again, each cost
/// microseconds, and an Enter above a thousand findings moves them all
/// (BENCHMARKS.md, issue 13).
fn moved(kept: &Published, index: usize, moves: &[(i64, i64)]) -> Vec<u8> {
    if let Some(json) = moved_json(kept.item(index), moves) {
        return json;
    }
    let mut lsp = kept.lsp(index);
    moved_diagnostic(&mut lsp, moves);
    written(&lsp)
}

/// `d` with its line numbers moved by `moves` (see [`Source::Moved`]).
fn moved_diagnostic(d: &mut lsp::Diagnostic, moves: &[(i64, i64)]) {
    moved_lines(&mut d.range, moves[0]);
    for (info, &m) in d.related_information.iter_mut().flatten().zip(&moves[1..]) {
        moved_lines(&mut info.location.range, m);
    }
}

/// `json`, one diagnostic as [`written`] writes it, with the line of each
/// position moved by `moves`; `None` when its positions are not the two
/// per move that `moves` expects. A position is the only object that
/// starts `{"line":` (inside a string the quote would be escaped), and
/// positions come in the order of `moves`: the range's start and end, then
/// each related place's.
fn moved_json(json: &[u8], moves: &[(i64, i64)]) -> Option<Vec<u8>> {
    use std::io::Write;
    const LINE: &[u8] = br#"{"line":"#;
    let mut by = moves.iter().flat_map(|&(start, end)| [start, end]);
    let mut out = Vec::with_capacity(json.len() + 8);
    let mut copied = 0;
    for at in memchr::memmem::find_iter(json, LINE) {
        let from = at + LINE.len();
        let to = from
            + json[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let line: i64 = std::str::from_utf8(&json[from..to]).ok()?.parse().ok()?;
        let now = u32::try_from(line + by.next()?).ok()?;
        out.extend_from_slice(&json[copied..from]);
        // Writing to a `Vec` cannot fail.
        let _ = write!(out, "{now}");
        copied = to;
    }
    if by.next().is_some() {
        return None;
    }
    out.extend_from_slice(&json[copied..]);
    Some(out)
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

/// Converts `new` to LSP, in the order a lint reports them, reusing the
/// kept JSON of each finding the log shows unchanged; `convert` does the
/// rest. The result is exactly what converting them all would give.
///
/// A rule's run that the analysis kept ([`Run::same_findings`]) is not
/// compared finding by finding: only where its findings are is read, to
/// see which are on an edited line. A rule that ran again is paired with
/// its last run by position.
pub fn convert(
    new: &Findings,
    kept: Option<(&Findings, &Published)>,
    log: &EditLog,
    convert: impl Fn(&Diagnostic) -> lsp::Diagnostic + Sync,
) -> Published {
    let order = new.order();
    let runs = new.runs();
    let mut sources: Vec<Vec<Source>> = match (kept, log.0.as_deref()) {
        (Some((old, old_json)), Some(edits)) if old_json.at.len() == old.runs().len() => runs
            .iter()
            .map(|run| {
                let Some(o) = old.runs().iter().position(|o| o.rule() == run.rule()) else {
                    return (0..run.len()).map(|_| Source::Fresh).collect();
                };
                let (old_run, index) = (&old.runs()[o], &old_json.at[o]);
                if run.same_findings(old_run) {
                    (0..run.len())
                        .map(|k| kept_source(edits, old_run, k, index[k] as usize))
                        .collect()
                } else {
                    paired(edits, old_run, index, run)
                }
            })
            .collect(),
        _ => runs
            .iter()
            .map(|run| (0..run.len()).map(|_| Source::Fresh).collect())
            .collect(),
    };
    let missing: Vec<Diagnostic> = order
        .iter()
        .filter(|&&(r, k)| matches!(sources[r][k], Source::Fresh))
        .map(|&(r, k)| runs[r].diagnostic(k))
        .collect();
    let mut converted = if missing.len() >= CONVERT_APART_FROM {
        use rayon::prelude::*;
        missing.par_iter().map(|d| written(&convert(d))).collect()
    } else {
        missing
            .iter()
            .map(|d| written(&convert(d)))
            .collect::<Vec<_>>()
    }
    .into_iter();
    let empty = Published::default();
    let old_json = kept.map_or(&empty, |(_, j)| j);
    let mut out = Builder::new(order.len());
    // Room at once for what is written afresh: all of it, on a first lint.
    out.own
        .reserve(converted.as_slice().iter().map(|j| j.len() + 1).sum());
    let mut at: Vec<Vec<u32>> = runs.iter().map(|r| vec![0; r.len()]).collect();
    // Kept diagnostics that follow each other in both lists are taken in
    // one piece.
    let mut run: Option<Range<usize>> = None;
    for (place, &(r, k)) in order.iter().enumerate() {
        at[r][k] = place as u32;
        match std::mem::replace(&mut sources[r][k], Source::Fresh) {
            Source::Same(i) => match &mut run {
                Some(run) if run.end == i => run.end += 1,
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
    out.finish(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::convert;
    use crate::lsp::position::Encoding;
    use ropey::Rope;
    use std::str::FromStr;
    use tower_lsp_server::ls_types::Uri;
    use verbatim_core::{Analysis, Config};

    /// Findings of several rules, related ranges pointing across lines,
    /// CRLF and lone CR, and characters of every UTF-16 width.
    const TEXT: &str = "MR ROBINSON: Foreign Minister Lavrow said (inaudible it.\r\n\
        \r\n\
        FOREIGN MINISTER LAVROV: We did[1]. “Yes” 😀 é  two spaces.\r\
        MR ROBINSON: Robin[2] the the talks (Laughter.\n\
        \n\
        Notes\n\
        [1] A note.\n";

    /// Moving a diagnostic's lines in its JSON gives what moving them in
    /// the diagnostic and writing it again gives, whatever its message
    /// says; positions fewer or more than the moves expect are left to
    /// that path.
    #[test]
    fn lines_moved_in_the_json_are_the_diagnostic_moved() {
        let uri = Uri::from_str("file:///t/a.txt").unwrap();
        let place = |l: u32, c: u32| {
            lsp::Range::new(lsp::Position::new(l, c), lsp::Position::new(l + 1, 2))
        };
        let d = lsp::Diagnostic {
            range: place(7, 3),
            message: r#"a {"line":4} in "quotes" and \ 😀"#.into(),
            related_information: Some(vec![
                lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri.clone(), place(2, 0)),
                    message: r#"{"line":9,"character":1}"#.into(),
                },
                lsp::DiagnosticRelatedInformation {
                    location: lsp::Location::new(uri, place(12, 5)),
                    message: "after".into(),
                },
            ]),
            ..Default::default()
        };
        let json = written(&d);
        let moves = [(3, 4), (0, 0), (10, 9)];
        let mut want = d.clone();
        moved_diagnostic(&mut want, &moves);
        assert_eq!(moved_json(&json, &moves), Some(written(&want)));
        assert_eq!(moved_json(&json, &moves[..2]), None);
        let mut more = moves.to_vec();
        more.push((1, 1));
        assert_eq!(moved_json(&json, &more), None);
    }

    /// Applies edits one at a time (a lint after each, or after a burst)
    /// and checks the kept conversion against converting everything, in
    /// both encodings that differ: with the findings of an analysis kept
    /// across edits (the runs of the rules an edit did not run again are
    /// the last lint's, moved), and with every rule's findings made afresh
    /// (each paired with its last run).
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
        for kept_runs in [true, false] {
            for (enc, seed) in [(Encoding::Utf8, 7)].into_iter().chain(runs) {
                let mut text = TEXT.to_string();
                let convert_all = |text: &str, ds: &[Diagnostic]| -> Published {
                    let rope = Rope::from_str(text);
                    Published::from_lsp(
                        ds.iter()
                            .map(|d| convert::diagnostic(&rope, &uri, d, enc, convert::Shown::ALL)),
                    )
                };
                let mut analysis = Analysis::new(&text, &config);
                let lint = |analysis: &mut Analysis, text: &str| {
                    if kept_runs {
                        analysis.findings(text, &config)
                    } else {
                        Findings::from_sorted(verbatim_core::lint(text, &config))
                    }
                };
                let mut old = lint(&mut analysis, &text);
                let mut old_lsp = super::convert(&old, None, &EditLog::broken(), |d| {
                    convert::diagnostic(&Rope::from_str(&text), &uri, d, enc, convert::Shown::ALL)
                });
                let mut log = EditLog::start();
                let mut state = seed;
                let (mut reused, mut kept, mut pieces) = (0, 0, 0);
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
                    analysis.edit(at..end, inserted.len());
                    text.replace_range(at..end, inserted);
                    // Lint after every edit but each third, so that some
                    // lints see two edits.
                    if step % 3 == 0 {
                        continue;
                    }
                    let new = lint(&mut analysis, &text);
                    let fresh = verbatim_core::lint(&text, &config);
                    assert_eq!(new.to_vec(), fresh, "seed {seed} step {step}: {text:?}");
                    kept += new
                        .runs()
                        .iter()
                        .filter(|r| old.runs().iter().any(|o| o.same_findings(r)))
                        .count();
                    let rope = Rope::from_str(&text);
                    let fresh_calls = std::sync::atomic::AtomicUsize::new(0);
                    let got = super::convert(&new, Some((&old, &old_lsp)), &log, |d| {
                        fresh_calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        convert::diagnostic(&rope, &uri, d, enc, convert::Shown::ALL)
                    });
                    let fresh_calls = fresh_calls.into_inner();
                    assert_eq!(
                        got,
                        convert_all(&text, &fresh),
                        "{enc:?} seed {seed} step {step}: {text:?}"
                    );
                    reused += new.len() - fresh_calls;
                    pieces = pieces.max(got.pieces.len());
                    old = new;
                    old_lsp = got;
                    log = EditLog::start();
                }
                // The test means something only if conversions were reused,
                // and, with an analysis, runs were kept.
                assert!(reused > 100, "{enc:?} seed {seed}: only {reused} reused");
                assert_eq!(
                    kept > 100,
                    kept_runs,
                    "{enc:?} seed {seed}: {kept} runs kept"
                );
                // Lists were made of pieces of earlier ones.
                assert!(pieces > 2, "{enc:?} seed {seed}: at most {pieces} pieces");
            }
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
                Published::from_lsp(
                    ds.iter()
                        .map(|d| convert::diagnostic(&rope, &uri, d, enc, convert::Shown::ALL)),
                )
            };
            let old = Findings::from_sorted(verbatim_core::lint(&text, &config));
            assert!(old.len() >= 60, "{nl:?}: {} findings", old.len());
            let old_lsp = super::convert(&old, None, &EditLog::broken(), |d| {
                convert::diagnostic(&Rope::from_str(&text), &uri, d, enc, convert::Shown::ALL)
            });
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
                    let d = Findings::from_sorted(verbatim_core::lint(before, &config));
                    let rope = Rope::from_str(before);
                    let l = super::convert(&d, None, &EditLog::broken(), |d| {
                        convert::diagnostic(&rope, &uri, d, enc, convert::Shown::ALL)
                    });
                    (d, l)
                };
                let new = Findings::from_sorted(verbatim_core::lint(after, &config));
                let rope = Rope::from_str(after);
                let fresh_calls = std::sync::atomic::AtomicUsize::new(0);
                let got = super::convert(&new, Some((&prev, &prev_lsp)), &log, |d| {
                    fresh_calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    convert::diagnostic(&rope, &uri, d, enc, convert::Shown::ALL)
                });
                assert_eq!(
                    got,
                    convert_all(after, &new.to_vec()),
                    "{nl:?} {inserted:?}"
                );
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
