//! `timestamp-order`: A timestamp is earlier than the one before it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Timestamp;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "timestamp-order",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A timestamp is earlier than the one before it.",
    docs: r#"Finds a timestamp, in a speaker label or an annotation, that is earlier
than the timestamp before it in the document. Timestamps count elapsed
recording time, so they only ever go up; one that goes back is usually a
typo (`00:12:40` for `00:21:40`) or a paragraph pasted in the wrong place.

```text
Dana Whitfield (00:21:40):
So we moved.

Marcus Lee (00:12:55):
When was that?
```

Here `00:12:55` is reported, pointing at `00:21:40`. Only the timestamp
right before is compared, so one wrong timestamp produces one finding.
Timestamps that cannot be read (`00:01:`, `00:75:10`; see
`timestamp-format`) are skipped, and a timestamp of `00:00:00` is taken as
the start of a new recording (a second tape) rather than a step back.

There is no fix: only the audio says which of the two is wrong.
"#,
    fix: FixKind::None,
    reads: Reads::TIMESTAMPS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let mut previous: Option<(&Timestamp, f64)> = None;
    for ts in &doc.timestamps {
        if ts.looks_like_ratio() {
            continue;
        }
        let Some(seconds) = ts.reliable_seconds() else {
            continue;
        };
        if let Some((prev, prev_seconds)) = previous {
            if seconds < prev_seconds && seconds > 0.0 {
                let written = doc.slice(&ts.range);
                let before = doc.slice(&prev.range);
                ctx.push(
                    Diagnostic::new(
                        Rule::TimestampOrder,
                        ts.range.clone(),
                        format!("Timestamp `{written}` is earlier than `{before}` before it"),
                    )
                    .with_related(prev.range.clone(), "The previous timestamp"),
                );
            }
        }
        previous = Some((ts, seconds));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::TimestampOrder;

    #[test]
    fn fires_on_a_step_back() {
        let text = "\
Dana Whitfield (00:21:40):
So we moved [inaudible 00:21:52].

Marcus Lee (00:12:55):
When was that? [crosstalk 00:13:01]

Dana Whitfield (00:22:10):
In May.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:12:55"]);
        assert_eq!(lines(text, &d), vec![4]);
        assert_eq!(&text[d[0].related[0].range.clone()], "00:21:52");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn compares_across_forms_and_contexts() {
        let text = "Speaker 1 (1:00:05):\nYes [inaudible 59:59] and [1:00:06].\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["59:59"]);
    }

    #[test]
    fn quiet_on_order_equal_times_resets_and_unreadable_ones() {
        let text = "\
Dana Whitfield (00:01:26):
Yes [crosstalk 00:01:26] and [inaudible 00:1:30].

Marcus Lee (00:75:10):
A typo above is for timestamp-format. [00:06:] too. A ratio (3:1) is not a time.

Dana Whitfield (00:02:00):
Tape two starts.

Marcus Lee (00:00:00):
Again [inaudible 00:00:12].
";
        assert_eq!(spans(text, &lint(RULE, text)), Vec::<&str>::new());
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
