//! Times parsing and linting a file: `cargo run --release -p verbatim-core --example timing -- FILE`.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("usage: timing FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::default();
    for _ in 0..3 {
        let t = Instant::now();
        let doc = verbatim_core::Transcript::parse(&text, &config);
        let parsed = t.elapsed();
        let diagnostics = verbatim_core::rules::run(&doc, &config);
        println!(
            "{} bytes: parse {:?}, rules {:?}, {} diagnostics",
            text.len(),
            parsed,
            t.elapsed() - parsed,
            diagnostics.len()
        );
    }
}
