//! Commands: options from the CLI in, a library call, a report out.

mod build;
mod extract;
mod init;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use factbook::BuildOptions;
use factbook::diag::Diagnostics;
use factbook::source::SourceMap;
use factbook::write::ForeignDir;

use crate::cli::{Command, MessageFormat, OutputArgs};

/// Runs one command and returns its exit code.
pub(crate) fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build { dir, out, site_url, timings, message_format } => {
            if timings {
                factbook::timings::enable();
            }
            build::build(&BuildOptions { site_url, ..build_options(dir, out) }, message_format)
        }
        Command::Check { dir, deny_warnings, message_format } => {
            build::check(dir, deny_warnings, message_format)
        }
        Command::Init { dir } => init::init(&dir),
        Command::Serve { dir, port, hostname, open, out, message_format } => serve::serve(
            factbook::serve::ServeOptions { build: build_options(dir, out), hostname, port, open },
            message_format,
        ),
        Command::Watch { dir, out, message_format } => {
            serve::watch(build_options(dir, out), message_format)
        }
        Command::Extract { file, format, date, language } => {
            extract::extract(&factbook::ExtractOptions { file, date, language }, format)
        }
    }
}

/// What to build from `dir`, and where (`--force` lets a build replace a
/// folder factbook did not write).
fn build_options(dir: PathBuf, out: OutputArgs) -> BuildOptions {
    let foreign_dir = if out.force { ForeignDir::Replace } else { ForeignDir::Refuse };
    BuildOptions { root: dir, dest_dir: out.dest_dir, site_url: None, foreign_dir }
}

/// Prints diagnostics: human text on stderr (colour only on a terminal and
/// without `NO_COLOR`), or JSON lines on stdout.
pub(crate) fn print_diagnostics(
    diags: &Diagnostics,
    sources: &SourceMap,
    format: MessageFormat,
    shown: Shown,
) {
    match format {
        MessageFormat::Json => print!("{}", diags.render_json(sources)),
        MessageFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let per_code = match shown {
                Shown::All => usize::MAX,
                Shown::Capped => WARNINGS_PER_CODE,
            };
            eprint!("{}", diags.render_styled_capped(sources, color, per_code));
        }
    }
}

/// How many warnings of one code `build` and `serve` print (`check` prints all).
const WARNINGS_PER_CODE: usize = 20;

/// Which findings a command prints for people (JSON always has them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Every finding: `check` and `extract`, whose job is to list them.
    All,
    /// Every error, and the first warnings of each code: `build` and `serve`.
    Capped,
}

/// Prints the one-line summary: on stdout, or on stderr when stdout carries JSON.
pub(crate) fn print_summary(line: &str, format: MessageFormat) {
    match format {
        MessageFormat::Human => println!("{line}"),
        MessageFormat::Json => eprintln!("{line}"),
    }
}

/// 1 when there are content errors, else 0.
pub(crate) fn exit_code(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
