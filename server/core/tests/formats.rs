//! The format fixtures (`tests/fixtures/formats/<format>/`): each clean file
//! reports nothing at warning or error level, and each planted file reports
//! exactly the findings its `planted.expected.md` lists, at the line and
//! column given, over the text given, with the fix given.
//!
//! A format is listed in [`READY`] once its reader is in; rows naming a rule
//! that does not exist yet (marked *proposed*) are skipped.

use std::path::{Path, PathBuf};

use verbatim_core::{lint, Applicability, Config, Diagnostic, Severity};

/// The fixture folders whose reader is in, with their planted files.
const READY: &[(&str, &[&str])] = &[
    ("otter", &["planted.txt"]),
    ("hearing", &["planted.txt"]),
    (
        "oral-history",
        &[
            "planted.txt",
            "planted.initials.txt",
            "planted.two-interviewers.txt",
        ],
    ),
    ("webvtt", &["planted.vtt"]),
    ("srt", &["planted.srt"]),
    ("zoom", &["planted.vtt", "planted.txt", "planted.timed.txt"]),
    ("court", &["planted.txt"]),
    ("deposition", &["planted.txt"]),
];

/// Rows of a ready format that wait for a model fact, with what they wait
/// for: (format, rule).
const PENDING: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/formats")
}

/// Lints `path` as the command line would: the configuration of that file.
fn lint_file(path: &Path) -> (String, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).expect("fixture");
    let config = Config::default().for_file(path);
    let d = lint(&text, &config);
    (text, d)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let at = verbatim_core::text::LineIndex::new(text).line_col(text, offset);
    (at.line, at.column)
}

/// One row of an expected table.
#[derive(Debug)]
struct Row {
    rule: String,
    line: usize,
    column: usize,
    covers: String,
    /// `None` when the row says no fix may be offered.
    fix: Option<(Applicability, String)>,
}

/// The rows for `file` in `planted.expected.md`: the tables under a `##`
/// heading that names the file, or every table when no heading does.
fn expected(md: &str, file: &str) -> Vec<Row> {
    let sectioned = md
        .lines()
        .any(|l| l.starts_with("## ") && l.contains("planted."));
    let mut current = !sectioned;
    let mut rows = Vec::new();
    for line in md.lines() {
        if line.starts_with("## ") {
            current = if sectioned {
                line.contains(file)
            } else {
                !line.contains("Must not")
            };
            continue;
        }
        if !current || !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() < 5 || !cells[0].chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let rule = between_ticks(cells[1]).unwrap_or_default();
        let Some((l, c)) = cells[2].split_once(':') else {
            continue;
        };
        let fix_cell = cells[4];
        let fix = if fix_cell.starts_with("none") {
            None
        } else {
            let applicability = if fix_cell.starts_with("unsafe") {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            };
            Some((applicability, between_ticks(fix_cell).unwrap_or_default()))
        };
        rows.push(Row {
            rule,
            line: l.parse().expect("line"),
            column: c.parse().expect("column"),
            covers: between_ticks(cells[3]).unwrap_or_default(),
            fix,
        });
    }
    rows
}

fn between_ticks(s: &str) -> Option<String> {
    let start = s.find('`')? + 1;
    let end = start + s[start..].find('`')?;
    Some(s[start..end].to_string())
}

#[test]
fn clean_fixtures_report_nothing_at_warning_or_error() {
    for (format, _) in READY {
        for entry in std::fs::read_dir(root().join(format)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("clean.") {
                continue;
            }
            let (text, d) = lint_file(&path);
            let loud: Vec<String> = d
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .map(|d| {
                    let (l, c) = line_col(&text, d.range.start);
                    format!("{}:{l}:{c} {}", d.rule.name(), d.message)
                })
                .collect();
            assert!(loud.is_empty(), "{format}/{name}: {loud:#?}");
        }
    }
}

#[test]
fn planted_fixtures_report_exactly_what_is_expected() {
    for (format, files) in READY {
        let md = std::fs::read_to_string(root().join(format).join("planted.expected.md")).unwrap();
        for file in *files {
            let (text, found) = lint_file(&root().join(format).join(file));
            let rows: Vec<Row> = expected(&md, file)
                .into_iter()
                .filter(|r| verbatim_core::Rule::from_name(&r.rule).is_some())
                .filter(|r| !PENDING.contains(&(format, r.rule.as_str())))
                .collect();
            assert!(!rows.is_empty(), "{format}/{file}: no expected rows");
            for row in &rows {
                let hit = found.iter().find(|d| {
                    d.rule.name() == row.rule
                        && line_col(&text, d.range.start) == (row.line, row.column)
                });
                let Some(d) = hit else {
                    panic!(
                        "{format}/{file}: expected {} at {}:{}, found {:#?}",
                        row.rule,
                        row.line,
                        row.column,
                        found
                            .iter()
                            .map(|d| (d.rule.name(), line_col(&text, d.range.start)))
                            .collect::<Vec<_>>()
                    );
                };
                // A finding over two lines is written `start ... end`:
                // a table cell holds no line break.
                let covered = &text[d.range.clone()];
                let covers = match row.covers.split_once(" ... ") {
                    Some((head, tail))
                        if covered.starts_with(head)
                            && covered.ends_with(tail)
                            && covered.contains('\n') =>
                    {
                        covered
                    }
                    _ => row.covers.as_str(),
                };
                assert_eq!(
                    covered, covers,
                    "{format}/{file}: {} at {}:{}",
                    row.rule, row.line, row.column
                );
                match (&row.fix, &d.fix) {
                    (None, None) => {}
                    (Some((applicability, new_text)), Some(fix)) => {
                        assert_eq!(
                            fix.applicability, *applicability,
                            "{format}/{file}: {row:?}"
                        );
                        // A fix described in words only (`the same
                        // renumbering fix`) names no text to look for; the
                        // line break that puts an inserted line on its own
                        // is not written in the tables, but an indentation
                        // written there (GPO's note stub) must be the fix's.
                        let lines_only = |t: &str| t.trim_matches(['\n', '\r']).to_string();
                        assert!(
                            new_text.is_empty()
                                || fix.edits.iter().any(|e| {
                                    e.new_text.trim() == new_text
                                        || lines_only(&e.new_text) == *new_text
                                }),
                            "{format}/{file}: {row:?}, fix {fix:?}"
                        );
                    }
                    (want, got) => panic!("{format}/{file}: {row:?}: fix {want:?}, got {got:?}"),
                }
            }
            // Nothing else at warning or error level.
            for d in found.iter().filter(|d| d.severity >= Severity::Warning) {
                let (l, c) = line_col(&text, d.range.start);
                assert!(
                    rows.iter()
                        .any(|r| r.rule == d.rule.name() && (r.line, r.column) == (l, c)),
                    "{format}/{file}: unexpected {} at {l}:{c}: {}",
                    d.rule.name(),
                    d.message
                );
            }
        }
    }
}

/// Every planted error of the court transcript has a fix (some unsafe):
/// applying them all gives back the clean file, byte for byte, so no fix
/// touched the gutter, a heading or correct text; and a second pass
/// changes nothing. The deposition's planted text differs from its clean
/// file in ways no fix can know (a rewritten parenthetical, a stamp out of
/// order), so it is checked for convergence and for those fixes alone.
#[test]
fn fixing_the_planted_court_transcripts() {
    let config = |path: &Path| Config::default().for_file(path);
    let dir = root().join("court");
    let planted = std::fs::read_to_string(dir.join("planted.txt")).unwrap();
    let clean = std::fs::read_to_string(dir.join("clean.txt")).unwrap();
    let fixed = verbatim_core::fix_until_stable(&planted, &config(&dir.join("planted.txt")), true);
    assert!(
        fixed.text == clean,
        "court: the fixed file is not the clean one"
    );

    let dir = root().join("deposition");
    let path = dir.join("planted.txt");
    let planted = std::fs::read_to_string(&path).unwrap();
    let fixed = verbatim_core::fix_until_stable(&planted, &config(&path), true);
    let again = verbatim_core::fix_until_stable(&fixed.text, &config(&path), true);
    assert_eq!(again.text, fixed.text);
    let changed: Vec<(usize, &str)> = planted
        .lines()
        .zip(fixed.text.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (_, b))| (i + 1, b))
        .collect();
    assert_eq!(
        changed,
        vec![
            (142, "           6  (Inaudible.)"),
            (
                172,
                "09:29:39   9       Q\tMr. Ostergaard, before the break we were talking about"
            ),
            (179, "          16            and shown to the witness.)"),
            (
                184,
                "09:32:09  21       Q\tSo the paper log and the device agree that he drove"
            ),
            (
                199,
                "09:35:00   9            MS. FAIRWEATHER:  It is a discovery deposition,"
            ),
        ]
    );
    // Safe fixes alone: the unclosed parenthetical and the stamp.
    let safe = verbatim_core::fix_until_stable(&planted, &config(&path), false);
    assert_eq!(
        planted
            .lines()
            .zip(safe.text.lines())
            .filter(|(a, b)| a != b)
            .count(),
        2
    );
}

/// The clean court and deposition transcripts give no finding at all, at
/// any level and with every rule on (the off-by-default `double-space`
/// included: the two spaces after a colloquy colon are the label's): the
/// gutter, headings and furniture hold nothing a rule could take for text.
#[test]
fn clean_court_transcripts_report_nothing_with_every_rule() {
    for format in ["court", "deposition"] {
        let path = root().join(format).join("clean.txt");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut config = Config::default().for_file(&path);
        for rule in verbatim_core::Rule::ALL {
            config.set_enabled(*rule, true);
        }
        let found: Vec<String> = lint(&text, &config)
            .iter()
            .map(|d| {
                let (l, c) = line_col(&text, d.range.start);
                format!("{}:{l}:{c} {}", d.rule.name(), d.message)
            })
            .collect();
        assert!(found.is_empty(), "{format}: {found:#?}");
    }
}

/// The oral history with two interviewers: with every rule on, the clean
/// file gives no warning or error; the header names all four people, and
/// the boundaries and closing lines are no turn's text; every fix of the
/// planted file gives back the clean one but for the two times out of
/// order, which no fix can know.
#[test]
fn the_oral_history_with_two_interviewers() {
    let dir = root().join("oral-history");
    let path = dir.join("clean.two-interviewers.txt");
    let clean = std::fs::read_to_string(&path).unwrap();
    let mut config = Config::default().for_file(&path);
    for rule in verbatim_core::Rule::ALL {
        config.set_enabled(*rule, true);
    }
    let loud: Vec<String> = lint(&clean, &config)
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| format!("{} {}", d.rule.name(), d.message))
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");

    let doc = verbatim_core::Transcript::parse(&clean, &config.settings);
    let roster: Vec<(&str, &str)> = doc
        .roster
        .iter()
        .map(|e| (e.key.as_str(), doc.slice(&e.name)))
        .collect();
    assert_eq!(
        roster,
        [
            ("WALTER PELLETIER", "Walter Pelletier"),
            ("WP", "Walter Pelletier"),
            ("JANE ORTIZ", "Jane Ortiz"),
            ("JO", "Jane Ortiz"),
            ("PAUL THIBODEAU", "Paul Thibodeau"),
            ("PT", "Paul Thibodeau"),
            ("IRENE PELLETIER", "Irene Pelletier"),
            ("IP", "Irene Pelletier"),
        ]
    );
    assert_eq!(doc.turns.len(), 17);
    let last = doc.turns.last().unwrap();
    assert_eq!(
        doc.slice(&last.body),
        "[00:02:15] Thank you both. That's a good place to stop. [inaudible]"
    );
    let furniture: Vec<&str> = doc
        .furniture
        .iter()
        .skip(1)
        .map(|r| doc.slice(r).trim_end())
        .collect();
    assert_eq!(
        furniture,
        [
            "[End of Tape 1, Side A]",
            "[Tape 1, Side B]",
            "[End of Tape 1, Side B]",
            "[END OF INTERVIEW]",
            "Transcribed by Ellen Park, June 2023; reviewed by Jane Ortiz and Paul\nThibodeau, July 2023.",
        ]
    );

    let path = dir.join("planted.two-interviewers.txt");
    let planted = std::fs::read_to_string(&path).unwrap();
    let fixed = verbatim_core::fix_until_stable(&planted, &Config::default().for_file(&path), true);
    let changed: Vec<usize> = clean
        .lines()
        .zip(fixed.text.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(changed, [59, 62]);
    assert_eq!(clean.lines().count(), fixed.text.lines().count());
}
