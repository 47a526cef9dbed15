//! Commands: options from the CLI in, a library call, a report out.

mod build;
mod extract;
mod init;
mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use factbook::BuildOptions;
use factbook::diag::Diagnostics;
use factbook::source::SourceMap;
use factbook::write::ForeignDir;

use crate::cli::{Command, MessageFormat};

/// Runs one command and returns its exit code.
pub(crate) fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Build { dir, dest_dir, force, site_url, timings, message_format } => {
            if timings {
                factbook::timings::enable();
            }
            let opts = BuildOptions { root: dir, dest_dir, site_url, foreign_dir: foreign(force) };
            build::build(&opts, message_format)
        }
        Command::Check { dir, deny_warnings, message_format } => {
            build::check(dir, deny_warnings, message_format)
        }
        Command::Init { dir } => init::init(&dir),
        Command::Serve { dir, port, hostname, open, dest_dir, force } => {
            serve::serve(factbook::serve::ServeOptions {
                build: BuildOptions {
                    root: dir,
                    dest_dir,
                    site_url: None,
                    foreign_dir: foreign(force),
                },
                hostname,
                port,
                open,
            })
        }
        Command::Watch { dir, dest_dir, force } => serve::watch(BuildOptions {
            root: dir,
            dest_dir,
            site_url: None,
            foreign_dir: foreign(force),
        }),
        Command::Extract { file, format, date, language } => {
            extract::extract(&factbook::ExtractOptions { file, date, language }, format)
        }
    }
}

/// `--force` lets a build replace a folder factbook did not write.
fn foreign(force: bool) -> ForeignDir {
    if force { ForeignDir::Replace } else { ForeignDir::Refuse }
}

/// Prints diagnostics: human text on stderr (colour only on a terminal and
/// without `NO_COLOR`), or JSON lines on stdout.
pub(crate) fn print_diagnostics(diags: &Diagnostics, sources: &SourceMap, format: MessageFormat) {
    match format {
        MessageFormat::Json => print!("{}", diags.render_json(sources)),
        MessageFormat::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!("{}", diags.render_styled(sources, color));
        }
    }
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
