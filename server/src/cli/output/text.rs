//! `--output-format text`: rustc/ruff-style findings for people.
//!
//! ```text
//! error[unclosed-marker]: `(inaudible` is never closed
//!   --> briefing.txt:12:31
//!    |
//! 12 | SECRETARY KERRY: … (inaudible adopting the resolution
//!    |                    ^^^^^^^^^^
//!    |
//!    = help: insert `)` after the tag [safe fix]
//! ```

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use verbatim_core::{Applicability, Diagnostic, Severity};

use super::{for_each_finding, FileReport, Locator};

/// Lines longer than this are shown as a window around the finding: a
/// transcript pasted as one multi-megabyte line must still print instantly
/// (the renderer measures the whole line it is given). Shorter lines are
/// given whole; the renderer trims them to the terminal width itself.
const MAX_SHOWN_LINE: usize = 16 * 1024;
/// Context kept on each side of a finding inside a long line, in bytes.
const WINDOW_CONTEXT: usize = 60;
/// Findings spanning more lines than this are shown by their first line.
const MAX_SHOWN_LINES: usize = 6;

pub fn write(files: &[&FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for_each_finding(files, |_, file, locator, d| {
        let rendered = render(&renderer, &file.path, locator, d);
        writeln!(out, "{rendered}\n")
    })
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name(Some("hint")),
    }
}

/// The part of the text to show for `range`, as (source, offset of the
/// source in the text, first line number).
struct Excerpt<'t> {
    source: std::borrow::Cow<'t, str>,
    /// Where `source` starts in the text.
    start: usize,
    /// Bytes of the source that are not text (a leading `…`).
    prefix_len: usize,
    line: usize,
}

fn excerpt<'t>(locator: &Locator<'t>, range: &Range<usize>) -> (Excerpt<'t>, Range<usize>) {
    let text = locator.text();
    let index = locator.index();
    let first = index.line_of(range.start);
    let last_offset = if range.end > range.start {
        range.end - 1
    } else {
        range.start
    };
    let mut last = index.line_of(last_offset.min(text.len()));
    if last - first >= MAX_SHOWN_LINES {
        last = first;
    }
    let line_start = index.line_start(first).unwrap_or(0);
    let line_end = line_end(text, index.line_start(last + 1).unwrap_or(text.len()));
    let line_end = line_end.max(line_start);
    let mut span = range.start..range.end.min(line_end).max(range.start);

    if last == first && line_end - line_start > MAX_SHOWN_LINE {
        let from = floor_boundary(
            text,
            range.start.saturating_sub(WINDOW_CONTEXT).max(line_start),
        );
        let span_end = span.end.min(range.start + 2 * WINDOW_CONTEXT);
        let to = ceil_boundary(text, (span_end + WINDOW_CONTEXT).min(line_end));
        let span_end = floor_boundary(text, span_end).max(span.start);
        let mut source = String::new();
        let mut prefix_len = 0;
        if from > line_start {
            source.push('…');
            prefix_len = '…'.len_utf8();
        }
        source.push_str(&text[from..to]);
        if to < line_end {
            source.push('…');
        }
        span = span.start..span_end;
        return (
            Excerpt {
                source: source.into(),
                start: from,
                prefix_len,
                line: first + 1,
            },
            span,
        );
    }
    (
        Excerpt {
            source: text[line_start..line_end].into(),
            start: line_start,
            prefix_len: 0,
            line: first + 1,
        },
        span,
    )
}

/// `end` is the start of the next line: back off over its terminator.
fn line_end(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = end;
    if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    end
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn render(renderer: &Renderer, path: &str, locator: &Locator, d: &Diagnostic) -> String {
    let start = locator.position(d.range.start);
    let (ex, span) = excerpt(locator, &d.range);
    let local =
        |r: &Range<usize>| (r.start - ex.start + ex.prefix_len)..(r.end - ex.start + ex.prefix_len);
    let windowed =
        ex.start != locator.index().line_start(ex.line - 1).unwrap_or(0) || ex.prefix_len > 0;
    let mut snippet = Snippet::source(ex.source.clone())
        .line_start(ex.line)
        .annotation(AnnotationKind::Primary.span(local(&span)));
    // The renderer computes the column from the source it is given, which is
    // only right when it is given whole lines; a window gets its location
    // from an explicit origin instead.
    if !windowed {
        snippet = snippet.path(path);
    }
    let mut far_related = Vec::new();
    for related in &d.related {
        let shown = ex.start..ex.start + ex.source.len() - ex.prefix_len;
        if ex.prefix_len == 0
            && related.range.start >= shown.start
            && related.range.end <= shown.end
        {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(local(&related.range))
                    .label(related.message.as_str()),
            );
        } else {
            far_related.push(related);
        }
    }
    let mut group = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule.name())
        .element(snippet);
    if windowed {
        group = group.element(
            Origin::path(path)
                .line(start.line)
                .char_column(start.column),
        );
    }
    for related in far_related {
        let (rex, rspan) = excerpt(locator, &related.range);
        let rlocal =
            (rspan.start - rex.start + rex.prefix_len)..(rspan.end - rex.start + rex.prefix_len);
        let rstart = locator.position(related.range.start);
        let rwindowed = rex.prefix_len > 0
            || rex.start != locator.index().line_start(rex.line - 1).unwrap_or(0);
        let mut rsnippet = Snippet::source(rex.source.into_owned())
            .line_start(rex.line)
            .annotation(
                AnnotationKind::Context
                    .span(rlocal)
                    .label(related.message.as_str()),
            );
        if !rwindowed {
            rsnippet = rsnippet.path(path);
        }
        group = group.element(rsnippet);
        if rwindowed {
            group = group.element(
                Origin::path(path)
                    .line(rstart.line)
                    .char_column(rstart.column),
            );
        }
    }
    let mut report: Vec<Group> = vec![group];
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "safe fix, applied by --fix",
            Applicability::Unsafe => "unsafe fix, applied by --fix --unsafe-fixes",
        };
        report.push(Group::with_title(
            Level::HELP.secondary_title(format!("{} [{how}]", fix.message)),
        ));
    }
    renderer.render(&report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use verbatim_core::{Edit, Fix, Rule};

    fn plain(text: &str, d: Diagnostic) -> String {
        let locator = Locator::new(text);
        render(&Renderer::plain(), "a.txt", &locator, &d)
    }

    #[test]
    fn shows_path_line_column_rule_and_caret() {
        let text = "MR ROBINSON: Hello.\nQUESTION: (inaudible adopting it.\n";
        let start = text.find("(inaudible").unwrap();
        let d = Diagnostic::new(
            Rule::UnclosedMarker,
            start..start + 10,
            "`(inaudible` is never closed",
        )
        .with_fix(Fix::safe("insert `)`", vec![Edit::insert(start + 10, ")")]));
        let out = plain(text, d);
        assert_eq!(
            out,
            "error[unclosed-marker]: `(inaudible` is never closed\n --> a.txt:2:11\n  |\n2 | QUESTION: (inaudible adopting it.\n  |           ^^^^^^^^^^\n  |\nhelp: insert `)` [safe fix, applied by --fix]"
        );
    }

    #[test]
    fn related_information_on_another_line() {
        let text = "MR ROBINSON: Hello.\nQUESTION: Thank you, Mr. Robin.\n";
        let label = 0..11;
        let start = text.find("Robin.").unwrap();
        let d = Diagnostic::new(
            Rule::SpeakerNameMismatch,
            start..start + 5,
            "`Robin` nearly matches `ROBINSON`",
        )
        .with_related(label, "the speaker label");
        let out = plain(text, d);
        assert_eq!(
            out,
            "warning[speaker-name-mismatch]: `Robin` nearly matches `ROBINSON`\n --> a.txt:2:26\n  |\n2 | QUESTION: Thank you, Mr. Robin.\n  |                          ^^^^^\n  |\n ::: a.txt:1:1\n  |\n1 | MR ROBINSON: Hello.\n  | ----------- the speaker label"
        );
    }

    #[test]
    fn long_lines_are_windowed() {
        let mut text = "x".repeat(3_000_000);
        text.push_str(" (inaudible here");
        text.push_str(&"y".repeat(1_000_000));
        let start = text.find("(inaudible").unwrap();
        let d = Diagnostic::new(Rule::UnclosedMarker, start..start + 10, "never closed");
        let out = plain(&text, d);
        assert!(out.contains("a.txt:1:3000002"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(out.contains("(inaudible here"), "{out}");
    }

    #[test]
    fn empty_range_at_end_of_file() {
        let text = "QUESTION: One.[1]";
        let d = Diagnostic::new(Rule::FootnoteMissingNote, text.len()..text.len(), "no note");
        let out = plain(text, d);
        assert!(out.contains("a.txt:1:18"), "{out}");
    }
}
