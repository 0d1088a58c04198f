//! `verbatim-bench`: measures what an editor feels from a language server.
//!
//! ```text
//! verbatim-bench generate --size 35000 > doc.txt
//! verbatim-bench run --doc doc.txt --edits 400 -- target/release/verbatim server
//! verbatim-bench generate --size 180k --findings-per-kb 16 --double-space > messy.txt
//! verbatim-bench run --doc messy.txt --init-options '{"extendSelect":["double-space"]}' -- target/release/verbatim server
//! ```
//!
//! `generate --findings-per-kb D` plants about D findings per 1,000 bytes
//! (see `generate.rs`) and prints how many of each rule to stderr.
//!
//! `run` drives any stdio language server given as a command line. It
//! initializes it, opens the document, then makes single-character
//! incremental edits at spread-out positions (insert a character, then delete
//! it), timing each from the moment the `didChange` is written to the moment
//! the `publishDiagnostics` for that version arrives. It reports p50, p90,
//! p99 and max latency, the time to first diagnostics, and peak RSS.
//!
//! `--requests N` then times N hovers (at the start of spread-out lines)
//! and N `documentSymbol` requests, one at a time, on the quiet document.
//!
//! Each edit lands `--column` characters into its line (5 by default): in
//! a briefing that is inside most lines' speaker label, the costliest place
//! to type; `--column 40` types in the spoken text instead.
//!
//! `--enter` types a line break (and deletes it) instead of a letter:
//! every line after it moves.
//!
//! `--timeout S` is how long to wait for any one answer (30 s by default;
//! under valgrind a 21 MB document needs longer).
//!
//! It speaks JSON-RPC over stdio by hand (framing is a dozen lines) so that it
//! depends on nothing but `serde_json` and can measure any server.

mod generate;
mod lsp;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

fn usage() -> ExitCode {
    eprintln!(
        "usage:\n  verbatim-bench generate --size BYTES [--seed N] [--findings-per-kb D] [--double-space]\n  verbatim-bench run --doc FILE [--edits K] [--column C] [--enter] [--encoding utf-16|utf-8] [--init-options JSON] [--requests N] [--timeout S] [--json] -- SERVER [ARGS...]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        return usage();
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    match command.as_str() {
        "generate" => {
            let Some(size) = flag("--size").and_then(|s| parse_size(&s)) else {
                return usage();
            };
            let seed = flag("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
            let per_kb = match flag("--findings-per-kb").map(|s| s.parse::<f64>()) {
                None => 0.0,
                Some(Ok(d)) if d >= 0.0 => d,
                Some(_) => return usage(),
            };
            let findings = generate::Findings {
                per_kb,
                double_space: args.iter().any(|a| a == "--double-space"),
            };
            let generated = generate::generate(size, seed, findings);
            print!("{}", generated.text);
            if per_kb > 0.0 {
                let total: usize = generated.planted.iter().sum();
                let each: Vec<String> = generate::PLANTED_RULES
                    .iter()
                    .zip(generated.planted)
                    .filter(|(_, n)| *n > 0)
                    .map(|(rule, n)| format!("{n} {rule}"))
                    .collect();
                eprintln!("planted {total} findings: {}", each.join(", "));
            }
            ExitCode::SUCCESS
        }
        "run" => {
            let Some(split) = args.iter().position(|a| a == "--") else {
                return usage();
            };
            let server: Vec<String> = args[split + 1..].to_vec();
            let (Some(doc), false) = (flag("--doc"), server.is_empty()) else {
                return usage();
            };
            let init_options = match flag("--init-options").map(|s| serde_json::from_str(&s)) {
                None => serde_json::Value::Null,
                Some(Ok(v)) => v,
                Some(Err(e)) => {
                    eprintln!("verbatim-bench: --init-options is not JSON: {e}");
                    return usage();
                }
            };
            let options = lsp::RunOptions {
                doc: PathBuf::from(doc),
                edits: flag("--edits").and_then(|s| s.parse().ok()).unwrap_or(200),
                column: flag("--column").and_then(|s| s.parse().ok()).unwrap_or(5),
                enter: args.iter().any(|a| a == "--enter"),
                encoding: flag("--encoding").unwrap_or_else(|| "utf-16".into()),
                init_options,
                timeout: Duration::from_secs(
                    flag("--timeout").and_then(|s| s.parse().ok()).unwrap_or(30),
                ),
                requests: flag("--requests").and_then(|s| s.parse().ok()).unwrap_or(0),
            };
            match lsp::run(&server, &options) {
                Ok(report) => {
                    if args.iter().any(|a| a == "--json") {
                        println!("{}", report.to_json());
                    } else {
                        print!("{report}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("verbatim-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => usage(),
    }
}

/// `35000`, `35k`, `3.5m`, `3.5MB`.
fn parse_size(s: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let lower = lower.trim_end_matches('b');
    let (number, factor) = match lower.chars().last()? {
        'k' => (&lower[..lower.len() - 1], 1_000.0),
        'm' => (&lower[..lower.len() - 1], 1_000_000.0),
        _ => (lower, 1.0),
    };
    let value: f64 = number.parse().ok()?;
    Some((value * factor) as usize)
}
