//! Malformed input to the real `verbatim server`, over real stdio framing:
//! every bad frame is answered as JSON-RPC says, logged once, and survived,
//! and the documents opened before it are served as they were.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::process::Stdio;

use lsp_client::LspClient;
use serde_json::{json, Value};

const URI: &str = "file:///nowhere/briefing.txt";

const BRIEFING: &str = "MODERATOR: Welcome. Our guest is Christopher Robinson.\n\
\n\
MR ROBINSON: Thank you. We discussed the draft (inaudible) at length.\n\
\n\
QUESTION: What about the schedule?\n";

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn hover_params() -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 50}})
}

/// What the server answers about the open document: a hover on its marker
/// and its symbols.
fn served(client: &mut LspClient) -> (Value, Value) {
    let hover = client.ok("textDocument/hover", hover_params());
    let symbols = client.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    (hover, symbols)
}

/// Waits for an error response with `id` and returns its code.
fn error_for(client: &mut LspClient, id: &Value) -> i64 {
    let answer = client.wait_for(&format!("an error answer with id {id}"), |m| {
        m.get("method").is_none() && m.get("error").is_some() && &m["id"] == id
    });
    assert_eq!(answer["jsonrpc"], "2.0");
    assert!(answer.get("result").is_none());
    answer["error"]["code"].as_i64().unwrap()
}

/// A `didOpen` of `text` in which each `@` stands for the escape `escape`,
/// which serde_json would never write.
fn open_with_escape(uri: &str, text: &str, escape: &str) -> Vec<u8> {
    let body = json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "transcript", "version": 1, "text": text}},
    })
    .to_string()
    .replace('@', escape);
    framed(&body)
}

fn debug_text(client: &mut LspClient, uri: &str) -> String {
    let doc = client.ok("verbatim/debug/document", json!({"uri": uri}));
    doc["text"].as_str().unwrap().to_string()
}

#[test]
fn every_bad_frame_is_answered_and_survived() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut client = LspClient::spawn_with(None, "warn", Stdio::from(log.reopen().unwrap()));
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(URI, 1, BRIEFING);
    client.diagnostics(URI, 1);
    let before = served(&mut client);
    assert!(
        before.0["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("inaudible"),
        "the hover shows the marker: {}",
        before.0
    );
    assert_ne!(before.1, json!([]));

    let null = Value::Null;
    let cases: Vec<(&str, Vec<u8>, Value, i64)> = vec![
        ("a body cut short", b"Content-Length: 1\r\n\r\n{".to_vec(), null.clone(), -32700),
        (
            "headers with no Content-Length",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".to_vec(),
            null.clone(),
            -32700,
        ),
        (
            "a Content-Length that is not a number",
            b"Content-Length: ten\r\n\r\n{}".to_vec(),
            null.clone(),
            -32700,
        ),
        ("a body that is not JSON", framed("not json at all"), null.clone(), -32700),
        (
            "JSON that is not JSON-RPC",
            framed(r#"{"hello":"world"}"#),
            null.clone(),
            -32600,
        ),
        (
            "a request whose method is not a string",
            framed(r#"{"jsonrpc":"2.0","id":77,"method":12}"#),
            json!(77),
            -32600,
        ),
        (
            "a batch",
            framed(
                &json!([{"jsonrpc": "2.0", "id": 78, "method": "textDocument/hover", "params": hover_params()}])
                    .to_string(),
            ),
            null.clone(),
            -32600,
        ),
    ];
    let bad_frames = cases.len() + 1;
    for (what, bytes, id, code) in cases {
        client.send_raw(&bytes);
        assert_eq!(error_for(&mut client, &id), code, "{what}");
        assert_eq!(
            served(&mut client),
            before,
            "served as before, after {what}"
        );
    }

    // A Content-Length larger than the body, with a valid request right
    // after it: the bad one is answered, and the request still is, without
    // waiting for bytes that will never come.
    let mut bytes = b"Content-Length: 400\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":".to_vec();
    let hover = json!({"jsonrpc": "2.0", "id": 500, "method": "textDocument/hover", "params": hover_params()});
    bytes.extend(framed(&hover.to_string()));
    client.send_raw(&bytes);
    assert_eq!(error_for(&mut client, &null), -32700);
    let answer = client.wait_for("the hover after the short body", |m| m["id"] == 500);
    assert_eq!(answer["result"], before.0);
    assert_eq!(served(&mut client), before);

    // Lone surrogates, in a small didOpen, a large one, and a didChange,
    // become U+FFFD: one UTF-16 unit each, so positions stay right.
    let small = "file:///nowhere/small.txt";
    client.send_raw(&open_with_escape(small, "X@ (inaudible here\n", r"\ud800"));
    let diags = client.diagnostics(small, 1);
    let unclosed: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unclosed-marker")
        .collect();
    assert_eq!(unclosed.len(), 1, "{diags:?}");
    assert_eq!(
        unclosed[0]["range"]["start"],
        json!({"line": 0, "character": 3})
    );
    assert_eq!(
        debug_text(&mut client, small),
        "X\u{fffd} (inaudible here\n"
    );

    let change = json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": small, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "@"}],
        },
    })
    .to_string()
    .replace('@', r"\udc00");
    client.send_raw(&framed(&change));
    let diags = client.diagnostics(small, 2);
    let unclosed: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "unclosed-marker")
        .collect();
    assert_eq!(
        unclosed[0]["range"]["start"],
        json!({"line": 0, "character": 4})
    );
    assert_eq!(
        debug_text(&mut client, small),
        "\u{fffd}X\u{fffd} (inaudible here\n"
    );

    let large = "file:///nowhere/large.txt";
    let filler = "MR ROBINSON: We will see.\n\n".repeat(4000);
    client.send_raw(&open_with_escape(
        large,
        &format!("X@ (inaudible here\n\n{filler}"),
        r"\udbff",
    ));
    client.diagnostics(large, 1);
    assert_eq!(
        debug_text(&mut client, large),
        format!("X\u{fffd} (inaudible here\n\n{filler}")
    );

    assert_eq!(served(&mut client), before);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));

    // One line on stderr for each bad frame.
    let log = std::fs::read_to_string(log.path()).unwrap();
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("verbatim::lsp::inbox"))
        .collect();
    assert_eq!(lines.len(), bad_frames, "{log}");
}

#[test]
fn garbage_before_initialize_is_answered_and_the_session_starts() {
    let mut client = LspClient::spawn();
    client.send_raw(b"Content-Length: 5\r\n\r\nhello");
    assert_eq!(error_for(&mut client, &Value::Null), -32700);
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(URI, 1, BRIEFING);
    client.diagnostics(URI, 1);
    let (hover, _) = served(&mut client);
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("inaudible"));
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn stdin_closing_ends_the_server_even_inside_a_message() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, Value::Null);
    client.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    // No `exit`: the client went away. The protocol's code for that is 1.
    assert_eq!(client.wait_exit().code(), Some(1));
}
