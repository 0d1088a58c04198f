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
`[crosstalk 00:06:51]` whose bracket is never closed in its paragraph, or is
closed with the other kind of bracket.

An unclosed marker swallows the words after it: a reader (and any tool that
strips annotations before publishing) takes the rest of the sentence for part
of the annotation. A marker that is still open on a line with later, closed
markers is reported on its own; the closed ones are fine.

A bracket opened inside the marker must close before the marker can, so
`(Laughter (inaudible))` is closed. In hard-wrapped text a marker may close
on a later line of its paragraph: `[inaudible` at the end of one line and
`00:14:22]` at the start of the next are one closed marker.

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

When a wrong closer stands further away (`[He said (inaudible that day]`), it
may belong to another bracket, so it is left alone and the right closer is
inserted after the tag; when no bracket around the marker would take it, the
fix (unsafe) replaces it instead, so that no closer is left stray.

A parenthetical phrase (`(Pause in the proceedings.`: a capitalised tag
followed by lower-case words) is closed at the end of its sentence, never
after its first word. That is safe only when the phrase is its paragraph
alone and ends it; otherwise the fix is unsafe.
"#,
    fix: FixKind::Safe,
    reads: Reads::MARKERS,
    work_per_item: Reads::MARKERS,
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for marker in &doc.markers {
        let want = marker.expected_closer();
        let opened = doc.slice(&(marker.range.start..marker.close_at));
        let insert = |at: usize| vec![Edit::insert(at, want.to_string())];
        let diagnostic = match marker.closer {
            Closer::Matched(_) => continue,
            Closer::Missing => match marker.open_end {
                // `(Pause in the proceedings.`: the closer ends the phrase,
                // never the tag. Only a phrase that is its whole paragraph
                // ends for certain where the paragraph does.
                Some(end) if end.phrase => {
                    let range = marker.range.start..end.phrase_end;
                    // A phrase wrapped over lines is quoted to its first
                    // line's end: what follows a line break may be a court
                    // transcript's gutter, which is no part of it.
                    let phrase = doc.slice(&range);
                    let message = match phrase.find(['\n', '\r']) {
                        Some(cut) => format!("`{}` … is never closed", phrase[..cut].trim_end()),
                        None => format!("`{phrase}` is never closed"),
                    };
                    let fix = if end.alone && end.ends_paragraph {
                        Fix::safe(format!("Insert `{want}` at the end of the paragraph"), insert(end.phrase_end))
                    } else {
                        Fix::unsafe_(format!("Insert `{want}` at the end of the sentence"), insert(end.phrase_end))
                    };
                    Diagnostic::new(Rule::UnclosedMarker, range, message).with_fix(fix)
                }
                _ => Diagnostic::new(
                    Rule::UnclosedMarker,
                    marker.range.start..marker.close_at,
                    format!("`{opened}` is never closed"),
                )
                .with_fix(Fix::safe(format!("Insert `{want}`"), insert(marker.close_at))),
            },
            Closer::Mismatched(at) => {
                let between = doc.slice(&(marker.close_at..at));
                let wrong = doc.slice(&(at..at + 1));
                if between.trim().is_empty() {
                    // Replace the spaces too, but never a line break: the
                    // closer may stand at the start of the next line.
                    let from = if between.contains(['\n', '\r']) { at } else { marker.close_at };
                    Diagnostic::new(
                        Rule::UnclosedMarker,
                        marker.range.clone(),
                        format!("`{opened}` is closed with `{wrong}`; expected `{want}`"),
                    )
                    .with_fix(Fix::safe(
                        format!("Replace `{wrong}` with `{want}`"),
                        vec![Edit::replace(from..at + 1, want.to_string())],
                    ))
                } else {
                    let message = format!("`{opened}` is never closed (the `{wrong}` later on does not match `{}`)", marker.opener);
                    let diagnostic = Diagnostic::new(Rule::UnclosedMarker, marker.range.start..marker.close_at, message);
                    // Closing the marker after its tag is safe when the wrong
                    // closer then closes the bracket around the marker;
                    // otherwise it would be left with nothing to close, and
                    // the wrong closer may as well be the marker's own.
                    if marker.wrong_closer_has_owner {
                        diagnostic.with_fix(Fix::safe(format!("Insert `{want}`"), insert(marker.close_at)))
                    } else {
                        diagnostic.with_fix(Fix::unsafe_(
                            format!("Replace `{wrong}` with `{want}`"),
                            vec![Edit::replace(at..at + 1, want.to_string())],
                        ))
                    }
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

    /// The hard-wrapped oral history of `tests/fixtures/formats`.
    const WRAPPED: &str = "\
MK: The carriers. There was one carrier, the Delia May, that the foreman,
he was a Swede, [inaudible
00:14:22] and he'd stand on the wharf with his watch.

TR: Do you remember his name?
";

    #[test]
    fn a_marker_closed_on_the_next_line_is_closed() {
        assert!(lint(RULE, WRAPPED).is_empty());
        assert_eq!(fix_all(RULE, WRAPPED, true), WRAPPED);
        // Its timestamp, at the start of the next line, is the marker's.
        let doc = crate::model::Transcript::parse(WRAPPED, &Default::default());
        let m = &doc.markers[0];
        assert_eq!(doc.slice(&m.range), "[inaudible\n00:14:22]");
        assert_eq!(m.timestamp.clone().map(|t| doc.slice(&t)), Some("00:14:22"));
        assert_eq!(doc.timestamps.len(), 1);
        // Also closed by words and with brackets inside, over three lines.
        let text = "MK: It was (inaudible [he\nsaid] something\nlike that) yes.\n";
        assert!(lint(RULE, text).is_empty());
    }

    #[test]
    fn a_marker_open_at_the_end_of_its_paragraph_is_unclosed() {
        let text = "MK: he was a Swede, [inaudible\nand he'd stand on the wharf.\n\nTR: Yes.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible"]);
        assert_eq!(lines(text, &d), vec![1]);
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        assert_eq!(
            fix_all(RULE, text, false),
            "MK: he was a Swede, [inaudible]\nand he'd stand on the wharf.\n\nTR: Yes.\n"
        );
        // The tag's timestamp on the next line goes inside the closer.
        let text = "MK: a Swede, [inaudible\n00:14:22 and he'd stand.\n\nTR: Yes.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible\n00:14:22"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "MK: a Swede, [inaudible\n00:14:22] and he'd stand.\n\nTR: Yes.\n"
        );
    }

    #[test]
    fn a_closer_after_a_blank_line_or_a_new_turn_closes_nothing() {
        let text = "MK: a Swede, [inaudible\n\n00:14:22] and he'd stand.\n";
        assert_eq!(spans(text, &lint(RULE, text)), vec!["[inaudible"]);
        let text = "SECRETARY KERRY: We have (inaudible\nMR KIRBY: then) yes.\n\nMR KIRBY: ok.\n";
        assert_eq!(spans(text, &lint(RULE, text)), vec!["(inaudible"]);
    }

    #[test]
    fn a_wrong_closer_on_the_next_line() {
        let text = "MK: a Swede, [inaudible\n00:14:22) and he'd stand.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible\n00:14:22)"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "MK: a Swede, [inaudible\n00:14:22] and he'd stand.\n"
        );
    }

    #[test]
    fn a_wrong_closer_with_nothing_else_to_close_is_not_left_stray() {
        let text = "MR ROBINSON: It was (inaudible that day] and left.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(inaudible"]);
        assert_eq!(applicability(&d[0]), Applicability::Unsafe);
        assert_eq!(fix_all(RULE, text, false), text);
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: It was (inaudible that day) and left.\n"
        );
    }

    #[test]
    fn a_parenthetical_phrase_closes_at_its_end_never_after_its_first_word() {
        // Alone in its paragraph, over two lines: the end is certain.
        let text = "THE COURT: You may.\n\n(Pause in the\nproceedings.\n\nTHE COURT: Go on.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(Pause in the\nproceedings."]);
        assert_eq!(lines(text, &d), vec![3]);
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        assert_eq!(
            fix_all(RULE, text, false),
            "THE COURT: You may.\n\n(Pause in the\nproceedings.)\n\nTHE COURT: Go on.\n"
        );
        // After a label, or with a sentence after it: a guess, so unsafe.
        for (text, fixed) in [
            (
                "THE COURT: (Pause in the proceedings.\n",
                "THE COURT: (Pause in the proceedings.)\n",
            ),
            (
                "THE COURT: Wait.\n\n(Recess taken. Back on the record.\n",
                "THE COURT: Wait.\n\n(Recess taken.) Back on the record.\n",
            ),
        ] {
            let d = lint(RULE, text);
            assert_eq!(d.len(), 1, "{text:?}");
            assert_eq!(applicability(&d[0]), Applicability::Unsafe, "{text:?}");
            assert_eq!(fix_all(RULE, text, false), text);
            assert_eq!(fix_all(RULE, text, true), fixed);
        }
        // A bracket inside the phrase: where it ends is unknown.
        let text = "(Pause in the [sic] proceedings\n";
        let d = lint(RULE, text);
        assert_eq!(applicability(&d[0]), Applicability::Unsafe);
    }

    /// A court page: the line-number gutter, then the reporter's footer
    /// (with a telephone number in brackets) and the next page's number.
    fn court_pages(first: &[&str], second: &[&str]) -> String {
        let page = |lines: &[&str]| -> Vec<String> {
            (1..=25)
                .map(|n| match lines.get(n - 1).filter(|l| !l.is_empty()) {
                    Some(l) => format!("{n:>2}   {l}"),
                    None => format!("{n:>2}"),
                })
                .collect()
        };
        let footer = "          RENEE T. SANDOVAL, RMR, CRR - OFFICIAL COURT REPORTER - (651) 555-0142";
        let mut out = vec![format!("{:>68}", 1)];
        out.extend(page(first));
        out.extend([footer.to_string(), String::new(), format!("{:>68}", 2)]);
        out.extend(page(second));
        out.push(footer.to_string());
        out.join("\n") + "\n"
    }

    #[test]
    fn a_parenthetical_over_a_page_break_closes_on_the_next_page_never_in_the_footer() {
        let mut first = vec![""; 25];
        first[21] = "          THE COURT:  We will take ten minutes.";
        first[23] = "          (Whereupon, a recess was taken from";
        first[24] = "10:47 a.m. to 10:58 a.m.";
        let second = [
            "",
            "          THE COURT:  Please be seated.",
            "          MR. HARLAN:  Thank you, Your Honor.",
        ];
        let text = court_pages(&first, &second);
        let d = lint(RULE, &text);
        assert_eq!(lines(&text, &d), vec![25], "{d:#?}");
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        assert_eq!(
            fix_all(RULE, &text, false),
            text.replace("to 10:58 a.m.\n", "to 10:58 a.m.)\n")
        );
        // Wrapped onto the next page, past the footer and the page number:
        // the closer goes after the phrase there, not after the footer's
        // words before its `(651)`.
        first[23] = "";
        first[24] = "          (Whereupon, a recess was taken from";
        let second = [
            "10:47 a.m. to 10:58 a.m.",
            "",
            "          THE COURT:  Please be seated.",
        ];
        let text = court_pages(&first, &second);
        let d = lint(RULE, &text);
        assert_eq!(lines(&text, &d), vec![26], "{d:#?}");
        assert_eq!(
            fix_all(RULE, &text, true),
            text.replace("to 10:58 a.m.\n", "to 10:58 a.m.)\n")
        );
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
