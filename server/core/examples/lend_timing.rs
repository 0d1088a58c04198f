//! The cost of bringing the model up to date after one edit, without the
//! rules: `cargo run --release -p verbatim-core --example lend_timing --
//! FILE [LINE]`.
//!
//! Types a character 40 characters into line LINE (31681 by default: a
//! line of spoken text in the 21 MB benchmark transcript) and deletes it,
//! 200 times, after the first analysis; each time the model is lent
//! (`Analysis::with_transcript`: the rescan of the edited lines, the
//! layout, the join of markers across lines) and the time taken is kept.
//! Prints the fastest, the first quartile and the median, in
//! microseconds: on a shared machine the low figures say what the code
//! costs.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: lend_timing FILE [LINE]");
    let line_no: usize = args
        .next()
        .map_or(31681, |n| n.parse().expect("LINE is a number"));
    let mut text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::default();
    let mut analysis = verbatim_core::Analysis::new(&text, &config);
    analysis.diagnostics(&text, &config);
    let line = match line_no {
        0 => 0,
        n => {
            text.match_indices('\n')
                .nth(n - 1)
                .expect("the file has LINE lines")
                .0
                + 1
        }
    };
    let at = line
        + text[line..]
            .char_indices()
            .nth(40)
            .expect("the line has 40 characters")
            .0;
    let mut times = Vec::new();
    for i in 0..200 {
        if i % 2 == 0 {
            text.insert(at, 'x');
            analysis.edit(at..at, 1);
        } else {
            text.remove(at);
            analysis.edit(at..at + 1, 0);
        }
        let t = Instant::now();
        analysis.with_transcript(&text, &config, |doc| doc.markers.len());
        times.push(t.elapsed().as_micros());
    }
    times.sort();
    println!("min {} p25 {} p50 {}", times[0], times[50], times[100]);
}
