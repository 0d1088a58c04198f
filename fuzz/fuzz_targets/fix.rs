//! Fixing converges: `fix_until_stable` with unsafe fixes and every rule
//! does not stop at the round limit with fixes still to apply, a second
//! pass changes nothing, and every edit it would apply is a character
//! range of the text.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use verbatim_core::fix::apply_edits;
use verbatim_core::fix_all::{fix_until_stable, select_fixes};
use verbatim_core::{lint, Config};
use verbatim_fuzz::{all_rules, check_diagnostics, check_edits};

static CONFIG: LazyLock<Config> = LazyLock::new(all_rules);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = &*CONFIG;

    // The first round's edits, checked before anything applies them.
    let diagnostics = lint(&text, config);
    check_diagnostics(&text, &diagnostics);
    let (edits, _) = select_fixes(&diagnostics, true);
    check_edits(&text, &edits, "first round");

    let first = fix_until_stable(&text, config, true);
    // Nothing fixable is left: had the round limit stopped it, a fix that
    // changes the text would still be there (fixes that would change
    // nothing aside).
    let (left, _) = select_fixes(&first.remaining, true);
    check_edits(&first.text, &left, "left over");
    assert!(
        apply_edits(&first.text, &left) == first.text,
        "fixing {text:?} left fixes to apply (round limit hit: {}): {left:?} in {:?}",
        first.hit_round_limit,
        first.text
    );

    let second = fix_until_stable(&first.text, config, true);
    assert_eq!(
        second.text, first.text,
        "a second pass changed the fixed text of {text:?}"
    );
    assert_eq!(
        second.fixed_count(),
        0,
        "a second pass applied fixes to {:?}: {:?}",
        first.text,
        second.applied
    );
});
