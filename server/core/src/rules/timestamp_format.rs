//! `timestamp-format`: A malformed timestamp.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::TimestampProblem;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "timestamp-format",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A malformed timestamp.",
    docs: r#"Finds timestamps in labels and annotations that a player or a
subtitle tool cannot read as written:

- a minutes or seconds field that is not two digits: `00:1:2`;
- an empty field: `00:01:`;
- minutes or seconds of 60 or more: `00:75:10`, `00:01:60`;
- more fields than hours, minutes and seconds: `1:02:03:04`.

Only timestamps in a speaker label (`Dana Whitfield (00:01:26):`), in an
annotation (`[inaudible 00:01:42]`) or standing alone in brackets
(`[00:01:42]`) count: a bare `10:30` in prose is a time of day, and a
bracketed `(3:1)` is a ratio or a score.

```text
Dana Whitfield (00:1:26):
We were [crosstalk 00:06:] talking.
```

The fix pads an unpadded field (`00:1:26` becomes `00:01:26`), the one form
whose meaning is certain. An empty field has no fix. An out-of-range field
has no fix either: `00:75:10` may be an overflow of `01:15:10` or a typo for
`00:57:10`, and only the audio can tell.
"#,
    fix: FixKind::Safe,
    reads: Reads::TIMESTAMPS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    for ts in &doc.timestamps {
        let Some(problem) = ts.problem else { continue };
        if ts.looks_like_ratio() {
            continue;
        }
        let written = doc.slice(&ts.range);
        let message = match problem {
            TimestampProblem::Unpadded => {
                format!("Timestamp `{written}` has a field that is not two digits")
            }
            TimestampProblem::MissingField => format!("Timestamp `{written}` has an empty field"),
            TimestampProblem::OutOfRange => {
                format!("Timestamp `{written}` has minutes or seconds of 60 or more")
            }
            TimestampProblem::TooManyFields => {
                format!("Timestamp `{written}` has more than hours, minutes and seconds")
            }
        };
        let mut diagnostic = Diagnostic::new(Rule::TimestampFormat, ts.range.clone(), message);
        if let Some(padded) = ts.padded(written) {
            diagnostic = diagnostic.with_fix(Fix::safe(
                format!("Write `{padded}`"),
                vec![Edit::replace(ts.range.clone(), padded)],
            ));
        }
        ctx.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::TimestampFormat;

    const TEXT: &str = "\
Dana Whitfield (00:1:26):
We were [crosstalk 00:06:] talking.

Marcus Lee (00:75:10):
Yes [inaudible 00:01:60] and [00:02:3.5] then.

Dana Whitfield (1:02:03:04):
Bye.
";

    #[test]
    fn fires_on_each_problem() {
        let d = lint(RULE, TEXT);
        assert_eq!(
            spans(TEXT, &d),
            vec!["00:1:26", "00:06:", "00:75:10", "00:01:60", "00:02:3.5", "1:02:03:04"]
        );
        assert_eq!(lines(TEXT, &d), vec![1, 2, 4, 5, 5, 7]);
        let fixable: Vec<bool> = d.iter().map(|d| d.fix.is_some()).collect();
        assert_eq!(fixable, vec![true, false, false, false, true, false]);
        assert_eq!(applicability(&d[0]), crate::Applicability::Safe);
    }

    #[test]
    fn quiet_on_good_timestamps_times_of_day_and_ratios() {
        let text = "\
Dana Whitfield (00:01:26):
We met at 10:30 and 9:5 (3:1) [9:6] [crosstalk 00:06:51] [inaudible 1:02:03.5].

Speaker 1 (12:07):
The vote was (21:3) at 12:30pm.
";
        assert_eq!(spans(text, &lint(RULE, text)), Vec::<&str>::new());
    }

    #[test]
    fn fix_pads_and_converges() {
        let text = "Dana Whitfield (00:1:26):\r\nWe [crosstalk 0:6:5.25] and [00:06:].\r\n";
        let fixed = fix_all(RULE, text, false);
        assert_eq!(
            fixed,
            "Dana Whitfield (00:01:26):\r\nWe [crosstalk 0:06:05.25] and [00:06:].\r\n"
        );
        assert_eq!(fix_all(RULE, &fixed, false), fixed);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
