//! `cue-overlap`: A cue starts before the cue before it ends.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "cue-overlap",
    severity: Severity::Info,
    default_enabled: false,
    summary: "A cue starts before the cue before it ends.",
    docs: r#"Finds a caption cue that starts before the cue before it has ended, so
that both show at once. Overlap is legal in WebVTT (two voices placed on
different lines), which is why this rule is off by default; in a
transcript it is usually a typo. Enable it with `extend-select`.

```text
WEBVTT

00:01:38.700 --> 00:01:42.000
<v Dana Whitfield>Wait, sorry —

00:01:39.400 --> 00:01:43.200
<v Tomasz Wieczorek>— no, the landings show it.
```

Only the cue right before is compared. There is no fix.
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
        let Some((start, end)) = cue.timing.span() else {
            continue;
        };
        if let Some((before_end, range)) = previous {
            if start < before_end {
                ctx.push(
                    Diagnostic::new(
                        Rule::CueOverlap,
                        cue.timing.start.range.clone(),
                        format!(
                            "This cue starts at `{}`, before the cue before it ends (`{}`)",
                            doc.slice(&cue.timing.start.range),
                            doc.slice(&range),
                        ),
                    )
                    .with_related(range, "The cue before ends here"),
                );
            }
        }
        previous = Some((end, cue.timing.end.range.clone()));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::CueOverlap;

    #[test]
    fn fires_on_overlap_and_not_on_touching_cues() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA.\n\n00:00:02.000 --> 00:00:04.000\nB.\n\n00:00:03.500 --> 00:00:05.000\nC.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:00:03.500"]);
        assert_eq!(&text[d[0].related[0].range.clone()], "00:00:04.000");
    }
}
