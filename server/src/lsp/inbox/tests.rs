use super::open::{unescape_in_place, Open};
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
    let mut inbox = Inbox::spawn(input, answers, Default::default());
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
            b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}".to_vec(),
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

/// With a [`Direct`] record, an outline request becomes its forwarded
/// notification in its place between the messages around it, and a
/// cancellation of it is answered by the reader and not delivered; every
/// delivered message still decodes, in pieces of any size.
#[test]
fn forwarded_requests_keep_their_place_and_cancellations_are_answered() {
    let messages = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.txt","version":2},"contentChanges":[{"text":"A: x"}]}}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///a.txt"}}}"#,
        r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.txt"},"position":{"line":0,"character":0}}}"#,
    ];
    let input: Vec<u8> = messages.iter().flat_map(|m| framed(m)).collect();
    for piece in [1, 7, input.len()] {
        let mut reader = Reader::with_direct(Arc::new(Direct::new()));
        let mut events = Vec::new();
        for chunk in input.chunks(piece) {
            reader.push(chunk);
            while let Some(e) = reader.next_event() {
                events.push(e);
            }
        }
        let bodies: Vec<serde_json::Value> = events
            .iter()
            .map(|e| {
                let (Event::Deliver(m) | Event::Answer(m)) = e;
                let Head::Frame { head, len } = head(m) else {
                    panic!("framed")
                };
                assert_eq!(m.len(), head + len);
                if matches!(e, Event::Deliver(_)) {
                    assert!(decodes(m));
                }
                serde_json::from_slice(&m[head..]).unwrap()
            })
            .collect();
        let kinds: Vec<String> = events
            .iter()
            .zip(&bodies)
            .map(|(e, b)| match e {
                Event::Deliver(_) => b["method"].as_str().unwrap().to_string(),
                Event::Answer(_) => format!("answer {} {}", b["id"], b["error"]["code"]),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "initialize",
                "textDocument/didChange",
                "verbatim/forwarded/documentSymbol",
                "answer 2 -32800",
                "textDocument/hover",
            ],
            "in pieces of {piece}"
        );
        assert_eq!(bodies[2]["params"]["id"], 2);
    }
}
