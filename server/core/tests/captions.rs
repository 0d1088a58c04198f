//! The caption fixtures (`tests/fixtures/formats/{webvtt,srt,zoom}`): each
//! clean file reports nothing at warning or error level, and each planted
//! file reports exactly what its `planted.expected.md` lists, at the line
//! and column given there, with the fixed text given there.

use std::path::{Path, PathBuf};

use verbatim_core::fix::apply_edits;
use verbatim_core::text::LineIndex;
use verbatim_core::{lint, Applicability, Config, Diagnostic, Rule, Severity};

fn fixture(path: &str) -> (String, Config) {
    let full: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/formats")
        .join(path);
    let text = std::fs::read_to_string(&full).expect("fixture exists");
    let mut config = Config::default();
    config.settings.extension = full
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    (text, config)
}

/// (rule, line:col, covered text, the text the fix puts there or `None`
/// for no fix, safe?)
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);

fn shown(text: &str, found: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    found
        .iter()
        .map(|d| {
            let at = index.line_col(text, d.range.start);
            format!(
                "{} {}:{} {:?} {:?}\n",
                d.rule.name(),
                at.line,
                at.column,
                &text[d.range.clone()],
                d.fix.as_ref().map(|f| &f.edits)
            )
        })
        .collect()
}

fn check_planted(path: &str, expected: &[Expected]) {
    let (text, config) = fixture(path);
    let found: Vec<Diagnostic> = lint(&text, &config)
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    let index = LineIndex::new(&text);
    assert_eq!(
        found.len(),
        expected.len(),
        "{path}: findings\n{}",
        shown(&text, &found)
    );
    for (d, &(rule, at, covers, fixed, safe)) in found.iter().zip(expected) {
        let pos = index.line_col(&text, d.range.start);
        assert_eq!(
            (
                d.rule.name(),
                format!("{}:{}", pos.line, pos.column),
                &text[d.range.clone()]
            ),
            (rule, at.to_string(), covers),
            "{path}\n{}",
            shown(&text, &found)
        );
        match (fixed, &d.fix) {
            (None, None) => {}
            (Some(fixed), Some(fix)) => {
                assert_eq!(
                    fix.applicability == Applicability::Safe,
                    safe,
                    "{path} {rule} {at}: fix safety"
                );
                // The fixed text, around the finding's line.
                let after = apply_edits(&text, &fix.edits);
                let line = pos.line - 1;
                let got = after.lines().nth(line).unwrap_or("");
                assert!(
                    got.contains(fixed),
                    "{path} {rule} {at}: fixed line {got:?} lacks {fixed:?}"
                );
            }
            (want, got) => panic!("{path} {rule} {at}: fix {want:?}, got {got:?}"),
        }
    }
}

fn check_clean(path: &str) {
    let (text, config) = fixture(path);
    let found: Vec<Diagnostic> = lint(&text, &config)
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .collect();
    assert!(found.is_empty(), "{path}\n{}", shown(&text, &found));
}

#[test]
fn clean_caption_files_report_nothing() {
    check_clean("webvtt/clean.vtt");
    check_clean("srt/clean.srt");
    check_clean("zoom/clean.vtt");
}

#[test]
fn clean_caption_files_report_no_info_either_but_for_overlap() {
    // Header, NOTE, STYLE and REGION blocks, tags and entities are not text:
    // not even an info finding comes from them.
    for path in ["webvtt/clean.vtt", "srt/clean.srt", "zoom/clean.vtt"] {
        let (text, config) = fixture(path);
        let found = lint(&text, &config);
        assert!(found.is_empty(), "{path}\n{}", shown(&text, &found));
    }
}

#[test]
fn planted_webvtt() {
    check_planted(
        "webvtt/planted.vtt",
        &[
            (
                "webvtt-header",
                "1:1",
                "WebVTT",
                Some("WEBVTT - Harbour"),
                true,
            ),
            (
                "speaker-name-mismatch",
                "42:38",
                "Wieczorak",
                Some("Tomasz Wieczorek, a"),
                false,
            ),
            (
                "unknown-marker",
                "63:26",
                "crosstlak",
                Some("[crosstalk]"),
                false,
            ),
            (
                "cue-timestamp-format",
                "74:14",
                "->",
                Some("00:00:57.100 --> 00:01:03.600"),
                true,
            ),
            (
                "cue-timestamp-format",
                "84:1",
                "00:01:9.800",
                Some("00:01:09.800 --> "),
                true,
            ),
            (
                "speaker-label-variant",
                "93:4",
                "Dana Whitfeld",
                Some("<v Dana Whitfield>In Japan"),
                false,
            ),
            (
                "unclosed-marker",
                "98:32",
                "[inaudible",
                Some("eighties. [inaudible]"),
                true,
            ),
            (
                "cue-ends-before-start",
                "112:1",
                "01:43.500 --> 01:41.000",
                None,
                false,
            ),
            ("cue-order", "115:1", "00:01:37.500", None, false),
        ],
    );
}

#[test]
fn planted_srt() {
    check_planted(
        "srt/planted.srt",
        &[
            (
                "cue-timestamp-format",
                "11:1",
                "00:00:8,100",
                Some("00:00:08,100 --> "),
                true,
            ),
            (
                "cue-timestamp-format",
                "16:1",
                "00:00:12.500",
                Some("00:00:12,500 --> "),
                true,
            ),
            ("srt-sequence", "30:1", "8", Some("7"), true),
            (
                "speaker-label-variant",
                "57:1",
                "FARAHANNI",
                Some("FARAHANI: To deeper"),
                false,
            ),
            ("srt-sequence", "60:1", "13", Some("13"), true),
            (
                "speaker-name-mismatch",
                "81:18",
                "Farahini",
                Some("Councillor Farahani, the"),
                false,
            ),
            (
                "cue-timestamp-format",
                "85:14",
                "—>",
                Some("00:01:07,600 --> 00:01:10,300"),
                true,
            ),
            (
                "unclosed-marker",
                "92:12",
                "[inaudible",
                Some("than I am. [inaudible]"),
                true,
            ),
            (
                "cue-ends-before-start",
                "100:1",
                "00:01:20,100 --> 00:01:18,400",
                None,
                false,
            ),
            (
                "unknown-marker",
                "116:2",
                "APPLUASE",
                Some("[APPLAUSE]"),
                false,
            ),
            ("cue-order", "119:1", "00:01:30,200", None, false),
        ],
    );
}

#[test]
fn the_srt_renumbering_fixes_the_numbers_the_expectations_list() {
    let (text, config) = fixture("srt/planted.srt");
    let found = lint(&text, &config);
    let seq: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.rule == Rule::SrtSequence)
        .collect();
    assert_eq!(seq.len(), 2);
    assert_eq!(seq[0].fix, seq[1].fix, "one fix shared by both findings");
    let after = apply_edits(&text, &seq[0].fix.as_ref().unwrap().edits);
    let numbers: Vec<&str> = [30, 35, 40, 45, 50, 55, 60]
        .iter()
        .map(|&n| after.lines().nth(n - 1).unwrap().trim_end())
        .collect();
    assert_eq!(numbers, ["7", "8", "9", "10", "11", "12", "13"]);
    // The byte-order mark and CRLF line endings survive.
    assert!(after.starts_with('\u{feff}'));
    assert_eq!(after.matches("\r\n").count(), text.matches("\r\n").count());
}

#[test]
fn planted_zoom_vtt() {
    check_planted(
        "zoom/planted.vtt",
        &[
            (
                "unclosed-marker",
                "13:59",
                "[inaudible",
                Some("the [inaudible]"),
                true,
            ),
            (
                "cue-timestamp-format",
                "36:1",
                "00:00:42,860",
                Some("00:00:42.860 --> "),
                true,
            ),
            (
                "cue-ends-before-start",
                "64:1",
                "00:01:22.100 --> 00:01:20.640",
                None,
                false,
            ),
            (
                "unknown-marker",
                "73:100",
                "crostalk",
                Some("[crosstalk]"),
                false,
            ),
            (
                "speaker-name-mismatch",
                "89:64",
                "Quintaro",
                Some("Rafael Quintero drafted"),
                false,
            ),
            ("cue-order", "96:1", "00:02:03.300", None, false),
            (
                "speaker-label-variant",
                "109:1",
                "Simone Adeyemmi",
                Some("Simone Adeyemi: Nothing"),
                false,
            ),
        ],
    );
}

#[test]
fn overlapping_cues_are_found_when_enabled() {
    let (text, mut config) = fixture("webvtt/planted.vtt");
    config.set_enabled(Rule::CueOverlap, true);
    let index = LineIndex::new(&text);
    let lines: Vec<usize> = lint(&text, &config)
        .iter()
        .filter(|d| d.rule == Rule::CueOverlap)
        .map(|d| index.line_col(&text, d.range.start).line)
        .collect();
    // The two voices placed apart, and the misplaced cue.
    assert_eq!(lines, [109, 115]);
}

#[test]
fn markers_close_within_their_cue_and_not_beyond() {
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana Whitfield>And then [gentle accordion\nmusic] played.\n\n00:00:04.000 --> 00:00:06.000\n<v Dana Whitfield>It was [inaudible\n\n00:00:06.000 --> 00:00:08.000\n<v Dana Whitfield>the end.] Yes.\n";
    let found = lint(text, &Config::default());
    let unclosed: Vec<&str> = found
        .iter()
        .filter(|d| d.rule == Rule::UnclosedMarker)
        .map(|d| &text[d.range.clone()])
        .collect();
    assert_eq!(unclosed, ["[inaudible"], "{}", shown(text, &found));
}

#[test]
fn character_references_are_not_words() {
    // `&nbsp;` alone is a turn that says nothing (today's reader took
    // `nbsp` for a word); `&hellip;` alone is a cut-off, as `…` is; `&amp;`
    // and `&Eacute;` give no word to any rule.
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Amy Chen>Welcome to Fisheries &amp; Oceans. I'm Amy Chen.\n\n00:00:04.000 --> 00:00:06.000\n<v Rafael Ortiz>&nbsp;\n\n00:00:06.000 --> 00:00:08.000\n<v Rafael Ortiz>&hellip;\n\n00:00:08.000 --> 00:00:10.000\n<v Amy Chen>Go on, &Eacute;mile&nbsp;&mdash; sorry, Rafael.\n";
    let mut config = Config::default();
    config.settings.extension = Some("vtt".into());
    let found = lint(text, &config);
    let index = LineIndex::new(text);
    let got: Vec<(&str, usize, &str)> = found
        .iter()
        .map(|d| {
            let at = index.line_col(text, d.range.start);
            (d.rule.name(), at.line, &text[d.range.clone()])
        })
        .collect();
    assert_eq!(
        got,
        [("empty-turn", 7, "<v Rafael Ortiz>")],
        "{}",
        shown(text, &found)
    );
}
