//! `cue-order`: A cue starts before the cue before it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "cue-order",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A cue starts before the cue before it.",
    docs: r#"Finds a caption cue that starts earlier than the cue before it in the
file. WebVTT requires cues in order of their start times, and SRT players
expect it: a cue out of order shows at the wrong moment or not at all. It
is usually a typo in the start time or a cue pasted in the wrong place.

```text
WEBVTT

00:01:43.500 --> 00:01:49.000
We'll come back to the landings after the break.

00:01:37.500 --> 00:01:55.000
♪ Oh the herring are running home ♪
```

Only the cue right before is compared, so one misplaced cue gives one
finding, which points at the start of the cue before. There is no fix:
only the audio says which time is wrong. Cues that merely overlap are
`cue-overlap`'s.
"#,
    fix: FixKind::None,
    reads: Reads::CUES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let Some(captions) = &doc.captions else {
        return;
    };
    let mut previous = None;
    for cue in &captions.cues {
        let Some(start) = cue.timing.start.millis else {
            continue;
        };
        if let Some((before, range)) = previous {
            if start < before {
                ctx.push(
                    Diagnostic::new(
                        Rule::CueOrder,
                        cue.timing.start.range.clone(),
                        format!(
                            "This cue starts at `{}`, before the cue before it (`{}`)",
                            doc.slice(&cue.timing.start.range),
                            doc.slice(&range),
                        ),
                    )
                    .with_related(range, "The cue before starts here"),
                );
            }
        }
        previous = Some((start, cue.timing.start.range.clone()));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::CueOrder;

    #[test]
    fn fires_once_on_a_misplaced_cue() {
        let text = "1\n00:01:31,400 --> 00:01:33,000\n[APPLAUSE]\n\n2\n00:01:30,200 --> 00:01:37,600\nDANA: For Harbour Voices.\n\n3\n00:01:37,800 --> 00:01:41,000\n[MUSIC]\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:01:30,200"]);
        assert_eq!(lines(text, &d), vec![6]);
        assert_eq!(&text[d[0].related[0].range.clone()], "00:01:31,400");
    }

    #[test]
    fn quiet_on_overlap_and_equal_starts() {
        let text = "WEBVTT\n\n00:01:38.700 --> 00:01:42.000\nA.\n\n00:01:39.400 --> 00:01:43.200\nB.\n\n00:01:39.400 --> 00:01:44.000\nC.\n";
        assert!(lint(RULE, text).is_empty());
    }
}
