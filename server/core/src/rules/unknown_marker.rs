//! `unknown-marker`: A marker tag that looks like a misspelling of a known tag.

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{BracketGroup, MARKER_TAGS};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "unknown-marker",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A marker tag that looks like a misspelling of a known tag.",
    docs: r#"Finds bracketed text that is almost, but not quite, a known annotation
tag: `(inaduible)`, `[cross talk]`, `[laugther 00:01:02]`, `(Via interpeter)`.
Tools that strip or count annotations (and readers scanning for them) miss a
misspelled tag.

```text
MR ROBINSON: We have (inaduible) six months.
Dana Whitfield (00:06:50):
[cross talk 00:06:51] No, no.
```

A group is taken for a misspelled tag only when it is one to three words,
letters only (a timestamp and a final period may follow), and either equal to
a known tag once spaces and hyphens are ignored (`cross talk`), or one word
away from a known tag by a small Damerau-Levenshtein distance: one
transposition for tags of five or six letters, one edit for seven letters,
two for eight or more, with the first letter right.

It stays quiet on what transcripts really contain:
- editorial insertions and names: `[Syrian President]`, `[sic]`, `[effort]`,
  `[Flynn]`, names in the configured roster, in `known-names` or in the
  file's own roster (an oral history's `Narrator:` header, Otter's
  `SPEAKERS` line), and words of the speaker labels;
- acronyms such as `(UN)` and short words;
- inflections that are real words: `(pauses)`, `(laughing)`, `(coughing)`,
  `(applauds)`, `(noisy)`;
- other languages: `[in Russia]` is not checked against `in russian`.

The vocabulary is the built-in tag list plus `[markers] extra-tags` from
`verbatim.toml`: a tag added there is a known marker everywhere, and its
near-misses are reported too.

```toml
[markers]
extra-tags = ["gavel"]
```

Fix (unsafe, because it is a guess): replace the words with the known tag,
keeping the case they were written in (`Inaduible` -> `Inaudible`):

```text
MR ROBINSON: We have (inaudible) six months.
Dana Whitfield (00:06:50):
[crosstalk 00:06:51] No, no.
```
"#,
    fix: FixKind::Unsafe,
    reads: Reads::GROUPS.union(Reads::LABELS),
    work_per_item: Reads::GROUPS,
    offers_known_name: false,
};

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let tags: Vec<&str> = MARKER_TAGS
        .iter()
        .copied()
        .chain(ctx.settings.extra_tags.iter().map(String::as_str))
        .collect();
    // Gathered at the first group that needs them: most documents have
    // few groups and many turns.
    let mut label_words: Option<Vec<&str>> = None;
    for group in &doc.groups {
        if !group.closed || group.words.is_empty() {
            continue;
        }
        let written = doc.slice(&group.words);
        // A label's name words come from its speaker key: each speaker's
        // once, not every turn's. (Every turn's made a list the length of
        // the document, read through for each group: 140,000 words in a
        // 21 MB transcript.)
        let label_words = label_words.get_or_insert_with(|| {
            doc.speakers()
                .iter()
                .flat_map(|(key, _)| crate::model::labels::name_words(key))
                .collect()
        });
        if ctx.is_known_name(written)
            || label_words.iter().any(|w| w.eq_ignore_ascii_case(written))
        {
            continue;
        }
        let Some(tag) = likely_tag(written, &tags) else {
            continue;
        };
        let replacement = in_case_of(written, tag);
        ctx.push(diagnostic(doc.slice(&group.range), group, written, &replacement));
    }
}

fn diagnostic(group_text: &str, group: &BracketGroup, written: &str, tag: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::UnknownMarker,
        group.words.clone(),
        format!("Unknown marker `{group_text}`; did you mean `{tag}`?"),
    )
    .with_fix(Fix::unsafe_(
        format!("Replace `{written}` with `{tag}`"),
        vec![Edit::replace(group.words.clone(), tag)],
    ))
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known tag `written` most likely misspells, if it clearly misspells
/// one. Ties between two different tags are too uncertain to report.
fn likely_tag<'t>(written: &str, tags: &[&'t str]) -> Option<&'t str> {
    if !written
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
    {
        return None;
    }
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    let is_upper = written.chars().all(|c| !c.is_lowercase());
    // Acronyms: `(UN)`, `(NATO)`, `(CNN)`.
    if letters < 4 || (is_upper && letters <= 5) {
        return None;
    }
    let lower = written.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let norm = normalise(&lower);
    if let Some(tag) = tags.iter().find(|t| normalise(t) == norm) {
        return Some(tag);
    }
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for &tag in tags {
        let tag_words: Vec<&str> = tag.split_whitespace().collect();
        // Languages: `[in Russia]` is a place, not a misspelled `in russian`.
        if tag_words.len() != words.len() || (tag_words.len() > 1 && tag_words[0] == "in") {
            continue;
        }
        let differ: Vec<(&str, &str)> = words
            .iter()
            .zip(&tag_words)
            .filter(|(w, t)| w != t)
            .map(|(w, t)| (*w, *t))
            .collect();
        let [(w, t)] = differ[..] else { continue };
        let Some(distance) = misspelling_distance(w, t) else {
            continue;
        };
        match best {
            Some((d, b)) if d == distance && b != tag => tie = true,
            Some((d, _)) if d <= distance => {}
            _ => {
                best = Some((distance, tag));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, t)| t)
}

/// The edit distance between a word and a tag word when the word reads as a
/// typing slip of the tag, `None` otherwise.
fn misspelling_distance(word: &str, tag: &str) -> Option<usize> {
    let (wn, tn) = (word.chars().count(), tag.chars().count());
    if wn < 4 || tn < 5 || word.chars().next() != tag.chars().next() {
        return None;
    }
    let distance = strsim::damerau_levenshtein(word, tag);
    let allowed = match tn {
        5 | 6 => {
            // Short tags sit close to many real words (`noise`/`nose`,
            // `sighs`/`signs`): only swapped letters count.
            let mut a: Vec<char> = word.chars().collect();
            let mut b: Vec<char> = tag.chars().collect();
            a.sort_unstable();
            b.sort_unstable();
            if a == b {
                1
            } else {
                0
            }
        }
        7 => 1,
        _ => 2,
    };
    (distance > 0 && distance <= allowed && !is_inflection(word, tag)).then_some(distance)
}

/// Endings that make another word of the same stem.
const SUFFIXES: &[&str] = &[
    "", "s", "es", "ies", "d", "ed", "ing", "er", "ers", "y", "ly", "al", "ally", "ment",
    "ments", "ness",
];
/// What a stem may lose before a suffix: `pause` -> `pausing`,
/// `applause` -> `applaud`, `inaudible` -> `inaudibly`.
const STEM_ENDINGS: &[&str] = &["", "e", "s", "se", "es", "ies", "y", "le"];

/// Whether `word` is another form of `tag` rather than a misspelling of it:
/// `pauses`, `laughing`, `applauds`, `noisy`, `cough`.
fn is_inflection(word: &str, tag: &str) -> bool {
    let common = word
        .char_indices()
        .zip(tag.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    let (w, t) = (&word[common..], &tag[common..]);
    if (SUFFIXES.contains(&w) && STEM_ENDINGS.contains(&t))
        || (SUFFIXES.contains(&t) && STEM_ENDINGS.contains(&w))
    {
        return true;
    }
    // A suffix on a changed stem: `applauds` is `applaud` + `s`.
    SUFFIXES.iter().any(|s| {
        !s.is_empty()
            && word
                .strip_suffix(s)
                .is_some_and(|stem| stem.len() >= 4 && is_inflection(stem, tag))
    })
}

/// `tag` in the case `written` uses: all capitals, an initial capital, or
/// lower case.
fn in_case_of(written: &str, tag: &str) -> String {
    let has_letters = written.chars().any(char::is_alphabetic);
    if has_letters && written.chars().all(|c| !c.is_lowercase()) {
        return tag.to_uppercase();
    }
    if written.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = tag.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    tag.to_string()
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::test_support::{
        applicability, fix_all, fix_one, lines, lint, lint_with, spans,
    };
    use crate::rules::Rule;

    const RULE: Rule = Rule::UnknownMarker;

    #[test]
    fn misspelled_tag() {
        let text = "SECRETARY KERRY: Thank you.\nFOREIGN MINISTER LAVROV: We have (inaduible) six months.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["inaduible"]);
        assert_eq!(lines(text, &d), vec![2]);
        assert_eq!(
            d[0].message,
            "Unknown marker `(inaduible)`; did you mean `inaudible`?"
        );
        assert_eq!(applicability(&d[0]), Applicability::Unsafe);
        let fixed = "SECRETARY KERRY: Thank you.\nFOREIGN MINISTER LAVROV: We have (inaudible) six months.\n";
        assert_eq!(fix_one(text, &d[0]), fixed);
        assert_eq!(fix_all(RULE, text, true), fixed);
        assert_eq!(fix_all(RULE, text, false), text);
    }

    #[test]
    fn spacing_variant_with_timestamp() {
        let text = "Dana Whitfield (00:06:50):\n[cross talk 00:06:51] No, no.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["cross talk"]);
        assert_eq!(lines(text, &d), vec![2]);
        assert_eq!(
            fix_all(RULE, text, true),
            "Dana Whitfield (00:06:50):\n[crosstalk 00:06:51] No, no.\n"
        );
    }

    #[test]
    fn case_is_kept_and_period_left_alone() {
        let text = "QUESTION: (Laugther.) (INAUDBLE) Right. (Via interpeter) Yes (Unintelligable).\n";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["Laugther", "INAUDBLE", "Via interpeter", "Unintelligable"]
        );
        assert_eq!(
            fix_all(RULE, text, true),
            "QUESTION: (Laughter.) (INAUDIBLE) Right. (Via interpreter) Yes (Unintelligible).\n"
        );
    }

    #[test]
    fn a_name_the_files_roster_gives_is_no_misspelled_tag() {
        // `[Laughton]` is two letters off `laughter`: a misspelled tag,
        // unless the file names a Laughton.
        let turns = "[Begin File 1]\n\nTR: Who ran the cannery?\n\n\
                     EL: My uncle, then my cousin [Laughton] took it over.\n\n\
                     TR: And after him?\n\nEL: Nobody. It closed.\n";
        let header = "Narrator: Ellen Laughton (EL)\nInterviewer: Thomas Reyes (TR)\n\n";
        let text = format!("{header}{turns}");
        assert!(lint(RULE, &text).is_empty(), "{:?}", lint(RULE, &text));
        let d = lint(RULE, turns);
        assert_eq!(spans(turns, &d), vec!["Laughton"]);
    }

    #[test]
    fn configured_tags_are_known_and_checked() {
        let text = "MR ROBINSON: (gavel) Order. (gavle)\n";
        let d = lint_with(RULE, text, "[markers]\nextra-tags = [\"gavel\"]\n");
        assert_eq!(spans(text, &d), vec!["gavle"]);
        assert!(lint(RULE, text).is_empty());
    }

    #[test]
    fn quiet_on_insertions_acronyms_inflections_and_parentheticals() {
        for text in [
            "MR ROBINSON: The [Syrian President] made an [effort], said [Flynn] [sic].\n",
            "MR ROBINSON: The (UN) and (NATO) and (CNN) agreed.\n",
            "MR ROBINSON: Well (pauses) and (laughing) and (coughing) and (applauds).\n",
            "MR ROBINSON: It was (noisy) and (paused) then (sighing) (inaudibly) (chuckling).\n",
            "MR ROBINSON: The meeting (in Russia) and (in Danish) went (as planned) (again).\n",
            "MR ROBINSON: He (Lavrov) said (Transcript) and (works of the U.S. government).\n",
            "MR ROBINSON: Read [2015] and [00:01:02] and (cough) and (technical difficulty).\n",
            "QUESTION: (Laughter.) (Inaudible.) (Via interpreter) [crosstalk 00:06:51]\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}: {:?}", lint(RULE, text));
        }
    }

    #[test]
    fn quiet_on_known_names_and_speakers() {
        let text = "MR LAUTHER: Yes.\nQUESTION: Did [Lauther] agree?\n";
        assert!(lint(RULE, text).is_empty());
        let text = "QUESTION: Did [Lauther] agree?\n";
        assert_eq!(spans(text, &lint(RULE, text)), vec!["Lauther"]);
        assert!(lint_with(RULE, text, "known-names = [\"Lauther\"]\n").is_empty());
    }

    #[test]
    fn inflections() {
        use super::is_inflection;
        assert!(is_inflection("pauses", "pause"));
        assert!(is_inflection("pausing", "pause"));
        assert!(is_inflection("applaud", "applause"));
        assert!(is_inflection("applauds", "applause"));
        assert!(is_inflection("cough", "coughs"));
        assert!(!is_inflection("laughte", "laughter"));
        assert!(!is_inflection("inaudibel", "inaudible"));
        assert!(!is_inflection("inaudable", "inaudible"));
    }

    #[test]
    fn corpus_quiet_and_planted_error_found_and_fixed() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
        let Some((original, text, line)) =
            crate::rules::test_support::planted("(Laughter.)", "(Laugther.)")
        else {
            return;
        };
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["Laugther"]);
        assert_eq!(lines(&text, &d), vec![line]);
        assert_eq!(fix_all(RULE, &text, true), original);
    }
}
