//! Core values to LSP values. Positions go through [`super::position`] only.

use std::str::FromStr;
use std::sync::OnceLock;

use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Uri,
};
use verbatim_core::rules::Rule;
use verbatim_core::{ConfigError, Diagnostic, Edit, Severity};

use super::position::{self, Encoding};

pub const SOURCE: &str = "verbatim";

/// What of a diagnostic the client says it shows, from its
/// `publishDiagnostics` and `diagnostic` capabilities: what it does not is
/// not sent. A rule's documentation link is about 70 bytes of each
/// diagnostic's 300 to 600, sent on every keystroke, and Neovim neither
/// shows one nor asks for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// `codeDescriptionSupport`: the link to the rule's documentation.
    pub code_description: bool,
    /// `relatedInformation`: the places a finding points to (the label a
    /// name should match, the note a reference lacks).
    pub related_information: bool,
}

impl Shown {
    /// Everything: for a client that shows it all (VS Code declares both).
    pub const ALL: Shown = Shown {
        code_description: true,
        related_information: true,
    };

    pub fn of(caps: &lsp::ClientCapabilities) -> Shown {
        let text = caps.text_document.as_ref();
        let publish = text.and_then(|t| t.publish_diagnostics.as_ref());
        let pull = text.and_then(|t| t.diagnostic.as_ref());
        let says = |p: Option<bool>, q: Option<bool>| p.unwrap_or(false) || q.unwrap_or(false);
        Shown {
            code_description: says(
                publish.and_then(|p| p.code_description_support),
                pull.and_then(|p| p.code_description_support),
            ),
            related_information: says(
                publish.and_then(|p| p.related_information),
                pull.and_then(|p| p.related_information),
            ),
        }
    }
}

/// The documentation link of a rule, parsed once per rule rather than once
/// per diagnostic on every keystroke.
fn docs_link(rule: Rule) -> Option<Uri> {
    static LINKS: OnceLock<Vec<Option<Uri>>> = OnceLock::new();
    LINKS
        .get_or_init(|| {
            Rule::ALL
                .iter()
                .map(|r| Uri::from_str(&r.meta().docs_url()).ok())
                .collect()
        })
        .get(rule as usize)
        .cloned()
        .flatten()
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn text_edit(rope: &Rope, edit: &Edit, enc: Encoding) -> TextEdit {
    TextEdit {
        range: position::range(rope, edit.range.clone(), enc),
        new_text: edit.new_text.clone(),
    }
}

/// One core diagnostic as LSP sees it, with
/// `data = {"rule": "...", "fix": null | {"applicability": "safe" | "unsafe"}}`:
/// whether a fix exists and how safe it is, but not its edits. Those come
/// with the code action (`textDocument/codeAction` computes them from the
/// lint of that revision). Shipping them here meant converting and sending
/// every fix on every keystroke, and some fixes grow with the document: a
/// `footnote-missing-note` finding carries a stub for every missing note,
/// so N such findings sent N² stubs (30 MB per keystroke for 900 of them).
pub fn diagnostic(
    rope: &Rope,
    uri: &Uri,
    d: &Diagnostic,
    enc: Encoding,
    shown: Shown,
) -> lsp::Diagnostic {
    let meta = d.rule.meta();
    let related = (shown.related_information && !d.related.is_empty()).then(|| {
        d.related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), position::range(rope, r.range.clone(), enc)),
                message: r.message.to_string(),
            })
            .collect()
    });
    let fix = d
        .fix
        .as_ref()
        .map(|f| json!({ "applicability": f.applicability.as_str() }));
    lsp::Diagnostic {
        range: position::range(rope, d.range.clone(), enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(meta.name.to_string())),
        code_description: docs_link(d.rule)
            .filter(|_| shown.code_description)
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.to_string(),
        related_information: related,
        tags: None,
        data: Some(json!({ "rule": meta.name, "fix": fix })),
    }
}

/// The smallest single edit that turns `old` into `new`: the common prefix
/// and suffix stay untouched, so the editor keeps cursors and folds.
pub fn minimal_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    // An LSP position cannot sit between `\r` and `\n`; widen the edit so
    // neither of its ends does.
    let splits_pair = |at: usize| {
        at > 0
            && old.as_bytes().get(at - 1) == Some(&b'\r')
            && old.as_bytes().get(at) == Some(&b'\n')
    };
    if splits_pair(prefix) {
        prefix -= 1;
    }
    if splits_pair(old.len() - suffix) {
        suffix -= 1;
    }
    Some(Edit::replace(
        prefix..old.len() - suffix,
        &new[prefix..new.len() - suffix],
    ))
}

/// A config error as a diagnostic on the config file itself: from the
/// reported column to the end of that line.
pub fn config_diagnostic(rope: &Rope, e: &ConfigError, enc: Encoding) -> lsp::Diagnostic {
    let line = e.line.unwrap_or(1).saturating_sub(1) as u32;
    let col = e.column.unwrap_or(1).saturating_sub(1) as u32;
    let start = position::offset(rope, lsp::Position::new(line, col), Encoding::Utf32);
    let line_range = position::line_range_at(rope, start);
    let end = if line_range.end > start {
        line_range.end
    } else {
        start
    };
    let mut message = e.message.clone();
    if let Some(key) = &e.key {
        message = format!("key `{key}`: {message}");
    }
    lsp::Diagnostic {
        range: position::range(rope, start..end, enc),
        severity: Some(lsp::DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_string()),
        message,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use verbatim_core::fix::apply_edits;
    use verbatim_core::Fix;

    #[test]
    fn minimal_edit_round_trips() {
        for (old, new) in [
            ("abc", "abc"),
            ("abc", "abXc"),
            ("(inaudible adopting", "(inaudible) adopting"),
            ("“é”", "“è”"),
            ("a😀b", "a😁b"),
            ("", "new"),
            ("old", ""),
            ("aaaa", "aa"),
            ("a\r\nb", "a\rb"),
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\r\nb"),
        ] {
            match minimal_edit(old, new) {
                None => assert_eq!(old, new),
                Some(e) => {
                    assert_eq!(
                        apply_edits(old, std::slice::from_ref(&e)),
                        new,
                        "{old:?} -> {new:?}"
                    );
                    // The same edit through LSP positions gives the same text.
                    let rope = Rope::from_str(old);
                    let r = position::range(&rope, e.range.clone(), Encoding::Utf16);
                    let back = position::byte_range(&rope, r, Encoding::Utf16);
                    assert_eq!(back, e.range, "{old:?} -> {new:?}");
                }
            }
        }
        let e = minimal_edit("(inaudible adopting", "(inaudible) adopting").unwrap();
        assert_eq!(e.range, 10..10);
        assert_eq!(e.new_text, ")");
    }

    #[test]
    fn diagnostic_carries_code_link_related_and_whether_it_has_a_fix() {
        let text = "Yes (inaudible adopting “it” 😀\n";
        let rope = Rope::from_str(text);
        let uri = Uri::from_str("file:///t/a.txt").unwrap();
        let unclosed_marker = Rule::from_name("unclosed-marker").unwrap();
        let d = Diagnostic::new(unclosed_marker, 4..14, "unclosed")
            .with_fix(Fix::safe("Close it", vec![Edit::insert(14, ")")]))
            .with_related(0..3, "here");
        let l = diagnostic(&rope, &uri, &d, Encoding::Utf16, Shown::ALL);
        assert_eq!(
            l.range,
            lsp::Range::new(lsp::Position::new(0, 4), lsp::Position::new(0, 14))
        );
        assert_eq!(
            l.code,
            Some(NumberOrString::String("unclosed-marker".into()))
        );
        assert_eq!(
            l.code_description.unwrap().href.as_str(),
            "https://verbatim.dev/rules/unclosed-marker"
        );
        assert_eq!(l.source.as_deref(), Some("verbatim"));
        assert_eq!(l.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(l.related_information.unwrap()[0].message, "here");
        let data = l.data.unwrap();
        assert_eq!(data["rule"], "unclosed-marker");
        assert_eq!(data["fix"], json!({"applicability": "safe"}));
        // A client that shows neither the link nor related places is not
        // sent them; the rest is the same.
        let bare = diagnostic(&rope, &uri, &d, Encoding::Utf16, Shown::default());
        assert_eq!(bare.code_description, None);
        assert_eq!(bare.related_information, None);
        let full = diagnostic(&rope, &uri, &d, Encoding::Utf16, Shown::ALL);
        assert_eq!(
            bare,
            lsp::Diagnostic {
                code_description: None,
                related_information: None,
                ..full
            }
        );
    }

    /// What a client shows is read from either diagnostics capability.
    #[test]
    fn what_is_shown_is_what_the_client_declares() {
        let caps = |v: serde_json::Value| -> lsp::ClientCapabilities {
            serde_json::from_value(v).unwrap()
        };
        assert_eq!(Shown::of(&caps(json!({}))), Shown::default());
        // Neovim 0.11.
        let neovim = caps(json!({"textDocument": {
            "publishDiagnostics": {"relatedInformation": true, "dataSupport": true},
            "diagnostic": {"dynamicRegistration": false}}}));
        assert_eq!(
            Shown::of(&neovim),
            Shown {
                code_description: false,
                related_information: true
            }
        );
        let vscode = caps(json!({"textDocument": {"publishDiagnostics": {
            "relatedInformation": true, "codeDescriptionSupport": true}}}));
        assert_eq!(Shown::of(&vscode), Shown::ALL);
        let pull = caps(json!({"textDocument": {"diagnostic": {
            "relatedInformation": true, "codeDescriptionSupport": true}}}));
        assert_eq!(Shown::of(&pull), Shown::ALL);
    }
}
