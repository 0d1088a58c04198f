//! `verbatim-bench`: measures what an editor feels from a language server.
//!
//! ```text
//! verbatim-bench generate --size 35000 > doc.txt
//! verbatim-bench run --doc doc.txt --edits 400 -- target/release/verbatim server
//! ```
//!
//! `run` drives any stdio language server given as a command line. It
//! initializes it, opens the document, then makes single-character
//! incremental edits at spread-out positions (insert a character, then delete
//! it), timing each from the moment the `didChange` is written to the moment
//! the `publishDiagnostics` for that version arrives. It reports p50, p90,
//! p99 and max latency, the time to first diagnostics, and peak RSS.
//!
//! Each edit lands `--column` characters into its line (5 by default): in
//! a briefing that is inside most lines' speaker label, the costliest place
//! to type; `--column 40` types in the spoken text instead.
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
        "usage:\n  verbatim-bench generate --size BYTES [--seed N]\n  verbatim-bench run --doc FILE [--edits K] [--column C] [--encoding utf-16|utf-8] [--json] -- SERVER [ARGS...]"
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
            print!("{}", generate::transcript(size, seed));
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
            let options = lsp::RunOptions {
                doc: PathBuf::from(doc),
                edits: flag("--edits").and_then(|s| s.parse().ok()).unwrap_or(200),
                column: flag("--column").and_then(|s| s.parse().ok()).unwrap_or(5),
                encoding: flag("--encoding").unwrap_or_else(|| "utf-16".into()),
                timeout: Duration::from_secs(30),
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
