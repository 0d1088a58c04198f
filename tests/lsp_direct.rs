//! The requests the server answers with frames of its own (the outline and
//! pulled diagnostics, see `server/src/lsp/direct.rs`), over the real
//! binary with real framing: the same answers as through the transport,
//! each request answered exactly once, and always for the latest revision.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{pull_capabilities, LspClient};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    std::fs::read_to_string(path.join(name)).unwrap()
}

fn symbols(client: &mut LspClient, uri: &str) -> Value {
    client.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    )
}

fn names(outline: &Value) -> Vec<String> {
    outline
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

/// The outline of each fixture is exactly what the server answered before
/// it wrote outlines itself (`tests/fixtures/outline/*.json`, recorded
/// from that server): header, turns, notes inside their block, questions
/// and answers, caption cues; in UTF-8 and UTF-16 positions over
/// multi-byte text. Asked twice, so the answer kept for the revision is
/// checked too.
#[test]
fn the_outline_is_the_answer_it_always_was() {
    for (doc, uri, enc, expected) in [
        (
            "outline/briefing.txt",
            "file:///t/briefing.txt",
            "utf-8",
            "outline/briefing.utf-8.json",
        ),
        (
            "outline/briefing.txt",
            "file:///t/briefing.txt",
            "utf-16",
            "outline/briefing.utf-16.json",
        ),
        (
            "../../examples/press-briefing.txt",
            "file:///t/press-briefing.txt",
            "utf-16",
            "outline/press-briefing.utf-16.json",
        ),
        (
            "formats/deposition/clean.txt",
            "file:///t/deposition.txt",
            "utf-16",
            "outline/deposition.utf-16.json",
        ),
        (
            "formats/webvtt/clean.vtt",
            "file:///t/clean.vtt",
            "utf-16",
            "outline/webvtt.utf-16.json",
        ),
    ] {
        let expected: Value = serde_json::from_str(&fixture(expected)).unwrap();
        let mut client = LspClient::spawn();
        client.initialize(&[enc], None, Value::Null);
        client.open(uri, 1, &fixture(doc));
        assert_eq!(symbols(&mut client, uri), expected, "{doc} in {enc}");
        assert_eq!(symbols(&mut client, uri), expected, "{doc} again");
        client.shutdown_and_exit();
    }
}

/// An edit sent just before the request, without waiting for anything, is
/// in the answer; so is an edit after an outline was kept for the revision
/// before it.
#[test]
fn the_outline_is_of_the_latest_revision() {
    let uri = "file:///t/briefing.txt";
    let text = fixture("outline/briefing.txt");
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, 1, &text);
    let before = names(&symbols(&mut client, uri));
    assert_eq!(
        before,
        [
            "Header",
            "MODERATOR",
            "MR ROBINSON",
            "QUESTION",
            "MR ROBINSON",
            "Notes"
        ]
    );
    // A new turn after the moderator's (line 4 is blank).
    let at = json!({"line": 4, "character": 0});
    client.change(
        uri,
        2,
        json!([{"range": {"start": at, "end": at}, "text": "\nREPORTER: One more.\n"}]),
    );
    let after = names(&symbols(&mut client, uri));
    assert_eq!(
        after,
        [
            "Header",
            "MODERATOR",
            "REPORTER",
            "MR ROBINSON",
            "QUESTION",
            "MR ROBINSON",
            "Notes"
        ]
    );
    // Many edits in a burst, each followed at once by a request: every
    // answer has every edit before it.
    for v in 3..8 {
        let at = json!({"line": 5, "character": 0});
        client.change(
            uri,
            v,
            json!([{"range": {"start": at, "end": at}, "text": format!("\nSPEAKER {v}: Yes.\n")}]),
        );
        let got = names(&symbols(&mut client, uri));
        for w in 3..=v {
            assert!(
                got.contains(&format!("SPEAKER {w}")),
                "v{v} answer lacks SPEAKER {w}: {got:?}"
            );
        }
    }
    client.shutdown_and_exit();
}

/// A cancelled request is answered once, either with its outline or with
/// `RequestCancelled`; a request repeated under a new id is answered once
/// more; every answer is counted up to the server closing its stdout.
#[test]
fn a_cancelled_or_repeated_request_is_answered_once() {
    let uri = "file:///t/deposition.txt";
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, Value::Null);
    client.open(uri, 1, &fixture("formats/deposition/clean.txt"));
    let params = json!({"textDocument": {"uri": uri}});
    let first = client.send_request("textDocument/documentSymbol", params.clone());
    client.notify("$/cancelRequest", json!({"id": first}));
    let second = client.send_request("textDocument/documentSymbol", params.clone());
    let third = client.send_request("textDocument/documentSymbol", params.clone());
    client.notify("$/cancelRequest", json!({"id": third}));
    let fourth = client.send_request("textDocument/documentSymbol", params.clone());
    for id in [first, second, third, fourth] {
        client.wait_for("an answer", |m| m["id"] == id && m.get("method").is_none());
    }
    // A cancellation of a request already answered changes nothing.
    client.notify("$/cancelRequest", json!({"id": second}));
    assert_eq!(client.ok("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let rest = client.rest();
    assert!(client.wait_exit().success());
    for id in [first, second, third, fourth] {
        let more = rest
            .iter()
            .filter(|m| m["id"] == id && m.get("method").is_none())
            .count();
        assert_eq!(more, 0, "request {id} answered {more} more times");
    }
}

/// What the transport answered before is answered the same: a request for
/// a document that is not open gets `null`, params that do not decode get
/// invalid params, and a request after `shutdown` is refused.
#[test]
fn requests_outside_an_open_document_are_answered_as_before() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, Value::Null);
    assert_eq!(symbols(&mut client, "file:///t/not-open.txt"), Value::Null);
    let bad = client
        .request("textDocument/documentSymbol", json!({"textDocument": 7}))
        .unwrap_err();
    assert_eq!(bad["code"], -32602);
    assert_eq!(client.ok("shutdown", Value::Null), Value::Null);
    let refused = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///t/not-open.txt"}}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], -32600);
    client.notify("exit", Value::Null);
    assert!(client.wait_exit().success());
}

/// Pulled diagnostics: the full report of the latest revision right after
/// an edit, then "unchanged" for the same revision, then a full report
/// again after the next edit; not open, an empty full report.
#[test]
fn pulled_diagnostics_are_of_the_latest_revision() {
    let uri = "file:///t/briefing.txt";
    let text = fixture("outline/briefing.txt");
    let mut client = LspClient::spawn();
    client.initialize_with(&["utf-16"], None, Value::Null, pull_capabilities(false));
    client.open(uri, 1, &text);
    let pull = |client: &mut LspClient, previous: Option<&str>| {
        client.ok(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": previous}),
        )
    };
    let first = pull(&mut client, None);
    assert_eq!(first["kind"], "full");
    let rules = |report: &Value| -> Vec<String> {
        let mut r: Vec<String> = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        r.sort();
        r
    };
    assert_eq!(
        rules(&first),
        ["footnote-missing-note", "unclosed-marker"],
        "{first}"
    );
    let id = first["resultId"].as_str().unwrap().to_string();
    let same = pull(&mut client, Some(&id));
    assert_eq!(same, json!({"kind": "unchanged", "resultId": id}));
    // Close the marker, and pull at once.
    let line = text.lines().position(|l| l.contains("(inaudible")).unwrap();
    let col = text.lines().nth(line).unwrap().find("(inaudible").unwrap();
    let at = json!({"line": line, "character": col + "(inaudible".len()});
    client.change(
        uri,
        2,
        json!([{"range": {"start": at, "end": at}, "text": ")"}]),
    );
    let second = pull(&mut client, Some(&id));
    assert_eq!(second["kind"], "full");
    assert_ne!(second["resultId"], first["resultId"]);
    assert_eq!(rules(&second), ["footnote-missing-note"], "{second}");
    let not_open = client.ok(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "file:///t/not-open.txt"}}),
    );
    assert_eq!(not_open, json!({"kind": "full", "items": []}));
    client.shutdown_and_exit();
}
