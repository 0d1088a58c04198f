//! `verbatim check`, `rules` and `rule`, driven through the real binary.
//!
//! Every test runs in its own temporary directory with relative paths, so
//! snapshots hold paths as a user would type them. Colour is off because the
//! output is not a terminal (and `NO_COLOR` is set to be sure).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_verbatim");

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("server/ has a parent")
        .to_path_buf()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code, standard output and standard error, for a snapshot.
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the verbatim binary runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

/// Snapshot with the temporary directory's path replaced by `[TMP]`.
macro_rules! snapshot {
    ($dir:expr, $name:expr, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        let dir = fs::canonicalize($dir).unwrap_or_else(|_| $dir.to_path_buf());
        settings.add_filter(&regex::escape(&dir.display().to_string()), "[TMP]");
        settings.add_filter(&regex::escape(&$dir.display().to_string()), "[TMP]");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!($name, $value));
    }};
}

/// A briefing with one planted error per rule family (the same shapes as
/// `examples/press-briefing.txt`, smaller so snapshots stay readable).
const BRIEFING: &str = "Department Press Briefing\nWashington, DC\nMarch 14, 2024\n\nMODERATOR:\u{a0}Today we have Deputy Assistant Secretary Christopher Robin with us.[1]\n\nMR ROBINSON:\u{a0}Thank you. The talks went well.\n\nQUESTION:\u{a0}Was the (inaudible adopting a resolution discussed?\n\nMR ROBINSON:\u{a0}It was. We expect a vote soon.[2]\n\nQUESTION:\u{a0}And the convoys?\n\nMR. ROBINSON:\u{a0}They move next week. (inaduible) That is all.   \n\nMR ROBINSON:\u{a0}Thank you.\n\nNotes\n[1] The talks ran from March 6 to March 12.\n";

/// A briefing with nothing to report.
const CLEAN: &str = "Department Press Briefing\nWashington, DC\nMarch 14, 2024\n\nMR ROBINSON:\u{a0}Good afternoon. Let me start with the talks.\n\nQUESTION:\u{a0}Thank you. When is the vote?\n\nMR ROBINSON:\u{a0}Next week. (Laughter.)\n";

// ---------------------------------------------------------------- rules

#[test]
fn rules_lists_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["rules"], None);
    snapshot!(dir.path(), "rules_text", run.transcript());
}

#[test]
fn rule_prints_documentation() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["rule", "unclosed-marker"], None);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# unclosed-marker\n"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("Docs: https://verbatim.dev/rules/unclosed-marker"));
}

#[test]
fn unknown_rule_suggests_the_closest() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["rule", "unclosed-markers"], None);
    snapshot!(dir.path(), "rule_unknown_exit_2", run.transcript());
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = fs::read_to_string(repo_root().join("README.md")).expect("README.md exists");
    let start = readme
        .find("<!-- rules:start -->")
        .expect("README has <!-- rules:start -->");
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has <!-- rules:end -->");
    let table = readme[start + "<!-- rules:start -->".len()..end].trim();
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["rules", "--format", "markdown"], None);
    assert_eq!(run.code, 0);
    if std::env::var_os("VERBATIM_UPDATE_README").is_some() && table != run.stdout.trim() {
        let updated = format!(
            "{}<!-- rules:start -->\n{}<!-- rules:end -->{}",
            &readme[..start],
            run.stdout,
            &readme[end + "<!-- rules:end -->".len()..]
        );
        fs::write(repo_root().join("README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        table,
        run.stdout.trim(),
        "the README's rule table is stale: run this test with VERBATIM_UPDATE_README=1"
    );
}

// ------------------------------------------------------- output formats

fn briefing_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "briefing.txt", BRIEFING);
    dir
}

#[test]
fn text_output() {
    let dir = briefing_dir();
    let run = run_in(dir.path(), &["check", "briefing.txt"], None);
    snapshot!(dir.path(), "format_text", run.transcript());
}

#[test]
fn json_output() {
    let dir = briefing_dir();
    let run = run_in(
        dir.path(),
        &["check", "--output-format", "json", "briefing.txt"],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let findings = parsed.as_array().expect("an array");
    assert!(!findings.is_empty(), "the briefing has findings: {parsed}");
    for d in findings {
        for key in ["path", "rule", "severity", "message", "start", "end", "fix"] {
            assert!(d.get(key).is_some(), "missing `{key}` in {d}");
        }
        assert!(d["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["start"]["column"].as_u64().unwrap() >= 1);
    }
    snapshot!(dir.path(), "format_json", run.transcript());
}

#[test]
fn json_columns_count_unicode_scalars_and_ends_are_exclusive() {
    let dir = tempfile::tempdir().unwrap();
    // The no-break space, the curly quotes and `é` take two or three bytes
    // each but one column: the marker starts at column 21 (byte 27).
    write(
        dir.path(),
        "t.txt",
        "MR ROBINSON:\u{a0}“Café” (inaudible adopting it.\n",
    );
    let run = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "json",
            "--select",
            "unclosed-marker",
            "t.txt",
        ],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    if let Some(d) = parsed.as_array().unwrap().first() {
        assert_eq!(d["rule"], "unclosed-marker");
        assert_eq!(d["start"]["line"], 1);
        assert_eq!(d["start"]["column"], 21);
    } else {
        eprintln!("note: unclosed-marker reports nothing yet; column check skipped");
    }
}

#[test]
fn github_output() {
    let dir = briefing_dir();
    let run = run_in(
        dir.path(),
        &["check", "--output-format", "github", "briefing.txt"],
        None,
    );
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=briefing.txt,line=")
                || line.starts_with("::warning file=briefing.txt,line=")
                || line.starts_with("::notice file=briefing.txt,line="),
            "{line}"
        );
    }
    snapshot!(dir.path(), "format_github", run.transcript());
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let dir = briefing_dir();
    let run = run_in(
        dir.path(),
        &["check", "--output-format", "sarif", "briefing.txt"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &sarif["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let names = BIN_RULES.with(|r| r.clone());
    assert_eq!(rules.len(), names.len(), "every registry rule is listed");
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(
            rule["helpUri"],
            format!("https://verbatim.dev/rules/{id}"),
            "{rule}"
        );
        assert!(rule["shortDescription"]["text"].is_string());
    }
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the briefing has findings");
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "briefing.txt");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][key].as_u64().unwrap() >= 1, "{key}");
        }
    }
    // The driver's rules repeat the registry's docs, checked above; the
    // snapshot keeps what this run found.
    let mut redacted = sarif.clone();
    redacted["runs"][0]["tool"]["driver"]["rules"] =
        serde_json::Value::String(format!("[{} rules]", rules.len()));
    let shown = Run {
        code: run.code,
        stdout: format!("{}\n", serde_json::to_string_pretty(&redacted).unwrap()),
        stderr: run.stderr.clone(),
    };
    snapshot!(dir.path(), "format_sarif", shown.transcript());
}

thread_local! {
    /// Rule names from `verbatim rules --format json`.
    static BIN_RULES: Vec<String> = {
        let dir = tempfile::tempdir().unwrap();
        let run = run_in(dir.path(), &["rules", "--format", "json"], None);
        let rules: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        rules
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
}

#[test]
fn statistics() {
    let dir = briefing_dir();
    let run = run_in(dir.path(), &["check", "--statistics", "briefing.txt"], None);
    snapshot!(dir.path(), "statistics", run.transcript());
}

// ------------------------------------------------------------ exit codes

#[test]
fn exit_0_on_a_clean_transcript() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.txt", CLEAN);
    let run = run_in(dir.path(), &["check", "clean.txt"], None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    snapshot!(dir.path(), "exit_0_clean", run.transcript());
}

#[test]
fn exit_1_on_findings_and_0_with_exit_zero() {
    let dir = briefing_dir();
    let run = run_in(dir.path(), &["check", "--quiet", "briefing.txt"], None);
    snapshot!(dir.path(), "exit_1_findings", run.transcript());
    let zero = run_in(dir.path(), &["check", "--exit-zero", "briefing.txt"], None);
    assert_eq!(zero.code, 0);
    assert_eq!(
        zero.stdout,
        run_in(dir.path(), &["check", "briefing.txt"], None).stdout
    );
}

#[test]
fn exit_0_when_only_style_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.txt", "MR ROBINSON:\u{a0}Hello there.   \n");
    let run = run_in(dir.path(), &["check", "t.txt"], None);
    assert_eq!(
        run.code,
        0,
        "info-level findings do not fail: {}",
        run.transcript()
    );
}

#[test]
fn exit_2_on_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.txt", CLEAN);
    let unknown_rule = run_in(
        dir.path(),
        &[
            "check",
            "--select",
            "unclosed-marker,speaker-label-varient",
            "clean.txt",
        ],
        None,
    );
    snapshot!(dir.path(), "exit_2_unknown_rule", unknown_rule.transcript());
    let bad_flag = run_in(dir.path(), &["check", "--output-format", "xml"], None);
    assert_eq!(bad_flag.code, 2);
    assert!(bad_flag.stderr.contains("xml"), "{}", bad_flag.stderr);
    let missing = run_in(dir.path(), &["check", "nope.txt", "clean.txt"], None);
    snapshot!(dir.path(), "exit_2_missing_path", missing.transcript());
}

#[test]
fn exit_2_on_a_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clean.txt", CLEAN);
    write(
        dir.path(),
        "verbatim.toml",
        "known-names = [\"Robbie\"]\n\n[severity]\nunclosed-marker = \"loud\"\n",
    );
    let run = run_in(dir.path(), &["check", "clean.txt"], None);
    snapshot!(dir.path(), "exit_2_config_bad_value", run.transcript());

    write(
        dir.path(),
        "verbatim.toml",
        "select = [\"ALL\"]\nignor = [\"repeated-word\"]\n",
    );
    let run = run_in(dir.path(), &["check", "clean.txt"], None);
    snapshot!(dir.path(), "exit_2_config_unknown_key", run.transcript());

    write(
        dir.path(),
        "verbatim.toml",
        "ignore = [\"unclosed-markers\"]\n",
    );
    let run = run_in(dir.path(), &["check", "."], None);
    snapshot!(dir.path(), "exit_2_config_unknown_rule", run.transcript());
}

#[test]
fn exit_2_on_invalid_utf8_after_checking_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", CLEAN);
    write(dir.path(), "b.txt", b"MR ROBINSON:\xa0Caf\xe9.\n");
    write(dir.path(), "c.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(dir.path(), "d.txt", CLEAN);
    let run = run_in(dir.path(), &["check", "."], None);
    snapshot!(dir.path(), "exit_2_invalid_utf8", run.transcript());
    // `--fix` never writes a file it could not read as text.
    let before = fs::read(dir.path().join("b.txt")).unwrap();
    let run = run_in(dir.path(), &["check", "--fix", "b.txt"], None);
    assert_eq!(run.code, 2);
    assert_eq!(fs::read(dir.path().join("b.txt")).unwrap(), before);
}

// ------------------------------------------------------------------ --fix

/// Runs `check --fix` on one file with `content` and returns what is on
/// disk afterwards.
fn fix_file(name: &str, content: &[u8], extra: &[&str]) -> (Vec<u8>, Run) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, content);
    let mut args = vec!["check", "--fix"];
    args.extend_from_slice(extra);
    args.push(name);
    let run = run_in(dir.path(), &args, None);
    let after = fs::read(&path).unwrap();
    // Converged: a second run changes nothing.
    let again = run_in(dir.path(), &args, None);
    assert_eq!(
        fs::read(&path).unwrap(),
        after,
        "a second --fix changed the file"
    );
    assert!(!again.stdout.contains("Fixed "), "{}", again.stdout);
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "temporary files left behind: {leftovers:?}"
    );
    (after, run)
}

#[test]
fn fix_writes_the_exact_text() {
    let (after, run) = fix_file(
        "t.txt",
        "MR ROBINSON:\u{a0}Hello.\nQUESTION:\u{a0}Was the (inaudible adopting it discussed?\n"
            .as_bytes(),
        &[],
    );
    assert_eq!(
        String::from_utf8(after).unwrap(),
        "MR ROBINSON:\u{a0}Hello.\nQUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n",
        "{}",
        run.transcript()
    );
}

#[test]
fn fix_keeps_crlf_line_endings() {
    let (after, run) = fix_file(
        "t.txt",
        b"MR ROBINSON:\xc2\xa0Hello.\r\nQUESTION:\xc2\xa0Was the (inaudible adopting it discussed?\r\n",
        &[],
    );
    assert_eq!(
        after,
        b"MR ROBINSON:\xc2\xa0Hello.\r\nQUESTION:\xc2\xa0Was the (inaudible) adopting it discussed?\r\n",
        "{}",
        run.transcript()
    );
}

#[test]
fn fix_keeps_crlf_where_a_fix_inserts_lines() {
    // The missing-note fix appends a notes block written with `\n`.
    let (after, run) = fix_file(
        "t.txt",
        b"MR ROBINSON:\xc2\xa0We expect a vote soon.[1]\r\n",
        &["--unsafe-fixes"],
    );
    assert_eq!(
        String::from_utf8(after).unwrap(),
        "MR ROBINSON:\u{a0}We expect a vote soon.[1]\r\n\r\nNotes\r\n[1] TODO: note text\r\n",
        "{}",
        run.transcript()
    );
}

#[test]
fn fix_trailing_whitespace_keeps_crlf_and_the_missing_final_newline() {
    let (after, run) = fix_file(
        "t.txt",
        b"MR ROBINSON:\xc2\xa0Hello.  \r\n\r\nQUESTION:\xc2\xa0Thank you. \t\r\n\r\nMR ROBINSON:\xc2\xa0Sure.  ",
        &[],
    );
    assert_eq!(
        after,
        b"MR ROBINSON:\xc2\xa0Hello.\r\n\r\nQUESTION:\xc2\xa0Thank you.\r\n\r\nMR ROBINSON:\xc2\xa0Sure.",
        "{}",
        run.transcript()
    );
}

#[test]
fn fix_keeps_the_bom() {
    let (after, run) = fix_file(
        "t.txt",
        b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Was the (inaudible adopting it discussed?\n",
        &[],
    );
    assert_eq!(
        after,
        b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Was the (inaudible) adopting it discussed?\n",
        "{}",
        run.transcript()
    );
}

#[test]
fn fix_keeps_a_missing_final_newline() {
    let (after, run) = fix_file(
        "t.txt",
        "MR ROBINSON:\u{a0}Hello.\nQUESTION:\u{a0}Was the (inaudible adopting it".as_bytes(),
        &[],
    );
    assert_eq!(
        String::from_utf8(after).unwrap(),
        "MR ROBINSON:\u{a0}Hello.\nQUESTION:\u{a0}Was the (inaudible) adopting it",
        "{}",
        run.transcript()
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "t.txt",
        "QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n",
    );
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let run = run_in(dir.path(), &["check", "--fix", "t.txt"], None);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "QUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n",
        "{}",
        run.transcript()
    );
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn fix_leaves_clean_files_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let crlf_bom = format!("\u{feff}{}", CLEAN.replace('\n', "\r\n"));
    let path = write(dir.path(), "clean.txt", &crlf_bom);
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    let run = run_in(dir.path(), &["check", "--fix", "clean.txt"], None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(fs::read_to_string(&path).unwrap(), crlf_bom);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
}

#[test]
fn fix_reports_what_remains() {
    let dir = briefing_dir();
    let run = run_in(dir.path(), &["check", "--fix", "briefing.txt"], None);
    let after = fs::read_to_string(dir.path().join("briefing.txt")).unwrap();
    snapshot!(
        dir.path(),
        "fix_briefing",
        format!("{}----- file -----\n{after}", run.transcript())
    );
}

#[test]
fn diff_shows_fixes_and_writes_nothing() {
    let dir = briefing_dir();
    let run = run_in(dir.path(), &["check", "--diff", "briefing.txt"], None);
    assert_eq!(
        fs::read_to_string(dir.path().join("briefing.txt")).unwrap(),
        BRIEFING
    );
    snapshot!(dir.path(), "diff_briefing", run.transcript());
}

// ------------------------------------------------------------------ stdin

#[test]
fn stdin_with_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &["check", "-", "--stdin-filename", "briefings/today.txt"],
        Some(BRIEFING.as_bytes()),
    );
    snapshot!(dir.path(), "stdin_text", run.transcript());
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &["check", "--fix", "-"],
        Some("QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n".as_bytes()),
    );
    assert_eq!(
        run.stdout,
        "QUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n",
        "{}",
        run.transcript()
    );
}

#[test]
fn stdin_uses_the_configuration_of_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sub/verbatim.toml",
        "ignore = [\"unclosed-marker\"]\n",
    );
    let input = "QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n".as_bytes();
    let configured = run_in(
        dir.path(),
        &[
            "check",
            "--output-format",
            "json",
            "-",
            "--stdin-filename",
            "sub/x.txt",
        ],
        Some(input),
    );
    assert_eq!(
        configured.stdout.trim(),
        "[]",
        "{}",
        configured.transcript()
    );
}

// ------------------------------------------------------- walking and config

#[test]
fn directories_respect_gitignore_include_and_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let not_text = b"\xff\xfe not for checking";
    write(d, "a.txt", CLEAN);
    write(d, "notes.md", CLEAN);
    write(d, "sub/b.transcript", CLEAN);
    write(d, "image.png", not_text);
    write(d, ".gitignore", "build/\n*.bak.txt\n");
    write(d, "build/out.txt", not_text);
    write(d, "old.bak.txt", not_text);
    write(
        d,
        "verbatim.toml",
        "exclude = [\"drafts\", \"**/*.draft.txt\"]\n",
    );
    write(d, "drafts/c.txt", not_text);
    write(d, "sub/d.draft.txt", not_text);
    write(d, ".hidden/e.txt", not_text);
    let run = run_in(d, &["check", "--show-files"], None);
    snapshot!(d, "walk_show_files", run.transcript());
    let run = run_in(d, &["check"], None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "No problems found in 3 files.\n");

    // Explicitly named files are always checked, excluded or not...
    let run = run_in(d, &["check", "drafts/c.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("drafts/c.txt"), "{}", run.stderr);
    // ...unless --force-exclude says otherwise.
    let run = run_in(
        d,
        &[
            "check",
            "--force-exclude",
            "--show-files",
            "drafts/c.txt",
            "a.txt",
        ],
        None,
    );
    assert_eq!(run.stdout, "a.txt\n", "{}", run.transcript());
}

/// The caption fixtures, as a user keeps them: a walk finds `.vtt` and
/// `.srt` files by default and checks them as captions.
#[test]
fn directory_walks_check_caption_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo_root().join("tests/fixtures/formats");
    for (from, to) in [
        ("webvtt/clean.vtt", "episodes/clean.vtt"),
        ("webvtt/planted.vtt", "episodes/planted.vtt"),
        ("srt/clean.srt", "news/clean.srt"),
        ("srt/planted.srt", "news/planted.srt"),
    ] {
        write(d, to, fs::read(fixtures.join(from)).unwrap());
    }
    let run = run_in(d, &["check", "--show-files"], None);
    assert_eq!(
        run.stdout,
        "episodes/clean.vtt\nepisodes/planted.vtt\nnews/clean.srt\nnews/planted.srt\n",
        "{}",
        run.transcript()
    );

    let run = run_in(d, &["check", "--output-format", "json"], None);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let got: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["path"].as_str().unwrap(),
                d["start"]["line"],
                d["start"]["column"],
                d["rule"].as_str().unwrap()
            )
        })
        .filter(|s| s.contains(" cue-") || s.contains(" srt-") || s.contains(" webvtt-"))
        .collect();
    assert_eq!(
        got,
        [
            "episodes/planted.vtt 1:1 webvtt-header",
            "episodes/planted.vtt 74:14 cue-timestamp-format",
            "episodes/planted.vtt 84:1 cue-timestamp-format",
            "episodes/planted.vtt 112:1 cue-ends-before-start",
            "episodes/planted.vtt 115:1 cue-order",
            "news/planted.srt 11:1 cue-timestamp-format",
            "news/planted.srt 16:1 cue-timestamp-format",
            "news/planted.srt 30:1 srt-sequence",
            "news/planted.srt 60:1 srt-sequence",
            "news/planted.srt 85:14 cue-timestamp-format",
            "news/planted.srt 100:1 cue-ends-before-start",
            "news/planted.srt 119:1 cue-order",
        ]
    );

    // `--fix` applies the safe caption fixes and keeps the SRT file's BOM
    // and CRLF line endings.
    let run = run_in(d, &["check", "--fix", "news/planted.srt"], None);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let fixed = fs::read_to_string(d.join("news/planted.srt")).unwrap();
    assert!(fixed.starts_with("\u{feff}1\r\n00:00:00,500 --> 00:00:03,200\r\n"));
    assert!(fixed.contains("\r\n7\r\n00:00:23,600 --> 00:00:28,900\r\n"));
    assert!(fixed.contains("00:00:08,100 --> 00:00:12,300"));
    assert!(fixed.contains("00:01:07,600 --> 00:01:10,300"));
    assert!(fixed.contains("than I am. [inaudible]\r\n"));
    assert!(!fixed.replace("\r\n", "").contains('\n'));
}

#[test]
fn include_globs_replace_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", CLEAN);
    write(d, "b.vtt", CLEAN);
    write(d, "verbatim.toml", "include = [\"**/*.vtt\"]\n");
    let run = run_in(d, &["check", "--show-files", "."], None);
    assert_eq!(run.stdout, "b.vtt\n", "{}", run.transcript());
}

#[test]
fn nearest_configuration_wins() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unclosed = "QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n";
    write(d, "verbatim.toml", "select = [\"unclosed-marker\"]\n");
    write(d, "a/t.txt", unclosed);
    write(d, "b/.verbatim.toml", "ignore = [\"unclosed-marker\"]\n");
    write(d, "b/t.txt", unclosed);
    let run = run_in(d, &["check", "--output-format", "json", "."], None);
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"a/t.txt"), "{}", run.transcript());
    assert!(!paths.contains(&"b/t.txt"), "{}", run.transcript());
    // An explicit --config governs every file.
    write(d, "other.toml", "select = [\"unclosed-marker\"]\n");
    let run = run_in(
        d,
        &[
            "check",
            "--config",
            "other.toml",
            "--output-format",
            "json",
            "b",
        ],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = parsed.as_array().unwrap();
    assert!(!findings.is_empty(), "{}", run.transcript());
    for d in findings {
        assert_eq!(d["path"], "b/t.txt");
        assert_eq!(d["rule"], "unclosed-marker");
    }
}

#[test]
fn select_and_ignore_override_the_configuration() {
    let dir = briefing_dir();
    let d = dir.path();
    let only = run_in(
        d,
        &[
            "check",
            "--output-format",
            "json",
            "--select",
            "unclosed-marker",
            "briefing.txt",
        ],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&only.stdout).unwrap();
    let selected = parsed.as_array().unwrap();
    // The briefing has an unclosed marker: an empty list would pass the loop.
    assert!(!selected.is_empty(), "{}", only.transcript());
    for diag in selected {
        assert_eq!(diag["rule"], "unclosed-marker", "{}", only.transcript());
    }
    let ignored = run_in(
        d,
        &[
            "check",
            "--output-format",
            "json",
            "--ignore",
            "unclosed-marker",
            "briefing.txt",
        ],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&ignored.stdout).unwrap();
    let rest = parsed.as_array().unwrap();
    assert!(!rest.is_empty(), "{}", ignored.transcript());
    for diag in rest {
        assert_ne!(diag["rule"], "unclosed-marker", "{}", ignored.transcript());
    }
}

// -------------------------------------------------------------- edge cases

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", "");
    let run = run_in(dir.path(), &["check", "--fix", "empty.txt"], None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "No problems found in 1 file.\n");
    assert_eq!(fs::read(dir.path().join("empty.txt")).unwrap(), b"");
}

#[test]
fn a_line_of_several_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::from("MR ROBINSON:\u{a0}");
    while line.len() < 4_000_000 {
        line.push_str("and the talks went on ");
    }
    line.push_str("(inaudible adopting it.\n");
    write(dir.path(), "long.txt", &line);
    let run = run_in(dir.path(), &["check", "long.txt"], None);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    // The snippet is a window around the finding, not the whole line.
    assert!(
        run.stdout.len() < 20_000,
        "printed {} bytes",
        run.stdout.len()
    );
    let json = run_in(
        dir.path(),
        &["check", "--output-format", "json", "long.txt"],
        None,
    );
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = parsed.as_array().unwrap();
    assert!(!findings.is_empty(), "{}", json.transcript());
    for d in findings {
        assert_eq!(d["start"]["line"], 1);
    }
}

#[test]
fn a_file_of_100_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "MR ROBINSON:\u{a0}Thank you. The monitoring group will report every seventy-two hours, and the co-chairs have agreed to publish a summary.\n\nQUESTION:\u{a0}Thank you. To whom does it report, and is that report public?\n\n";
    let mut text = String::with_capacity(100 * 1024 * 1024 + paragraph.len());
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    write(dir.path(), "big.txt", &text);
    drop(text);
    let run = run_in(dir.path(), &["check", "--statistics", "big.txt"], None);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

// --------------------------------------------------------------- examples

#[test]
fn example_press_briefing() {
    let root = repo_root();
    let run = run_in(&root, &["check", "examples/press-briefing.txt"], None);
    snapshot!(&root, "example_press_briefing", run.transcript());
}

#[test]
fn example_oral_history() {
    let root = repo_root();
    let run = run_in(&root, &["check", "examples/oral-history.txt"], None);
    snapshot!(&root, "example_oral_history", run.transcript());
}

#[test]
fn example_press_briefing_fixed_with_unsafe_fixes() {
    let original = fs::read(repo_root().join("examples/press-briefing.txt")).unwrap();
    let (after, run) = fix_file("press-briefing.txt", &original, &["--unsafe-fixes"]);
    let after = String::from_utf8(after).unwrap();
    snapshot!(
        Path::new("/nonexistent-dir"),
        "example_press_briefing_unsafe_fixed",
        format!("{}----- file -----\n{after}", run.transcript())
    );
}

// ------------------------------------------------------------------ formats

#[test]
fn show_format_prints_each_decision_and_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = repo_root().join("tests/fixtures/formats");
    for (from, to) in [
        ("hearing/clean.txt", "hearing.txt"),
        ("otter/clean.txt", "otter.txt"),
        ("zoom/clean.txt", "zoom.txt"),
        ("oral-history/clean.txt", "oral.txt"),
        ("court/clean.txt", "court.txt"),
        ("deposition/clean.txt", "deposition.txt"),
        ("srt/clean.srt", "captions.srt"),
    ] {
        fs::copy(fixtures.join(from), d.join(to)).unwrap();
    }
    write(d, "briefing.txt", CLEAN);
    write(d, "empty.vtt", "");
    let files = [
        "briefing.txt",
        "captions.srt",
        "court.txt",
        "deposition.txt",
        "empty.vtt",
        "hearing.txt",
        "oral.txt",
        "otter.txt",
        "zoom.txt",
    ];
    let mut args = vec!["check", "--show-format"];
    args.extend(files);
    let run = run_in(d, &args, None);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "briefing.txt: generic: no format matched",
            "captions.srt: srt (certain): extension .srt",
            "court.txt: court (certain): line-number gutter on 56 lines, and `P R O C E E D I N G S`",
            "deposition.txt: deposition (certain): line-number gutter on 56 lines, and `EXAMINATION`",
            "empty.vtt: webvtt (certain): extension .vtt",
            "hearing.txt: hearing (certain): GPO banner on lines 1-2",
            "oral.txt: oral-history (certain): Narrator/Interviewer header on lines 4-5, turns from line 17",
            "otter.txt: otter (certain): 23 `Name  M:SS` turn headers, `SUMMARY KEYWORDS` and `SPEAKERS` lines, `Transcribed by https://otter.ai` footer",
            "zoom.txt: zoom (certain): 15 `[Name] HH:MM:SS` turn lines",
        ]
    );

    // `--format` forces one; `format =` and `[[overrides]]` too.
    let run = run_in(
        d,
        &["check", "--show-format", "--format", "otter", "zoom.txt"],
        None,
    );
    assert_eq!(
        run.stdout,
        "zoom.txt: otter (forced): set by `format =` or `--format`\n"
    );
    write(
        d,
        "verbatim.toml",
        "format = \"generic\"\n[[overrides]]\nfiles = [\"h*.txt\"]\nformat = \"hearing\"\n",
    );
    let run = run_in(
        d,
        &["check", "--show-format", "otter.txt", "hearing.txt"],
        None,
    );
    assert_eq!(
        run.stdout,
        "hearing.txt: hearing (forced): set by `format =` or `--format`\notter.txt: generic (forced): set by `format =` or `--format`\n"
    );
    let run = run_in(d, &["check", "--format", "hansard", "otter.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown format `hansard`"),
        "{}",
        run.stderr
    );
}
