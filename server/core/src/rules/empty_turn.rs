//! `empty-turn`: A speaker label is followed by no words.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "empty-turn",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A speaker label is followed by no words.",
    docs: r#"Finds a speaker label with nothing said after it: the next label, the notes
block or the end of the file comes first. Usually the text was lost in an edit,
or a label was pasted twice.

The turn runs from its label to the next label, so an interview-style label
standing alone on its line (`Dana Whitfield (00:01:26):`) with the text on the
following lines is not empty. A turn that holds only a cut-off mark (`--`,
`—`, `…`) is an interruption written on purpose and is not reported either.

## Example

```text
SECRETARY KERRY: Good evening.
QUESTION: Mr. Secretary, on Syria?
SECRETARY KERRY:
FOREIGN MINISTER LAVROV: (Via interpreter) Let me answer that.
```

`SECRETARY KERRY:` on line 3 is reported.

## Fix

None: only the audio can say what was said. Delete the label if it is a
leftover, or type the missing words.
"#,
    fix: FixKind::None,
    reads: Reads::LABELS.union(Reads::TURN_WORDS),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let mut found = Vec::new();
    for (i, turn) in doc.turns.iter().enumerate() {
        if !ctx.says_nothing(i) {
            continue;
        }
        let name = doc.slice(&turn.label.range);
        found.push(Diagnostic::new(
            Rule::EmptyTurn,
            turn.label.full.clone(),
            format!("`{name}` says nothing: no words follow the label before the next turn"),
        ));
    }
    for d in found {
        ctx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::EmptyTurn;

    #[test]
    fn fires_on_a_label_with_nothing_after_it() {
        let text = "\
QUESTION: Mr. Secretary, on Syria?
SECRETARY KERRY:\u{a0}
FOREIGN MINISTER LAVROV: (Via interpreter) Let me answer that.

SECRETARY KERRY: Thank you.
QUESTION:
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["SECRETARY KERRY:", "QUESTION:"]);
        assert_eq!(lines(text, &d), vec![2, 6]);
        assert!(d.iter().all(|d| d.fix.is_none()));
        assert_eq!(
            d[0].message,
            "`SECRETARY KERRY` says nothing: no words follow the label before the next turn"
        );
    }

    #[test]
    fn fires_on_an_interview_label_followed_by_the_next_label() {
        let text = "\
Dana Whitfield (00:01:20):
So tell me.

Marcus Lee (00:01:26):

Dana Whitfield (00:01:30):
Go on.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["Marcus Lee (00:01:26):"]);
        assert_eq!(lines(text, &d), vec![4]);
    }

    #[test]
    fn quiet_on_labels_with_text_on_the_next_lines() {
        let text = "\
Dana Whitfield (00:01:20):
So tell me.

Marcus Lee (00:01:26):

It began in 1972.

Speaker 1: Yes.
Speaker 2: [crosstalk 00:01:40]
**Dana Whitfield:** (laughs)
";
        assert!(lint(RULE, text).is_empty(), "{:?}", lint(RULE, text));
    }

    #[test]
    fn quiet_on_cut_offs() {
        let text = "\
QUESTION: Mr. Secretary --
SECRETARY KERRY: --
QUESTION: —
SECRETARY KERRY: …
QUESTION: Go ahead.
";
        assert!(lint(RULE, text).is_empty());
    }
}
