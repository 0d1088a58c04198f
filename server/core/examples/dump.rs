//! Prints the model of a file: `cargo run -p verbatim-core --example dump -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let config = verbatim_core::Config::default();
    let doc = verbatim_core::Transcript::parse(&text, &config.settings);
    let idx = verbatim_core::text::LineIndex::new(&text);
    let at = |o: usize| idx.line_col(&text, o).line;
    println!(
        "style {:?}, header {:?}",
        doc.style,
        doc.header.as_ref().map(|r| (at(r.start), at(r.end)))
    );
    for t in &doc.turns {
        println!(
            "turn L{} {:?} {:?}",
            at(t.range.start),
            t.label.key,
            t.label.form
        );
    }
    for m in &doc.markers {
        println!(
            "marker L{} {:?} {:?} {:?}",
            at(m.range.start),
            &text[m.range.clone()],
            m.closer,
            m.open_end
        );
    }
    for g in &doc.groups {
        println!("group L{} {:?}", at(g.range.start), &text[g.range.clone()]);
    }
    for r in &doc.footnote_refs {
        println!("ref L{} {}", at(r.range.start), r.number);
    }
    for n in &doc.notes {
        println!("note L{} {}", at(n.range.start), n.number);
    }
    for t in &doc.timestamps {
        println!(
            "timestamp L{} {:?} {:?}",
            at(t.range.start),
            &text[t.range.clone()],
            t.problem
        );
    }
    println!("{} mentions", doc.mentions.len());
}
