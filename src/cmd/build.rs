//! `factbook build` and `factbook check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use factbook::diag::Severity;
use factbook::{BuildOptions, build_site, check_site};

use super::{exit_code, print_diagnostics, print_summary};
use crate::cli::MessageFormat;

/// Builds the site and prints the summary line.
pub(super) fn build(opts: &BuildOptions, format: MessageFormat) -> Result<ExitCode> {
    let outcome = build_site(opts)?;
    print_diagnostics(&outcome.site.diagnostics, &outcome.site.sources, format);
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
    print_diagnostics(&site.diagnostics, &site.sources, format);
    let errors = site.diagnostics.count(Severity::Error);
    let warnings = site.diagnostics.count(Severity::Warning);
    print_summary(
        &format!(
            "checked {} articles, {} entities, {} claims: {errors} errors, {warnings} warnings",
            site.model.articles.len(),
            site.model.entities.len(),
            site.model.claims.len()
        ),
        format,
    );
    Ok(exit_code(&site.diagnostics))
}
