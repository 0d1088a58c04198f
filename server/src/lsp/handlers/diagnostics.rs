//! `textDocument/diagnostic`: pull diagnostics, for clients that announce
//! them. Such a client is never pushed `publishDiagnostics` (see `session`),
//! so this is the only way its diagnostics reach it.

use tower_lsp_server::ls_types::{
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport,
};

use std::sync::Arc;

use crate::lsp::direct::Answer;
use crate::lsp::publish::PublishedList;
use crate::lsp::snapshot::LintResult;
use crate::lsp::snapshot::Snapshot;

/// `result_id` names a revision (an edit or a config change; unique across
/// documents and reopenings), so a client asking again about the same
/// revision gets "unchanged", and any other gets the full list.
pub fn diagnostic(
    snap: &Snapshot,
    previous_result_id: Option<&str>,
) -> DocumentDiagnosticReportResult {
    let result_id = format!("{}", snap.revision);
    let report = if previous_result_id == Some(result_id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: {
                    let lint = snap.lint();
                    (0..lint.lsp.len()).map(|i| lint.lsp.lsp(i)).collect()
                },
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}

/// [`diagnostic`] as the JSON text of the result, for a direct answer: a
/// full report's items are joined from the JSON kept with each finding
/// rather than serialised again.
pub fn diagnostic_json(snap: &Snapshot, previous_result_id: Option<&str>) -> Answer {
    let result_id = format!("{}", snap.revision);
    if previous_result_id == Some(result_id.as_str()) {
        let report = diagnostic(snap, previous_result_id);
        return Answer::whole(serde_json::to_vec(&report).expect("a report serialises"));
    }
    full_report(&result_id, snap.lint())
}

/// `{"kind":"full","resultId":…,"items":[…]}`, the items being the kept
/// JSON of each diagnostic of `lint`, written from it.
fn full_report(result_id: &str, lint: Arc<LintResult>) -> Answer {
    let result_id = serde_json::to_string(result_id).expect("a string serialises");
    let mut prefix = br#"{"kind":"full","resultId":"#.to_vec();
    prefix.extend_from_slice(result_id.as_bytes());
    prefix.extend_from_slice(br#","items":["#);
    Answer {
        prefix,
        middle: Box::new(PublishedList::Of(lint)),
        suffix: b"]}".to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::kept::Published;
    use tower_lsp_server::ls_types::{self as lsp, DiagnosticSeverity, Position, Range};

    /// The joined report is the value the typed report serialises to.
    #[test]
    fn a_joined_full_report_is_the_typed_one() {
        let items: Vec<lsp::Diagnostic> = (0..3)
            .map(|line| lsp::Diagnostic {
                range: Range::new(Position::new(line, 0), Position::new(line, 4)),
                severity: Some(DiagnosticSeverity::WARNING),
                message: format!("finding \"{line}\" é"),
                data: Some(serde_json::json!({"rule": "x", "fix": null})),
                ..Default::default()
            })
            .collect();
        for n in [0, 1, 3] {
            let lint = LintResult {
                revision: 42,
                version: 1,
                findings: Default::default(),
                lsp: Published::from_lsp(items[..n].iter().cloned()),
                silent: false,
            };
            let got: serde_json::Value =
                serde_json::from_slice(&full_report("42", Arc::new(lint)).to_vec()).unwrap();
            let typed = DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
                RelatedFullDocumentDiagnosticReport {
                    related_documents: None,
                    full_document_diagnostic_report: FullDocumentDiagnosticReport {
                        result_id: Some("42".into()),
                        items: items[..n].to_vec(),
                    },
                },
            ));
            assert_eq!(got, serde_json::to_value(typed).unwrap(), "{n} items");
        }
    }
}
