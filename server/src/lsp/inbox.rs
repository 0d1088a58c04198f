//! stdin for the protocol, with large `didOpen` texts taken out on the way.
//!
//! The transport decodes each message into a generic JSON value through an
//! untagged enum, which buffers and copies every string, and then decodes
//! the params again: for a 3.5 MB transcript that is most of the wait
//! before the first diagnostics. Here a reader thread frames the messages;
//! a large body is read straight into a buffer of its own, and a large
//! `didOpen` has its text decoded in that same buffer, which then becomes
//! the text: no other copy is made, and no fresh pages are touched for it.
//! The text is kept aside under a ticket, and the transport receives the
//! same message with the ticket in place of the text. [`Session::open`]
//! trades the ticket back. Every other message passes through byte for
//! byte, and anything that does not frame cleanly switches the reader to
//! plain pass-through, so the transport reports it as it always would.
//!
//! [`Session::open`]: super::session::Session::open

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::{DidOpenTextDocumentParams, TextDocumentItem, Uri};

/// Messages smaller than this pass through: decoding them twice is cheap.
const INTERCEPT_FROM: usize = 64 * 1024;

/// Texts taken out of `didOpen` messages, by ticket, until the session
/// claims them.
fn kept() -> &'static Mutex<HashMap<String, String>> {
    static KEPT: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    KEPT.get_or_init(Default::default)
}

/// The text a `didOpen` carried: `text` itself, or the text its ticket
/// stands for.
pub fn claim(text: String) -> String {
    if !text.starts_with(TICKET_PREFIX) {
        return text;
    }
    let kept = kept()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&text);
    kept.unwrap_or(text)
}

/// No transcript starts with a NUL; the process id and a counter make a
/// ticket unique to this reader.
const TICKET_PREFIX: &str = "\u{0}verbatim-inbox:";

fn ticket() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{TICKET_PREFIX}{}:{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

#[derive(Deserialize, Serialize)]
struct Open {
    jsonrpc: String,
    method: String,
    params: DidOpenTextDocumentParams,
}

/// A `didOpen` with its text left undecoded, as it stands in the message.
#[derive(Deserialize)]
struct RawOpen<'a> {
    jsonrpc: String,
    method: String,
    #[serde(borrow)]
    params: RawParams<'a>,
}

#[derive(Deserialize)]
struct RawParams<'a> {
    #[serde(rename = "textDocument", borrow)]
    text_document: RawItem<'a>,
}

#[derive(Deserialize)]
struct RawItem<'a> {
    uri: Uri,
    #[serde(rename = "languageId")]
    language_id: String,
    version: i32,
    #[serde(borrow)]
    text: &'a RawValue,
}

/// Whether `body` may be a `didOpen`: clients write the method before or
/// after the params, not amid the text's megabytes. A string cannot hold
/// the quoted name unescaped, so only another field that names it costs a
/// decode, which the method check in [`intercept`] then rejects.
fn names_open(body: &[u8]) -> bool {
    const METHOD: &[u8] = b"\"textDocument/didOpen\"";
    let near = |part: &[u8]| part.windows(METHOD.len()).any(|w| w == METHOD);
    let edge = body.len().min(512);
    near(&body[..edge]) || near(&body[body.len() - edge..])
}

/// The message with its text kept aside, or the body given back untouched
/// to pass on as it is.
fn intercept(mut body: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
    if body.len() < INTERCEPT_FROM || !names_open(&body) {
        return Err(body);
    }
    let Ok(open) = serde_json::from_slice::<RawOpen>(&body) else {
        return Err(body);
    };
    if open.method != "textDocument/didOpen" {
        return Err(body);
    }
    // The raw text is the quoted string as it stands in `body`.
    let raw = open.params.text_document.text.get().as_bytes();
    let Some(inner) = raw.strip_prefix(b"\"").and_then(|r| r.strip_suffix(b"\"")) else {
        // Not a string: the transport reports it.
        return Err(body);
    };
    let from = inner.as_ptr() as usize - body.as_ptr() as usize;
    let to = from + inner.len();
    let RawOpen {
        jsonrpc,
        method,
        params:
            RawParams {
                text_document:
                    RawItem {
                        uri,
                        language_id,
                        version,
                        ..
                    },
            },
    } = open;
    let ticket = ticket();
    let reframed = serde_json::to_vec(&Open {
        jsonrpc,
        method,
        params: DidOpenTextDocumentParams {
            text_document: TextDocumentItem {
                uri,
                language_id,
                version,
                text: ticket.clone(),
            },
        },
    });
    let Ok(reframed) = reframed else {
        return Err(body);
    };
    unescape_in_place(&mut body, from..to);
    debug_assert!(std::str::from_utf8(&body).is_ok());
    // SAFETY: `from..to` was a `&str` (serde_json checks the UTF-8 of a raw
    // value), and `unescape_in_place` keeps it UTF-8: it moves whole runs
    // of it that end at a backslash or at its end (char boundaries, since a
    // backslash is ASCII) and writes ASCII bytes and `char::encode_utf8`
    // output between them. Checking again costs more than 2% of the wait
    // for the first diagnostics of a large document, on the reader thread
    // before the analysis starts (measured: BENCHMARKS.md, "The inbox's
    // unsafe block").
    let text = unsafe { String::from_utf8_unchecked(body) };
    kept()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(ticket, text);
    Ok(with_header(&reframed))
}

fn with_header(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Decodes the JSON string content at `raw` of `buf` (escapes and all,
/// already checked by serde_json) into the start of `buf`, and cuts `buf`
/// to the decoded text. UTF-8 in, UTF-8 out: [`intercept`] relies on it.
///
/// Written here because serde_json decodes a string with escapes through a
/// scratch buffer that grows by doubling, then copies it into a new
/// `String`: for a 3.5 MB transcript that is 12 MB of fresh pages, the
/// largest part of the wait for its first diagnostics. Decoding never
/// lengthens the text (an escape is at least as long as what it stands
/// for), so the writer never overtakes the reader.
///
/// A lone surrogate (`\ud800` without its pair), which an editor's UTF-16
/// string may hold and UTF-8 cannot, becomes U+FFFD: one UTF-16 unit for
/// one, so positions after it stay where the editor has them.
fn unescape_in_place(buf: &mut Vec<u8>, raw: Range<usize>) {
    let mut w = 0;
    let mut r = raw.start;
    let end = raw.end;
    while r < end {
        let Some(k) = memchr::memchr(b'\\', &buf[r..end]) else {
            buf.copy_within(r..end, w);
            w += end - r;
            break;
        };
        buf.copy_within(r..r + k, w);
        w += k;
        r += k;
        let escape = (r + 1 < end).then(|| buf[r + 1]);
        r += 2;
        let byte = match escape {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => match unicode_escape(&buf[r..end]) {
                Some((c, used)) => {
                    // Six bytes or more in, four at most out.
                    r += used;
                    let mut utf8 = [0u8; 4];
                    let s = c.encode_utf8(&mut utf8);
                    buf[w..w + s.len()].copy_from_slice(s.as_bytes());
                    w += s.len();
                    continue;
                }
                None => {
                    r -= 1;
                    b'\\'
                }
            },
            // serde_json accepted the string, so this cannot happen; a
            // backslash kept as it is loses nothing.
            _ => {
                r -= 1;
                b'\\'
            }
        };
        buf[w] = byte;
        w += 1;
    }
    buf.truncate(w);
}

/// The character of the `\u` escape whose four hex digits start `rest`
/// (with the low half of a surrogate pair after them, if any), and how many
/// bytes of `rest` it took; `None` when four hex digits do not follow.
fn unicode_escape(rest: &[u8]) -> Option<(char, usize)> {
    let hex = |at: usize| {
        let digits = rest.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
    };
    let first = hex(0)?;
    if (0xD800..0xDC00).contains(&first) && rest.get(4..6) == Some(b"\\u") {
        if let Some(second @ 0xDC00..0xE000) = hex(6) {
            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return Some((char::from_u32(c)?, 10));
        }
    }
    Some((
        char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER),
        4,
    ))
}

/// What the reader makes of the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A well-formed JSON-RPC message, framed as the transport expects it:
    /// `Content-Length: N\r\n\r\n` and a body that decodes.
    Deliver(Vec<u8>),
    /// The framed answer to a message that could not be delivered: a
    /// JSON-RPC error response, for the client.
    Answer(Vec<u8>),
}

/// JSON-RPC's error codes for input that is not a message.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// The header block ends within this many bytes, or it is not one.
const MAX_HEADERS: usize = 4096;

/// A body announced as larger than this is not reserved up front: the
/// buffer grows with the bytes that really arrive, so a wrong length costs
/// nothing.
const MAX_RESERVE: usize = 256 << 20;

const LENGTH: &[u8] = b"Content-Length";

/// Frames the protocol's input, and is the one place that guarantees the
/// transport sees only well-formed messages.
///
/// The transport ends its read loop at the first frame it cannot decode,
/// which would end the server; so every frame is checked here, and one
/// that would not decode is answered here (-32700 or -32600, with the
/// message's id when it can be read, `null` otherwise) and not passed on.
/// After a bad frame, reading resumes at the next `Content-Length` header.
/// A body still awaiting bytes is cut short when a complete header shows up
/// inside it: a JSON text cannot hold `Content-Length: 12` followed by a
/// raw line break, so that is the next message, and the one before it was
/// shorter than it said. Lone UTF-16 surrogate escapes (`\ud800`), which
/// JSON allows and Rust strings cannot hold, are rewritten as `\ufffd` in
/// place: one UTF-16 unit for one, so positions after them stay right.
///
/// Sans-IO: [`Reader::push`] takes bytes and [`Reader::next_event`] gives
/// what they made, so tests and fuzzing drive it without a thread.
/// [`Reader::read_from`] reads a large body straight into the buffer that
/// may become a document's text.
#[derive(Default)]
pub struct Reader {
    /// Bytes not yet framed.
    buf: Vec<u8>,
    /// A large body being read into a buffer of its own.
    large: Option<Large>,
    /// How far into `buf` (or into the large body) a pending body has been
    /// searched for the next header.
    searched: usize,
    /// After a bad frame, where in `buf` to look for the next header: past
    /// the first byte of the bad frame, so that a header it swallowed is
    /// found.
    resync: Option<usize>,
    events: std::collections::VecDeque<Event>,
}

struct Large {
    len: usize,
    /// The bytes read so far are `body[..filled]`; past them, zeroes that
    /// the next read may fill (zeroed once, not on every read).
    body: Vec<u8>,
    filled: usize,
}

/// How a header block reads.
enum Head {
    /// More bytes are needed.
    Partial,
    /// Headers of `head` bytes announcing a body of `len` bytes.
    Frame { head: usize, len: usize },
    /// Not a header block the reader understands; why, for the log.
    Bad(&'static str),
}

/// A byte that may stand in a header's name (an HTTP token).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn head(buf: &[u8]) -> Head {
    // The first line tells soonest whether this is a header at all: a body
    // sent without one is answered at once, not waited on.
    let line_end = memchr::memchr(b'\n', buf);
    let line = &buf[..line_end.unwrap_or(buf.len())];
    let colon = memchr::memchr(b':', line);
    let mut name = &line[..colon.unwrap_or(line.len())];
    if colon.is_none() && line_end.is_none() {
        name = name.strip_suffix(b"\r").unwrap_or(name);
    }
    if (colon.is_some() && name.is_empty()) || !name.iter().all(|&b| is_token(b)) {
        return Head::Bad("not a header");
    }
    let Some(end) = memchr::memmem::find(&buf[..buf.len().min(MAX_HEADERS)], b"\r\n\r\n") else {
        return if buf.len() >= MAX_HEADERS {
            Head::Bad("no end of headers")
        } else {
            Head::Partial
        };
    };
    let mut len = None;
    for line in buf[..end].split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = memchr::memchr(b':', line) else {
            return Head::Bad("a header line without a colon");
        };
        if line[..colon].eq_ignore_ascii_case(LENGTH) {
            let value = std::str::from_utf8(&line[colon + 1..]).unwrap_or("");
            match value.trim().parse::<usize>() {
                Ok(n) => len = Some(n),
                Err(_) => return Head::Bad("a Content-Length that is not a number"),
            }
        }
    }
    match len {
        Some(len) => Head::Frame { head: end + 4, len },
        None => Head::Bad("no Content-Length header"),
    }
}

/// Where in `hay` a complete `Content-Length: N\r\n` line starts, searching
/// from `from`; never inside a well-formed JSON text (see [`Reader`]).
fn next_header(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(hay.get(at..)?, LENGTH) {
        let start = at + k;
        let rest = &hay[start + LENGTH.len()..];
        let rest = rest.strip_prefix(b":").unwrap_or(b"!");
        let spaces = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let digits = rest[spaces..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let tail = &rest[spaces + digits..];
        let tail = &tail[tail.iter().take_while(|&&b| b == b' ').count()..];
        if digits > 0 && tail.starts_with(b"\r\n") {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Where a scan for a header may pick up again after looking at `len`
/// bytes: a header cut at the end of what has arrived is searched again.
fn rescan_from(len: usize) -> usize {
    len.saturating_sub(LENGTH.len() + 32)
}

impl Reader {
    pub fn new() -> Reader {
        Reader::default()
    }

    /// Takes the next bytes of input.
    pub fn push(&mut self, bytes: &[u8]) {
        let mut bytes = bytes;
        if let Some(large) = &mut self.large {
            let want = (large.len - large.filled).min(bytes.len());
            large.body.truncate(large.filled);
            large.body.extend_from_slice(&bytes[..want]);
            large.filled += want;
            bytes = &bytes[want..];
            self.large_progress();
        }
        self.buf.extend_from_slice(bytes);
        self.frame();
    }

    /// Reads once from `input` (straight into a large body's own buffer
    /// when one is pending); `Ok(0)` at the end of input.
    pub fn read_from(&mut self, input: &mut impl Read, chunk: &mut [u8]) -> std::io::Result<usize> {
        let Some(large) = &mut self.large else {
            let n = input.read(chunk)?;
            self.push(&chunk[..n]);
            return Ok(n);
        };
        let at = large.filled;
        let want = (large.len - at).min(CHUNK);
        if large.body.len() < at + want {
            large.body.resize(at + want, 0);
        }
        let n = input.read(&mut large.body[at..at + want])?;
        large.filled += n;
        if n > 0 {
            self.large_progress();
            self.frame();
        }
        Ok(n)
    }

    /// The input has ended: a message cut short by it is logged, and
    /// nothing more will come.
    pub fn finish(&mut self) {
        let large = self.large.take().is_some();
        if large || self.buf.iter().any(|b| !b.is_ascii_whitespace()) {
            tracing::warn!("the input ended inside a message; it is dropped");
        }
        self.buf.clear();
    }

    pub fn next_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// A large body got bytes: complete it, or cut it at a header found in
    /// it.
    fn large_progress(&mut self) {
        let Some(large) = &mut self.large else {
            return;
        };
        if let Some(at) = next_header(&large.body[..large.filled], self.searched) {
            let mut large = self.large.take().expect("checked above");
            large.body.truncate(large.filled);
            let rest = large.body.split_off(at);
            self.truncated(rest);
            return;
        }
        self.searched = rescan_from(large.filled);
        if large.filled == large.len {
            let mut large = self.large.take().expect("checked above");
            large.body.truncate(large.filled);
            self.searched = 0;
            self.body(large.body);
        }
    }

    /// Frames every complete message in `buf`.
    fn frame(&mut self) {
        loop {
            if self.large.is_some() || self.buf.is_empty() {
                return;
            }
            if let Some(from) = self.resync {
                match next_header(&self.buf, from) {
                    Some(at) => {
                        self.buf.drain(..at);
                        self.resync = None;
                    }
                    None => {
                        // Keep a tail that may be the start of a header.
                        let drop = rescan_from(self.buf.len()).max(from);
                        self.buf.drain(..drop.min(self.buf.len()));
                        self.resync = Some(0);
                        return;
                    }
                }
            }
            // Line breaks between messages are not worth an error.
            let blank = self
                .buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.buf.drain(..blank);
            if self.buf.is_empty() {
                return;
            }
            match head(&self.buf) {
                Head::Partial => return,
                Head::Bad(why) => {
                    tracing::warn!(
                        "unreadable message headers ({why}); looking for the next message"
                    );
                    self.answer(
                        PARSE_ERROR,
                        serde_json::Value::Null,
                        "unreadable message headers",
                    );
                    self.resync = Some(1);
                }
                Head::Frame { head, len } if self.buf.len() >= head + len => {
                    self.searched = 0;
                    let body = self.buf[head..head + len].to_vec();
                    self.buf.drain(..head + len);
                    self.body_or_cut(body);
                }
                Head::Frame { head, len } if len >= INTERCEPT_FROM => {
                    // A large body still arriving: read the rest of it
                    // straight into a buffer of its own, which may become
                    // the document's text.
                    let mut body = Vec::with_capacity(len.min(MAX_RESERVE));
                    body.extend_from_slice(&self.buf[head..]);
                    self.buf.clear();
                    self.searched = 0;
                    let filled = body.len();
                    self.large = Some(Large { len, body, filled });
                    self.large_progress();
                }
                Head::Frame { head, .. } => {
                    // Still arriving: unless a header has already shown up
                    // inside it.
                    let from = head.max(self.searched);
                    if let Some(at) = next_header(&self.buf, from) {
                        let rest = self.buf.split_off(at);
                        self.buf.clear();
                        self.truncated(rest);
                        continue;
                    }
                    self.searched = rescan_from(self.buf.len()).max(head);
                    return;
                }
            }
        }
    }

    /// A body cut short by the header of the next message: `rest`, from
    /// that header on, goes back to be framed before what is in `buf`.
    fn truncated(&mut self, mut rest: Vec<u8>) {
        tracing::warn!(
            "a message ended before the length its Content-Length gave; the next message starts where it ended"
        );
        rest.extend_from_slice(&self.buf);
        self.buf = rest;
        self.searched = 0;
        self.answer(
            PARSE_ERROR,
            serde_json::Value::Null,
            "a message shorter than its Content-Length",
        );
    }

    /// A complete body that, when it does not decode, may hold the next
    /// message's header: the sender announced more bytes than it sent.
    fn body_or_cut(&mut self, body: Vec<u8>) {
        self.body_checked(body, |reader, mut body| match next_header(&body, 0) {
            Some(at) => {
                let rest = body.split_off(at);
                reader.truncated(rest);
                true
            }
            None => false,
        });
    }

    fn body(&mut self, body: Vec<u8>) {
        self.body_checked(body, |_, _| false);
    }

    /// Delivers `body` when it is a message the transport decodes, and
    /// answers it otherwise; `cut` gets the first say on a body that does
    /// not decode.
    fn body_checked(&mut self, body: Vec<u8>, cut: impl FnOnce(&mut Reader, Vec<u8>) -> bool) {
        if body.len() >= INTERCEPT_FROM && names_open(&body) {
            match intercept(body) {
                Ok(message) => {
                    self.events.push_back(Event::Deliver(message));
                    return;
                }
                Err(back) => return self.check(back, cut),
            }
        }
        self.check(body, cut)
    }

    fn check(&mut self, mut body: Vec<u8>, cut: impl FnOnce(&mut Reader, Vec<u8>) -> bool) {
        mend_lone_surrogates(&mut body);
        match serde_json::from_slice::<Incoming>(&body) {
            Ok(_) => self.events.push_back(Event::Deliver(with_header(&body))),
            Err(e) if e.is_data() => {
                let (id, why) = match serde_json::from_slice::<serde_json::Value>(&body) {
                    Ok(serde_json::Value::Array(_)) => (
                        serde_json::Value::Null,
                        "a batch: the Language Server Protocol has no batches",
                    ),
                    Ok(serde_json::Value::Object(o)) => (
                        o.get("id")
                            .filter(|id| id.is_string() || id.is_i64() || id.is_u64())
                            .cloned()
                            .unwrap_or(serde_json::Value::Null),
                        "not a JSON-RPC message",
                    ),
                    _ => (serde_json::Value::Null, "not a JSON-RPC message"),
                };
                tracing::warn!("an invalid request ({why}: {e}); answered and skipped");
                self.answer(INVALID_REQUEST, id, why);
            }
            Err(e) => {
                if cut(self, body) {
                    return;
                }
                tracing::warn!("a message that is not JSON ({e}); answered and skipped");
                self.answer(
                    PARSE_ERROR,
                    serde_json::Value::Null,
                    "a message that is not JSON",
                );
            }
        }
    }

    fn answer(&mut self, code: i64, id: serde_json::Value, message: &str) {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {"code": code, "message": message},
        });
        let body = serde_json::to_vec(&body).expect("a JSON value serializes");
        self.events.push_back(Event::Answer(with_header(&body)));
    }
}

/// Whether the transport decodes `frame` (a header and a body) as a
/// message: what every [`Event::Deliver`] must satisfy.
pub fn decodes(frame: &[u8]) -> bool {
    match head(frame) {
        Head::Frame { head, len } if frame.len() == head + len => {
            serde_json::from_slice::<Incoming>(&frame[head..]).is_ok()
        }
        _ => false,
    }
}

/// What the transport decodes each message as: its own `Message` is
/// private, and is exactly this.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // Decoded only to know that the transport can.
enum Incoming {
    Response(tower_lsp_server::jsonrpc::Response),
    Request(tower_lsp_server::jsonrpc::Request),
}

/// Rewrites each `\uD800`–`\uDFFF` escape that is not half of a pair as
/// `\uFFFD`, in place: the same six bytes, and one UTF-16 unit for one.
/// serde_json refuses a lone surrogate, and an editor's UTF-16 text may
/// hold one.
fn mend_lone_surrogates(body: &mut [u8]) {
    if memchr::memmem::find(body, b"\\ud").is_none()
        && memchr::memmem::find(body, b"\\uD").is_none()
    {
        return;
    }
    let unit = |body: &[u8], at: usize| -> Option<u32> {
        let digits = body.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
    };
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'\\', &body[i..]) {
        let at = i + k;
        if body.get(at + 1) != Some(&b'u') {
            // Any other escape is two bytes; `\\` must not start another.
            i = at + 2;
            continue;
        }
        i = at + 2;
        let Some(first) = unit(body, at + 2) else {
            continue;
        };
        i = at + 6;
        let paired = (0xD800..0xDC00).contains(&first)
            && body.get(at + 6..at + 8) == Some(b"\\u")
            && unit(body, at + 8).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if paired {
            i = at + 12;
        } else if (0xD800..0xE000).contains(&first) {
            body[at + 2..at + 6].copy_from_slice(b"fffd");
        }
        if i >= body.len() {
            break;
        }
    }
}

/// How much the reader asks for at a time: a pipe holds at most this much.
const CHUNK: usize = 1 << 20;

/// Reads `input` to its end, passing messages on to the transport and
/// answers to the client.
fn pump(mut input: impl Read, tx: mpsc::Sender<Vec<u8>>, answers: mpsc::Sender<Vec<u8>>) {
    let mut reader = Reader::new();
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read_from(&mut input, &mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                tracing::error!("reading stdin: {e}");
                0
            }
        };
        if n == 0 {
            reader.finish();
        }
        while let Some(event) = reader.next_event() {
            match event {
                Event::Deliver(message) => {
                    if tx.blocking_send(message).is_err() {
                        return;
                    }
                }
                // A writer that has stopped ends nothing here: the
                // transport decides when the server is done.
                Event::Answer(answer) => {
                    let _ = answers.blocking_send(answer);
                }
            }
        }
        if n == 0 {
            return;
        }
    }
}

/// The protocol's input, fed by the reader thread.
pub struct Inbox {
    rx: mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Inbox {
    /// Starts the reader thread on `input`; answers to messages that could
    /// not be delivered go to `answers`.
    pub fn spawn(input: impl Read + Send + 'static, answers: mpsc::Sender<Vec<u8>>) -> Inbox {
        let (tx, rx) = mpsc::channel(64);
        std::thread::Builder::new()
            .name("verbatim-stdin".into())
            .spawn(move || pump(input, tx, answers))
            .expect("the stdin reader thread starts");
        Inbox {
            rx,
            chunk: Vec::new(),
            at: 0,
        }
    }
}

impl AsyncRead for Inbox {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.at < this.chunk.len() {
                let n = out.remaining().min(this.chunk.len() - this.at);
                out.put_slice(&this.chunk[this.at..this.at + n]);
                this.at += n;
                return Poll::Ready(Ok(()));
            }
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    this.chunk = chunk;
                    this.at = 0;
                }
                // The reader is done: end of input.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// Hands out at most `piece` bytes a read, as a pipe does with a
    /// message larger than it holds.
    struct Trickle {
        input: std::io::Cursor<Vec<u8>>,
        piece: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.piece);
            self.input.read(&mut buf[..n])
        }
    }

    async fn through(input: Vec<u8>) -> Vec<u8> {
        through_from(std::io::Cursor::new(input)).await
    }

    /// The bytes of a frame's header and body at the start of `out`.
    fn frame(out: &[u8]) -> Option<Option<(usize, usize)>> {
        match head(out) {
            Head::Frame { head, len } => Some(Some((head, len))),
            _ => None,
        }
    }

    async fn through_from(input: impl Read + Send + 'static) -> Vec<u8> {
        let (answers, _rx) = mpsc::channel(64);
        let mut inbox = Inbox::spawn(input, answers);
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = std::future::poll_fn(|cx| {
                let mut read = ReadBuf::new(&mut buf);
                Pin::new(&mut inbox)
                    .poll_read(cx, &mut read)
                    .map_ok(|()| read.filled().len())
            })
            .await
            .unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[tokio::test]
    async fn small_messages_pass_through_unchanged() {
        let mut input = framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        input.extend(framed(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        input.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert_eq!(through(input.clone()).await, input);
    }

    #[tokio::test]
    async fn a_large_change_passes_through_unchanged() {
        // Its text names the open method, escaped as any string would.
        let text = "\"textDocument/didOpen\" ".repeat(4000);
        let change = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": "file:///a.txt", "version": 2},
                "contentChanges": [{"text": text}],
            },
        });
        let mut input = framed(&change.to_string());
        input.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert_eq!(through(input.clone()).await, input);
        let trickle = Trickle {
            input: std::io::Cursor::new(input.clone()),
            piece: 1000,
        };
        assert_eq!(through_from(trickle).await, input);
    }

    #[tokio::test]
    async fn a_large_open_trades_its_text_for_a_ticket() {
        let text = "KERRY: “Yes.”\n\"quoted\"\\ \u{a0}end\n".repeat(4000);
        let open = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {
                "uri": "file:///a.txt", "languageId": "transcript", "version": 7, "text": text,
            }},
        });
        let mut input = framed(&open.to_string());
        let after = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        input.extend_from_slice(&after);
        let out = through(input).await;
        let (head, len) = frame(&out).unwrap().unwrap();
        let message: Open = serde_json::from_slice(&out[head..head + len]).unwrap();
        assert_eq!(&out[head + len..], &after[..]);
        let doc = message.params.text_document;
        assert_eq!(
            (doc.uri.as_str(), doc.language_id.as_str(), doc.version),
            ("file:///a.txt", "transcript", 7)
        );
        assert!(doc.text.len() < 100);
        assert_eq!(claim(doc.text.clone()), text);
        // A ticket is good once.
        assert_eq!(claim(doc.text.clone()), doc.text);
        assert_eq!(claim("plain".into()), "plain");
    }

    fn open_message(text: &str) -> Vec<u8> {
        let open = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {
                "uri": "file:///a.txt", "languageId": "transcript", "version": 7, "text": text,
            }},
        });
        framed(&open.to_string())
    }

    /// The text the transport will see in place of the opened one.
    fn claimed(out: &[u8]) -> (String, usize) {
        let (head, len) = frame(out).unwrap().unwrap();
        let message: Open = serde_json::from_slice(&out[head..head + len]).unwrap();
        (claim(message.params.text_document.text), head + len)
    }

    #[tokio::test]
    async fn a_large_open_arriving_in_pieces_is_decoded_exactly() {
        // Every escape serde_json writes, and characters of every width.
        let text =
            "MR KIRBY:\u{a0}“Yes” — \"no\" \\ back\\slash\t\u{1}\u{1f}\r\n😀 中文 é\u{2028}end\n"
                .repeat(3000);
        let mut input = open_message(&text);
        let after = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        input.extend_from_slice(&after);
        for piece in [1 << 20, 65536, 1000, 7] {
            let out = through_from(Trickle {
                input: std::io::Cursor::new(input.clone()),
                piece,
            })
            .await;
            let (got, used) = claimed(&out);
            assert_eq!(got, text, "pieces of {piece} bytes");
            assert_eq!(&out[used..], &after[..], "pieces of {piece} bytes");
        }
    }

    #[test]
    fn unicode_escapes_decode_like_serde_json_and_lone_surrogates_become_replacements() {
        let cases = [
            (
                r#"caf\u00e9 \u4e2d \ud83d\ude00 \u0041\/\b\f"#,
                "café 中 😀 A/\u{8}\u{c}",
            ),
            (r#"\\u0041"#, "\\u0041"),
            // Not JSON (serde_json would have refused it), and kept as is.
            (r#"bad \u+abc, \u12"#, "bad \\u+abc, \\u12"),
            (
                r#"lone \ud800 high, lone \udc00 low, \ud800\u0041 unpaired"#,
                "lone \u{fffd} high, lone \u{fffd} low, \u{fffd}A unpaired",
            ),
        ];
        for (raw, want) in cases {
            let mut buf = format!("xx{raw}yy").into_bytes();
            let end = buf.len() - 2;
            unescape_in_place(&mut buf, 2..end);
            assert_eq!(String::from_utf8(buf).unwrap(), want, "{raw}");
            if !raw.contains("lone") && !raw.contains("bad") {
                let decoded: String = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
                assert_eq!(decoded, want);
            }
        }
    }

    #[tokio::test]
    async fn input_ending_inside_a_large_body_delivers_nothing_of_it() {
        let mut input = framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let first = input.clone();
        let open = open_message(&"KERRY: text\n".repeat(10_000));
        input.extend_from_slice(&open[..open.len() / 2]);
        let out = through_from(Trickle {
            input: std::io::Cursor::new(input),
            piece: 4096,
        })
        .await;
        assert_eq!(out, first);
    }

    proptest::proptest! {
        /// Any text, written by serde_json, decodes in place to itself, with
        /// escapes written as `\uXXXX` too (as other clients write them).
        #[test]
        fn any_text_decodes_to_itself(text in "(?s).{0,64}", ascii_escapes in proptest::bool::ANY) {
            let mut json = serde_json::to_string(&text).unwrap();
            if ascii_escapes {
                json = json
                    .chars()
                    .map(|c| match c {
                        c if (c as u32) < 0x80 => c.to_string(),
                        c => c
                            .encode_utf16(&mut [0; 2])
                            .iter()
                            .map(|u| format!("\\u{u:04x}"))
                            .collect(),
                    })
                    .collect();
            }
            let mut buf = format!("{{\"text\":{json}}}").into_bytes();
            let start = "{\"text\":\"".len();
            let end = buf.len() - "\"}".len();
            unescape_in_place(&mut buf, start..end);
            proptest::prop_assert_eq!(String::from_utf8(buf).unwrap(), text);
        }
    }

    /// What the reader makes of `input` given in pieces of `piece` bytes:
    /// delivered bodies as text, and answers as (code, id).
    fn read(input: &[u8], piece: usize) -> Vec<Result<String, (i64, serde_json::Value)>> {
        let mut reader = Reader::new();
        let mut out = Vec::new();
        let mut drain = |reader: &mut Reader| {
            while let Some(event) = reader.next_event() {
                out.push(match event {
                    Event::Deliver(m) => {
                        let Head::Frame { head, len } = head(&m) else {
                            panic!("a delivered message has a header")
                        };
                        assert_eq!(m.len(), head + len);
                        serde_json::from_slice::<Incoming>(&m[head..]).expect("it decodes");
                        Ok(String::from_utf8(m[head..].to_vec()).unwrap())
                    }
                    Event::Answer(a) => {
                        let Head::Frame { head, .. } = head(&a) else {
                            panic!("an answer has a header")
                        };
                        let v: serde_json::Value = serde_json::from_slice(&a[head..]).unwrap();
                        assert_eq!(v["jsonrpc"], "2.0");
                        Err((v["error"]["code"].as_i64().unwrap(), v["id"].clone()))
                    }
                });
            }
        };
        for part in input.chunks(piece.max(1)) {
            reader.push(part);
            drain(&mut reader);
        }
        reader.finish();
        drain(&mut reader);
        out
    }

    const HOVER: &str = r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.txt"},"position":{"line":0,"character":1}}}"#;

    fn bad_then_hover(bad: &[u8]) -> Vec<u8> {
        let mut input = bad.to_vec();
        input.extend(framed(HOVER));
        input
    }

    #[test]
    fn each_bad_frame_is_answered_and_the_next_message_delivered() {
        use serde_json::Value::Null;
        let cases: Vec<(&str, Vec<u8>, (i64, serde_json::Value))> = vec![
            (
                "a body cut short",
                b"Content-Length: 1\r\n\r\n{".to_vec(),
                (-32700, Null),
            ),
            (
                "no Content-Length",
                b"Content-Type: application/json\r\n\r\n{}".to_vec(),
                (-32700, Null),
            ),
            (
                "a Content-Length that is not a number",
                b"Content-Length: twelve\r\n\r\n{}".to_vec(),
                (-32700, Null),
            ),
            (
                "a negative Content-Length",
                b"Content-Length: -5\r\n\r\n{}".to_vec(),
                (-32700, Null),
            ),
            (
                "a Content-Length beyond any memory",
                b"Content-Length: 99999999999999999999999\r\n\r\n{}".to_vec(),
                (-32700, Null),
            ),
            (
                "a Content-Length larger than the body",
                b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}"
                    .to_vec(),
                (-32700, Null),
            ),
            (
                "a body that is not JSON",
                framed("hello, world"),
                (-32700, Null),
            ),
            ("an empty body", framed(""), (-32700, Null)),
            (
                "JSON that is not JSON-RPC",
                framed(r#"{"hello":"world"}"#),
                (-32600, Null),
            ),
            (
                "a request with a bad method",
                framed(r#"{"jsonrpc":"2.0","id":4,"method":12}"#),
                (-32600, serde_json::json!(4)),
            ),
            (
                "a request with a string id",
                framed(r#"{"jsonrpc":"1.0","id":"x","method":"shutdown"}"#),
                (-32600, serde_json::json!("x")),
            ),
            (
                "a batch",
                framed(r#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#),
                (-32600, Null),
            ),
            ("an empty batch", framed("[]"), (-32600, Null)),
            (
                "a body without headers",
                br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.to_vec(),
                (-32700, Null),
            ),
            (
                "headers without their end",
                vec![b'x'; 5000],
                (-32700, Null),
            ),
            (
                "invalid UTF-8",
                framed("\"\u{0}\"")
                    .iter()
                    .map(|&b| if b == 0 { 0xff } else { b })
                    .collect(),
                (-32700, Null),
            ),
            (
                "nesting beyond serde_json's limit",
                framed(&format!(
                    "{{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{}{}}}",
                    "[".repeat(1000),
                    "]".repeat(1000)
                )),
                (-32700, Null),
            ),
        ];
        for (what, bad, answer) in cases {
            let input = bad_then_hover(&bad);
            for piece in [input.len(), 1, 3, 64] {
                assert_eq!(
                    read(&input, piece),
                    vec![Err(answer.clone()), Ok(HOVER.to_string())],
                    "{what}, in pieces of {piece} bytes"
                );
            }
        }
    }

    #[test]
    fn a_body_announced_longer_is_cut_at_the_next_header_without_waiting() {
        // The hover follows, and nothing more: the reader must not wait for
        // the 500 bytes.
        let mut reader = Reader::new();
        reader.push(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\"");
        assert_eq!(reader.next_event(), None);
        reader.push(&framed(HOVER));
        assert!(matches!(reader.next_event(), Some(Event::Answer(_))));
        assert!(
            matches!(reader.next_event(), Some(Event::Deliver(m)) if m.ends_with(HOVER.as_bytes()))
        );
        // The same for a large body, read into a buffer of its own.
        let mut reader = Reader::new();
        reader.push(b"Content-Length: 9000000\r\n\r\n{\"jsonrpc\":\"2.0\",");
        reader.push(&[b' '; 100_000]);
        reader.push(&framed(HOVER));
        assert!(matches!(reader.next_event(), Some(Event::Answer(_))));
        assert!(
            matches!(reader.next_event(), Some(Event::Deliver(m)) if m.ends_with(HOVER.as_bytes()))
        );
    }

    #[test]
    fn lone_surrogates_become_replacement_characters_at_any_size() {
        for size in [10, 70_000] {
            let text = format!("A{}", "b".repeat(size));
            let open = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {
                    "uri": "file:///a.txt", "languageId": "transcript", "version": 1, "text": text,
                }},
            })
            .to_string()
            .replacen('A', r"\ud800 \udc00 \ud83d\ude00 \\ud800 \uDBFF", 1);
            let events = read(&framed(&open), 4096);
            let [Ok(body)] = &events[..] else {
                panic!("one message, delivered: {events:?}")
            };
            let message: Open = serde_json::from_str(body).unwrap();
            let got = claim(message.params.text_document.text);
            assert_eq!(
                got,
                format!("\u{fffd} \u{fffd} 😀 \\ud800 \u{fffd}{}", "b".repeat(size)),
                "a text of {size} bytes"
            );
        }
        let change = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.txt","version":2},"contentChanges":[{"text":"x\udfff"}]}}"#;
        assert_eq!(
            read(&framed(change), 7),
            vec![Ok(change.replace(r"\udfff", r"\ufffd"))]
        );
    }

    #[test]
    fn mending_surrogates_leaves_everything_else_as_it_is() {
        let cases = [
            (r#""\ud800""#, r#""\ufffd""#),
            (r#""\\ud800""#, r#""\\ud800""#),
            (r#""\\\ud800""#, r#""\\\ufffd""#),
            (r#""\ud83d\ude00""#, r#""\ud83d\ude00""#),
            (r#""\ude00\ud83d""#, r#""\ufffd\ufffd""#),
            (r#""\ud83d\u0041""#, r#""\ufffd\u0041""#),
            (r#""\ud8"#, r#""\ud8"#),
            (r#""\"#, r#""\"#),
        ];
        for (raw, want) in cases {
            let mut body = raw.as_bytes().to_vec();
            mend_lone_surrogates(&mut body);
            assert_eq!(String::from_utf8(body).unwrap(), want, "{raw}");
        }
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// Pieces never change what the reader makes of the input.
        #[test]
        fn any_pieces_give_the_same_events(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::string::string_regex(r#"(?s).{0,20}"#).unwrap().prop_map(String::into_bytes),
                proptest::strategy::Just(framed(HOVER)),
                proptest::strategy::Just(b"Content-Length: 3\r\n\r\n".to_vec()),
                proptest::strategy::Just(b"Content-Length: 9999\r\n\r\n".to_vec()),
                proptest::strategy::Just(framed("[]")),
            ], 0..8),
            piece in 1usize..40,
        ) {
            let input = parts.concat();
            proptest::prop_assert_eq!(read(&input, piece), read(&input, input.len().max(1)));
        }

        /// A well-formed message after any garbage is delivered.
        #[test]
        fn a_message_after_garbage_is_delivered(garbage in proptest::collection::vec(proptest::num::u8::ANY, 0..64), piece in 1usize..40) {
            let input = bad_then_hover(&garbage);
            let events = read(&input, piece);
            proptest::prop_assert_eq!(events.last(), Some(&Ok(HOVER.to_string())));
        }
    }
}
