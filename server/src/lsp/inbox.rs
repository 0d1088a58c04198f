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
    // output between them. Checking again would cost 1.7 ms at 3.5 MB, on
    // the path to the first diagnostics.
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

/// The length of the header block and the body length it announces, once
/// the headers are complete; `Err` when they are not headers the reader
/// understands.
fn frame(buf: &[u8]) -> Result<Option<(usize, usize)>, ()> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        // Headers are short: a long run without their end is not a frame.
        return if buf.len() > 4096 { Err(()) } else { Ok(None) };
    };
    let headers = std::str::from_utf8(&buf[..end]).map_err(|_| ())?;
    let mut length = None;
    for header in headers.split("\r\n") {
        let (name, value) = header.split_once(':').ok_or(())?;
        if name == "Content-Length" {
            length = Some(value.trim().parse::<usize>().map_err(|_| ())?);
        }
    }
    Ok(Some((end + 4, length.ok_or(())?)))
}

/// How much the reader asks for at a time: a pipe holds at most this much.
const CHUNK: usize = 1 << 20;

/// Reads `input` to its end, forwarding framed messages in order.
fn pump(mut input: impl Read, tx: mpsc::Sender<Vec<u8>>) {
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut framing = true;
    let mut chunk = vec![0u8; CHUNK];
    loop {
        // Forward every complete message in the buffer.
        while framing && !buf.is_empty() {
            match frame(&buf) {
                Ok(Some((head, len))) if buf.len() >= head + len => {
                    // Only a body that may be a `didOpen` is copied out for
                    // decoding; any other goes on with a single copy.
                    let body = &buf[head..head + len];
                    let out = if len >= INTERCEPT_FROM && names_open(body) {
                        intercept(body.to_vec()).ok()
                    } else {
                        None
                    };
                    let out = out.unwrap_or_else(|| buf[..head + len].to_vec());
                    buf.drain(..head + len);
                    if tx.blocking_send(out).is_err() {
                        return;
                    }
                }
                Ok(Some((head, len))) if len >= INTERCEPT_FROM => {
                    // A large body still arriving: read the rest of it
                    // straight into a buffer of its own, which may become
                    // the document's text.
                    let mut body = Vec::with_capacity(len);
                    body.extend_from_slice(&buf[head..]);
                    let header = buf[..head].to_vec();
                    buf.clear();
                    let missing = (len - body.len()) as u64;
                    if let Err(e) = (&mut input).take(missing).read_to_end(&mut body) {
                        tracing::error!("reading stdin: {e}");
                    }
                    // When the input ended inside the body, it goes through
                    // as it is, and the transport sees the end.
                    let complete = body.len() == len;
                    let out = match if complete { intercept(body) } else { Err(body) } {
                        Ok(message) => vec![message],
                        Err(body) => vec![header, body],
                    };
                    for part in out {
                        if tx.blocking_send(part).is_err() {
                            return;
                        }
                    }
                    if !complete {
                        return;
                    }
                }
                Ok(Some(_)) | Ok(None) => break,
                Err(()) => framing = false,
            }
        }
        if !framing && !buf.is_empty() && tx.blocking_send(std::mem::take(&mut buf)).is_err() {
            return;
        }
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                tracing::error!("reading stdin: {e}");
                break;
            }
        };
        buf.extend_from_slice(&chunk[..n]);
    }
    // A partial message at the end goes through as it is.
    if !buf.is_empty() {
        let _ = tx.blocking_send(buf);
    }
}

/// The protocol's input, fed by the reader thread.
pub struct Inbox {
    rx: mpsc::Receiver<Vec<u8>>,
    chunk: Vec<u8>,
    at: usize,
}

impl Inbox {
    /// Starts the reader thread on `input`.
    pub fn spawn(input: impl Read + Send + 'static) -> Inbox {
        let (tx, rx) = mpsc::channel(64);
        std::thread::Builder::new()
            .name("verbatim-stdin".into())
            .spawn(move || pump(input, tx))
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

    async fn through_from(input: impl Read + Send + 'static) -> Vec<u8> {
        let mut inbox = Inbox::spawn(input);
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
    async fn small_messages_and_garbage_pass_through_unchanged() {
        let mut input = framed(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        input.extend(framed(
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        input.extend_from_slice(b"garbage without headers\r\n\r\n{}");
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
    async fn input_ending_inside_a_large_body_goes_through_as_it_is() {
        let input = open_message(&"KERRY: text\n".repeat(10_000));
        let cut = input[..input.len() / 2].to_vec();
        let out = through_from(Trickle {
            input: std::io::Cursor::new(cut.clone()),
            piece: 4096,
        })
        .await;
        assert_eq!(out, cut);
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
}
