//! Times single-character edits through [`verbatim_core::Analysis`]:
//! `cargo run --release -p verbatim-core --example incremental_timing --
//! FILE [EDITS] [COLUMN] [TOML]`, with `ROUNDS=N` in the environment to
//! list each edit.
//!
//! Like an editor, and like `verbatim-bench run`: at EDITS spread-out
//! lines (every 7919th of the lines longer than COLUMN + 3 bytes), type a
//! character COLUMN characters in (5 by default), lint, delete it, lint.
//! Reports the first analysis, and p50/p90/p99/max of the per-edit cost
//! (edit + diagnostics), with the text kept as a `String` the way a front
//! end hands it over. Checks the last result against a fresh lint. TOML is
//! a `verbatim.toml`'s text (`extend-select = ["double-space"]`).
//!
//! With `ROUNDS=N` the edits are made N times over, and each is listed
//! with its fastest insert and its fastest delete, in microseconds, and the
//! start of its line: on a shared machine the fastest of several rounds
//! says what an edit costs better than any one run, and which edits run
//! which rules again is what tells them apart.
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: incremental_timing FILE [EDITS] [COLUMN] [TOML]");
    let edits: usize = args
        .next()
        .map_or(200, |n| n.parse().expect("EDITS is a number"));
    let column: usize = args
        .next()
        .map_or(5, |n| n.parse().expect("COLUMN is a number"));
    let toml = args.next().unwrap_or_default();
    let rounds: Option<usize> = std::env::var("ROUNDS")
        .ok()
        .map(|r| r.parse().expect("ROUNDS is a number"));
    let mut text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config =
        verbatim_core::Config::from_toml(&toml, None).expect("TOML is a verbatim.toml's text");

    let t = Instant::now();
    let mut analysis = verbatim_core::Analysis::new(&text, &config);
    let first = analysis.diagnostics(&text, &config);
    let open = t.elapsed();

    let mut times: Vec<Duration> = Vec::with_capacity(edits * 2);
    let mut found = first.len();
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let long: Vec<usize> = (0..starts.len())
        .filter(|&i| {
            let end = starts.get(i + 1).map_or(text.len() + 1, |&e| e) - 1;
            end - starts[i] > column + 3
        })
        .collect();
    // Per edit, the fastest insert and the fastest delete.
    let mut best = vec![[Duration::MAX; 2]; edits];
    for _ in 0..rounds.unwrap_or(1) {
        for (k, best) in best.iter_mut().enumerate() {
            let line = starts[long[(k * 7919) % long.len()]];
            let at = line
                + text[line..]
                    .char_indices()
                    .nth(column)
                    .map_or(0, |(i, _)| i);
            for (j, insert) in [true, false].into_iter().enumerate() {
                let t = Instant::now();
                if insert {
                    text.insert(at, 'x');
                    analysis.edit(at..at, 1);
                } else {
                    text.remove(at);
                    analysis.edit(at..at + 1, 0);
                }
                found = analysis.diagnostics(&text, &config).len();
                let took = t.elapsed();
                times.push(took);
                best[j] = best[j].min(took);
            }
        }
    }
    assert_eq!(
        analysis.diagnostics(&text, &config),
        verbatim_core::lint(&text, &config)
    );
    if rounds.is_some() {
        for (k, [insert, delete]) in best.iter().enumerate() {
            let line = long[(k * 7919) % long.len()];
            let head: String = text[starts[line]..].chars().take(24).collect();
            println!(
                "{line:6} {:6} {:6} {head:?}",
                insert.as_micros(),
                delete.as_micros()
            );
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{} bytes: first analysis {:?}; {} edits: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}; {found} diagnostics",
        text.len(),
        open,
        times.len(),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[times.len() - 1],
    );
}
