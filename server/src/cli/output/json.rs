//! `--output-format json`: a stable array of findings.
//!
//! ```json
//! [{"path": "a.txt", "rule": "unclosed-marker", "severity": "error", "message": "…",
//!   "start": {"line": 7, "column": 31}, "end": {"line": 7, "column": 41},
//!   "fix": null | {"message": "…", "applicability": "safe" | "unsafe",
//!                  "edits": [{"start": {…}, "end": {…}, "new_text": "…"}]}}]
//! ```
//!
//! Lines are 1-based, columns 1-based in Unicode scalar values, ends
//! exclusive. Pipelines parse this; fields are only ever added, never
//! renamed or removed.

use std::io::{self, Write};

use serde::Serialize;
use verbatim_core::text::LineCol;

use super::{for_each_finding, FileReport};

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

impl From<LineCol> for Position {
    fn from(p: LineCol) -> Self {
        Position {
            line: p.line,
            column: p.column,
        }
    }
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: Position,
    end: Position,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    start: Position,
    end: Position,
    fix: Option<JsonFix<'a>>,
}

pub fn write(files: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut all = Vec::new();
    for_each_finding(files, |_, file, locator, d| {
        let (start, end) = locator.range(&d.range);
        all.push(JsonDiagnostic {
            path: &file.path,
            rule: d.rule.name(),
            severity: d.severity.as_str(),
            message: &d.message,
            start: start.into(),
            end: end.into(),
            fix: d.fix.as_ref().map(|f| JsonFix {
                message: &f.message,
                applicability: f.applicability.as_str(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (start, end) = locator.range(&e.range);
                        JsonEdit {
                            start: start.into(),
                            end: end.into(),
                            new_text: &e.new_text,
                        }
                    })
                    .collect(),
            }),
        });
        Ok::<(), io::Error>(())
    })?;
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
