//! `verbatim`: a linter and language server for transcripts.
//!
//! Argument parsing and dispatch only; the front ends live in the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use verbatim::{cli, lsp};

#[derive(Parser)]
#[command(
    name = "verbatim",
    version,
    about = "A linter and language server for transcripts."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint transcripts (files, directories, or `-` for standard input).
    Check(cli::CheckArgs),
    /// List every rule with its default severity and fix.
    Rules(cli::RulesArgs),
    /// Print one rule's documentation.
    Rule(cli::RuleArgs),
    /// Run the language server over standard input and output.
    Server(lsp::ServerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cli::check(args),
        Command::Rules(args) => cli::rules(args),
        Command::Rule(args) => cli::rule(args),
        Command::Server(args) => lsp::run(args),
    }
}
