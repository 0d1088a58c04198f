//! A large `didOpen`'s text, taken out of the message on the way: decoded
//! in place in the message's own buffer, kept under a ticket, and claimed
//! by the session (see the module notes of `inbox`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use tower_lsp_server::ls_types::{DidOpenTextDocumentParams, TextDocumentItem, Uri};

use super::with_header;

/// Messages smaller than this pass through: decoding them twice is cheap.
pub(super) const INTERCEPT_FROM: usize = 64 * 1024;

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
pub(super) struct Open {
    jsonrpc: String,
    method: String,
    pub params: DidOpenTextDocumentParams,
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
pub(super) fn names_open(body: &[u8]) -> bool {
    const METHOD: &[u8] = b"\"textDocument/didOpen\"";
    let near = |part: &[u8]| part.windows(METHOD.len()).any(|w| w == METHOD);
    let edge = body.len().min(512);
    near(&body[..edge]) || near(&body[body.len() - edge..])
}

/// The message with its text kept aside, or the body given back untouched
/// to pass on as it is.
pub(super) fn intercept(mut body: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
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
pub(super) fn unescape_in_place(buf: &mut Vec<u8>, raw: Range<usize>) {
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
