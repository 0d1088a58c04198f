//! The headless front end: `verbatim check`, `verbatim rules`, `verbatim rule`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    pub paths: Vec<std::path::PathBuf>,
}

#[derive(clap::Args)]
pub struct RulesArgs {}

#[derive(clap::Args)]
pub struct RuleArgs {
    /// The rule's name, e.g. `unclosed-marker`.
    pub name: String,
}

pub fn check(_args: CheckArgs) -> ExitCode {
    ExitCode::from(2)
}

pub fn rules(_args: RulesArgs) -> ExitCode {
    ExitCode::SUCCESS
}

pub fn rule(_args: RuleArgs) -> ExitCode {
    ExitCode::SUCCESS
}
