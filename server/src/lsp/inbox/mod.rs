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
//! trades the ticket back. The requests the server answers with frames of
//! its own become notifications on the way, and a cancellation of one of
//! them is answered here (see [`super::direct`]). Every other message
//! passes through byte for byte, and anything that does not frame cleanly switches the reader to
//! plain pass-through, so the transport reports it as it always would.
//!
//! [`Session::open`]: super::session::Session::open

mod open;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::Deserialize;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;

use super::direct::{Direct, Route};
use super::outbox::Frame;
pub use open::claim;
use open::{intercept, names_open, INTERCEPT_FROM};

fn with_header(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
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
    /// Where requests the server answers itself are recorded (see
    /// [`Direct`]); without it every message passes unchanged.
    direct: Option<Arc<Direct>>,
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

    /// A reader that routes the requests `direct` answers (see
    /// [`Direct::route`]).
    pub fn with_direct(direct: Arc<Direct>) -> Reader {
        Reader {
            direct: Some(direct),
            ..Reader::default()
        }
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
            Ok(_) => {
                let route = match &self.direct {
                    Some(direct) => direct.route(body),
                    None => Route::Deliver(body),
                };
                self.events.push_back(match route {
                    Route::Deliver(body) => Event::Deliver(with_header(&body)),
                    Route::Answer(body) => Event::Answer(with_header(&body)),
                });
            }
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
fn pump(
    mut input: impl Read,
    tx: mpsc::Sender<Vec<u8>>,
    answers: mpsc::Sender<Frame>,
    direct: Arc<Direct>,
) {
    let mut reader = Reader::with_direct(direct);
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
                    let _ = answers.blocking_send(answer.into());
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
    /// not be delivered, and to cancelled requests of `direct`'s, go to
    /// `answers`.
    pub fn spawn(
        input: impl Read + Send + 'static,
        answers: mpsc::Sender<Frame>,
        direct: Arc<Direct>,
    ) -> Inbox {
        let (tx, rx) = mpsc::channel(64);
        std::thread::Builder::new()
            .name("verbatim-stdin".into())
            .spawn(move || pump(input, tx, answers, direct))
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
