use super::accept::letters_apart;
use super::key::speaker_key_any;
use super::*;

#[test]
fn ascii_keys_match_the_general_rule() {
    for label in [
        "Mr. Robinson",
        "  MR.  KIRBY ",
        "Dana\tWhitfield",
        "a\u{b}b",
        "... .X",
        "o'brien",
        "",
        "Q",
    ] {
        assert_eq!(
            speaker_key(label),
            speaker_key_any(label, String::new()),
            "{label:?}"
        );
    }
    assert_eq!(speaker_key("Mr. Robinson"), "MR ROBINSON");
    assert_eq!(speaker_key("... .X"), "X");
}

fn cand(line: &str) -> Option<(String, LabelForm, bool)> {
    candidate(line, 0).map(|c| (c.label.key.to_string(), c.label.form, c.strong))
}

#[test]
fn briefing_labels() {
    assert_eq!(
        cand("MR ROBINSON: Thanks."),
        Some(("MR ROBINSON".into(), LabelForm::Caps, true))
    );
    assert_eq!(
        cand("MR. MORRELL:\u{a0}Well."),
        Some(("MR MORRELL".into(), LabelForm::Caps, true))
    );
    assert_eq!(
        cand("FOREIGN MINISTER LAVROV: (Via interpreter) Yes."),
        Some(("FOREIGN MINISTER LAVROV".into(), LabelForm::Caps, true))
    );
    assert_eq!(cand("QUESTION: Why?").unwrap().0, "QUESTION");
}

#[test]
fn interview_labels() {
    let c = candidate("Dana Whitfield (00:01:26):", 0).unwrap();
    assert_eq!(&*c.label.key, "DANA WHITFIELD");
    assert_eq!(c.label.form, LabelForm::Timestamped);
    assert_eq!(c.label.timestamp, Some(16..24));
    assert!(!c.label.text_follows);
    assert_eq!(cand("Marcus Lee: Right.").unwrap().1, LabelForm::Title);
    assert_eq!(cand("Speaker 1: Hello.").unwrap().0, "SPEAKER 1");
    let md = candidate("**Marcus Lee:** Right.", 0).unwrap();
    assert_eq!(md.label.range, 2..12);
    assert_eq!(md.label.form, LabelForm::Markdown);
}

#[test]
fn sentences_and_headings_are_not_labels() {
    for line in [
        "I agree with Sergey completely:",
        "The last thing that I wanted to say:",
        "Now, I want to emphasize:",
        "Just one comment I’d like to make:",
        "Watch: the video",
        "Kaynak/Source: AA",
        "At 10:30 we met.",
        "See https://example.org",
        "  MR ROBINSON: indented quote",
    ] {
        assert!(cand(line).is_none(), "{line}");
    }
}

#[test]
fn keys_and_name_words() {
    assert_eq!(speaker_key("MR.\u{a0}ROBINSON"), "MR ROBINSON");
    assert_eq!(name_words("FOREIGN MINISTER LAVROV"), vec!["LAVROV"]);
    assert_eq!(name_words("MR DE MISTURA"), vec!["MISTURA"]);
    assert_eq!(name_words("DANA WHITFIELD"), vec!["DANA", "WHITFIELD"]);
    assert!(name_words("SPEAKER 1").is_empty());
    assert!(name_words("QUESTION").is_empty());
}

#[test]
fn variants() {
    assert!(near_variant("SECRETARY KERRY", "SECRETARY KERY"));
    assert!(near_variant(
        "FOREIGN MINISTER LAVROV",
        "FOREIGN MINISTER LAVROF"
    ));
    assert!(near_variant("DANA WHITFIELD", "DANA WHITFELD"));
    assert!(!near_variant("MR KIRBY", "MR KERRY"));
    assert!(!near_variant("SPEAKER 1", "SPEAKER 2"));
    assert!(!near_variant("MR KERRY", "MS KERRY"));
}

/// `word` with up to two edits: (kind, position, letter) each, a
/// substitution, deletion, insertion or swap of neighbours.
fn edited(word: &str, edits: &[(u8, usize, char)]) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    for &(kind, at, c) in edits {
        let at = at % (chars.len() + 1);
        match kind {
            0 if at < chars.len() => chars[at] = c,
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 => chars.insert(at, c),
            _ if at + 1 < chars.len() => chars.swap(at, at + 1),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

proptest::proptest! {
    /// The cheap bound `near_variant` tries first never exceeds the edit
    /// distance, so it only ever rules out pairs the distance would.
    #[test]
    fn letters_apart_bounds_the_edit_distance(x in "[ABCÉ]{0,12}", y in "[ABCÉ]{0,12}") {
        proptest::prop_assert!(letters_apart(&x, &y) <= strsim::damerau_levenshtein(&x, &y));
        let (x, y) = (x.replace('É', "E"), y.replace('É', "E"));
        proptest::prop_assert!(letters_apart(&x, &y) <= strsim::damerau_levenshtein(&x, &y));
    }
}

proptest::proptest! {
    /// Every near variant is among the candidates the index gives: keys
    /// and copies of them with one or two edits in one word.
    #[test]
    fn near_variants_finds_every_near_variant(
        keys in proptest::collection::vec(
            (
                "(MR |DR |SPEAKER )?[ABCÉ1]{3,12}( [ABC]{4,9})?",
                proptest::collection::vec(
                    (0u8..4, 0usize..14, proptest::sample::select(vec!['A', 'B', 'É', 'Z'])),
                    0..3,
                ),
                proptest::bool::ANY,
            ),
            1..30,
        ),
    ) {
        let mut all = Vec::new();
        for (key, edits, last) in &keys {
            all.push(key.clone());
            let mut words: Vec<String> = key.split(' ').map(String::from).collect();
            let w = if *last { words.len() - 1 } else { 0 };
            words[w] = edited(&words[w], edits);
            all.push(words.join(" "));
        }
        let near = NearVariants::new(all.iter().map(String::as_str));
        for a in &all {
            let candidates = near.candidates(a);
            for (j, b) in all.iter().enumerate() {
                if near_variant(a, b) {
                    proptest::prop_assert!(candidates.contains(&j), "{a} / {b}");
                }
            }
        }
    }
}

#[test]
fn near_variants_of_many_distinct_keys() {
    // 10,000 speakers at least three edits apart (each digit of the
    // number written three times over), and a misspelling (one letter
    // doubled) of every tenth: each misspelling is found, and a speaker
    // is compared with few others, not with all of them.
    let word = |i: usize| -> String {
        let digits: String = format!("{i:04}")
            .bytes()
            .map(|d| char::from(b'A' + d - b'0'))
            .collect();
        digits.repeat(3)
    };
    let mut keys: Vec<String> = (0..10_000).map(|i| format!("MR {}", word(i))).collect();
    let misspelt: Vec<String> = (0..10_000)
        .step_by(10)
        .map(|i| {
            let w = word(i);
            format!("MR {}{}", &w[..1], w)
        })
        .collect();
    keys.extend(misspelt.iter().cloned());
    let near = NearVariants::new(keys.iter().map(String::as_str));
    let mut compared = 0;
    for (i, key) in keys.iter().enumerate() {
        let candidates = near.candidates(key);
        assert!(candidates.contains(&i));
        compared += candidates.len();
        if i >= 10_000 {
            // A misspelling and its original find each other.
            let original = (i - 10_000) * 10;
            assert!(candidates.contains(&original), "{key}");
            assert!(near.candidates(&keys[original]).contains(&i));
            assert!(near_variant(key, &keys[original]));
        }
    }
    assert!(compared < keys.len() * 50, "{compared} comparisons");
}
