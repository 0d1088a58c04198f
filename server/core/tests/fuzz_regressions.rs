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

/// `fix` target: a label whose surname ends in an apostrophe (`Witfie’`, an
/// Otter-style label with a stray quote), which no mention can spell: the
/// mention scanner stops a word before a trailing apostrophe. The fix
/// inserted one after `Witfie` each round, forever.
#[test]
fn fix_label_surname_no_mention_can_spell_converges() {
    assert_fixing_converges("Witfie’(:):\nWitfiel");
    // Nor can a mention end in a hyphen or a digit: `Robinson-` each round.
    assert_fixing_converges(
        "MR ROBINSON-: Hi.\nMS JONES: Mr. Robinson said so.\nMR ROBINSON-: Yes.\n",
    );
    assert_fixing_converges(
        "MR ROBINSON2: Hi.\nMS JONES: Mr. Robinson said so.\nMR ROBINSON2: Yes.\n",
    );
    // Or keep a possessive: `Mr. Lavrov` was fixed to `Mr. Lavrov's's`.
    let text = "MR LAVROV'S: Hi.\nMS JONES: Mr. Lavrov said so.\nMR LAVROV'S: Yes.\n";
    assert_eq!(fix(text, &all_rules(), true).text, text);
}

/// `fix` target: a run of straight apostrophes in a curly document. Each
/// one's role came from its neighbour, a straight mark until the fix before
/// curled it: one mark curled per round, and eleven marks outlasted the
/// round limit.
#[test]
fn fix_a_run_of_straight_quotes_converges() {
    assert_fixing_converges("\0''''''''''' ’’’’’’’’’’’");
    // Nested quotes close together: the inner mark is settled only once the
    // outer one is curled.
    assert_fixing_converges("MR A: “It’s” ‘so’. He said \"I told him 'no.'\" and left.\n");
    assert_fixing_converges("MR A: “It’s” ‘so’. He said \"'Yes,' I told him.\"\n");
}

/// `config` target: a marker tag with a bracket in it (`extra-tags =
/// ["]"]`) matched the closer as part of the tag, so `(]` was a marker whose
/// closer came before the end of its tag, and `unclosed-marker` sliced the
/// text backwards.
#[test]
fn config_a_marker_tag_with_a_bracket() {
    let err = Config::from_toml("[markers]\nextra-tags=[\"]\"]", None).unwrap_err();
    assert_eq!(err.key.as_deref(), Some("extra-tags"), "{err}");
    assert_eq!(err.line, Some(2), "{err}");
    // A configuration built in code is not checked: such a tag matches
    // nothing.
    let mut config = all_rules();
    config.settings.extra_tags = vec!["]".into(), "(music)".into(), "[x".into()];
    for text in ["MR A: (]) and (]\n", "MR A: ((music)) [[x] [x]\n"] {
        for d in lint(text, &config) {
            assert!(d.range.start <= d.range.end && d.range.end <= text.len());
            assert_ne!(d.rule, Rule::UnclosedMarker, "{text:?}: {d:?}");
        }
    }
}

/// `fix` target (found by CI's 20-second run): a hearing with a plain `[1]`
/// before the first inserted statement (`... follows:]`). Plain notes were
/// numbered anew in each statement as GPO's `\1\` are, so the stub added in
/// a notes block at the end (after the statement) never answered the
/// reference, and every round added another `[1] TODO: note text`.
#[test]
fn fix_a_plain_note_after_a_hearing_statement_converges() {
    let text = "\n    :[1]\nfollows:]\n    Chair HE. \n    Chair HL. b\n    Chair HL. ";
    assert_fixing_converges(text);
    let fixed = fix(text, &all_rules(), true);
    assert_eq!(
        fixed.text,
        format!("{text}\n\nNotes\n[1] TODO: note text"),
        "one stub, in a notes block at the end"
    );
    // The stub answers the reference: nothing about notes is left.
    let left: Vec<Rule> = lint(&fixed.text, &all_rules())
        .into_iter()
        .map(|d| d.rule)
        .filter(|r| r.name().starts_with("footnote"))
        .collect();
    assert_eq!(left, [], "{:?}", fixed.text);
}

/// `fix` target: a court transcript (line-number gutter) whose open
/// parenthetical `(Wh` runs on past a line with no gutter number (`A[`),
/// which the court reader takes for page furniture and reads no closer on.
/// The closer was offered right there, after `A`, so it closed nothing and
/// every round added another `)`. The phrase's end is now looked for in
/// the paragraph's text only: gutters and furniture lines left out.
#[test]
fn fix_a_court_parenthetical_never_closes_inside_furniture() {
    let text = " 2  THE COURT: .\n2     (Wh\nA[ \n1  e\n2\n3\n4  re\n5\n 6\n 7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n1\n1\n2";
    assert_fixing_converges(text);
    let d: Vec<_> = lint(text, &all_rules())
        .into_iter()
        .filter(|d| d.rule == Rule::UnclosedMarker)
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(&text[d[0].range.start..d[0].range.start + 3], "(Wh");
    let fixed = fix(text, &all_rules(), true);
    assert_eq!(fixed.text, text.replace("1  e\n", "1  e)\n"));
}

/// `fix` target: a Markdown `[^1]` in a court transcript (a line-number
/// gutter on its lines). The stub note went on a line of its own with no
/// gutter, which the court reader takes for page furniture and does not
/// read, so the reference stayed unanswered and every round added another
/// stub. A court transcript's missing note is now reported without a stub.
#[test]
fn fix_a_note_in_a_court_transcript_gets_no_stub_it_cannot_read() {
    let text =
        "\u{feff}1\n 2  MR. E:  [^1]\n1\n2\n1\n  2\n1\n 2\n3\n1\n2\n3\n1\n2\n1\n  2\n  3\n1\n 2\n3";
    assert_fixing_converges(text);
    let d: Vec<_> = lint(text, &all_rules())
        .into_iter()
        .filter(|d| d.rule == Rule::FootnoteMissingNote)
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].fix.is_none(), "{d:#?}");
    assert_eq!(fix(text, &all_rules(), true).text, text);
}
