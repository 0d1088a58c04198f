//! `timestamp-order`: A timestamp is earlier than the one before it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Clock, Timestamp};
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
`timestamp-format`) are skipped.

A new recording starts the clock again, so timestamps are compared only
within one recording: after a boundary line such as `[Begin File 2]`,
`[End of Tape 1, Side A]`, `[Tape 2]`, `[Session 2]` or `START OF TAPE 1,
SIDE B`, and from a timestamp of `00:00:00` on, the count starts afresh.
Timestamps in the header before the first turn (a file's duration,
`HW-017_File1.wav (00:41:52)`) are not times in the recording. Where the
timestamps are times of day (a meeting's clock), a step back of more than
twelve hours is the next day.

There is no fix: only the audio says which of the two is wrong.
"#,
    fix: FixKind::None,
    reads: Reads::TIMESTAMPS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

/// A wall clock that steps back by more than this has passed midnight.
const HALF_A_DAY: f64 = 12.0 * 3600.0;

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let mut previous: Option<(&Timestamp, f64, usize)> = None;
    // Days a wall clock has run past midnight, in seconds.
    let mut days = 0.0;
    for (ts, segment) in doc.clocks() {
        if ts.looks_like_ratio() {
            continue;
        }
        let Some(mut seconds) = ts.reliable_seconds() else {
            continue;
        };
        match previous {
            Some((_, _, prev_segment)) if prev_segment != segment => days = 0.0,
            // A wall clock is read as the time nearest the previous one:
            // 12 hours back or more is the next day, 12 hours on or more
            // (after midnight was passed) the day before.
            Some((_, prev_seconds, _)) if ts.clock == Clock::Wall => {
                let step = seconds + days - prev_seconds;
                if step < -HALF_A_DAY {
                    days += 2.0 * HALF_A_DAY;
                } else if step > HALF_A_DAY && days > 0.0 {
                    days -= 2.0 * HALF_A_DAY;
                }
            }
            _ => {}
        }
        seconds += days;
        if let Some((prev, prev_seconds, prev_segment)) = previous {
            if segment == prev_segment && seconds < prev_seconds {
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
        previous = Some((ts, seconds, segment));
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
    fn a_new_recording_restarts_the_clock_and_header_durations_are_no_times() {
        let text = "\
Harbour Workers Oral History Project
Audio: HW-017_File1.wav (00:41:52); HW-017_File2.wav (00:27:10)

[Begin File 1]

THOMAS REYES: [00:00:04] Today is April 3rd.

MK: [crosstalk 00:18:40] -- no, you go ahead.

[End of File 1]

[Begin File 2]

TR: [00:00:12] We're back.

MK: [00:22:06] That it was skilled.

TR: [00:12:55] Sorry?

START OF TAPE 2, SIDE B

TR: [00:01:00] Again.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:12:55"]);
        assert_eq!(lines(text, &d), vec![18]);
        assert_eq!(&text[d[0].related[0].range.clone()], "00:22:06");
    }

    #[test]
    fn a_wall_clock_crosses_midnight() {
        let text = "MR A: [23:59:48] Late.\n\nMR B: [00:00:05] Early.\n\nMR A: [23:10:00] Back.\n";
        let config = only(RULE);
        let run = |wall: bool| {
            let mut doc = crate::model::Transcript::parse(text, &config.settings);
            if wall {
                for t in &mut doc.timestamps {
                    t.clock = crate::model::Clock::Wall;
                }
            }
            let mut out = Vec::new();
            crate::linter::run_one(RULE, &doc, &config, &mut out, None);
            spans(text, &out)
        };
        // Elapsed: `00:00:05` restarts the count (zero is not reached, but
        // `23:10:00` then goes back). Wall: midnight passed, then a step back.
        assert_eq!(run(true), vec!["23:10:00"]);
        assert_eq!(run(false), vec!["00:00:05"]);
    }

    #[test]
    fn quiet_on_the_corpus() {
        assert_quiet_on_corpus(RULE);
    }
}
