//! `trailing-whitespace`: Spaces or tabs at the end of a line.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "trailing-whitespace",
    severity: Severity::Info,
    default_enabled: true,
    summary: "Spaces or tabs at the end of a line.",
    docs: r#"Finds spaces, tabs and no-break spaces at the end of a line, including
lines that hold nothing but whitespace.

Trailing whitespace is invisible in the editor but shows up in diffs, breaks
exact-match searches and is usually left behind by copy and paste from a word
processor or a transcription tool.

```text
QUESTION: Can you hear me?␠␠
```

The fix deletes the whitespace. It never touches the line terminator, so
files with CRLF line endings keep them.
"#,
    fix: FixKind::Safe,
    reads: Reads::SPACING.union(Reads::TEXT),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let text = ctx.doc.text;
    let ranges = ctx.doc.lexical.trailing_whitespace.clone();
    for range in ranges {
        let mut diagnostic =
            Diagnostic::new(Rule::TrailingWhitespace, range.clone(), "Trailing whitespace");
        // Emptying a line that sits between a lone `\r` and a `\n` would
        // fuse the two into one CRLF and delete a line break.
        let fuses = text[..range.start].ends_with('\r') && text[range.end..].starts_with('\n');
        if !fuses {
            diagnostic = diagnostic.with_fix(Fix::safe(
                "Remove trailing whitespace",
                vec![Edit::delete(range)],
            ));
        }
        ctx.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::TrailingWhitespace;

    #[test]
    fn fires_on_spaces_tabs_and_no_break_spaces() {
        let text = "MR KIRBY: Thank you. \nQUESTION: Yes.\t\u{a0}\n   \nDone.";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec![" ", "\t\u{a0}", "   "]);
        assert_eq!(lines(text, &d), vec![1, 2, 3]);
        assert_eq!(applicability(&d[0]), crate::Applicability::Safe);
    }

    #[test]
    fn quiet_on_clean_lines_and_inner_spaces() {
        let text = "MR KIRBY:\u{a0}Thank you.\n\nQUESTION: Yes  and no.\n";
        assert!(lint(RULE, text).is_empty());
    }

    #[test]
    fn fix_keeps_crlf_and_converges() {
        let text = "A line.  \r\nAnother\t\r\n \r\nEnd. ";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "A line.\r\nAnother\r\n\r\nEnd.");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn lone_carriage_return_lines() {
        let text = "a \rb\t\r";
        assert_eq!(fix_all(RULE, text, false), "a\rb\r");
        // Emptying the middle line would turn `\r` + `\n` into one CRLF.
        let text = "a\r\t\nb";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["\t"]);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
