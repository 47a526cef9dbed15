//! Claims: curated `[[claims]]` resolved against the registry, their quotes
//! located in the body, and stable ids assigned.
//!
//! Invariant: a claim's id depends only on its own article (subject, metric,
//! period, and for extracted claims the article slug), never on other files,
//! so claim URLs survive edits elsewhere.

use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::figures;
use crate::model::{Article, ArticleId, Claim, ClaimSpec, Entity, EntityId, Origin, Slug, SlugRef};

/// Qualifier names a claim may carry.
pub const QUALIFIERS: &[&str] = &[
    "exact",
    "approximately",
    "at-least",
    "more-than",
    "less-than",
    "up-to",
    "target",
    "estimate",
    "range",
];

/// Metric names factbook knows (labels, extraction); a curated claim's metric
/// close to one of them but not equal is likely a typo (`fundng`). Others are
/// custom metrics and pass.
pub const METRICS: &[&str] = &[
    "acquisition",
    "buybacks",
    "compensation",
    "cost",
    "customers",
    "debt",
    "dividends",
    "downloads",
    "employees",
    "funding",
    "gross-profit",
    "growth",
    "income",
    "interest-rate",
    "investment",
    "margin",
    "market-cap",
    "market-share",
    "net-income",
    "net-loss",
    "net-worth",
    "operating-income",
    "pre-tax-profit",
    "price",
    "profit",
    "profit-cap",
    "rank",
    "revenue",
    "shareholder-returns",
    "spending",
    "stake",
    "subscribers",
    "units-sold",
    "users",
    "valuation",
    "visits",
];

/// A warning for a metric that looks like a misspelt known one.
fn metric_typo(spec: &ClaimSpec) -> Option<Diagnostic> {
    let metric = spec.metric.as_str();
    let base = metric.strip_suffix("-target").unwrap_or(metric);
    if METRICS.contains(&base) {
        return None;
    }
    let help = did_you_mean(base, METRICS)?;
    Some(
        Diagnostic::warning(
            "unknown-metric",
            Some(spec.span_of("metric")),
            format!("unknown metric \"{metric}\""),
        )
        .with_help(format!(
            "{help} (a metric of your own is fine when it is spelt the same everywhere)"
        )),
    )
}

/// The claim's figure with the hedge it is stated with: the value's own
/// qualifier ("about $2.8 billion", "$9.6 billion to $9.8 billion"), else the
/// claim's `qualifier` when that is a property of a figure (`approximately`).
/// `target` and `estimate` say what kind of statement a claim is, so they
/// combine with either (a target range, an approximate estimate).
pub fn stated_amount(c: &Claim) -> Option<figures::Amount> {
    let mut a = c.amount.clone()?;
    if a.qualifier == figures::Qualifier::Exact
        && let Some(q) = figures::parse_qualifier(&c.qualifier)
    {
        a.qualifier = q;
    }
    if a.qualifier == figures::Qualifier::Range && a.value_max.is_none() {
        a.qualifier = figures::Qualifier::Exact;
    }
    if a.qualifier != figures::Qualifier::Range {
        a.value_max = None;
    }
    Some(a)
}

/// Whether a claim states a goal or a forecast rather than a result.
pub fn is_forward(c: &Claim) -> bool {
    matches!(c.qualifier.as_str(), "target" | "estimate") || c.metric.ends_with("-target")
}

/// Resolves an entity reference, reporting unknown slugs with suggestions.
pub fn resolve_ref(
    r: &SlugRef,
    entities: &[Entity],
    index: &std::collections::HashMap<&str, EntityId>,
    diags: &mut Diagnostics,
) -> Option<EntityId> {
    if let Some(&id) = index.get(r.slug.as_str()) {
        return Some(id);
    }
    let help = did_you_mean(&r.slug, entities.iter().map(|e| e.slug.as_str()))
        .unwrap_or_else(|| "create the entity under content/<kind>/ or fix the slug".into());
    diags.push(
        Diagnostic::error(
            "unknown-entity",
            Some(r.span.clone()),
            format!("no entity \"{}\"", r.slug),
        )
        .with_help(help),
    );
    None
}

/// Turns one article's `[[claims]]` into claims (ids not yet checked for uniqueness).
pub fn curated_claims(
    article: &Article,
    article_id: ArticleId,
    entities: &[Entity],
    index: &std::collections::HashMap<&str, EntityId>,
    diags: &mut Diagnostics,
) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for spec in &article.claims {
        if let Some(claim) = curated_claim(spec, article, article_id, entities, index, diags) {
            out.push(claim);
        }
    }
    out
}

fn curated_claim(
    spec: &ClaimSpec,
    article: &Article,
    article_id: ArticleId,
    entities: &[Entity],
    index: &std::collections::HashMap<&str, EntityId>,
    diags: &mut Diagnostics,
) -> Option<Claim> {
    let subject = resolve_ref(&spec.subject, entities, index, diags);
    let counterparty =
        spec.counterparty.as_ref().and_then(|r| resolve_ref(r, entities, index, diags));
    let according_to =
        spec.according_to.as_ref().and_then(|r| resolve_ref(r, entities, index, diags));
    let mut amount = figures::parse_value(&spec.value, article.language);
    if let (Some(a), Some(cur)) = (amount.as_mut(), spec.currency.as_deref()) {
        match iso_currency(cur) {
            Some(code) if a.currency.is_none() && a.unit.is_none() => a.currency = Some(code),
            Some(_) => {}
            None => diags.push(
                Diagnostic::error(
                    "invalid-currency",
                    Some(spec.span_of("currency")),
                    format!("unknown currency \"{cur}\""),
                )
                .with_help("use an ISO 4217 code such as USD, VND or EUR"),
            ),
        }
    }
    if let Some(d) = metric_typo(spec) {
        diags.push(d);
    }
    if amount.is_none() {
        diags.push(
            Diagnostic::warning("unparsed-value", Some(spec.span_of("value")), format!("value \"{}\" is not a figure factbook understands", spec.value))
                .with_help("write it like \"35 triệu USD\", \"$1.2 billion\", \"100 lần\" or a plain number with `currency`"),
        );
    }
    let qualifier = match spec.qualifier.as_deref() {
        Some(q) if QUALIFIERS.contains(&q) => q.to_string(),
        Some(q) => {
            let help = did_you_mean(q, QUALIFIERS)
                .unwrap_or_else(|| format!("use one of {}", QUALIFIERS.join(", ")));
            diags.push(
                Diagnostic::error(
                    "invalid-qualifier",
                    Some(spec.span_of("qualifier")),
                    format!("unknown qualifier \"{q}\""),
                )
                .with_help(help),
            );
            "exact".into()
        }
        None => {
            amount.as_ref().map_or("exact", |a| figures::qualifier_name(a.qualifier)).to_string()
        }
    };
    let period = match spec.period.as_deref() {
        None => None,
        Some(p) => match normalize_period(p) {
            Some(p) => Some(p),
            None => {
                diags.push(
                    Diagnostic::error(
                        "invalid-period",
                        Some(spec.span_of("period")),
                        format!("period \"{p}\" is not a year, month, quarter, half or date"),
                    )
                    .with_help("write 2022, 2023-03, 2023-Q1, 2023-H1 or 2023-03-15"),
                );
                None
            }
        },
    };
    let quote_range = match spec.quote.as_deref() {
        None => None,
        Some(q) => {
            let found = find_quote(&article.body, q);
            if found.is_none() {
                diags.push(
                    Diagnostic::error("quote-not-found", Some(spec.span_of("quote")), "the claim's quote does not occur in the article body")
                        .with_help("copy the sentence from the body exactly (spacing and line breaks may differ)"),
                );
            }
            found
        }
    };
    let explicit_id = match spec.id.as_deref() {
        None => None,
        Some(explicit) => match Slug::new(explicit) {
            Some(s) if !crate::model::RESERVED_SLUGS.contains(&s.as_str()) => Some(s),
            found => {
                let suggestion = crate::model::slugify(explicit);
                let suggestion = if suggestion.is_empty() || found.is_some() {
                    format!("{}-{}", spec.subject.slug, spec.metric)
                } else {
                    suggestion
                };
                let why = if found.is_some() { "is reserved" } else { "is not a slug" };
                diags.push(
                    Diagnostic::error(
                        "invalid-id",
                        Some(spec.span_of("id")),
                        format!("claim id {explicit:?} {why}"),
                    )
                    .with_help(format!(
                        "use lowercase letters, digits and single hyphens, e.g. \"{}\"",
                        crate::model::slugify(&suggestion)
                    )),
                );
                return None;
            }
        },
    };
    let subject = subject?;
    let id = explicit_id.unwrap_or_else(|| {
        default_id(&entities[subject.0 as usize].slug, &spec.metric, period.as_deref(), None)
    });
    Some(Claim {
        id,
        origin: Origin::Curated,
        subject,
        metric: spec.metric.clone(),
        metric_detail: spec.metric_detail.clone(),
        amount,
        value_text: spec.value.clone(),
        qualifier,
        period,
        counterparty,
        according_to,
        article: article_id,
        quote: spec.quote.clone(),
        quote_range,
    })
}

/// `<subject>-<metric>-<period>[-<article>]`, always a valid slug.
pub fn default_id(
    subject: &Slug,
    metric: &str,
    period: Option<&str>,
    article: Option<&Slug>,
) -> Slug {
    let mut parts = vec![subject.as_str().to_string(), metric.to_string()];
    parts.extend(period.map(str::to_string));
    parts.extend(article.map(|a| a.as_str().to_string()));
    let text = crate::model::slugify(&parts.join("-"));
    Slug::new(&text).unwrap_or_else(|| subject.clone())
}

/// Accepts `2022`, `2023-03`, `2023-q1`, `2023-Q1`, `2023-03-15`; returns the canonical form.
pub fn normalize_period(p: &str) -> Option<String> {
    let p = p.trim();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = p.split('-').collect();
    match parts.as_slice() {
        [y] if digits(y, 4) => Some(y.to_string()),
        [y, q]
            if digits(y, 4)
                && q.len() == 2
                && (q.starts_with('Q') || q.starts_with('q'))
                && matches!(&q[1..], "1" | "2" | "3" | "4") =>
        {
            Some(format!("{y}-Q{}", &q[1..]))
        }
        [y, h] if digits(y, 4) && matches!(*h, "H1" | "H2" | "h1" | "h2") => {
            Some(format!("{y}-H{}", &h[1..]))
        }
        [y, m] if digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().ok()?) => {
            Some(format!("{y}-{m}"))
        }
        [_, _, _] => crate::figures::parse_date(p).map(|d| d.format("%Y-%m-%d").to_string()),
        _ => None,
    }
}

/// Finds `quote` in `body`, treating any run of whitespace as one space.
/// Returns the body byte range.
pub fn find_quote(body: &str, quote: &str) -> Option<Range<usize>> {
    crate::text::fold::Folded::new(body).find(quote)
}

/// Maps a currency code or symbol to ISO 4217.
pub fn iso_currency(s: &str) -> Option<&'static str> {
    Some(match s.trim().to_uppercase().as_str() {
        "USD" | "$" | "US$" => "USD",
        "VND" | "VNĐ" | "Đ" | "ĐỒNG" => "VND",
        "EUR" | "€" => "EUR",
        "GBP" | "£" => "GBP",
        "JPY" | "¥" => "JPY",
        "CNY" | "RMB" | "NDT" => "CNY",
        _ => return None,
    })
}

/// Reports claims sharing an id: a shared id would make one page hide another.
pub fn check_unique_ids(
    claims: &[Claim],
    articles: &[Article],
    entities: &[Entity],
    diags: &mut Diagnostics,
) {
    let mut seen: rustc_hash::FxHashMap<&str, &Claim> = rustc_hash::FxHashMap::default();
    for c in claims {
        if let Some(first) = seen.get(c.id.as_str()) {
            let article = &articles[c.article.0 as usize];
            let first_article = &articles[first.article.0 as usize];
            let span = super::validate::claim_span(c, article, entities);
            diags.push(
                Diagnostic::error(
                    "duplicate-claim-id",
                    Some(span),
                    format!("claim id \"{}\" is also used in article {}", c.id, first_article.slug),
                )
                .with_help(format!(
                    "give one of them an explicit id, e.g. id = \"{}-{}\"",
                    c.id, article.slug
                )),
            );
        } else {
            seen.insert(c.id.as_str(), c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_across_line_breaks() {
        let body = "Theo Fortune,  doanh thu\nnăm 2022 là 35 triệu USD. Tiếp.";
        let r = find_quote(body, "doanh thu năm 2022 là 35 triệu USD.").unwrap();
        assert_eq!(&body[r], "doanh thu\nnăm 2022 là 35 triệu USD.");
        assert!(find_quote(body, "doanh thu 2023").is_none());
        assert!(find_quote(body, "   ").is_none());
    }

    #[test]
    fn periods_normalise() {
        assert_eq!(normalize_period("2022").as_deref(), Some("2022"));
        assert_eq!(normalize_period("2023-q1").as_deref(), Some("2023-Q1"));
        assert_eq!(normalize_period("2023-03").as_deref(), Some("2023-03"));
        assert_eq!(normalize_period("2023-03-15").as_deref(), Some("2023-03-15"));
        assert_eq!(normalize_period("2023-13"), None);
        assert_eq!(normalize_period("năm ngoái"), None);
    }

    #[test]
    fn default_ids_are_slugs() {
        let s = Slug::new("openai").unwrap();
        assert_eq!(
            default_id(&s, "revenue", Some("2023-Q1"), None).as_str(),
            "openai-revenue-2023-q1"
        );
        let a = Slug::new("bai-viet").unwrap();
        assert_eq!(default_id(&s, "revenue", None, Some(&a)).as_str(), "openai-revenue-bai-viet");
    }
}
