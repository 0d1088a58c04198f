//! stdin for the protocol, with large `didOpen` texts taken out on the way.
//!
//! The transport decodes each message into a generic JSON value through an
//! untagged enum, which buffers and copies every string, and then decodes
//! the params again: for a 3.5 MB transcript that is most of the wait
//! before the first diagnostics. Here a reader thread frames the messages;
//! a large `didOpen` is parsed once, straight into its typed params, its
//! text is kept aside under a ticket, and the transport receives the same
//! message with the ticket in place of the text. [`Session::open`] trades
//! the ticket back. Every other message passes through byte for byte, and
//! anything that does not frame cleanly switches the reader to plain
//! pass-through, so the transport reports it as it always would.
//!
//! [`Session::open`]: super::session::Session::open

use std::collections::HashMap;
use std::io::Read;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll};

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

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

/// The message with its text kept aside, or `None` to pass it on as is.
fn intercept(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < INTERCEPT_FROM {
        return None;
    }
    // Clients write the method before or after the params, not amid the
    // text's megabytes. A string cannot hold the quoted name unescaped, so
    // only another field that names it costs a decode, which the method
    // check below then rejects.
    const METHOD: &[u8] = b"\"textDocument/didOpen\"";
    let near = |part: &[u8]| part.windows(METHOD.len()).any(|w| w == METHOD);
    if !near(&body[..512]) && !near(&body[body.len() - 512..]) {
        return None;
    }
    let mut open: Open = serde_json::from_slice(body).ok()?;
    if open.method != "textDocument/didOpen" {
        return None;
    }
    let ticket = ticket();
    let text = std::mem::replace(&mut open.params.text_document.text, ticket.clone());
    kept()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(ticket, text);
    let body = serde_json::to_vec(&open).ok()?;
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(&body);
    Some(framed)
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
                    let out = intercept(&buf[head..head + len])
                        .unwrap_or_else(|| buf[..head + len].to_vec());
                    buf.drain(..head + len);
                    if tx.blocking_send(out).is_err() {
                        return;
                    }
                }
                Ok(Some((head, len))) => {
                    // The body is still arriving: make room for all of it.
                    buf.reserve(head + len - buf.len());
                    break;
                }
                Ok(None) => break,
                Err(()) => framing = false,
            }
        }
        if !framing && !buf.is_empty() && tx.blocking_send(std::mem::take(&mut buf)).is_err() {
            return;
        }
        // A large message is gone: do not keep its room for the session.
        if buf.capacity() > CHUNK && buf.len() <= CHUNK {
            buf.shrink_to(CHUNK);
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

    async fn through(input: Vec<u8>) -> Vec<u8> {
        let mut inbox = Inbox::spawn(std::io::Cursor::new(input));
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
        let input = framed(&change.to_string());
        assert_eq!(through(input.clone()).await, input);
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
}
