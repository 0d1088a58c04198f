//! `--output-format sarif`: SARIF 2.1.0, read by GitHub code scanning and
//! other dashboards. Every rule in the registry is listed in the driver, so
//! viewers can show a rule's summary and link to its documentation.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{json, Value};
use verbatim_core::{Rule, Severity};

use super::{for_each_finding, FileReport};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(files: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
    let uris: Vec<String> = files.iter().map(|f| uri(&f.path)).collect();
    serde_json::to_writer_pretty(&mut *out, &document(files, &uris))?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

// The document is typed rather than a `serde_json::Value`, so that half a
// million results cost their fields and not a map each. Fields are declared
// in alphabetical order, the order the `Value` maps printed them in.

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    // Our columns count Unicode scalar values, not SARIF's default UTF-16
    // code units.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Value>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<'a>,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

fn document<'a>(files: &[&'a FileReport], uris: &'a [String]) -> Document<'a> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            json!({
                "id": meta.name,
                "name": meta.name,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": meta.summary },
                "help": { "text": meta.docs, "markdown": meta.docs },
                "helpUri": meta.docs_url(),
                "defaultConfiguration": {
                    "level": level(meta.severity),
                    "enabled": meta.default_enabled,
                },
                "properties": { "fix": meta.fix.as_str() },
            })
        })
        .collect();
    let mut results = Vec::new();
    let Ok(()) = for_each_finding(files, |i, _, locator, d| {
        let uri = &uris[i];
        let (start, end) = locator.range(&d.range);
        let rule_index = Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
        results.push(SarifResult {
            level: level(d.severity),
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri },
                    region: Region {
                        end_column: end.column,
                        end_line: end.line,
                        start_column: start.column,
                        start_line: start.line,
                    },
                },
            }],
            message: Message { text: &d.message },
            rule_id: d.rule.name(),
            rule_index,
        });
        Ok::<(), std::convert::Infallible>(())
    });
    Document {
        schema: SCHEMA,
        runs: [SarifRun {
            column_kind: "unicodeCodePoints",
            results,
            tool: Tool {
                driver: Driver {
                    information_uri: "https://verbatim.dev",
                    name: "verbatim",
                    rules,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    }
}

/// A relative URI reference for a path: `/` separators, and everything but
/// unreserved characters percent-encoded (spaces are common in transcript
/// file names).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("briefings/2016 09 09 Kerry.txt"),
            "briefings/2016%2009%2009%20Kerry.txt"
        );
        assert_eq!(uri("é.txt"), "%C3%A9.txt");
    }
}
