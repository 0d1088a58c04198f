//! Hostile files through `verbatim check`, driven through the real binary on
//! real files in a temporary directory: deep nesting, multi-megabyte lines,
//! thousands of labels, symbolic link loops, files that cannot be read, a
//! file written by someone else during `--fix`, read-only files.
//!
//! Each test asserts that the run finishes (every run has a timeout, so a
//! hang fails instead of stalling the suite), what it prints, its exit code,
//! and the files' bytes afterwards: nothing is lost, and a second `--fix`
//! changes nothing. The big inputs are generated here, never committed.
//!
//! The tests run as root in CI containers, where permission bits do not stop
//! reading; the unreadable-file tests then drop the capabilities that let
//! root ignore them (with `setpriv`), and say so when they cannot.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_verbatim");

/// A run that takes longer than this is taken to hang. Generous: the tests
/// use a debug build on a shared machine; the release times are in the
/// report of the change that added these tests.
const TIMEOUT: Duration = Duration::from_secs(180);

/// What `--fix` waits on before its last check and rename (see
/// `cli::write::pause_for_tests`).
const PAUSE_ENV: &str = "VERBATIM_TEST_PAUSE_BEFORE_WRITE";

#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    configure(&mut cmd, dir);
    cmd
}

fn configure(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove(PAUSE_ENV)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
}

/// Waits for `child`, reading its output as it comes (so a big report
/// cannot fill the pipe and stall it), and fails the test if it runs past
/// [`TIMEOUT`].
fn finish(mut child: Child, what: &str) -> Run {
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`verbatim {what}` did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8(out.join().unwrap()).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8"),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    finish(
        command(dir, args)
            .spawn()
            .expect("the verbatim binary runs"),
        &args.join(" "),
    )
}

fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();
    path
}

/// The names in `dir`, sorted: no temporary file may be left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs `check --fix` (plus `extra`) on `name` twice, and asserts that the
/// second run changed nothing, fixed nothing and left no temporary file.
/// Returns the first run and the file's bytes after it.
fn fix_twice(dir: &Path, name: &str, extra: &[&str]) -> (Run, Vec<u8>) {
    let mut args = vec!["check", "--fix"];
    args.extend_from_slice(extra);
    args.push(name);
    let first = run(dir, &args);
    let after = fs::read(dir.join(name)).unwrap();
    let second = run(dir, &args);
    assert!(
        fs::read(dir.join(name)).unwrap() == after,
        "a second --fix changed {name}"
    );
    assert!(!second.stdout.contains("Fixed "), "{}", second.transcript());
    assert!(second.stderr.is_empty(), "{name}: {}", second.transcript());
    assert!(
        !names(dir).iter().any(|n| n.starts_with(".verbatim-fix-")),
        "temporary files left behind: {:?}",
        names(dir)
    );
    (first, after)
}

/// `--statistics` for one file, as `(exit code, stdout)`.
fn statistics(dir: &Path, name: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--statistics"];
    args.extend_from_slice(extra);
    args.push(name);
    let run = run(dir, &args);
    assert!(run.stderr.is_empty(), "{}", run.transcript());
    (run.code, run.stdout)
}

// ------------------------------------------------------- 1. deep and long

const DEEP: usize = 100_000;

/// Nesting 100,000 deep, open and closed, of each bracket: no marker, so no
/// finding, and nothing to fix; the file is never rewritten.
#[test]
fn deep_nesting_is_checked_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("open-parens.txt", format!("{}\n", "(".repeat(DEEP))),
        ("open-brackets.txt", format!("{}\n", "[".repeat(DEEP))),
        (
            "closed-parens.txt",
            format!("{}{}\n", "(".repeat(DEEP), ")".repeat(DEEP)),
        ),
        (
            "closed-brackets.txt",
            format!("{}{}\n", "[".repeat(DEEP), "]".repeat(DEEP)),
        ),
        ("mixed.txt", format!("MR KIRBY: {}\n", "([".repeat(DEEP))),
    ];
    for (name, content) in &cases {
        write(dir.path(), name, content);
        let check = run(dir.path(), &["check", name]);
        assert_eq!(check.code, 0, "{name}: {}", check.transcript());
        assert_eq!(check.stdout, "No problems found in 1 file.\n", "{name}");
        assert_eq!(check.stderr, "", "{name}");
        let (fix, after) = fix_twice(dir.path(), name, &[]);
        assert_eq!(fix.code, 0, "{name}: {}", fix.transcript());
        assert_eq!(fix.stdout, "No problems found in 1 file.\n", "{name}");
        assert!(after == content.as_bytes(), "{name} was changed");
    }
}

/// A marker at the bottom of 100,000 open brackets is found and closed, and
/// one inside 100,000 closed brackets is fine.
#[test]
fn deep_nesting_around_a_marker() {
    let dir = tempfile::tempdir().unwrap();
    let open = format!("{}inaudible\n", "(".repeat(DEEP));
    write(dir.path(), "open.txt", &open);
    let (code, stats) = statistics(dir.path(), "open.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(stats, "     1  unclosed-marker  error [fixable]\n");
    let (fix, after) = fix_twice(dir.path(), "open.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 1 file.\n"
    );
    assert!(after == format!("{}inaudible)\n", "(".repeat(DEEP)).as_bytes());

    let closed = format!(
        "{}crosstalk 00:01:02{}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    );
    write(dir.path(), "closed.txt", &closed);
    let (code, stats) = statistics(dir.path(), "closed.txt", &[]);
    assert_eq!((code, stats.as_str()), (0, ""));
    let (fix, after) = fix_twice(dir.path(), "closed.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert!(after == closed.as_bytes());
}

/// `(inaudible) [crosstalk] ` repeated into one line of 5 MB: every marker
/// is closed; only the line's trailing space is reported and fixed.
#[test]
fn a_five_megabyte_line_of_markers() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "(inaudible) [crosstalk] ";
    let n = 5_000_000 / unit.len();
    let line = format!("{}\n", unit.repeat(n));
    write(dir.path(), "markers.txt", &line);
    let (code, stats) = statistics(dir.path(), "markers.txt", &[]);
    assert_eq!(code, 0);
    assert_eq!(stats, "     1  trailing-whitespace  info [fixable]\n");
    let (fix, after) = fix_twice(dir.path(), "markers.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 1 file.\n"
    );
    assert!(after == format!("{}\n", unit.repeat(n).trim_end()).as_bytes());
}

/// The same line with every marker left open: 454,544 findings on one line,
/// every one fixed in one run (picking the fixes was quadratic: 290 s in a
/// release build before), and the text report's positions stay cheap.
#[test]
fn a_five_megabyte_line_of_unclosed_markers() {
    let dir = tempfile::tempdir().unwrap();
    let unit = "(inaudible [crosstalk ";
    let n = 5_000_000 / unit.len();
    write(dir.path(), "unclosed.txt", format!("{}\n", unit.repeat(n)));
    let (code, stats) = statistics(dir.path(), "unclosed.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stats,
        format!(
            "{:>6}  unclosed-marker      error [fixable]\n     1  trailing-whitespace  info [fixable]\n",
            2 * n
        )
    );
    // The GitHub format prints a line per finding with its column; the last
    // one is the trailing space, 5 MB in.
    let github = run(
        dir.path(),
        &["check", "--output-format", "github", "unclosed.txt"],
    );
    assert_eq!(github.code, 1);
    assert_eq!(github.stdout.lines().count(), 2 * n + 1);
    let column = unit.repeat(n).trim_end().chars().count() + 1;
    assert!(
        github
            .stdout
            .lines()
            .last()
            .unwrap()
            .contains(&format!(",line=1,col={column},")),
        "{}",
        github.stdout.lines().last().unwrap()
    );

    let (fix, after) = fix_twice(dir.path(), "unclosed.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        format!(
            "Fixed {} problems in 1 file.\nNo problems found in 1 file.\n",
            2 * n + 1
        )
    );
    let closed = "(inaudible) [crosstalk] ".repeat(n);
    assert!(after == format!("{}\n", closed.trim_end()).as_bytes());
}

/// 100,000 lines of nothing but a colon (and a few more colons): no label,
/// no finding, nothing written.
#[test]
fn a_file_of_only_colons() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = ":\n".repeat(100_000);
    text.push_str("::\n: :\n:::::\n:");
    write(dir.path(), "colons.txt", &text);
    let (code, stats) = statistics(dir.path(), "colons.txt", &[]);
    assert_eq!((code, stats.as_str()), (0, ""));
    let (fix, after) = fix_twice(dir.path(), "colons.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(fix.stdout, "No problems found in 1 file.\n");
    assert!(after == text.as_bytes());
}

/// 10,000 speaker labels and no words.
#[test]
fn ten_thousand_speaker_labels_and_no_text() {
    let dir = tempfile::tempdir().unwrap();

    // One label repeated, alone: a lone `Name:` repeated is more likely a
    // field than a speaker (precision first), so nothing is reported.
    let same = "MR KIRBY:\n".repeat(10_000);
    write(dir.path(), "same.txt", &same);
    let (code, stats) = statistics(dir.path(), "same.txt", &[]);
    assert_eq!((code, stats.as_str()), (0, ""));
    let (fix, after) = fix_twice(dir.path(), "same.txt", &["--statistics", "--unsafe-fixes"]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert!(after == same.as_bytes());

    // Spellings of one speaker and a second speaker: every turn is empty,
    // and the odd spellings are variants. Their fix is unsafe: `--fix`
    // leaves them, `--fix --unsafe-fixes` makes them one spelling.
    let spellings = [
        "MR KIRBY:\n",
        "MR. KIRBY:\n",
        "Mr Kirby:\n",
        "MR KIRBY :\n",
        "MS JEAN-PIERRE:\n",
    ];
    let variants: String = (0..10_000).map(|i| spellings[i % 5]).collect();
    write(dir.path(), "variants.txt", &variants);
    let (code, stats) = statistics(dir.path(), "variants.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stats,
        " 10000  empty-turn             warning\n  4000  speaker-label-variant  warning [fixable]\n"
    );
    let (fix, after) = fix_twice(dir.path(), "variants.txt", &["--statistics"]);
    assert_eq!(fix.code, 1, "{}", fix.transcript());
    assert!(after == variants.as_bytes(), "a safe --fix changed labels");
    let (fix, after) = fix_twice(
        dir.path(),
        "variants.txt",
        &["--statistics", "--unsafe-fixes"],
    );
    assert_eq!(fix.code, 1, "{}", fix.transcript());
    assert_eq!(fix.stdout, " 10000  empty-turn  warning\n");
    // `MR. KIRBY` and `Mr Kirby` become `MR KIRBY`; `MR KIRBY :` is that
    // label already (the space before the colon is not part of it).
    let one_spelling: String = (0..10_000)
        .map(|i| {
            [
                "MR KIRBY:\n",
                "MR KIRBY:\n",
                "MR KIRBY:\n",
                "MR KIRBY :\n",
                "MS JEAN-PIERRE:\n",
            ][i % 5]
        })
        .collect();
    assert!(
        after == one_spelling.as_bytes(),
        "labels left in another spelling"
    );

    // Briefing style, numbered speakers: two numbers are two people.
    let numbered: String = (0..10_000)
        .map(|i| format!("SPEAKER {}:\n", i % 7 + 1))
        .collect();
    write(dir.path(), "numbered.txt", &numbered);
    let (code, stats) = statistics(dir.path(), "numbered.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(stats, " 10000  empty-turn  warning\n");
    let (fix, after) = fix_twice(
        dir.path(),
        "numbered.txt",
        &["--statistics", "--unsafe-fixes"],
    );
    assert_eq!(fix.code, 1, "{}", fix.transcript());
    assert!(after == numbered.as_bytes());
}

/// 5,000 distinct speakers whose names are a letter or two apart, twice
/// each, and 5,000 labels used once a letter off them: comparing every
/// speaker with every other took over a minute; only names that could be
/// near variants are compared now.
#[test]
fn fifteen_thousand_labels_of_close_names() {
    fn name(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.push(char::from(b'A' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for _ in 0..2 {
        for i in 0..5_000 {
            text.push_str(&format!("MR KIRBY{}:\n", name(i)));
        }
    }
    for i in 0..5_000 {
        text.push_str(&format!("MR KIRBY{}X:\n", name(i)));
    }
    write(dir.path(), "close.txt", &text);
    let (code, stats) = statistics(dir.path(), "close.txt", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stats,
        " 15000  empty-turn             warning\n  4974  speaker-label-variant  warning [fixable]\n"
    );
    // Each label used once takes the spelling of the speaker it is a letter
    // off (and, round by round, speakers that became rare next to another
    // do too); what is left is the empty turns.
    let (fix, after) = fix_twice(dir.path(), "close.txt", &["--statistics", "--unsafe-fixes"]);
    assert_eq!(fix.code, 1, "{}", fix.transcript());
    assert_eq!(fix.stdout, " 15000  empty-turn  warning\n");
    let after = String::from_utf8(after).unwrap();
    assert_eq!(after.lines().count(), 15_000);
    assert!(after
        .lines()
        .all(|l| l.starts_with("MR KIRBY") && l.ends_with(':')));
}

// ------------------------------------------------------- 2. symbolic links

/// A walk does not follow symbolic links, so a loop (`loop -> .`,
/// `b -> c -> b`, `sub/up -> ..`) cannot trap it: the real transcripts
/// beside the loops are checked, and the loops are skipped without a word,
/// like every link in a walked directory. Named on the command line, a loop
/// is reported by name and exits with 2; the rest is still checked.
#[cfg(unix)]
#[test]
fn symlink_loops_in_a_walked_directory() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.txt",
        "QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n",
    );
    write(d, "z.txt", "MR ROBINSON:\u{a0}Good afternoon.\n");
    write(d, "sub/b.txt", "MR ROBINSON:\u{a0}Thank you.\n");
    symlink(".", d.join("loop")).unwrap();
    symlink("c", d.join("b")).unwrap();
    symlink("b", d.join("c")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    symlink("z.txt", d.join("linked.txt")).unwrap();

    let files = run(d, &["check", "--show-files"]);
    assert_eq!(files.code, 0, "{}", files.transcript());
    assert_eq!(files.stdout, "a.txt\nsub/b.txt\nz.txt\n");
    assert_eq!(files.stderr, "");

    let check = run(d, &["check", "--output-format", "json", "."]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert_eq!(check.stderr, "");
    let findings: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let paths: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.txt"]);

    let fix = run(d, &["check", "--fix", "."]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 3 files.\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("a.txt")).unwrap(),
        "QUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n"
    );
    for (link, target) in [("loop", "."), ("b", "c"), ("c", "b"), ("sub/up", "..")] {
        assert_eq!(fs::read_link(d.join(link)).unwrap(), Path::new(target));
    }

    let named = run(d, &["check", "b", "z.txt"]);
    assert_eq!(named.code, 2, "{}", named.transcript());
    assert_eq!(
        named.stdout,
        "No problems found in 1 file (1 path could not be checked, see below).\n"
    );
    assert_eq!(
        named.stderr,
        "error: b: is a symbolic link loop (b -> c -> b); it was not read\n"
    );
}

/// `--fix` on a file named through a symbolic link writes the file it points
/// to, and the link stays a link.
#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "real.txt",
        "QUESTION:\u{a0}Was the (inaudible adopting it?\n",
    );
    std::os::unix::fs::symlink("real.txt", d.join("link.txt")).unwrap();
    let (fix, _) = fix_twice(d, "link.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(
        fs::read_to_string(d.join("real.txt")).unwrap(),
        "QUESTION:\u{a0}Was the (inaudible) adopting it?\n"
    );
    assert!(fs::symlink_metadata(d.join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(names(d), ["link.txt", "real.txt"]);
}

// -------------------------------------------------- 3. what cannot be read

/// Whether this process can read a file whose permission bits say it may
/// not: true for root (`CAP_DAC_OVERRIDE`).
#[cfg(unix)]
fn ignores_permissions(dir: &Path) -> bool {
    let probe = write(dir, ".probe", "x");
    set_mode(&probe, 0o000);
    let readable = fs::read(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    readable
}

/// A command that runs `verbatim` without the right to ignore permission
/// bits: as is when this process has no such right, under `setpriv`
/// (dropping `CAP_DAC_OVERRIDE` and `CAP_DAC_READ_SEARCH`) when it does.
/// `None` when permissions cannot be made to count here.
#[cfg(unix)]
fn bound_by_permissions(dir: &Path, args: &[&str]) -> Option<Command> {
    if !ignores_permissions(dir) {
        return Some(command(dir, args));
    }
    const DROP: &str = "--bounding-set=-dac_override,-dac_read_search";
    let setpriv = Command::new("setpriv")
        .args([DROP, "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !setpriv {
        eprintln!("skipped: running as root and `setpriv` cannot drop CAP_DAC_OVERRIDE");
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.arg(DROP).arg(BIN).args(args);
    configure(&mut cmd, dir);
    Some(cmd)
}

const FIXABLE: &str = "QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n";
const FIXED: &str = "QUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n";
const CLEAN: &str = "MR ROBINSON:\u{a0}Good afternoon.\n";

/// A file (mode 000) and a directory (mode 000) in a walk: each is named in
/// a message that says what could not be read, everything else is checked
/// and fixed, and the run exits with 2. The unreadable file keeps its bytes
/// and mode.
#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_in_a_walk() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", FIXABLE);
    write(d, "z.txt", CLEAN);
    let secret = write(d, "secret.txt", FIXABLE);
    write(d, "locked/inside.txt", FIXABLE);
    set_mode(&secret, 0o000);
    set_mode(&d.join("locked"), 0o000);

    if ignores_permissions(d) {
        // As root, without more, mode 000 stops nothing: both are read.
        let root = run(d, &["check", "--statistics", "."]);
        assert_eq!(root.code, 1, "{}", root.transcript());
        assert_eq!(root.stdout, "     3  unclosed-marker  error [fixable]\n");
    }

    let Some(cmd) = bound_by_permissions(d, &["check", "."]) else {
        set_mode(&d.join("locked"), 0o755);
        return;
    };
    let mut cmd = cmd;
    let check = finish(cmd.spawn().unwrap(), "check .");
    assert_eq!(check.code, 2, "{}", check.transcript());
    assert!(
        check.stdout.ends_with(
            "Found 1 problem (1 error) in 1 file of 2 checked; 1 fixable with --fix (2 paths could not be checked, see below).\n"
        ),
        "{}",
        check.transcript()
    );
    assert!(check.stdout.contains("--> a.txt:1:19"), "{}", check.stdout);
    assert_eq!(
        check.stderr,
        "error: locked: is a directory that cannot be read (permission denied); nothing in it was checked\n\
         error: secret.txt: cannot be read (permission denied)\n"
    );

    let mut cmd = bound_by_permissions(d, &["check", "--fix", "."]).unwrap();
    let fix = finish(cmd.spawn().unwrap(), "check --fix .");
    assert_eq!(fix.code, 2, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 2 files (2 paths could not be checked, see below).\n"
    );
    assert_eq!(check.stderr, fix.stderr);
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), FIXED);
    assert_eq!(fs::read_to_string(d.join("z.txt")).unwrap(), CLEAN);
    assert_eq!(mode(&secret), 0o000);
    set_mode(&d.join("locked"), 0o755);
    set_mode(&secret, 0o644);
    assert_eq!(fs::read_to_string(&secret).unwrap(), FIXABLE);
    assert_eq!(
        fs::read_to_string(d.join("locked/inside.txt")).unwrap(),
        FIXABLE
    );
    assert_eq!(names(d), ["a.txt", "locked", "secret.txt", "z.txt"]);
}

/// A named pipe is never opened: in a walk it is skipped (opening it would
/// wait for a writer forever); named on the command line it is reported by
/// name, with exit 2, and the other files are still checked.
#[cfg(unix)]
#[test]
fn a_named_pipe_never_hangs_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", FIXABLE);
    let made = Command::new("mkfifo")
        .arg(d.join("pipe.txt"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let walk = run(d, &["check", "--fix", "."]);
    assert_eq!(walk.code, 0, "{}", walk.transcript());
    assert_eq!(
        walk.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 1 file.\n"
    );
    assert_eq!(walk.stderr, "");
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), FIXED);

    write(d, "a.txt", FIXABLE);
    let named = run(d, &["check", "--fix", "pipe.txt", "a.txt"]);
    assert_eq!(named.code, 2, "{}", named.transcript());
    assert_eq!(
        named.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 1 file (1 path could not be checked, see below).\n"
    );
    assert_eq!(
        named.stderr,
        "error: pipe.txt: is a named pipe, not a regular file, so it was not read (pipe text to `verbatim check -` to check it)\n"
    );
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), FIXED);
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(d.join("pipe.txt"))
        .unwrap()
        .file_type()
        .is_fifo());
}

/// A symbolic link to nothing: skipped in a walk like every link; named, it
/// is reported as broken, with what it points to, and exits with 2.
#[cfg(unix)]
#[test]
fn a_dangling_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", CLEAN);
    std::os::unix::fs::symlink("gone.txt", d.join("dangling.txt")).unwrap();
    let walk = run(d, &["check", "."]);
    assert_eq!(walk.code, 0, "{}", walk.transcript());
    assert_eq!(walk.stdout, "No problems found in 1 file.\n");
    assert_eq!(walk.stderr, "");
    let named = run(d, &["check", "dangling.txt", "a.txt"]);
    assert_eq!(named.code, 2, "{}", named.transcript());
    assert_eq!(
        named.stdout,
        "No problems found in 1 file (1 path could not be checked, see below).\n"
    );
    assert_eq!(
        named.stderr,
        "error: dangling.txt: is a broken symbolic link (`gone.txt` does not exist)\n"
    );
}

/// A sparse file of 20 GB (all NUL bytes) is refused from its first bytes,
/// not read whole into memory first; the rest is checked.
#[test]
fn a_huge_sparse_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", CLEAN);
    let huge = fs::File::create(d.join("huge.txt")).unwrap();
    huge.set_len(20 << 30).unwrap();
    drop(huge);
    let check = run(d, &["check", "--fix", "."]);
    assert_eq!(check.code, 2, "{}", check.transcript());
    assert_eq!(
        check.stdout,
        "No problems found in 1 file (1 path could not be checked, see below).\n"
    );
    assert_eq!(
        check.stderr,
        "error: huge.txt: looks like a binary file (it contains NUL bytes); only UTF-8 text transcripts can be checked\n"
    );
    assert_eq!(fs::metadata(d.join("huge.txt")).unwrap().len(), 20 << 30);
}

/// `--fix` never writes a file it could not read as UTF-8 text: binary,
/// UTF-16, or invalid UTF-8 (with a fixable problem in the readable part).
#[test]
fn fix_never_writes_a_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&str, &[u8]); 3] = [
        ("binary.txt", b"QUESTION: (inaudible \0\0\x01\x02\n"),
        (
            "utf16.txt",
            b"\xff\xfeQ\0U\0E\0S\0T\0I\0O\0N\0:\0 \0(\0i\0n\0a\0u\0d\0i\0b\0l\0e\0\n\0",
        ),
        (
            "latin1.txt",
            b"QUESTION:\xa0Was the (inaudible adopting it? Caf\xe9.\n",
        ),
    ];
    for (name, bytes) in cases {
        write(d, name, bytes);
        let fix = run(d, &["check", "--fix", name]);
        assert_eq!(fix.code, 2, "{name}: {}", fix.transcript());
        assert!(
            fix.stderr.starts_with(&format!("error: {name}: ")),
            "{}",
            fix.stderr
        );
        assert!(
            fs::read(d.join(name)).unwrap() == bytes,
            "{name} was written"
        );
    }
    assert_eq!(names(d), ["binary.txt", "latin1.txt", "utf16.txt"]);
}

// ------------------------------------------- 4. written by someone else

/// Starts `check --fix t.txt` with the test pause set, and waits until the
/// binary is about to make its last check before renaming the fixed file
/// into place. Returns the child and the pause file; deleting the file lets
/// it go on.
fn fix_paused_before_writing(dir: &Path, pause_dir: &Path) -> (Child, PathBuf) {
    let pause = pause_dir.join("pause");
    let child = command(dir, &["check", "--fix", "t.txt"])
        .env(PAUSE_ENV, &pause)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !pause.exists() {
        assert!(start.elapsed() < TIMEOUT, "--fix never reached the write");
        std::thread::sleep(Duration::from_millis(5));
    }
    (child, pause)
}

/// Another program writes the transcript while `--fix` is working on it
/// (appends a line; rewrites it with the same length, so that only the bytes
/// differ; makes it read-only): the fix is not written, the other writer's
/// bytes stay, the message names the file and says why, and the exit code
/// is 2. Without interference, the same pause ends in a normal write.
#[cfg(unix)]
#[test]
fn fix_never_overwrites_a_file_changed_while_it_was_checked() {
    type Change = fn(&Path);
    let cases: [(&str, Change); 3] = [
        ("appended", |p: &Path| {
            let mut f = fs::OpenOptions::new().append(true).open(p).unwrap();
            f.write_all("MR ROBINSON:\u{a0}Typed in an editor meanwhile.\n".as_bytes())
                .unwrap();
        }),
        ("same length", |p: &Path| {
            let text = fs::read_to_string(p).unwrap();
            fs::write(p, text.replace("discussed", "DISCUSSED")).unwrap();
        }),
        ("mode", |p: &Path| set_mode(p, 0o600)),
    ];
    for (what, change) in cases {
        let dir = tempfile::tempdir().unwrap();
        let pause_dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "t.txt", FIXABLE);
        set_mode(&path, 0o644);
        let (child, pause) = fix_paused_before_writing(dir.path(), pause_dir.path());
        change(&path);
        let expected = fs::read(&path).unwrap();
        let expected_mode = mode(&path);
        fs::remove_file(&pause).unwrap();
        let fix = finish(child, "check --fix t.txt");
        assert_eq!(fix.code, 2, "{what}: {}", fix.transcript());
        assert_eq!(
            fix.stderr,
            "error: t.txt: changed on disk while it was being checked; fixes were not written (run again)\n",
            "{what}"
        );
        assert_eq!(
            fix.stdout, "No problems found in 0 files (1 path could not be checked, see below).\n",
            "{what}"
        );
        assert!(fs::read(&path).unwrap() == expected, "{what}: bytes lost");
        assert_eq!(mode(&path), expected_mode, "{what}");
        assert_eq!(names(dir.path()), ["t.txt"], "{what}");
    }

    // The pause alone changes nothing: the fix is written.
    let dir = tempfile::tempdir().unwrap();
    let pause_dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.txt", FIXABLE);
    let (child, pause) = fix_paused_before_writing(dir.path(), pause_dir.path());
    fs::remove_file(&pause).unwrap();
    let fix = finish(child, "check --fix t.txt");
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert_eq!(fs::read_to_string(&path).unwrap(), FIXED);
    assert_eq!(names(dir.path()), ["t.txt"]);
}

// ----------------------------------------------------------- 5. read-only

/// A read-only file is a request not to change it: `--fix` leaves its bytes
/// and mode as they are, even though the directory is writable (the atomic
/// rename would need nothing more) and even as root, says so by name, and
/// exits with 2; the writable file beside it is fixed. `--diff` still shows
/// what the fix would be.
#[cfg(unix)]
#[test]
fn fix_leaves_a_read_only_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let readonly = write(d, "readonly.txt", FIXABLE);
    let owner_only = write(d, "owner-only.txt", FIXABLE);
    write(d, "writable.txt", FIXABLE);
    set_mode(&readonly, 0o444);
    set_mode(&owner_only, 0o400);
    set_mode(d, 0o755);

    let fix = run(d, &["check", "--fix", "."]);
    assert_eq!(fix.code, 2, "{}", fix.transcript());
    assert_eq!(
        fix.stdout,
        "Fixed 1 problem in 1 file.\nNo problems found in 1 file (2 paths could not be checked, see below).\n"
    );
    assert_eq!(
        fix.stderr,
        "error: owner-only.txt: is read-only; fixes were not written (make it writable to let --fix change it, or see them with --diff)\n\
         error: readonly.txt: is read-only; fixes were not written (make it writable to let --fix change it, or see them with --diff)\n"
    );
    assert_eq!(fs::read_to_string(&readonly).unwrap(), FIXABLE);
    assert_eq!(fs::read_to_string(&owner_only).unwrap(), FIXABLE);
    assert_eq!(fs::read_to_string(d.join("writable.txt")).unwrap(), FIXED);
    assert_eq!(mode(&readonly), 0o444);
    assert_eq!(mode(&owner_only), 0o400);
    assert_eq!(names(d), ["owner-only.txt", "readonly.txt", "writable.txt"]);

    let diff = run(d, &["check", "--diff", "readonly.txt"]);
    assert_eq!(diff.code, 1, "{}", diff.transcript());
    assert_eq!(
        diff.stdout,
        "--- a/readonly.txt\n+++ b/readonly.txt\n@@ -1 +1 @@\n-QUESTION:\u{a0}Was the (inaudible adopting it discussed?\n+QUESTION:\u{a0}Was the (inaudible) adopting it discussed?\n"
    );
    assert_eq!(diff.stderr, "Would fix 1 problem in 1 file.\n");
    assert_eq!(fs::read_to_string(&readonly).unwrap(), FIXABLE);
    assert_eq!(mode(&readonly), 0o444);
}

// ------------------------------------------ what --fix keeps of a file

/// Permissions with an executable bit, and a group-only mode, survive a fix.
#[cfg(unix)]
#[test]
fn fix_keeps_executable_and_group_permission_bits() {
    for wanted in [0o755, 0o750, 0o640, 0o600] {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "t.txt", FIXABLE);
        set_mode(&path, wanted);
        let (fix, after) = fix_twice(dir.path(), "t.txt", &[]);
        assert_eq!(fix.code, 0, "{wanted:o}: {}", fix.transcript());
        assert!(after == FIXED.as_bytes());
        assert_eq!(mode(&path), wanted, "mode {wanted:o} changed");
    }
}

/// Root fixing someone else's transcript leaves it theirs: the new file gets
/// the original's owner and group.
#[cfg(unix)]
#[test]
fn fix_keeps_the_owner_when_run_as_root() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.txt", FIXABLE);
    if std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_err() {
        eprintln!("skipped: not root, cannot give the file another owner");
        return;
    }
    let (fix, after) = fix_twice(dir.path(), "t.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert!(after == FIXED.as_bytes());
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
}

/// A byte-order mark, CRLF line endings and a final newline, all at once,
/// and each of the two final-newline states with LF and CRLF.
#[test]
fn fix_keeps_bom_crlf_and_the_final_newline_together() {
    let cases: [(&[u8], &[u8]); 4] = [
        (
            b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Hello.  \r\nQUESTION:\xc2\xa0Was the (inaudible adopting it?\r\n",
            b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Hello.\r\nQUESTION:\xc2\xa0Was the (inaudible) adopting it?\r\n",
        ),
        (
            b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Hello.\r\nQUESTION:\xc2\xa0Was the (inaudible adopting it?",
            b"\xef\xbb\xbfMR ROBINSON:\xc2\xa0Hello.\r\nQUESTION:\xc2\xa0Was the (inaudible) adopting it?",
        ),
        (
            b"MR ROBINSON:\xc2\xa0Hello.\nQUESTION:\xc2\xa0Was the (inaudible adopting it?  ",
            b"MR ROBINSON:\xc2\xa0Hello.\nQUESTION:\xc2\xa0Was the (inaudible) adopting it?",
        ),
        (
            b"MR ROBINSON:\xc2\xa0Hello.\n\n\n\nQUESTION:\xc2\xa0Was the (inaudible adopting it?\n",
            b"MR ROBINSON:\xc2\xa0Hello.\n\nQUESTION:\xc2\xa0Was the (inaudible) adopting it?\n",
        ),
    ];
    for (before, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "t.txt", before);
        let (fix, after) = fix_twice(dir.path(), "t.txt", &[]);
        assert_eq!(fix.code, 0, "{}", fix.transcript());
        assert_eq!(
            String::from_utf8_lossy(&after),
            String::from_utf8_lossy(expected)
        );
        assert!(after == expected);
    }
}

/// The rename that makes a write atomic replaces the name it was given: a
/// second hard link to the file keeps the old text (as the README says).
#[cfg(unix)]
#[test]
fn fix_replaces_a_hard_linked_file_under_the_name_given() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.txt", FIXABLE);
    fs::hard_link(&path, dir.path().join("other.txt")).unwrap();
    let (fix, after) = fix_twice(dir.path(), "t.txt", &[]);
    assert_eq!(fix.code, 0, "{}", fix.transcript());
    assert!(after == FIXED.as_bytes());
    assert_eq!(
        fs::read_to_string(dir.path().join("other.txt")).unwrap(),
        FIXABLE
    );
}
