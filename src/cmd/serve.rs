//! `factbook serve` and `factbook watch`.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use factbook::serve::{Rebuilt, Reporter, ServeOptions, Session, bind, spawn_server, watch_loop};
use factbook::{BuildOptions, Site};

use super::{Shown, print_diagnostics, print_summary};
use crate::cli::MessageFormat;

/// Reports builds on the terminal: diagnostics as text, or as JSON lines on
/// stdout (status lines then go to stderr) for editors that watch.
struct Terminal {
    format: MessageFormat,
}

impl Reporter for Terminal {
    fn built(&mut self, site: &Site, elapsed_ms: u128) {
        print_diagnostics(&site.diagnostics, &site.sources, self.format, Shown::Capped);
        let state = if site.diagnostics.has_errors() { "build failed" } else { "built" };
        print_summary(&format!("{state}: {} pages in {elapsed_ms} ms", site.pages), self.format);
    }

    fn rebuilt(&mut self, what: &str, result: &Rebuilt, site: &Site, elapsed_ms: u128) {
        match result {
            Rebuilt::Ok { written, removed, css_only, elsewhere } => {
                print_diagnostics(&site.diagnostics, &site.sources, self.format, Shown::Capped);
                let how = if *css_only { ", stylesheet swapped" } else { "" };
                let others = match elsewhere {
                    0 => String::new(),
                    n => format!(" ({n} warnings in other files)"),
                };
                print_summary(
                    &format!(
                        "changed {what}: {written} files written, {removed} removed in {elapsed_ms} ms{how}{others}"
                    ),
                    self.format,
                );
            }
            Rebuilt::Failed(text) => {
                match self.format {
                    MessageFormat::Human => eprint!("{text}"),
                    MessageFormat::Json => print_diagnostics(
                        &site.diagnostics,
                        &site.sources,
                        self.format,
                        Shown::Capped,
                    ),
                }
                print_summary(
                    &format!(
                        "changed {what}: build failed, still serving the last good site ({elapsed_ms} ms)"
                    ),
                    self.format,
                );
            }
        }
    }
}

/// Serves the site with live reload until interrupted.
pub(super) fn serve(opts: ServeOptions, format: MessageFormat) -> Result<ExitCode> {
    let listener = bind(&opts.hostname, opts.port)?;
    let addr = listener.local_addr()?;
    let start = Instant::now();
    let (session, site) = Session::start(opts.build.clone())?;
    let mut reporter = Terminal { format };
    reporter.built(&site, start.elapsed().as_millis());
    let shared = spawn_server(listener, &session);
    if site.diagnostics.has_errors() {
        shared.set_error(Some(site.diagnostics.render(&site.sources)));
    }
    let url = format!("http://{addr}{}", session.base_path());
    print_summary(
        &format!("serving {} at {url} (Ctrl+C to stop)", session.build_dir().display()),
        format,
    );
    if opts.open {
        open_browser(&url);
    }
    watch_loop(session, Some(shared), &mut reporter)?;
    Ok(ExitCode::SUCCESS)
}

/// Rebuilds on every change, without a server.
pub(super) fn watch(build: BuildOptions, format: MessageFormat) -> Result<ExitCode> {
    let start = Instant::now();
    let (session, site) = Session::start(build)?;
    let mut reporter = Terminal { format };
    reporter.built(&site, start.elapsed().as_millis());
    print_summary(
        &format!("watching {} (Ctrl+C to stop)", session.layout().root.display()),
        format,
    );
    watch_loop(session, None, &mut reporter)?;
    Ok(ExitCode::SUCCESS)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        println!("open {url} in your browser");
    }
}
