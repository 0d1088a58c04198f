//! Cue payload lines: which bytes are markup (tags, position codes) and
//! which are text, and the speaker a line names (`<v Name>`, `NAME:`).

use std::ops::Range;

use super::CaptionFormat;

/// What a payload line holds, as ranges of the document.
#[derive(Debug, Default)]
pub(crate) struct PayloadLine {
    /// Runs of text between the markup, in order.
    pub text: Vec<Range<usize>>,
    /// Tags and codes, in order.
    pub tags: Vec<Range<usize>>,
    /// Character references (`&amp;`, `&nbsp;`, `&#39;`), in order: not
    /// text either, so that `amp` or `nbsp` is never read as a word.
    pub entities: Vec<Range<usize>>,
    /// Voice spans opened on the line: the name inside the tag, and the
    /// whole tag (`<v.loud Dana Whitfield>`).
    pub voices: Vec<(Range<usize>, Range<usize>)>,
    /// Inline timestamps (`<00:00:02.500>`), without their angle brackets.
    pub stamps: Vec<Range<usize>>,
    /// Where a speaker prefix may start (`NAME:` after a dash, a position
    /// code or a tag), and whether the line starts with a dash.
    pub prefix_at: usize,
    pub dash: bool,
}

/// An SRT tag: `<i>`, `</font>`, `<font color="#ffff00">`. A `<` not
/// followed by a letter (`< 0.1`, `<3`) is text.
fn srt_tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let name = usize::from(b.get(1) == Some(&b'/')) + 1;
    if !b.get(name).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    memchr::memchr(b'>', b).map(|i| i + 1)
}

/// A character reference at the start of `s` (which starts with `&`):
/// `&amp;`, `&nbsp;`, `&#39;`, `&#x2014;`. Its length, `;` included. Only
/// the complete form counts: `AT&T`, `Q & A` and `&amp` without its `;` are
/// text, as a player that shows them shows them.
pub(crate) fn entity_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let (from, digits): (usize, fn(&u8) -> bool) = match (b.get(1), b.get(2)) {
        (Some(b'#'), Some(b'x' | b'X')) => (3, u8::is_ascii_hexdigit),
        (Some(b'#'), _) => (2, u8::is_ascii_digit),
        (Some(c), _) if c.is_ascii_alphabetic() => (1, u8::is_ascii_alphanumeric),
        _ => return None,
    };
    let n = b[from..].iter().take_while(|c| digits(c)).count();
    // The longest named reference HTML knows has 31 characters.
    ((1..=32).contains(&n) && b.get(from + n) == Some(&b';')).then_some(from + n + 1)
}

/// The character `entity` (a whole reference, as [`entity_len`] finds it)
/// stands for: every numeric one, and the named ones captions use. `None`
/// for any other name (`&eacute;`), whose character is most likely a
/// letter: callers keep such a reference as written.
pub(crate) fn entity_char(entity: &str) -> Option<char> {
    let name = entity.strip_prefix('&')?.strip_suffix(';')?;
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(value);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "quot" => '"',
        "apos" => '\'',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

/// Reads line `s` (at byte `base`) of a cue's payload.
pub(crate) fn read(s: &str, base: usize, format: CaptionFormat) -> PayloadLine {
    let mut out = PayloadLine::default();
    let b = s.as_bytes();
    let mut text_from = 0;
    let mut i = 0;
    let push_text = |out: &mut PayloadLine, from: usize, to: usize| {
        if from < to {
            out.text.push(base + from..base + to);
        }
    };
    while i < b.len() {
        let tag_len = match (b[i], format) {
            // In WebVTT every `<` opens a tag (a `<` in text is `&lt;`),
            // which runs to `>` or the end of the cue text.
            (b'<', CaptionFormat::WebVtt) => {
                Some(memchr::memchr(b'>', &b[i..]).map_or(b.len() - i, |j| j + 1))
            }
            (b'<', CaptionFormat::Srt) => srt_tag_len(&s[i..]),
            // `{\an8}`, `{\i1}`: SSA override codes, common in SRT.
            (b'{', _) if b.get(i + 1) == Some(&b'\\') => {
                memchr::memchr(b'}', &b[i..]).map(|j| j + 1)
            }
            _ => None,
        };
        let Some(len) = tag_len else {
            // A character reference ends the text run before it and starts
            // the next after it, as a tag does, but it is no tag: it shows
            // as a character.
            if let Some(len) = (b[i] == b'&').then(|| entity_len(&s[i..])).flatten() {
                push_text(&mut out, text_from, i);
                out.entities.push(base + i..base + i + len);
                i += len;
                text_from = i;
            } else {
                i += 1;
            }
            continue;
        };
        push_text(&mut out, text_from, i);
        let tag = &s[i..i + len];
        out.tags.push(base + i..base + i + len);
        if format == CaptionFormat::WebVtt {
            let inner = tag[1..].trim_end_matches('>');
            if inner.starts_with(|c: char| c.is_ascii_digit()) {
                out.stamps.push(base + i + 1..base + i + 1 + inner.len());
            } else if let Some(name) = voice_name(inner) {
                let at = i + 1 + (name.as_ptr() as usize - inner.as_ptr() as usize);
                out.voices
                    .push((base + at..base + at + name.len(), base + i..base + i + len));
            }
        }
        i += len;
        text_from = i;
    }
    push_text(&mut out, text_from, b.len());

    // A speaker prefix: after a dash, then any tags or codes.
    let mut at = 0;
    if let Some(rest) = s.strip_prefix('-') {
        out.dash = true;
        at = 1 + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }
    while let Some(tag) = out.tags.iter().find(|t| t.start == base + at) {
        at = tag.end - base;
    }
    out.prefix_at = at;
    out
}

/// The annotation of a voice tag's inside (`v.loud Dana Whitfield`): the
/// speaker's name, trimmed.
fn voice_name(inner: &str) -> Option<&str> {
    let rest = inner.strip_prefix('v')?;
    // `v`, then classes, then whitespace and the annotation.
    let classes = rest.find([' ', '\t']).unwrap_or(rest.len());
    if !rest[..classes].is_empty() && !rest.starts_with('.') {
        return None;
    }
    let name = rest[classes..].trim_matches([' ', '\t']);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(s: &'a str, line: &PayloadLine) -> Vec<&'a str> {
        line.text.iter().map(|r| &s[r.clone()]).collect()
    }

    #[test]
    fn webvtt_tags_are_not_text() {
        let s = "<v Dana Whitfield>Welcome back to <i>Harbour Voices</i>. I'm Dana.";
        let line = read(s, 0, CaptionFormat::WebVtt);
        assert_eq!(
            texts(s, &line),
            vec!["Welcome back to ", "Harbour Voices", ". I'm Dana."]
        );
        assert_eq!(&s[line.voices[0].0.clone()], "Dana Whitfield");
        assert_eq!(&s[line.voices[0].1.clone()], "<v Dana Whitfield>");
        let s = "<v.loud Tomasz Wieczorek>Then";
        let line = read(s, 0, CaptionFormat::WebVtt);
        assert_eq!(&s[line.voices[0].0.clone()], "Tomasz Wieczorek");
        let s = "♪ <00:01:50.500>Oh the herring ♪";
        let line = read(s, 0, CaptionFormat::WebVtt);
        assert_eq!(&s[line.stamps[0].clone()], "00:01:50.500");
        assert_eq!(texts(s, &line), vec!["♪ ", "Oh the herring ♪"]);
    }

    #[test]
    fn character_references_are_neither_text_nor_tags() {
        let s = "Fisheries &amp; Oceans, 3&nbsp;per cent, it&#39;s &#x2014;";
        for format in [CaptionFormat::WebVtt, CaptionFormat::Srt] {
            let line = read(s, 10, format);
            let shifted: Vec<&str> = line
                .text
                .iter()
                .map(|r| &s[r.start - 10..r.end - 10])
                .collect();
            assert_eq!(shifted, ["Fisheries ", " Oceans, 3", "per cent, it", "s "]);
            let entities: Vec<&str> = line
                .entities
                .iter()
                .map(|r| &s[r.start - 10..r.end - 10])
                .collect();
            assert_eq!(entities, ["&amp;", "&nbsp;", "&#39;", "&#x2014;"]);
            assert!(line.tags.is_empty());
        }
        // Not complete references: text.
        for s in ["AT&T", "Q & A", "salt &amp pepper", "&#;", "&#xg;", "&;"] {
            let line = read(s, 0, CaptionFormat::WebVtt);
            assert_eq!(texts(s, &line), vec![s], "{s}");
            assert!(line.entities.is_empty(), "{s}");
        }
    }

    #[test]
    fn character_references_decode_to_their_character() {
        let decoded: Vec<Option<char>> = [
            "&amp;",
            "&nbsp;",
            "&hellip;",
            "&#39;",
            "&#x2014;",
            "&eacute;",
            "&#xFFFFFFFF;",
        ]
        .into_iter()
        .map(entity_char)
        .collect();
        assert_eq!(
            decoded,
            [
                Some('&'),
                Some('\u{a0}'),
                Some('…'),
                Some('\''),
                Some('—'),
                None,
                None
            ]
        );
    }

    #[test]
    fn srt_codes_and_tags_come_before_the_prefix() {
        let s = "{\\an8}DANA: Councillor";
        let line = read(s, 0, CaptionFormat::Srt);
        assert_eq!(&s[line.prefix_at..], "DANA: Councillor");
        let s = "<font color=\"#ffff00\">RESIDENT: We've</font>";
        let line = read(s, 0, CaptionFormat::Srt);
        assert_eq!(&s[line.prefix_at..], "RESIDENT: We've</font>");
        assert_eq!(texts(s, &line), vec!["RESIDENT: We've"]);
        let s = "- FARAHANI: Today, yes.";
        let line = read(s, 0, CaptionFormat::Srt);
        assert!(line.dash);
        assert_eq!(&s[line.prefix_at..], "FARAHANI: Today, yes.");
        let s = "A bad one is < 0.1 and <3";
        assert_eq!(texts(s, &read(s, 0, CaptionFormat::Srt)), vec![s]);
    }
}
