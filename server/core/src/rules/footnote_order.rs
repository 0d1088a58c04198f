//! `footnote-order`: Footnote references are not numbered 1, 2, 3… in order of first appearance.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{FootnoteRef, Note, Numbering, Transcript};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-order",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "Footnote references are not numbered 1, 2, 3… in order of first appearance.",
    docs: r#"Finds footnote references whose numbers do not run 1, 2, 3… in the order
they are first cited: usually a note was added or moved without renumbering.
Citing a number again later (`[1]` … `[2]` … `[1]`) is fine. Where the
numbering goes out of step, the first reference out of place is reported,
together with the references after it that are off by as much: when a
reference is deleted, `[4]` to `[90]`, each one too high, are one finding,
not 87.

Markdown references (`[^1]`) are not checked: their labels are names, and
Markdown renderers number them in order of appearance anyway.

```text
MR ROBINSON: Robin[2] said the talks[1] resume Monday.

Notes
[1] The Geneva talks.
[2] Christopher Robinson, Deputy Assistant Secretary of State.
```

Fix (safe): renumber the references and the notes together, and put the
notes in their new order, so that every reference still points to the same
note text:

```text
MR ROBINSON: Robin[1] said the talks[2] resume Monday.

Notes
[1] Christopher Robinson, Deputy Assistant Secretary of State.
[2] The Geneva talks.
```

The fix is offered only when the mapping is unambiguous: the cited numbers
and the note numbers are the same set, with no duplicate notes. Otherwise a
missing, unused or duplicate note is reported by its own rule and should be
settled first. Cross-references written inside notes are not renumbered.
"#,
    fix: FixKind::Safe,
    // Its fix moves the notes' words.
    reads: Reads::FOOTNOTE_REFS
        .union(Reads::NOTES)
        .union(Reads::NOTE_TEXT),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // Each numbering on its own: a hearing numbers the notes of each
    // inserted statement from 1 (`Transcript::numbering`), and a plain `[n]`
    // counts in the document's one numbering wherever it stands. Each
    // numbering's references in the order of the text.
    let mut numberings: BTreeMap<Numbering, Vec<&FootnoteRef>> = BTreeMap::new();
    for r in doc.footnote_refs.iter().filter(|r| !r.markdown) {
        numberings
            .entry(doc.numbering(r.backslash, r.range.start))
            .or_default()
            .push(r);
    }
    for (numbering, refs) in numberings {
        check_numbering(ctx, numbering, &refs);
    }
}

fn check_numbering(ctx: &mut Context, numbering: Numbering, refs: &[&FootnoteRef]) {
    let doc = ctx.doc;
    let mut seen = HashSet::default();
    let firsts: Vec<&FootnoteRef> = refs
        .iter()
        .copied()
        .filter(|r| seen.insert(r.number))
        .collect();
    // Old number -> new number, from the order of first citation.
    let mapping: HashMap<u32, u32> = firsts
        .iter()
        .enumerate()
        .map(|(i, r)| (r.number, i as u32 + 1))
        .collect();
    if mapping.iter().all(|(old, new)| old == new) {
        return;
    }
    let notes: Vec<&Note> = doc
        .notes
        .iter()
        .filter(|n| !n.markdown && doc.numbering(n.backslash, n.range.start) == numbering)
        .collect();
    let fix = renumber(doc, refs, &notes, &mapping);
    let label = |n: u32, backslash: bool| {
        if backslash {
            format!("\\{n}\\")
        } else {
            format!("[{n}]")
        }
    };
    for (start, end) in out_of_step(&firsts) {
        let (r, last) = (firsts[start], firsts[end - 1]);
        let (want, last_want) = (start as u32 + 1, end as u32);
        let message = match end - start {
            1 => format!(
                "Footnote {} is the {} cited; number it {}",
                doc.slice(&r.range),
                ordinal(start + 1),
                label(want, r.backslash)
            ),
            n => {
                let and = if n == 2 { "and" } else { "to" };
                format!(
                    "Footnotes {} {and} {} are the {} {and} {} cited; number them {} {and} {}",
                    doc.slice(&r.range),
                    doc.slice(&last.range),
                    ordinal(start + 1),
                    ordinal(end),
                    label(want, r.backslash),
                    label(last_want, last.backslash)
                )
            }
        };
        let mut d = Diagnostic::new(Rule::FootnoteOrder, r.range.clone(), message);
        if let Some(note) = notes.iter().find(|n| n.number == r.number) {
            d = d.with_related(note.label.clone(), "The note it points to");
        }
        if let Some(fix) = &fix {
            d = d.with_fix(fix.clone());
        }
        ctx.push(d);
    }
}

/// The stretches of `firsts` (references in order of first citation) that
/// are out of step, as `start..end` positions: each a run of references
/// numbered off their place by the same amount. Deleting one reference
/// puts every later one a number too high; that is one mistake, reported
/// once at the first of them, not at each of hundreds.
fn out_of_step(firsts: &[&FootnoteRef]) -> Vec<(usize, usize)> {
    let off = |i: usize| i64::from(firsts[i].number) - (i as i64 + 1);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in 0..firsts.len() {
        if off(i) == 0 {
            continue;
        }
        match runs.last_mut() {
            Some((start, end)) if *end == i && off(*start) == off(i) => *end = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    runs
}

/// Renumbers every reference and note, and moves the notes into their new
/// order. `None` when the mapping is ambiguous: a cited number without a
/// note, a note nothing cites, or two notes with one number.
fn renumber(
    doc: &Transcript,
    refs: &[&FootnoteRef],
    notes: &[&Note],
    mapping: &HashMap<u32, u32>,
) -> Option<Fix> {
    let note_numbers: BTreeSet<u32> = notes.iter().map(|n| n.number).collect();
    if note_numbers.len() != notes.len()
        || note_numbers.len() != mapping.len()
        || !note_numbers.iter().all(|n| mapping.contains_key(n))
    {
        return None;
    }
    let mut edits = Vec::new();
    for r in refs {
        let new = mapping[&r.number];
        if new != r.number {
            edits.push(Edit::replace(r.number_range(), new.to_string()));
        }
    }
    // The notes keep their places in the document; the note that belongs in
    // each place moves there with its new number.
    let mut by_new: Vec<&Note> = notes.to_vec();
    by_new.sort_by_key(|n| mapping[&n.number]);
    for (slot, note) in notes.iter().zip(by_new) {
        let new = mapping[&note.number];
        if std::ptr::eq(*slot, note) {
            if new != note.number {
                edits.push(Edit::replace(note.number_range.clone(), new.to_string()));
            }
        } else {
            // A GPO note's range starts at its indentation, which moves
            // with it; its label is `\n\`.
            let lead = doc.slice(&(note.range.start..note.label.start));
            let rest = doc.slice(&(note.label.end..note.range.end));
            let label = if note.backslash {
                format!("\\{new}\\")
            } else {
                format!("[{new}]")
            };
            edits.push(Edit::replace(slot.range.clone(), format!("{lead}{label}{rest}")));
        }
    }
    Some(Fix::safe(
        "Renumber the footnotes in order of first citation",
        edits,
    ))
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::test_support::{applicability, fix_all, fix_one, lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::FootnoteOrder;

    #[test]
    fn swapped_references_and_notes_move_together() {
        let text = "MR ROBINSON: Robin[2] said the talks[1] resume.\nQUESTION: Robin[2] again?\n\nNotes\n[1] The Geneva talks,\nheld twice a year.\n[2] Christopher Robinson.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[2]", "[1]"]);
        assert_eq!(lines(text, &d), vec![1, 1]);
        assert_eq!(d[0].message, "Footnote [2] is the 1st cited; number it [1]");
        assert_eq!(
            d[0].related[0].range.start,
            text.find("[2] Christopher").unwrap()
        );
        assert_eq!(applicability(&d[0]), Applicability::Safe);
        let fixed = "MR ROBINSON: Robin[1] said the talks[2] resume.\nQUESTION: Robin[1] again?\n\nNotes\n[1] Christopher Robinson.\n[2] The Geneva talks,\nheld twice a year.\n";
        assert_eq!(fix_one(text, &d[1]), fixed);
        assert_eq!(fix_all(RULE, text, false), fixed);
        assert!(lint(RULE, fixed).is_empty());
    }

    #[test]
    fn a_gap_is_closed() {
        let text = "MR ROBINSON: A[1] b[2] c[4] d[5].\n\n[1] A.\n[2] B.\n[4] D.\n[5] E.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[4]"]);
        assert_eq!(
            d[0].message,
            "Footnotes [4] and [5] are the 3rd and 4th cited; number them [3] and [4]"
        );
        assert_eq!(
            fix_all(RULE, text, false),
            "MR ROBINSON: A[1] b[2] c[3] d[4].\n\n[1] A.\n[2] B.\n[3] D.\n[4] E.\n"
        );
    }

    /// A reference deleted from a long run leaves every later one a number
    /// too high: one finding at the first, which names the whole stretch
    /// and carries the fix that renumbers it all.
    #[test]
    fn a_deleted_reference_is_one_finding() {
        let cited: Vec<String> = (1..=12).filter(|&n| n != 4).map(|n| format!("w[{n}]")).collect();
        let notes: Vec<String> = (1..=12).filter(|&n| n != 4).map(|n| format!("[{n}] N{n}.")).collect();
        let text = format!("MR ROBINSON: {}.\n\nNotes\n{}\n", cited.join(" "), notes.join("\n"));
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["[5]"]);
        assert_eq!(
            d[0].message,
            "Footnotes [5] to [12] are the 4th to 11th cited; number them [4] to [11]"
        );
        assert_eq!(d[0].related[0].range.start, text.find("[5] N5").unwrap());
        let fixed_cited: Vec<String> = (1..=11).map(|n| format!("w[{n}]")).collect();
        let fixed_notes: Vec<String> = (1..=12)
            .filter(|&n| n != 4)
            .zip(1..)
            .map(|(old, new)| format!("[{new}] N{old}."))
            .collect();
        let fixed = format!(
            "MR ROBINSON: {}.\n\nNotes\n{}\n",
            fixed_cited.join(" "),
            fixed_notes.join("\n")
        );
        assert_eq!(fix_one(&text, &d[0]), fixed);
        assert!(lint(RULE, &fixed).is_empty());
    }

    /// Each stretch off by its own amount is a finding of its own, and a
    /// reference in its place between two stretches splits them.
    #[test]
    fn each_stretch_out_of_step_is_one_finding() {
        let text = "QUESTION: a[1] b[5] c[6] d[2] e[3] f[4] g[7] h[9] i[8]\n\nNotes\n\
                    [1] A.\n[2] B.\n[3] C.\n[4] D.\n[5] E.\n[6] F.\n[7] G.\n[8] H.\n[9] I.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[5]", "[2]", "[9]", "[8]"]);
        assert_eq!(
            d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
            vec![
                "Footnotes [5] and [6] are the 2nd and 3rd cited; number them [2] and [3]",
                "Footnotes [2] to [4] are the 4th to 6th cited; number them [4] to [6]",
                "Footnote [9] is the 8th cited; number it [8]",
                "Footnote [8] is the 9th cited; number it [9]",
            ]
        );
    }

    #[test]
    fn crlf_notes_rotate() {
        let text = "QUESTION: a[3] b[1] c[2]\r\n\r\nNotes\r\n[1] One\r\n[2] Two\r\n[3] Three";
        assert_eq!(
            fix_all(RULE, text, false),
            "QUESTION: a[1] b[2] c[3]\r\n\r\nNotes\r\n[1] Three\r\n[2] One\r\n[3] Two"
        );
    }

    #[test]
    fn no_fix_when_the_mapping_is_ambiguous() {
        for text in [
            // A cited number without a note.
            "MR ROBINSON: A[2] b[1].\n\n[1] One.\n",
            // A note nothing cites.
            "MR ROBINSON: A[2] b[1].\n\n[1] One.\n[2] Two.\n[3] Three.\n",
            // Two notes with one number.
            "MR ROBINSON: A[2] b[1].\n\n[1] One.\n[2] Two.\n[2] Again.\n",
        ] {
            let d = lint(RULE, text);
            assert_eq!(spans(text, &d), vec!["[2]", "[1]"], "{text:?}");
            assert!(d.iter().all(|d| d.fix.is_none()), "{text:?}");
            assert_eq!(fix_all(RULE, text, true), text);
        }
    }

    #[test]
    fn quiet_when_in_order() {
        for text in [
            "MR ROBINSON: A[1] b[2] a again[1] c[3].\n\n[1] A.\n[2] B.\n[3] C.\n",
            "MR ROBINSON: The [Syrian President] [sic] in [2015].\n",
            // Markdown labels are names; renderers number them.
            "Dana Whitfield: Rain[^2] and sun[^1].\n\n[^1]: A.\n[^2]: B.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}");
        }
    }

    #[test]
    fn ordinals() {
        assert_eq!(super::ordinal(1), "1st");
        assert_eq!(super::ordinal(12), "12th");
        assert_eq!(super::ordinal(22), "22nd");
        assert_eq!(super::ordinal(113), "113th");
    }

    #[test]
    fn corpus_quiet() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
    }

    #[test]
    fn gpo_statements_are_numbered_apart() {
        // The first statement cites `\2\` before `\1\`; the second is in
        // order. Only the first is renumbered, its notes moved with their
        // indentation; the second's `\1\` and `\2\` stay.
        let rule = "-".repeat(75);
        let text = [
            "[House Hearing, 118 Congress]",
            "[From the U.S. Government Publishing Office]",
            "",
            "    Chairman HARTWELL. Order.",
            "    [The prepared statement of Dr. Whitmore follows:]",
            "    Radar.\\2\\ Buoys.\\1\\",
            &rule,
            "    \\1\\ On buoys.",
            "    \\2\\ On radar.",
            &rule,
            "    [The prepared statement of Mr. Abernathy follows:]",
            "    Ships.\\1\\ Time.\\2\\",
            &rule,
            "    \\1\\ On ships.",
            "    \\2\\ On time.",
            &rule,
            "",
        ]
        .join("\n");
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["\\2\\", "\\1\\"]);
        assert_eq!(lines(&text, &d), vec![6, 6]);
        assert_eq!(d[0].message, "Footnote \\2\\ is the 1st cited; number it \\1\\");
        let fixed = fix_all(RULE, &text, false);
        assert_eq!(
            fixed,
            text.replace("Radar.\\2\\ Buoys.\\1\\", "Radar.\\1\\ Buoys.\\2\\")
                .replace("    \\1\\ On buoys.\n    \\2\\ On radar.", "    \\1\\ On radar.\n    \\2\\ On buoys.")
        );
        assert!(lint(RULE, &fixed).is_empty());
    }
}
