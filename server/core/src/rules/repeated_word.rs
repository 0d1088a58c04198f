//! `repeated-word`: The same word twice in a row.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "repeated-word",
    severity: Severity::Info,
    default_enabled: true,
    summary: "The same word twice in a row.",
    docs: r#"Finds a word written twice with only spaces between, on one line and
ignoring case: `the the`, `The the`. A doubled word is the commonest slip in
typed transcripts.

```text
SECRETARY KERRY: We will continue to to work on this.
```

It stays quiet on:
- doubles that English uses on purpose: `had had`, `that that`, `what it is
  is`, `going on on the ground`, and spoken emphasis such as `very very`,
  `no no` or `bye bye`;
- numbers (`2 2`);
- capitalised place and personal names such as `Bora Bora`;
- words separated by anything but spaces: punctuation (`Yes. Yes.`), a dash
  (`the – the`, a restart), an annotation (`the (inaudible) the`), a label or
  a line break.

The fix deletes the second word. It is unsafe: in a verbatim transcript a
repetition may be what the speaker said.
"#,
    fix: FixKind::Unsafe,
    reads: Reads::DOUBLED_WORDS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

/// Words English doubles on purpose (`had had`, `that that`, `what it is
/// is`, `what they do do`, `going on on the ground`) and spoken repetitions a
/// transcript keeps (`very very`, `no no`, `hear hear`). Lower case. Doubles
/// that are nearly always slips (`in in`, `to to`, `the the`) stay out.
const LEGITIMATE_DOUBLES: &[&str] = &[
    "had", "that", "is", "on", "do", "very", "really", "no", "yes", "yeah", "well", "so", "bye",
    "ha", "now", "many", "far", "okay", "ok", "please", "hear", "there", "knock", "blah", "tut",
    "go",
];

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for pair in &doc.lexical.doubled_words {
        let first = doc.slice(&pair.first);
        let second = doc.slice(&pair.second);
        if second.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let lower = second.to_lowercase();
        if LEGITIMATE_DOUBLES.contains(&lower.as_str()) {
            continue;
        }
        let capitalised = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)
        };
        if capitalised(first) && capitalised(second) {
            continue;
        }
        let fix = Fix::unsafe_(
            format!("Delete the repeated `{second}`"),
            vec![Edit::delete(pair.first.end..pair.second.end)],
        );
        ctx.push(
            Diagnostic::new(
                Rule::RepeatedWord,
                pair.first.start..pair.second.end,
                format!("`{lower}` twice in a row"),
            )
            .with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::RepeatedWord;

    #[test]
    fn fires_on_doubled_words() {
        let text = "SECRETARY KERRY: We will continue to to work.\nThe the plan is\u{a0}is not... \
                    I mean the ceasefire ceasefire.\nMR KIRBY: a a";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["to to", "The the", "ceasefire ceasefire", "a a"]
        );
        assert_eq!(lines(text, &d), vec![1, 2, 2, 3]);
        assert_eq!(d[0].message, "`to` twice in a row");
        assert_eq!(applicability(&d[0]), crate::Applicability::Unsafe);
    }

    #[test]
    fn quiet_on_near_misses() {
        let text = "\
SECRETARY KERRY: He had had enough. We have a timeframe that that process needs.
What it is is a start. What is going on on the ground matters. Very very good.
Yes. Yes. The – the plan. The (inaudible) the end. Number 2 2.
We met in Bora Bora and Walla Walla. The plan, plan B. Doubled
doubled across a line break.
QUESTION: QUESTION: is a label.";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), Vec::<&str>::new());
    }

    #[test]
    fn fix_deletes_the_second_word() {
        let text = "We will continue to to work.\r\nThe the end the  the end.\r\n";
        let d = lint(RULE, text);
        assert_eq!(fix_one(text, &d[0]), "We will continue to work.\r\nThe the end the  the end.\r\n");
        assert!(fix_all(RULE, text, false) == text, "unsafe fixes need opting in");
        let fixed = fix_all(RULE, text, true);
        assert_eq!(fixed, "We will continue to work.\r\nThe end the end.\r\n");
        assert_eq!(fix_all(RULE, &fixed, true), fixed);
    }

    #[test]
    fn quiet_on_letter_spaced_headings_and_their_fixes_touch_nothing() {
        let text = "\
                       P R O C E E D I N G S
 1                       P R O C E E D I N G S
             THE CLERK:  All rise.

                         A P P E N D I X
                       C E R T I F I C A T E
";
        assert_eq!(spans(text, &lint(RULE, text)), Vec::<&str>::new());
        assert_eq!(fix_all(RULE, text, true), text);
        // No rule at all fires on the headings.
        let mut config = crate::Config::default();
        for r in Rule::ALL {
            config.set_enabled(*r, true);
        }
        let found = crate::lint(text, &config);
        assert!(
            found.iter().all(|d| lines(text, std::slice::from_ref(d))[0] == 3),
            "{found:?}"
        );
    }

    #[test]
    fn triple_collapses_to_one() {
        let text = "the the the end";
        assert_eq!(lint(RULE, text).len(), 2);
        assert_eq!(fix_all(RULE, text, true), "the end");
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
