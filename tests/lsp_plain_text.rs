//! Plain text in the language server: an editor may send every `.txt` file
//! it opens (`plaintext` in VS Code, `text` in Neovim). The server lints
//! such a document only while it reads as a transcript, and stays silent on
//! the rest: no diagnostics, no hover, no outline, no fix. Over the real
//! binary and stdio, with realistic files that are not transcripts
//! (`tests/fixtures/not-transcripts`): each has blemishes a transcript rule
//! would report, which the same file opened as a transcript shows.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{position, range, LspClient};
use serde_json::{json, Value};

const ENC: &str = "utf-16";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/not-transcripts")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

fn codes(diags: &[Value]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn fix_all(client: &mut LspClient, uri: &str, text: &str) -> Value {
    client.ok(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range(text, 0, text.len(), ENC),
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    )
}

fn is_empty(v: &Value) -> bool {
    v.is_null() || v.as_array().is_some_and(Vec::is_empty)
}

const NOT_TRANSCRIPTS: [&str; 4] = [
    "README.txt",
    "LICENSE.txt",
    "meeting-notes.txt",
    "article.txt",
];

#[test]
fn ordinary_text_files_opened_as_plain_text_get_nothing() {
    let mut client = LspClient::spawn();
    client.initialize(&[ENC], None, Value::Null);
    for (k, name) in NOT_TRANSCRIPTS.iter().enumerate() {
        let text = fixture(name);
        // VS Code's language name, then Neovim's.
        let language = if k % 2 == 0 { "plaintext" } else { "text" };
        let uri = format!("file:///nowhere/project/{name}");
        client.open_as(&uri, language, 1, &text);
        assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new(), "{name}");
        let doc = json!({"uri": uri});
        let symbols = client.ok("textDocument/documentSymbol", json!({"textDocument": doc}));
        assert!(is_empty(&symbols), "{name}: {symbols:#}");
        let hover = client.ok(
            "textDocument/hover",
            json!({"textDocument": doc, "position": position(&text, 0, ENC)}),
        );
        assert!(hover.is_null(), "{name}: {hover:#}");
        let tokens = client.ok(
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        );
        assert!(tokens.is_null(), "{name}: {tokens:#}");
        assert!(is_empty(&fix_all(&mut client, &uri, &text)), "{name}");
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn the_same_files_opened_as_transcripts_are_linted_as_before() {
    // What the silence hides: a user who says a file is a transcript (its
    // language, as `*.transcript` or `verbatim.documentSelector` do) still
    // gets every finding, as `verbatim check FILE` does.
    let mut client = LspClient::spawn();
    client.initialize(&[ENC], None, Value::Null);
    let uri = "file:///nowhere/project/README.txt";
    let text = fixture("README.txt");
    client.open(uri, 1, &text);
    assert_eq!(
        codes(&client.diagnostics(uri, 1)),
        [
            ("multiple-blank-lines".to_string(), 8),
            ("multiple-blank-lines".to_string(), 43),
            ("trailing-whitespace".to_string(), 6),
        ]
    );
    assert!(!is_empty(&fix_all(&mut client, uri, &text)));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_txt_transcript_is_linted_with_no_setting() {
    let mut client = LspClient::spawn();
    client.initialize(&[ENC], None, Value::Null);
    let uri = "file:///nowhere/interviews/robinson.txt";
    let text = "MR ROBINSON: We spoke (inaudible and then we left.\n\nMR JONES: Yes.\n";
    client.open_as(uri, "plaintext", 1, text);
    assert_eq!(
        codes(&client.diagnostics(uri, 1)),
        [("unclosed-marker".to_string(), 0)]
    );
    let symbols = client.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(2), "{symbols:#}");

    // A note that becomes a transcript as it is typed is linted from then
    // on, and silent again when it stops being one.
    let notes = "file:///nowhere/interviews/notes.txt";
    let first = "Call with the ferry office.\n";
    client.open_as(notes, "text", 1, first);
    assert_eq!(client.diagnostics(notes, 1), Vec::<Value>::new());
    let end = range(first, first.len(), first.len(), ENC);
    let added = "\nDANA: When does the new wharf open?\n\nFARAHANI: In (inaudible the spring.\n";
    client.change(notes, 2, json!([{"range": end, "text": added}]));
    assert_eq!(
        codes(&client.diagnostics(notes, 2)),
        [("unclosed-marker".to_string(), 4)]
    );
    let whole = format!("{first}{added}");
    let all = range(&whole, 0, whole.len(), ENC);
    client.change(notes, 3, json!([{"range": all, "text": first}]));
    assert_eq!(client.diagnostics(notes, 3), Vec::<Value>::new());

    // Caption files are named as such: linted whatever language they come in.
    let vtt = "file:///nowhere/interviews/clip.vtt";
    client.open_as(
        vtt,
        "plaintext",
        1,
        "WebVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n",
    );
    assert_eq!(
        codes(&client.diagnostics(vtt, 1)),
        [("webvtt-header".to_string(), 0)]
    );
    assert!(client.shutdown_and_exit().success());
}
