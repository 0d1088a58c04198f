//! `unclosed-marker`: An annotation marker is opened and never closed, or closed with the wrong bracket.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::Closer;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "unclosed-marker",
    severity: Severity::Error,
    default_enabled: true,
    summary: "An annotation marker is opened and never closed, or closed with the wrong bracket.",
    docs: r#"Finds annotation markers such as `(inaudible)`, `(Laughter.)` or
`[crosstalk 00:06:51]` whose bracket is never closed on its line, or is
closed with the other kind of bracket.

An unclosed marker swallows the words after it: a reader (and any tool that
strips annotations before publishing) takes the rest of the sentence for part
of the annotation. A marker that is still open on a line with later, closed
markers is reported on its own; the closed ones are fine.

A bracket opened inside the marker must close before the marker can, so
`(Laughter (inaudible))` is closed.

```text
SECRETARY KERRY: We have actually (inaudible adopting (inaudible) SC resolution.
QUESTION: (Laughter. (Inaudible.)
Dana Whitfield: And [inaudible 00:01:38 that nobody saw.
MR ROBINSON: It was (inaudible] at the time.
```

Fix (safe): insert the right closer straight after the tag, its period and
any timestamp it carries; a wrong closer right there is replaced.

```text
SECRETARY KERRY: We have actually (inaudible) adopting (inaudible) SC resolution.
QUESTION: (Laughter.) (Inaudible.)
Dana Whitfield: And [inaudible 00:01:38] that nobody saw.
MR ROBINSON: It was (inaudible) at the time.
```

When a wrong closer stands further away (`(inaudible that was said]`), it may
belong to another bracket, so it is left alone and the right closer is
inserted after the tag.
"#,
    fix: FixKind::Safe,
    reads: Reads::MARKERS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for marker in &doc.markers {
        let want = marker.expected_closer();
        let opened = doc.slice(&(marker.range.start..marker.close_at));
        let diagnostic = match marker.closer {
            Closer::Matched(_) => continue,
            Closer::Missing => Diagnostic::new(
                Rule::UnclosedMarker,
                marker.range.start..marker.close_at,
                format!("`{opened}` is never closed"),
            )
            .with_fix(Fix::safe(
                format!("Insert `{want}`"),
                vec![Edit::insert(marker.close_at, want.to_string())],
            )),
            Closer::Mismatched(at) => {
                let between = doc.slice(&(marker.close_at..at));
                let wrong = doc.slice(&(at..at + 1));
                if between.trim().is_empty() {
                    Diagnostic::new(
                        Rule::UnclosedMarker,
                        marker.range.clone(),
                        format!("`{opened}` is closed with `{wrong}`; expected `{want}`"),
                    )
                    .with_fix(Fix::safe(
                        format!("Replace `{wrong}` with `{want}`"),
                        vec![Edit::replace(marker.close_at..at + 1, want.to_string())],
                    ))
                } else {
                    Diagnostic::new(
                        Rule::UnclosedMarker,
                        marker.range.start..marker.close_at,
                        format!("`{opened}` is never closed (the `{wrong}` later on does not match `{}`)", marker.opener),
                    )
                    .with_fix(Fix::safe(
                        format!("Insert `{want}`"),
                        vec![Edit::insert(marker.close_at, want.to_string())],
                    ))
                }
            }
        };
        ctx.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::test_support::{applicability, fix_all, fix_one, lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::UnclosedMarker;

    #[test]
    fn open_marker_before_a_closed_one_is_the_only_one_reported() {
        let text = "SECRETARY KERRY: Thank you.\n\nSECRETARY KERRY: We have actually (inaudible adopting (inaudible) SC resolution.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(inaudible"]);
        assert_eq!(lines(text, &d), vec![3]);
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        assert_eq!(
            fix_one(text, &d[0]),
            "SECRETARY KERRY: Thank you.\n\nSECRETARY KERRY: We have actually (inaudible) adopting (inaudible) SC resolution.\n"
        );
    }

    #[test]
    fn closer_goes_after_the_period() {
        let text = "QUESTION: (Laughter. (Inaudible.)\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(Laughter."]);
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: (Laughter.) (Inaudible.)\n"
        );
    }

    #[test]
    fn closer_goes_after_the_timestamp() {
        let text = "Dana Whitfield (00:01:26):\nAnd [inaudible 00:01:38 that nobody saw.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible 00:01:38"]);
        assert_eq!(lines(text, &d), vec![2]);
        assert_eq!(
            fix_all(RULE, text, false),
            "Dana Whitfield (00:01:26):\nAnd [inaudible 00:01:38] that nobody saw.\n"
        );
    }

    #[test]
    fn multi_word_tag() {
        let text = "FOREIGN MINISTER LAVROV: (Via interpreter And the question is simple.";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(Via interpreter"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "FOREIGN MINISTER LAVROV: (Via interpreter) And the question is simple."
        );
    }

    #[test]
    fn wrong_closer_is_replaced() {
        let text = "MR ROBINSON: It was (inaudible] at the time, [crosstalk 00:01:02) too.\n";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["(inaudible]", "[crosstalk 00:01:02)"]
        );
        assert!(d[0].message.contains("expected `)`"), "{}", d[0].message);
        assert_eq!(
            fix_all(RULE, text, false),
            "MR ROBINSON: It was (inaudible) at the time, [crosstalk 00:01:02] too.\n"
        );
    }

    #[test]
    fn distant_wrong_closer_is_left_alone() {
        let text = "MR ROBINSON: [He said (inaudible that day] and left.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(inaudible"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "MR ROBINSON: [He said (inaudible) that day] and left.\n"
        );
    }

    #[test]
    fn several_on_one_line_fix_in_one_go() {
        let text = "QUESTION: (inaudible and (Laughter. and (inaudible) end (crosstalk";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["(inaudible", "(Laughter.", "(crosstalk"]
        );
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: (inaudible) and (Laughter.) and (inaudible) end (crosstalk)"
        );
    }

    #[test]
    fn crlf_is_kept() {
        let text = "QUESTION: (inaudible yes.\r\nMR ROBINSON: No.\r\n";
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: (inaudible) yes.\r\nMR ROBINSON: No.\r\n"
        );
    }

    #[test]
    fn quiet_on_closed_and_nested_markers() {
        for text in [
            "QUESTION: (Laughter.) (Inaudible.)\n",
            "SECRETARY KERRY: Thank you. (Via interpreter) Yes (inaudible) and [crosstalk 00:06:51].\n",
            "QUESTION: (Laughter (inaudible)) Thanks.\n",
            "MR ROBINSON: The (pauses) and (musical) are not markers (as noted.\n",
            "MR ROBINSON: He was [inaudible] here.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}");
        }
    }

    #[test]
    fn corpus_quiet_and_planted_error_found_and_fixed() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
        let Some((original, text, line)) = crate::rules::test_support::planted(
            "actually (inaudible) adopting",
            "actually (inaudible adopting",
        ) else {
            return;
        };
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["(inaudible"]);
        assert_eq!(lines(&text, &d), vec![line]);
        assert_eq!(fix_all(RULE, &text, false), original);
    }
}
