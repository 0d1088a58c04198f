//! `--output-format sarif`: SARIF 2.1.0, read by GitHub code scanning and
//! other dashboards. Every rule in the registry is listed in the driver, so
//! viewers can show a rule's summary and link to its documentation.

use std::io::{self, Write};

use serde_json::{json, Value};
use verbatim_core::{Rule, Severity};

use super::{FileReport, Locator};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(files: &[&FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(files))?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn document(files: &[&FileReport]) -> Value {
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
    for file in files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let locator = Locator::new(&file.text);
        for d in &file.diagnostics {
            let (start, end) = locator.range(&d.range);
            let rule_index = Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
            results.push(json!({
                "ruleId": d.rule.name(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path) },
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                        }
                    }
                }],
            }));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "verbatim",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://verbatim.dev",
                    "rules": rules,
                }
            },
            // Our columns count Unicode scalar values, not SARIF's default
            // UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
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
