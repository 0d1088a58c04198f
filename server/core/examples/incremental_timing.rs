//! Times single-character edits through [`verbatim_core::Analysis`]:
//! `cargo run --release -p verbatim-core --example incremental_timing -- FILE [EDITS]`.
//!
//! Like an editor: at EDITS spread-out positions, type a character, lint,
//! delete it, lint. Reports the first analysis, and p50/p90/p99/max of the
//! per-edit cost (edit + diagnostics), with the text kept as a `String` the
//! way a front end hands it over. Checks the last result against a fresh lint.
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: incremental_timing FILE [EDITS]");
    let edits: usize = args
        .next()
        .map_or(200, |n| n.parse().expect("EDITS is a number"));
    let mut text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::default();

    let t = Instant::now();
    let mut analysis = verbatim_core::Analysis::new(&text, &config);
    let first = analysis.diagnostics(&text, &config);
    let open = t.elapsed();

    let mut times: Vec<Duration> = Vec::with_capacity(edits * 2);
    let mut found = first.len();
    for k in 0..edits {
        let mut at = (k * 7919 * 131) % text.len();
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        for insert in [true, false] {
            let t = Instant::now();
            if insert {
                text.insert(at, 'x');
                analysis.edit(at..at, 1);
            } else {
                text.remove(at);
                analysis.edit(at..at + 1, 0);
            }
            found = analysis.diagnostics(&text, &config).len();
            times.push(t.elapsed());
        }
    }
    assert_eq!(
        analysis.diagnostics(&text, &config),
        verbatim_core::lint(&text, &config)
    );
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
