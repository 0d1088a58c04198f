//! Inputs the fuzz targets in `fuzz/` found (minimised by `cargo fuzz
//! tmin`), kept as plain tests so that every `cargo test` runs them. See
//! `fuzz/RUNS.md` for the runs that found them.

use verbatim_core::fix::apply_edits;
use verbatim_core::fix_all::select_fixes;
use verbatim_core::{fix, lint, Config, Rule};

/// Every rule on, as the fuzz targets lint.
fn all_rules() -> Config {
    let mut config = Config::default();
    for r in Rule::ALL {
        config.set_enabled(*r, true);
    }
    config
}

/// What the `fix` target checks: fixing with unsafe fixes converges (no
/// fix that would change the text is left, round limit or not), and a
/// second pass changes nothing.
fn assert_fixing_converges(text: &str) {
    let config = all_rules();
    let first = fix(text, &config, true);
    let (left, _) = select_fixes(&first.remaining, true);
    assert_eq!(
        apply_edits(&first.text, &left),
        first.text,
        "fixing {text:?} left fixes to apply (round limit hit: {}): {left:?} in {:?}",
        first.hit_round_limit,
        first.text
    );
    let second = fix(&first.text, &config, true);
    assert_eq!(second.text, first.text, "a second pass changed {text:?}");
    assert_eq!(
        second.fixed_count(),
        0,
        "a second pass fixed {:?}",
        first.text
    );
}

/// `fix` target: a label with a straight apostrophe, fixed to a curly one by
/// `mixed-quotes`, whose name `speaker-name-mismatch` then suggested with the
/// straight one again (the label's key folds `’` into `'`), forever.
#[test]
fn fix_curly_apostrophe_in_a_label_name_converges() {
    assert_fixing_converges("MINI'A: W\nR: Foreign Mini’");
    // The mention spelled as the label is, apostrophe and all, is no near miss.
    let text = "MINI’A: W\nR: Foreign Mini’a’";
    let d = lint(text, &all_rules());
    assert!(
        d.iter().all(|d| d.rule != Rule::SpeakerNameMismatch),
        "{d:#?}"
    );
}
