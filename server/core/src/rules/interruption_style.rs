//! `interruption-style`: One document uses both `--` and `—` for cut-offs.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::Dash;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "interruption-style",
    severity: Severity::Info,
    default_enabled: true,
    summary: "One document uses both `--` and `—` for cut-offs.",
    docs: r#"Finds cut-offs written in more than one way in one document: `--` in
some places, an em dash `—` (or an en dash `–`) in others. A house style
picks one.

A dash counts as a cut-off only where speech breaks off or resumes:
- at the end of a line, or followed only by a closing quote or an
  annotation (`a little --`, `I was going to— [crosstalk 00:01:02]`);
- straight before a closing quote (`“I was --” he said`);
- at the start of a turn or paragraph (`SECRETARY KERRY: -- that’s
  important.`).

A dash inside a sentence (`after nine – six months`) is punctuation, so
transcripts that use spaced en dashes in sentences and `--` for cut-offs, as
State Department transcripts do, are consistent.

```text
QUESTION: Can you give us a little --
SECRETARY KERRY: Well, I was going to—
```

The `—` is reported, since `--` is the style used more often (on a tie, the
one used first). The fix writes the dominant dash in its place and leaves
the spacing around it alone.
"#,
    fix: FixKind::Safe,
    reads: Reads::CUT_OFFS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let cut_offs = &doc.lexical.cut_offs;
    // Counts per style, in order of first use, so a tie goes to the first.
    let mut styles: Vec<(Dash, usize, usize)> = Vec::new();
    for (i, c) in cut_offs.iter().enumerate() {
        match styles.iter_mut().find(|(d, ..)| *d == c.dash) {
            Some((_, n, _)) => *n += 1,
            None => styles.push((c.dash, 1, i)),
        }
    }
    if styles.len() < 2 {
        return;
    }
    let (dominant, _, first) = styles
        .iter()
        .copied()
        .reduce(|best, s| if s.1 > best.1 { s } else { best })
        .expect("at least two styles");
    let example = cut_offs[first].range.clone();
    for c in cut_offs.iter().filter(|c| c.dash != dominant) {
        let fix = Fix::safe(
            format!("Write `{}`", dominant.as_str()),
            vec![Edit::replace(c.range.clone(), dominant.as_str())],
        );
        ctx.push(
            Diagnostic::new(
                Rule::InterruptionStyle,
                c.range.clone(),
                format!(
                    "Cut-off written `{}` where this document uses `{}`",
                    c.dash.as_str(),
                    dominant.as_str()
                ),
            )
            .with_related(example.clone(), "The dominant cut-off style")
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::InterruptionStyle;

    const TEXT: &str = "\
QUESTION: Yeah, number one, number --

SECRETARY KERRY: -- that’s important. After nine – six months – we agreed.

QUESTION: Can you give us a little—

SECRETARY KERRY: Could I – I just --
";

    #[test]
    fn fires_on_the_minority_style() {
        let d = lint(RULE, TEXT);
        assert_eq!(spans(TEXT, &d), vec!["—"]);
        assert_eq!(lines(TEXT, &d), vec![5]);
        assert_eq!(
            d[0].message,
            "Cut-off written `—` where this document uses `--`"
        );
        assert_eq!(&TEXT[d[0].related[0].range.clone()], "--");
        assert_eq!(d[0].related[0].range.start, TEXT.find("--").unwrap());
    }

    #[test]
    fn quiet_when_sentence_dashes_differ_from_cut_offs() {
        // The State Department style: spaced en dashes in sentences, `--`
        // for cut-offs.
        let text = "\
SECRETARY KERRY: It’s very high-tech. (Laughter.) Can you try – can you give us a little --

SECRETARY KERRY: Could I – I just --
MR KIRBY: Well—we moved on—and then we stopped -- (Laughter.)
";
        assert!(lint(RULE, text).is_empty());
    }

    #[test]
    fn tie_goes_to_the_first_style() {
        let text = "A: I was—\n\nB: And I --\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["--"]);
    }

    #[test]
    fn fix_writes_the_dominant_dash() {
        let text = "A: I was—\r\nB: “I was —” he said.\r\nC: -- and so --\r\nD: Yes—\r\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(
            fixed,
            "A: I was—\r\nB: “I was —” he said.\r\nC: — and so —\r\nD: Yes—\r\n"
        );
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
