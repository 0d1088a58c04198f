//! Times parsing and linting a file:
//! `cargo run --release -p verbatim-core --example timing -- FILE [RUNS]`.
//!
//! Prints the minimum over RUNS (default 20) of the parse and rule stages,
//! since the minimum is the least noisy figure on a shared machine, and the
//! size of the model.
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: timing FILE [RUNS]");
    let runs: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("RUNS is a number"));
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::default();
    let (mut parse, mut rules) = (Duration::MAX, Duration::MAX);
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let doc = verbatim_core::Transcript::parse(&text, &config.settings);
        let parsed = t.elapsed();
        let diagnostics = verbatim_core::linter::run(&doc, &config);
        rules = rules.min(t.elapsed() - parsed);
        parse = parse.min(parsed);
        found = diagnostics.len();
    }
    let doc = verbatim_core::Transcript::parse(&text, &config.settings);
    println!(
        "{} bytes, {} lines: parse {:?}, rules {:?}, total {:?} (min of {runs}); {found} diagnostics",
        text.len(),
        doc.lines.len(),
        parse,
        rules,
        parse + rules,
    );
    println!(
        "model: {} turns, {} markers, {} groups, {} refs, {} notes, {} timestamps, {} mentions, {} quotes, {} cut-offs",
        doc.turns.len(),
        doc.markers.len(),
        doc.groups.len(),
        doc.footnote_refs.len(),
        doc.notes.len(),
        doc.timestamps.len(),
        doc.mentions.len(),
        doc.lexical.quotes.len(),
        doc.lexical.cut_offs.len(),
    );
}
