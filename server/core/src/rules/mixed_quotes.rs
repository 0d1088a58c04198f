//! `mixed-quotes`: One document mixes straight and curly quotes.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "mixed-quotes",
    severity: Severity::Hint,
    default_enabled: false,
    summary: "One document mixes straight and curly quotes.",
    docs: r#"Finds quote marks and apostrophes in the minority style when a document
mixes straight ones (`"`, `'`) with curly ones (`“ ” ‘ ’`). Text pasted from
another source often brings the other style with it.

Off by default: many pipelines do not care. Enable it with
`extend-select = ["mixed-quotes"]`.

```text
SECRETARY KERRY: That’s why we call it “Mission Impossible.” It's hard.
```

Here `It's` is reported: the document's style is curly. The style with more
marks wins; on a tie, curly.

The fix writes the mark in the dominant style. Straightening is always
certain. Curling is only offered when the mark's neighbours settle whether
it opens or closes: `"yes,"` becomes `“yes,”` and `don't` becomes `don’t`,
but a leading `'` (`'90s` wants `’`, `'Yes'` wants `‘`) and feet and inches
(`5'10"`) are reported without a fix.
"#,
    fix: FixKind::Safe,
    reads: Reads::QUOTES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let quotes = &doc.lexical.quotes;
    let curly = quotes.iter().filter(|q| q.curly).count();
    let straight = quotes.len() - curly;
    if curly == 0 || straight == 0 {
        return;
    }
    let want_curly = curly >= straight;
    let (style, other) = if want_curly {
        ("curly", "straight")
    } else {
        ("straight", "curly")
    };
    for q in quotes.iter().filter(|q| q.curly != want_curly) {
        let mut diagnostic = Diagnostic::new(
            Rule::MixedQuotes,
            q.range.clone(),
            format!("A {other} quote in a document that uses {style} quotes"),
        );
        if let Some(c) = q.converted() {
            diagnostic = diagnostic.with_fix(Fix::safe(
                format!("Write `{c}`"),
                vec![Edit::replace(q.range.clone(), c.to_string())],
            ));
        }
        ctx.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::MixedQuotes;

    #[test]
    fn fires_on_the_minority_style() {
        let text = "KERRY: That’s why we call it “Mission Impossible.”\nIt's hard, he said \"yes.\"";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["'", "\"", "\""]);
        assert_eq!(lines(text, &d), vec![2, 2, 2]);
        assert_eq!(
            d[0].message,
            "A straight quote in a document that uses curly quotes"
        );
    }

    #[test]
    fn quiet_on_one_style() {
        assert!(lint(RULE, "KERRY: That’s “it” and ‘this’.").is_empty());
        assert!(lint(RULE, "KERRY: That's \"it\" and 'this'.").is_empty());
        assert!(lint(RULE, "KERRY: No quotes -- at all.").is_empty());
    }

    #[test]
    fn off_by_default() {
        let text = "That’s it's.";
        let d = crate::lint(text, &crate::Config::default());
        assert!(d.iter().all(|d| d.rule != RULE));
    }

    #[test]
    fn curls_only_when_certain() {
        let text = "“It’s” the ‘best’ ones, isn’t it? \"Yes,\" 'cause it's 5'10\".\r\n";
        let d = lint(RULE, text);
        let fixable: Vec<(&str, bool)> = d
            .iter()
            .map(|d| (&text[d.range.clone()], d.fix.is_some()))
            .collect();
        assert_eq!(
            fixable,
            vec![
                ("\"", true),
                ("\"", true),
                ("'", false),
                ("'", true),
                ("'", false),
                ("\"", false)
            ]
        );
        let fixed = fix_all(RULE, text, false);
        assert_eq!(
            fixed,
            "“It’s” the ‘best’ ones, isn’t it? “Yes,” 'cause it’s 5'10\".\r\n"
        );
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn straightens_when_straight_dominates() {
        let text = "\"It's\" 'this' isn't “that’s”.\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(fixed, "\"It's\" 'this' isn't \"that's\".\n");
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
