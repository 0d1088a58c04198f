//! `multiple-blank-lines`: More than one blank line in a row.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "multiple-blank-lines",
    severity: Severity::Info,
    default_enabled: true,
    summary: "More than one blank line in a row.",
    docs: r#"Finds runs of two or more blank lines. Transcripts separate paragraphs
and turns with one blank line; extra ones are usually left over from deleted
text and make a published transcript look unfinished.

```text
QUESTION: Yes. Can you hear me?


QUESTION: (Laughter.) (Inaudible.)
```

The fix deletes the extra blank lines and keeps one. A line holding only
whitespace counts as blank. The empty "line" after a file's final newline
does not count, so a file that ends in one newline is never reported.
"#,
    fix: FixKind::Safe,
    reads: Reads::TEXT,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for run in &doc.lexical.blank_runs {
        if run.len() < 2 {
            continue;
        }
        let extra = run.len() - 1;
        let first_extra = &doc.lines[run.start + 1];
        let last = &doc.lines[run.end - 1];
        // Whole lines go, terminators included, so the ones that stay keep
        // their own line endings.
        let fix = Fix::safe(
            if extra == 1 {
                "Remove the extra blank line".to_string()
            } else {
                format!("Remove {extra} extra blank lines")
            },
            vec![Edit::delete(first_extra.start..last.end)],
        );
        let message = format!("{} blank lines in a row", run.len());
        ctx.push(
            Diagnostic::new(
                Rule::MultipleBlankLines,
                first_extra.start..last.content_end,
                message,
            )
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::MultipleBlankLines;

    #[test]
    fn fires_on_two_or_more_blank_lines() {
        let text = "QUESTION: Yes.\n\n\nMR KIRBY: No.\n\n \n\t\nEnd.\n";
        let d = lint(RULE, text);
        assert_eq!(lines(text, &d), vec![3, 6]);
        assert_eq!(spans(text, &d), vec!["", " \n\t"]);
        assert_eq!(d[0].message, "2 blank lines in a row");
        assert_eq!(d[1].message, "3 blank lines in a row");
    }

    #[test]
    fn quiet_on_single_blank_lines_and_final_newline() {
        let text = "QUESTION: Yes.\n\nMR KIRBY: No.\n\nEnd.\n";
        assert!(lint(RULE, text).is_empty());
        assert!(lint(RULE, "").is_empty());
        assert!(lint(RULE, "\n").is_empty());
    }

    #[test]
    fn fix_keeps_one_blank_line() {
        let text = "a\n\n\n\nb\n\n\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "a\n\nb\n\n");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn fix_keeps_crlf() {
        let text = "a\r\n\r\n  \r\n\r\nb\r\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "a\r\n\r\nb\r\n");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn whitespace_rules_together_converge() {
        let mut config = crate::Config::default();
        for r in Rule::ALL {
            config.set_enabled(
                *r,
                matches!(r, Rule::MultipleBlankLines | Rule::TrailingWhitespace),
            );
        }
        let text = "a \r\n \r\n\t\r\n\r\nb";
        let out = crate::fix(text, &config, false);
        assert_eq!(out.text, "a\r\n\r\nb");
        assert!(out.remaining.is_empty());
    }

    #[test]
    fn corpus_runs_of_blank_lines() {
        // The published files do hold three runs of extra blank lines.
        if let Some(found) = corpus_findings(RULE) {
            let de_mistura = "state-dept-2015-12-18-kerry-lavrov-de-mistura.txt".to_string();
            let geneva = "state-dept-2016-09-09-kerry-lavrov-geneva.txt".to_string();
            assert_eq!(
                found,
                vec![(de_mistura.clone(), 87), (de_mistura, 100), (geneva, 53)]
            );
        }
    }
}
