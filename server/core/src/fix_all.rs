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
pub fn select_fixes<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    unsafe_fixes: bool,
) -> (Vec<Edit>, Vec<Rule>) {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut rules = Vec::new();
    // Fixes are considered in document order so that the result does not
    // depend on the order rules ran in.
    let mut fixes: Vec<(&Diagnostic, &Fix)> = diagnostics
        .into_iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
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
        // Identical edits from two diagnostics (two references asking for the
        // same renumbering) are one change, not a clash.
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
}
