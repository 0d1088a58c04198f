//! `textDocument/diagnostic`: pull diagnostics, for clients that announce
//! them. Such a client is never pushed `publishDiagnostics` (see `session`),
//! so this is the only way its diagnostics reach it.

use tower_lsp_server::ls_types::{
    DocumentDiagnosticReport, DocumentDiagnosticReportResult, FullDocumentDiagnosticReport,
    RelatedFullDocumentDiagnosticReport, RelatedUnchangedDocumentDiagnosticReport,
    UnchangedDocumentDiagnosticReport,
};

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
                items: snap.lint().lsp.iter().map(|c| c.lsp.clone()).collect(),
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}
