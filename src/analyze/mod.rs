//! Analyse: pure functions from loaded documents to the cross-referenced
//! [`Model`]: entity references resolved, relations indexed both ways,
//! mentions and back-links found, claims resolved and checked for conflicts.
//!
//! Invariant: no I/O; every problem is a diagnostic and analysis continues.

pub mod claims;
pub mod conflicts;
pub mod mentions;
pub mod money;
pub mod validate;

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
            let claims = claims::curated_claims(a, ArticleId(i as u32), &entities, &index, &mut d);
            (scan, claims, d)
        })
        .collect();

    let entity_collected: Vec<validate::LinkCollector> =
        entities.par_iter().map(|e| validate::LinkCollector::scan(&e.body)).collect();
    let mut article_collected = Vec::with_capacity(articles.len());
    let mut mentions = Vec::with_capacity(articles.len());
    let mut wikilinks = Vec::with_capacity(articles.len());
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); entities.len()];
    let mut all_claims: Vec<Claim> = Vec::new();
    for (i, (mut scan, claims, d)) in per_article.into_iter().enumerate() {
        diags.extend(d);
        article_collected.push(std::mem::take(&mut scan.links));
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
    }
    claims::check_unique_ids(&all_claims, &articles, &entities, diags);
    all_claims.sort_by(|a, b| a.id.cmp(&b.id));
    all_claims.dedup_by(|a, b| a.id == b.id);
    let conflicts = conflicts::find_conflicts(&all_claims);
    report_conflicts(&all_claims, &conflicts, &articles, &entities, diags);
    let mut model = Model {
        entities,
        articles,
        claims: all_claims,
        mentions,
        wikilinks,
        backlinks,
        relations,
        conflicts,
        article_links: Vec::new(),
        entity_links: Vec::new(),
    };
    let (article_links, entity_links) = validate::check_links(
        &model,
        &article_collected,
        &entity_collected,
        &matcher,
        &config,
        &sources,
        diags,
    );
    model.article_links = article_links;
    model.entity_links = entity_links;
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
                    diags.push(
                        Diagnostic::warning(
                            "self-relation",
                            Some(spec.target.span.clone()),
                            format!("{} relates to itself", e.slug),
                        )
                        .with_help("point `target` at another entity, or remove the relation"),
                    );
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
    entities: &[Entity],
    diags: &mut Diagnostics,
) {
    for &(a, b) in conflicts {
        let (x, y) = (&claims[a.0 as usize], &claims[b.0 as usize]);
        let article = &articles[y.article.0 as usize];
        let span = validate::claim_span(y, article, entities);
        diags.push(
            Diagnostic::warning(
                "conflicting-claims",
                Some(span),
                format!(
                    "claim {} ({}) conflicts with {} ({}{})",
                    y.id,
                    y.value_text,
                    x.id,
                    x.value_text,
                    if x.article == y.article {
                        String::new()
                    } else {
                        format!(", in article {}", articles[x.article.0 as usize].slug)
                    }
                ),
            )
            .with_help(
                "check both sources; mark the reliable one with a qualifier or correct the figure",
            ),
        );
    }
}

/// Warns about money figures that no claim's quote covers (`uncovered-figure`).
///
/// A lint of its own rather than part of [`analyze`]: it scans every body for
/// amounts, which `build` does not need, so only `check` pays for it.
pub fn report_uncovered_figures(
    articles: &[crate::model::Article],
    claims: &[Claim],
    diags: &mut Diagnostics,
) {
    let mut by_article: Vec<Vec<&Claim>> = vec![Vec::new(); articles.len()];
    for c in claims {
        if let Some(list) = by_article.get_mut(c.article.0 as usize) {
            list.push(c);
        }
    }
    let found: Vec<Diagnostics> = articles
        .par_iter()
        .zip(by_article.par_iter())
        .map(|(a, claims)| {
            let mut d = Diagnostics::default();
            validate::uncovered_figures(a, claims, &mut d);
            d
        })
        .collect();
    for d in found {
        diags.extend(d);
    }
}
