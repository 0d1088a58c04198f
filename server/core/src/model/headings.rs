//! Letter-spaced headings: `P R O C E E D I N G S`, `C O N T E N T S`,
//! `C E R T I F I C A T E`. Court transcripts, hearings and their indexes
//! print them in every format; they are layout, not words, so no fact is
//! taken from them (FORMATS.md, section 4): `P P` is not a doubled word,
//! and no fix may touch them.

/// Is `line` a letter-spaced heading: after its indentation (and a gutter
/// line number, which a court transcript prints before it), four or more
/// single capitals, each separated from the next by one space (or by two
/// or three between words: `R E P O R T E R ' S   C E R T I F I C A T E`).
pub(crate) fn is_letter_spaced(line: &str) -> bool {
    let mut s = line.trim();
    // A gutter number: digits, then two or more spaces.
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits) && s[digits..].starts_with("  ") {
        s = s[digits..].trim_start();
    }
    let b = s.as_bytes();
    let mut letters = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' => letters += 1,
            b'\'' | b'&' | b'-' if i > 0 => {}
            _ => return false,
        }
        i += 1;
        if i == b.len() {
            break;
        }
        let gap = b[i..].iter().take_while(|&&c| c == b' ').count();
        if !(1..=3).contains(&gap) {
            return false;
        }
        i += gap;
    }
    letters >= 4
}

#[cfg(test)]
mod tests {
    use super::is_letter_spaced;

    #[test]
    fn headings() {
        for line in [
            "P R O C E E D I N G S",
            "                       C E R T I F I C A T E  ",
            " 1                       P R O C E E D I N G S",
            "C O N T E N T S",
            "A P P E N D I X",
            "I N D E X",
            "R E P O R T E R ' S   C E R T I F I C A T E",
        ] {
            assert!(is_letter_spaced(line), "{line:?}");
        }
        for line in [
            "",
            "A B C",
            "PROCEEDINGS",
            "I N D E X of names",
            "A a B b",
            "1. A B C D",
            "MR A: B C D E",
            "A    B C D",
        ] {
            assert!(!is_letter_spaced(line), "{line:?}");
        }
    }
}
