//! The headless front end: `verbatim check`, `verbatim rules`, `verbatim rule`.
//!
//! `check` collects files (explicit files always; directories walked with
//! `.gitignore` and the configuration's include/exclude globs), lints them in
//! parallel, optionally fixes them (writing atomically), and prints one of
//! four formats in path order. Exit codes: 0 nothing at warning or error
//! level, 1 findings, 2 a usage, I/O or configuration error.

mod args;
mod diff;
mod output;
mod rules;
mod settings;
mod source;
mod walk;
mod write;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use rayon::prelude::*;
use verbatim_core::{Applicability, Diagnostic, Severity};

pub use args::{CheckArgs, OutputFormat, RuleArgs, RulesArgs};
pub use rules::{rule, rules};

use output::FileReport;
use settings::{Resolver, RuleOverrides};
use walk::{CollectError, Input, Source};

const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

/// What checking one file produced.
struct Checked {
    report: FileReport,
    /// Fixes applied (written, or shown by `--diff`).
    fixed: usize,
    /// `--diff` output for this file.
    diff: String,
    /// With `-` and `--fix`: the fixed text, for standard output.
    stdin_fixed: Option<Vec<u8>>,
}

/// A file that could not be checked or written.
struct FileError {
    path: String,
    message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Fix,
    Diff,
}

pub fn check(args: CheckArgs) -> ExitCode {
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            error(&message);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn error(message: &str) {
    let mut stderr = anstream::stderr();
    let _ = writeln!(
        stderr,
        "{}error{}: {message}",
        anstyle::AnsiColor::Red.on_default().bold().render(),
        anstyle::Reset.render()
    );
}

fn run(args: &CheckArgs) -> Result<u8, String> {
    let overrides = RuleOverrides::parse(
        args.select.as_deref(),
        &args.extend_select,
        &args.ignore,
        args.format.as_deref(),
    )?;
    let mut resolver =
        Resolver::new(overrides, args.config.as_deref()).map_err(|e| e.to_string())?;
    let collected = walk::collect(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.force_exclude,
        &mut resolver,
    );

    let mut config_failed = false;
    let mut errors: Vec<FileError> = Vec::new();
    for e in collected.errors {
        match e {
            CollectError::Config(c) => {
                config_failed = true;
                error(&relative_to(&c.to_string(), resolver.cwd()));
            }
            CollectError::Path { display, message } => errors.push(FileError {
                path: display,
                message,
            }),
        }
    }
    // Linting with half a configuration would report findings the user
    // turned off; stop before anything is checked or written.
    if config_failed {
        return Ok(EXIT_ERROR);
    }

    if args.show_files {
        let mut out = io::stdout().lock();
        for input in &collected.inputs {
            let _ = writeln!(out, "{}", input.display);
        }
        for e in &errors {
            error(&format!("{}: {}", e.path, e.message));
        }
        return Ok(if errors.is_empty() { 0 } else { EXIT_ERROR });
    }

    if args.show_format {
        return Ok(show_format(&collected.inputs, &mut errors, args));
    }

    let mode = if args.diff {
        Mode::Diff
    } else if args.fix {
        Mode::Fix
    } else {
        Mode::Check
    };
    let stdin_text = if collected
        .inputs
        .iter()
        .any(|i| matches!(i.source, Source::Stdin))
    {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Some(bytes)
    } else {
        None
    };

    let results: Vec<Result<Checked, FileError>> = collected
        .inputs
        .par_iter()
        .map(|input| check_one(input, mode, args, stdin_text.as_deref()))
        .collect();
    let mut checked = Vec::new();
    for r in results {
        match r {
            Ok(c) => checked.push(c),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));

    // With `-` and `--fix` the fixed text owns standard output, as in a
    // filter; findings go to standard error.
    let stdin_fixed: Option<Vec<u8>> = checked.iter_mut().find_map(|c| c.stdin_fixed.take());
    // Buffered: half a million findings are hundreds of megabytes of
    // output, and a line-buffered stdout would make a system call per line.
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut stderr = io::BufWriter::with_capacity(64 * 1024, io::stderr().lock());
    let report_to_stderr = stdin_fixed.is_some();
    let color = if report_to_stderr {
        anstream::AutoStream::choice(&io::stderr()) != anstream::ColorChoice::Never
    } else {
        anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
    };
    let sink: &mut dyn Write = if report_to_stderr {
        &mut stderr
    } else {
        &mut stdout
    };
    let io_result = if mode == Mode::Diff {
        write_diffs(&checked, args, sink)
    } else {
        write_report(&checked, errors.len(), args, mode, color, sink)
    }
    .and_then(|()| sink.flush());
    if let Err(e) = io_result {
        if e.kind() != io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    if let Some(bytes) = stdin_fixed {
        stdout
            .write_all(&bytes)
            .and_then(|_| stdout.flush())
            .map_err(|e| format!("cannot write standard output: {e}"))?;
    }
    drop((stdout, stderr));

    for e in &errors {
        error(&format!("{}: {}", e.path, e.message));
    }
    if !errors.is_empty() {
        return Ok(EXIT_ERROR);
    }
    if args.exit_zero {
        return Ok(0);
    }
    let failed = match mode {
        Mode::Diff => checked.iter().any(|c| !c.diff.is_empty()),
        _ => checked.iter().any(|c| {
            c.report
                .diagnostics
                .iter()
                .any(|d| d.severity.fails_check())
        }),
    };
    Ok(if failed { EXIT_FINDINGS } else { 0 })
}

/// Shows a configuration error's absolute path relative to the working
/// directory, as the user would type it.
fn relative_to(message: &str, cwd: &std::path::Path) -> String {
    let prefix = format!("{}/", cwd.display());
    message.replacen(&prefix, "", 1)
}

/// The configuration of one input: its own extension and `[[overrides]]`.
fn file_config(input: &Input, args: &CheckArgs) -> verbatim_core::Config {
    let path = match &input.source {
        Source::File(path) => Some(path.as_path()),
        Source::Stdin => args.stdin_filename.as_deref(),
    };
    let config = &input.settings.config;
    match path {
        Some(path) => config.for_file(&std::path::absolute(path).unwrap_or(path.to_path_buf())),
        None => config.clone(),
    }
}

/// `--show-format`: each file's format and the evidence, one a line.
fn show_format(inputs: &[Input], errors: &mut Vec<FileError>, args: &CheckArgs) -> u8 {
    let mut stdin = None;
    let mut out = io::stdout().lock();
    for input in inputs {
        let bytes = match &input.source {
            Source::File(path) => match read_file(path) {
                Ok((bytes, _)) => bytes,
                Err(message) => {
                    errors.push(FileError {
                        path: input.display.clone(),
                        message,
                    });
                    continue;
                }
            },
            Source::Stdin => stdin
                .get_or_insert_with(|| {
                    let mut bytes = Vec::new();
                    let _ = io::stdin().read_to_end(&mut bytes);
                    bytes
                })
                .clone(),
        };
        let text = match source::decode(bytes) {
            Ok(decoded) => decoded.text,
            Err(e) => {
                errors.push(FileError {
                    path: input.display.clone(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let config = file_config(input, args);
        let detection = verbatim_core::model::detect(&text, &config.settings);
        let _ = writeln!(out, "{}: {detection}", input.display);
    }
    for e in errors.iter() {
        error(&format!("{}: {}", e.path, e.message));
    }
    if errors.is_empty() {
        0
    } else {
        EXIT_ERROR
    }
}

fn check_one(
    input: &Input,
    mode: Mode,
    args: &CheckArgs,
    stdin: Option<&[u8]>,
) -> Result<Checked, FileError> {
    let unsafe_fixes = args.unsafe_fixes;
    let fail = |message: String| FileError {
        path: input.display.clone(),
        message,
    };
    let (bytes, snapshot) = match &input.source {
        Source::Stdin => (stdin.unwrap_or_default().to_vec(), None),
        Source::File(path) => {
            let (bytes, metadata) = read_file(path).map_err(fail)?;
            (bytes, Some(write::Snapshot::of(&metadata)))
        }
    };
    // The original bytes are kept only when they may be written over.
    let original = (mode == Mode::Fix && snapshot.is_some()).then(|| bytes.clone());
    let decoded = source::decode(bytes).map_err(|e| fail(e.to_string()))?;
    let config = &file_config(input, args);
    let text = decoded.text;

    if mode == Mode::Check {
        let diagnostics = verbatim_core::lint(&text, config);
        // Only files with findings need their text for printing; a big clean
        // archive should not stay in memory until the report is written.
        let text = if diagnostics.is_empty() {
            String::new()
        } else {
            text
        };
        return Ok(Checked {
            report: FileReport {
                path: input.display.clone(),
                text,
                diagnostics,
            },
            fixed: 0,
            diff: String::new(),
            stdin_fixed: None,
        });
    }

    let outcome = verbatim_core::fix(&text, config, unsafe_fixes);
    let fixed = outcome.fixed_count();
    let fixed_text = source::restore_shape(&text, outcome.text.clone());
    // Restoring line endings moves offsets; lint the text as it will be.
    let remaining = if fixed_text == outcome.text {
        outcome.remaining
    } else {
        verbatim_core::lint(&fixed_text, config)
    };
    let changed = fixed_text != text;
    let mut checked = Checked {
        report: FileReport {
            path: input.display.clone(),
            text: String::new(),
            diagnostics: remaining,
        },
        fixed: if changed { fixed } else { 0 },
        diff: String::new(),
        stdin_fixed: None,
    };
    match mode {
        Mode::Diff => {
            checked.diff = diff::unified(&input.display, &text, &fixed_text);
        }
        Mode::Fix => match (&input.source, snapshot, original) {
            (Source::File(path), Some(snapshot), Some(original)) => {
                if changed {
                    let bytes = source::encode(&fixed_text, decoded.bom);
                    write::write_atomically(path, &original, &snapshot, &bytes)
                        .map_err(|e| fail(e.to_string()))?;
                }
            }
            _ => checked.stdin_fixed = Some(source::encode(&fixed_text, decoded.bom)),
        },
        Mode::Check => unreachable!("handled above"),
    }
    checked.report.text = fixed_text;
    Ok(checked)
}

/// Reads a file that was a regular file when it was collected, with what
/// was true of it when it was opened (so `--fix` can tell whether it
/// changed since).
fn read_file(path: &std::path::Path) -> Result<(Vec<u8>, std::fs::Metadata), String> {
    let cannot_read = |e: io::Error| format!("cannot be read ({})", walk::io_message(&e));
    let before = std::fs::metadata(path).map_err(|e| walk::path_problem(path, &e))?;
    // Replaced by a named pipe since the walk: opening it could block.
    if !before.is_file() {
        return Err(walk::not_regular(&before));
    }
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(walk::not_regular(&metadata));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(source::SNIFF_LEN as u64)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    source::sniff(&bytes).map_err(|e| e.to_string())?;
    let rest = usize::try_from(metadata.len())
        .unwrap_or(usize::MAX)
        .saturating_sub(bytes.len());
    bytes
        .try_reserve_exact(rest)
        .map_err(|_| format!("is too large to read ({} bytes)", metadata.len()))?;
    file.read_to_end(&mut bytes).map_err(cannot_read)?;
    Ok((bytes, metadata))
}

fn write_diffs(checked: &[Checked], args: &CheckArgs, out: &mut dyn Write) -> io::Result<()> {
    let mut files = 0;
    let mut fixes = 0;
    for c in checked.iter().filter(|c| !c.diff.is_empty()) {
        out.write_all(c.diff.as_bytes())?;
        files += 1;
        fixes += c.fixed;
    }
    if !args.quiet {
        let mut err = io::stderr().lock();
        if files == 0 {
            writeln!(err, "No fixes to apply.")?;
        } else {
            writeln!(err, "Would fix {}.", problems_in(fixes, files))?;
        }
    }
    Ok(())
}

fn write_report(
    checked: &[Checked],
    unreadable: usize,
    args: &CheckArgs,
    mode: Mode,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let reports: Vec<&FileReport> = checked.iter().map(|c| &c.report).collect();
    if args.statistics {
        return write_statistics(&reports, args.output_format, out);
    }
    match args.output_format {
        OutputFormat::Text => {
            output::text::write(&reports, color, out)?;
            if !args.quiet {
                write_summary(checked, unreadable, mode, args.unsafe_fixes, out)?;
            }
            Ok(())
        }
        OutputFormat::Json => output::json::write(&reports, out),
        OutputFormat::Github => output::github::write(&reports, out),
        OutputFormat::Sarif => output::sarif::write(&reports, out),
    }
}

/// `3 problems in 2 files`.
fn problems_in(problems: usize, files: usize) -> String {
    format!(
        "{} in {}",
        plural(problems, "problem", "problems"),
        plural(files, "file", "files")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The last line of text output, e.g. `Found 5 problems (2 errors, 3
/// warnings) in 1 file; 2 fixable with --fix.`
fn write_summary(
    checked: &[Checked],
    unreadable: usize,
    mode: Mode,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let files = checked.len();
    let fixed: usize = checked.iter().map(|c| c.fixed).sum();
    if mode == Mode::Fix && fixed > 0 {
        let fixed_files = checked.iter().filter(|c| c.fixed > 0).count();
        writeln!(out, "Fixed {}.", problems_in(fixed, fixed_files))?;
    }
    let all: Vec<&Diagnostic> = checked
        .iter()
        .flat_map(|c| c.report.diagnostics.iter())
        .collect();
    let unreadable = if unreadable > 0 {
        format!(
            " ({} could not be checked, see below)",
            plural(unreadable, "path", "paths")
        )
    } else {
        String::new()
    };
    if all.is_empty() {
        return writeln!(
            out,
            "No problems found in {}{unreadable}.",
            plural(files, "file", "files")
        );
    }
    let count = |s: Severity| all.iter().filter(|d| d.severity == s).count();
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
        (Severity::Hint, "hint", "hints"),
    ] {
        let n = count(severity);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    let with_findings = checked
        .iter()
        .filter(|c| !c.report.diagnostics.is_empty())
        .count();
    let fixable = |a: Applicability| {
        all.iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    let (safe, unsafe_) = (fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    let mut line = format!(
        "Found {} ({}) in {}",
        plural(all.len(), "problem", "problems"),
        parts.join(", "),
        plural(with_findings, "file", "files"),
    );
    if with_findings != files {
        line.push_str(&format!(" of {files} checked"));
    }
    let (safe, unsafe_) = if unsafe_fixes {
        (safe + unsafe_, 0)
    } else {
        (safe, unsafe_)
    };
    match (safe, unsafe_) {
        (0, 0) => {}
        (s, 0) => line.push_str(&format!("; {s} fixable with --fix")),
        (0, u) => line.push_str(&format!("; {u} fixable with --fix --unsafe-fixes")),
        (s, u) => line.push_str(&format!(
            "; {s} fixable with --fix ({u} more with --unsafe-fixes)"
        )),
    }
    line.push_str(&unreadable);
    line.push('.');
    writeln!(out, "{line}")
}

/// `--statistics`: how often each rule fired, most frequent first.
fn write_statistics(
    reports: &[&FileReport],
    format: OutputFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Per rule: count, fixable count, and the severity it was reported at
    // (the configuration may have changed the default).
    let mut counts: Vec<(verbatim_core::Rule, usize, usize, Severity)> = Vec::new();
    for d in reports.iter().flat_map(|r| r.diagnostics.iter()) {
        let fixable = usize::from(d.fix.is_some());
        match counts.iter_mut().find(|(r, ..)| *r == d.rule) {
            Some((_, n, f, _)) => {
                *n += 1;
                *f += fixable;
            }
            None => counts.push((d.rule, 1, fixable, d.severity)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.name().cmp(b.0.name())));
    if format == OutputFormat::Json {
        let rows: Vec<serde_json::Value> = counts
            .iter()
            .map(|(rule, n, f, severity)| {
                serde_json::json!({
                    "rule": rule.name(),
                    "severity": severity.as_str(),
                    "count": n,
                    "fixable": f,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let width = counts
        .iter()
        .map(|(r, ..)| r.name().len())
        .max()
        .unwrap_or(0);
    for (rule, n, f, severity) in &counts {
        let fixable = if *f > 0 { " [fixable]" } else { "" };
        writeln!(out, "{n:>6}  {:<width$}  {severity}{fixable}", rule.name())?;
    }
    Ok(())
}
