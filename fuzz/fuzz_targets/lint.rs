//! Any bytes, as UTF-8 text (lossy), through every rule: no panic, no hang
//! (`-timeout`), and every range in the result is a character range of the
//! text, in the documented order.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use verbatim_core::{lint, Config};
use verbatim_fuzz::{all_rules, all_rules_configured, check_diagnostics};

static CONFIGS: LazyLock<[Config; 2]> = LazyLock::new(|| [all_rules(), all_rules_configured()]);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for config in CONFIGS.iter() {
        let diagnostics = lint(&text, config);
        check_diagnostics(&text, &diagnostics);
    }
});
