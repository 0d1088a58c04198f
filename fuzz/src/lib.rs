//! What the fuzz targets share: the configurations they lint with and the
//! checks every diagnostic must pass.

use std::ops::Range;

use verbatim_core::{Config, Diagnostic, Edit, Rule};

/// Every rule selected, nothing else configured.
pub fn all_rules() -> Config {
    let mut config = Config::default();
    for rule in Rule::ALL {
        config.set_enabled(*rule, true);
    }
    config
}

/// Every rule selected, through the file format, with a roster, known names
/// and extra marker tags, which change which labels are accepted and which
/// names and markers are reported.
pub fn all_rules_configured() -> Config {
    Config::from_toml(
        r#"
select = ["ALL"]
known-names = ["Robbie", "Lavrow"]
[roster]
"MR ROBINSON" = "Christopher Robinson"
"SECRETARY KERRY" = "John Kerry"
"MS. PSAKI" = "Jen Psaki"
[markers]
extra-tags = ["applause", "music"]
"#,
        None,
    )
    .expect("the fuzz configuration parses")
}

/// `range` is a non-empty-or-empty range, start <= end, inside `text`, on
/// character boundaries.
pub fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what} range {range:?} is not a character range of the text (len {})",
        text.len()
    );
}

/// Every range a diagnostic carries (its own, its related places, its fix's
/// edits) is a character range of `text`, and a fix's edits are sorted and
/// do not overlap.
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let name = d.rule.meta().name;
        check_range(text, &d.range, &format!("{name} diagnostic"));
        for related in &d.related {
            check_range(text, &related.range, &format!("{name} related"));
        }
        if let Some(fix) = &d.fix {
            check_edits(text, &fix.edits, &format!("{name} fix"));
        }
    }
    // Sorted by start, end, rule: the order the front ends rely on.
    for pair in diagnostics.windows(2) {
        let key = |d: &Diagnostic| (d.range.start, d.range.end, d.rule);
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "diagnostics out of order: {:?} before {:?}",
            key(&pair[0]),
            key(&pair[1])
        );
    }
}

/// Every edit is a character range of `text`; the edits are sorted and do
/// not overlap.
pub fn check_edits(text: &str, edits: &[Edit], what: &str) {
    for e in edits {
        check_range(text, &e.range, &format!("{what} edit"));
    }
    for pair in edits.windows(2) {
        assert!(
            pair[0].range.end <= pair[1].range.start,
            "{what} edits overlap or are unsorted: {:?} then {:?}",
            pair[0].range,
            pair[1].range
        );
    }
}
