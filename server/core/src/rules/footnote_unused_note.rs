//! `footnote-unused-note`: A note that nothing references.

use foldhash::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Numbering;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-unused-note",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A note that nothing references.",
    docs: r#"Finds notes, `[3] text` in the notes block or Markdown `[^3]: text`,
that no reference in the transcript points to. Usually a reference was lost
in editing, or was typed with the wrong number.

A `[2]` written inside another note is a cross-reference between notes, not a
reference from the transcript, so it does not count as a use.

```text
MR ROBINSON: As Christopher Robin[1] said, the talks resume Monday.

Notes
[1] Christopher Robinson, Deputy Assistant Secretary of State.
[2] The talks were later postponed.
```

Here `[2]` is reported. There is no fix: only the editor knows whether the
reference was dropped or the note is stale.
"#,
    fix: FixKind::None,
    reads: Reads::FOOTNOTE_REFS.union(Reads::NOTES),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // A reference cites a note of its own numbering only
    // (`Transcript::numbering`).
    let cited: HashSet<(Numbering, u32)> = doc
        .footnote_refs
        .iter()
        .map(|r| (doc.numbering(r.backslash, r.range.start), r.number))
        .collect();
    for note in &doc.notes {
        if cited.contains(&(doc.numbering(note.backslash, note.range.start), note.number)) {
            continue;
        }
        ctx.push(Diagnostic::new(
            Rule::FootnoteUnusedNote,
            note.label.clone(),
            format!("Note {} is never referenced", doc.slice(&note.label)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::FootnoteUnusedNote;

    #[test]
    fn fires_on_a_note_nothing_cites() {
        let text = "MR ROBINSON: Robin[1] said so.\n\nNotes\n[1] Christopher Robinson.\n[2] Postponed.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[2]"]);
        assert_eq!(lines(text, &d), vec![5]);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn markdown_note() {
        let text = "Dana Whitfield: It rained.[^1]\n\n[^1]: Report.\n[^2]: Unused.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[^2]:"]);
        assert_eq!(lines(text, &d), vec![4]);
    }

    #[test]
    fn a_cross_reference_between_notes_is_not_a_use() {
        let text = "MR ROBINSON: Robin[1] said so.\n\nNotes\n[1] See also [2].\n[2] Postponed.\n";
        assert_eq!(spans(text, &lint(RULE, text)), vec!["[2]"]);
    }

    #[test]
    fn quiet_when_every_note_is_cited() {
        for text in [
            "MR ROBINSON: Robin[1] and[2] again Robin[1].\n\nNotes\n[1] A.\n[2] B.\n",
            "MR ROBINSON: The [Syrian President] [sic].\n",
            "Dana Whitfield: Rain.[^1]\n\n[^1]: Report.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}");
        }
    }

    #[test]
    fn corpus_quiet() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
    }
}
