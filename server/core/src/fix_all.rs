//! Fixing a whole document, as `--fix` and `source.fixAll` do: choosing the
//! fixes that can go in together, applying them, and linting again until
//! nothing more changes.
//!
//! Above the rules: it runs them ([`crate::linter`]) and reads their
//! diagnostics. The fixes themselves, and applying edits to a text, are in
//! [`crate::fix`], which knows nothing of rules.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::fix::{apply_edits, Applicability, Edit, Fix};
use crate::registry::Rule;

/// Picks the fixes that can go in together in one round: each fix's edits are
/// taken whole or not at all, and no two chosen edits overlap or touch the
/// same insertion point. Returns the merged, sorted edit list and the rules
/// whose fixes were chosen.
///
/// The chosen edits are kept ordered, so each check looks at two neighbours
/// instead of every edit chosen so far: a line of half a million unclosed
/// markers is fixed in one pass, not in minutes.
pub fn select_fixes<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    unsafe_fixes: bool,
) -> (Vec<Edit>, Vec<Rule>) {
    let mut chosen = Chosen::default();
    let mut rules = Vec::new();
    // Fixes are considered in document order so that the result does not
    // depend on the order rules ran in.
    let mut fixes: Vec<(&Diagnostic, &Fix)> = diagnostics
        .into_iter()
        .filter_map(|d| d.fix.as_deref().map(|f| (d, f)))
        .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|(d, f)| (f.span().start, d.range.start, d.rule));
    for (diagnostic, fix) in fixes {
        if fix.edits.is_empty() {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| chosen.conflicts_with(e));
        // Identical edits from two diagnostics (two references asking for the
        // same renumbering) are one change, not a clash.
        if clashes && !fix.edits.iter().all(|e| chosen.contains(e)) {
            continue;
        }
        for edit in &fix.edits {
            chosen.insert(edit);
        }
        rules.push(diagnostic.rule);
    }
    (chosen.into_sorted(), rules)
}

/// The edits chosen so far, in the order they were chosen, with their
/// ranges ordered for lookups. No two of them overlap (a fix's own edits
/// never do, and a fix whose edits conflict with a chosen one is not taken),
/// so ends rise with starts: the last edit starting before a point reaches
/// furthest past it.
#[derive(Default)]
struct Chosen<'a> {
    edits: Vec<&'a Edit>,
    seen: std::collections::HashSet<&'a Edit>,
    ranges: std::collections::BTreeSet<(usize, usize)>,
}

impl<'a> Chosen<'a> {
    fn contains(&self, edit: &Edit) -> bool {
        self.seen.contains(edit)
    }

    fn insert(&mut self, edit: &'a Edit) {
        if self.seen.insert(edit) {
            self.edits.push(edit);
            self.ranges.insert((edit.range.start, edit.range.end));
        }
    }

    /// Whether `edit` conflicts (as `conflicts` in the tests defines it)
    /// with any chosen edit.
    fn conflicts_with(&self, edit: &Edit) -> bool {
        let (start, end) = (edit.range.start, edit.range.end);
        // An edit at the same start: equal, or two insertions at one point.
        if self
            .ranges
            .range((start, 0)..)
            .next()
            .is_some_and(|&(s, _)| s == start)
        {
            return true;
        }
        // Otherwise only one that starts before `end` can overlap, and the
        // last of those reaches furthest.
        self.ranges
            .range(..(end, 0))
            .next_back()
            .is_some_and(|&(s, e)| s < end && start < e)
    }

    fn into_sorted(self) -> Vec<Edit> {
        let mut edits: Vec<Edit> = self.edits.into_iter().cloned().collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        edits
    }
}

/// Whether two edits cannot both be applied: the same edit, two at one
/// start, or overlapping ranges. `Chosen::conflicts_with` answers this
/// against every chosen edit at once; this is the definition it is tested
/// against.
#[cfg(test)]
fn conflicts(a: &Edit, b: &Edit) -> bool {
    if a == b {
        return true;
    }
    // Two insertions at one point would interleave unpredictably.
    if a.range.start == b.range.start {
        return true;
    }
    a.range.start < b.range.end && b.range.start < a.range.end
}

/// The result of fixing a text until it is stable.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    /// How many fixes were applied, per rule.
    pub applied: Vec<(Rule, usize)>,
    /// What is left after the last round.
    pub remaining: Vec<Diagnostic>,
    /// True when the round limit stopped fixing before it converged.
    pub hit_round_limit: bool,
}

impl FixOutcome {
    pub fn fixed_count(&self) -> usize {
        self.applied.iter().map(|(_, n)| n).sum()
    }
}

/// Bound on lint-fix rounds. Each round applies every compatible fix, so real
/// documents converge in two or three; the bound only stops a pathological
/// pair of fixes from undoing each other forever.
pub const MAX_ROUNDS: usize = 10;

/// Lints, applies every compatible fix, and lints again, until nothing more
/// can be fixed or [`MAX_ROUNDS`] is reached.
pub fn fix_until_stable(text: &str, config: &Config, unsafe_fixes: bool) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied: Vec<(Rule, usize)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let diagnostics = crate::linter::lint(&current, config);
        let (edits, rules) = select_fixes(&diagnostics, unsafe_fixes);
        if edits.is_empty() {
            return FixOutcome {
                text: current,
                applied,
                remaining: diagnostics,
                hit_round_limit: false,
            };
        }
        let next = apply_edits(&current, &edits);
        if next == current {
            return FixOutcome {
                text: current,
                applied,
                remaining: diagnostics,
                hit_round_limit: false,
            };
        }
        for rule in rules {
            match applied.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, n)) => *n += 1,
                None => applied.push((rule, 1)),
            }
        }
        current = next;
    }
    let remaining = crate::linter::lint(&current, config);
    FixOutcome {
        text: current,
        applied,
        remaining,
        hit_round_limit: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_edits_conflict() {
        assert!(conflicts(
            &Edit::replace(0..4, "x"),
            &Edit::replace(3..5, "y")
        ));
        assert!(conflicts(&Edit::insert(3, "x"), &Edit::insert(3, "y")));
        assert!(!conflicts(
            &Edit::replace(0..3, "x"),
            &Edit::replace(3..5, "y")
        ));
    }

    /// `select_fixes` as first written: every edit checked against every
    /// chosen edit. Quadratic, and the definition the fast one must match.
    fn select_fixes_naive(
        diagnostics: &[Diagnostic],
        unsafe_fixes: bool,
    ) -> (Vec<Edit>, Vec<Rule>) {
        let mut chosen: Vec<Edit> = Vec::new();
        let mut rules = Vec::new();
        let mut fixes: Vec<(&Diagnostic, &Fix)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_deref().map(|f| (d, f)))
            .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
            .collect();
        fixes.sort_by_key(|(d, f)| (f.span().start, d.range.start, d.rule));
        for (diagnostic, fix) in fixes {
            if fix.edits.is_empty() {
                continue;
            }
            let clashes = fix
                .edits
                .iter()
                .any(|e| chosen.iter().any(|c| conflicts(c, e)));
            if clashes && !fix.edits.iter().all(|e| chosen.contains(e)) {
                continue;
            }
            for edit in &fix.edits {
                if !chosen.contains(edit) {
                    chosen.push(edit.clone());
                }
            }
            rules.push(diagnostic.rule);
        }
        chosen.sort_by_key(|e| (e.range.start, e.range.end));
        (chosen, rules)
    }

    /// A fix of sorted, non-overlapping edits (the contract every rule
    /// keeps), from (gap, length, text) triples.
    fn fix_of(start: usize, parts: &[(usize, usize, usize)], safe: bool) -> Fix {
        let mut at = start;
        let mut edits = Vec::new();
        for &(gap, len, text) in parts {
            at += gap;
            edits.push(Edit::replace(at..at + len, ["", "x", "yy"][text]));
            at += len;
        }
        let applicability = if safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Fix::new("fix", edits, applicability)
    }

    proptest::proptest! {
        #[test]
        fn select_fixes_matches_the_naive_definition(
            fixes in proptest::collection::vec(
                (
                    0usize..30,
                    proptest::collection::vec((0usize..4, 0usize..4, 0usize..3), 1..4),
                    proptest::bool::ANY,
                    0usize..3,
                ),
                0..40,
            ),
            unsafe_fixes in proptest::bool::ANY,
        ) {
            let diagnostics: Vec<Diagnostic> = fixes
                .iter()
                .map(|(start, parts, safe, rule)| {
                    let fix = fix_of(*start, parts, *safe);
                    Diagnostic::new(Rule::ALL[*rule], fix.span(), "d").with_fix(fix)
                })
                .collect();
            // The same fix from a second diagnostic: one change, not a clash.
            let mut diagnostics = diagnostics;
            let again: Vec<Diagnostic> = diagnostics.iter().step_by(3).cloned().collect();
            diagnostics.extend(again);
            proptest::prop_assert_eq!(
                select_fixes(&diagnostics, unsafe_fixes),
                select_fixes_naive(&diagnostics, unsafe_fixes)
            );
        }
    }

    #[test]
    fn half_a_million_fixes_on_one_line_are_all_chosen() {
        // One insertion after each of 500,000 unclosed markers: checking each
        // against every chosen edit took minutes.
        let diagnostics: Vec<Diagnostic> = (0..500_000)
            .map(|i| {
                let at = i * 22 + 10;
                Diagnostic::new(Rule::UnclosedMarker, at - 10..at, "open")
                    .with_fix(Fix::safe("Insert `)`", vec![Edit::insert(at, ")")]))
            })
            .collect();
        let (edits, rules) = select_fixes(&diagnostics, false);
        assert_eq!(edits.len(), 500_000);
        assert_eq!(rules.len(), 500_000);
        assert!(edits
            .windows(2)
            .all(|w| w[0].range.start < w[1].range.start));
    }
}
