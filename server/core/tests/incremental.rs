//! The incremental analysis equals a fresh lint after every edit.

use std::ops::Range;

use proptest::prelude::*;
use verbatim_core::{lint, Analysis, Config, Rule};

fn all_rules() -> Config {
    let mut config = Config::default();
    for r in Rule::ALL {
        config.set_enabled(*r, true);
    }
    config
}

/// Replaces `range` of `text` with `insert`, records the edit, and checks
/// the result against a fresh lint.
fn apply(analysis: &mut Analysis, text: &mut String, range: Range<usize>, insert: &str) {
    text.replace_range(range.clone(), insert);
    analysis.edit(range, insert.len());
}

fn check(analysis: &mut Analysis, text: &str, config: &Config) {
    assert_eq!(
        analysis.diagnostics(text, config),
        lint(text, config),
        "incremental and fresh differ on {text:?}"
    );
}

/// Runs `edits` one by one, comparing after each.
fn session(start: &str, edits: &[(Range<usize>, &str)]) {
    let config = all_rules();
    let mut text = start.to_string();
    let mut analysis = Analysis::new(&text, &config);
    check(&mut analysis, &text, &config);
    for (range, insert) in edits {
        apply(&mut analysis, &mut text, range.clone(), insert);
        check(&mut analysis, &text, &config);
    }
}

const BRIEFING: &str = "\
Remarks
Geneva

SECRETARY KERRY:\u{a0}Good evening. Lavrov said “yes”[1] -- and then (inaudible).

FOREIGN MINISTER LAVROV: (Via interpreter) Thank you. Lavrow agreed[2].

QUESTION: Is it  a deal ?

SECRETARY KERRY: It is.   

Notes

[1] First note.
[2] Second note.
";

#[test]
fn a_label_line_appears_and_disappears() {
    let at = BRIEFING.find("QUESTION").unwrap();
    // Break the label, then mend it.
    session(BRIEFING, &[(at..at + 1, "q"), (at..at + 1, "Q")]);
    // Type a new label at the start of a line, letter by letter.
    let at = BRIEFING.find("It is.").unwrap();
    let mut edits = Vec::new();
    for (i, c) in "MR KIRBY: ".char_indices() {
        edits.push((at + i..at + i, &"MR KIRBY: "[i..i + c.len_utf8()]));
    }
    session(BRIEFING, &edits);
}

#[test]
fn lines_split_and_join() {
    let at = BRIEFING.find(" Thank you.").unwrap();
    session(
        BRIEFING,
        &[(at..at + 1, "\n"), (at..at + 1, " "), (at..at, "\r\n\r\n")],
    );
    // Join two paragraphs by deleting the blank line between them.
    let nl = BRIEFING.find(".\n\nFOREIGN").unwrap() + 1;
    session(BRIEFING, &[(nl..nl + 2, ""), (nl..nl, "\n\n")]);
}

#[test]
fn crlf_pairs_split_and_formed_by_edits() {
    let text = "MR A: one\r\nMR B: two\rMR A: three\r\n\r\nMR B: four\n";
    // A `\n` typed after a lone `\r` makes one CRLF; a character typed
    // inside a CRLF makes two line endings.
    let lone = text.find("two\r").unwrap() + 4;
    let pair = text.find("one\r\n").unwrap() + 4;
    session(text, &[(lone..lone, "\n"), (lone..lone + 1, "")]);
    session(text, &[(pair..pair, "x"), (pair..pair + 1, "")]);
    session(text, &[(pair..pair + 1, ""), (pair..pair, "\r")]);
    session(
        text,
        &[(0..0, "\n"), (0..1, ""), (text.len()..text.len(), "\r")],
    );
}

#[test]
fn edits_in_and_around_the_notes_block() {
    let notes = BRIEFING.find("Notes").unwrap();
    let first = BRIEFING.find("[1] First").unwrap();
    let end = BRIEFING.len();
    session(
        BRIEFING,
        &[(notes..notes + 1, "B"), (notes..notes + 1, "N")],
    );
    session(BRIEFING, &[(first..first + 3, ""), (first..first, "[3]")]);
    session(
        BRIEFING,
        &[(end..end, "[^3]: markdown\nMR KIRBY: late turn.\n")],
    );
    // A label after the notes moves the block; deleting it moves it back.
    session(
        BRIEFING,
        &[(end..end, "MR KIRBY: after.\n"), (end..end + 17, "")],
    );
}

/// Turns enough that an edit to one is read again on its own, not with
/// every line of the document.
fn long(text: &str) -> String {
    let mut long = String::new();
    for i in 0..60 {
        let speaker = ["MR ROBINSON", "QUESTION"][i % 2];
        long += &format!("{speaker}: Turn {i} of the briefing.\n\n");
    }
    long + text
}

/// Edits that change where `footnote-missing-note`'s stubs go, or how they
/// are written, though they touch no reference and no note.
#[test]
fn edits_that_change_the_stub_fix_of_missing_notes() {
    let text = long("MR ROBINSON: First[1] and second[2].\nQUESTION: Third?[3] And[5].\n\nNotes\n[1] One.\n[4] Four.\n\n");
    let text = text.as_str();
    let after_last = text.find("Four.").unwrap() + 5;
    let trailing = text.len() - 1;
    let heading = text.find("Notes").unwrap();
    let first_nl = text.find('\n').unwrap();
    let note = text.find("[4] Four").unwrap();
    let reference = text.find("[3]").unwrap() + 1;
    session(
        text,
        &[
            // Typing after the last line, and on a blank line after it.
            (after_last..after_last, " Five"),
            (after_last..after_last + 5, ""),
            (trailing..trailing, "x"),
            (trailing..trailing + 1, ""),
            // The first line's ending, \n to \r\n and back.
            (first_nl..first_nl, "\r"),
            (first_nl..first_nl + 1, ""),
            // A note added, and a reference edited.
            (note..note, "[2] Two.\n"),
            (reference..reference + 1, "6"),
            // The heading deleted: the notes stay notes, or stop being any.
            (heading..heading + 6, ""),
        ],
    );
}

/// With no notes at all, the stubs go after the last line, under a new
/// heading, with the document's line ending.
#[test]
fn edits_that_change_where_the_first_stubs_go() {
    let bare = long("MR ROBINSON: First[1].\nQUESTION: Second?[2]\n");
    let end = bare.len() - 1;
    session(
        &bare,
        &[
            (end..end, " Yes."),
            (end + 5..end + 5, "\n\n"),
            (end + 6..end + 7, " "),
            (end + 7..end + 7, "x"),
            (end + 7..end + 8, ""),
            (0..0, "\r\n"),
            (0..2, ""),
            (0..0, "\r"),
        ],
    );
}

/// Markdown notes in the body: a stub goes among them, spaced as the first
/// two are, so a blank line between them that gains a space (or a second
/// line) changes the fix.
#[test]
fn edits_that_change_how_stubs_are_spaced() {
    let markdown = long("**Dana Whitfield:** It rained.[^1] Then[^2] it[^3] stopped.\n\n[^1]: Report.\n\n[^3]: Forecast.\n\n**Marcus Lee:** More[^4].\n");
    let blank = markdown.find("Report.\n").unwrap() + 8;
    session(
        &markdown,
        &[
            (blank..blank, " "),
            (blank..blank + 1, ""),
            (blank..blank, "\n"),
            (blank..blank + 1, ""),
            (blank - 1..blank, ""),
        ],
    );
}

#[test]
fn multibyte_text_and_whole_document_edits() {
    let at = BRIEFING.find("“yes”").unwrap();
    session(
        BRIEFING,
        &[
            (at..at + 3, "\""),
            (at..at + 1, "😀é"),
            (0..BRIEFING.len() - 2, ""),
        ],
    );
    session("", &[(0..0, "MR A: hi\nMR B: ho\n"), (0..18, "")]);
}

/// `findings_if_transcript` after each edit: `None` while the text is
/// not a transcript, and the fresh lint once it is, however many edits it
/// took without a lint in between.
#[test]
fn findings_if_transcript_follows_the_text_becoming_a_transcript_and_back() {
    let config = all_rules();
    let mut text = String::from("Call with the ferry office.  \n\n\n");
    let mut analysis = Analysis::new(&text, &config);
    let expect = |analysis: &mut Analysis, text: &str| {
        let doc = verbatim_core::Transcript::parse(text, &config.settings);
        let want = doc.is_transcript().then(|| lint(text, &config));
        assert_eq!(
            analysis
                .findings_if_transcript(text, &config)
                .map(|f| f.to_vec()),
            want,
            "{text:?}"
        );
    };
    expect(&mut analysis, &text);
    let steps: [(&str, &str); 4] = [
        ("office.", "office.\nDANA: When does it open?"),
        ("open?", "open?\n\nFARAHANI: In (inaudible the spring."),
        ("spring.", "spring. Yes yes."),
        ("DANA: ", "Dana said "),
    ];
    for (after, replace) in steps {
        let at = text.find(after).unwrap();
        apply(&mut analysis, &mut text, at..at + after.len(), replace);
        expect(&mut analysis, &text);
    }
    assert!(
        analysis.findings_if_transcript(&text, &config).is_none(),
        "{text:?}"
    );
}

#[test]
fn several_edits_before_one_lint() {
    let config = all_rules();
    let mut text = BRIEFING.to_string();
    let mut analysis = Analysis::new(&text, &config);
    let a = text.find("QUESTION").unwrap();
    apply(&mut analysis, &mut text, a..a + 8, "MR KIRBY");
    apply(&mut analysis, &mut text, 0..0, "Title\r");
    let b = text.find("Notes").unwrap();
    apply(&mut analysis, &mut text, b - 1..b + 5, "");
    apply(&mut analysis, &mut text, 3..3, "\n\n");
    check(&mut analysis, &text, &config);
}

#[test]
fn a_lower_case_use_elsewhere_decides_whether_a_name_is_reported() {
    let text = "\
MODERATOR: Our briefer is Dana Whitfied.

Dana Whitfield: Thanks.

MR KIRBY: Indeed.

Dana Whitfield: Yes.
";
    let indeed = text.find("Indeed").unwrap();
    // `whitfied` typed in lower case in another turn makes `Whitfied` an
    // ordinary word; deleting it makes it a misspelled name again.
    session(
        text,
        &[
            (indeed..indeed, "whitfied "),
            (indeed..indeed + 9, ""),
            (indeed..indeed, "whitfie "),
            (indeed + 7..indeed + 7, "d"),
        ],
    );
    let config = all_rules();
    assert!(lint(text, &config)
        .iter()
        .any(|d| d.rule == Rule::SpeakerNameMismatch));
}

/// A hard-wrapped oral history: markers closed on the next line of their
/// paragraph, a parenthetical over two lines, and one left open.
const WRAPPED: &str = "\
TR: Who brought the fish in?

MK: The carriers. There was one, the Delia May, that the foreman,
he was a Swede, [inaudible
00:14:22] and he'd stand on the wharf (inaudible [he
said] yes) with his watch.

(Pause in the
proceedings.

TR: [00:16:05] What happened (Laughter
to the canneries?
";

#[test]
fn markers_wrapped_over_lines_follow_edits_to_later_lines() {
    let closer = WRAPPED.find("00:14:22]").unwrap() + 8;
    let blank = WRAPPED.find("\n00:14:22").unwrap();
    let stamp = WRAPPED.find("00:14:22").unwrap();
    let said = WRAPPED.find("said]").unwrap() + 4;
    let procs = WRAPPED.find("proceedings.").unwrap() + 12;
    let canneries = WRAPPED.find("canneries?").unwrap() + 10;
    // Delete the closer on the next line, then put it back.
    session(WRAPPED, &[(closer..closer + 1, ""), (closer..closer, "]")]);
    // A blank line between the tag and its closer ends the paragraph.
    session(WRAPPED, &[(blank..blank, "\n"), (blank..blank + 1, "")]);
    // The wrapped timestamp: broken, mended, made zero.
    session(
        WRAPPED,
        &[
            (stamp..stamp + 2, "x"),
            (stamp..stamp + 1, "00"),
            (stamp..stamp + 8, "00:00:00"),
        ],
    );
    // A bracket inside the wrapped marker, closed and opened.
    session(
        WRAPPED,
        &[
            (said..said + 1, ""),
            (said..said, ")"),
            (said..said + 1, "]"),
        ],
    );
    // The parenthetical closed, then a label typed before it.
    session(WRAPPED, &[(procs..procs, ")"), (procs..procs + 1, "")]);
    let pause = WRAPPED.find("(Pause").unwrap();
    session(WRAPPED, &[(pause..pause, "MK: "), (pause..pause + 4, "")]);
    // The open marker closed on the next line, a character at a time.
    session(
        WRAPPED,
        &[(canneries..canneries, ")"), (canneries..canneries + 1, "")],
    );
}

#[test]
fn config_changes_rebuild() {
    let mut config = all_rules();
    let text = "MR A: (applause) and (whistles).\nMR B: ok.\n";
    let mut analysis = Analysis::new(text, &config);
    check(&mut analysis, text, &config);
    config.settings.extra_tags = vec!["whistles".into()];
    check(&mut analysis, text, &config);
    config
        .settings
        .roster
        .insert("MR C".into(), "Carl C".into());
    check(&mut analysis, text, &config);

    // A roster that makes a weak candidate a label, with no edit between:
    // the kept layout was made without it.
    let mut config = all_rules();
    let text = "Remarks\n\nZed: ok then.\n\nMR B: Thanks, Zed.\n\nlater: we met.\n";
    let mut analysis = Analysis::new(text, &config);
    check(&mut analysis, text, &config);
    for key in ["ZED", "LATER"] {
        config
            .settings
            .roster
            .insert(key.into(), "Zed Zedson".into());
        check(&mut analysis, text, &config);
    }
}

const PIECES: &[&str] = &[
    "MR KIRBY: ",
    "MR KIRBI: ",
    "SECRETARY KERRY:\u{a0}",
    "Dana Whitfield (00:01:26):",
    "**Marcus Lee:** ",
    "Marcus Lee: ",
    "QUESTION: ",
    "(inaudible)",
    "(Laugter.)",
    "[crosstalk 00:1:2]",
    "(Laughter",
    "[sic]",
    "[1]",
    "[2]",
    "[^3]",
    "Notes",
    "[1] Note.",
    "[^3]: Markdown note.",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "\u{a0}",
    "é",
    "😀",
    "“",
    "”",
    "’",
    "'",
    "\"",
    "--",
    "—",
    "the the ",
    "Lavrow ",
    "Lavrov ",
    "FOREIGN MINISTER LAVROV: ",
    "lavrow ",
    "Ms. Whitfied ",
    "whitfied ",
    "Dana Whitfield: ",
    "(Inaudible)",
    "[inaudible]",
    "Kirby ",
    "word ",
    "Word",
    ".",
    " ,",
    "?",
    "00:01:02",
    "[inaudible\n00:14:22]",
    "[inaudible",
    "00:14:22]",
    "(Pause in the",
    "proceedings.",
    ")",
    "]",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// An edit as fractions of the current text, snapped to char boundaries.
fn edit_strategy() -> impl Strategy<Value = (f64, usize, Vec<&'static str>)> {
    (
        0.0..=1.0f64,
        0usize..12,
        prop::collection::vec(prop::sample::select(PIECES), 0..3),
    )
}

fn snap(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A transcript with something for every rule, where typing one character
/// leaves most of the document (and most rules' inputs) as it was.
const TYPING_BASE: &str = "\
Remarks
Geneva

MODERATOR: Our briefer is Deputy Assistant Secretary Dana Whitfied, with Mr. Kirb.

Dana Whitfield: Thanks. (Laughter) We met (inaudible) and [Inaudible] and (applause.

MR KIRBY: Foreign Minister Lavrow said \"yes\" -- and the the rest[1].  

MR KIRBI: It is[2] , so [crosstalk 00:01:02] (Laugter).


FOREIGN MINISTER LAVROV: We did. Whitfied, lavrov's point[3]. He said [inaudible
00:01:09] and (Pause in the
proceedings.

Notes

[1] First note.
[2] Second note.
";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Keystrokes: one character typed or deleted at a time, a lint after
    /// each, as in an editor.
    #[test]
    fn typing_equals_fresh(
        keys in prop::collection::vec(
            (0.0..=1.0f64, prop::sample::select(&[
                "", "", "", "w", "W", "d", " ", "\n", "(", ")", "[", "]", ":", ".", "1", "é", "\r",
            ][..])),
            1..40,
        ),
    ) {
        let config = all_rules();
        let mut text = TYPING_BASE.to_string();
        let mut analysis = Analysis::new(&text, &config);
        for (at, key) in keys {
            let from = snap(&text, (at * text.len() as f64) as usize);
            let to = if key.is_empty() {
                snap(&text, from + 1).max(from + text[from..].chars().next().map_or(0, char::len_utf8))
            } else {
                from
            };
            apply(&mut analysis, &mut text, from..to, key);
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
        }
    }

    /// Keystrokes in a document with many findings: missing notes that all
    /// share one fix, a name near-miss and an unclosed marker in every
    /// turn, so that most findings are kept and moved rather than found
    /// again.
    #[test]
    fn typing_among_many_findings_equals_fresh(
        keys in prop::collection::vec(
            (0.0..=1.0f64, prop::sample::select(&["", "", "w", " ", "\n", "(", ")", "[", "]", "1", "é"][..])),
            1..30,
        ),
    ) {
        let config = all_rules();
        let mut text = String::from("MR KIRBY: Opening.\n\nFOREIGN MINISTER LAVROV: Reply[1].\n\n");
        for n in 2..14 {
            text.push_str(&format!(
                "MR KIRBY: Minister Lavrow said (inaudible it[{n}] and the the rest.\n\n"
            ));
        }
        text.push_str("Notes\n\n[1] First note.\n");
        let mut analysis = Analysis::new(&text, &config);
        for (at, key) in keys {
            let from = snap(&text, (at * text.len() as f64) as usize);
            let to = if key.is_empty() {
                snap(&text, from + 1).max(from + text[from..].chars().next().map_or(0, char::len_utf8))
            } else {
                from
            };
            apply(&mut analysis, &mut text, from..to, key);
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
        }
    }

    #[test]
    fn incremental_equals_fresh(
        start in text_strategy(),
        edits in prop::collection::vec(edit_strategy(), 1..12),
        batch in 1usize..4,
    ) {
        let config = all_rules();
        let mut text = start;
        let mut analysis = Analysis::new(&text, &config);
        for (n, (at, len, insert)) in edits.into_iter().enumerate() {
            let from = snap(&text, (at * text.len() as f64) as usize);
            let to = snap(&text, from + len);
            let insert = insert.concat();
            apply(&mut analysis, &mut text, from..to, &insert);
            // Sometimes several edits arrive before the next lint.
            if n % batch == 0 {
                prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
            }
        }
        prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
    }

    /// Edits in the random end of a long document: there each edit is read
    /// again on its own, so what the rules keep is what is compared (the
    /// notes, their spacing, where the text ends and the line ending).
    #[test]
    fn edits_at_the_end_of_a_long_document_equal_fresh(
        end in text_strategy(),
        edits in prop::collection::vec(edit_strategy(), 1..8),
        first_line in prop::sample::select(vec!["\n", "\r\n", "\r"]),
    ) {
        let config = all_rules();
        // A reference no note answers, and blank lines to type on after
        // the last line: the stub fix is there to follow.
        let end = format!("MR ROBINSON: Cited[7].\n\n{end}\n\n");
        let mut text = long(&end).replacen('\n', first_line, 1);
        let prefix = text.len() - end.len();
        let mut analysis = Analysis::new(&text, &config);
        for (at, len, insert) in edits {
            let from = snap(&text, prefix + (at * (text.len() - prefix) as f64) as usize);
            let to = snap(&text, from + len);
            apply(&mut analysis, &mut text, from..to, &insert.concat());
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
        }
    }
}

/// Caption files, with something for every cue rule and for the speaker
/// and marker rules in cue text.
const CAPTION_BASES: &[&str] = &[
    "WEBVTT - Episode 12\nKind: captions\n\nNOTE\n[1] Dana Whitfield, 10:30.\n\n00:00:01.000 --> 00:00:04.000 align:start\n<v Dana Whitfield>Welcome to <i>Harbour</i> the the show [inaudible\n\n00:00:03.500 -> 00:00:2.000\n<v Dana Whitfeld>Yes &amp; no. (Laugter)\n\n00:00:01.000 --> 00:00:05.000\n<v Tomasz Wieczorek>Thanks, Dana Whitfeld.\n",
    "\u{feff}1\r\n00:00:00,500 --> 00:00:03,200\r\n{\\an8}DANA: Councillor Farahani,\r\nthanks.\r\n\r\n3\r\n00:00:03,400 --> 00:00:2.900\r\n- FARAHANI: Happy to.\r\n- DANA: Farahini? [APPLUASE\r\n\r\n3\r\n00:00:01,000 --> 00:00:05,000\r\nFARAHANNI: 1979\r\n",
];

#[test]
fn a_caption_signature_typed_and_deleted() {
    // The document turns into a caption file and back: each time the
    // analysis starts again from the text.
    let base = &CAPTION_BASES[0]["WEBVTT - Episode 12\n".len()..];
    let mut edits = Vec::new();
    for (i, c) in "WEBVTT\n".char_indices() {
        edits.push((i..i, &"WEBVTT\n"[i..i + c.len_utf8()]));
    }
    edits.push((0..1, ""));
    edits.push((0..0, "W"));
    edits.push((0..7, ""));
    session(base, &edits);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Keystrokes in caption files, a lint after each.
    #[test]
    fn typing_in_captions_equals_fresh(
        base in prop::sample::select(CAPTION_BASES),
        keys in prop::collection::vec(
            (0.0..=1.0f64, prop::sample::select(&[
                "", "", "", "w", "V", " ", "\n", "\r\n", "<", ">", "-", ":", ".", ",", "0", "9", "[", "]", "é",
            ][..])),
            1..30,
        ),
    ) {
        let config = all_rules();
        let mut text = base.to_string();
        let mut analysis = Analysis::new(&text, &config);
        for (at, key) in keys {
            let from = snap(&text, (at * text.len() as f64) as usize);
            let to = if key.is_empty() {
                snap(&text, from + 1).max(from + text[from..].chars().next().map_or(0, char::len_utf8))
            } else {
                from
            };
            apply(&mut analysis, &mut text, from..to, key);
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
        }
    }
}

/// A document in each format with a reader, with something for the rules
/// to find, and the pieces typed into it: each format's own label shapes,
/// header and footer lines, and what turns a file into another format.
const FORMAT_BASES: &[&str] = &[
    "\
Harbour Commission budget review
Tue, Mar 12, 2024 2:04PM \u{2022} 06:24

SUMMARY KEYWORDS
dredging, berth

SPEAKERS
Dana Whitfield, Marcus Okafor, Speaker 1

Dana Whitfield  0:03  
Okay, we're recording. Marcus, the the dredging.

Marcus Okafor  0:31  
Thanks, Dana. [inaudible] The basin [laughs] shoaled. Whitfeild agreed.

Marcus Okafur  0:20  
Plus or minus [crosstalk 20 percent.

Speaker 1  6:3  
Sorry.

Transcribed by https://otter.ai
",
    "\
[Helen Achterberg] 23:52:07
Thanks for getting on so late. [pause] The the contractor emailed.

[Rafael Quintero (he/him)] 23:52:31
No problem. Did Achterbeg send the [inaudible drawing?

[Helen Achterburg] 23:52:20
They did.

[Simone Adeyemi] 00:0:16
Agreed.
",
    "\
23:58:40
Desmond Achebe: Then the narrative should say so. [laughs Tobias?

23:59:52
Tobias Lindqvist: Yes, please. Ms. Ferriera, by Friday. Note: at noon.

00:00:14
Desmond Achebbe: Past midnight.

23:55:50
Tobias Lindqvist: Good night.
",
    "\
Harbour Workers Oral History Project

Narrator: Margaret Kowalski (MK)
Interviewer: Thomas Reyes (TR)
Audio: HW-017_File1.wav (00:41:52); HW-017_File2.wav (00:27:10)

Transcriber's note: words that could not be heard are marked [inaudible].

[Begin File 1]

THOMAS REYES: [00:00:04] Today is April 3rd. Margaret Kowalsky is
here. [inaudible
00:14:22] and more.

MK: Right here, in Lubec.[1]

T.R.: [00:00:02] Where?

Notes
[1] A note.
",
    "\
[House Hearing, 118 Congress]
[From the U.S. Government Publishing Office]

                            C O N T E N T S
    Oral Statement...............................................    18

    The Subcommittee met, pursuant to notice, at 10:02 a.m., in room 
2318 of the Rayburn House Office Building.

    [GRAPHIC] [TIFF OMITTED] T5531.001

    Chairman HARTWELL. Our first witness is Dr. Jane 
Witmore. [Laughter.  
    Dr. WHITMORE. Thank you, the the Chairman.\\1\\
---------------------------------------------------------------------------
    \\1\\ A note. 
---------------------------------------------------------------------------

               TESTIMONY OF DR. JANE WHITMORE

    Dr. WHITMOORE. [Laugther.] Yes. 
    [The prepared statement of Dr. Whitmore follows:]
    Radar.\\2\\ Buoys.\\1\\ Ships.\\3\\
---------------------------------------------------------------------------
    \\1\\ On buoys.
    \\2\\ On radar.
---------------------------------------------------------------------------
",
    "\
                                                                   4
 1                       P R O C E E D I N G S
 2             THE CLERK:  All rise. The the court is in session.
 3             THE COURT:  Good morning. Mr. Harlan, call your
 4   first witness.
 5             MR. HARLAN:  The government calls Marisol Vance.
 6             (Witness sworn.)
 7                           MARISOL VANCE,
 8        called on behalf of the Government, having been duly
 9        sworn, testified as follows:
10                         DIRECT EXAMINATION
11        BY MR. HARLAN:
12        Q.   Good morning, Agent Vanse.
13        A.   Good morning.
14             (Pause in the proceedings.
15             MR. HARLEN:  Your Honor, may I approach?
16             THE COURT:  You may.
17             (Whereupon, a recess was taken from 10:47 a.m. until
18             11:02 a.m.)
19        BY MR. HARLAN:
20        Q.   Who was it?
21        A\tA dispatcher. (Indiscernable.)
22             THE WITNESS:  I am sorry, Your Honor.
23             MS. PRESCOTT:  No objection.
24             THE COURT:  Received.
25             MR. HARLAN:  Nothing further at this time, Your
          RENEE T. SANDOVAL, RMR, CRR - OFFICIAL COURT REPORTER

\u{c}                                                                  5
09:30:56   1   Honor.
09:30:09   2             MS. PRESCOTT:  Thank you.
09:32:9    3        Q.   And then?
           4
",
];

const FORMAT_PIECES: &[&str] = &[
    "Dana Whitfield  1:12  \n",
    "Marcus Okafor  1:15",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "Transcribed by https://otter.ai",
    "SPEAKERS\n",
    "[Dana Whitfield] 18:02:15\n",
    "23:52:07\n",
    "Helen Achterberg: ",
    "[Begin File 2]\n",
    "Narrator: ",
    "Interviewer: Jo Smith\n",
    "Narrator: Margaret Kowalsky (MK)\n",
    "Mrs. Kowalsky ",
    "MK: ",
    "    Mr. JORDAN. ",
    "    ",
    "[House Hearing, 118 Congress]\n[From the U.S. Government Publishing Office]\n",
    "-----------------\n",
    "\\2\\",
    "    \\1\\ ",
    "    [The prepared statement of Mr. Smith follows:]\n",
    "WEBVTT\n",
    "[inaudible",
    "]",
    "the the ",
    "Okafer ",
    "0:05",
    ":",
    "é",
    "        BY MR. HARLAN:\n",
    "        Q.   ",
    "A\t",
    "THE WITNESS:  ",
    "(Pause in the",
    "proceedings.)",
    " 7   ",
    "09:30:09  ",
    "                         DIRECT EXAMINATION\n",
    "                           DAVID K. OSTERGAARD,\n",
    "\u{c}                                                                   6\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Edits to a document in each format, with a lint after each batch:
    /// the incremental analysis equals a fresh one, also when an edit
    /// changes the format detected.
    #[test]
    fn formats_incremental_equals_fresh(
        base in prop::sample::select(FORMAT_BASES),
        edits in prop::collection::vec(
            (0.0..=1.0f64, 0usize..6, prop::collection::vec(prop::sample::select(FORMAT_PIECES), 0..3)),
            1..12,
        ),
    ) {
        let config = all_rules();
        let mut text = base.to_string();
        let mut analysis = Analysis::new(&text, &config);
        for (at, len, insert) in edits {
            let from = snap(&text, (at * text.len() as f64) as usize);
            let to = snap(&text, from + len);
            apply(&mut analysis, &mut text, from..to, &insert.concat());
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
        }
    }
}

/// The transcripts of `tests/fixtures/formats`, clean and planted, in every
/// format with a line reader (caption files are parsed afresh on every
/// call), and a briefing.
fn fixtures() -> &'static [String] {
    static FIXTURES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/formats");
        let mut paths: Vec<_> = std::fs::read_dir(&root)
            .expect("the format fixtures")
            .flat_map(|d| std::fs::read_dir(d.expect("a folder").path()).expect("a folder"))
            .map(|f| f.expect("a file").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let mut texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("UTF-8"))
            .collect();
        assert!(texts.len() >= 10, "{} fixtures", texts.len());
        texts.push(BRIEFING.to_string());
        texts
    })
}

/// What a keystroke types: letters, spaces, the characters that make or
/// break a label, a dash rule, a bracketed insertion, a GPO note or a
/// gutter, and line breaks.
const KEYS: &[&str] = &[
    "x", "A", " ", "    ", ".", ":", "-", "[", "]", "(", ")", "\\", "1", "\n", "\t", "é",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// Keystrokes anywhere in a real document of each format (its front
    /// matter, banner, contents, page headers and numbers, gutters, dash
    /// rules, bracketed insertions and notes as much as its paragraphs),
    /// each typed and linted alone as an editor sends them, and some
    /// deleted again: the incremental analysis equals a fresh one after
    /// each.
    #[test]
    fn keystrokes_on_any_line_of_each_format_equal_fresh(
        file in 0usize..64,
        strokes in prop::collection::vec(
            (0.0..1.0f64, 0usize..72, prop::sample::select(KEYS), any::<bool>()),
            1..10,
        ),
    ) {
        let fixtures = fixtures();
        let config = all_rules();
        let mut text = fixtures[file % fixtures.len()].clone();
        let mut analysis = Analysis::new(&text, &config);
        prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config));
        for (line, column, key, undo) in strokes {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let start = starts[(line * starts.len() as f64) as usize % starts.len()];
            let line_len = text[start..].find('\n').unwrap_or(text.len() - start);
            let at = snap(&text, start + column.min(line_len));
            apply(&mut analysis, &mut text, at..at, key);
            prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
            if undo {
                apply(&mut analysis, &mut text, at..at + key.len(), "");
                prop_assert_eq!(analysis.diagnostics(&text, &config), lint(&text, &config), "{:?}", text);
            }
        }
    }
}
