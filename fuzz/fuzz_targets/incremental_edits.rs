//! Incremental equals fresh: a text and a sequence of edits through
//! `Analysis` (as the language server drives it) give exactly `lint` of the
//! final text; and, where an edit asks for it, of the text after that edit.

#![no_main]

use std::sync::LazyLock;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use verbatim_core::{lint, Analysis, Config};
use verbatim_fuzz::{all_rules, all_rules_configured, check_diagnostics};

static CONFIGS: LazyLock<[Config; 2]> = LazyLock::new(|| [all_rules(), all_rules_configured()]);

/// What an edit inserts: the pieces transcripts are made of, and any short
/// string.
#[derive(Debug, Arbitrary)]
enum Piece {
    Cr,
    Lf,
    CrLf,
    BlankLine,
    Space,
    Label,
    OtherLabel,
    Question,
    Marker,
    OpenMarker,
    CloseParen,
    FootnoteRef,
    Note,
    NotesHeading,
    MarkdownNote,
    Timestamp,
    Dash,
    Quote,
    CurlyQuote,
    Name,
    Nbsp,
    Emoji,
    Text(String),
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Cr => "\r",
            Piece::Lf => "\n",
            Piece::CrLf => "\r\n",
            Piece::BlankLine => "\n\n",
            Piece::Space => " ",
            Piece::Label => "MR KIRBY:",
            Piece::OtherLabel => "\nSECRETARY KERRY: ",
            Piece::Question => "QUESTION: ",
            Piece::Marker => "(inaudible)",
            Piece::OpenMarker => "(inaudible",
            Piece::CloseParen => ")",
            Piece::FootnoteRef => "[1]",
            Piece::Note => "\n[2] A note.",
            Piece::NotesHeading => "\nNotes\n",
            Piece::MarkdownNote => "[^1]: note",
            Piece::Timestamp => "[00:01:02]",
            Piece::Dash => " -- ",
            Piece::Quote => "\"",
            Piece::CurlyQuote => "“",
            Piece::Name => "Kirby",
            Piece::Nbsp => "\u{a0}",
            Piece::Emoji => "😀é",
            Piece::Text(s) => {
                // Short: a keystroke or a paste, not a second document.
                let mut end = s.len().min(24);
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                &s[..end]
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Change {
    /// Where, as a share of the text's length, snapped back to a character
    /// boundary.
    at: u16,
    /// How many characters after it to replace.
    delete: u8,
    insert: Piece,
    /// Compare with a fresh lint right after this edit (otherwise several
    /// edits come before one lint, as in a burst of typing).
    lint_after: bool,
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn check(analysis: &mut Analysis, text: &str, config: &Config) {
    let incremental = analysis.diagnostics(text, config);
    check_diagnostics(text, &incremental);
    let fresh = lint(text, config);
    assert!(
        incremental == fresh,
        "incremental and fresh differ on {text:?}\nincremental: {incremental:#?}\nfresh: {fresh:#?}"
    );
}

// The input is the text, then a NUL byte, then the edits, so that a plain
// transcript is a seed (no edits) and seeds with edits are easy to make.
fuzz_target!(|data: &[u8]| {
    let (text, rest) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let mut text = String::from_utf8_lossy(text).into_owned();
    let mut u = Unstructured::new(rest);
    let configured = u.arbitrary::<bool>().unwrap_or(false);
    let changes: Vec<Change> = match u.arbitrary_iter::<Change>() {
        Ok(iter) => iter.take(64).map_while(Result::ok).collect(),
        Err(_) => Vec::new(),
    };
    let config = &CONFIGS[configured as usize];
    let mut analysis = Analysis::new(&text, config);
    let mut pending = false;
    for change in &changes {
        let start = floor_char_boundary(
            &text,
            (change.at as usize * (text.len() + 1)) / (u16::MAX as usize + 1),
        );
        let end = text[start..]
            .char_indices()
            .nth(usize::from(change.delete % 8))
            .map_or(text.len(), |(i, _)| start + i);
        let insert = change.insert.text();
        text.replace_range(start..end, insert);
        analysis.edit(start..end, insert.len());
        pending = true;
        if change.lint_after {
            check(&mut analysis, &text, config);
            pending = false;
        }
    }
    if pending || changes.is_empty() {
        check(&mut analysis, &text, config);
    }
});
