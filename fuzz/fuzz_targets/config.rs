//! Any bytes as `verbatim.toml`: the parser gives an error or a config,
//! never a panic; the error prints, and a config lints a transcript.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use verbatim_core::{fix, lint, Config};
use verbatim_fuzz::check_diagnostics;

const SAMPLE: &str = "\
Remarks

MR ROBINSON: Good evening. Robin said “yes”[1] -- and then (inaudible).

MS. PSAKI: (Applause) Thank you, Mr. Robinsn.  (crosstalk

Notes

[1] A note.
";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Config::from_toml(&text, Some(Path::new("verbatim.toml"))) {
        Ok(config) => {
            let diagnostics = lint(SAMPLE, &config);
            check_diagnostics(SAMPLE, &diagnostics);
            let _ = fix(SAMPLE, &config, true);
            for tag in &config.settings.extra_tags {
                let probe = format!("MR A: ({tag}) and ({tag}\n");
                check_diagnostics(&probe, &lint(&probe, &config));
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
