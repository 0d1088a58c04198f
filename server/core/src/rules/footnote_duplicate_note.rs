//! `footnote-duplicate-note`: Two notes have the same number.

use foldhash::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Note, Numbering};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-duplicate-note",
    severity: Severity::Error,
    default_enabled: true,
    summary: "Two notes have the same number.",
    docs: r#"Finds a note whose number an earlier note already has. A reference to
that number is ambiguous: a reader cannot tell which note it means. The
second (and any later) note is reported, with the first as related
information.

```text
MR ROBINSON: Robin[1] said the talks[2] resume Monday.

Notes
[1] Christopher Robinson, Deputy Assistant Secretary of State.
[2] The Geneva talks.
[2] Postponed to Tuesday.
```

There is no fix: only the editor knows which note should get which number.
"#,
    fix: FixKind::None,
    reads: Reads::NOTES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // Numbering restarts in each statement of a hearing
    // (`Transcript::numbering`): two `\1\` there are two notes.
    let mut firsts: HashMap<(Numbering, u32), &Note> = HashMap::default();
    for note in &doc.notes {
        let key = (doc.numbering(note.backslash, note.range.start), note.number);
        let first = *firsts.entry(key).or_insert(note);
        if std::ptr::eq(first, note) {
            continue;
        }
        ctx.push(
            Diagnostic::new(
                Rule::FootnoteDuplicateNote,
                note.label.clone(),
                format!(
                    "Note {} is numbered like an earlier note",
                    doc.slice(&note.label)
                ),
            )
            .with_related(first.label.clone(), "The first note with this number"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::FootnoteDuplicateNote;

    #[test]
    fn fires_on_the_later_note_with_the_first_as_related() {
        let text = "MR ROBINSON: Robin[1] said[2] so.\n\nNotes\n[1] A.\n[2] B.\n[2] C.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[2]"]);
        assert_eq!(lines(text, &d), vec![6]);
        assert_eq!(d[0].related.len(), 1);
        assert_eq!(&text[d[0].related[0].range.clone()], "[2]");
        assert_eq!(d[0].related[0].range.start, text.find("[2] B").unwrap());
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn three_of_a_kind_and_markdown() {
        let text = "Dana Whitfield: Rain.[^1]\n\n[^1]: A.\n[^1]: B.\n[^1]: C.\n";
        let d = lint(RULE, text);
        assert_eq!(lines(text, &d), vec![4, 5]);
        assert!(d
            .iter()
            .all(|d| d.related[0].range.start == text.find("[^1]: A").unwrap()));
    }

    #[test]
    fn quiet_on_distinct_notes_and_repeated_references() {
        for text in [
            "MR ROBINSON: Robin[1] and Robin[1] said[2] so.\n\nNotes\n[1] A.\n[2] B.\n",
            "MR ROBINSON: A multi-line note[1].\n\nNotes\n[1] A note that\ngoes on [1] and on.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}");
        }
    }

    #[test]
    fn corpus_quiet() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
    }
}
