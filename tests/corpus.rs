//! Realism test over the real State Department transcripts in
//! `shared/corpus/`: nothing at warning or error level on the files as
//! published, and each planted error found by the right rule on the right
//! line and fixed back to the exact expected text.
//!
//! The corpus lives outside the repository. When it is absent the tests pass
//! with a printed note, so the project's tests never depend on it, except
//! under CI, where they fail (see `verbatim_corpus`).

use verbatim_core::fix::apply_edits;
use verbatim_core::text::LineIndex;
use verbatim_core::{Config, Diagnostic, Rule};

/// `(file name, text)` of every `.txt` in the corpus, sorted by name; empty
/// when the corpus is absent, and a failure then under CI.
fn corpus() -> Vec<(String, String)> {
    verbatim_corpus::files()
}

fn line_of(text: &str, offset: usize) -> usize {
    LineIndex::new(text).line_col(text, offset).line
}

fn describe(text: &str, diagnostics: &[Diagnostic]) -> String {
    let idx = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let at = idx.line_col(text, d.range.start);
            format!(
                "\n  {}:{} {} [{}] {} ({:?})",
                at.line,
                at.column,
                d.severity,
                d.rule,
                d.message,
                &text[d.range.clone()]
            )
        })
        .collect()
}

/// Findings at warning or error level with the default configuration: what
/// makes `verbatim check` fail.
fn failing(text: &str) -> Vec<Diagnostic> {
    verbatim_core::lint(text, &Config::default())
        .into_iter()
        .filter(|d| d.severity.fails_check())
        .collect()
}

fn only(rule: Rule) -> Config {
    let mut config = Config::default();
    for r in Rule::ALL {
        config.set_enabled(*r, *r == rule);
    }
    config
}

#[test]
fn published_transcripts_have_no_warnings_or_errors() {
    for (name, text) in corpus() {
        let found = failing(&text);
        assert!(
            found.is_empty(),
            "{name}: {} finding(s) at warning or error level:{}",
            found.len(),
            describe(&text, &found)
        );
    }
}

/// An error planted into a copy of a corpus file.
struct Plant {
    what: &'static str,
    rule: Rule,
    /// The planted text.
    text: String,
    /// Where the error is in `text`.
    at: usize,
    /// The text after fixing it.
    fixed: String,
    /// Whether the rule's fix is unsafe (applied only with `--unsafe-fixes`).
    unsafe_fix: bool,
}

fn check_plant(name: &str, plant: &Plant) {
    let text = &plant.text;
    let want_line = line_of(text, plant.at);
    let found = failing(text);
    let context = format!("{name}, {} planted on line {want_line}", plant.what);
    assert!(
        found.len() == 1
            && found[0].rule == plant.rule
            && line_of(text, found[0].range.start) == want_line,
        "{context}: expected exactly one {} finding on line {want_line}, got:{}",
        plant.rule,
        describe(text, &found)
    );
    // The finding's own fix, as an editor's quick fix applies it.
    let fix = found[0]
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{context}: the finding has no fix"));
    assert_eq!(
        apply_edits(text, &fix.edits),
        plant.fixed,
        "{context}: the quick fix"
    );
    // `verbatim check --fix` (with `--unsafe-fixes` where the fix is unsafe).
    let outcome = verbatim_core::fix(text, &only(plant.rule), plant.unsafe_fix);
    assert_eq!(outcome.text, plant.fixed, "{context}: fixing until stable");
    if plant.unsafe_fix {
        let safe_only = verbatim_core::fix(text, &only(plant.rule), false);
        assert_eq!(
            &safe_only.text, text,
            "{context}: an unsafe fix was applied without --unsafe-fixes"
        );
    }
    let left = failing(&plant.fixed);
    assert!(
        left.is_empty(),
        "{context}: findings left after fixing:{}",
        describe(&plant.fixed, &left)
    );
}

/// The byte offset of the first match of `pattern` at or after `from` for
/// which `ok` holds.
fn find_from(text: &str, from: usize, pattern: &str, ok: impl Fn(usize) -> bool) -> usize {
    text[from..]
        .match_indices(pattern)
        .map(|(i, _)| from + i)
        .find(|&i| ok(i))
        .unwrap_or_else(|| panic!("no suitable `{pattern}` to plant an error into"))
}

/// Where the first turn starts: plants go into spoken text, not the header.
fn first_turn(text: &str) -> usize {
    ["SECRETARY KERRY:", "FOREIGN MINISTER LAVROV:", "MODERATOR:"]
        .iter()
        .filter_map(|l| text.find(l))
        .min()
        .expect("a briefing label")
}

fn label_typo(text: &str) -> Plant {
    let label = "SECRETARY KERRY:";
    // The second turn of the Secretary, so the dominant spelling comes first.
    let first = text.find(label).expect("a SECRETARY KERRY label");
    let at = find_from(text, first + label.len(), label, |_| true);
    let planted = format!(
        "{}SECRETARY KERY:{}",
        &text[..at],
        &text[at + label.len()..]
    );
    Plant {
        what: "`SECRETARY KERY:`",
        rule: Rule::SpeakerLabelVariant,
        text: planted,
        at,
        fixed: text.to_string(),
        unsafe_fix: true,
    }
}

fn misspelled_name(text: &str) -> Plant {
    // `Minister Lavrov` in running text, not the possessive `Lavrov’s`.
    let pattern = "Minister Lavrov";
    let hit = find_from(text, first_turn(text), pattern, |i| {
        text[i + pattern.len()..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_alphanumeric() && c != '’' && c != '\'')
    });
    let at = hit + "Minister ".len();
    let planted = format!("{}Lavrow{}", &text[..at], &text[at + "Lavrov".len()..]);
    Plant {
        what: "`Lavrow`",
        rule: Rule::SpeakerNameMismatch,
        text: planted,
        at,
        fixed: text.to_string(),
        unsafe_fix: true,
    }
}

fn unclosed_marker(text: &str) -> Plant {
    // `(inaudible) adopting` -> `(inaudible adopting`: text follows the
    // unclosed marker on its line.
    let marker = "(inaudible) ";
    let at = find_from(text, 0, marker, |i| {
        text[i + marker.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    });
    let close = at + "(inaudible".len();
    let planted = format!("{}{}", &text[..close], &text[close + 1..]);
    Plant {
        what: "`(inaudible` without its `)`",
        rule: Rule::UnclosedMarker,
        text: planted,
        at,
        fixed: text.to_string(),
        unsafe_fix: false,
    }
}

fn missing_note(text: &str) -> Plant {
    // After the first sentence of the first turn: `everybody.[1] Thank you`.
    let at = find_from(text, first_turn(text), ". ", |_| true) + 1;
    let planted = format!("{}[1]{}", &text[..at], &text[at..]);
    // The stub goes in a new `Notes` block after the last line; whatever
    // followed it (a final newline, or none) stays at the very end.
    let end = planted.trim_end().len();
    let fixed = format!(
        "{}\n\nNotes\n[1] TODO: note text{}",
        &planted[..end],
        &planted[end..]
    );
    Plant {
        what: "a `[1]` reference with no notes",
        rule: Rule::FootnoteMissingNote,
        text: planted,
        at,
        fixed,
        unsafe_fix: true,
    }
}

#[test]
fn planted_label_typo_is_found_and_fixed() {
    for (name, text) in corpus() {
        check_plant(&name, &label_typo(&text));
    }
}

#[test]
fn planted_misspelled_name_is_found_and_fixed() {
    for (name, text) in corpus() {
        check_plant(&name, &misspelled_name(&text));
    }
}

#[test]
fn planted_unclosed_marker_is_found_and_fixed() {
    for (name, text) in corpus() {
        check_plant(&name, &unclosed_marker(&text));
    }
}

#[test]
fn planted_missing_note_is_found_and_fixed() {
    for (name, text) in corpus() {
        check_plant(&name, &missing_note(&text));
    }
}

#[test]
fn plants_land_where_intended() {
    // Guards the plant helpers themselves: each changes one line of the
    // original, on a known line of the 2015 transcript.
    for (name, text) in corpus() {
        if !name.starts_with("state-dept-2015-12-18") {
            continue;
        }
        let lines = |p: &Plant| line_of(&p.text, p.at);
        assert_eq!(lines(&label_typo(&text)), 41);
        assert_eq!(lines(&misspelled_name(&text)), 110);
        assert_eq!(lines(&unclosed_marker(&text)), 77);
        assert_eq!(lines(&missing_note(&text)), 9);
        for plant in [
            label_typo(&text),
            misspelled_name(&text),
            unclosed_marker(&text),
            missing_note(&text),
        ] {
            let changed: Vec<(&str, &str)> = text
                .lines()
                .zip(plant.text.lines())
                .filter(|(a, b)| a != b)
                .collect();
            assert_eq!(changed.len(), 1, "{}", plant.what);
        }
    }
}
