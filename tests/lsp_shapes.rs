//! Completion and hover in each format's own label shape, over the real
//! binary and stdio: a new turn typed in an Otter export, a Zoom transcript
//! (both shapes), an oral history labelled by initials and an interview is
//! written as the file writes its labels, with the time of the turn before
//! (a snippet placeholder where the client takes snippets), and the file
//! then reads as cleanly as before. Hover names a speaker from the file's
//! own roster.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{position, push_capabilities, range, LspClient};
use serde_json::{json, Value};

const ENC: &str = "utf-16";
const URI: &str = "file:///tmp/verbatim-test/transcript.txt";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/formats")
        .join(name);
    std::fs::read_to_string(path).expect("fixture exists")
}

/// A client that takes snippets in completion items, or one that does not.
fn client(snippets: bool) -> LspClient {
    let mut caps = push_capabilities();
    caps["textDocument"]["completion"] = json!({"completionItem": {"snippetSupport": snippets}});
    let mut client = LspClient::spawn();
    client.initialize_with(&[ENC], None, Value::Null, caps);
    client
}

/// The rule and line of each diagnostic, sorted.
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

struct Case {
    /// Where the new turn is typed: a line of its own after `anchor`.
    text: String,
    anchor: &'static str,
    /// Lines typed before the label (a Zoom time line), then the label.
    above: &'static str,
    typed: &'static str,
    item: &'static str,
    /// What a client that takes snippets inserts, and one that does not.
    snippet: &'static str,
    plain: &'static str,
    /// Whether the snippet text is a snippet (it has a time to type over).
    is_snippet: bool,
    detail: &'static str,
    /// The text the user then writes after the label.
    body: &'static str,
}

fn cases() -> Vec<Case> {
    let interview = "Marcus Lee (00:00:04):\nThanks for sitting down with me.\n\n\
                     Dana Whitfield (00:00:11):\nSure. I started in 1979, on the night shift.\n\n\
                     Marcus Lee (00:00:27):\nWhat was the night shift like?\n\n\
                     Dana Whitfield (00:00:31):\nLoud. Cold. You learned fast.\n";
    vec![
        Case {
            text: fixture("otter/clean.txt"),
            anchor: "Sorry, go ahead, Priya.\n",
            above: "",
            typed: "Mar",
            item: "Marcus Okafor",
            snippet: "Marcus Okafor  ${1:5:32}\n$0",
            plain: "Marcus Okafor  5:32\n",
            is_snippet: true,
            detail: "Marcus Okafor: speaker in this document; at 5:32, which keeps the turns in order: type over it",
            body: "One more thing on the bond.",
        },
        // A speaker the `SPEAKERS` line lists who has not spoken yet.
        Case {
            text: fixture("otter/clean.txt"),
            anchor: "Sorry, go ahead, Priya.\n",
            above: "",
            typed: "Gai",
            item: "Gail Laughton",
            snippet: "Gail Laughton  ${1:5:32}\n$0",
            plain: "Gail Laughton  5:32\n",
            is_snippet: true,
            detail: "Gail Laughton (the file's roster); at 5:32, which keeps the turns in order: type over it",
            body: "Yes, I asked.",
        },
        Case {
            text: fixture("zoom/clean.txt"),
            anchor: "I'm comfortable signing if we note it in the minutes next month.\n",
            above: "",
            typed: "[Raf",
            item: "Rafael Quintero",
            snippet: "[Rafael Quintero] ${1:23:53:02}\n$0",
            plain: "[Rafael Quintero] 23:53:02\n",
            is_snippet: true,
            detail: "speaker in this document; at 23:53:02, which keeps the turns in order: type over it",
            body: "Same here.",
        },
        Case {
            text: fixture("zoom/clean.timed.txt"),
            anchor: "did everyone get it?\n",
            above: "",
            typed: "Tob",
            item: "Tobias Lindqvist",
            snippet: "${1:23:56:19}\nTobias Lindqvist: $0",
            plain: "23:56:19\nTobias Lindqvist: ",
            is_snippet: true,
            detail: "speaker in this document; at 23:56:19, which keeps the turns in order: type over it",
            body: "I did, thanks.",
        },
        Case {
            text: fixture("zoom/clean.timed.txt"),
            anchor: "did everyone get it?\n",
            above: "23:56:25\n",
            typed: "Tob",
            item: "Tobias Lindqvist",
            snippet: "Tobias Lindqvist: ",
            plain: "Tobias Lindqvist: ",
            is_snippet: false,
            detail: "speaker in this document",
            body: "I did, thanks.",
        },
        Case {
            text: fixture("oral-history/clean.initials.txt"),
            anchor: "Everybody knew him.\n",
            above: "",
            typed: "J",
            item: "JO",
            snippet: "JO: ",
            plain: "JO: ",
            is_snippet: false,
            detail: "Janet Oyelaran: speaker in this document",
            body: "He talked about you, too.",
        },
        // A Markdown transcript: the label in bold, as its turns are.
        Case {
            text: "**Marcus Lee:** Thanks for sitting down with me.\n\n\
                   **Dana Whitfield:** Sure. I started in 1979, on the night shift.\n\n\
                   **Marcus Lee:** What was the night shift like?\n\n\
                   **Dana Whitfield:** Loud. Cold. You learned fast.\n"
                .to_string(),
            anchor: "You learned fast.\n",
            above: "",
            typed: "Mar",
            item: "Marcus Lee",
            snippet: "**Marcus Lee:** ",
            plain: "**Marcus Lee:** ",
            is_snippet: false,
            detail: "speaker in this document",
            body: "How fast?",
        },
        Case {
            text: interview.to_string(),
            anchor: "You learned fast.\n",
            above: "",
            typed: "Mar",
            item: "Marcus Lee",
            snippet: "Marcus Lee (${1:00:00:31}):\n$0",
            plain: "Marcus Lee (00:00:31):\n",
            is_snippet: true,
            detail: "speaker in this document; at 00:00:31, which keeps the turns in order: type over it",
            body: "How fast?",
        },
    ]
}

/// The completion item `item` offered after `typed` at `at`.
fn offered(client: &mut LspClient, text: &str, at: usize, item: &str) -> Value {
    let c = client.ok(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": position(text, at, ENC)}),
    );
    c.as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == item)
        .unwrap_or_else(|| panic!("{item} not offered: {c}"))
        .clone()
}

/// Each format's new turn, as a client with snippets gets it: the exact
/// text, the time as placeholder `${1:...}`, the range of what was typed.
#[test]
fn completion_writes_timed_labels_with_the_previous_turns_time() {
    for case in cases() {
        let (at_anchor, typed_line) = (
            case.text.find(case.anchor).unwrap() + case.anchor.len(),
            format!("\n{}{}\n", case.above, case.typed),
        );
        assert_eq!(case.text.matches(case.anchor).count(), 1, "{}", case.anchor);
        let mut text = case.text.clone();
        text.insert_str(at_anchor, &typed_line);
        let from = at_anchor + 1 + case.above.len();
        let at = from + case.typed.len();
        let mut client = client(true);
        client.open(URI, 1, &text);
        client.diagnostics(URI, 1);
        let found = offered(&mut client, &text, at, case.item);
        assert_eq!(
            found["textEdit"],
            json!({"range": range(&text, from, at, ENC), "newText": case.snippet}),
            "{}",
            case.item
        );
        let format = if case.is_snippet {
            json!(2)
        } else {
            Value::Null
        };
        assert_eq!(found["insertTextFormat"], format, "{}", case.item);
        assert_eq!(found["detail"], case.detail, "{}", case.item);
        assert!(client.shutdown_and_exit().success());
    }
}

/// A client without snippets gets the time itself; the new turn, written
/// as offered and given its text, leaves the file's findings as they were:
/// no order, format or label rule fires on it.
#[test]
fn a_turn_written_as_offered_keeps_the_file_clean() {
    for case in cases() {
        let at_anchor = case.text.find(case.anchor).unwrap() + case.anchor.len();
        let mut typed = case.text.clone();
        typed.insert_str(at_anchor, &format!("\n{}{}\n", case.above, case.typed));
        let from = at_anchor + 1 + case.above.len();
        let at = from + case.typed.len();
        let mut client = client(false);
        client.open(URI, 1, &case.text);
        let before = codes(&client.diagnostics(URI, 1));
        client.change(URI, 2, json!([{"text": typed}]));
        client.diagnostics(URI, 2);
        let found = offered(&mut client, &typed, at, case.item);
        assert_eq!(found["textEdit"]["newText"], case.plain, "{}", case.item);
        assert_eq!(found["insertTextFormat"], Value::Null, "{}", case.item);
        let written = format!(
            "{}{}{}{}",
            &typed[..from],
            case.plain,
            case.body,
            &typed[at..]
        );
        client.change(URI, 3, json!([{"text": written}]));
        let after = codes(&client.diagnostics(URI, 3));
        // The lines after the new turn moved down by its lines.
        let added = written.lines().count() - case.text.lines().count();
        let new_line = case.text[..at_anchor].lines().count() as u64;
        let moved: Vec<(String, u64)> = before
            .into_iter()
            .map(|(rule, line)| {
                (
                    rule,
                    if line >= new_line {
                        line + added as u64
                    } else {
                        line
                    },
                )
            })
            .collect();
        assert_eq!(after, moved, "{}:\n{written}", case.item);
        assert!(client.shutdown_and_exit().success());
    }
}

/// Hover on an initials label names the speaker the file's header gives:
/// `Narrator: Margaret Kowalski (MK)`.
#[test]
fn hover_names_a_speaker_from_the_files_own_roster() {
    let text = fixture("oral-history/clean.txt");
    let mut client = client(true);
    client.open(URI, 1, &text);
    client.diagnostics(URI, 1);
    let at = text.find("\nMK: ").unwrap() + 1;
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": position(&text, at + 1, ENC)}),
    );
    // 15 `MK:` turns, the first on line 27.
    assert_eq!(text.matches("\nMK: ").count(), 15);
    assert_eq!(text[..at].lines().count() + 1, 27);
    assert_eq!(h["contents"]["kind"], "markdown");
    let value = h["contents"]["value"].as_str().unwrap();
    let parts: Vec<&str> = value.split("\n\n").collect();
    assert_eq!(parts.len(), 3, "{value}");
    assert_eq!(parts[0], "**MK**");
    assert_eq!(
        parts[1],
        "Margaret Kowalski (from the file's roster, line 4)"
    );
    assert!(parts[2].starts_with("15 turns, "), "{value}");
    assert!(
        parts[2].ends_with(" words. First appears on line 27."),
        "{value}"
    );
    assert_eq!(h["range"], range(&text, at, at + 2, ENC));
    assert!(client.shutdown_and_exit().success());
}

/// A speaker the header names who has not spoken yet is offered as the
/// file writes its labels: by initials, `JO`, with her full name.
#[test]
fn completion_offers_the_headers_speakers_by_initials() {
    let text = "Narrator: Walter Pelletier (WP)\nInterviewer: Janet Oyelaran\n\n\
                [Begin File 1]\n\nWP: Right on this harbour. My father fished out of here.\n\n\
                WP: [laughs] Nobody ever asked me that.\n\nJ";
    let mut client = client(true);
    client.open(URI, 1, text);
    client.diagnostics(URI, 1);
    let found = offered(&mut client, text, text.len(), "JO");
    assert_eq!(
        found["textEdit"],
        json!({"range": range(text, text.len() - 1, text.len(), ENC), "newText": "JO: "})
    );
    assert_eq!(found["detail"], "Janet Oyelaran (the file's roster)");
    let c = client.ok(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": position(text, text.len(), ENC)}),
    );
    let labels: Vec<&str> = c
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    // Each speaker once, under the name the file labels them by.
    assert_eq!(labels, ["WP", "JO"]);
    assert!(client.shutdown_and_exit().success());
}
