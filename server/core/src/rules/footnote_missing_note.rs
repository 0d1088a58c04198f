//! `footnote-missing-note`: A footnote reference has no note.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use foldhash::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{FootnoteRef, Note, Numbering, Transcript};
use crate::rules::{Context, FixKind, Reads, Rule, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    name: "footnote-missing-note",
    severity: Severity::Error,
    default_enabled: true,
    summary: "A footnote reference has no note.",
    docs: r#"Finds footnote references, `[2]` in running text or Markdown `[^2]`,
that no note answers. Notes are the lines that begin with `[2]` in the notes
block at the end of the transcript (optionally under a `Notes`, `Footnotes`
or `Endnotes` heading), or Markdown `[^2]: text` lines. Every reference to a
missing note is reported, so a transcript that cites `[1]`, `[2]` and `[3]`
and has no notes block at all gets three findings.

Bracketed words are editorial insertions, not references: `[Syrian
President]`, `[sic]`, `[Flynn]`. Neither are years such as `[2015]`.

```text
MR ROBINSON: As Deputy Assistant Secretary Christopher Robin[1] said,
the talks resume Monday.[2]

Notes
[1] Christopher Robinson, Deputy Assistant Secretary of State.
```

Fix (unsafe): add a stub for every missing note, `[2] TODO: note text`, in
numeric order among the existing notes; when the document has no notes yet,
a blank line and a `Notes` heading come first (Markdown references get
`[^2]: TODO: note text` and no heading). The stub is a placeholder that
would be published as it stands, so the fix is applied only with
`--unsafe-fixes` and the `TODO` is left for the editor to find and fill.
The fix keeps the document's line endings and whether it ends with a
newline. Every finding offers the same fix, so one application adds all
stubs at once.

```text
Notes
[1] Christopher Robinson, Deputy Assistant Secretary of State.
[2] TODO: note text
```
"#,
    fix: FixKind::Unsafe,
    reads: Reads::FOOTNOTE_REFS.union(Reads::NOTES).union(Reads::TAIL),
    work_per_item: Reads::empty(),
    offers_known_name: false,
};

/// What a stub note says: searchable, and plainly not finished.
pub const STUB_TEXT: &str = "TODO: note text";

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    // A note answers a reference of its own numbering only: GPO numbers the
    // notes of each inserted statement from 1 (`Transcript::numbering`).
    let noted: HashSet<(Numbering, u32)> = doc
        .notes
        .iter()
        .map(|n| (doc.numbering(n.backslash, n.range.start), n.number))
        .collect();
    let missing: Vec<&FootnoteRef> = doc
        .footnote_refs
        .iter()
        .filter(|r| !noted.contains(&(doc.numbering(r.backslash, r.range.start), r.number)))
        .collect();
    if missing.is_empty() {
        return;
    }
    let (fix, unfixed) = stub_fix(doc, &missing);
    // One fix for every finding, shared: it grows with the number of
    // missing notes, so a copy per finding would grow with their square.
    let fix = fix.map(Arc::new);
    for r in missing {
        let d = Diagnostic::new(
            Rule::FootnoteMissingNote,
            r.range.clone(),
            format!("Footnote {} has no note", doc.slice(&r.range)),
        );
        let d = match &fix {
            Some(fix) if !unfixed.contains(&r.range.start) => d.with_fix(fix.clone()),
            _ => d,
        };
        ctx.push(d);
    }
}

/// GPO's stub: a note paragraph, indented as GPO indents every paragraph.
fn backslash_stub(number: u32) -> String {
    format!("    \\{number}\\ {STUB_TEXT}")
}

fn stub(number: u32, markdown: bool) -> String {
    if markdown {
        format!("[^{number}]: {STUB_TEXT}")
    } else {
        format!("[{number}] {STUB_TEXT}")
    }
}

/// One fix that adds every missing note it can, and the start of each
/// reference it cannot stub. Each finding it covers carries the same fix,
/// so applying any of them (or all, in one `--fix` round) gives the same
/// text, and the next lint finds nothing missing.
///
/// A stub must land where the model reads it as a note: a plain `[n]` stub
/// only inside the notes block (anywhere else it would be a reference), a
/// Markdown `[^n]:` stub anywhere, a GPO `\n\` stub beside another note of
/// its statement (see [`backslash_stubs`]).
fn stub_fix(doc: &Transcript, missing: &[&FootnoteRef]) -> (Option<Fix>, HashSet<usize>) {
    let nl = doc.line_ending();
    // Insertion point -> text. One edit per point: two insertions at one
    // point would have no defined order.
    let mut inserts: BTreeMap<usize, String> = BTreeMap::new();
    let (gpo, missing): (Vec<&FootnoteRef>, Vec<&FootnoteRef>) =
        missing.iter().partition(|r| r.backslash);
    let (mut labels, mut unfixed) = backslash_stubs(doc, &gpo, &mut inserts);
    // A stub is a line of its own, which a court transcript's gutter would
    // leave unread: reported, not stubbed.
    let missing = if doc.bare_lines_are_text() {
        missing
    } else {
        unfixed.extend(missing.iter().map(|r| r.range.start));
        Vec::new()
    };
    // Number -> Markdown style, from its first reference.
    let mut numbers: BTreeMap<u32, bool> = BTreeMap::new();
    for r in missing {
        numbers.entry(r.number).or_insert(r.markdown);
    }
    labels.extend(numbers.keys().map(|n| format!("[{n}]")));
    if labels.is_empty() {
        return (None, unfixed);
    }
    let label = labels.join(", ");
    let message = if labels.len() == 1 {
        format!("Add a stub note {label}")
    } else {
        format!("Add stub notes {label}")
    };
    // After the last non-blank line; whatever followed it (the final
    // newline, or none) stays at the very end.
    let end = doc.text_end();
    for markdown in [false, true] {
        let wanted: Vec<u32> = numbers
            .iter()
            .filter(|(_, &md)| md == markdown)
            .map(|(&n, _)| n)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let notes: Vec<&Note> = doc
            .notes
            .iter()
            .filter(|n| n.markdown == markdown && !n.backslash)
            .collect();
        if notes.is_empty() {
            let list = wanted
                .iter()
                .map(|&n| stub(n, markdown))
                .collect::<Vec<_>>()
                .join(nl);
            let heading = doc.notes_block.as_ref().and_then(|b| b.heading.clone());
            match (markdown, heading) {
                (false, Some(h)) => inserts.entry(h.end).or_default().push_str(&format!("{nl}{list}")),
                _ => {
                    let text = inserts.entry(end).or_default();
                    if text.is_empty() {
                        text.push_str(nl);
                        if !markdown {
                            text.push_str(nl);
                            text.push_str("Notes");
                        }
                    }
                    text.push_str(nl);
                    text.push_str(&list);
                    if markdown && !text.starts_with(&format!("{nl}{nl}")) {
                        // Keep Markdown notes off the last paragraph.
                        text.insert_str(0, nl);
                    }
                }
            }
            continue;
        }
        // Space stubs the way the existing notes are spaced.
        let sep = doc.note_spacing(markdown).unwrap_or(nl);
        let anchors = Anchors::new(&notes);
        // Each stub goes after the note with the highest lower number, or
        // before the first note when every note's number is higher.
        let mut before = String::new();
        for &n in &wanted {
            match anchors.after(n) {
                Some(note) => {
                    let text = inserts.entry(note.range.end).or_default();
                    text.push_str(sep);
                    text.push_str(&stub(n, markdown));
                }
                None => {
                    before.push_str(&stub(n, markdown));
                    before.push_str(sep);
                }
            }
        }
        if !before.is_empty() {
            inserts.entry(notes[0].range.start).or_default().insert_str(0, &before);
        }
    }
    let edits = inserts
        .into_iter()
        .map(|(at, text)| Edit::insert(at, text))
        .collect();
    (Some(Fix::unsafe_(message, edits)), unfixed)
}

/// The notes a stub may go after, by number and then place in the text,
/// so that each stub's place is a binary search: a draft citing hundreds of
/// missing notes looked through every note once for each.
struct Anchors<'n>(Vec<&'n Note>);

impl<'n> Anchors<'n> {
    fn new(notes: &[&'n Note]) -> Anchors<'n> {
        let mut sorted = notes.to_vec();
        sorted.sort_by_key(|note| (note.number, note.range.start));
        Anchors(sorted)
    }

    /// The note a stub for number `n` goes after: the one with the highest
    /// lower number (the last in the text, if that number is written
    /// twice).
    fn after(&self, n: u32) -> Option<&'n Note> {
        let below = self.0.partition_point(|note| note.number < n);
        below.checked_sub(1).map(|i| self.0[i])
    }
}

/// Stubs for GPO's references (`\n\`), whose notes sit in the body, each
/// after the paragraph that cites it, between dash rules, numbered anew in
/// each statement. A stub goes beside the notes of its reference's
/// statement, in numeric order, inside their dash rules: after the note with
/// the highest lower number, else before the first. A statement with no
/// note at all gets no stub: where its first note belongs (after which
/// paragraph, between new rules) is the editor's call. Returns the stubs'
/// labels and the start of each reference left without one.
fn backslash_stubs(
    doc: &Transcript,
    missing: &[&FootnoteRef],
    inserts: &mut BTreeMap<usize, String>,
) -> (Vec<String>, HashSet<usize>) {
    let nl = doc.line_ending();
    // (statement, number), each once.
    let wanted: BTreeSet<(Numbering, u32)> = missing
        .iter()
        .map(|r| (doc.numbering(true, r.range.start), r.number))
        .collect();
    let mut labels = Vec::new();
    let mut unfixed = HashSet::default();
    let mut before: BTreeMap<usize, String> = BTreeMap::new();
    // Each statement's notes, in the order of the text, read once.
    let mut by_section: BTreeMap<Numbering, Vec<&Note>> = BTreeMap::new();
    for note in doc.notes.iter().filter(|note| note.backslash) {
        by_section
            .entry(doc.numbering(true, note.range.start))
            .or_default()
            .push(note);
    }
    let anchors: BTreeMap<Numbering, Anchors> = by_section
        .iter()
        .map(|(&section, notes)| (section, Anchors::new(notes)))
        .collect();
    for &(section, n) in &wanted {
        let Some(first) = by_section.get(&section).and_then(|notes| notes.first()) else {
            unfixed.extend(
                missing
                    .iter()
                    .filter(|r| r.number == n && doc.numbering(true, r.range.start) == section)
                    .map(|r| r.range.start),
            );
            continue;
        };
        labels.push(format!("\\{n}\\"));
        match anchors[&section].after(n) {
            Some(note) => {
                let text = inserts.entry(note.range.end).or_default();
                text.push_str(nl);
                text.push_str(&backslash_stub(n));
            }
            None => {
                let text = before.entry(first.range.start).or_default();
                text.push_str(&backslash_stub(n));
                text.push_str(nl);
            }
        }
    }
    for (at, text) in before {
        inserts.entry(at).or_default().insert_str(0, &text);
    }
    (labels, unfixed)
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::rules::test_support::{applicability, fix_all, fix_one, lines, lint, spans};
    use crate::rules::Rule;

    const RULE: Rule = Rule::FootnoteMissingNote;

    #[test]
    fn every_reference_is_reported_when_there_are_no_notes() {
        let text = "MR ROBINSON: First[1] and second[2].\nQUESTION: Third?[3]\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[1]", "[2]", "[3]"]);
        assert_eq!(lines(text, &d), vec![1, 1, 2]);
        assert_eq!(applicability(&d[1]), Applicability::Unsafe);
        let fixed = "MR ROBINSON: First[1] and second[2].\nQUESTION: Third?[3]\n\nNotes\n[1] TODO: note text\n[2] TODO: note text\n[3] TODO: note text\n";
        assert_eq!(fix_one(text, &d[1]), fixed);
        assert_eq!(fix_all(RULE, text, true), fixed);
        assert_eq!(fix_all(RULE, fixed, true), fixed);
        assert!(lint(RULE, fixed).is_empty());
    }

    #[test]
    fn safe_fixing_leaves_it_alone() {
        let text = "MR ROBINSON: First[1].\n";
        assert_eq!(fix_all(RULE, text, false), text);
    }

    #[test]
    fn stub_goes_in_numeric_order() {
        let text = "MR ROBINSON: A[1] b[2] c[3] d[4] e[5].\n\nNotes\n[1] One.\n[3] Three.\n[4] Four.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[2]", "[5]"]);
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: A[1] b[2] c[3] d[4] e[5].\n\nNotes\n[1] One.\n[2] TODO: note text\n[3] Three.\n[4] Four.\n[5] TODO: note text\n"
        );
    }

    #[test]
    fn stub_before_the_first_note_and_spacing_kept() {
        let text = "MR ROBINSON: A[1] b[2] c[3].\n\n[3] Three.\n\n[4] Four, unused.\n";
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: A[1] b[2] c[3].\n\n[1] TODO: note text\n\n[2] TODO: note text\n\n[3] Three.\n\n[4] Four, unused.\n"
        );
    }

    #[test]
    fn crlf_and_no_final_newline_are_kept() {
        let text = "QUESTION: Is it[1] true?\r\nMR ROBINSON: Yes.[2]";
        assert_eq!(
            fix_all(RULE, text, true),
            "QUESTION: Is it[1] true?\r\nMR ROBINSON: Yes.[2]\r\n\r\nNotes\r\n[1] TODO: note text\r\n[2] TODO: note text"
        );
    }

    #[test]
    fn trailing_blank_lines_stay_at_the_end() {
        let text = "MR ROBINSON: Yes.[1]\n\n\n";
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: Yes.[1]\n\nNotes\n[1] TODO: note text\n\n\n"
        );
    }

    #[test]
    fn heading_without_notes() {
        let text = "MR ROBINSON: Yes.[1]\n\nFootnotes\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[1]"]);
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: Yes.[1]\n\nFootnotes\n[1] TODO: note text\n"
        );
    }

    #[test]
    fn markdown_references_get_markdown_notes() {
        let text = "**Dana Whitfield:** It rained.[^1] Then[^2] it stopped.\n\n[^1]: Weather report.\n";
        let d = lint(RULE, text);
        assert_eq!(spans(text, &d), vec!["[^2]"]);
        assert_eq!(
            fix_all(RULE, text, true),
            "**Dana Whitfield:** It rained.[^1] Then[^2] it stopped.\n\n[^1]: Weather report.\n[^2]: TODO: note text\n"
        );
        let bare = "**Dana Whitfield:** It rained.[^1]\n";
        assert_eq!(
            fix_all(RULE, bare, true),
            "**Dana Whitfield:** It rained.[^1]\n\n[^1]: TODO: note text\n"
        );
    }

    #[test]
    fn repeated_reference_is_reported_each_time_and_stubbed_once() {
        let text = "MR ROBINSON: A[1] and again A[1].\n";
        let d = lint(RULE, text);
        assert_eq!(d.len(), 2);
        assert_eq!(
            fix_all(RULE, text, true),
            "MR ROBINSON: A[1] and again A[1].\n\nNotes\n[1] TODO: note text\n"
        );
    }

    #[test]
    fn quiet_on_editorial_insertions_and_answered_references() {
        for text in [
            "MR ROBINSON: The [Syrian President] made an [effort], said [Flynn] [sic] in [2015].\n",
            "MR ROBINSON: Robin[1] from State.\n\nNotes\n[1] Christopher Robinson.\n",
            "MR ROBINSON: Robin[1] from State.\n\n[1] Christopher Robinson.\n",
            "Dana Whitfield: Rain.[^1]\n\n[^1]: Report.\n",
        ] {
            assert!(lint(RULE, text).is_empty(), "fired on {text:?}");
        }
    }

    #[test]
    fn corpus_quiet_and_planted_error_found_and_fixed() {
        crate::rules::test_support::assert_quiet_on_corpus(RULE);
        let Some((_, text, line)) =
            crate::rules::test_support::planted("SC resolution,", "SC resolution,[1]")
        else {
            return;
        };
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["[1]"]);
        assert_eq!(lines(&text, &d), vec![line]);
        let end = text.trim_end().len();
        let expected = format!("{}\n\nNotes\n[1] TODO: note text{}", &text[..end], &text[end..]);
        assert_eq!(fix_all(RULE, &text, true), expected);
        assert!(crate::lint(&expected, &crate::Config::default())
            .iter()
            .all(|d| d.rule != RULE && d.rule != Rule::FootnoteUnusedNote));
    }

    #[test]
    fn plain_stub_never_lands_among_markdown_notes() {
        // Before the Markdown note, `[1] …` would read as a reference.
        let text = "[1]\n[^3]: n";
        assert_eq!(
            fix_all(RULE, text, true),
            "[1]\n[^3]: n\n\nNotes\n[1] TODO: note text"
        );
        let text = "A[1] and B[^2].\n";
        let fixed = fix_all(RULE, text, true);
        assert_eq!(
            fixed,
            "A[1] and B[^2].\n\nNotes\n[1] TODO: note text\n[^2]: TODO: note text\n"
        );
        assert!(lint(RULE, &fixed).is_empty());
    }

    /// A hearing in GPO's text: two inserted statements, each numbering its
    /// notes from `\1\`, each note after the paragraph citing it, between
    /// dash rules.
    fn hearing(first: &str, second: &str) -> String {
        let rule = "-".repeat(75);
        [
            "[House Hearing, 118 Congress]",
            "[From the U.S. Government Publishing Office]",
            "",
            "    Chairman HARTWELL. The Subcommittee will come to order.",
            "    [The prepared statement of Dr. Whitmore follows:]",
            "",
            "    The network was designed in the 1980s.\\1\\ It sees the ",
            "atmosphere, not the ground.",
            &rule,
            "    \\1\\ National Research Council, Weather Radar Technology ",
            "Beyond NEXRAD (2002).",
            &rule,
            "",
            first,
            &rule,
            "    \\2\\ Center for Severe Weather Observation, Final Report.",
            &rule,
            "",
            "    [The prepared statement of Mr. Abernathy follows:]",
            "",
            second,
            &rule,
            "    \\1\\ Gulf Coast Marine Data Cooperative, Annual Report.",
            &rule,
            "",
            "    Chairman HARTWELL. The hearing is adjourned.",
            "",
        ]
        .join("\n")
    }

    const CITES_2: &str = "    Warnings were issued earlier.\\2\\";
    const CITES_1: &str = "    Buoys were out of service for 1,912 days.\\1\\";

    #[test]
    fn gpo_notes_restart_in_each_statement() {
        let text = hearing(CITES_2, CITES_1);
        assert_eq!(
            crate::model::Transcript::parse(&text, &crate::settings::Settings::default()).format,
            crate::settings::Format::Hearing
        );
        let footnotes: Vec<_> = crate::lint(&text, &crate::Config::default())
            .into_iter()
            .filter(|d| d.rule.name().starts_with("footnote-"))
            .collect();
        assert!(footnotes.is_empty(), "{footnotes:#?}");
    }

    #[test]
    fn gpo_stub_goes_inside_the_dash_rules_of_the_note_before() {
        let text = hearing(
            "    Warnings were issued earlier.\\2\\ Radars cost less.\\3\\",
            CITES_1,
        );
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["\\3\\"]);
        assert_eq!(lines(&text, &d), vec![14]);
        let fixed = fix_all(RULE, &text, true);
        assert_eq!(
            fixed,
            text.replace(
                "Final Report.\n",
                "Final Report.\n    \\3\\ TODO: note text\n"
            )
        );
        assert!(crate::lint(&fixed, &crate::Config::default())
            .iter()
            .all(|d| !d.rule.name().starts_with("footnote-")));
    }

    #[test]
    fn gpo_stub_before_the_first_note_of_its_statement() {
        // `\1\` cited again in the second statement, whose only note is `\2\`.
        let text = hearing(CITES_2, "    Buoys.\\1\\ Ships.\\2\\").replace(
            "    \\1\\ Gulf Coast",
            "    \\2\\ Gulf Coast",
        );
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["\\1\\"]);
        assert_eq!(lines(&text, &d), vec![21]);
        assert_eq!(
            fix_all(RULE, &text, true),
            text.replace(
                "    \\2\\ Gulf Coast",
                "    \\1\\ TODO: note text\n    \\2\\ Gulf Coast"
            )
        );
    }

    #[test]
    fn no_gpo_stub_in_a_statement_without_notes() {
        // Where the first note of a statement goes (after which paragraph,
        // between new rules) is not certain: reported, not fixed.
        let text = hearing(CITES_2, "    Buoys.\\1\\")
            .replace("    \\1\\ Gulf Coast Marine Data Cooperative, Annual Report.\n", "");
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["\\1\\"]);
        assert!(d[0].fix.is_none());
        assert_eq!(fix_all(RULE, &text, true), text);
    }

    #[test]
    fn plain_notes_are_numbered_once_across_a_hearings_statements() {
        // A `[1]` in the chair's remarks, before the first statement, and its
        // note in a notes block after the last: GPO's restart in each
        // statement is for `\n\` notes only.
        let text = hearing(CITES_2, CITES_1).replace(
            "come to order.",
            "come to order.[1]",
        ) + "Notes\n[1] Opening remarks as delivered.\n";
        let footnotes: Vec<_> = crate::lint(&text, &crate::Config::default())
            .into_iter()
            .filter(|d| d.rule.name().starts_with("footnote-"))
            .collect();
        assert!(footnotes.is_empty(), "{footnotes:#?}");
        // Without the note: reported on line 4, and the stub lands in a notes
        // block at the end, where it answers the reference.
        let text = hearing(CITES_2, CITES_1).replace("come to order.", "come to order.[1]");
        let d = lint(RULE, &text);
        assert_eq!(spans(&text, &d), vec!["[1]"]);
        assert_eq!(lines(&text, &d), vec![4]);
        let fixed = fix_all(RULE, &text, true);
        assert_eq!(fixed, format!("{}\n\nNotes\n[1] TODO: note text\n", text.trim_end()));
        assert!(crate::lint(&fixed, &crate::Config::default())
            .iter()
            .all(|d| !d.rule.name().starts_with("footnote-")));
    }
}
