//! Command-line arguments of `check`, `rules` and `rule`.

use std::path::PathBuf;

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// `path:line:col`, the rule, the message and the source line with a caret.
    Text,
    /// A JSON array of findings (the shape is documented in the README).
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Defaults to
    /// the current directory.
    pub paths: Vec<PathBuf>,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output_format: OutputFormat,

    /// Apply safe fixes and write the files back, then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// Also apply unsafe fixes (guesses such as a name spelled like its label).
    /// Implies nothing on its own: use with `--fix` or `--diff`.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them. Writes
    /// nothing; exits with 1 when some file would change.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Only these rules (comma-separated names, or `ALL`); replaces the
    /// configuration's selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Also run these rules, on top of the selection (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Never run these rules (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Exit with 0 even when there are findings (errors reading files or
    /// configuration still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print how often each rule fired instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Print the findings only: no summary line, no progress notes.
    #[arg(long, short)]
    pub quiet: bool,

    /// Apply the configuration's `exclude` to files named on the command line
    /// too (pre-commit and editors name files explicitly).
    #[arg(long)]
    pub force_exclude: bool,

    /// Print the files that would be checked, one a line, and exit.
    #[arg(long)]
    pub show_files: bool,

    /// Read every file in this format instead of detecting it: `auto`,
    /// `generic`, `hearing`, `court`, `deposition`, `oral-history`, `otter`,
    /// `zoom`, `webvtt` or `srt`. Replaces `format =` and `[[overrides]]`.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,

    /// Print the format each file is read in and why (`path: hearing
    /// (certain): GPO banner on lines 1-2`), and exit.
    #[arg(long)]
    pub show_format: bool,

    /// Use this configuration file for every path instead of discovering
    /// `verbatim.toml` / `.verbatim.toml` next to each file.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// The name to report (and to find the configuration from) when reading
    /// standard input with `-`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// An aligned table for the terminal.
    Text,
    /// The Markdown table the README carries.
    Markdown,
    /// A JSON array of rule metadata.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule's name, e.g. `unclosed-marker`.
    pub name: String,
}
