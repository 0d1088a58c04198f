//! `textDocument/publishDiagnostics`, written as one frame from the kept
//! JSON of each diagnostic and handed straight to the outbox.
//!
//! The transport would turn the whole diagnostics vector into a
//! `serde_json::Value` tree and then into bytes on every keystroke: on a
//! document with a thousand findings that was most of a keystroke's cost
//! (BENCHMARKS.md, issue 13). Every publish takes this path, so publishes
//! for one document reach the client in the order they were sent; nothing
//! else the server sends needs to be ordered against them.

use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::outbox::{Frame, Pieces};
use super::snapshot::LintResult;

const HEAD: &str =
    r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"#;

/// The diagnostics a publish carries: written from the lint result itself,
/// which the frame holds until it is on its way.
pub enum PublishedList {
    /// None: a closed document's diagnostics withdrawn.
    Empty,
    Of(Arc<LintResult>),
}

impl Pieces for PublishedList {
    fn pieces<'a>(&'a self, out: &mut Vec<&'a [u8]>) {
        if let PublishedList::Of(result) = self {
            result.lsp.pieces(out);
        }
    }

    fn byte_len(&self) -> usize {
        match self {
            PublishedList::Empty => 0,
            PublishedList::Of(result) => result.lsp.list_len(),
        }
    }
}

/// The whole frame (header and body) of a `publishDiagnostics`
/// notification.
pub fn frame(uri: &Uri, version: Option<i32>, diagnostics: PublishedList) -> Frame {
    // A `Uri` is a string to serde_json; writing it cannot fail.
    let uri = serde_json::to_string(uri).expect("a URI serialises");
    let version = version.map(|v| format!(r#","version":{v}"#));
    let version = version.as_deref().unwrap_or("");
    // The items and the commas between them.
    let items = diagnostics.byte_len();
    // `]`, then the version, then `}}`.
    let body_len =
        HEAD.len() + uri.len() + r#","diagnostics":["#.len() + items + 1 + version.len() + 2;
    let mut head = format!("Content-Length: {body_len}\r\n\r\n{HEAD}{uri}").into_bytes();
    head.extend_from_slice(br#","diagnostics":["#);
    let mut tail = b"]".to_vec();
    tail.extend_from_slice(version.as_bytes());
    tail.extend_from_slice(b"}}");
    Frame::Parts {
        head,
        middle: Box::new(diagnostics),
        tail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::kept::Published;
    use std::str::FromStr;
    use tower_lsp_server::ls_types::{
        self as lsp, DiagnosticSeverity, NumberOrString, Position, PublishDiagnosticsParams, Range,
    };

    fn diagnostic(line: u32, message: &str) -> lsp::Diagnostic {
        lsp::Diagnostic {
            range: Range::new(Position::new(line, 2), Position::new(line, 9)),
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("speaker-name-mismatch".into())),
            source: Some("verbatim".into()),
            message: message.into(),
            data: Some(serde_json::json!({"rule": "speaker-name-mismatch", "fix": null})),
            ..Default::default()
        }
    }

    /// The frame says what the transport would have said: the same JSON
    /// value, and a `Content-Length` that counts the body's bytes.
    #[test]
    fn the_frame_is_the_notification_the_transport_would_send() {
        let uri = Uri::from_str("file:///t/caf%C3%A9%20notes.txt").unwrap();
        let diagnostics = vec![
            diagnostic(0, "`Robin` nearly matches `ROBINSON`"),
            diagnostic(3, "quotes \" and \\ and é 😀"),
        ];
        for (version, ds) in [
            (Some(7), diagnostics.clone()),
            (None, Vec::new()),
            (Some(-1), diagnostics[..1].to_vec()),
        ] {
            let result = LintResult {
                revision: 1,
                version: 1,
                findings: Default::default(),
                lsp: Published::from_lsp(ds.iter().cloned()),
                silent: false,
            };
            let bytes = frame(&uri, version, PublishedList::Of(Arc::new(result))).to_vec();
            let text = String::from_utf8(bytes).unwrap();
            let (header, body) = text.split_once("\r\n\r\n").unwrap();
            assert_eq!(header, format!("Content-Length: {}", body.len()));
            let got: serde_json::Value = serde_json::from_str(body).unwrap();
            let params = PublishDiagnosticsParams::new(uri.clone(), ds, version);
            let expected = serde_json::json!({
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": serde_json::to_value(params).unwrap(),
            });
            assert_eq!(got, expected, "{version:?}");
        }
        // Withdrawing a closed document's diagnostics is the empty list.
        let none = |list| String::from_utf8(frame(&uri, None, list).to_vec()).unwrap();
        let empty = LintResult {
            revision: 1,
            version: 1,
            findings: Default::default(),
            lsp: Published::default(),
            silent: false,
        };
        assert_eq!(
            none(PublishedList::Empty),
            none(PublishedList::Of(Arc::new(empty)))
        );
        assert!(none(PublishedList::Empty).ends_with(r#""diagnostics":[]}}"#));
    }
}
