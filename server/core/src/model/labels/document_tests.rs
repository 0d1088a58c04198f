//! Whole documents: which lines become labels, and that the speaker rules stay
//! quiet where there are no speakers.

use crate::config::Config;
use crate::model::{LabelForm, Style, Transcript};
use crate::rules::Rule;
use crate::settings::Settings;

fn keys(text: &str) -> (Style, Vec<String>) {
    let doc = Transcript::parse(text, &Settings::default());
    (
        doc.style,
        doc.turns.iter().map(|t| t.label.key.to_string()).collect(),
    )
}

/// Findings of the speaker rules with every other rule off.
fn speaker_findings(text: &str) -> Vec<String> {
    let mut config = Config::default();
    for r in Rule::ALL {
        config.set_enabled(
            *r,
            matches!(
                r,
                Rule::SpeakerNameMismatch | Rule::SpeakerLabelVariant | Rule::EmptyTurn
            ),
        );
    }
    crate::lint(text, &config)
        .into_iter()
        .map(|d| format!("{} {:?}", d.rule, &text[d.range]))
        .collect()
}

const NEWS_ARTICLE: &str = "\
Kerry, Lavrov agree on Syria ceasefire plan

By Jane Doe
September 10, 2016

NEW DELHI: Officials in the region welcomed the plan on Saturday.

GENEVA (Reuters) - The United States and Russia agreed early on Saturday on a plan to bring peace to Syria, including a nationwide truce starting at sundown on Monday.

U.S. Secretary of State John Kerry told reporters: “We believe the plan as set out, if implemented, has the ability to be a turning point.”

Lavrov said: “There is no 100 percent guarantee.”

Watch: Kerry and Lavrov announce the deal

Key points:
The truce begins on Monday.

Russia’s Foreign Ministry said in a statement:
The agreement stands.

Editor’s Note: An earlier version misspelled Lavrov as Lavrow.
Update 2: Adds reaction from Damascus.
Kaynak/Source: AA
Related: Syria talks collapse
Photo: Kerry and Lavrov in Geneva.
Reporting by Jane Doe; Editing by John Smith
";

#[test]
fn a_news_article_has_no_speakers() {
    let (style, labels) = keys(NEWS_ARTICLE);
    assert_eq!(style, Style::Prose);
    assert!(labels.is_empty(), "{labels:?}");
    assert!(speaker_findings(NEWS_ARTICLE).is_empty());
}

#[test]
fn an_essay_with_colons_has_no_speakers() {
    let text = "\
The last thing that I wanted to say:
I agree with Sergey completely:
Now, I want to emphasize:
Thank you:
Moscow: a city of contrasts.
Washington: a city of monuments.
Summary: both are capitals.
Note: all times are local.
";
    let (style, labels) = keys(text);
    assert_eq!(style, Style::Prose);
    assert!(labels.is_empty(), "{labels:?}");
    assert!(speaker_findings(text).is_empty());
}

#[test]
fn briefing_with_sentences_that_end_in_colons() {
    let text = "\
Remarks With Foreign Minister Sergey Lavrov
Secretary of State
Geneva, Switzerland
September 9, 2016

SECRETARY KERRY:\u{a0}Good evening. Let me say this:

The last thing that I wanted to say:

FOREIGN MINISTER LAVROV: (Via interpreter) I agree with Sergey completely:
Thank you:

QUESTION: For both of you: is it a deal?

SECRETARY KERRY: It is. (Laughter.)

MR. MORRELL: Thank you all.
";
    let (style, labels) = keys(text);
    assert_eq!(style, Style::Briefing);
    assert_eq!(
        labels,
        vec![
            "SECRETARY KERRY",
            "FOREIGN MINISTER LAVROV",
            "QUESTION",
            "SECRETARY KERRY",
            "MR MORRELL"
        ]
    );
    let doc = Transcript::parse(text, &Settings::default());
    assert_eq!(
        doc.header.as_ref().map(|h| &text[h.clone()]),
        Some(&text[..text.find("\n\nSECRETARY").unwrap()])
    );
    assert!(
        speaker_findings(text).is_empty(),
        "{:?}",
        speaker_findings(text)
    );
}

#[test]
fn rev_style_interview() {
    let text = "\
Dana Whitfield (00:00:01):
Welcome back to the show. My guest today is Marcus Lee.

Marcus Lee (00:00:09):
Thanks, Dana. My mother always said:
Never stop asking.

Dana Whitfield (00:01:26):
[crosstalk 00:01:27] Sorry, go on.

Marcus Lee (00:01:30):
Chapter One: that was her motto.
";
    let (style, labels) = keys(text);
    assert_eq!(style, Style::Interview);
    assert_eq!(
        labels,
        vec![
            "DANA WHITFIELD",
            "MARCUS LEE",
            "DANA WHITFIELD",
            "MARCUS LEE"
        ]
    );
    let doc = Transcript::parse(text, &Settings::default());
    assert!(doc
        .turns
        .iter()
        .all(|t| t.label.form == LabelForm::Timestamped));
    assert!(
        speaker_findings(text).is_empty(),
        "{:?}",
        speaker_findings(text)
    );
}

#[test]
fn plain_and_markdown_interviews() {
    let text = "\
Marcus Lee: So where were you born?
Speaker 1: In Ohio.
Marcus Lee: And then?
Speaker 1: Chicago: that is where it started.
";
    let (style, labels) = keys(text);
    assert_eq!(style, Style::Interview);
    assert_eq!(
        labels,
        vec!["MARCUS LEE", "SPEAKER 1", "MARCUS LEE", "SPEAKER 1"]
    );
    assert!(speaker_findings(text).is_empty());

    let md = "\
**Dana Whitfield:** Welcome.
**Marcus Lee:** Thanks.

Some narration: between the turns.

**Dana Whitfield:** Go on.
";
    let (style, labels) = keys(md);
    assert_eq!(style, Style::Interview);
    assert_eq!(
        labels,
        vec!["DANA WHITFIELD", "MARCUS LEE", "DANA WHITFIELD"]
    );
    assert!(speaker_findings(md).is_empty());
}

#[test]
fn a_lone_field_is_not_a_monologue() {
    // One `Name: text` line, even repeated, is a field, not a dialogue.
    let text = "Author: Jane Doe\nAuthor: John Smith\n\nSome text.\n";
    let (_, labels) = keys(text);
    assert!(labels.is_empty(), "{labels:?}");
}
