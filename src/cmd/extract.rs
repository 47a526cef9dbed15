//! `factbook extract FILE`: the figures of one article as `[[claims]]` TOML for review,
//! or as JSON for editors and scripts.

use std::process::ExitCode;

use anyhow::Result;
use factbook::figures::{self, Unit};
use factbook::model::Candidate;
use factbook::{ExtractOptions, Extraction, extract_file};
use serde_json::json;

use super::print_diagnostics;
use crate::cli::ExtractFormat;

/// Extracts and prints; diagnostics (site files, front matter) go to stderr.
pub(super) fn extract(opts: &ExtractOptions, format: ExtractFormat) -> Result<ExitCode> {
    let x = extract_file(opts)?;
    print_diagnostics(
        &x.diagnostics,
        &x.sources,
        crate::cli::MessageFormat::Human,
        super::Shown::All,
    );
    let out = match format {
        ExtractFormat::Toml => to_toml(&x),
        ExtractFormat::Json => to_json(&x),
    };
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn slug(x: &Extraction, id: Option<factbook::model::EntityId>) -> Option<String> {
    id.and_then(|e| x.entities.get(e.0 as usize)).map(|e| e.slug.to_string())
}

fn claim_id(x: &Extraction, c: &Candidate, seen: &mut Vec<String>) -> Option<String> {
    if !c.is_claim() {
        return None;
    }
    let subject = x.entities.get(c.subject?.0 as usize)?;
    let base = factbook::analyze::claims::default_id(
        &subject.slug,
        c.metric.as_deref()?,
        c.period.as_deref(),
        Some(&x.article.slug),
    )
    .to_string();
    let n = seen.iter().filter(|s| **s == base).count();
    seen.push(base.clone());
    Some(if n == 0 { base } else { format!("{base}-{}", n + 1) })
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn unit_name(u: Option<Unit>) -> &'static str {
    match u {
        None => "",
        Some(Unit::Count) => "count",
        Some(Unit::Percent) => "percent",
        Some(Unit::Multiple) => "multiple",
        Some(Unit::Rank) => "rank",
    }
}

/// `[[claims]]` tables in body order. Figures that lack a subject or a metric still
/// get a table, with the missing key left empty and a comment saying so.
fn to_toml(x: &Extraction) -> String {
    let mut out = String::new();
    let claims = x.candidates.iter().filter(|c| c.is_claim()).count();
    out.push_str(&format!(
        "# factbook extract: {} figures in {} ({claims} with subject and metric)\n",
        x.candidates.len(),
        x.article.path.display()
    ));
    match &x.site_root {
        Some(root) => out.push_str(&format!("# subjects from the site at {}\n", root.display())),
        None => out.push_str("# no book.toml above this file: subjects are left empty\n"),
    }
    out.push_str("# review every table, fix what is wrong, then paste it into the front matter\n");
    let mut seen = Vec::new();
    for c in &x.candidates {
        out.push('\n');
        if c.equivalent {
            out.push_str(&format!(
                "# {} restates the figure before in another currency; no claim of its own\n",
                figures::format_amount(&c.amount, x.language)
            ));
            continue;
        }
        let mut missing = Vec::new();
        if c.subject.is_none() {
            missing.push("subject");
        }
        if c.metric.is_none() {
            missing.push("metric");
        }
        if !missing.is_empty() {
            out.push_str(&format!("# needs {}\n", missing.join(" and ")));
        }
        out.push_str("[[claims]]\n");
        if let Some(id) = claim_id(x, c, &mut seen) {
            out.push_str(&format!("id = {}\n", quoted(&id)));
        }
        out.push_str(&format!("subject = {}\n", quoted(&slug(x, c.subject).unwrap_or_default())));
        out.push_str(&format!("metric = {}\n", quoted(c.metric.as_deref().unwrap_or(""))));
        out.push_str(&format!(
            "value = {}\n",
            quoted(&figures::format_amount(&c.amount, x.language))
        ));
        if let Some(cur) = c.amount.currency {
            out.push_str(&format!("currency = {}\n", quoted(cur)));
        }
        out.push_str(&format!("qualifier = {}\n", quoted(c.qualifier)));
        if let Some(p) = &c.period {
            out.push_str(&format!("period = {}\n", quoted(p)));
        }
        if let Some(s) = slug(x, c.counterparty) {
            out.push_str(&format!("counterparty = {}\n", quoted(&s)));
        }
        if let Some(s) = slug(x, c.according_to) {
            out.push_str(&format!("according-to = {}\n", quoted(&s)));
        }
        out.push_str(&format!("quote = {}\n", quoted(&c.quote)));
    }
    out
}

/// A JSON array, one object per figure; `span` is a byte range in the file.
fn to_json(x: &Extraction) -> String {
    let mut seen = Vec::new();
    let items: Vec<serde_json::Value> = x
        .candidates
        .iter()
        .map(|c| {
            let a = &c.amount;
            json!({
                "id": claim_id(x, c, &mut seen),
                "amount": a.value.normalize().to_string(),
                "amount_max": a.value_max.map(|v| v.normalize().to_string()),
                "currency": a.currency.unwrap_or(""),
                "unit": unit_name(a.unit),
                "value": figures::format_amount(a, x.language),
                "per": a.per.as_ref().map(|p| p.describe()),
                "currency_implied": a.currency_implied,
                "qualifier": c.qualifier,
                "subject": slug(x, c.subject),
                "metric": c.metric,
                "period": c.period,
                "counterparty": slug(x, c.counterparty),
                "according_to": slug(x, c.according_to),
                "quote": c.quote,
                "equivalent": c.equivalent,
                "span": [x.article.file_offset(a.span.start), x.article.file_offset(a.span.end)],
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}
