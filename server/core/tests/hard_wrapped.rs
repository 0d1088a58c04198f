//! The hard-wrapped oral history of `tests/fixtures/formats/oral-history`
//! with the generic reader: markers closed on the next line, clocks that
//! restart with each audio file, header durations that are no timestamps.

use verbatim_core::text::LineIndex;
use verbatim_core::{fix, lint, Config};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/formats/oral-history/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each finding (at every severity the default configuration reports) as
/// `rule line:col`.
fn findings(text: &str) -> Vec<String> {
    let index = LineIndex::new(text);
    lint(text, &Config::default())
        .iter()
        .map(|d| {
            let at = index.line_col(text, d.range.start);
            format!("{} {}:{}", d.rule.name(), at.line, at.column)
        })
        .collect()
}

#[test]
fn the_clean_oral_history_gives_nothing_and_fix_changes_nothing() {
    let text = fixture("clean.txt");
    assert_eq!(findings(&text), Vec::<String>::new());
    assert_eq!(fix(&text, &Config::default(), true).text, text);
}

#[test]
fn the_planted_oral_history_gives_what_planted_expected_lists() {
    let text = fixture("planted.txt");
    assert_eq!(
        findings(&text),
        vec![
            "speaker-name-mismatch 55:10",
            "speaker-label-variant 70:1",
            "unknown-marker 86:19",
            "unclosed-marker 106:42",
            "timestamp-order 122:6",
            "timestamp-format 128:6",
            "footnote-missing-note 130:33",
        ]
    );
    // The safe fixes: the closer after the tag, the padded seconds; the
    // wrapped `[inaudible` / `00:14:22]` stays as it is.
    let fixed = fix(&text, &Config::default(), false).text;
    let expected = text
        .replace(
            "who [inaudible keeps us honest.",
            "who [inaudible] keeps us honest.",
        )
        .replace("[00:31:7]", "[00:31:07]");
    assert_eq!(fixed, expected);
    assert!(fixed.contains("a Swede, [inaudible\n00:14:22] and he'd stand"));
}
