//! `space-before-punctuation`: A space between a word and the punctuation
//! after it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "space-before-punctuation",
    severity: Severity::Info,
    default_enabled: false,
    summary: "A space between a word and the punctuation after it.",
    docs: r#"Finds spaces between a word and the `,` `.` `;` `:` `?` or `!` that
follows it, a common slip when a typist corrects a word and leaves its
space behind (one of Subtitle Edit's "Fix common errors").

```text
QUESTION: Yes , sir. Can you hear me ?
```

It stays quiet on a spaced ellipsis (`so . . .`), a decimal (`a .5 percent`),
a smiley (`:)`) and anything at the start of a line.

Off by default because French typography puts a space before `?`, `!`, `:`
and `;`; enable it for English transcripts with
`extend-select = ["space-before-punctuation"]`. The fix deletes the space.
"#,
    fix: FixKind::Safe,
    reads: Reads::SPACING.union(Reads::TEXT),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for range in &doc.lexical.space_before_punctuation {
        let mark = doc.text[range.end..].chars().next().unwrap_or(' ');
        let fix = Fix::safe(
            "Remove the space",
            vec![Edit::delete(range.clone())],
        );
        ctx.push(
            Diagnostic::new(
                Rule::SpaceBeforePunctuation,
                range.clone(),
                format!("Space before `{mark}`"),
            )
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::SpaceBeforePunctuation;

    #[test]
    fn fires_before_punctuation() {
        let text = "QUESTION: Yes , sir. Can you hear me ?\nMR KIRBY: Thank you  .";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec![" ", " ", "  "]);
        assert_eq!(lines(text, &d), vec![1, 1, 2]);
        assert_eq!(d[0].message, "Space before `,`");
        assert_eq!(d[2].message, "Space before `.`");
    }

    #[test]
    fn quiet_on_near_misses() {
        let text = "\
SECRETARY KERRY: So . . . we agreed. A .5 percent rise. Smile :) please.
MR KIRBY: , well, a line that starts with a comma.
  . An indented period.
Dana Whitfield (00:01:26):
Fine.";
        assert_eq!(spans(text, &lint(RULE, text)), Vec::<&str>::new());
    }

    #[test]
    fn off_by_default() {
        let d = crate::lint("Yes , sir.", &crate::Config::default());
        assert!(d.iter().all(|d| d.rule != RULE));
    }

    #[test]
    fn fix_removes_the_space() {
        let text = "Yes , sir ; and you ?\r\nReally\u{a0}!\r\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "Yes, sir; and you?\r\nReally!\r\n");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
