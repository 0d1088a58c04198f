//! Character classes the model reads text by, each written once: the
//! spaces between words, apostrophes, letters and digits decided without
//! the Unicode tables for what fills transcripts, and the byte walks over
//! them.

/// A space between the words of a label or a name: space, tab, no-break
/// space, narrow no-break space.
pub(crate) fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}'
}

/// A space the spacing facts count (trailing whitespace, a space before
/// punctuation): space, no-break space, tab.
pub(crate) fn is_inline_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\t'
}

/// A straight or a curly apostrophe: `Lavrov's`, `Lavrov’s`.
pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// `char::is_alphabetic`, decided without the Unicode tables for what fills
/// transcripts besides ASCII: curly quotes, dashes and no-break spaces (the
/// General Punctuation block holds no letter).
pub(crate) fn is_letter(c: char) -> bool {
    without_tables(c, u8::is_ascii_alphabetic, char::is_alphabetic)
}

/// `char::is_alphanumeric`, decided the same way as [`is_letter`] (the
/// General Punctuation block holds no digit either).
pub(crate) fn is_word_char(c: char) -> bool {
    without_tables(c, u8::is_ascii_alphanumeric, char::is_alphanumeric)
}

/// `unicode(c)`, answered by `ascii` for ASCII and as `false` for the
/// no-break space and the General Punctuation block, so that the tables
/// are read only for other characters. Inlined: the word walks ask it for
/// every character that is not ASCII.
#[inline(always)]
fn without_tables(c: char, ascii: impl Fn(&u8) -> bool, unicode: impl Fn(char) -> bool) -> bool {
    if c.is_ascii() {
        ascii(&(c as u8))
    } else if matches!(c, '\u{a0}' | '\u{2000}'..='\u{206f}') {
        false
    } else {
        unicode(c)
    }
}

/// The character starting at byte `i` of `s` and its length; ASCII without
/// decoding, since nearly every byte of a transcript is ASCII. Inlined
/// everywhere: the word scans call it for every byte of the document.
#[inline(always)]
pub(crate) fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = s[i..].chars().next().expect("i is a char boundary");
        (c, c.len_utf8())
    }
}

/// The end of the run of ASCII letters (and digits, with `DIGITS`) at `i`.
///
/// Eight bytes at a time: this is the inner loop of the word walks. For
/// each byte, with its top bit cleared as `y`, `(y | 0x20) + 0x1f` reaches
/// the top bit from `a` (or `A`) on and `(y | 0x20) + 0x05` from `{` on;
/// `y + 0x50` from `0` on and `y + 0x46` from `:` on. No sum carries into
/// the next byte, and bytes with their top bit set are not ASCII.
#[inline(always)]
pub(crate) fn ascii_run_end<const DIGITS: bool>(b: &[u8], mut i: usize) -> usize {
    const TOP: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const fn each(byte: u8) -> u64 {
        u64::from_le_bytes([byte; 8])
    }
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let y = x & LOW;
        let folded = y | each(0x20);
        let mut word = (folded + each(0x1f)) & !(folded + each(0x05));
        if DIGITS {
            word |= (y + each(0x50)) & !(y + each(0x46));
        }
        let other = !(word & !x) & TOP;
        if other != 0 {
            return i + other.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    let in_run = |c: &u8| c.is_ascii_alphabetic() || DIGITS && c.is_ascii_digit();
    while b.get(i).is_some_and(in_run) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_word_chars_agree_with_the_unicode_tables() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn ascii_runs_end_at_every_other_byte() {
        for byte in 0..=255u8 {
            let mut b = *b"abcdefghijk";
            b[5] = byte;
            let letters = if byte.is_ascii_alphabetic() { 11 } else { 5 };
            let alphanumerics = if byte.is_ascii_alphanumeric() { 11 } else { 5 };
            for (at, end) in [(0, 11), (3, 11), (0, 7)] {
                let b = &b[..end];
                let (l, a) = (letters.min(end), alphanumerics.min(end));
                assert_eq!(ascii_run_end::<false>(b, at), l, "{byte:#x}");
                assert_eq!(ascii_run_end::<true>(b, at), a, "{byte:#x}");
            }
        }
    }
}
