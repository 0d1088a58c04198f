//! Property: random incremental edits (multi-byte characters, CRLF, lone CR)
//! leave the server with exactly the text a client would compute, and with
//! the same diagnostics as opening that final text fresh.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{range, LspClient};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};

/// Pieces that exercise what matters: labels, markers, references, notes,
/// every line terminator, and characters of one to four UTF-8 bytes (and one
/// or two UTF-16 units).
const PIECES: &[&str] = &[
    "MR ROBINSON: ",
    "QUESTION:\u{a0}",
    "Dana Whitfield (00:01:26):\n",
    "(inaudible",
    "(Laughter.)",
    "[crosstalk 00:06:51]",
    ")",
    "[1]",
    "[2]",
    "\n",
    "\r\n",
    "\r",
    "😀",
    "👩‍👩‍👧",
    "“quoted”",
    " — ",
    "中文",
    "\u{a0}",
    "word ",
    "Robin ",
    "  ",
    "\n\nNotes\n\n[1] A note.\n",
];

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

/// An edit as fractions of the document, so it is valid for any text.
#[derive(Debug, Clone)]
struct RandomEdit {
    start: f64,
    len: f64,
    insert: String,
    /// Send with the previous edit in one notification.
    batch_with_previous: bool,
}

fn edit_strategy() -> impl Strategy<Value = RandomEdit> {
    (0.0..=1.0f64, 0.0..0.3f64, text_strategy(4), any::<bool>()).prop_map(
        |(start, len, insert, batch_with_previous)| RandomEdit {
            start,
            len,
            insert,
            batch_with_previous,
        },
    )
}

/// A char boundary at or before `at`, never between `\r` and `\n` (no LSP
/// position can name that point, so no editor sends it).
fn snap(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n') {
        at -= 1;
    }
    at
}

/// Diagnostics with document URIs blanked, so two documents compare.
fn normalized(mut diags: Vec<Value>, uri: &str) -> Value {
    for d in &mut diags {
        if let Some(related) = d["relatedInformation"].as_array_mut() {
            for r in related {
                assert_eq!(r["location"]["uri"], uri);
                r["location"]["uri"] = json!("<doc>");
            }
        }
    }
    Value::Array(diags)
}

fn run(encoding: &'static str) {
    let mut client = LspClient::spawn();
    let init = client.initialize(&[encoding], None, Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], encoding);
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    // The runner takes an `Fn`; one server serves every case.
    let case = std::cell::Cell::new(0);
    let shared = std::cell::RefCell::new(client);
    let strategy = (
        text_strategy(24),
        prop::collection::vec(edit_strategy(), 1..14),
    );
    runner
        .run(&strategy, |(initial, edits)| {
            case.set(case.get() + 1);
            let case = case.get();
            let mut client = shared.borrow_mut();
            let uri = format!("file:///props/{encoding}/{case}.txt");
            let fresh = format!("file:///props/{encoding}/{case}-fresh.txt");
            client.open(&uri, 1, &initial);
            let mut text = initial;
            let mut version = 1;
            let mut batch: Vec<Value> = Vec::new();
            for (i, e) in edits.iter().enumerate() {
                if i > 0 && !e.batch_with_previous {
                    version += 1;
                    client.change(&uri, version, Value::Array(std::mem::take(&mut batch)));
                    if i % 3 == 1 {
                        // A request in the middle of typing reads the same
                        // incremental model the lint worker keeps current.
                        let symbols = client.ok(
                            "textDocument/documentSymbol",
                            json!({"textDocument": {"uri": uri}}),
                        );
                        prop_assert!(symbols.is_array());
                    }
                }
                let start = snap(&text, (e.start * text.len() as f64) as usize);
                let end = snap(&text, start + (e.len * text.len() as f64) as usize).max(start);
                batch.push(json!({"range": range(&text, start, end, encoding), "text": e.insert}));
                text.replace_range(start..end, &e.insert);
            }
            version += 1;
            client.change(&uri, version, Value::Array(batch));

            let got = client.ok("verbatim/debug/document", json!({"uri": uri}));
            prop_assert_eq!(got["version"].as_i64(), Some(version as i64));
            prop_assert_eq!(got["text"].as_str(), Some(text.as_str()));

            let incremental = client.diagnostics(&uri, version);
            client.open(&fresh, 1, &text);
            let from_scratch = client.diagnostics(&fresh, 1);
            prop_assert_eq!(
                normalized(incremental, &uri),
                normalized(from_scratch, &fresh),
                "text: {:?}",
                text
            );
            for u in [&uri, &fresh] {
                client.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
            }
            Ok::<(), TestCaseError>(())
        })
        .unwrap();
    assert!(shared.into_inner().shutdown_and_exit().success());
}

#[test]
fn incremental_edits_match_a_fresh_open_utf16() {
    run("utf-16");
}

#[test]
fn incremental_edits_match_a_fresh_open_utf8() {
    run("utf-8");
}
