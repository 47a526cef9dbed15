//! `factbook build` and `factbook check`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use factbook::{BuildOptions, build_site, compile_site};

use super::{exit_code, print_diagnostics};

/// Builds the site and prints the summary line.
pub(super) fn build(
    root: PathBuf,
    dest_dir: Option<PathBuf>,
    site_url: Option<String>,
) -> Result<ExitCode> {
    let outcome = build_site(&BuildOptions { root, dest_dir, site_url })?;
    print_diagnostics(&outcome.site.diagnostics, &outcome.site.sources);
    println!("{}", outcome.summary());
    Ok(exit_code(&outcome.site.diagnostics))
}

/// Loads, analyses and renders in memory; reports every finding.
pub(super) fn check(root: PathBuf) -> Result<ExitCode> {
    let site = compile_site(&BuildOptions { root, ..BuildOptions::default() })?;
    print_diagnostics(&site.diagnostics, &site.sources);
    let errors = site.diagnostics.count(factbook::diag::Severity::Error);
    let warnings = site.diagnostics.count(factbook::diag::Severity::Warning);
    println!(
        "checked {} articles, {} entities, {} claims: {errors} errors, {warnings} warnings",
        site.model.articles.len(),
        site.model.entities.len(),
        site.model.claims.len()
    );
    Ok(exit_code(&site.diagnostics))
}
