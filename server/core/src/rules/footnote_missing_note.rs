//! `footnote-missing-note`: A footnote reference has no note.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{Edit, Fix};
use crate::model::{FootnoteRef, Transcript};
use crate::rules::{Context, FixKind, Rule, RuleMeta};

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
};

/// What a stub note says: searchable, and plainly not finished.
pub const STUB_TEXT: &str = "TODO: note text";

pub fn check(ctx: &mut Context) {
    let doc = ctx.doc;
    let noted: HashSet<u32> = doc.notes.iter().map(|n| n.number).collect();
    let missing: Vec<&FootnoteRef> = doc
        .footnote_refs
        .iter()
        .filter(|r| !noted.contains(&r.number))
        .collect();
    if missing.is_empty() {
        return;
    }
    let fix = stub_fix(doc, &missing);
    for r in missing {
        ctx.push(
            Diagnostic::new(
                Rule::FootnoteMissingNote,
                r.range.clone(),
                format!("Footnote {} has no note", doc.slice(&r.range)),
            )
            .with_fix(fix.clone()),
        );
    }
}

fn stub(number: u32, markdown: bool) -> String {
    if markdown {
        format!("[^{number}]: {STUB_TEXT}")
    } else {
        format!("[{number}] {STUB_TEXT}")
    }
}

/// One fix that adds every missing note. Each finding carries the same fix,
/// so applying any of them (or all, in one `--fix` round) gives the same
/// text, and the next lint finds nothing missing.
fn stub_fix(doc: &Transcript, missing: &[&FootnoteRef]) -> Fix {
    // Number -> Markdown style, from its first reference.
    let mut numbers: BTreeMap<u32, bool> = BTreeMap::new();
    for r in missing {
        numbers.entry(r.number).or_insert(r.markdown);
    }
    let nl = doc.line_ending();
    let label = numbers
        .keys()
        .map(|n| format!("[{n}]"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = if numbers.len() == 1 {
        format!("Add a stub note {label}")
    } else {
        format!("Add stub notes {label}")
    };
    let stubs = || numbers.iter().map(|(&n, &md)| stub(n, md));

    if !doc.notes.is_empty() {
        // Space stubs the way the existing notes are spaced.
        let sep = match doc.notes.get(1) {
            Some(second) => {
                let between = &doc.text[doc.notes[0].range.end..second.range.start];
                if between.trim().is_empty() && !between.is_empty() {
                    between
                } else {
                    nl
                }
            }
            None => nl,
        };
        // Each stub goes after the note with the highest lower number, or
        // before the first note when every note's number is higher.
        let mut after: BTreeMap<usize, String> = BTreeMap::new();
        let mut before = String::new();
        for (&n, &md) in &numbers {
            let anchor = doc
                .notes
                .iter()
                .filter(|note| note.number < n)
                .max_by_key(|note| (note.number, note.range.start));
            match anchor {
                Some(note) => {
                    let text = after.entry(note.range.end).or_default();
                    text.push_str(sep);
                    text.push_str(&stub(n, md));
                }
                None => {
                    before.push_str(&stub(n, md));
                    before.push_str(sep);
                }
            }
        }
        let mut edits: Vec<Edit> = after
            .into_iter()
            .map(|(at, text)| Edit::insert(at, text))
            .collect();
        if !before.is_empty() {
            edits.push(Edit::insert(doc.notes[0].range.start, before));
        }
        return Fix::unsafe_(message, edits);
    }

    let list = stubs().collect::<Vec<_>>().join(nl);
    if let Some(heading) = doc.notes_block.as_ref().and_then(|b| b.heading.clone()) {
        return Fix::unsafe_(message, vec![Edit::insert(heading.end, format!("{nl}{list}"))]);
    }
    // A new block after the last non-blank line; whatever followed it (the
    // final newline, or none) stays at the very end.
    let end = doc
        .lines
        .iter()
        .rev()
        .find(|l| !l.is_blank(doc.text))
        .map_or(0, |l| l.content_end);
    let heading = if numbers.values().all(|&md| md) {
        String::new()
    } else {
        format!("Notes{nl}")
    };
    Fix::unsafe_(
        message,
        vec![Edit::insert(end, format!("{nl}{nl}{heading}{list}"))],
    )
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
}
