//! `cue-ends-before-start`: A cue ends at or before its start.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "cue-ends-before-start",
    severity: Severity::Error,
    default_enabled: true,
    summary: "A cue ends at or before its start.",
    docs: r#"Finds a caption cue whose end time is at or before its start time.
WebVTT requires the end to be later than the start, and players drop such a
cue (or show it for an instant): its words are lost.

```text
WEBVTT

00:01:43.500 --> 00:01:41.000
We'll come back to the landings after the break.
```

There is no fix: only the audio says which of the two times is wrong.
Timings that cannot be read (see `cue-timestamp-format`) are skipped.
"#,
    fix: FixKind::None,
    reads: Reads::CUES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let Some(captions) = &ctx.doc.captions else {
        return;
    };
    for cue in &captions.cues {
        let Some((start, end)) = cue.timing.span() else {
            continue;
        };
        if end <= start {
            let t = &cue.timing;
            let message = format!(
                "This cue ends at `{}`, {} it starts at `{}`",
                ctx.doc.slice(&t.end.range),
                if end == start { "the moment" } else { "before" },
                ctx.doc.slice(&t.start.range),
            );
            ctx.push(Diagnostic::new(
                Rule::CueEndsBeforeStart,
                t.range.clone(),
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::CueEndsBeforeStart;

    #[test]
    fn fires_on_a_backwards_or_empty_cue() {
        let text = "1\n00:01:20,100 --> 00:01:18,400\nA.\n\n2\n00:01:22,000 --> 00:01:22,000\nB.\n";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["00:01:20,100 --> 00:01:18,400", "00:01:22,000 --> 00:01:22,000"]
        );
        assert_eq!(lines(text, &d), vec![2, 6]);
        assert!(d.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn quiet_on_forward_and_unreadable_cues() {
        let text = "WEBVTT\n\n01:43.500 --> 01:49.000\nA.\n\n00:00:75.000 --> 00:00:01.000\nB.\n";
        assert!(lint(RULE, text).is_empty());
    }
}
