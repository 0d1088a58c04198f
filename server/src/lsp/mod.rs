//! The language server front end: `verbatim server`.

use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ServerArgs {
    /// Log level for stderr: error, warn, info, debug, trace. Overrides `VERBATIM_LOG`.
    #[arg(long)]
    pub log_level: Option<String>,
}

pub fn run(_args: ServerArgs) -> ExitCode {
    ExitCode::from(2)
}
