//! `factbook build` and `factbook check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use factbook::diag::Severity;
use factbook::i18n::count_en;
use factbook::{BuildOptions, Progress, build_site_with, check_site};

use super::{Shown, exit_code, print_diagnostics, print_summary};
use crate::cli::MessageFormat;

/// Builds the site and prints the summary line.
pub(super) fn build(opts: &BuildOptions, format: MessageFormat) -> Result<ExitCode> {
    let bar = Bar::new();
    let outcome = build_site_with(opts, &bar)?;
    print_diagnostics(&outcome.site.diagnostics, &outcome.site.sources, format, Shown::Capped);
    print_summary(&outcome.summary(), format);
    if factbook::timings::enabled() {
        eprint!("{}", factbook::timings::take_report());
    }
    Ok(exit_code(&outcome.site.diagnostics))
}

/// Loads, analyses and renders in memory; reports every finding.
pub(super) fn check(root: PathBuf, deny_warnings: bool, format: MessageFormat) -> Result<ExitCode> {
    let mut site = check_site(&BuildOptions { root, ..BuildOptions::default() })?;
    if deny_warnings {
        site.diagnostics.deny_warnings();
    }
    print_diagnostics(&site.diagnostics, &site.sources, format, Shown::All);
    let errors = site.diagnostics.count(Severity::Error);
    let warnings = site.diagnostics.count(Severity::Warning);
    let notes = match site.diagnostics.count(Severity::Note) {
        0 => String::new(),
        n => format!(", {}", count_en(n, "note", "notes")),
    };
    print_summary(
        &format!(
            "checked {}, {}, {}: {}, {}{}",
            count_en(site.model.articles.len(), "article", "articles"),
            count_en(site.model.entities.len(), "entity", "entities"),
            count_en(site.model.claims.len(), "claim", "claims"),
            count_en(errors, "error", "errors"),
            count_en(warnings, "warning", "warnings"),
            notes,
        ),
        format,
    );
    Ok(exit_code(&site.diagnostics))
}

/// A progress bar on stderr, only when stderr is a terminal and only once
/// rendering has taken longer than [`Bar::DELAY`]: short builds print
/// nothing but their summary, and pipes and CI logs never see the bar.
struct Bar {
    bar: indicatif::ProgressBar,
    started: std::sync::OnceLock<std::time::Instant>,
    shown: std::sync::atomic::AtomicBool,
    tty: bool,
}

impl Bar {
    const DELAY: std::time::Duration = std::time::Duration::from_millis(400);

    fn new() -> Bar {
        use std::io::IsTerminal;
        let bar = indicatif::ProgressBar::hidden();
        let style = indicatif::ProgressStyle::with_template(
            "{spinner} rendering [{bar:30}] {pos}/{len} files ({elapsed})",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Bar {
            bar,
            started: std::sync::OnceLock::new(),
            shown: std::sync::atomic::AtomicBool::new(false),
            tty: std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
        self.bar.reset_elapsed();
        let _ = self.started.set(std::time::Instant::now());
    }

    fn advance(&self) {
        use std::sync::atomic::Ordering;
        self.bar.inc(1);
        if self.bar.position() > self.bar.length().unwrap_or(0) {
            // The estimate left out list pages and data files.
            self.bar.set_length(self.bar.position());
        }
        let late = self.started.get().is_some_and(|t| t.elapsed() > Bar::DELAY);
        if self.tty && late && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
