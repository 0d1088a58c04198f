//! `speaker-name-mismatch`: A name in the text nearly matches a speaker label but is spelled differently.

use std::ops::Range;

use foldhash::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Message, Severity};
use crate::fix::{Edit, Fix};
use crate::model::labels::NearVariants;
use crate::model::words::COMMON_WORDS;
use crate::rules::speaker_label_variant::is_rare_next_to;
use crate::model::{LabelForm, MentionFilter, NameMention, SpeakerLabel, Transcript};
use crate::rules::{Change, Context, FixKind, Keep, Reads, Rule, RuleMeta, Since};

pub const META: RuleMeta = RuleMeta {
    name: "speaker-name-mismatch",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "A name in the text nearly matches a speaker label but is spelled differently.",
    docs: r#"Finds a person's name in the spoken text that is almost, but not quite,
the name in one of the document's speaker labels. Typists hear a name once and
spell it from memory; the label, written once and copied, is usually right.

A mention counts as a near miss when it starts with the same letter as the
surname in a label (its last name word: `ROBINSON` in `MR ROBINSON`,
`WHITFIELD` in `Dana Whitfield`) and either

- cuts it short: `Robin` for `ROBINSON`, only where the word stands in a
  surname's place with a reason to think it is this speaker: after a title
  (`Mr. Robin`, `Secretary Robin`), or after a first name the speaker goes by
  elsewhere in the document (`Christopher Robin` when `Chris Robinson`
  appears) or in the `[roster]`; and never with a capitalised word after it
  (`Robin Hood`), or
- is one letter off (a letter added, dropped, changed or two swapped), for
  names of six letters or more: `Lavrow` for `LAVROV`, `Whitfied` for
  `WHITFIELD`.

It stays quiet on exact matches and possessives (`Lavrov’s`), on names that
differ for real (`Robbie` next to `MR ROBINSON`), on capitalised ordinary
words (a word the document also uses in lower case, or a very common English
word), on a word that is exactly another speaker's name, and on names listed
in `known-names` or in the `[roster]`.

## Example

```text
MODERATOR: Our briefer is Deputy Assistant Secretary Christopher Robin.
MR ROBINSON: Thanks. Chris Robinson here. Foreign Minister Lavrow and I met.
FOREIGN MINISTER LAVROV: We did.
```

Both `Robin` and `Lavrow` are reported; the related information points at
the label (`MR ROBINSON`, `FOREIGN MINISTER LAVROV`) that spells the name.

## Fix

Replaces the mention with the label's spelling in the mention's case:
`Robin` becomes `Robinson`, `LAVROW` becomes `LAVROV`. When the `[roster]`
gives the speaker's full name, its spelling is used (`McDonald`). The fix is
unsafe: it is a guess, and the person named may be someone else. If the name
is right, add it to `known-names`.
"#,
    fix: FixKind::Unsafe,
    reads: Reads::LABELS.union(Reads::MENTIONS).union(Reads::NOTES),
    work_per_item: Reads::MENTIONS,
    offers_known_name: true,
};

/// A speaker's name word and the first label that carries it.
struct Target<'a> {
    /// Upper case, as in the label's key: `ROBINSON`.
    word: &'a str,
    label: &'a SpeakerLabel,
    /// First names (upper case) known for this surname: words seen right
    /// before it spelled right (`Chris` in `Chris Robinson`), and the
    /// roster's full name.
    first_names: Vec<String>,
    /// The roster's full name, when the surname is the roster's and not
    /// the label's (`MK` for Margaret Kowalski).
    roster_name: Option<&'a str>,
}

/// A speaker's surname, before it is known whether the speaker's label is
/// a misspelling of another's (see [`check`]).
struct Proposed<'a> {
    speaker: usize,
    /// The roster gives the speaker's full name.
    rostered: bool,
    target: Target<'a>,
}

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // Every name word of every speaker counts as an exact match; only
    // surnames (the last name word) are matched loosely. First names one
    // letter apart (`Marcus`, `Marcos`) are as often two people as one.
    let mut names: Vec<&str> = Vec::new();
    let speakers = doc.speakers();
    // The roster's full name of each speaker, as a key (`MARGARET
    // KOWALSKI`): it spells the surname a label by initials (`MK`) cannot.
    let rostered: Vec<Option<String>> = speakers
        .iter()
        .map(|(_, turns)| {
            ctx.roster(&doc.turns[turns[0]].label.key)
                .map(crate::model::speaker_key)
        })
        .collect();
    // Each speaker's surname, before asking whether its label is a
    // misspelling of another's: that question compares the speaker with
    // every speaker whose key is near, and is asked only when some mention
    // could be near the surname at all (a document of thousands of close
    // labels and no spoken names asks it of none).
    let mut proposed: Vec<Proposed> = Vec::new();
    for (i, (_, turns)) in speakers.iter().enumerate() {
        // The label that writes the speaker's name: a mark (`A` for the
        // witness) writes none, so it stands in only when nothing else does.
        let label = turns
            .iter()
            .map(|&t| &doc.turns[t].label)
            .find(|l| l.form != LabelForm::Mark)
            .unwrap_or(&doc.turns[turns[0]].label);
        let mut words = label.name_words();
        let full: Vec<&str> = rostered[i]
            .as_deref()
            .map(crate::model::labels::name_words)
            .unwrap_or_default();
        // The label's surname when the roster's name has it too (a roster
        // entry `Chris Robinson Jr.` still means `ROBINSON`), else the
        // roster's last name word: `MK` is KOWALSKI.
        let surname = match words.last() {
            Some(w) if full.contains(w) => Some(*w),
            _ => full.last().copied(),
        };
        if let Some(word) = surname
            .or_else(|| words.last().copied())
            .filter(|w| mention_can_spell(w))
        {
            let first_names = full
                .iter()
                .filter(|w| **w != word)
                .map(|w| w.to_string())
                .collect();
            proposed.push(Proposed {
                speaker: i,
                rostered: !full.is_empty(),
                target: Target {
                    word,
                    label,
                    first_names,
                    roster_name: None,
                },
            });
        }
        words.extend(full);
        names.extend(words);
    }
    // Every near miss, and every first name gathered below, starts with a
    // surname's letter: one look at each mention's first letter rules out
    // most of them before anything else is read or allocated.
    // Then its length: per ASCII initial, the lengths a near miss of a
    // surname with that initial can have, or its exact length (see
    // [`near_miss`]). A word's length is only known without decoding when
    // it is ASCII, which nearly every name in an English transcript is.
    let mut filter = MentionFilter::default();
    for p in &proposed {
        let Some(c) = p.target.word.chars().next() else {
            continue;
        };
        filter.add_initial(c);
        let tc = p.target.word.chars().count();
        filter.allow_lengths(c, tc, tc);
        filter.allow_lengths(c, 4, tc.saturating_sub(2));
        if tc >= 6 {
            filter.allow_lengths(c, 6.max(tc - 2), tc + 2);
        }
    }
    // Nothing below reads a mention this does not admit (a first name is
    // read as a candidate's `prev`, part of the candidate): an edit that
    // changes only such mentions leaves the findings as they are.
    ctx.read_mentions(&filter);
    if proposed.is_empty() {
        return;
    }
    // Each surname becomes a target once, with the first speaker that
    // spells it right.
    let near = NearVariants::new(speakers.iter().map(|(_, t)| &*doc.turns[t[0]].label.key));
    let mut targets: Vec<Target> = Vec::new();
    let mut taken: HashSet<&str> = HashSet::default();
    for p in proposed {
        let (i, label) = (p.speaker, p.target.label);
        let turns = &speakers[i].1;
        if taken.contains(p.target.word) {
            continue;
        }
        // A label `speaker-label-variant` reports as a misspelling of
        // another speaker's is no spelling to match mentions against: with
        // it, a mention near both would be a guess between two people.
        let misspelt = !p.rostered
            && near.candidates(&label.key).into_iter().any(|j| {
                let other = &speakers[j].1;
                j != i
                    && is_rare_next_to(turns.len(), other.len())
                    && label.is_variant_of(&doc.turns[other[0]].label)
            });
        if misspelt {
            continue;
        }
        let mut target = p.target;
        target.roster_name = if label.name_words().contains(&target.word) {
            None
        } else {
            ctx.roster(&label.key)
        };
        taken.insert(target.word);
        targets.push(target);
    }
    if targets.is_empty() {
        return;
    }
    let summary = Summary::of(&targets, &names, doc);
    if let Some(since) = ctx.since() {
        if update(ctx, &since, summary.clone(), &mut targets, &filter, &names) {
            return;
        }
        // From scratch: the first names too.
        for (t, s) in targets.iter_mut().zip(&summary.targets) {
            t.first_names = s.fixed_first_names.clone();
        }
    }
    // A plain loop: this runs for every name mention of the document
    // whenever the rule runs, and stays inlined; it reads the mentions
    // only, not the text.
    let mut candidates: Vec<&NameMention> = Vec::new();
    for mention in &doc.mentions {
        if filter.admits(mention) {
            candidates.push(mention);
        }
    }
    if candidates.is_empty() {
        return;
    }
    // Each candidate's word, read in one pass of its own: the words lie
    // scattered over the text (over 21 MB in a long transcript), and a loop
    // that does nothing else keeps many of those reads in flight at once,
    // where the loops below, with a lookup between reads, waited for each.
    let written: Vec<&str> = candidates.iter().map(|m| doc.slice(&m.range)).collect();
    let mut gathered = Vec::new();
    for (mention, &written) in candidates.iter().zip(&written) {
        if let Some(g) = gather(mention, written, &mut targets, doc) {
            gathered.push(g);
        }
    }
    let first_names = targets.iter().map(|t| t.first_names.clone()).collect();
    let (mut seen, mut hinged) = (HashSet::default(), Vec::new());
    let found = judge(ctx, &candidates, &written, &targets, &names, &mut seen, &mut hinged);
    for d in found {
        ctx.push(d);
    }
    ctx.keep(std::sync::Arc::new(State {
        summary,
        first_names,
        gathered,
        seen,
        hinged,
    }));
}

/// Adds the first name before `mention` (whose word is `written`) to the
/// target it spells, if it spells one right after a first name: `Chris` in
/// `Chris Robinson`. Gives where the mention starts, the target, and which
/// of its first names.
fn gather(
    mention: &NameMention,
    written: &str,
    targets: &mut [Target],
    doc: &Transcript,
) -> Option<(usize, u32, u32)> {
    let prev = mention.prev().filter(|_| !mention.prev_is_title)?;
    let k = targets.iter().position(|t| same_upper(written, t.word))?;
    // A speaker's name recurs thousands of times with the same few first
    // names: each is kept once.
    let first = doc.slice(&prev);
    let names = &mut targets[k].first_names;
    let f = match names.iter().position(|f| same_upper(first, f)) {
        Some(f) => f,
        None => {
            names.push(first.to_uppercase());
            names.len() - 1
        }
    };
    Some((mention.range.start, k as u32, f as u32))
}

/// Brings the last run's findings up to date (see [`Since`]) when the
/// speakers' names it matched against are the same: those outside the
/// lines scanned again are kept, moved; the mentions inside are judged.
/// Returns `false`, having pushed nothing, when the findings must be made
/// from scratch: something besides labels, mentions and notes changed, the
/// targets differ, or a speaker's name word changed that a mention it read
/// spells. A first name gained or lost re-judges the mentions it decided.
fn update(
    ctx: &mut Context,
    since: &Since,
    summary: Summary,
    targets: &mut [Target],
    filter: &MentionFilter,
    names: &[&str],
) -> bool {
    let doc = ctx.doc;
    let Some(last) = since.kept.as_any().downcast_ref::<State>() else {
        return false;
    };
    // The labels it compares itself, the mentions are those of the lines
    // scanned again; the notes it reads only as lines of text, scanned
    // again where they changed.
    if !since.changed.difference(Reads::LABELS | Reads::MENTIONS | Reads::NOTES).is_empty() {
        return false;
    }
    if !last.summary.same_moved(&summary, since) {
        return false;
    }
    // A speaker's name word gained or lost (a label typed into becomes
    // another speaker's) matters only to a mention that is that word.
    let mut seen = last.seen.clone();
    let (old_names, new_names) = (&last.summary.names, &summary.names);
    let gained = new_names.iter().filter(|n| old_names.binary_search(n).is_err());
    let lost = old_names.iter().filter(|n| new_names.binary_search(n).is_err());
    if gained.chain(lost).any(|n| seen.contains(n.as_str())) {
        return false;
    }
    // The mentions of the lines scanned again, the only ones that can
    // differ from the last run's.
    let inside = match &since.rescanned {
        Some(r) => {
            let from = doc.mentions.partition_point(|m| m.range.start < r.start);
            let to = doc.mentions.partition_point(|m| m.range.start < r.end);
            &doc.mentions[from..to]
        }
        None => &doc.mentions[..0],
    };
    let mut candidates: Vec<&NameMention> = inside.iter().filter(|m| filter.admits(m)).collect();
    let mut written: Vec<&str> = candidates.iter().map(|m| doc.slice(&m.range)).collect();
    // The first names: the last run's, less those of the lines scanned
    // again, and those lines' own.
    for (t, names) in targets.iter_mut().zip(&last.first_names) {
        t.first_names = names.clone();
    }
    let mut gathered: Vec<(usize, u32, u32)> = Vec::with_capacity(last.gathered.len() + 8);
    for &(at, k, f) in &last.gathered {
        if let Some(now) = since.moved(&(at..at)) {
            if !since.rescanned(now.start) {
                gathered.push((now.start, k, f));
            }
        }
    }
    let mut fresh = Vec::new();
    for (mention, &written) in candidates.iter().zip(&written) {
        if let Some(g) = gather(mention, written, targets, doc) {
            fresh.push(g);
        }
    }
    let at = gathered.partition_point(|g| g.0 < fresh.first().map_or(0, |g| g.0));
    gathered.splice(at..at, fresh);
    // A first name gained or lost changes where a cut-off surname counts:
    // the lists are made again of the names still given, and the mentions
    // whose place was judged by them are judged again.
    let mut given: Vec<Vec<bool>> = targets
        .iter()
        .zip(&summary.targets)
        .map(|(t, s)| {
            let mut given = vec![false; t.first_names.len()];
            given[..s.fixed_first_names.len()].fill(true);
            given
        })
        .collect();
    for &(_, k, f) in &gathered {
        given[k as usize][f as usize] = true;
    }
    let changed = targets
        .iter()
        .zip(&last.first_names)
        .zip(&given)
        .any(|((t, n), given)| t.first_names.len() != n.len() || given.iter().any(|g| !g));
    let mut hinged: Vec<usize> = last
        .hinged
        .iter()
        .filter_map(|&at| since.moved(&(at..at)))
        .map(|r| r.start)
        .filter(|&at| !since.rescanned(at))
        .collect();
    let mut again: Vec<usize> = Vec::new();
    if changed {
        let mut renumbered: Vec<Vec<Option<u32>>> = Vec::with_capacity(targets.len());
        for (t, given) in targets.iter_mut().zip(&given) {
            let mut names = Vec::new();
            let mut to = Vec::with_capacity(given.len());
            for (name, &given) in t.first_names.drain(..).zip(given) {
                to.push(given.then(|| {
                    names.push(name);
                    (names.len() - 1) as u32
                }));
            }
            t.first_names = names;
            renumbered.push(to);
        }
        for g in &mut gathered {
            g.2 = renumbered[g.1 as usize][g.2 as usize].expect("a name still given");
        }
        for &at in &hinged {
            let i = doc.mentions.partition_point(|m| m.range.start < at);
            if let Some(m) = doc.mentions.get(i).filter(|m| m.range.start == at) {
                candidates.push(m);
                written.push(doc.slice(&m.range));
                again.push(at);
            }
        }
        hinged.clear();
    }
    // The findings outside the lines scanned again stand, but for the
    // mentions judged again.
    let found = judge(ctx, &candidates, &written, targets, names, &mut seen, &mut hinged);
    hinged.sort_unstable();
    hinged.dedup();
    ctx.keep_last_findings(again);
    for d in found {
        ctx.push(d);
    }
    ctx.keep(std::sync::Arc::new(State {
        summary,
        first_names: targets.iter().map(|t| t.first_names.clone()).collect(),
        gathered,
        seen,
        hinged,
    }));
    true
}

/// What the check keeps of a run for the next ([`Context::keep`]).
struct State {
    summary: Summary,
    /// Each target's first names: the roster's, then those gathered.
    first_names: Vec<Vec<String>>,
    /// Each mention that spells a target right after a first name, in
    /// order: where it starts, the target, which of its first names.
    gathered: Vec<(usize, u32, u32)>,
    /// Where each mention starts whose verdict the first names decided (a
    /// cut-off surname after a capitalised word), in order: judged again
    /// when a first name is gained or lost.
    hinged: Vec<usize>,
    /// Every word (upper case) a mention the check read was, in this run
    /// or an earlier one it was brought up to date from: more than the
    /// document holds now, never less.
    seen: HashSet<String>,
}

impl Keep for State {
    // Kept only while no mention the check reads changed: a change that
    // touches one of these, or a target's label, is not moved past.
    fn moved(&mut self, change: Change) -> bool {
        for t in &mut self.summary.targets {
            match change.moved(&t.label) {
                Some(r) => t.label = r,
                None => return false,
            }
        }
        change.move_offsets(&mut self.gathered, |g| &mut g.0)
            && change.move_offsets(&mut self.hinged, |at| at)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// All the check's findings depend on besides the mentions: the targets and
/// the speakers' name words.
#[derive(Clone)]
struct Summary {
    targets: Vec<TargetSummary>,
    names: Vec<String>,
}

#[derive(Clone)]
struct TargetSummary {
    word: String,
    /// The label the findings point to, and how it is written.
    label: Range<usize>,
    label_text: String,
    key: String,
    roster_name: Option<String>,
    fixed_first_names: Vec<String>,
}

impl Summary {
    fn of(targets: &[Target], names: &[&str], doc: &Transcript) -> Summary {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort_unstable();
        names.dedup();
        Summary {
            targets: targets
                .iter()
                .map(|t| TargetSummary {
                    word: t.word.to_string(),
                    label: t.label.range.clone(),
                    label_text: doc.slice(&t.label.range).to_string(),
                    key: t.label.key.to_string(),
                    roster_name: t.roster_name.map(str::to_string),
                    fixed_first_names: t.first_names.clone(),
                })
                .collect(),
            names,
        }
    }

    /// Are the targets of `self`, the last run's, moved by the edits since,
    /// those of `now`? (The names are compared by [`update`].)
    fn same_moved(&self, now: &Summary, since: &Since) -> bool {
        self.targets.len() == now.targets.len()
            && self.targets.iter().zip(&now.targets).all(|(a, b)| {
                since.moved(&a.label).is_some_and(|r| r == b.label)
                    && a.word == b.word
                    && a.label_text == b.label_text
                    && a.key == b.key
                    && a.roster_name == b.roster_name
                    && a.fixed_first_names == b.fixed_first_names
            })
    }
}

/// The findings among `candidates` (whose words are `written`): each a near
/// miss of exactly one target, in a surname's place where it is cut off,
/// and a word that could be a misspelt name.
fn judge(
    ctx: &mut Context,
    candidates: &[&NameMention],
    written: &[&str],
    targets: &[Target],
    names: &[&str],
    seen: &mut HashSet<String>,
    hinged: &mut Vec<usize>,
) -> Vec<Diagnostic> {
    let doc = ctx.doc;
    // A near miss starts with its target's letter: each word is compared
    // only with the targets that share its first letter.
    let mut by_initial: HashMap<char, Vec<usize>> = HashMap::default();
    for (k, t) in targets.iter().enumerate() {
        if let Some(c) = t.word.chars().next() {
            by_initial.entry(c).or_default().push(k);
        }
    }
    // A document repeats the same capitalised words many times, and all but
    // the cut-off test depend on the word alone: judge each word once.
    let mut index: HashMap<&str, usize> = HashMap::default();
    let mut words: Vec<Word> = Vec::new();
    let mut found = Vec::new();
    for (&mention, &written) in candidates.iter().zip(written) {
        let w = *index.entry(written).or_insert_with(|| {
            words.push(Word::judge(written, targets, &by_initial, names, seen));
            words.len() - 1
        });
        let word = &mut words[w];
        // Whether a cut-off counts here reads the first names when a
        // capitalised word comes before it.
        if word.near.iter().any(|&(_, cut_off)| cut_off)
            && !mention.next_is_capitalised
            && !mention.prev_is_title
            && mention.prev().is_some()
        {
            hinged.push(mention.range.start);
        }
        let mut hits = word.near.iter().filter(|&&(k, cut_off)| {
            !cut_off || cut_off_in_place(&targets[k], mention, doc)
        });
        let (Some(&(k, _)), None) = (hits.next(), hits.next()) else {
            // No label close by, or two: a guess between two people is no
            // better than none.
            continue;
        };
        // Checked after the near miss, which rules out nearly every word:
        // whether the document uses the word in lower case costs a search
        // of the text.
        if word.is_name {
            continue;
        }
        let misspelled = *word
            .could_be_misspelled
            .get_or_insert_with(|| could_be_misspelled(written, ctx));
        if !misspelled {
            continue;
        }
        let target = &targets[k];
        // The same misspelling recurs hundreds of times in a long
        // transcript, near the same label: its words are put together once
        // and shared (a `Message` is a reference count), and each finding
        // adds only its place.
        let said = match word.said.iter().position(|(j, _)| *j == k) {
            Some(i) => &word.said[i].1,
            None => {
                word.said.push((k, Said::new(written, target, ctx)));
                &word.said[word.said.len() - 1].1
            }
        };
        found.push(
            Diagnostic::new(Rule::SpeakerNameMismatch, mention.range.clone(), said.message.clone())
                .with_fix(Fix::unsafe_(
                    said.fix.clone(),
                    vec![Edit::replace(mention.range.clone(), said.spelling.clone())],
                ))
                .with_related(target.label.range.clone(), said.related.clone()),
        );
    }
    found
}

/// Can a mention be spelled `word`, a label's name word (upper case, `’` as
/// `'`)? A mention runs over letters, and over an apostrophe or hyphen only
/// when a letter follows, and loses a possessive (`model::names`): no
/// mention reads `WITFIE'`, `ROBINSON-`, `ROBINSON2` or `LAVROV'S`, so a fix
/// towards one would add the same characters after the mention every round.
fn mention_can_spell(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        let joins = matches!(c, '\'' | '-') && chars.peek().is_some_and(|n| n.is_alphabetic());
        if !(c.is_alphabetic() || joins) {
            return false;
        }
    }
    !word.ends_with("'S")
}

/// Does `label`, upper-cased, hold the name word `word`?
fn same_upper_contains(label: &str, word: &str) -> bool {
    label
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .any(|w| same_upper(w, word))
}

/// Is `written` in upper case exactly `upper`? Compares without allocating.
fn same_upper(written: &str, upper: &str) -> bool {
    if written.is_ascii() && upper.is_ascii() {
        return written.len() == upper.len() && written.eq_ignore_ascii_case(upper);
    }
    // A curly apostrophe is a straight one, as in the labels' keys.
    let fold = |c: char| if c == '’' { '\'' } else { c };
    written
        .chars()
        .map(fold)
        .flat_map(char::to_uppercase)
        .eq(upper.chars().map(fold))
}

/// Could `word` be a first name: not an ordinary word the document uses in
/// lower case, nor a common English word?
fn is_name_like(word: &str, ctx: &mut Context) -> bool {
    let lower = word.to_lowercase();
    !COMMON_WORDS.contains(&lower.as_str()) && !ctx.uses_in_lower_case(&lower)
}

/// Is `word` a name that may be a misspelling, rather than an ordinary word
/// capitalised at a sentence start, or a name the user declared right?
fn could_be_misspelled(word: &str, ctx: &mut Context) -> bool {
    is_name_like(word, ctx) && !ctx.is_known_name(word)
}

/// What a capitalised word is to the speakers' names, whatever its place.
struct Word {
    /// The targets it nearly matches, by index; `true` for a cut-off, which
    /// counts only where a surname stands (see [`cut_off_in_place`]).
    near: Vec<(usize, bool)>,
    /// Exactly one of the speakers' name words.
    is_name: bool,
    /// Asked only of words that nearly match exactly one target.
    could_be_misspelled: Option<bool>,
    /// What its findings say, by target, once one is found.
    said: Vec<(usize, Said)>,
}

/// What a finding says of one word near one target: the same for every
/// place the word is written.
struct Said {
    message: Message,
    related: Message,
    /// The fix's title.
    fix: String,
    spelling: String,
}

impl Said {
    fn new(written: &str, target: &Target, ctx: &Context) -> Said {
        let spelling = respell(written, target, ctx);
        let label = ctx.doc.slice(&target.label.range);
        let (message, related) = match target.roster_name {
            Some(full) => (
                format!(
                    "`{written}` nearly matches `{full}`, the roster's name for the speaker `{label}`; did you mean `{spelling}`?"
                ),
                format!("label `{label}` stands for `{full}`"),
            ),
            // A role label (`THE WITNESS`) the layout gave a person's name
            // does not spell it: the message names the person.
            None if !same_upper_contains(label, target.word) => {
                let key = &*target.label.key;
                (
                    format!("`{written}` nearly matches the name of the speaker labelled `{label}` ({key}); did you mean `{spelling}`?"),
                    format!("`{label}` stands for {key}"),
                )
            }
            None => (
                format!(
                    "`{written}` nearly matches the speaker label `{label}`; did you mean `{spelling}`?"
                ),
                format!("label `{label}` is spelled `{}`", target.word),
            ),
        };
        Said {
            message: message.into(),
            related: related.into(),
            fix: format!("Change `{written}` to `{spelling}`"),
            spelling,
        }
    }
}

impl Word {
    fn judge(
        written: &str,
        targets: &[Target],
        by_initial: &HashMap<char, Vec<usize>>,
        names: &[&str],
        seen: &mut HashSet<String>,
    ) -> Word {
        // In the labels' keys a curly apostrophe is a straight one
        // (`speaker_key`): so it is here, or `Mini’a` would be a near miss
        // of the label `MINI’A`, fixed to `Mini'a` and back forever.
        let upper = if written.contains('’') {
            written.replace('’', "'").to_uppercase()
        } else {
            written.to_uppercase()
        };
        let near = upper
            .chars()
            .next()
            .and_then(|c| by_initial.get(&c))
            .into_iter()
            .flatten()
            .filter_map(|&k| near_miss(&upper, targets[k].word).map(|cut_off| (k, cut_off)))
            .collect();
        let word = Word {
            is_name: names.contains(&upper.as_str()),
            near,
            could_be_misspelled: None,
            said: Vec::new(),
        };
        seen.insert(upper);
        word
    }
}

/// Is the word (upper-cased) a near miss of the label word `target`?
/// `Some(true)` for a cut-off surname, which also needs the mention's place
/// checked; `Some(false)` for a misspelling one letter off.
fn near_miss(mention: &str, target: &str) -> Option<bool> {
    let (mc, tc) = (mention.chars().count(), target.chars().count());
    if mention.chars().next() != target.chars().next() {
        return None;
    }
    // `Robinsons`, `Lavrovs`: the name itself with an ending, not a typo.
    if mention.starts_with(target) {
        return None;
    }
    if target.starts_with(mention) && tc >= mc + 2 {
        return (mc >= 4).then_some(true);
    }
    let shorter = mc.min(tc);
    // The edit distance is at least the difference in length.
    if shorter < 6 || mc.abs_diff(tc) > 2 {
        // Short names one letter apart are as often two people as one
        // (`Diana`/`Dana`, `Kerr`/`Kerry`).
        return None;
    }
    let distance = strsim::damerau_levenshtein(mention, target);
    (distance == 1 || (distance == 2 && shorter >= 9)).then_some(false)
}

/// A cut-off surname counts only where a surname stands, after a title or
/// after a first name this speaker is known by. `Robin` alone, `Robin Hood`,
/// or `Elton John` next to `MR JOHNSON` is another name.
fn cut_off_in_place(t: &Target, m: &NameMention, doc: &Transcript) -> bool {
    !m.next_is_capitalised
        && m.prev().is_some_and(|prev| {
            let prev = doc.slice(&prev).to_uppercase();
            m.prev_is_title || t.first_names.iter().any(|f| same_first_name(f, &prev))
        })
}

/// `CHRIS` and `CHRISTOPHER` are one first name; `CHRIS` and `CHARLES` are not.
fn same_first_name(a: &str, b: &str) -> bool {
    a.chars().count().min(b.chars().count()) >= 3 && (a.starts_with(b) || b.starts_with(a))
}

/// The label's spelling in the case the mention uses.
fn respell(written: &str, target: &Target, ctx: &Context) -> String {
    let letters = || written.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return target.word.to_string();
    }
    // The roster's full name knows the capitals the label cannot show.
    if let Some(full) = ctx.roster(&target.label.key) {
        if let Some(w) = full
            .split_whitespace()
            .find(|w| w.to_uppercase() == target.word)
        {
            return w.to_string();
        }
    }
    // Title case, keeping any inner capital the mention has in the same
    // place: `McDonal` -> `McDonald`.
    let mention: Vec<char> = written.chars().collect();
    target
        .word
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let keep_upper = i == 0
                || mention
                    .get(i)
                    .is_some_and(|m| m.is_uppercase() && m.to_uppercase().eq(c.to_uppercase()));
            let out: Vec<char> = if keep_upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::*;
    use crate::rules::Rule;

    const RULE: Rule = Rule::SpeakerNameMismatch;

    const BRIEFING: &str = "\
Special Briefing
Washington, DC
March 3, 2016

MODERATOR: Good afternoon. Our briefer today is Deputy Assistant Secretary Christopher Robin[2]\u{a0}from the bureau.

MR ROBINSON: Thank you. I met Foreign Minister Lavrow this morning, and Chris Robinson is my name.

FOREIGN MINISTER LAVROV: (Via interpreter) Thank you. Lavrov’s view is clear.

QUESTION: A question for Mr. Robinson.

MR ROBINSON: Sure.
";

    #[test]
    fn fires_on_truncation_and_edit_distance() {
        let d = lint(RULE, BRIEFING);
        assert_eq!(spans(BRIEFING, &d), vec!["Robin", "Lavrow"]);
        assert_eq!(lines(BRIEFING, &d), vec![5, 7]);
        assert!(d[0].message.contains("`MR ROBINSON`"), "{}", d[0].message);
        assert_eq!(applicability(&d[0]), crate::fix::Applicability::Unsafe);
        // Related information points at the first label of that speaker.
        let related = &d[0].related[0];
        assert_eq!(&BRIEFING[related.range.clone()], "MR ROBINSON");
        assert_eq!(lines(BRIEFING, &[d[0].clone()]), vec![5]);
        let first_label = BRIEFING.find("MR ROBINSON:").unwrap();
        assert_eq!(related.range.start, first_label);
        assert_eq!(related.message, "label `MR ROBINSON` is spelled `ROBINSON`");
        assert_eq!(
            &BRIEFING[d[1].related[0].range.clone()],
            "FOREIGN MINISTER LAVROV"
        );
    }

    #[test]
    fn fixes_to_the_label_spelling() {
        let d = lint(RULE, BRIEFING);
        let fixed = fix_one(BRIEFING, &d[0]);
        assert!(fixed.contains("Secretary Christopher Robinson[2]\u{a0}from the bureau."));
        let fixed = fix_one(BRIEFING, &d[1]);
        assert!(fixed.contains("I met Foreign Minister Lavrov this morning,"));
        let all = fix_all(RULE, BRIEFING, true);
        assert_eq!(
            all,
            BRIEFING
                .replace("Christopher Robin[2]", "Christopher Robinson[2]")
                .replace("Lavrow", "Lavrov")
        );
        // Unsafe: a plain `--fix` leaves the text alone.
        assert_eq!(fix_all(RULE, BRIEFING, false), BRIEFING);
    }

    #[test]
    fn interview_names_and_case() {
        let text = "\
Dana Whitfield (00:00:01):
Welcome. I'm Dana Whitfied, and with me is Marcus Lee.

Marcus Lee (00:00:09):
Thanks, Dana. As WHITFEILD said, it's late.

Dana Whitfield (00:00:15):
It is.
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["Whitfied", "WHITFEILD"]);
        assert_eq!(lines(text, &d), vec![2, 5]);
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Whitfied", "Whitfield")
                .replace("WHITFEILD", "WHITFIELD")
        );
    }

    #[test]
    fn a_misspelt_label_is_no_second_target() {
        // `Achterbeg` is near both `Achterberg` and the rare `Achterburg`,
        // which `speaker-label-variant` reports: the mention goes with the
        // label spelled right.
        let text = "\
Helen Achterberg: Thanks.

Rafael Quintero: Yes.

Helen Achterberg: Good.

Helen Achterburg: Agreed.

Rafael Quintero: Helen Achterbeg, did Doris call?
";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["Achterbeg"]);
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Achterbeg", "Achterberg")
        );
    }

    #[test]
    fn roster_spelling_is_used() {
        let text = "\
MR MCDONALD: Hello. I am Ronald Mcdonal, and this is Mr. Kerry.
SECRETARY KERRY: Thank you, Mr. Mcdonal.
";
        let roster = "[roster]\n\"MR MCDONALD\" = \"Ronald McDonald\"\n";
        let d = lint_with(RULE, text, roster);
        assert_eq!(spans(text, &d), vec!["Mcdonal", "Mcdonal"]);
        assert_eq!(
            fix_all_with(RULE, text, roster, true),
            text.replace("Mcdonal", "McDonald")
        );
        // Without a roster the label's capitals are all there is.
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Mcdonal", "Mcdonald")
        );
    }

    #[test]
    fn quiet_on_near_misses() {
        let text = "\
MR ROBINSON: Robbie Williams called. Robin Hood did not. Robinson agreed, and the Robinsons came.
FOREIGN MINISTER LAVROV: (Via interpreter) Lavrov’s view and Lavrov's view: Lavrov. Kerry said so.
SECRETARY KERRY: Robin called. Yesterday Robin called too. Laverne spoke.
QUESTION: Better yet, Kerr and Kerri came, then Diana. Marcos and Markus, too.
MS DANA KERRIGAN: I am here.
MARCUS BELL: And me.
";
        assert!(lint(RULE, text).is_empty(), "{:?}", lint(RULE, text));
    }

    #[test]
    fn truncation_needs_evidence() {
        // No title before `Robin`, and no `Christopher Robinson` or roster
        // entry: nothing ties this Christopher to the speaker.
        let text = "\
MR ROBINSON: Christopher Robin wrote it. Elton John sang it.
MR JOHNSON: Yes.
";
        assert!(lint(RULE, text).is_empty(), "{:?}", lint(RULE, text));
        let roster = "[roster]\n\"MR ROBINSON\" = \"Christopher Robinson\"\n";
        let d = lint_with(RULE, text, roster);
        assert_eq!(spans(text, &d), vec!["Robin"]);
        // A title is evidence enough.
        let text = "MR ROBINSON: Ask Mr. Robin.\nQUESTION: Mr. Robinson?\n";
        assert_eq!(spans(text, &lint(RULE, text)), vec!["Robin"]);
    }

    #[test]
    fn quiet_on_ordinary_words_and_other_speakers() {
        // `Waters` is one letter from WALTERS but the document uses `waters`;
        // `Nearly` is a common word; `Jonson` is exactly another speaker's
        // name.
        let text = "\
MR WALTERS: Waters rose. The waters were high.
MS NEARLEY: Nearly all of it.
MR JONSON: Yes.
MR JOHNSON: Jonson is right, and so is Mr. Walters.
";
        assert!(lint(RULE, text).is_empty(), "{:?}", lint(RULE, text));
    }

    #[test]
    fn known_names_are_quiet() {
        let text = "\
MR ROBINSON: I met Foreign Minister Lavrow.
FOREIGN MINISTER LAVROV: Yes.
";
        assert_eq!(lint(RULE, text).len(), 1);
        assert!(lint_with(RULE, text, "known-names = [\"Lavrow\"]\n").is_empty());
        assert!(lint_with(
            RULE,
            text,
            "[roster]\n\"MR ROBINSON\" = \"Lavrow Robinson\"\n"
        )
        .is_empty());
    }

    #[test]
    fn targets_sharing_a_first_letter_are_each_found() {
        // Three surnames start with R and one with a letter outside ASCII.
        // `Robin` is near ROBINSON only as a cut-off, `Richardon` and
        // `Robertsson` only as one letter dropped or added (a length other
        // than the label's), `Özturk` as one letter changed: each goes to
        // its own label, whichever order the labels come in.
        let text = "\
DR RICHARDSON: Good morning.
MS ROBERTSON: Thank you, Mr. Robin. Dr. Richardon and Ms. Robertsson agree, and so does Ms. Özturk.
MR ROBINSON: Yes.
MS ÖZTÜRK: Indeed.
";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["Robin", "Richardon", "Robertsson", "Özturk"]
        );
        let related: Vec<&str> = d.iter().map(|d| &text[d.related[0].range.clone()]).collect();
        assert_eq!(
            related,
            vec!["MR ROBINSON", "DR RICHARDSON", "MS ROBERTSON", "MS ÖZTÜRK"]
        );
        assert_eq!(
            d[1].message,
            "`Richardon` nearly matches the speaker label `DR RICHARDSON`; did you mean `Richardson`?"
        );
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Mr. Robin.", "Mr. Robinson.")
                .replace("Richardon", "Richardson")
                .replace("Robertsson", "Robertson")
                .replace("Özturk", "Öztürk")
        );
        // The same misspelling many times over: each place has its own
        // finding and fix, saying the same thing.
        let text = "\
MR ROBINSON: Good morning.
MS ROBERTSON: Mr. Robin, Mr. Robin and Ms. Robertsson, Mr. Robin.
";
        let d = lint(RULE, text);
        assert_eq!(
            spans(text, &d),
            vec!["Robin", "Robin", "Robertsson", "Robin"]
        );
        assert_eq!(d[0].message, d[3].message);
        assert_ne!(d[0].range, d[3].range);
        let edits: Vec<_> = d
            .iter()
            .map(|d| d.fix.as_ref().unwrap().edits[0].range.clone())
            .collect();
        assert_eq!(edits, d.iter().map(|d| d.range.clone()).collect::<Vec<_>>());
        assert_eq!(
            fix_all(RULE, text, true),
            text.replace("Robin,", "Robinson,")
                .replace("Robin ", "Robinson ")
                .replace("Robin.", "Robinson.")
                .replace("Robertsson", "Robertson")
        );
    }

    #[test]
    fn prose_has_no_speakers_and_no_findings() {
        let text = "\
Kerry and Lavrov meet in Geneva

Watch: the press conference

GENEVA (Reuters) - Secretary of State John Kerry met Foreign Minister Sergei Lavrow on Friday.
The statement said: talks would continue.
Kaynak/Source: AA
";
        assert!(lint(RULE, text).is_empty());
    }
}
