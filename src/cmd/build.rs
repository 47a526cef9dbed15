//! `factbook build` and `factbook check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use factbook::diag::Severity;
use factbook::{BuildOptions, build_site, compile_site};

use super::{exit_code, print_diagnostics, print_summary};
use crate::cli::MessageFormat;

/// Builds the site and prints the summary line.
pub(super) fn build(
    root: PathBuf,
    dest_dir: Option<PathBuf>,
    site_url: Option<String>,
    format: MessageFormat,
) -> Result<ExitCode> {
    let outcome = build_site(&BuildOptions { root, dest_dir, site_url })?;
    let diags = &outcome.site.diagnostics;
    match format {
        MessageFormat::Json => print_diagnostics(diags, &outcome.site.sources, format),
        MessageFormat::Human => {
            // One line instead of a warning per figure: `check` lists them.
            let (shown, uncovered) = diags.without("uncovered-figure");
            print_diagnostics(&shown, &outcome.site.sources, format);
            if uncovered > 0 {
                eprintln!(
                    "note: {uncovered} money figure(s) are not covered by any claim; `factbook check` lists them"
                );
            }
        }
    }
    print_summary(&outcome.summary(), format);
    Ok(exit_code(&outcome.site.diagnostics))
}

/// Loads, analyses and renders in memory; reports every finding.
pub(super) fn check(root: PathBuf, deny_warnings: bool, format: MessageFormat) -> Result<ExitCode> {
    let mut site = compile_site(&BuildOptions { root, ..BuildOptions::default() })?;
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
