//! Times each rule alone over one parsed document:
//! `cargo run --release -p verbatim-core --example rule_timing -- FILE`.
//!
//! What a keystroke costs when an edit changes a rule's inputs and the rule
//! runs over the whole model again. Minimum of 20 runs per rule.
use std::time::{Duration, Instant};

use verbatim_core::{linter, Config, Rule, Transcript};

fn main() {
    let path = std::env::args().nth(1).expect("usage: rule_timing FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let all = Config::default();
    let doc = Transcript::parse(&text, &all.settings);
    for &rule in Rule::ALL {
        let mut config = Config::default();
        for &r in Rule::ALL {
            config.set_enabled(r, r == rule);
        }
        let mut best = Duration::MAX;
        let mut found = 0;
        for _ in 0..20 {
            let t = Instant::now();
            found = linter::run(&doc, &config).len();
            best = best.min(t.elapsed());
        }
        println!(
            "{:>28} {:>9.3} ms  {found} diagnostics",
            rule.name(),
            best.as_secs_f64() * 1e3
        );
    }
}
