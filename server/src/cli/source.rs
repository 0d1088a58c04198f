//! Reading a transcript from disk or standard input into text the core can
//! lint, and turning fixed text back into bytes that look like the original.
//!
//! The core lints `&str` without a byte-order mark; everything about the file
//! as bytes (BOM, line endings, final newline) is this module's business.

use std::fmt;

const UTF8_BOM: &str = "\u{feff}";

/// Why bytes could not be linted as a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte: an image, a word-processor file, an archive.
    Binary,
    /// A UTF-16 byte-order mark. Exports from some Windows tools look like this.
    Utf16,
    /// Invalid UTF-8 at this 1-based line and byte column.
    NotUtf8 { line: usize, column: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => f.write_str(
                "looks like a binary file (it contains NUL bytes); only UTF-8 text transcripts can be checked",
            ),
            DecodeError::Utf16 => f.write_str(
                "is UTF-16; convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`) to check it",
            ),
            DecodeError::NotUtf8 { line, column } => write!(
                f,
                "is not valid UTF-8 (first bad byte at line {line}, byte {column}); convert it to UTF-8 to check it"
            ),
        }
    }
}

/// A transcript's text, ready for the core.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text without its byte-order mark: every offset the core reports
    /// is into this string.
    pub text: String,
    pub bom: bool,
}

/// How many leading bytes are inspected for NULs. Git uses the same window to
/// decide that a file is binary.
const BINARY_SNIFF_LEN: usize = 8000;

/// How many leading bytes [`sniff`] needs to see.
pub const SNIFF_LEN: usize = BINARY_SNIFF_LEN;

/// Rejects a file from its first [`SNIFF_LEN`] bytes alone when they show
/// it is UTF-16 or binary, so that a huge binary file (or a sparse one, all
/// NULs) is not read whole only to be refused.
pub fn sniff(prefix: &[u8]) -> Result<(), DecodeError> {
    if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if prefix[..prefix.len().min(BINARY_SNIFF_LEN)].contains(&0) {
        return Err(DecodeError::Binary);
    }
    Ok(())
}

pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    sniff(&bytes)?;
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let before = &bytes[..bad];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            return Err(DecodeError::NotUtf8 {
                line,
                column: bad - line_start + 1,
            });
        }
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    let bom = text.starts_with(UTF8_BOM);
    if bom {
        text.drain(..UTF8_BOM.len());
    }
    Ok(Decoded { text, bom })
}

/// The line terminator a file uses throughout, if it uses just one kind.
fn uniform_terminator(text: &str) -> Option<&'static str> {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    if crlf > 0 && crlf == lf {
        Some("\r\n")
    } else if lf > 0 && crlf == 0 {
        Some("\n")
    } else {
        None
    }
}

fn ends_with_terminator(text: &str) -> bool {
    text.ends_with('\n') || text.ends_with('\r')
}

/// Gives fixed text the original's shape: a CRLF file stays CRLF even when a
/// fix inserted `\n` (fixes are written with `\n`, e.g. a new notes block),
/// and a final newline is kept present or absent as it was. The BOM is put
/// back by [`encode`].
pub fn restore_shape(original: &str, fixed: String) -> String {
    if fixed == original {
        return fixed;
    }
    let mut out = fixed;
    let terminator = uniform_terminator(original);
    if terminator == Some("\r\n") && out.contains('\n') {
        let mut converted = String::with_capacity(out.len() + out.len() / 32);
        let mut prev = '\0';
        for c in out.chars() {
            if c == '\n' && prev != '\r' {
                converted.push('\r');
            }
            converted.push(c);
            prev = c;
        }
        out = converted;
    }
    if original.is_empty() || out.is_empty() {
        return out;
    }
    match (ends_with_terminator(original), ends_with_terminator(&out)) {
        (false, true) => {
            // Drop only the one terminator a fix appended; blank lines the
            // fix wrote on purpose stay.
            let cut = if out.ends_with("\r\n") { 2 } else { 1 };
            out.truncate(out.len() - cut);
        }
        (true, false) => out.push_str(terminator.unwrap_or("\n")),
        _ => {}
    }
    out
}

/// The bytes to write for `text`, with the BOM the file had.
pub fn encode(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(UTF8_BOM.as_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_and_reports_bom() {
        let d = decode(b"\xEF\xBB\xBFMR ROBINSON: Hi.\n".to_vec()).unwrap();
        assert!(d.bom);
        assert_eq!(d.text, "MR ROBINSON: Hi.\n");
        assert_eq!(encode(&d.text, d.bom), b"\xEF\xBB\xBFMR ROBINSON: Hi.\n");
    }

    #[test]
    fn rejects_binary_utf16_and_bad_utf8() {
        assert_eq!(
            decode(b"PK\x03\x04\0\0".to_vec()).unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(
            decode(b"\xFF\xFEM\0R\0".to_vec()).unwrap_err(),
            DecodeError::Utf16
        );
        assert_eq!(
            decode(b"ok\nso caf\xE9 here\n".to_vec()).unwrap_err(),
            DecodeError::NotUtf8 { line: 2, column: 7 }
        );
    }

    #[test]
    fn empty_input_is_fine() {
        let d = decode(Vec::new()).unwrap();
        assert_eq!(d.text, "");
        assert!(!d.bom);
    }

    #[test]
    fn keeps_crlf_when_a_fix_inserts_lf() {
        let original = "QUESTION: One.[1]\r\n";
        let fixed = "QUESTION: One.[1]\r\n\nNotes\n[1] TODO\n".to_string();
        assert_eq!(
            restore_shape(original, fixed),
            "QUESTION: One.[1]\r\n\r\nNotes\r\n[1] TODO\r\n"
        );
    }

    #[test]
    fn keeps_absent_final_newline() {
        assert_eq!(restore_shape("a  \nb", "a\nb\n".to_string()), "a\nb");
        assert_eq!(restore_shape("a\r\nb", "a\r\nb\r\n".to_string()), "a\r\nb");
    }

    #[test]
    fn keeps_present_final_newline() {
        assert_eq!(
            restore_shape("a\r\nb  \r\n", "a\r\nb".to_string()),
            "a\r\nb\r\n"
        );
        assert_eq!(restore_shape("a\n", "b".to_string()), "b\n");
    }

    #[test]
    fn leaves_mixed_endings_alone() {
        assert_eq!(
            restore_shape("a\r\nb\n", "a\r\nb\nc\n".to_string()),
            "a\r\nb\nc\n"
        );
    }
}
