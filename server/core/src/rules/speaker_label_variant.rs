//! `speaker-label-variant`: One speaker appears under near-identical labels.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::labels::{near_variant, NearVariants};
use foldhash::HashMap;

use crate::model::{speaker_key, LabelForm, RosterEntry, SpeakerKey, SpeakerLabel, Transcript};
use crate::rules::{Change, Context, FixKind, Keep, Reads, Rule, RuleMeta, Since};

pub const META: RuleMeta = RuleMeta {
    name: "speaker-label-variant",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "One speaker appears under near-identical labels.",
    docs: r#"Finds a speaker label spelled differently from the other labels of the
same speaker. Readers, search and any tool that counts turns per speaker see
two people where there is one.

Two kinds of difference are reported:

- **The same name written differently**: `MR. ROBINSON:` next to
  `MR ROBINSON:`, or `Marcus lee:` next to `Marcus Lee:` (periods, case,
  spacing).
- **A name one letter off**: `SECRETARY KERY:` among many `SECRETARY KERRY:`,
  `FOREIGN MINISTER LAVROF:`, `Dana Whitfeld` next to `Dana Whitfield`. Only
  a single name word may differ, by one letter (two in names of eight letters
  or more), with the same first letter. Titles and numbers never count as a
  typo: `MR KERRY` and `MS KERRY`, `Speaker 1` and `Speaker 2` are different
  people.

A label is compared with the dominant spelling: the one used most often (the
first seen, on a tie). A near-identical name is reported only when it is rare
next to the dominant one (used once against two or more, or at most a third as
often), so two real people with similar names who each speak many times
(`MR KIRBY`, `MR KERRY`) are left alone.

When the file names its speakers itself (an Otter export's `SPEAKERS` line,
an oral history's `Narrator:` and `Interviewer:`), a label one letter off one
of those names is reported however often it is used, if the label is not in
the roster itself and the word that differs has six letters or more.

## Example

```text
SECRETARY KERRY: Good evening.
FOREIGN MINISTER LAVROV: Thank you.
SECRETARY KERY: Let me add one thing.
FOREIGN MINISTER LAVROV: Please.
SECRETARY KERRY: Thank you.
```

`SECRETARY KERY` on line 3 is reported; the related information points at
`SECRETARY KERRY` on line 1.

## Fix

Replaces the label's name with the dominant spelling. The fix is unsafe: the
label may be a different person after all.
"#,
    fix: FixKind::Unsafe,
    reads: Reads::LABELS,
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

/// One way a speaker's label is written, and the turns that write it so.
struct Spelling<'a> {
    /// As first written; spellings that differ only in their whitespace runs
    /// (including no-break spaces) are one.
    written: &'a str,
    turns: Vec<usize>,
}

impl Spelling<'_> {
    /// As written, whitespace runs made one space: built only for a report.
    fn text(&self) -> String {
        words(self.written).collect::<Vec<_>>().join(" ")
    }

    fn same(a: &str, b: &str) -> bool {
        a == b || words(a).eq(words(b))
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty())
}

struct Speaker<'a> {
    turns: Vec<usize>,
    /// In order of first appearance.
    spellings: Vec<Spelling<'a>>,
    first: &'a SpeakerLabel,
}

impl Speaker<'_> {
    /// The most used spelling; the first seen on a tie.
    fn dominant(&self) -> &Spelling<'_> {
        let mut best = &self.spellings[0];
        for s in &self.spellings[1..] {
            if s.turns.len() > best.turns.len() {
                best = s;
            }
        }
        best
    }
}

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // Which spelling of its speaker each label is. After keystrokes on a
    // few lines only the labels there are read (a long transcript has a
    // hundred thousand, scattered over the text); the rest is counting.
    let updated = ctx.since().and_then(|since| update(doc, &since));
    if updated.is_some() {
        ctx.brought_up_to_date();
    }
    let (spelling, spellings) = updated.unwrap_or_else(|| spell_all(doc));
    // Kept for the next run; the speakers below borrow its spellings.
    let kept = std::sync::Arc::new(State {
        spelling,
        spellings,
    });
    let (ids, spellings) = (&kept.spelling, &kept.spellings);
    let speakers: Vec<Speaker> = doc
        .speakers()
        .iter()
        .filter_map(|(key, turns)| {
            // A mark (`Q`, `A`) is no spelling of the speaker it stands
            // for: only labels that write a name are compared.
            let turns: Vec<usize> = turns
                .iter()
                .copied()
                .filter(|&t| doc.turns[t].label.form != LabelForm::Mark)
                .collect();
            let first = *turns.first()?;
            let written = spellings.get(key)?;
            // In the order first seen in the document, as a tie goes to
            // the first.
            let mut slot: Vec<Option<usize>> = vec![None; written.len()];
            let mut out: Vec<Spelling> = Vec::new();
            for &t in &turns {
                let id = ids[t] as usize;
                let k = *slot[id].get_or_insert_with(|| {
                    out.push(Spelling {
                        written: &written[id],
                        turns: Vec::new(),
                    });
                    out.len() - 1
                });
                out[k].turns.push(t);
            }
            Some(Speaker {
                first: &doc.turns[first].label,
                turns,
                spellings: out,
            })
        })
        .collect();
    // Compare each speaker only with those that could be near variants of
    // it, not with every other speaker.
    let near = NearVariants::new(speakers.iter().map(|s| &*s.first.key));
    let mut found = Vec::new();
    for (i, speaker) in speakers.iter().enumerate() {
        // The speaker this one is a rare misspelling of, if any: the most
        // frequent near-identical one.
        let dominant_other = near
            .candidates(&speaker.first.key)
            .into_iter()
            .map(|j| (j, &speakers[j]))
            .filter(|&(j, other)| {
                j != i
                    && is_rare_next_to(speaker.turns.len(), other.turns.len())
                    && speaker.first.is_variant_of(other.first)
            })
            .max_by_key(|&(j, other)| (other.turns.len(), std::cmp::Reverse(j)))
            .map(|(_, other)| other);
        if let Some(other) = dominant_other {
            let target = other.dominant();
            let used = times(other.turns.len());
            report_labels(doc, &speaker.turns, target, &mut found, |written| {
                format!(
                    "`{written}` looks like a misspelling of the speaker label `{}` ({used})",
                    target.text(),
                )
            });
            continue;
        }
        if let Some(entry) = roster_spelling(ctx, speaker) {
            found.extend(speaker.turns.iter().map(|&t| roster_report(doc, &doc.turns[t].label, entry)));
            continue;
        }
        if speaker.spellings.len() < 2 {
            continue;
        }
        let target = speaker.dominant();
        for spelling in &speaker.spellings {
            if std::ptr::eq(spelling, target) {
                continue;
            }
            let used = times(target.turns.len());
            report_labels(doc, &spelling.turns, target, &mut found, |written| {
                format!(
                    "`{written}` is written `{}` in the other labels of this speaker ({used})",
                    target.text(),
                )
            });
        }
    }
    for d in found {
        ctx.push(d);
    }
    ctx.keep(kept);
}

/// Per turn, which of its speaker's spellings its label is (`NO_SPELLING`
/// for a mark); per speaker, the spellings, each as first written. Spellings
/// that differ only in their whitespace runs are one.
type Spellings = (Vec<u32>, HashMap<SpeakerKey, Vec<String>>);

const NO_SPELLING: u32 = u32::MAX;

/// What the check keeps of a run: which spelling each label was.
struct State {
    spelling: Vec<u32>,
    spellings: HashMap<SpeakerKey, Vec<String>>,
}

impl Keep for State {
    // Turn numbers, not places: the labels are the same while the check
    // does not run.
    fn moved(&mut self, _change: Change) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Which spelling of its speaker the label of turn `t` is, given a new one
/// its id.
fn spell(doc: &Transcript, t: usize, spellings: &mut HashMap<SpeakerKey, Vec<String>>) -> u32 {
    let label = &doc.turns[t].label;
    if label.form == LabelForm::Mark {
        return NO_SPELLING;
    }
    let written = doc.slice(&label.range);
    let known = spellings.entry(label.key.clone()).or_default();
    match known.iter().position(|s| Spelling::same(s, written)) {
        Some(i) => i as u32,
        None => {
            known.push(written.to_string());
            (known.len() - 1) as u32
        }
    }
}

/// Every label's spelling, read from the text.
fn spell_all(doc: &Transcript) -> Spellings {
    let mut spellings = HashMap::default();
    let ids = (0..doc.turns.len())
        .map(|t| spell(doc, t, &mut spellings))
        .collect();
    (ids, spellings)
}

/// The last run's spellings brought up to date: the turns the edits
/// replaced dropped, the new ones read. `None` when the labels changed
/// elsewhere too.
fn update(doc: &Transcript, since: &Since) -> Option<Spellings> {
    if !since.changed.difference(Reads::LABELS).is_empty() {
        return None;
    }
    let (old, new) = since.turns.clone()?;
    let last = since.kept.as_any().downcast_ref::<State>()?;
    if last.spelling.len() + new.len() != doc.turns.len() + old.len() {
        return None;
    }
    let mut spellings = last.spellings.clone();
    let fresh: Vec<u32> = new.map(|t| spell(doc, t, &mut spellings)).collect();
    let mut ids = last.spelling.clone();
    ids.splice(old, fresh);
    Some((ids, spellings))
}

/// The file's roster entry whose name this speaker's label misspells, if
/// exactly one does: `Priya Raghaven` when the Otter `SPEAKERS` line says
/// `Priya Raghavan`, however often the label is used (the roster is the
/// file's own list of who speaks). A label the roster (or the configured
/// one) knows is nobody's misspelling, and names one letter apart count
/// only when the word that differs has six letters or more: short names
/// a letter apart (`Joan`, `John`) are as often two people.
fn roster_spelling<'a>(ctx: &Context<'a, '_>, speaker: &Speaker) -> Option<&'a RosterEntry> {
    let doc = ctx.doc;
    let key = &*speaker.first.key;
    if ctx.roster(key).is_some() {
        return None;
    }
    let mut near = doc.roster.iter().filter(|e| {
        // The entry of the name itself, not of its initials.
        e.key == speaker_key(doc.slice(&e.name))
            && near_variant(key, &e.key)
            && key
                .split(' ')
                .zip(e.key.split(' '))
                .find(|(a, b)| a != b)
                .is_some_and(|(a, b)| a.chars().count().min(b.chars().count()) >= 6)
    });
    match (near.next(), near.next()) {
        (Some(entry), None) => Some(entry),
        _ => None,
    }
}

/// Reports `label` as a misspelling of the roster's `entry`: the fix writes
/// the roster's name, in capitals where the label is in capitals.
fn roster_report(doc: &Transcript, label: &SpeakerLabel, entry: &RosterEntry) -> Diagnostic {
    let written = doc.slice(&label.range);
    let name = doc.slice(&entry.name);
    let caps = written.chars().any(char::is_alphabetic)
        && !written.chars().any(char::is_lowercase);
    let text = if caps {
        name.to_uppercase()
    } else {
        name.to_string()
    };
    Diagnostic::new(
        Rule::SpeakerLabelVariant,
        label.range.clone(),
        format!("`{written}` looks like a misspelling of `{name}`, a speaker the file's roster names"),
    )
    .with_fix(Fix::unsafe_(
        format!("Change the label to `{text}`"),
        vec![Edit::replace(label.range.clone(), text.clone())],
    ))
    .with_related(entry.name.clone(), format!("the roster's `{name}`"))
}

/// A near-identical name is a typo only when it is rare next to the other:
/// once against two or more, or at most a third as often. Two people with
/// similar names who each speak often are two people.
pub(crate) fn is_rare_next_to(count: usize, dominant: usize) -> bool {
    dominant >= 2 && (count == 1 || count * 3 <= dominant)
}

fn times(n: usize) -> String {
    match n {
        1 => "used once".to_string(),
        n => format!("used {n} times"),
    }
}

/// Reports the label of each of `turns` as a variant of `target`, with the
/// message `message` makes of the label as written.
fn report_labels(
    doc: &Transcript,
    turns: &[usize],
    target: &Spelling,
    found: &mut Vec<Diagnostic>,
    message: impl Fn(&str) -> String,
) {
    for &t in turns {
        let label = &doc.turns[t].label;
        found.push(report(doc, label, target, message(doc.slice(&label.range))));
    }
}

fn report(
    doc: &Transcript,
    label: &SpeakerLabel,
    target: &Spelling,
    message: String,
) -> Diagnostic {
    let dominant = &doc.turns[target.turns[0]].label;
    let text = target.text();
    Diagnostic::new(Rule::SpeakerLabelVariant, label.range.clone(), message)
        .with_fix(Fix::unsafe_(
            format!("Change the label to `{}`", text),
            vec![Edit::replace(label.range.clone(), text.clone())],
        ))
        .with_related(
            dominant.range.clone(),
            format!("the dominant label `{}`", text),
        )
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::SpeakerLabelVariant;

    const BRIEFING: &str = "\
Press Availability
Geneva, Switzerland
September 9, 2016

SECRETARY KERRY: Good evening, everybody.

FOREIGN MINISTER LAVROV: (Via interpreter) Thank you.

SECRETARY KERY: Let me add one thing.

QUESTION: A question for both.

FOREIGN MINISTER LAVROF: (Via interpreter) Yes.

SECRETARY KERRY:\u{a0}Thank you.

FOREIGN MINISTER LAVROV: Of course.
";

    #[test]
    fn fires_on_a_rare_misspelled_label() {
        let d = lint(RULE, BRIEFING);
        assert_eq!(
            spans(BRIEFING, &d),
            vec!["SECRETARY KERY", "FOREIGN MINISTER LAVROF"]
        );
        assert_eq!(lines(BRIEFING, &d), vec![9, 13]);
        assert_eq!(applicability(&d[0]), crate::fix::Applicability::Unsafe);
        assert_eq!(
            d[0].message,
            "`SECRETARY KERY` looks like a misspelling of the speaker label `SECRETARY KERRY` (used 2 times)"
        );
        // Related information points at a dominant label.
        assert_eq!(
            d[0].related[0].range.start,
            BRIEFING.find("SECRETARY KERRY").unwrap()
        );
        assert_eq!(
            &BRIEFING[d[1].related[0].range.clone()],
            "FOREIGN MINISTER LAVROV"
        );
    }

    #[test]
    fn fixes_to_the_dominant_label() {
        let d = lint(RULE, BRIEFING);
        assert_eq!(
            fix_one(BRIEFING, &d[0]),
            BRIEFING.replace("SECRETARY KERY:", "SECRETARY KERRY:")
        );
        let fixed = fix_all(RULE, BRIEFING, true);
        assert_eq!(
            fixed,
            BRIEFING
                .replace("SECRETARY KERY:", "SECRETARY KERRY:")
                .replace("LAVROF:", "LAVROV:")
        );
        assert!(lint(RULE, &fixed).is_empty());
        assert_eq!(fix_all(RULE, BRIEFING, false), BRIEFING);
    }

    #[test]
    fn same_speaker_written_differently() {
        let text = "\
MR ROBINSON: Thanks.
QUESTION: Why?
MR. ROBINSON: Because.
QUESTION: Really?
MR ROBINSON: Yes.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["MR. ROBINSON"]);
        assert_eq!(lines(text, &d), vec![3]);
        assert_eq!(
            d[0].message,
            "`MR. ROBINSON` is written `MR ROBINSON` in the other labels of this speaker (used 2 times)"
        );
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("MR. ROBINSON", "MR ROBINSON")
        );
    }

    #[test]
    fn interview_label_variant() {
        let text = "\
Dana Whitfield (00:00:01):
Welcome to the show.

Marcus Lee (00:00:05):
Thanks for having me.

Dana Whitfeld (00:00:09):
Let's start.

Marcus Lee (00:00:12):
Sure.

Dana Whitfield (00:00:15):
Great.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["Dana Whitfeld"]);
        assert_eq!(lines(text, &d), vec![7]);
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Whitfeld", "Whitfield")
        );
    }

    #[test]
    fn ties_go_to_the_first_spelling() {
        let text = "\
**Marcus Lee:** Hello.
**Dana Whitfield:** Hi.
**MARCUS LEE:** Yes.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["MARCUS LEE"]);
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("MARCUS LEE", "Marcus Lee")
        );
    }

    #[test]
    fn quiet_on_different_speakers_with_similar_labels() {
        let text = "\
MR KIRBY: Good afternoon.
MR KERRY: Thanks.
MR KIRBY: Next.
MR KERRY: Yes.
MR KIRBY: And?
MR KERRY: No.
MR KERBY: Me too.
MR KERBY: And me.
MS KERRY: Hello.
SPEAKER 1: One.
SPEAKER 2: Two.
SPEAKER 1: One again.
";
        // KERBY is one letter from KIRBY and KERRY but used twice against
        // three: a person of their own. MS KERRY differs in the title only.
        assert!(lint(RULE, text).is_empty(), "{:?}", lint(RULE, text));
    }

    #[test]
    fn quiet_when_consistent() {
        let text = "\
SECRETARY KERRY: One.
FOREIGN MINISTER LAVROV: Two.
SECRETARY KERRY:\u{a0}Three.
";
        assert!(lint(RULE, text).is_empty());
    }

    /// In a court transcript the `Q` and `A` marks are turns of the
    /// examiner and the witness, never spellings of their names: a typo in
    /// a `BY` line (no label) reports nothing, and the marks neither count
    /// as a second spelling of `MR. HARLAN` nor get reported.
    #[test]
    fn marks_are_no_spellings() {
        let text = "\
 1             THE COURT:  Call your witness.
 2             MR. HARLAN:  The government calls Marisol Vance.
 3                           MARISOL VANCE,
 4        BY MR. HARLEN:
 5        Q.   Good morning.
 6        A.   Good morning.
 7        BY MR. HARLAN:
 8        Q.   Where do you work?
 9        A\tA dispatcher.
10             MR. HARLAN:  Nothing further.
11             MR. HARLEN:  Sorry.
";
        let d = lint_with(RULE, text, "format = \"court\"");
        assert_eq!(spans(text, &d), vec!["MR. HARLEN"]);
        assert_eq!(lines(text, &d), vec![11]);
    }

    /// An Otter export whose `SPEAKERS` line names `Priya Raghavan`.
    fn otter(third: &str) -> String {
        format!(
            "Budget review\n\nSPEAKERS\nDana Whitfield, Marcus Okafor, Priya Raghavan, Joan Smith\n\n\
             Dana Whitfield  0:03  \nHello.\n\n{third}  0:10  \nThanks.\n\n\
             Marcus Okafor  0:20  \nYes.\n\n{third}  0:30  \nAgreed.\n\n\
             Dana Whitfield  0:40  \nGood.\n\n{third}  0:50  \nDone.\n"
        )
    }

    #[test]
    fn a_label_one_letter_off_the_files_roster_however_often() {
        let text = otter("Priya Raghaven");
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["Priya Raghaven"; 3]);
        assert_eq!(lines(&text, &d), vec![9, 15, 21]);
        assert_eq!(
            d[0].message,
            "`Priya Raghaven` looks like a misspelling of `Priya Raghavan`, a speaker the file's roster names"
        );
        assert_eq!(&text[d[0].related[0].range.clone()], "Priya Raghavan");
        assert_eq!(applicability(&d[0]), crate::fix::Applicability::Unsafe);
        assert_eq!(
            fix_all(RULE, &text, true),
            text.replace("Priya Raghaven  ", "Priya Raghavan  ")
        );
    }

    #[test]
    fn quiet_on_roster_names_and_short_names_a_letter_apart() {
        for third in ["Priya Raghavan", "John Smith", "Gail Porter"] {
            let text = otter(third);
            assert!(lint(RULE, &text).is_empty(), "{third}");
        }
    }
}

