//! Every rule's documented example does what its documentation says: one
//! check over the registry, so a new rule's example is checked the day it
//! is added.
//!
//! The example is the first ```` ```text ```` block of the rule's docs, with
//! `␠` read as the space it stands for. Linted with only its rule, it gives
//! exactly the findings listed below; the fixes are of the kind the rule
//! declares; and fixing until stable leaves no finding of the rule that a
//! fix could clear.

use crate::fix::Applicability;
use crate::rules::test_support::{fix_all, lines, lint, spans};
use crate::rules::{FixKind, Rule};

/// The text of each finding and its 1-based line.
type Findings = &'static [(&'static str, usize)];
/// `(from, to)`: each `from` replaced once by `to`, in order.
type Replacements = &'static [(&'static str, &'static str)];

/// Per rule: what its example reports (the text of each finding and its
/// line), and what its fixes change in it (each `from` replaced by `to`, in
/// order; empty where a fix adds or moves whole lines, which the general
/// checks cover).
const EXPECTED: &[(&str, Findings, Replacements)] = &[
    (
        "speaker-name-mismatch",
        &[("Robin", 1), ("Lavrow", 2)],
        &[("Robin.", "Robinson."), ("Lavrow", "Lavrov")],
    ),
    (
        "speaker-label-variant",
        &[("SECRETARY KERY", 3)],
        &[("SECRETARY KERY", "SECRETARY KERRY")],
    ),
    ("empty-turn", &[("SECRETARY KERRY:", 3)], &[]),
    ("footnote-missing-note", &[("[2]", 2)], &[]),
    ("footnote-unused-note", &[("[2]", 5)], &[]),
    ("footnote-duplicate-note", &[("[2]", 6)], &[]),
    ("footnote-order", &[("[2]", 1), ("[1]", 1)], &[]),
    (
        "unclosed-marker",
        &[
            ("(inaudible", 1),
            ("(Laughter.", 2),
            ("[inaudible 00:01:38", 3),
            ("(inaudible]", 4),
        ],
        &[
            ("(inaudible adopting", "(inaudible) adopting"),
            ("(Laughter. ", "(Laughter.) "),
            ("00:01:38 that", "00:01:38] that"),
            ("(inaudible]", "(inaudible)"),
        ],
    ),
    (
        "unknown-marker",
        &[("inaduible", 1), ("cross talk", 3)],
        &[("inaduible", "inaudible"), ("cross talk", "crosstalk")],
    ),
    (
        "marker-style",
        &[("[inaudible]", 3), ("(Inaudible)", 3)],
        &[
            ("[inaudible]", "(inaudible)"),
            ("(Inaudible)", "(inaudible)"),
        ],
    ),
    ("timestamp-order", &[("00:12:55", 4)], &[]),
    (
        "timestamp-format",
        &[("00:1:26", 1), ("00:06:", 2)],
        &[("00:1:26", "00:01:26")],
    ),
    ("webvtt-header", &[("WebVTT", 1)], &[("WebVTT", "WEBVTT")]),
    (
        "cue-timestamp-format",
        &[("->", 3), ("00:01:9.800", 6), ("00:01:12,000", 6)],
        &[
            (" -> ", " --> "),
            ("00:01:9.800", "00:01:09.800"),
            ("00:01:12,000", "00:01:12.000"),
        ],
    ),
    (
        "cue-ends-before-start",
        &[("00:01:43.500 --> 00:01:41.000", 3)],
        &[],
    ),
    ("cue-order", &[("00:01:37.500", 6)], &[]),
    ("cue-overlap", &[("00:01:39.400", 6)], &[]),
    ("srt-sequence", &[("3", 5), ("3", 9)], &[("\n3\n", "\n2\n")]),
    (
        "interruption-style",
        &[("—", 2)],
        &[("going to—", "going to--")],
    ),
    ("repeated-word", &[("to to", 1)], &[("to to", "to")]),
    (
        "trailing-whitespace",
        &[("  ", 1)],
        &[("hear me?  ", "hear me?")],
    ),
    ("multiple-blank-lines", &[("", 3)], &[]),
    (
        "double-space",
        &[("  ", 1)],
        &[("Thank you.  We", "Thank you. We")],
    ),
    ("mixed-quotes", &[("'", 1)], &[("It's", "It’s")]),
    (
        "space-before-punctuation",
        &[(" ", 1), (" ", 1)],
        &[("Yes ,", "Yes,"), ("me ?", "me?")],
    ),
];

/// The first ```` ```text ```` block of `docs`, `␠` read as a space.
fn example(docs: &str) -> Option<String> {
    let start = docs.find("```text\n")? + "```text\n".len();
    let end = start + docs[start..].find("```")?;
    Some(docs[start..end].replace('\u{2420}', " "))
}

#[test]
fn every_rule_is_listed_once_in_registry_order() {
    let listed: Vec<&str> = EXPECTED.iter().map(|(name, ..)| *name).collect();
    let registry: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(listed, registry);
}

#[test]
fn every_documented_example_holds() {
    for &(name, findings, fixed) in EXPECTED {
        let rule = Rule::from_name(name).expect("a rule");
        let meta = rule.meta();
        let text = example(meta.docs)
            .unwrap_or_else(|| panic!("{name}: the docs have no ```text example"));

        let found = lint(rule, &text);
        let got: Vec<(&str, usize)> = spans(&text, &found)
            .into_iter()
            .zip(lines(&text, &found))
            .collect();
        assert_eq!(got, findings, "{name}: the example's findings");

        for d in &found {
            let applicability = d.fix.as_ref().map(|f| f.applicability);
            let allowed = match meta.fix {
                FixKind::None => applicability.is_none(),
                FixKind::Safe => applicability != Some(Applicability::Unsafe),
                FixKind::Unsafe => applicability != Some(Applicability::Safe),
            };
            assert!(
                allowed,
                "{name} declares fixes {:?} but offers {applicability:?}",
                meta.fix
            );
        }

        let after = fix_all(rule, &text, true);
        assert!(
            lint(rule, &after).iter().all(|d| d.fix.is_none()),
            "{name}: a fixable finding is left after fixing the example:\n{after}"
        );
        if found.iter().any(|d| d.fix.is_some()) {
            assert_ne!(after, text, "{name}: its fixes change nothing");
        }
        if !fixed.is_empty() {
            let want = fixed
                .iter()
                .fold(text.clone(), |t, (from, to)| t.replacen(from, to, 1));
            assert_eq!(after, want, "{name}: the fixed example");
        }
    }
}
