use super::*;

fn scan(line: &str, skip: usize) -> Lexical {
    let mut lx = Lexical::default();
    lx.scan_line(0, line, 0, skip, false);
    lx
}

fn texts(line: &str, ranges: impl IntoIterator<Item = Range<usize>>) -> Vec<&str> {
    ranges.into_iter().map(|r| &line[r]).collect()
}

#[test]
fn same_initial_ignores_ascii_case_only() {
    let starts = (0..=255u8).filter(|b| b.is_ascii_alphanumeric() || *b >= 0xC0);
    for a in starts.clone() {
        for b in starts.clone() {
            let want = a >= 0x80 || b >= 0x80 || a.eq_ignore_ascii_case(&b);
            assert_eq!(same_initial(a, b), want, "{a:#x} {b:#x}");
        }
    }
}

#[test]
fn trailing_whitespace_and_blank_runs() {
    let text = "a \t\nb\u{a0}\n\n  \n\nc\n";
    let mut lx = Lexical::default();
    let mut start = 0;
    let lines: Vec<&str> = text.split('\n').collect();
    for (i, l) in lines.iter().enumerate() {
        lx.scan_line(i, l, start, 0, i == lines.len() - 1);
        start += l.len() + 1;
    }
    assert_eq!(
        texts(text, lx.trailing_whitespace.clone()),
        vec![" \t", "\u{a0}", "  "]
    );
    assert_eq!(lx.blank_runs, vec![2..5]);
}

#[test]
fn double_spaces_between_words_only() {
    let line = "  Yes.  I  agree.\u{a0} Done  ";
    let lx = scan(line, 0);
    assert_eq!(texts(line, lx.double_spaces), vec!["  ", "  ", "\u{a0} "]);
}

#[test]
fn doubled_words() {
    let line = "KERRY: the the end, end. We\u{a0}we did did-not 2 2 Lavrov’s Lavrov’s";
    let lx = scan(line, "KERRY:".len());
    let pairs: Vec<&str> = lx
        .doubled_words
        .iter()
        .map(|d| &line[d.first.start..d.second.end])
        .collect();
    assert_eq!(
        pairs,
        vec!["the the", "We\u{a0}we", "2 2", "Lavrov’s Lavrov’s"]
    );
}

#[test]
fn doubled_words_skip_the_label() {
    let line = "KERRY: Kerry said";
    assert!(scan(line, 6).doubled_words.is_empty());
}

#[test]
fn space_before_punctuation() {
    let line = "KERRY: Yes , sir . Really ?\u{a0}Done ! So . . . and .5 and :) and “no” .";
    let lx = scan(line, "KERRY:".len());
    let found: Vec<&str> = lx
        .space_before_punctuation
        .iter()
        .map(|r| &line[r.start - 3..r.end + 1])
        .collect();
    assert_eq!(found, vec!["Yes ,", "sir .", "lly ?", "one !", "” ."]);
    assert!(scan("KERRY: , well", 6).space_before_punctuation.is_empty());
    assert!(scan("  , indented", 0).space_before_punctuation.is_empty());
}

#[test]
fn cut_offs() {
    let cases: &[(&str, usize, &[&str])] = &[
        ("Q: Yeah, number one, number --", 2, &["--"]),
        ("KERRY: -- that’s important.", 6, &["--"]),
        ("Could I – I just --", 0, &["--"]),
        ("nine – six months – from now", 0, &[]),
        ("he said, “I was—” and left", 0, &["—"]),
        ("a little -- (Laughter.)", 0, &["--"]),
        ("I was going to— [crosstalk 00:01:02]", 0, &["—"]),
        ("and then—", 0, &["—"]),
        ("well--sort of", 0, &[]),
        ("---", 0, &[]),
        ("a rule ---", 0, &[]),
        ("Mr. ——", 0, &[]),
        ("---é --", 0, &["--"]),
        ("--", 0, &[]),
        // Without a `-` in the spoken text, dashes are found by the
        // quote search; a hyphen in the label does not count.
        ("KERRY: — that’s important.", 6, &["—"]),
        ("MR-X: — “I was—” he said – and then– ", 5, &["—", "—", "–"]),
        ("“Well—” ‘no’ ——", 0, &["—"]),
        ("x-y and then—", 0, &["—"]),
    ];
    for (line, skip, want) in cases {
        let lx = scan(line, *skip);
        let got = texts(line, lx.cut_offs.iter().map(|c| c.range.clone()));
        assert_eq!(&got, want, "{line}");
    }
}

#[test]
fn quote_roles() {
    let line = r#"He said "yes," don't 'cause the States' 5'10" " x"#;
    let lx = scan(line, 0);
    let got: Vec<(usize, QuoteRole)> = lx.quotes.iter().map(|q| (q.range.start, q.role)).collect();
    let at = |pat: &str| line.find(pat).unwrap();
    assert_eq!(
        got,
        vec![
            (at("\"yes"), QuoteRole::Open),
            (at(",\"") + 1, QuoteRole::Close),
            (at("'t"), QuoteRole::Close),
            (at("'cause"), QuoteRole::Unknown),
            (at("' 5"), QuoteRole::Close),
            (at("'10"), QuoteRole::Unknown),
            (at("\" \""), QuoteRole::Unknown),
            (at("\" x"), QuoteRole::Unknown),
        ]
    );
    let curly = scan("“it’s”", 0);
    assert!(curly.quotes.iter().all(|q| q.curly));
    assert_eq!(curly.quotes[0].converted(), Some('"'));
    assert_eq!(curly.quotes[1].converted(), Some('\''));
}

/// Every run of spaces walked one by one: what `scan_spaces` finds by
/// looking only around pairs and no-break spaces.
fn double_spaces_walked(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = b.len() - line.trim_start().len();
    while let Some(p) = memchr::memchr2(b' ', 0xC2, &b[i.min(b.len())..]) {
        i += p;
        let start = i;
        let mut n = 0;
        loop {
            if b.get(i) == Some(&b' ') {
                i += 1;
            } else if b[i..].starts_with(NBSP) {
                i += NBSP.len();
            } else {
                break;
            }
            n += 1;
        }
        if n == 0 {
            i += 1;
        } else if n >= 2 && line[i..].chars().next().is_some_and(|c| !c.is_whitespace()) {
            out.push(start..i);
        }
    }
    out
}

mod spaces {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn found_around_pairs_as_by_walking(
            line in "([ a\u{a0}\t©à\u{2003}]|  ){0,30}"
        ) {
            let mut lx = super::Lexical::default();
            if !line.trim_end().is_empty() {
                lx.scan_spaces(&line, 0, 0);
            }
            let want = if line.trim_end().is_empty() {
                vec![]
            } else {
                super::double_spaces_walked(&line)
            };
            prop_assert_eq!(lx.double_spaces, want);
        }
    }
}

mod properties {
    use proptest::prelude::*;

    use crate::rules::Rule;

    const LEXICAL_RULES: &[Rule] = &[
        Rule::TimestampOrder,
        Rule::TimestampFormat,
        Rule::InterruptionStyle,
        Rule::RepeatedWord,
        Rule::TrailingWhitespace,
        Rule::MultipleBlankLines,
        Rule::DoubleSpace,
        Rule::MixedQuotes,
        Rule::SpaceBeforePunctuation,
    ];

    fn config() -> crate::Config {
        let mut config = crate::Config::default();
        for r in Rule::ALL {
            config.set_enabled(*r, LEXICAL_RULES.contains(r));
        }
        config
    }

    fn terminators(s: &str) -> (usize, usize) {
        (s.matches("\r\n").count(), s.matches('\n').count())
    }

    proptest! {
        #[test]
        fn fixes_are_sound_and_converge(
            text in "([aAb1 .,?\u{a0}\t\"'“”‘’\u{2014}\u{2013}:(\\[\\]]|--|the|\r\n|\n|\r|00:1:2|KERRY: ){0,40}"
        ) {
            let config = config();
            for d in crate::lint(&text, &config) {
                prop_assert!(text.is_char_boundary(d.range.start));
                prop_assert!(text.is_char_boundary(d.range.end));
            }
            let once = crate::fix(&text, &config, true);
            prop_assert!(!once.hit_round_limit);
            let twice = crate::fix(&once.text, &config, true);
            prop_assert_eq!(&twice.text, &once.text);
            // Only whole blank lines are ever removed, so no line ending
            // changes kind.
            let (crlf_before, lf_before) = terminators(&text);
            let (crlf_after, lf_after) = terminators(&once.text);
            prop_assert!(crlf_after <= crlf_before && lf_after <= lf_before);
        }
    }
}
