//! `srt-sequence`: An SRT cue number skips or repeats.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};
use crate::model::captions::CaptionFormat;

pub const META: RuleMeta = RuleMeta {
    name: "srt-sequence",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "An SRT cue number skips or repeats.",
    docs: r#"Finds a SubRip (SRT) sequence number that is not the number before it
plus one: a skip (`6` then `8`), a repeat (`13` twice), or a first number
other than `1`. Some players and editors stop reading at a number out of
sequence, and a skip often means a cue was deleted by mistake.

```text
1
00:00:18,800 --> 00:00:23,400
DANA: Are they failing?

3
00:00:23,600 --> 00:00:28,900
FARAHANI: Some of them.

3
00:00:29,100 --> 00:00:33,800
FARAHANI: The ones on the north side.
```

Fix (safe): renumber every cue `1, 2, 3 ...` in file order. Every
finding offers the same fix.

```text
1
00:00:18,800 --> 00:00:23,400
DANA: Are they failing?

2
00:00:23,600 --> 00:00:28,900
FARAHANI: Some of them.

3
00:00:29,100 --> 00:00:33,800
FARAHANI: The ones on the north side.
```
"#,
    fix: FixKind::Safe,
    reads: Reads::CUES,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let Some(captions) = &doc.captions else {
        return;
    };
    if captions.format != CaptionFormat::Srt {
        return;
    }
    // A cue without a number cannot be renumbered in place: the fix is
    // offered only when every cue has one.
    let all_numbered = captions.cues.iter().all(|c| c.number.is_some());
    let mut renumber: Option<Fix> = None;
    let mut previous: Option<u64> = None;
    for (i, cue) in captions.cues.iter().enumerate() {
        let (Some(number), Some(range)) = (cue.number, &cue.id) else {
            previous = None;
            continue;
        };
        let expected = previous.map_or(if i == 0 { 1 } else { number }, |p| p + 1);
        previous = Some(number);
        if number == expected {
            continue;
        }
        let message = match previous_number(captions, i) {
            Some(p) if p == number => format!("Cue number {number} repeats the number before it"),
            Some(p) => format!("Cue number {number} follows {p}; expected {}", p + 1),
            None => format!("The first cue is numbered {number}; expected 1"),
        };
        let mut d = Diagnostic::new(Rule::SrtSequence, range.clone(), message);
        if all_numbered {
            let fix = renumber.get_or_insert_with(|| {
                let edits = captions
                    .cues
                    .iter()
                    .enumerate()
                    .filter_map(|(k, c)| {
                        let id = c.id.clone()?;
                        (c.number != Some(k as u64 + 1))
                            .then(|| Edit::replace(id, (k + 1).to_string()))
                    })
                    .collect();
                Fix::safe(
                    format!("Renumber the cues 1 to {}", captions.cues.len()),
                    edits,
                )
            });
            d = d.with_fix(fix.clone());
        }
        ctx.push(d);
    }
}

fn previous_number(captions: &crate::model::captions::Captions, i: usize) -> Option<u64> {
    captions.cues.get(i.checked_sub(1)?)?.number
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{fix_all, lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::SrtSequence;

    fn srt(numbers: &[&str]) -> String {
        numbers
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{n}\r\n00:00:{i:02},000 --> 00:00:{i:02},500\r\nLine {i}.\r\n"))
            .collect::<Vec<_>>()
            .join("\r\n")
    }

    #[test]
    fn a_skip_and_a_repeat_share_one_renumbering() {
        let text = srt(&["1", "2", "4", "5", "5", "6"]);
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["4", "5"]);
        assert_eq!(lines(&text, &d), vec![9, 17]);
        assert_eq!(d[0].fix, d[1].fix);
        assert_eq!(fix_all(RULE, &text, false), srt(&["1", "2", "3", "4", "5", "6"]));
    }

    #[test]
    fn the_first_number_must_be_one() {
        let text = srt(&["0", "1", "2"]);
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["0"]);
        assert_eq!(fix_all(RULE, &text, false), srt(&["1", "2", "3"]));
    }

    #[test]
    fn a_year_in_the_text_is_not_a_number() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nbuilt in\n1979\n\n2\n00:00:03,000 --> 00:00:04,000\nyes\n";
        assert!(lint(RULE, text).is_empty());
    }
}
