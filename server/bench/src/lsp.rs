//! Driving a stdio language server and timing its diagnostics.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct RunOptions {
    pub edits: usize,
    /// How many characters into its line each edit lands.
    pub column: usize,
    /// Type Enter (a line break) and take it back, rather than a letter.
    pub enter: bool,
    pub doc: PathBuf,
    pub encoding: String,
    /// Sent as `initializationOptions` (rule selection, for one).
    pub init_options: Value,
    pub timeout: Duration,
    /// How many hovers and how many document-symbol requests to time once
    /// the edits are done.
    pub requests: usize,
}

/// The response times of one kind of request.
#[derive(Default)]
pub struct Requests {
    pub method: &'static str,
    pub times: Vec<Duration>,
    /// The size of the last response's body in bytes.
    pub bytes: usize,
}

pub struct Report {
    pub bytes: usize,
    pub first_diagnostics: Duration,
    pub latencies: Vec<Duration>,
    pub peak_rss_kb: Option<u64>,
    /// The share of the machine's CPU time the hypervisor gave to other
    /// guests while the edits ran, when the system reports it.
    pub steal: Option<f64>,
    /// The last `publishDiagnostics`: its diagnostics, and the size of its
    /// body in bytes, which every keystroke pays to build, write and read.
    pub last_publish: (usize, usize),
    /// For each keystroke, how long its publish took to cross the pipe:
    /// from its header to its last byte, as read.
    pub transfers: Vec<Duration>,
    /// Hover and document symbols, timed after the edits.
    pub requests: Vec<Requests>,
}

/// The machine's CPU time so far, from `/proc/stat`: (stolen, all), in
/// clock ticks. On a shared virtual machine a run's tail latencies follow
/// the time stolen from it, so a report says how much was.
fn cpu_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    Some((*fields.get(7)?, fields.iter().sum()))
}

fn percentile(times: &[Duration], p: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Report {
    fn percentile(&self, p: f64) -> Duration {
        percentile(&self.latencies, p)
    }

    pub fn to_json(&self) -> Value {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        json!({
            "bytes": self.bytes,
            "edits": self.latencies.len(),
            "first_diagnostics_ms": ms(self.first_diagnostics),
            "p50_ms": ms(self.percentile(50.0)),
            "p90_ms": ms(self.percentile(90.0)),
            "p99_ms": ms(self.percentile(99.0)),
            "max_ms": ms(self.percentile(100.0)),
            // Each keystroke in the order typed: which edit was slow.
            "latencies_ms": self.latencies.iter().map(|&d| ms(d)).collect::<Vec<_>>(),
            "peak_rss_mb": self.peak_rss_kb.map(|kb| kb as f64 / 1024.0),
            "steal_percent": self.steal.map(|s| s * 100.0),
            "last_publish_diagnostics": self.last_publish.0,
            "last_publish_bytes": self.last_publish.1,
            "transfer_p50_ms": ms(percentile(&self.transfers, 50.0)),
            "transfer_max_ms": ms(percentile(&self.transfers, 100.0)),
            "transfers_ms": self.transfers.iter().map(|&d| ms(d)).collect::<Vec<_>>(),
            "requests": self.requests.iter().map(|r| json!({
                "method": r.method,
                "count": r.times.len(),
                "p50_ms": ms(percentile(&r.times, 50.0)),
                "max_ms": ms(percentile(&r.times, 100.0)),
                "times_ms": r.times.iter().map(|&d| ms(d)).collect::<Vec<_>>(),
                "last_response_bytes": r.bytes,
            })).collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(f, "document:          {} bytes", self.bytes)?;
        writeln!(f, "edits timed:       {}", self.latencies.len())?;
        writeln!(f, "first diagnostics: {:.2} ms", ms(self.first_diagnostics))?;
        writeln!(
            f,
            "edit -> publish:   p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            ms(self.percentile(50.0)),
            ms(self.percentile(90.0)),
            ms(self.percentile(99.0)),
            ms(self.percentile(100.0))
        )?;
        match self.peak_rss_kb {
            Some(kb) => writeln!(f, "peak RSS:          {:.1} MB", kb as f64 / 1024.0),
            None => writeln!(f, "peak RSS:          unknown"),
        }?;
        let (n, bytes) = self.last_publish;
        writeln!(f, "last publish:      {n} diagnostics, {bytes} bytes")?;
        if !self.transfers.is_empty() {
            writeln!(
                f,
                "through the pipe:  p50 {:.3} ms  max {:.3} ms (header to last byte)",
                ms(percentile(&self.transfers, 50.0)),
                ms(percentile(&self.transfers, 100.0))
            )?;
        }
        for r in &self.requests {
            writeln!(
                f,
                "{:<19}{} timed: p50 {:.3} ms  max {:.3} ms  (last response {} bytes)",
                format!("{}:", r.method),
                r.times.len(),
                ms(percentile(&r.times, 50.0)),
                ms(percentile(&r.times, 100.0)),
                r.bytes
            )?;
        }
        if let Some(steal) = self.steal {
            writeln!(
                f,
                "CPU stolen:        {:.1}% (by other guests of the machine)",
                steal * 100.0
            )?;
        }
        Ok(())
    }
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<(Instant, Value, usize, Duration)>,
    /// How long the last message received took to cross the pipe.
    last_transfer: Duration,
    next_id: i64,
    timeout: Duration,
}

impl Server {
    fn spawn(command: &[String], timeout: Duration) -> Result<Server, String> {
        let mut child = Command::new(&command[0])
            .args(&command[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {:?}: {e}", command[0]))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, incoming) = mpsc::channel();
        // A reader thread stamps each message the moment its last byte is
        // read, so the measurement includes neither time spent in the main
        // loop nor the harness's own parse of a large message.
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut body = Vec::new();
            while let Some(read) = read_message(&mut reader, &mut body) {
                if tx.send(read).is_err() {
                    break;
                }
            }
        });
        Ok(Server {
            child,
            stdin,
            incoming,
            last_transfer: Duration::ZERO,
            next_id: 1,
            timeout,
        })
    }

    fn send(&mut self, message: &Value) -> Result<Instant, String> {
        let body = serde_json::to_vec(message).expect("serializable");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        let sent = Instant::now();
        self.stdin
            .write_all(&framed)
            .and_then(|_| self.stdin.flush())
            .map_err(|e| format!("server closed its input: {e}"))?;
        Ok(sent)
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<Instant, String> {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.timed_request(method, params)
            .map(|(_, message, _)| message)
    }

    /// Sends a request and waits for its response: how long that took, the
    /// response, and the size of its body in bytes.
    fn timed_request(
        &mut self,
        method: &str,
        params: Value,
    ) -> Result<(Duration, Value, usize), String> {
        let id = self.next_id;
        self.next_id += 1;
        let sent =
            self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        loop {
            let (at, message, len) = self.receive()?;
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return Ok((at - sent, message, len));
            }
        }
    }

    /// The next message, answering any request the server makes of us
    /// (configuration, capability registration) with an empty result.
    fn receive(&mut self) -> Result<(Instant, Value, usize), String> {
        loop {
            let (at, message, len, transfer) = self
                .incoming
                .recv_timeout(self.timeout)
                .map_err(|_| "timed out waiting for the server".to_string())?;
            self.last_transfer = transfer;
            if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                let result = if method == "workspace/configuration" {
                    let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![Value::Null; items])
                } else {
                    Value::Null
                };
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))?;
                continue;
            }
            return Ok((at, message, len));
        }
    }

    /// Waits for `publishDiagnostics` for `uri` at `version` (or later):
    /// when it arrived, how many diagnostics it has, and its size in bytes.
    fn wait_diagnostics(
        &mut self,
        uri: &str,
        version: i64,
    ) -> Result<(Instant, (usize, usize)), String> {
        loop {
            let (at, message, len) = self.receive()?;
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                let count = message["params"]["diagnostics"]
                    .as_array()
                    .map_or(0, Vec::len);
                match message["params"]["version"].as_i64() {
                    Some(v) if v >= version => return Ok((at, (count, len))),
                    // A server that publishes without versions cannot be
                    // told apart from a stale publish: take it.
                    None => return Ok((at, (count, len))),
                    _ => {}
                }
            }
        }
    }

    fn peak_rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }
}

/// The next message: when it was read, the message, the size of its body
/// in bytes, and how long it took from the end of its header to its last
/// byte. `body` is the buffer it is read into, kept from message to
/// message: a fresh one the size of a large publish, allocated after the
/// header was read, made the allocator gather up the thousands of small
/// blocks the last message's parse had freed, a millisecond that was
/// counted as the server's.
fn read_message(
    reader: &mut impl BufRead,
    body: &mut Vec<u8>,
) -> Option<(Instant, Value, usize, Duration)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok();
        }
    }
    let header_read = Instant::now();
    body.resize(length?, 0);
    reader.read_exact(body).ok()?;
    let at = Instant::now();
    let value = serde_json::from_slice(body).ok()?;
    Some((at, value, body.len(), at - header_read))
}

/// Width of `s` in the negotiated position encoding.
fn width(s: &str, encoding: &str) -> usize {
    match encoding {
        "utf-8" => s.len(),
        "utf-32" => s.chars().count(),
        _ => s.encode_utf16().count(),
    }
}

pub fn run(command: &[String], options: &RunOptions) -> Result<Report, String> {
    let text = std::fs::read_to_string(&options.doc)
        .map_err(|e| format!("cannot read {}: {e}", options.doc.display()))?;
    let path = std::fs::canonicalize(&options.doc).map_err(|e| e.to_string())?;
    let uri = format!("file://{}", path.display());
    let mut server = Server::spawn(command, options.timeout)?;

    let init = server.request(
        "initialize",
        json!({
            "processId": std::process::id(),
            "rootUri": null,
            "initializationOptions": options.init_options,
            "capabilities": {
                "general": {"positionEncodings": [options.encoding]},
                // What VS Code shows of a diagnostic: all of it, the
                // largest publish a client is sent (Neovim is sent less).
                "textDocument": {"publishDiagnostics": {
                    "versionSupport": true,
                    "relatedInformation": true,
                    "codeDescriptionSupport": true,
                    "dataSupport": true
                }}
            }
        }),
    )?;
    let encoding = init["result"]["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap_or("utf-16")
        .to_string();
    server.notify("initialized", json!({}))?;

    let opened = server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "transcript", "version": 1, "text": text}}),
    )?;
    let (first, mut last_publish) = server.wait_diagnostics(&uri, 1)?;
    let first_diagnostics = first - opened;

    // Spread edits over the document: line i * stride, `column` characters
    // in, on lines of more than `column + 3` bytes (more than 8 by default,
    // as the numbers in BENCHMARKS.md were taken).
    let lines: Vec<&str> = text.split('\n').collect();
    let column = options.column;
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].len() > column + 3)
        .collect();
    if candidates.is_empty() {
        return Err("the document has no line long enough to edit".into());
    }
    let mut latencies = Vec::with_capacity(options.edits * 2);
    let mut transfers = Vec::with_capacity(options.edits * 2);
    let ticks_before = cpu_ticks();
    let mut version = 1;
    for i in 0..options.edits {
        let line = candidates[(i * 7919) % candidates.len()];
        let prefix: String = lines[line].chars().take(column).collect();
        let character = width(&prefix, &encoding);
        let at = json!({"line": line, "character": character});
        // Taking the character back: the letter, or the line break, which
        // ends at the start of the next line.
        let (typed, after) = if options.enter {
            ("\n", json!({"line": line + 1, "character": 0}))
        } else {
            ("x", json!({"line": line, "character": character + 1}))
        };
        for (range, new_text) in [
            (json!({"start": at, "end": at}), typed),
            (json!({"start": at, "end": after}), ""),
        ] {
            version += 1;
            let sent = server.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": range, "text": new_text}]
                }),
            )?;
            let (published, publish) = server.wait_diagnostics(&uri, version)?;
            latencies.push(published - sent);
            transfers.push(server.last_transfer);
            last_publish = publish;
        }
    }
    // Requests on the quiet document, each answered before the next is
    // sent: hovers at the start of spread-out lines (a speaker label in
    // most), then the outline of the whole document.
    let mut hover = Requests {
        method: "hover",
        ..Requests::default()
    };
    let mut symbols = Requests {
        method: "documentSymbol",
        ..Requests::default()
    };
    for i in 0..options.requests {
        let line = candidates[(i * 7907 + 13) % candidates.len()];
        let (took, _, len) = server.timed_request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}}),
        )?;
        hover.times.push(took);
        hover.bytes = len;
    }
    for _ in 0..options.requests {
        let (took, _, len) = server.timed_request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )?;
        symbols.times.push(took);
        symbols.bytes = len;
    }
    let requests = if options.requests > 0 {
        vec![hover, symbols]
    } else {
        Vec::new()
    };
    let peak_rss_kb = server.peak_rss_kb();
    let steal = match (ticks_before, cpu_ticks()) {
        (Some((s0, t0)), Some((s1, t1))) if t1 > t0 => Some((s1 - s0) as f64 / (t1 - t0) as f64),
        _ => None,
    };
    let _ = server.request("shutdown", Value::Null);
    let _ = server.notify("exit", Value::Null);
    let _ = server.child.wait();
    Ok(Report {
        bytes: text.len(),
        first_diagnostics,
        latencies,
        peak_rss_kb,
        steal,
        last_publish,
        transfers,
        requests,
    })
}
