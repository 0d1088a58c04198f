//! A small LSP client for tests: spawns the real `verbatim server`, speaks
//! JSON-RPC over its stdio with real `Content-Length` framing, answers the
//! server's own requests, and converts positions independently of the
//! server's code so the two can check each other.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Long enough for a debug build on a loaded two-core machine.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages from the server not yet consumed by a `wait_*`.
    backlog: VecDeque<Value>,
    /// `workspace/applyEdit` requests the server sent, in order.
    pub applied_edits: Vec<Value>,
    /// `window/showMessage` notifications, in order.
    pub messages: Vec<Value>,
    /// `client/registerCapability` requests.
    pub registrations: Vec<Value>,
    /// Every request the server sent (all answered), in order.
    pub server_requests: Vec<Value>,
    /// The method of every notification the server sent, in order, whether
    /// or not a `wait_*` consumed it.
    pub notifications: Vec<String>,
}

/// Capabilities of a client that takes pushed diagnostics only.
pub fn push_capabilities() -> Value {
    json!({
        "workspace": {
            "applyEdit": true,
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "configuration": false,
        },
        "textDocument": {
            "publishDiagnostics": {
                "relatedInformation": true,
                "versionSupport": true,
                "codeDescriptionSupport": true,
            },
        },
    })
}

/// Capabilities of a client that pulls diagnostics, as VS Code's and
/// Neovim's do, with or without `workspace/diagnostic/refresh` support.
pub fn pull_capabilities(refresh: bool) -> Value {
    let mut caps = push_capabilities();
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    if refresh {
        caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    }
    caps
}

impl LspClient {
    pub fn spawn() -> LspClient {
        LspClient::spawn_in(None)
    }

    pub fn spawn_in(cwd: Option<&Path>) -> LspClient {
        LspClient::spawn_with(cwd, "verbatim=debug", Stdio::null())
    }

    /// A server that logs at `log` level to `stderr`.
    pub fn spawn_with(cwd: Option<&Path>, log: &str, stderr: Stdio) -> LspClient {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_verbatim"));
        cmd.arg("server")
            .env("VERBATIM_LSP_DEBUG", "1")
            .env("VERBATIM_LOG", log)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr);
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().expect("spawn verbatim server");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let msg: Value = serde_json::from_slice(&body).expect("server sent valid JSON");
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        LspClient {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: VecDeque::new(),
            applied_edits: Vec::new(),
            messages: Vec::new(),
            registrations: Vec::new(),
            server_requests: Vec::new(),
            notifications: Vec::new(),
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        stdin.flush().unwrap();
    }

    /// Writes `bytes` to the server's stdin as they are: no framing added.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Next message from the server, answering its requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Value {
        loop {
            if let Some(msg) = self.next_any(deadline) {
                return msg;
            }
        }
    }

    /// The next message from the server: `None` when it was a request from
    /// the server (answered, and kept in `server_requests`).
    fn next_any(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = match self.rx.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for the server"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its stdout"),
        };
        if msg.get("method").is_some() && msg.get("id").is_some() {
            self.answer(&msg);
            self.server_requests.push(msg);
            return None;
        }
        if let Some(method) = msg["method"].as_str() {
            self.notifications.push(method.to_string());
        }
        if msg["method"] == "window/showMessage" {
            self.messages.push(msg["params"].clone());
        }
        Some(msg)
    }

    /// Waits for the server to send a request with this method (answered
    /// with `null` unless `answer` knows better), keeping other messages.
    pub fn wait_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self
                .server_requests
                .iter()
                .position(|r| r["method"] == method)
            {
                return self.server_requests.remove(i);
            }
            if let Some(msg) = self.next_any(deadline) {
                self.backlog.push_back(msg);
            }
        }
    }

    /// How many notifications with this method the server has sent so far.
    pub fn count_notifications(&self, method: &str) -> usize {
        self.notifications.iter().filter(|m| *m == method).count()
    }

    fn answer(&mut self, req: &Value) {
        let result = match req["method"].as_str().unwrap() {
            "workspace/applyEdit" => {
                self.applied_edits.push(req["params"].clone());
                json!({"applied": true})
            }
            "client/registerCapability" => {
                self.registrations.push(req["params"].clone());
                Value::Null
            }
            _ => Value::Null,
        };
        let id = req["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Waits for the first message matching `pred`, keeping the others.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}");
            }
            let msg = self.next_message(deadline);
            if pred(&msg) {
                return msg;
            }
            self.backlog.push_back(msg);
        }
    }

    /// Sends a request and waits for its response: `Ok(result)` or
    /// `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        let resp = self.wait_for(&format!("response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        match resp.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(resp["result"].clone()),
        }
    }

    pub fn ok(&mut self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// Initializes as a client that takes pushed diagnostics only, with the
    /// given position encodings, and sends `initialized`.
    pub fn initialize(&mut self, encodings: &[&str], root: Option<&Path>, options: Value) -> Value {
        self.initialize_with(encodings, root, options, push_capabilities())
    }

    /// Initializes with the given position encodings and client
    /// capabilities (`general.positionEncodings` is filled in), and sends
    /// `initialized`.
    pub fn initialize_with(
        &mut self,
        encodings: &[&str],
        root: Option<&Path>,
        options: Value,
        mut capabilities: Value,
    ) -> Value {
        let root_uri = root.map(file_uri);
        let folders = root_uri
            .as_ref()
            .map(|u| json!([{"uri": u, "name": "root"}]))
            .unwrap_or(Value::Null);
        capabilities["general"] = json!({"positionEncodings": encodings});
        let result = self.ok(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "initializationOptions": options,
                "capabilities": capabilities,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, version: i32, text: &str) {
        self.open_as(uri, "transcript", version, text);
    }

    /// Opens a document in the language `language_id` (`plaintext`, as VS
    /// Code names a `.txt` file; `text`, as Neovim does).
    pub fn open_as(&mut self, uri: &str, language_id: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The diagnostics published for `uri` at exactly `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let msg = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        assert_eq!(self.ok("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// After `exit`: every message not yet consumed, including those the
    /// server wrote up to closing its stdout.
    pub fn rest(&mut self) -> Vec<Value> {
        let mut out: Vec<Value> = self.backlog.drain(..).collect();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => out.push(m),
                Err(RecvTimeoutError::Disconnected) => return out,
                Err(RecvTimeoutError::Timeout) => panic!("the server kept its stdout open"),
            }
        }
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        self.stdin = None;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn file_uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    for b in path.to_str().expect("utf-8 path").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Units of `s` in an LSP position encoding.
pub fn units(s: &str, encoding: &str) -> usize {
    match encoding {
        "utf-8" => s.len(),
        "utf-16" => s.encode_utf16().count(),
        "utf-32" => s.chars().count(),
        other => panic!("unknown encoding {other}"),
    }
}

/// Start offsets of each line (LSP terminators: `\n`, `\r\n`, `\r`) and the
/// end of each line's content.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// The LSP position of byte `offset` in `text`.
pub fn position(text: &str, offset: usize, encoding: &str) -> Value {
    let ls = lines(text);
    let line = ls.iter().rposition(|(s, _)| *s <= offset).unwrap();
    let (start, end) = ls[line];
    let col = units(&text[start..offset.min(end)], encoding);
    json!({"line": line, "character": col})
}

pub fn range(text: &str, start: usize, end: usize, encoding: &str) -> Value {
    json!({"start": position(text, start, encoding), "end": position(text, end, encoding)})
}

/// The byte offset of an LSP position (no clamping: tests send valid ones).
pub fn offset(text: &str, pos: &Value, encoding: &str) -> usize {
    let ls = lines(text);
    let (start, end) = ls[pos["line"].as_u64().unwrap() as usize];
    let want = pos["character"].as_u64().unwrap() as usize;
    let line = &text[start..end];
    let mut at = 0;
    for (i, c) in line.char_indices() {
        if units(&line[..i], encoding) >= want {
            return start + i;
        }
        at = i + c.len_utf8();
    }
    assert_eq!(units(line, encoding), want, "position past the line end");
    start + at
}

/// Applies LSP `TextEdit`s (non-overlapping, any order) to `text`.
pub fn apply_text_edits(text: &str, edits: &[Value], encoding: &str) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], encoding),
                offset(text, &e["range"]["end"], encoding),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// The edits a `WorkspaceEdit` makes to `uri`.
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    edit["changes"][uri].as_array().cloned().unwrap_or_default()
}
