//! Full language-server sessions against the real `verbatim server` binary,
//! over stdio with real framing.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{
    apply_text_edits, edits_for, file_uri, position, push_capabilities, range, LspClient,
};
use serde_json::{json, Value};

const URI: &str = "file:///nowhere/briefing.txt";

/// A briefing with an unclosed marker, a reference with no note, and
/// multi-byte text (emoji, curly quotes, an em dash, no-break spaces, CJK).
const BRIEFING: &str = "Press Briefing “Today” — Washington\n\
March 3, 2024\n\
\n\
MODERATOR: Welcome, everyone 😀. Our guest is Deputy Assistant Secretary Christopher Robinson.\n\
\n\
MR ROBINSON:\u{a0}Thank you. We discussed the 中文 draft (inaudible adopting the resolution[1].\n\
\n\
QUESTION: Mr. Robinson, what about the schedule? (Laughter.)\n\
\n\
MR ROBINSON: We will see[2].\n\
\n\
Notes\n\
\n\
[1] The resolution text.\n";

fn by_rule<'a>(diags: &'a [Value], rule: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == rule).collect()
}

fn find(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

/// The unclosed marker's diagnostic covers `(inaudible`, wherever it is.
fn assert_unclosed_at(diags: &[Value], text: &str, enc: &str) {
    let unclosed = by_rule(diags, "unclosed-marker");
    assert_eq!(unclosed.len(), 1, "{diags:#?}");
    let start = find(text, "(inaudible adopting");
    assert_eq!(
        unclosed[0]["range"],
        range(text, start, start + "(inaudible".len(), enc)
    );
}

fn insert_at(text: &mut String, at: usize, new: &str, enc: &str) -> Value {
    let change = json!({"range": range(text, at, at, enc), "text": new});
    text.insert_str(at, new);
    change
}

fn document_text(client: &mut LspClient, uri: &str) -> (i64, String) {
    let r = client.ok("verbatim/debug/document", json!({"uri": uri}));
    (
        r["version"].as_i64().unwrap(),
        r["text"].as_str().unwrap().to_string(),
    )
}

fn code_actions(
    client: &mut LspClient,
    uri: &str,
    range: Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let r = client.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    r.as_array().cloned().unwrap_or_default()
}

/// A client sent what it says it shows of a diagnostic: without
/// `codeDescriptionSupport` no documentation link (Neovim's case), without
/// `relatedInformation` no related places; the rest, and the quick fix,
/// are the same.
#[test]
fn a_client_is_sent_only_what_it_shows_of_a_diagnostic() {
    let text = "MODERATOR: Our briefer is Deputy Assistant Secretary Christopher Robin \
(inaudible.\n\nMR ROBINSON: Thanks. Chris Robinson here.\n";
    let mut seen = Vec::new();
    for (publish, link, related) in [
        (
            json!({"relatedInformation": true, "codeDescriptionSupport": true}),
            true,
            true,
        ),
        (
            json!({"relatedInformation": true, "dataSupport": true}),
            false,
            true,
        ),
        (json!({}), false, false),
    ] {
        let mut client = LspClient::spawn();
        let mut caps = push_capabilities();
        caps["textDocument"]["publishDiagnostics"] = publish;
        client.initialize_with(&["utf-16"], None, Value::Null, caps);
        client.open(URI, 1, text);
        let got = client.diagnostics(URI, 1);
        let name = by_rule(&got, "speaker-name-mismatch")[0].clone();
        let marker = by_rule(&got, "unclosed-marker")[0].clone();
        assert_eq!(marker["codeDescription"].is_object(), link, "{marker:#}");
        assert_eq!(name["codeDescription"].is_object(), link, "{name:#}");
        assert_eq!(name["relatedInformation"].is_array(), related, "{name:#}");
        let actions = code_actions(&mut client, URI, marker["range"].clone(), None);
        assert_eq!(
            actions[0]["diagnostics"][0]["codeDescription"].is_object(),
            link
        );
        assert!(actions[0].get("edit").is_some(), "{actions:#?}");
        let mut bare = name.clone();
        bare.as_object_mut().unwrap().remove("codeDescription");
        bare.as_object_mut().unwrap().remove("relatedInformation");
        seen.push(bare);
        assert!(client.shutdown_and_exit().success());
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:#?}");
}

#[test]
fn utf16_session_incremental_edits_diagnostics_and_quick_fix() {
    let enc = "utf-16";
    let mut client = LspClient::spawn();
    let init = client.initialize(&[enc], None, Value::Null);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], enc);
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["verbatim.addKnownName", "verbatim.fixAll"])
    );
    // A client that does not pull gets pushed diagnostics only
    // (`tests/lsp_diagnostic_modes.rs` has the pull side).
    assert!(caps.get("diagnosticProvider").is_none(), "{caps:#}");

    let mut text = BRIEFING.to_string();
    client.open(URI, 1, &text);
    let v1 = client.diagnostics(URI, 1);
    assert_unclosed_at(&v1, &text, enc);
    let d = by_rule(&v1, "unclosed-marker")[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "verbatim");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://verbatim.dev/rules/unclosed-marker"
    );
    assert_eq!(d["data"]["fix"]["applicability"], "safe");
    // Whether a fix exists travels with the diagnostic; its edits come with
    // the code action (below).
    assert!(d["data"]["fix"].get("edits").is_none(), "{d:#}");
    let missing = by_rule(&v1, "footnote-missing-note");
    assert_eq!(missing.len(), 1, "{v1:#?}");
    let at = find(&text, "[2]");
    assert_eq!(missing[0]["range"], range(&text, at, at + 3, enc));

    // v2: emoji (a ZWJ sequence of surrogate pairs) and curly quotes before
    // the marker, on the same line.
    let at = find(&text, "(inaudible");
    let change = insert_at(&mut text, at, "👩‍👩‍👧 “so” ", enc);
    client.change(URI, 2, json!([change]));
    let v2 = client.diagnostics(URI, 2);
    assert_unclosed_at(&v2, &text, enc);

    // v3: two changes in one notification, applied in order: CJK replaced
    // with kana and a no-break space, then the smiley on an earlier line
    // deleted.
    let cjk = find(&text, "中文");
    let first =
        json!({"range": range(&text, cjk, cjk + "中文".len(), enc), "text": "日本語\u{a0}"});
    text.replace_range(cjk..cjk + "中文".len(), "日本語\u{a0}");
    let smiley = find(&text, " 😀");
    let second = json!({"range": range(&text, smiley, smiley + " 😀".len(), enc), "text": ""});
    text.replace_range(smiley..smiley + " 😀".len(), "");
    client.change(URI, 3, json!([first, second]));
    let v3 = client.diagnostics(URI, 3);
    assert_unclosed_at(&v3, &text, enc);
    assert_eq!(document_text(&mut client, URI), (3, text.clone()));

    // The quick fix, applied through the client's own position conversion.
    let d = by_rule(&v3, "unclosed-marker")[0].clone();
    let actions = code_actions(&mut client, URI, d["range"].clone(), None);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "unclosed-marker")
        .expect("a quick fix for the unclosed marker");
    assert_eq!(fix["title"], "Insert `)`");
    assert_eq!(fix["isPreferred"], true);
    let edits = edits_for(&fix["edit"], URI);
    let fixed = apply_text_edits(&text, &edits, enc);
    assert!(fixed.contains("(inaudible) adopting"), "{fixed}");
    client.change(
        URI,
        4,
        json!(edits
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect::<Vec<_>>()),
    );
    let v4 = client.diagnostics(URI, 4);
    assert!(by_rule(&v4, "unclosed-marker").is_empty(), "{v4:#?}");
    assert_eq!(by_rule(&v4, "footnote-missing-note").len(), 1);
    assert_eq!(document_text(&mut client, URI).1, fixed);

    assert!(client.shutdown_and_exit().success());
}

/// A transcript large enough for the server's large-document path: its
/// text is decoded in place as it is read, and its first analysis runs on
/// a thread of its own while the rope is built. Edits sent before the
/// first diagnostics wait for that analysis and are replayed onto it.
#[test]
fn a_large_document_opens_exactly_and_takes_edits_sent_before_its_first_diagnostics() {
    let enc = "utf-16";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    // Every character JSON escapes, and characters of every UTF-16 width.
    let turns = "MR ROBINSON:\u{a0}“Yes” — he said \"no\" \\ back\\slash\ttab 😀 中文.\r\n\r\n\
                 QUESTION: And then?\r\n\r\n";
    let mut text = String::from("Press Briefing\r\n\r\n");
    while text.len() < 400_000 {
        text.push_str(turns);
    }
    text.push_str("MR ROBINSON: We will see (inaudible the end.\r\n");
    client.open(URI, 1, &text);

    // v2 opens a marker in the first turn; v3 closes the one at the end.
    let at = find(&text, "he said");
    let opened = insert_at(&mut text, at, "(crosstalk ", enc);
    client.change(URI, 2, json!([opened]));
    let at = find(&text, "(inaudible") + "(inaudible".len();
    let closed = insert_at(&mut text, at, ")", enc);
    client.change(URI, 3, json!([closed]));

    let v3 = client.diagnostics(URI, 3);
    let unclosed = by_rule(&v3, "unclosed-marker");
    assert_eq!(unclosed.len(), 1, "{unclosed:#?}");
    let start = find(&text, "(crosstalk");
    assert_eq!(
        unclosed[0]["range"],
        range(&text, start, start + "(crosstalk".len(), enc)
    );
    assert_eq!(document_text(&mut client, URI), (3, text));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn utf8_session_counts_bytes() {
    let enc = "utf-8";
    let mut client = LspClient::spawn();
    let init = client.initialize(&["utf-8", "utf-16"], None, Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");

    let mut text = BRIEFING.to_string();
    client.open(URI, 1, &text);
    let v1 = client.diagnostics(URI, 1);
    assert_unclosed_at(&v1, &text, enc);
    // In bytes, `中文` alone is six columns.
    let line_start = find(&text, "MR ROBINSON:\u{a0}Thank");
    let col = find(&text, "(inaudible") - line_start;
    assert_eq!(
        by_rule(&v1, "unclosed-marker")[0]["range"]["start"]["character"],
        col
    );

    // CRLF and a lone CR inserted in the turn: lines shift, columns restart.
    let at = find(&text, "We discussed");
    let change = insert_at(&mut text, at, "Yes.\r\nNo.\r", enc);
    client.change(URI, 2, json!([change]));
    let v2 = client.diagnostics(URI, 2);
    assert_unclosed_at(&v2, &text, enc);
    assert_eq!(
        by_rule(&v2, "unclosed-marker")[0]["range"]["start"],
        position(&text, find(&text, "(inaudible"), enc)
    );

    // The missing note's fix (a stub note) applied via a code action.
    let d = by_rule(&v2, "footnote-missing-note")[0].clone();
    let actions = code_actions(&mut client, URI, d["range"].clone(), Some(&["quickfix"]));
    let fix = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "footnote-missing-note")
        .expect("a quick fix for the missing note");
    let edits = edits_for(&fix["edit"], URI);
    let fixed = apply_text_edits(&text, &edits, enc);
    client.change(URI, 3, json!([{"text": fixed.clone()}]));
    let v3 = client.diagnostics(URI, 3);
    assert!(
        by_rule(&v3, "footnote-missing-note").is_empty(),
        "{v3:#?}\n{fixed}"
    );

    assert!(client.shutdown_and_exit().success());
}

#[test]
fn navigation_hover_completion_rename_symbols() {
    let enc = "utf-16";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    let text = BRIEFING.to_string();
    client.open(URI, 1, &text);
    client.diagnostics(URI, 1);
    let doc = json!({"uri": URI});
    let at = |needle: &str, skip: usize| position(&text, find(&text, needle) + skip, enc);

    // Hover on a label: full name from the introduction, turns and words.
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("MR ROBINSON:\u{a0}", 3)}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Christopher Robinson (introduced on line 4)"),
        "{md}"
    );
    assert!(md.contains("2 turns"), "{md}");
    assert!(md.contains("First appears on line 6"), "{md}");
    // Hover on a reference: the note's text. On a marker: its meaning.
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("[1].", 1)}),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("The resolution text."));
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("(Laughter.)", 2)}),
    );
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("laughed"),
        "{h}"
    );
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("Welcome", 1)}),
    );
    assert_eq!(h, Value::Null);

    // Definition: reference -> note; references: note -> reference.
    let note = find(&text, "[1] The");
    let def = client.ok(
        "textDocument/definition",
        json!({"textDocument": doc, "position": at("[1].", 1)}),
    );
    assert_eq!(def["range"], range(&text, note, note + 3, enc));
    let refs = client.ok(
        "textDocument/references",
        json!({"textDocument": doc, "position": at("[1] The", 1), "context": {"includeDeclaration": false}}),
    );
    let r1 = find(&text, "[1].");
    assert_eq!(
        refs,
        json!([{"uri": URI, "range": range(&text, r1, r1 + 3, enc)}])
    );
    // References on a label: every turn of that speaker.
    let refs = client.ok(
        "textDocument/references",
        json!({"textDocument": doc, "position": at("MR ROBINSON: We", 0), "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().unwrap().len(), 2, "{refs}");

    // Completion: labels at the start of an empty line, tags after `(`.
    let blank = find(&text, "\n\nQUESTION") + 1;
    let c = client.ok(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position(&text, blank, enc)}),
    );
    let labels: Vec<&str> = c
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, vec!["MODERATOR", "MR ROBINSON", "QUESTION"]);
    assert_eq!(c[1]["textEdit"]["newText"], "MR ROBINSON: ");
    let mut typed = text.clone();
    let at_see = find(&typed, "We will see");
    let change = insert_at(&mut typed, at_see, "(inau", enc);
    client.change(URI, 2, json!([change]));
    let after = find(&typed, "(inau") + "(inau".len();
    let c = client.ok(
        "textDocument/completion",
        json!({"textDocument": doc, "position": position(&typed, after, enc)}),
    );
    let item = c
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "inaudible")
        .expect("inaudible offered");
    let opener = find(&typed, "(inau") + 1;
    assert_eq!(
        item["textEdit"],
        json!({"range": range(&typed, opener, after, enc), "newText": "inaudible)"})
    );
    client.change(URI, 3, json!([{"text": text}]));

    // Rename a label: every label of that speaker.
    let p = at("MR ROBINSON: We", 4);
    let prep = client.ok(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": p}),
    );
    assert_eq!(prep["placeholder"], "MR ROBINSON");
    let edit = client.ok(
        "textDocument/rename",
        json!({"textDocument": doc, "position": p, "newName": "MR ROBERTSON"}),
    );
    let renamed = apply_text_edits(&text, &edits_for(&edit, URI), enc);
    assert_eq!(renamed.matches("MR ROBERTSON:").count(), 2);
    assert!(!renamed.contains("MR ROBINSON:"));
    let none = client.ok(
        "textDocument/prepareRename",
        json!({"textDocument": doc, "position": at("Welcome", 1)}),
    );
    assert_eq!(none, Value::Null);

    // Outline: header, the four turns with their first words, the notes.
    let symbols = client.ok("textDocument/documentSymbol", json!({"textDocument": doc}));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "Header",
            "MODERATOR",
            "MR ROBINSON",
            "QUESTION",
            "MR ROBINSON",
            "Notes"
        ]
    );
    assert_eq!(
        symbols[2]["detail"],
        "Thank you. We discussed the 中文 draft (inaudible…"
    );
    assert_eq!(symbols[5]["children"][0]["name"], "[1]");

    let folds = client.ok("textDocument/foldingRange", json!({"textDocument": doc}));
    assert!(
        folds
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["startLine"] == 0 && f["endLine"] == 1),
        "{folds}"
    );

    // Semantic tokens: the first is the MODERATOR label on line 4.
    let tokens = client.ok(
        "textDocument/semanticTokens/full",
        json!({"textDocument": doc}),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data.len() % 5, 0);
    assert_eq!(&data[..5], &[3, 0, 9, 0, 0]);
    // Decoded, the tokens cover labels, markers and footnotes.
    let (mut line, mut col, mut kinds) = (0, 0, Vec::new());
    for t in data.chunks(5) {
        line += t[0];
        col = if t[0] == 0 { col + t[1] } else { t[1] };
        kinds.push((line, col, t[2], t[3]));
    }
    let marker = position(&text, find(&text, "(Laughter.)"), enc);
    assert!(
        kinds.contains(&(
            marker["line"].as_u64().unwrap(),
            marker["character"].as_u64().unwrap(),
            11,
            1
        )),
        "{kinds:?}"
    );

    assert!(client.shutdown_and_exit().success());
}

#[test]
fn fix_all_source_action_and_command() {
    let enc = "utf-16";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    let text = "MR KIRBY: One (inaudible here and “two” [crosstalk 00:01:02 there. \u{a0}\n\nQUESTION: 😀 (Laughter. Yes.\n";
    client.open(URI, 1, text);
    let v1 = client.diagnostics(URI, 1);
    assert_eq!(by_rule(&v1, "unclosed-marker").len(), 3, "{v1:#?}");
    assert_eq!(by_rule(&v1, "trailing-whitespace").len(), 1, "{v1:#?}");
    let expected = "MR KIRBY: One (inaudible) here and “two” [crosstalk 00:01:02] there.\n\nQUESTION: 😀 (Laughter.) Yes.\n";

    // source.fixAll: one action, one minimal edit, every safe fix.
    let whole = range(text, 0, text.len(), enc);
    let actions = code_actions(&mut client, URI, whole.clone(), Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.verbatim");
    let edits = edits_for(&actions[0]["edit"], URI);
    assert_eq!(edits.len(), 1);
    assert_eq!(apply_text_edits(text, &edits, enc), expected);

    // "Fix all `unclosed-marker` problems" sits beside the quick fix.
    let first = by_rule(&v1, "unclosed-marker")[0]["range"].clone();
    let actions = code_actions(&mut client, URI, first, None);
    let all = actions
        .iter()
        .find(|a| a["title"] == "Fix all `unclosed-marker` problems in this file")
        .expect("fix-all-of-rule action");
    // It fixes that rule only: the trailing spaces stay.
    assert_eq!(
        apply_text_edits(text, &edits_for(&all["edit"], URI), enc),
        expected.replace("there.\n", "there. \u{a0}\n")
    );

    // The command applies through workspace/applyEdit.
    let r = client.ok(
        "workspace/executeCommand",
        json!({"command": "verbatim.fixAll", "arguments": [{"uri": URI}]}),
    );
    assert_eq!(r, json!({"applied": true}));
    assert_eq!(client.applied_edits.len(), 1);
    let edits = edits_for(&client.applied_edits[0]["edit"], URI);
    assert_eq!(apply_text_edits(text, &edits, enc), expected);

    assert!(client.shutdown_and_exit().success());
}

/// Waits for a publish for `uri` at `version` whose diagnostics satisfy
/// `pred` (config reloads republish the same version).
fn wait_diagnostics(
    client: &mut LspClient,
    uri: &str,
    version: i32,
    what: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let msg = client.wait_for(what, |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
            && pred(m["params"]["diagnostics"].as_array().unwrap())
    });
    msg["params"]["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn config_discovery_reload_broken_file_and_add_known_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let sub = root.join("briefings");
    std::fs::create_dir(&sub).unwrap();
    let doc_path = sub.join("briefing.txt");
    std::fs::write(&doc_path, BRIEFING).unwrap();
    let uri = file_uri(&doc_path);
    let config_path = root.join("verbatim.toml");

    let mut client = LspClient::spawn_in(Some(&root));
    client.initialize(&["utf-16"], Some(&root), Value::Null);
    client.open(&uri, 1, BRIEFING);
    let v1 = client.diagnostics(&uri, 1);
    assert_eq!(by_rule(&v1, "unclosed-marker").len(), 1);

    // A new verbatim.toml at the root, announced by the watcher: it governs
    // the document in a subfolder.
    std::fs::write(
        &config_path,
        "# house rules\nignore = [\"unclosed-marker\"]\n",
    )
    .unwrap();
    let watched = json!({"changes": [{"uri": file_uri(&config_path), "type": 1}]});
    client.notify("workspace/didChangeWatchedFiles", watched.clone());
    wait_diagnostics(&mut client, &uri, 1, "unclosed-marker ignored", |d| {
        by_rule(d, "unclosed-marker").is_empty()
    });

    // A broken file: shown once, the last good settings stay in force, and
    // the open config file gets a diagnostic on the bad line.
    std::fs::write(
        &config_path,
        "# house rules\nignore = [\"unclosed-marker\"]\nselect = [\"no-such-rule\"]\n",
    )
    .unwrap();
    client.notify("workspace/didChangeWatchedFiles", watched.clone());
    client.notify("workspace/didChangeWatchedFiles", watched.clone());
    let shown = client.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("verbatim.toml:3") && message.contains("no-such-rule"),
        "{message}"
    );
    let still = wait_diagnostics(
        &mut client,
        &uri,
        1,
        "republish with last good config",
        |_| true,
    );
    assert!(by_rule(&still, "unclosed-marker").is_empty());
    let config_uri = file_uri(&config_path);
    let broken = std::fs::read_to_string(&config_path).unwrap();
    client.open(&config_uri, 1, &broken);
    let cd = client.diagnostics(&config_uri, 1);
    assert_eq!(cd.len(), 1, "{cd:#?}");
    assert_eq!(cd[0]["range"]["start"]["line"], 2);
    assert!(cd[0]["message"].as_str().unwrap().contains("no-such-rule"));
    // The server shows its messages one after another, in order: once a
    // second, different error is shown, a repeat of the first would have
    // come before it.
    std::fs::write(
        &config_path,
        "# house rules\nignore = [\"unclosed-marker\"]\nselect = [\"missing-rule\"]\n",
    )
    .unwrap();
    client.notify("workspace/didChangeWatchedFiles", watched.clone());
    client.wait_for("the second error shown", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("`missing-rule`"))
    });
    let first = client
        .messages
        .iter()
        .filter(|m| m["message"].as_str().unwrap().contains("`no-such-rule`"))
        .count();
    assert_eq!(first, 1, "the error is shown once: {:?}", client.messages);
    assert_eq!(client.messages.len(), 2, "{:?}", client.messages);

    // Repair it, then add a known name through the command: the server
    // edits the file itself and keeps the rest of it.
    std::fs::write(
        &config_path,
        "# house rules\nignore = [\"unclosed-marker\"]\n",
    )
    .unwrap();
    client.notify("workspace/didChangeWatchedFiles", watched);
    let r = client.ok(
        "workspace/executeCommand",
        json!({"command": "verbatim.addKnownName", "arguments": [{"uri": uri, "name": "Robin"}]}),
    );
    assert_eq!(r["changed"], true);
    assert_eq!(r["configPath"], config_path.to_str().unwrap());
    // The server asked to watch config files when initialized.
    assert!(
        client
            .registrations
            .iter()
            .any(|r| r["registrations"][0]["method"] == "workspace/didChangeWatchedFiles"),
        "{:?}",
        client.registrations
    );
    assert_eq!(
        std::fs::read_to_string(&config_path).unwrap(),
        "# house rules\nignore = [\"unclosed-marker\"]\nknown-names = [\"Robin\"]\n"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn add_known_name_creates_verbatim_toml_at_the_workspace_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let doc_path = root.join("interview.txt");
    std::fs::write(&doc_path, BRIEFING).unwrap();
    let uri = file_uri(&doc_path);
    let mut client = LspClient::spawn_in(Some(&root));
    client.initialize(&["utf-16"], Some(&root), Value::Null);
    client.open(&uri, 1, BRIEFING);
    client.diagnostics(&uri, 1);
    let r = client.ok(
        "workspace/executeCommand",
        json!({"command": "verbatim.addKnownName", "arguments": [{"uri": uri, "name": "Whitfied"}]}),
    );
    assert_eq!(r["changed"], true);
    assert_eq!(
        std::fs::read_to_string(root.join("verbatim.toml")).unwrap(),
        "known-names = [\"Whitfied\"]\n"
    );
    let bad = client.request(
        "workspace/executeCommand",
        json!({"command": "verbatim.addKnownName", "arguments": []}),
    );
    assert!(bad.is_err());
    assert!(client.shutdown_and_exit().success());
}

/// When `speaker-name-mismatch` fires, its "Add to known names" action runs
/// the command, which writes the file, and the diagnostic goes away.
#[test]
fn name_mismatch_add_known_name_action_clears_the_diagnostic() {
    let text = "MODERATOR: Our briefer is Deputy Assistant Secretary Christopher Robin.\n\n\
MR ROBINSON: Thanks. Chris Robinson here. Foreign Minister Lavrow and I met.\n\n\
FOREIGN MINISTER LAVROV: We did.\n";
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let doc_path = root.join("briefing.txt");
    std::fs::write(&doc_path, text).unwrap();
    let uri = file_uri(&doc_path);
    let mut client = LspClient::spawn_in(Some(&root));
    client.initialize(&["utf-16"], Some(&root), Value::Null);
    client.open(&uri, 1, text);
    let v1 = client.diagnostics(&uri, 1);
    let mismatches = by_rule(&v1, "speaker-name-mismatch");
    assert_eq!(mismatches.len(), 2, "{v1:#?}");
    let d = mismatches[0].clone();
    let robin = find(text, "Robin.");
    assert_eq!(d["range"], range(text, robin, robin + 5, "utf-16"));
    // Related information points at the label that spells the name.
    let label = find(text, "MR ROBINSON");
    assert_eq!(
        d["relatedInformation"][0]["location"],
        json!({"uri": uri, "range": range(text, label, label + "MR ROBINSON".len(), "utf-16")})
    );
    let actions = code_actions(&mut client, &uri, d["range"].clone(), None);
    // Two ways out, so neither is preferred: the (unsafe) respelling, and
    // declaring the name known.
    let respell = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "speaker-name-mismatch" && a.get("edit").is_some())
        .expect("respelling quick fix");
    assert_eq!(respell["isPreferred"], false);
    let fixed = apply_text_edits(text, &edits_for(&respell["edit"], &uri), "utf-16");
    assert!(fixed.contains("Secretary Christopher Robinson."), "{fixed}");
    let add = actions
        .iter()
        .find(|a| a["title"] == "Add `Robin` to known names")
        .expect("add-known-name action");
    assert_eq!(add["isPreferred"], false);
    assert_eq!(add["command"]["command"], "verbatim.addKnownName");
    assert_eq!(
        add["command"]["arguments"],
        json!([{"uri": uri, "name": "Robin"}])
    );
    let cmd = add["command"].clone();
    client.ok(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    assert!(std::fs::read_to_string(root.join("verbatim.toml"))
        .unwrap()
        .contains("\"Robin\""));
    // Robin is known now; Lavrow is still reported.
    let after = wait_diagnostics(&mut client, &uri, 1, "Robin no longer reported", |d| {
        by_rule(d, "speaker-name-mismatch").len() == 1
    });
    let lavrow = find(text, "Lavrow");
    assert_eq!(
        by_rule(&after, "speaker-name-mismatch")[0]["range"],
        range(text, lavrow, lavrow + 6, "utf-16")
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn editor_settings_then_project_file() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, json!({"ignore": ["unclosed-marker"]}));
    client.open(URI, 1, BRIEFING);
    let v1 = client.diagnostics(URI, 1);
    assert!(by_rule(&v1, "unclosed-marker").is_empty());
    assert_eq!(by_rule(&v1, "footnote-missing-note").len(), 1);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"verbatim": {"severity": {"unclosed-marker": "hint"}}}}),
    );
    let v = wait_diagnostics(&mut client, URI, 1, "unclosed-marker as hint", |d| {
        !by_rule(d, "unclosed-marker").is_empty()
    });
    assert_eq!(by_rule(&v, "unclosed-marker")[0]["severity"], 4);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn robustness_unknown_uris_stale_versions_clamping_and_panics() {
    let enc = "utf-16";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    // Unknown documents: ignored.
    client.change("file:///nowhere/else.txt", 2, json!([{"text": "x"}]));
    let h = client.ok("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere/else.txt"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(h, Value::Null);

    client.open(URI, 5, "QUESTION: Yes.\n");
    client.diagnostics(URI, 5);
    // An older version is a reordered message: dropped.
    client.change(URI, 4, json!([{"text": "stale"}]));
    // Out-of-range edits are clamped to the line end and the document end.
    client.change(URI, 6, json!([{"range": {"start": {"line": 0, "character": 99}, "end": {"line": 0, "character": 120}}, "text": " (inaudible"}]));
    client.change(URI, 7, json!([{"range": {"start": {"line": 40, "character": 3}, "end": {"line": 41, "character": 0}}, "text": "END"}]));
    assert_eq!(
        document_text(&mut client, URI),
        (7, "QUESTION: Yes. (inaudible\nEND".to_string())
    );
    let v7 = client.diagnostics(URI, 7);
    assert_eq!(by_rule(&v7, "unclosed-marker").len(), 1);

    // A panic inside a request is an error response, and the server lives on.
    let e = client
        .request("verbatim/debug/panic", Value::Null)
        .unwrap_err();
    assert_eq!(e["code"], -32603);
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 17}}),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("inaudible"));

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = client.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == URI
            && m["params"]["diagnostics"] == json!([])
    });
    assert!(cleared["params"].get("version").is_none_or(Value::is_null));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut client = LspClient::spawn();
    client.initialize(&["utf-16"], None, Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_exit().code(), Some(1));
}

/// A WebVTT file, opened with its `.vtt` name and no configuration: its
/// cue rules report, hovering a timing line tells the cue's times, the
/// outline lists cues by time and speaker, each cue folds, and timings,
/// voices and tags are highlighted.
#[test]
fn caption_files_are_transcripts() {
    let enc = "utf-16";
    let uri = "file:///nowhere/episode.vtt";
    let text = "WebVTT - Harbour Voices\n\
Kind: captions\n\
\n\
NOTE Dana Whitfeld checks [1] at 10:30.\n\
\n\
intro\n\
00:00:00.000 --> 00:00:04.200 align:start\n\
<v Dana Whitfield>Welcome to <i>Harbour Voices</i>, I'm Dana.\n\
\n\
00:00:04.400 --> 00:00:09.800\n\
<v Tomasz Wieczorek>Thanks &amp; hello,\n\
Dana. [inaudible\n\
\n\
00:00:10.000 -> 00:00:08.000\n\
<v Dana Whitfield>♪ [music] ♪\n\
\n\
00:00:09.000 --> 00:00:12.000\n\
<v Dana Whitfeld>And the smokehouse?\n";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    client.open(uri, 1, text);
    let diags = client.diagnostics(uri, 1);
    let mut found: Vec<(String, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("cue-ends-before-start".to_string(), 13, 0),
            ("cue-order".to_string(), 16, 0),
            ("cue-timestamp-format".to_string(), 13, 13),
            ("speaker-label-variant".to_string(), 17, 3),
            ("unclosed-marker".to_string(), 11, 6),
            ("webvtt-header".to_string(), 0, 0),
        ],
        "{diags:#?}"
    );
    let doc = json!({"uri": uri});
    let at = |needle: &str, skip: usize| position(text, find(text, needle) + skip, enc);

    // Hover on a timing line: start, end, duration.
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("00:00:04.400 -->", 20)}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("Start `00:00:04.400` · End `00:00:09.800` · Duration 5.400 s"),
        "{md}"
    );
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("00:00:00.000", 1)}),
    );
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**Cue intro**"));
    // Hover on a voice: the speaker, as in any transcript.
    let h = client.ok(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at("Dana Whitfield>", 2)}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**Dana Whitfield**"),
        "{h}"
    );

    // Outline: the header, then each cue by start time and speaker.
    let symbols = client.ok("textDocument/documentSymbol", json!({"textDocument": doc}));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Header",
            "00:00:00.000 Dana Whitfield",
            "00:00:04.400 Tomasz Wieczorek",
            "00:00:10.000 Dana Whitfield",
            "00:00:09.000 Dana Whitfeld",
        ]
    );
    assert_eq!(symbols[1]["detail"], "Welcome to Harbour Voices, I'm Dana.");

    // Folding: each cue of more than one line.
    let folds = client.ok("textDocument/foldingRange", json!({"textDocument": doc}));
    let folds: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(folds, [(0, 1), (5, 7), (9, 11), (13, 14), (16, 17)]);

    // Semantic tokens: timings are numbers (3), voices classes (0), the
    // rest of each tag keywords (4).
    let tokens = client.ok(
        "textDocument/semanticTokens/full",
        json!({"textDocument": doc}),
    );
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let (mut line, mut col, mut kinds) = (0, 0, Vec::new());
    for t in data.chunks(5) {
        line += t[0];
        col = if t[0] == 0 { col + t[1] } else { t[1] };
        kinds.push((line, col, t[2], t[3]));
    }
    assert_eq!(
        &kinds[..7],
        [
            (6, 0, 12, 3),
            (6, 17, 12, 3),
            (7, 0, 3, 4),
            (7, 3, 14, 0),
            (7, 17, 1, 4),
            (7, 29, 3, 4),
            (7, 46, 4, 4),
        ],
        "{kinds:?}"
    );

    assert!(client.shutdown_and_exit().success());
}

/// Completion writes a label the way the document's format writes one:
/// indented and ending in a period in a hearing, after the gutter and the
/// colloquy indent with two spaces after the colon in a court transcript.
/// Only what was typed is replaced; the indent and the gutter stay.
#[test]
fn completion_writes_labels_in_the_formats_own_shape() {
    let enc = "utf-16";
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/formats");
    let cases = [
        // (fixture, line to replace, typed line, typed label, item, new text)
        (
            "hearing/clean.txt",
            "    Mr. ABERNATHY. Chairman",
            "    Dr. WHI\n    Mr. ABERNATHY. Chairman",
            "Dr. WHI",
            "Dr. WHITMORE",
            "Dr. WHITMORE. ",
        ),
        (
            "court/clean.txt",
            "12             THE COURT:  Good morning.\n",
            "12             MR. HA\n",
            "MR. HA",
            "MR. HARLAN",
            "MR. HARLAN:  ",
        ),
    ];
    for (fixture, line, typed_line, typed, item, new_text) in cases {
        let clean = std::fs::read_to_string(fixtures.join(fixture)).unwrap();
        assert_eq!(clean.matches(line).count(), 1, "{fixture}: {line:?}");
        let text = clean.replacen(line, typed_line, 1);
        let uri = "file:///tmp/verbatim-test/transcript.txt";
        let mut client = LspClient::spawn();
        client.initialize(&[enc], None, Value::Null);
        client.open(uri, 1, &text);
        client.diagnostics(uri, 1);
        let from = find(&text, typed_line) + typed_line.find(typed).unwrap();
        let at = from + typed.len();
        let c = client.ok(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": position(&text, at, enc)}),
        );
        let found = c
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == item)
            .unwrap_or_else(|| panic!("{fixture}: {item} not offered: {c}"));
        assert_eq!(
            found["textEdit"],
            json!({"range": range(&text, from, at, enc), "newText": new_text}),
            "{fixture}"
        );
        assert!(client.shutdown_and_exit().success());
    }
}

/// The outline of a deposition: a question and an answer are listed by the
/// mark and the speaker each stands for (the examiner of the last `BY`
/// line, the witness of the heading), colloquy by its label.
#[test]
fn outline_names_who_asked_and_who_answered() {
    let enc = "utf-16";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/formats/deposition/clean.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let uri = "file:///tmp/verbatim-test/transcript.txt";
    let mut client = LspClient::spawn();
    client.initialize(&[enc], None, Value::Null);
    client.open(uri, 1, &text);
    client.diagnostics(uri, 1);
    let symbols = client.ok(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    let mut distinct: Vec<&str> = Vec::new();
    for n in &names {
        if !distinct.contains(n) {
            distinct.push(n);
        }
    }
    assert_eq!(
        distinct,
        [
            "Header",
            "THE VIDEOGRAPHER",
            "MR. DUNSMORE",
            "MS. FAIRWEATHER",
            "Q  MR. DUNSMORE",
            "A  DAVID K OSTERGAARD",
            "THE WITNESS",
            // The cross-examination (`BY MS. FAIRWEATHER:`).
            "Q  MS. FAIRWEATHER",
            "THE REPORTER",
        ],
        "{names:?}"
    );
    assert!(client.shutdown_and_exit().success());
}

/// Enter and the line joins that undo it, typed above, between and inside
/// findings: each publish equals what a fresh open of the same text
/// publishes (the findings below an edit keep their kept JSON with
/// their line numbers moved, `server/src/lsp/kept.rs`), in both encodings
/// and with CRLF line endings.
#[test]
fn line_breaks_typed_and_deleted_publish_what_a_fresh_open_does() {
    for (enc, nl) in [("utf-16", "\n"), ("utf-8", "\r\n"), ("utf-16", "\r\n")] {
        let mut client = LspClient::spawn();
        client.initialize(&[enc], None, Value::Null);
        let mut text = BRIEFING.replace('\n', nl);
        client.open(URI, 1, &text);
        client.diagnostics(URI, 1);
        // (where, Enter or take the line break after it back)
        let steps = [
            ("March 3", true),
            ("Welcome, everyone", true),
            ("draft (inaudible", true),
            ("Welcome, everyone", false),
            ("QUESTION: Mr.", true),
            ("March 3", false),
            ("We will see", true),
        ];
        for (version, (needle, enter)) in (2..).zip(steps) {
            let at = find(&text, needle) + needle.len();
            let change = if enter {
                insert_at(&mut text, at, nl, enc)
            } else {
                // The line break right after `needle`'s line is taken back.
                let end = at + text[at..].find(nl).unwrap();
                let change = json!({"range": range(&text, end, end + nl.len(), enc), "text": ""});
                text.replace_range(end..end + nl.len(), "");
                change
            };
            client.change(URI, version, json!([change]));
            let got = client.diagnostics(URI, version);
            let fresh_uri = format!("file:///nowhere/fresh-{version}.txt");
            client.open(&fresh_uri, 1, &text);
            let fresh = client.diagnostics(&fresh_uri, 1);
            // Related information points into the document it came from.
            let fresh: Vec<Value> = serde_json::from_str(
                &serde_json::to_string(&fresh)
                    .unwrap()
                    .replace(&fresh_uri, URI),
            )
            .unwrap();
            assert_eq!(got, fresh, "{enc} {nl:?} after {needle:?} {enter}");
            assert!(!got.is_empty());
        }
        assert!(client.shutdown_and_exit().success());
    }
}
