//! Pull or push, never both: the server decides from the client's
//! capabilities. A client that announces pull diagnostics gets pulls only
//! (and `workspace/diagnostic/refresh` after a configuration change, when it
//! handles it); any other client gets `publishDiagnostics` only. Driven over
//! real stdio against the real binary.
//!
//! "Nothing was pushed" is checked after a request round trip: the server
//! writes its messages in order, so a publish it had sent before answering
//! would have been read before the answer.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{file_uri, pull_capabilities, range, LspClient};
use serde_json::{json, Value};

const PUBLISH: &str = "textDocument/publishDiagnostics";
const REFRESH: &str = "workspace/diagnostic/refresh";

const TEXT: &str = "MODERATOR: Welcome, everyone.\n\
\n\
MR ROBINSON: We discussed the draft (inaudible adopting the resolution.\n\
\n\
QUESTION: What about the schedule?\n";

fn by_rule<'a>(items: &'a Value, rule: &str) -> Vec<&'a Value> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {items}"))
        .iter()
        .filter(|d| d["code"] == rule)
        .collect()
}

fn find(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
}

fn pull(client: &mut LspClient, uri: &str, previous: Option<&Value>) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}});
    if let Some(id) = previous {
        params["previousResultId"] = id.clone();
    }
    client.ok("textDocument/diagnostic", params)
}

/// A full report whose `unclosed-marker` findings are exactly one, at
/// `(inaudible` or `(crosstalk` starting at byte `at` of `text`.
fn assert_one_unclosed_at(report: &Value, text: &str, at: usize, len: usize) {
    assert_eq!(report["kind"], "full", "{report:#}");
    let unclosed = by_rule(&report["items"], "unclosed-marker");
    assert_eq!(unclosed.len(), 1, "{report:#}");
    assert_eq!(unclosed[0]["range"], range(text, at, at + len, "utf-16"));
}

fn project() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let doc = root.join("briefing.txt");
    std::fs::write(&doc, TEXT).unwrap();
    let uri = file_uri(&doc);
    (dir, root, uri)
}

#[test]
fn a_pull_client_is_never_pushed_and_pulls_the_latest_version() {
    let (_dir, root, uri) = project();
    let mut client = LspClient::spawn_in(Some(&root));
    let init = client.initialize_with(
        &["utf-16"],
        Some(&root),
        Value::Null,
        pull_capabilities(true),
    );
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["identifier"], "verbatim", "{init:#}");
    assert_eq!(provider["interFileDependencies"], false);
    assert_eq!(provider["workspaceDiagnostics"], false);

    // Pulled straight after the open: the opened text's findings.
    let mut text = TEXT.to_string();
    client.open(&uri, 1, &text);
    let r1 = pull(&mut client, &uri, None);
    assert_one_unclosed_at(&r1, &text, find(&text, "(inaudible"), "(inaudible".len());
    let id1 = r1["resultId"].clone();
    assert!(id1.is_string(), "{r1:#}");
    let again = pull(&mut client, &uri, Some(&id1));
    assert_eq!(again["kind"], "unchanged", "{again:#}");
    assert_eq!(again["resultId"], id1);

    // Edits, then a pull with no wait: it answers for the last version. v2
    // closes the marker, v3 opens another one further down.
    let at = find(&text, "(inaudible") + "(inaudible".len();
    let close = json!({"range": range(&text, at, at, "utf-16"), "text": ")"});
    text.insert(at, ')');
    client.change(&uri, 2, json!([close]));
    let end = text.len();
    let added = "\nMR ROBINSON: (crosstalk Yes.\n";
    let open = json!({"range": range(&text, end, end, "utf-16"), "text": added});
    text.push_str(added);
    client.change(&uri, 3, json!([open]));
    let r3 = pull(&mut client, &uri, Some(&id1));
    assert_one_unclosed_at(&r3, &text, find(&text, "(crosstalk"), "(crosstalk".len());
    let id3 = r3["resultId"].clone();
    assert_ne!(id3, id1);
    assert_eq!(pull(&mut client, &uri, Some(&id3))["kind"], "unchanged");

    // A verbatim.toml appears: the client is asked to pull again, and the
    // pull reflects it.
    let config = root.join("verbatim.toml");
    std::fs::write(&config, "ignore = [\"unclosed-marker\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 1}]}),
    );
    client.wait_request(REFRESH);
    let r = pull(&mut client, &uri, Some(&id3));
    assert_eq!(r["kind"], "full", "{r:#}");
    assert!(by_rule(&r["items"], "unclosed-marker").is_empty(), "{r:#}");
    let id = r["resultId"].clone();

    // Editor settings change: another refresh, another revision.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"verbatim": {"severity": {"repeated-word": "error"}}}}),
    );
    client.wait_request(REFRESH);
    let r = pull(&mut client, &uri, Some(&id));
    assert_eq!(r["kind"], "full", "{r:#}");
    let id = r["resultId"].clone();

    // Adding a known name rewrites verbatim.toml: one more refresh.
    client.ok(
        "workspace/executeCommand",
        json!({"command": "verbatim.addKnownName", "arguments": [{"uri": uri, "name": "Robin"}]}),
    );
    client.wait_request(REFRESH);
    let r = pull(&mut client, &uri, Some(&id));
    assert_eq!(r["kind"], "full", "{r:#}");
    let id = r["resultId"].clone();

    // Closed and reopened: a new revision, so the old result id is stale.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    client.open(&uri, 1, &text);
    let r = pull(&mut client, &uri, Some(&id));
    assert_eq!(r["kind"], "full", "{r:#}");

    // The last pull was answered after everything the server sent for the
    // messages before it: not one publish among them.
    assert_eq!(
        client.count_notifications(PUBLISH),
        0,
        "{:?}",
        client.notifications
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_pull_client_without_refresh_support_is_sent_nothing_and_pulls_the_new_config() {
    let (_dir, root, uri) = project();
    let mut client = LspClient::spawn_in(Some(&root));
    client.initialize_with(
        &["utf-16"],
        Some(&root),
        Value::Null,
        pull_capabilities(false),
    );
    client.open(&uri, 1, TEXT);
    let r = pull(&mut client, &uri, None);
    let at = find(TEXT, "(inaudible");
    assert_one_unclosed_at(&r, TEXT, at, "(inaudible".len());
    let id = r["resultId"].clone();

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"verbatim": {"ignore": ["unclosed-marker"]}}}),
    );
    // No refresh to wait for: the next pull (which a client makes after its
    // next edit) already has the new configuration's findings.
    let r = pull(&mut client, &uri, Some(&id));
    assert_eq!(r["kind"], "full", "{r:#}");
    assert!(by_rule(&r["items"], "unclosed-marker").is_empty(), "{r:#}");

    // A round trip after the pull, then: nothing pushed, nothing requested.
    client.ok("verbatim/debug/document", json!({"uri": uri}));
    assert_eq!(
        client.count_notifications(PUBLISH),
        0,
        "{:?}",
        client.notifications
    );
    let asked: Vec<&Value> = client
        .server_requests
        .iter()
        .filter(|r| r["method"] == REFRESH)
        .collect();
    assert!(asked.is_empty(), "{asked:?}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_push_client_is_offered_no_pulls_and_gets_publishes() {
    let (_dir, root, uri) = project();
    let mut client = LspClient::spawn_in(Some(&root));
    let init = client.initialize(&["utf-16"], Some(&root), Value::Null);
    let caps = &init["capabilities"];
    assert!(caps.get("diagnosticProvider").is_none(), "{caps:#}");

    let mut text = TEXT.to_string();
    client.open(&uri, 1, &text);
    let v1 = json!(client.diagnostics(&uri, 1));
    let at = find(&text, "(inaudible");
    assert_eq!(by_rule(&v1, "unclosed-marker").len(), 1, "{v1:#}");

    let end = text.len();
    let added = "\nMR ROBINSON: (crosstalk Yes.\n";
    client.change(
        &uri,
        2,
        json!([{"range": range(&text, end, end, "utf-16"), "text": added}]),
    );
    text.push_str(added);
    let v2 = json!(client.diagnostics(&uri, 2));
    let unclosed = by_rule(&v2, "unclosed-marker");
    assert_eq!(unclosed.len(), 2, "{v2:#}");
    assert_eq!(
        unclosed[0]["range"],
        range(&text, at, at + "(inaudible".len(), "utf-16")
    );

    // A config change republishes the same version with the new findings.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"verbatim": {"ignore": ["unclosed-marker"]}}}),
    );
    client.wait_for("a republish without unclosed-marker", |m| {
        m["method"] == PUBLISH
            && m["params"]["uri"] == uri
            && m["params"]["version"] == 2
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["code"] != "unclosed-marker")
    });

    // The watcher registration is the only one: no pull diagnostics, and no
    // refresh request either.
    client.wait_request("client/registerCapability");
    client.ok("verbatim/debug/document", json!({"uri": uri}));
    let methods: Vec<&Value> = client
        .registrations
        .iter()
        .flat_map(|r| r["registrations"].as_array().unwrap())
        .map(|r| &r["method"])
        .collect();
    assert_eq!(methods, [&json!("workspace/didChangeWatchedFiles")]);
    assert!(
        client
            .server_requests
            .iter()
            .all(|r| r["method"] != REFRESH),
        "{:?}",
        client.server_requests
    );
    assert!(client.shutdown_and_exit().success());
}
