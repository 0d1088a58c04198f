//! Character classes the model reads text by, each written once: the
//! spaces between words, apostrophes, letters and digits decided without
//! the Unicode tables for what fills transcripts. (The byte walks over them,
//! `char_at` and `ascii_run_end`, are in `lines.rs`.)

/// A space between the words of a label or a name: space, tab, no-break
/// space, narrow no-break space.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}'
}

/// A space the spacing facts count (trailing whitespace, a space before
/// punctuation): space, no-break space, tab.
#[inline]
pub(crate) fn is_inline_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\t'
}

/// A straight or a curly apostrophe: `Lavrov's`, `Lavrov’s`.
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// `char::is_alphabetic`, decided without the Unicode tables for what fills
/// transcripts besides ASCII: curly quotes, dashes and no-break spaces (the
/// General Punctuation block holds no letter).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    without_tables(c, u8::is_ascii_alphabetic, char::is_alphabetic)
}

/// `char::is_alphanumeric`, decided the same way as [`is_letter`] (the
/// General Punctuation block holds no digit either).
#[inline]
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
}
