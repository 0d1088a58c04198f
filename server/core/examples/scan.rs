//! Lints many files and prints warning- and error-level findings, to hunt
//! false alarms on real prose: `cargo run -p verbatim-core --example scan -- FILES...`.
fn main() {
    let config = verbatim_core::Config::default();
    let mut files = 0;
    let mut findings = 0;
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        let idx = verbatim_core::text::LineIndex::new(&text);
        for d in verbatim_core::lint(&text, &config) {
            if d.severity >= verbatim_core::Severity::Warning {
                findings += 1;
                let lc = idx.line_col(&text, d.range.start);
                println!(
                    "{path}:{}:{}: {} {}: {:?}",
                    lc.line,
                    lc.column,
                    d.severity,
                    d.rule,
                    &text[d.range.clone()]
                );
            }
        }
    }
    eprintln!("{files} files, {findings} warning/error findings");
}
