//! Commands: options from the CLI in, a library call, a report out.

mod build;
mod extract;
mod init;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use factbook::diag::Diagnostics;
use factbook::source::SourceMap;

use crate::cli::Command;

/// Runs one command and returns its exit code.
pub(crate) fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build { dir, dest_dir, site_url } => build::build(dir, dest_dir, site_url),
        Command::Check { dir } => build::check(dir),
        Command::Init { dir } => init::init(&dir),
        Command::Extract { file, format, date, language } => {
            extract::extract(&factbook::ExtractOptions { file, date, language }, format)
        }
    }
}

/// Prints diagnostics to stderr (colour only on a terminal).
pub(crate) fn print_diagnostics(diags: &Diagnostics, sources: &SourceMap) {
    let text = diags.render(sources);
    if text.is_empty() {
        return;
    }
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        let colored = text
            .lines()
            .map(|l| {
                if l.contains(": error[") || l.starts_with("error[") {
                    format!("\x1b[1;31m{l}\x1b[0m")
                } else if l.contains(": warning[") || l.starts_with("warning[") {
                    format!("\x1b[1;33m{l}\x1b[0m")
                } else if l.trim_start().starts_with("help:") {
                    format!("\x1b[36m{l}\x1b[0m")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        eprintln!("{colored}");
    } else {
        eprint!("{text}");
    }
}

/// 1 when there are content errors, else 0.
pub(crate) fn exit_code(diags: &Diagnostics) -> ExitCode {
    if diags.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
