//! The cost of each edit through [`verbatim_core::Analysis`], edit by
//! edit: `cargo run --release -p verbatim-core --example per_edit -- FILE
//! [EDITS] [COLUMN] [TOML]`, with `ROUNDS=N` in the environment (3 by
//! default).
//!
//! The edits are `incremental_timing`'s (and `verbatim-bench run`'s): at
//! EDITS spread-out lines, type a character COLUMN characters in (8 by
//! default), lint, delete it, lint. Each is made ROUNDS times; for each,
//! the fastest insert and the fastest delete are printed, in microseconds,
//! with the start of the line. The fastest of several rounds says what an
//! edit costs on this shared machine better than any one run: which edits
//! run which rules again is what tells them apart. TOML is a
//! `verbatim.toml`'s text (`extend-select = ["double-space"]`).
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: per_edit FILE [EDITS] [COLUMN] [TOML]");
    let edits: usize = args
        .next()
        .map_or(10, |n| n.parse().expect("EDITS is a number"));
    let column: usize = args
        .next()
        .map_or(8, |n| n.parse().expect("COLUMN is a number"));
    let toml = args.next().unwrap_or_default();
    let rounds: usize =
        std::env::var("ROUNDS").map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    let mut text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::from_toml(&toml, None).expect("TOML is a verbatim.toml");
    let mut analysis = verbatim_core::Analysis::new(&text, &config);
    analysis.diagnostics(&text, &config);
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let long: Vec<usize> = (0..starts.len())
        .filter(|&i| starts.get(i + 1).map_or(text.len() + 1, |&e| e) - 1 - starts[i] > column + 3)
        .collect();
    let mut best = vec![[u128::MAX; 2]; edits];
    for _ in 0..rounds {
        for (k, b) in best.iter_mut().enumerate() {
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
                analysis.diagnostics(&text, &config);
                b[j] = b[j].min(t.elapsed().as_micros());
            }
        }
    }
    for (k, b) in best.iter().enumerate() {
        let li = long[(k * 7919) % long.len()];
        let line = starts[li];
        let head: String = text[line..].chars().take(24).collect();
        println!("{li:6} {:6} {:6} {head:?}", b[0], b[1]);
    }
}
