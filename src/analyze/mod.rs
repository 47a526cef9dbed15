//! Analyse: pure functions from loaded documents to the cross-referenced
//! [`Model`]: entity references resolved, relations indexed both ways,
//! mentions and back-links found, curated claims resolved, figures extracted
//! from article text (and published as claims with `auto-claims`), and claims
//! checked for conflicts.
//!
//! Invariant: no I/O; every problem is a diagnostic and analysis continues.

pub mod claims;
pub mod conflicts;
pub mod extract;
pub mod mentions;
pub mod money;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::load::Loaded;
use crate::model::{ArticleId, Backlink, Claim, ClaimId, Entity, EntityId, Model, Relation};
use crate::source::SourceMap;
use mentions::{Matcher, scan_body};

/// Relation type recorded for a product's `maker`.
pub const MAKES: &str = "makes";
/// Relation type recorded for a person's `affiliation`.
pub const WORKS_FOR: &str = "works-for";

/// Builds the model from loaded documents.
pub fn analyze(loaded: Loaded, diags: &mut Diagnostics) -> (Model, SourceMap, Config) {
    let Loaded { sources, config, entities, mut articles, .. } = loaded;
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let index: HashMap<&str, EntityId> =
        entities.iter().enumerate().map(|(i, e)| (e.slug.as_str(), EntityId(i as u32))).collect();
    let relations = resolve_relations(&entities, &index, diags);
    let matcher = Matcher::new(&entities, diags);

    let per_article: Vec<_> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            let mut d = Diagnostics::default();
            let span_at = |r: std::ops::Range<usize>| {
                Span::new(a.file, a.body_offset + r.start..a.body_offset + r.end)
            };
            let scan = scan_body(&a.body, &matcher, config.link_mentions, &span_at, &mut d);
            let id = ArticleId(i as u32);
            let claims = claims::curated_claims(a, id, &entities, &index, &mut d);
            let figures = extract::candidates(&extract::Input {
                body: &a.body,
                format: extract::Format::Markdown,
                lang: a.language,
                // Relative periods ("năm nay") speak from the original publication.
                date: Some(a.source.as_ref().and_then(|s| s.published).unwrap_or(a.date)),
                registry: Some(extract::Registry { entities: &entities, matcher: &matcher }),
                mentions: Some(&scan.mentions),
            });
            let extracted = extract::extracted_claims(a, id, &figures, &entities);
            let extracted = extract::merge_into_curated(&claims, extracted);
            (scan, claims, extracted, figures, d)
        })
        .collect();

    let mut mentions = Vec::with_capacity(articles.len());
    let mut wikilinks = Vec::with_capacity(articles.len());
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); entities.len()];
    let mut all_claims: Vec<Claim> = Vec::new();
    let mut extracted: Vec<Claim> = Vec::new();
    let mut figures = Vec::with_capacity(articles.len());
    for (i, (scan, claims, found, article_figures, d)) in per_article.into_iter().enumerate() {
        diags.extend(d);
        let mut counts: HashMap<EntityId, usize> = HashMap::new();
        for m in &scan.mentions {
            *counts.entry(m.entity).or_default() += 1;
        }
        let mut order: Vec<EntityId> = Vec::new();
        for m in &scan.mentions {
            if !order.contains(&m.entity) {
                order.push(m.entity);
            }
        }
        for id in order {
            let snippet = scan.snippets.get(&id).cloned().unwrap_or_default();
            backlinks[id.0 as usize].push(Backlink {
                article: ArticleId(i as u32),
                snippet,
                count: counts[&id],
            });
        }
        mentions.push(scan.mentions);
        wikilinks.push(scan.wikilinks);
        all_claims.extend(claims);
        if config.auto_claims {
            extracted.extend(found);
        }
        figures.push(article_figures);
    }
    // An extracted claim never takes an id already in use: it gives way silently
    // (ids carry the article slug, so this only happens with odd explicit ids).
    let mut taken: std::collections::HashSet<String> =
        all_claims.iter().map(|c| c.id.to_string()).collect();
    extracted.retain(|c| taken.insert(c.id.to_string()));
    all_claims.extend(extracted);
    claims::check_unique_ids(&all_claims, &articles, diags);
    all_claims.sort_by(|a, b| a.id.cmp(&b.id));
    all_claims.dedup_by(|a, b| a.id == b.id);
    let conflicts = conflicts::find_conflicts(&all_claims);
    report_conflicts(&all_claims, &conflicts, &articles, diags);
    let model = Model {
        entities,
        articles,
        claims: all_claims,
        mentions,
        wikilinks,
        backlinks,
        relations,
        conflicts,
        figures,
    };
    (model, sources, config)
}

fn resolve_relations(
    entities: &[Entity],
    index: &HashMap<&str, EntityId>,
    diags: &mut Diagnostics,
) -> Vec<Relation> {
    let mut out = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        let id = EntityId(i as u32);
        if let Some(r) = &e.maker
            && let Some(maker) = claims::resolve_ref(r, entities, index, diags)
        {
            out.push(Relation { from: maker, kind: MAKES.into(), to: id, since: None });
        }
        if let Some(r) = &e.affiliation
            && let Some(org) = claims::resolve_ref(r, entities, index, diags)
        {
            out.push(Relation { from: id, kind: WORKS_FOR.into(), to: org, since: None });
        }
        for spec in &e.relations {
            if let Some(to) = claims::resolve_ref(&spec.target, entities, index, diags) {
                if to == id {
                    diags.push(Diagnostic::warning(
                        "self-relation",
                        Some(spec.target.span.clone()),
                        format!("{} relates to itself", e.slug),
                    ));
                    continue;
                }
                out.push(Relation {
                    from: id,
                    kind: spec.kind.clone(),
                    to,
                    since: spec.since.clone(),
                });
            }
        }
    }
    out
}

fn report_conflicts(
    claims: &[Claim],
    conflicts: &[(ClaimId, ClaimId)],
    articles: &[crate::model::Article],
    diags: &mut Diagnostics,
) {
    for &(a, b) in conflicts {
        let (x, y) = (&claims[a.0 as usize], &claims[b.0 as usize]);
        let article = &articles[y.article.0 as usize];
        let at = y
            .quote_range
            .clone()
            .map_or(0..0, |r| article.body_offset + r.start..article.body_offset + r.end);
        let span = Span::new(article.file, at);
        diags.push(
            Diagnostic::warning(
                "conflicting-claims",
                Some(span),
                format!(
                    "claim {} ({}) conflicts with {} ({})",
                    y.id, y.value_text, x.id, x.value_text
                ),
            )
            .with_help(
                "check both sources; mark the reliable one with a qualifier or correct the figure",
            ),
        );
    }
}
