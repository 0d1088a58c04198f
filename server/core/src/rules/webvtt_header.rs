//! `webvtt-header`: A WebVTT file does not start with the `WEBVTT` signature.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::captions::SignatureProblem;
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "webvtt-header",
    severity: Severity::Error,
    default_enabled: true,
    summary: "A WebVTT file does not start with the `WEBVTT` signature.",
    docs: r#"Finds a WebVTT file (a `.vtt` file, or one configured as WebVTT) whose
first line is not `WEBVTT`, alone or followed by a space or a tab and any
text. Browsers and players refuse such a file outright: no caption shows.

```text
WebVTT - Harbour Voices, episode 12

00:00:00.000 --> 00:00:04.200
<v Dana Whitfield>Welcome back to Harbour Voices.
```

Fix (safe), when the intent is clear: the signature in the wrong case
becomes `WEBVTT`; blank lines or spaces before it are removed.

```text
WEBVTT - Harbour Voices, episode 12

00:00:00.000 --> 00:00:04.200
<v Dana Whitfield>Welcome back to Harbour Voices.
```

A file that looks like SubRip (numbered blocks with commas in the timings)
gets no fix: it needs converting, or renaming to `.srt`, and the message
says so.
"#,
    fix: FixKind::Safe,
    reads: Reads::CUES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let Some(bad) = ctx.doc.captions.as_ref().and_then(|c| c.signature.as_ref()) else {
        return;
    };
    let written = ctx.doc.slice(&bad.range);
    let diagnostic = match bad.problem {
        SignatureProblem::WrongCase => Diagnostic::new(
            Rule::WebvttHeader,
            bad.range.clone(),
            format!("The WebVTT signature is `WEBVTT`, in capitals, not `{written}`"),
        )
        .with_fix(Fix::safe(
            "Write `WEBVTT`",
            vec![Edit::replace(bad.range.clone(), "WEBVTT")],
        )),
        SignatureProblem::Preceded => Diagnostic::new(
            Rule::WebvttHeader,
            bad.range.clone(),
            "Nothing may come before the `WEBVTT` signature",
        )
        .with_fix(Fix::safe(
            "Remove what comes before `WEBVTT`",
            vec![Edit::delete(bad.range.clone())],
        )),
        SignatureProblem::LooksLikeSrt => Diagnostic::new(
            Rule::WebvttHeader,
            bad.range.clone(),
            "This file looks like SubRip (SRT), not WebVTT: convert it, or name it `.srt`",
        ),
        SignatureProblem::Missing => Diagnostic::new(
            Rule::WebvttHeader,
            bad.range.clone(),
            "A WebVTT file starts with the line `WEBVTT`",
        ),
    };
    ctx.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fix_one, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::WebvttHeader;

    #[test]
    fn a_signature_in_the_wrong_case_is_fixed() {
        let text = "webvtt\n\n00:00:01.000 --> 00:00:02.000\nHello.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["webvtt"]);
        assert_eq!(fix_one(text, &d[0]), text.replacen("webvtt", "WEBVTT", 1));
    }

    #[test]
    fn blank_lines_before_the_signature_are_removed() {
        let config = crate::rules::test_support::only(RULE);
        let mut config = config;
        config.settings.extension = Some("vtt".into());
        let text = "\u{feff}\n  WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n";
        let d = crate::lint(text, &config);
        assert_eq!(spans(text, &d), vec!["\n  "]);
        assert_eq!(
            fix_one(text, &d[0]),
            "\u{feff}WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n"
        );
    }

    #[test]
    fn srt_named_vtt_gets_no_fix() {
        let mut config = crate::rules::test_support::only(RULE);
        config.settings.extension = Some("vtt".into());
        let text = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n";
        let d = crate::lint(text, &config);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        assert!(d[0].message.contains("SubRip"), "{}", d[0].message);
    }

    #[test]
    fn a_signature_with_text_is_quiet() {
        for text in [
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n",
            "WEBVTT - Harbour Voices\nKind: captions\n\n00:00:01.000 --> 00:00:02.000\nHi.\n",
            "\u{feff}WEBVTT\tTitle\r\n\r\n00:01.000 --> 00:02.000\r\nHi.\r\n",
            "A note that says WebVTT files start with WEBVTT.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "{text}");
        }
    }
}
