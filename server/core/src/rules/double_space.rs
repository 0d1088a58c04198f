//! `double-space`: Two or more spaces between words.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "double-space",
    severity: Severity::Hint,
    default_enabled: false,
    summary: "Two or more spaces between words.",
    docs: r#"Finds two or more spaces (or no-break spaces) between two words or
punctuation marks. Leading indentation and trailing whitespace are left to
the layout and to `trailing-whitespace`.

Off by default: some house styles still put two spaces after a sentence.
Enable it with `extend-select = ["double-space"]`.

```text
SECRETARY KERRY: Thank you.  We have agreed.
```

The fix keeps one space: the first character of the run, so a no-break space
after a label stays a no-break space.
"#,
    fix: FixKind::Safe,
    reads: Reads::SPACING,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for range in &doc.lexical.double_spaces {
        let run = doc.slice(range);
        let keep = run.chars().next().unwrap_or(' ');
        let fix = Fix::safe(
            "Replace with one space",
            vec![Edit::replace(range.clone(), keep.to_string())],
        );
        let message = format!("{} spaces in a row", run.chars().count());
        ctx.push(Diagnostic::new(Rule::DoubleSpace, range.clone(), message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::DoubleSpace;

    #[test]
    fn fires_between_words() {
        let text = "SECRETARY KERRY: Thank you.  We have   agreed.\nMR KIRBY:\u{a0} Yes.";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["  ", "   ", "\u{a0} "]);
        assert_eq!(lines(text, &d), vec![1, 1, 2]);
        assert_eq!(d[1].message, "3 spaces in a row");
    }

    #[test]
    fn quiet_on_indentation_trailing_space_and_tabs() {
        let text = "    Indented text.  \nColumn\t\tcolumn\nOne space.\u{a0}No-break.";
        assert!(lint(RULE, text).is_empty());
    }

    #[test]
    fn off_by_default() {
        let text = "Thank you.  We agree.";
        let diagnostics = crate::lint(text, &crate::Config::default());
        assert!(diagnostics.iter().all(|d| d.rule != RULE));
    }

    #[test]
    fn fix_keeps_one_space() {
        let text = "Thank you.  We   agree.\r\nKERRY:\u{a0}\u{a0}Yes.\r\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "Thank you. We agree.\r\nKERRY:\u{a0}Yes.\r\n");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }

    /// A court transcript's gutter and the two spaces its format puts after
    /// a colloquy colon are no double space; two spaces in the text are.
    #[test]
    fn quiet_on_the_gutter_and_a_colloquy_label() {
        let text = "\
 1             THE COURT:  Good morning.  Be seated.
 2   Counsel, your appearances.
 3        Q.   Where?
";
        let d = lint_with(RULE, text, "format = \"court\"");
        assert_eq!(spans(text, &d), vec!["  "]);
        assert_eq!(
            d[0].range.start,
            text.find(".  Be").unwrap() + 1,
            "the run between the sentences, counted with the gutter"
        );
    }
}

