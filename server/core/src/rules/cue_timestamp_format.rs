//! `cue-timestamp-format`: A cue timestamp or arrow is not written as the caption format requires.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::captions::TimingProblem;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "cue-timestamp-format",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A cue timestamp or arrow is not written as the caption format requires.",
    docs: r#"Finds cue timings that WebVTT or SubRip (SRT) does not allow: a field
that is not two digits (`00:01:9.800`), milliseconds that are not three
digits, minutes or seconds of 60 or more, a comma before the milliseconds in
WebVTT or a full stop in SRT, an SRT timestamp without hours, and an arrow
that is not ` --> ` (`->`, `—>` from autocorrect, `- ->`). In WebVTT it
also finds inline timestamps (`<00:00:02.500>`) outside their cue's time
or earlier than the one before them. Players skip a cue whose timing they
cannot read, so its caption never shows.

```text
WEBVTT

00:00:57.100 -> 00:01:03.600
Acoustic surveys, mostly.

00:01:9.800 --> 00:01:12,000
Three per cent?
```

Fix (safe), only where the value is certain: padding a field, the
separator before the milliseconds, the arrow.

```text
WEBVTT

00:00:57.100 --> 00:01:03.600
Acoustic surveys, mostly.

00:01:09.800 --> 00:01:12.000
Three per cent?
```

Minutes or seconds of 60 or more, and milliseconds of one or two digits,
get no fix: only the author knows what was meant. Cue timings are not
transcript timestamps: `timestamp-format` never reads them.
"#,
    fix: FixKind::Safe,
    reads: Reads::CUES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

fn report(ctx: &mut Context, range: std::ops::Range<usize>, problem: &TimingProblem) {
    let written = ctx.doc.slice(&range);
    let mut d = Diagnostic::new(
        Rule::CueTimestampFormat,
        range.clone(),
        format!("`{}`: {}", written.trim(), problem.what),
    );
    if let Some(fixed) = &problem.fixed {
        d = d.with_fix(Fix::safe(
            format!("Write `{}`", fixed.trim()),
            vec![Edit::replace(range, fixed.clone())],
        ));
    }
    ctx.push(d);
}

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let Some(captions) = &doc.captions else {
        return;
    };
    for cue in &captions.cues {
        let t = &cue.timing;
        if let Some(p) = &t.start.problem {
            report(ctx, t.start.range.clone(), p);
        }
        if let Some(p) = &t.arrow_problem {
            report(ctx, t.arrow.clone(), p);
        }
        if let Some(p) = &t.end.problem {
            report(ctx, t.end.range.clone(), p);
        }
        let mut previous = t.start.millis;
        for inline in &cue.inline_times {
            if let Some(p) = &inline.problem {
                report(ctx, inline.range.clone(), p);
                continue;
            }
            let Some(at) = inline.millis else { continue };
            let written = doc.slice(&inline.range);
            let message = match t.span() {
                Some((start, end)) if at < start || at > end => {
                    format!("`{written}` lies outside its cue's time")
                }
                _ if previous.is_some_and(|p| at < p) => {
                    format!("`{written}` is earlier than the time before it in the cue")
                }
                _ => {
                    previous = Some(at);
                    continue;
                }
            };
            ctx.push(Diagnostic::new(
                Rule::CueTimestampFormat,
                inline.range.clone(),
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fix_all, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::CueTimestampFormat;

    #[test]
    fn srt_separators_and_padding_are_fixed() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nA.\r\n\r\n2\r\n00:00:8,100 --> 00:00:12.300\r\nB.\r\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:00:8,100", "00:00:12.300"]);
        assert_eq!(
            fix_all(RULE, text, false),
            text.replace("00:00:8,100", "00:00:08,100")
                .replace("00:00:12.300", "00:00:12,300")
        );
    }

    #[test]
    fn an_em_dash_arrow_is_fixed() {
        let text = "1\n00:01:07,600 —> 00:01:10,300\n1979\n";
        // Without a clean first timing, the content does not say SRT.
        let mut config = crate::rules::test_support::only(RULE);
        config.settings.extension = Some("srt".into());
        let d = crate::lint(text, &config);
        assert_eq!(spans(text, &d), vec!["—>"]);
        assert_eq!(
            crate::fix(text, &config, false).text,
            "1\n00:01:07,600 --> 00:01:10,300\n1979\n"
        );
    }

    #[test]
    fn values_only_the_author_knows_have_no_fix() {
        let text = "WEBVTT\n\n00:00:75.000 --> 00:01:20.000\nA.\n\n00:01:21.5 --> 00:01:22.000\nB.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:00:75.000", "00:01:21.5"]);
        assert!(d.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn inline_timestamps_must_lie_in_their_cue_and_rise() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<00:00:02.000>One <00:00:01.500>two <00:00:09.000>three\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["00:00:01.500", "00:00:09.000"]);
        assert!(d.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn valid_timings_are_quiet() {
        for text in [
            "WEBVTT\n\n01:43.500 --> 01:49.000 align:start\nA.\n",
            "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<00:00:02.000>One <00:00:03.000>two\n",
            "1\n00:00:00,500 --> 00:00:03,200\n[MUSIC]\n",
            "Meeting 10:30 -> 11:00.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "{text}");
        }
    }
}
