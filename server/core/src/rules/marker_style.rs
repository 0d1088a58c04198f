//! `marker-style`: One document writes the same marker in different bracket or case styles.

use foldhash::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{Closer, Marker};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "marker-style",
    severity: Severity::Info,
    default_enabled: true,
    summary: "One document writes the same marker in different bracket or case styles.",
    docs: r#"Finds a marker written in a different style from the rest of the document:
in the other kind of bracket (`[inaudible]` among `(inaudible)`), or in
another case (`(INAUDIBLE)` or a mid-sentence `(Inaudible)` among
`(inaudible)`). Each tag is compared with itself: a document may write
`(Laughter.)` and `[crosstalk]`, but not `(inaudible)` and `[inaudible]`.
The style used most often wins; on a tie, the first one written.

Sentence case is not a style. Many house styles, the State Department's among
them, write a marker that stands as a sentence with a capital and a period,
`(Inaudible.)`, and the same marker inside a sentence in lower case,
`(inaudible)`. So a capital is accepted wherever the marker opens a sentence:
first on its line or after its label, or after `.`, `?`, `!` or `:`. A lower
case marker mid-sentence and a capitalised one at a sentence start are the
same style. The period is never compared.

```text
SECRETARY KERRY: We have (inaudible) six months.
FOREIGN MINISTER LAVROV: (Inaudible.) That is the (inaudible) plan.
QUESTION: The [inaudible] and the (Inaudible) process?
```

Here `[inaudible]` (brackets) and `(Inaudible)` (a capital mid-sentence) are
reported; `(Inaudible.)` opens a sentence and is fine.

Fix (safe): rewrite the marker in the document's style, keeping its
timestamp and any period:

```text
QUESTION: The (inaudible) and the (inaudible) process?
```

A marker that is not properly closed is left to `unclosed-marker`.
"#,
    fix: FixKind::Safe,
    reads: Reads::MARKERS,
    work_per_item: Reads::MARKERS,
    offers_known_name: false,
};

/// How a tag's first word is capitalised. Later words are not compared:
/// `(in English)` capitalises a language, not a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Case {
    Lower,
    Capital,
    Upper,
    Mixed,
}

fn case_of(tag: &str) -> Case {
    let first = tag.split([' ', '-']).next().unwrap_or(tag);
    // Byte by byte for an ASCII word: most tags are.
    if first.is_ascii() {
        return case_from(
            first
                .bytes()
                .filter(u8::is_ascii_alphabetic)
                .map(|b| (b.is_ascii_uppercase(), b.is_ascii_lowercase())),
        );
    }
    case_from(
        first
            .chars()
            .filter(|c| c.is_alphabetic())
            .map(|c| (c.is_uppercase(), c.is_lowercase())),
    )
}

/// The case of a word from its letters, each as (upper case, lower case).
fn case_from(mut letters: impl Iterator<Item = (bool, bool)>) -> Case {
    let Some((head_upper, _)) = letters.next() else {
        return Case::Mixed;
    };
    let (mut rest_lower, mut rest_upper, mut more) = (true, true, false);
    for (upper, lower) in letters {
        more = true;
        rest_lower &= lower;
        rest_upper &= upper;
    }
    match (head_upper, rest_lower, rest_upper) {
        (false, true, _) => Case::Lower,
        (true, _, true) if more => Case::Upper,
        (true, true, _) => Case::Capital,
        _ => Case::Mixed,
    }
}

/// The most frequent value; on a tie, the one seen first.
fn dominant<T: Copy + Eq + std::hash::Hash>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(c, _)| *c == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == max).map(|(v, _)| v)
}

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // Each closed marker with its written case and its tag's group, found
    // once: the tags are few, the markers many.
    let mut groups: HashMap<&str, usize> = HashMap::default();
    let mut by_tag: Vec<Vec<(&Marker, Case)>> = Vec::new();
    let mut closed: Vec<(&Marker, Case, usize)> = Vec::new();
    for m in &doc.markers {
        if !matches!(m.closer, Closer::Matched(_)) {
            continue;
        }
        let case = case_of(doc.slice(&m.tag_range));
        let g = *groups.entry(m.tag.0.as_str()).or_insert_with(|| {
            by_tag.push(Vec::new());
            by_tag.len() - 1
        });
        by_tag[g].push((m, case));
        closed.push((m, case, g));
    }
    // Per tag, computed once: the dominant bracket and case, and a marker
    // that shows that case.
    let style: Vec<Option<(char, Case, &Marker)>> = by_tag
        .iter()
        .map(|same| {
            if same.len() < 2 {
                return None;
            }
            let opener = dominant(same.iter().map(|(m, _)| m.opener)).unwrap_or('(');
            let inline = same.iter().filter(|(m, _)| !m.sentence_start);
            let case = dominant(inline.map(|&(_, c)| c))
                .or_else(|| dominant(same.iter().map(|&(_, c)| c)))
                .unwrap_or(Case::Lower);
            // Tags match case-insensitively, so the model differs only in case.
            let &(model, _) = same.iter().find(|&&(_, c)| c == case)?;
            Some((opener, case, model))
        })
        .collect();
    for &(m, mine, g) in &closed {
        let Some((opener, case, model)) = style[g] else {
            continue;
        };
        let case_ok =
            mine == case || (m.sentence_start && case == Case::Lower && mine == Case::Capital);
        let bracket_ok = m.opener == opener;
        if case_ok && bracket_ok {
            continue;
        }
        let mut edits = Vec::new();
        if !bracket_ok {
            let Closer::Matched(close) = m.closer else {
                continue;
            };
            let closer = if opener == '(' { ")" } else { "]" };
            edits.push(Edit::replace(
                m.range.start..m.range.start + 1,
                opener.to_string(),
            ));
            edits.push(Edit::replace(close..close + 1, closer));
        }
        if !case_ok {
            edits.push(Edit::replace(
                m.tag_range.clone(),
                doc.slice(&model.tag_range),
            ));
        }
        let written = doc.slice(&m.range);
        // The marker as it should read: the edits, applied to it alone.
        let local: Vec<Edit> = Fix::safe("", edits.clone())
            .edits
            .into_iter()
            .map(|e| Edit::replace(e.range.start - m.range.start..e.range.end - m.range.start, e.new_text))
            .collect();
        let wanted = crate::fix::apply_edits(written, &local);
        let message = match (bracket_ok, case_ok) {
            (false, true) => format!("`{written}` uses other brackets than the rest of the document: `{wanted}`"),
            (true, false) => format!("`{written}` is cased differently from the rest of the document: `{wanted}`"),
            _ => format!("`{written}` differs in brackets and case from the rest of the document: `{wanted}`"),
        };
        ctx.push(
            Diagnostic::new(Rule::MarkerStyle, m.range.clone(), message)
                .with_fix(Fix::safe(format!("Write `{wanted}`"), edits)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::test_support::{applicability, fix_all, fix_one, lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::MarkerStyle;

    #[test]
    fn mixed_brackets() {
        let text = "MR ROBINSON: We have (inaudible) six months.\nQUESTION: The [inaudible] plan and the (inaudible) one?\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible]"]);
        assert_eq!(lines(text, &d), vec![2]);
        assert_eq!(
            d[0].message,
            "`[inaudible]` uses other brackets than the rest of the document: `(inaudible)`"
        );
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        let fixed = "MR ROBINSON: We have (inaudible) six months.\nQUESTION: The (inaudible) plan and the (inaudible) one?\n";
        assert_eq!(fix_one(text, &d[0]), fixed);
        assert_eq!(fix_all(RULE, text, false), fixed);
    }

    #[test]
    fn the_documented_example() {
        let text = "SECRETARY KERRY: We have (inaudible) six months.\nFOREIGN MINISTER LAVROV: (Inaudible.) That is the (inaudible) plan.\nQUESTION: The [inaudible] and the (Inaudible) process?\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[inaudible]", "(Inaudible)"]);
        assert_eq!(lines(text, &d), vec![3, 3]);
        assert_eq!(
            fix_all(RULE, text, false),
            text.replace("The [inaudible] and the (Inaudible)", "The (inaudible) and the (inaudible)")
        );
    }

    #[test]
    fn brackets_with_timestamps_follow_the_majority() {
        let text = "Dana Whitfield (00:01:26):\n[crosstalk 00:01:30] and [crosstalk 00:01:42] and (crosstalk 00:01:50).\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(crosstalk 00:01:50)"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "Dana Whitfield (00:01:26):\n[crosstalk 00:01:30] and [crosstalk 00:01:42] and [crosstalk 00:01:50].\n"
        );
    }

    #[test]
    fn mid_sentence_capital_and_shouting() {
        let text = "MR ROBINSON: We have (inaudible) six (inaudible) months and the (Inaudible) plan. (INAUDIBLE) Yes.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(Inaudible)", "(INAUDIBLE)"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "MR ROBINSON: We have (inaudible) six (inaudible) months and the (inaudible) plan. (inaudible) Yes.\n"
        );
    }

    #[test]
    fn case_and_bracket_together() {
        let text = "QUESTION: A (laughs) b (laughs) c [LAUGHS 00:00:12] d.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[LAUGHS 00:00:12]"]);
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: A (laughs) b (laughs) c (laughs 00:00:12) d.\n"
        );
    }

    #[test]
    fn capitalised_style_flags_lower_case_sentence_starts() {
        let text = "QUESTION: (Laughter.) Yes.\nMR ROBINSON: (Laughter.) No.\nQUESTION: (laughter.) Maybe.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["(laughter.)"]);
        assert_eq!(lines(text, &d), vec![3]);
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: (Laughter.) Yes.\nMR ROBINSON: (Laughter.) No.\nQUESTION: (Laughter.) Maybe.\n"
        );
    }

    #[test]
    fn quiet_on_sentence_case_and_different_tags() {
        for text in [
            // The State Department house style.
            "SECRETARY KERRY: We have (inaudible) six months.\nQUESTION: (Laughter.) (Inaudible.)\nFOREIGN MINISTER LAVROV: We don’t have that. (Inaudible) just recently, the (inaudible) plan.\nQUESTION: (Inaudible) another follow up?\n",
            // Different tags may use different brackets.
            "Dana Whitfield: (Laughter.) Well [crosstalk 00:01:02] and (Laughter.) [crosstalk].\n",
            // Languages keep their capitals.
            "MR ROBINSON: (in English) Yes. And (in English) no.\n",
            // Unclosed markers belong to unclosed-marker.
            "QUESTION: (inaudible) and [inaudible and (inaudible].\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}: {:?}", lint(RULE, text));
        }
    }

    #[test]
    fn case_forms() {
        use super::{case_of, Case};
        assert_eq!(case_of("inaudible"), Case::Lower);
        assert_eq!(case_of("Via interpreter"), Case::Capital);
        assert_eq!(case_of("Via Interpreter"), Case::Capital);
        assert_eq!(case_of("VIA INTERPRETER"), Case::Upper);
        assert_eq!(case_of("in English"), Case::Lower);
        assert_eq!(case_of("iNaudible"), Case::Mixed);
    }

    #[test]
    fn corpus_quiet_and_planted_error_found_and_fixed() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
        let Some((original, text, line)) = crate::rules::test_support::planted(
            "adopting (inaudible) SC",
            "adopting [inaudible] SC",
        ) else {
            return;
        };
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["[inaudible]"]);
        assert_eq!(lines(&text, &d), vec![line]);
        assert_eq!(fix_all(RULE, &text, false), original);
    }

    #[test]
    fn marker_and_footnote_rules_fix_together_and_converge() {
        let mut config = crate::Config::default();
        let mine = [
            Rule::UnclosedMarker,
            Rule::UnknownMarker,
            Rule::MarkerStyle,
            Rule::FootnoteMissingNote,
            Rule::FootnoteUnusedNote,
            Rule::FootnoteDuplicateNote,
            Rule::FootnoteOrder,
        ];
        for r in Rule::ALL {
            config.set_enabled(*r, mine.contains(r));
        }
        let text = "MR ROBINSON: We have (inaudible adopting (inaudible) SC resolution[2] and [inaudible] too[1].\nQUESTION: (Laugther.) (Inaudible.) Yes[3]?\n\nNotes\n[1] One.\n[2] Two.\n";
        let fixed = "MR ROBINSON: We have (inaudible) adopting (inaudible) SC resolution[1] and (inaudible) too[2].\nQUESTION: (Laughter.) (Inaudible.) Yes[3]?\n\nNotes\n[1] Two.\n[2] One.\n[3] TODO: note text\n";
        let outcome = crate::fix(text, &config, true);
        assert_eq!(outcome.text, fixed);
        assert!(!outcome.hit_round_limit);
        assert!(outcome.remaining.is_empty(), "{:?}", outcome.remaining);
        assert_eq!(crate::fix(fixed, &config, true).text, fixed);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any mix of brackets, tags, references, notes, line endings and
        /// multi-byte text: no panic, and fixing converges.
        #[test]
        fn fixing_any_text_converges(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "(", ")", "[", "]", "inaudible", "Inaudible.", "inaduible", "cross talk",
                "Laughter", " ", "\u{a0}", "\n", "\r\n", "\r", "[1]", "[2]", "[^3]", "[^3]: n",
                "Notes", "\n[1] note", "\n[2] note", "00:01:02", "é", "’", "QUESTION: ", "MR ROBINSON: ",
                "—", ".", "Via interpreter", "\n\n", "[3]", "[crosstalk", "(INAUDIBLE)",
            ]),
            0..40,
        )) {
            let text: String = parts.concat();
            let mut config = crate::Config::default();
            for r in Rule::ALL {
                let name = r.name();
                config.set_enabled(*r, name.contains("marker") || name.starts_with("footnote"));
            }
            let once = crate::fix(&text, &config, true);
            let twice = crate::fix(&once.text, &config, true);
            proptest::prop_assert_eq!(&twice.text, &once.text);
        }
    }
}
