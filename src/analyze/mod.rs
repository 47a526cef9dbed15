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
pub mod provenance;
pub mod unlinked;
pub mod validate;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::load::Loaded;
use crate::model::{ArticleId, Backlink, Claim, ClaimId, Entity, EntityId, Model, Relation};
use crate::source::SourceMap;
use mentions::{Matcher, scan_events};

/// Relation type recorded for a product's `maker`.
pub const MAKES: &str = "makes";
/// Relation type recorded for a person's `affiliation`.
pub const WORKS_FOR: &str = "works-for";

/// The entity registry an article is analysed against.
pub struct Registry<'a> {
    entities: &'a [Entity],
    index: HashMap<&'a str, EntityId>,
    matcher: std::sync::Arc<Matcher>,
    sources: extract::SourceNames,
    policy: crate::config::LinkMentions,
    /// Hash of everything in the registry that analysis reads (slugs, kinds,
    /// affiliations, names, aliases, policy): an article's analysis stays
    /// valid while its text and this hash are unchanged.
    pub fingerprint: u64,
    /// Hash of what analysis reads except names and aliases (slugs, kinds,
    /// affiliations, policy). While it holds, a change of names or aliases
    /// only affects articles whose text contains a changed form (see
    /// [`Matcher::changed_forms`]).
    pub ids_fingerprint: u64,
}

/// A mention automaton kept between rebuilds, with the findings it produced.
pub type MatcherCache = Option<(u64, std::sync::Arc<Matcher>, Diagnostics)>;

impl<'a> Registry<'a> {
    /// Indexes the entities and builds the mention automaton.
    pub fn new(entities: &'a [Entity], config: &Config, diags: &mut Diagnostics) -> Registry<'a> {
        Registry::with_cache(entities, config, diags, &mut None)
    }

    /// Like [`Registry::new`], reusing the automaton in `cache` when the
    /// registry fingerprint is unchanged (and refreshing the cache otherwise).
    pub fn with_cache(
        entities: &'a [Entity],
        config: &Config,
        diags: &mut Diagnostics,
        cache: &mut MatcherCache,
    ) -> Registry<'a> {
        use std::hash::{Hash, Hasher};
        let index = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.as_str(), EntityId(i as u32)))
            .collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", config.link_mentions).hash(&mut h);
        config.language.code().hash(&mut h);
        for e in entities {
            (e.slug.as_str(), &e.kind, e.affiliation.as_ref().map(|a| &a.slug)).hash(&mut h);
        }
        let ids_fingerprint = h.finish();
        for e in entities {
            e.name.hash(&mut h);
            for a in &e.aliases {
                (&a.text, a.case_sensitive).hash(&mut h);
            }
        }
        let fingerprint = h.finish();
        let matcher = match cache {
            Some((fp, matcher, found)) if *fp == fingerprint => {
                diags.extend(found.clone());
                std::sync::Arc::clone(matcher)
            }
            _ => {
                let mut found = Diagnostics::default();
                let matcher = std::sync::Arc::new(Matcher::new(entities, &mut found));
                diags.extend(found.clone());
                *cache = Some((fingerprint, std::sync::Arc::clone(&matcher), found));
                matcher
            }
        };
        Registry {
            entities,
            index,
            matcher,
            sources: extract::SourceNames::new(entities),
            policy: config.link_mentions,
            fingerprint,
            ids_fingerprint,
        }
    }
}

/// What analysing one article found; independent of where the article sorts,
/// so it can be cached across rebuilds (claims carry a placeholder article id
/// that [`assemble`] sets).
#[derive(Debug, Clone)]
pub struct ArticleAnalysis {
    /// Mentions, wikilinks and snippets.
    pub scan: mentions::Scan,
    /// Claims the article holds.
    pub claims: Vec<Claim>,
    /// Findings in this article.
    pub diags: Diagnostics,
    /// The summary, or the start of the text as plain text.
    pub excerpt: String,
    /// Links and headings of the body, checked once the whole site is known.
    pub links: validate::LinkCollector,
    /// Claims extracted from the text that no curated claim already states
    /// (published only with `auto-claims`).
    pub extracted: Vec<Claim>,
    /// Every figure found in the body, with its inferred fields.
    pub figures: Vec<crate::model::Candidate>,
}

/// Analyses one article against the registry.
pub fn analyze_article(registry: &Registry<'_>, a: &crate::model::Article) -> ArticleAnalysis {
    let mut d = Diagnostics::default();
    let span_at = |r: std::ops::Range<usize>| {
        Span::new(a.file, a.body_offset + r.start..a.body_offset + r.end)
    };
    // One parse for the mention scan, the prose and the excerpt.
    let events = crate::timings::time("analyze: markdown", || crate::text::Events::parse(&a.body));
    let mut scan = crate::timings::time("analyze: mentions", || {
        scan_events(&a.body, &events, &registry.matcher, registry.policy, &span_at, &mut d)
    });
    let claims =
        claims::curated_claims(a, ArticleId(0), registry.entities, &registry.index, &mut d);
    let figures = crate::timings::time("analyze: extraction", || {
        let prose = crate::text::prose::Prose::of_markdown(&a.body, &events);
        let input = extract::Input {
            body: &a.body,
            format: crate::text::Format::Markdown,
            lang: a.language,
            // Relative periods ("năm nay") speak from the original publication.
            date: Some(a.source.as_ref().and_then(|s| s.published).unwrap_or(a.date)),
            registry: Some(extract::Registry {
                entities: registry.entities,
                matcher: &registry.matcher,
            }),
            mentions: Some(&scan.mentions),
        };
        extract::candidates_in(&input, &prose)
    });
    let extracted = crate::timings::time("analyze: claims", || {
        extract::merge_into_curated(
            &claims,
            extract::extracted_claims(
                a,
                ArticleId(0),
                &figures,
                registry.entities,
                registry.sources.of(a),
            ),
        )
    });
    let excerpt = crate::timings::time("analyze: excerpt", || {
        a.summary
            .clone()
            .unwrap_or_else(|| crate::text::plain_text_of(events.iter().map(|(e, _)| e), 200))
    });
    let links = std::mem::take(&mut scan.links);
    ArticleAnalysis { scan, claims, diags: d, excerpt, links, extracted, figures }
}

/// Sorts articles the way every page lists them: newest first, then by slug.
pub fn sort_articles(articles: &mut [crate::model::Article]) {
    articles.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
}

/// Builds the model from loaded documents.
pub fn analyze(loaded: Loaded, diags: &mut Diagnostics) -> (Model, SourceMap, Config) {
    let Loaded { sources, config, entities, mut articles, .. } = loaded;
    sort_articles(&mut articles);
    let t = std::time::Instant::now();
    let registry = Registry::new(&entities, &config, diags);
    crate::diag::trace("analyze: registry", t);
    let t = std::time::Instant::now();
    let analyses: Vec<ArticleAnalysis> =
        articles.par_iter().map(|a| analyze_article(&registry, a)).collect();
    crate::diag::trace("analyze: articles (wall)", t);
    let matcher = std::sync::Arc::clone(&registry.matcher);
    drop(registry);
    let site = SiteContext { matcher: &matcher, config: &config, sources: &sources };
    let model = assemble(entities, articles, analyses, &site, diags);
    (model, sources, config)
}

/// What the site-wide checks of [`assemble`] read besides the documents.
pub struct SiteContext<'a> {
    /// The mention automaton (entity descriptions' wikilinks).
    pub matcher: &'a Matcher,
    /// Configuration.
    pub config: &'a Config,
    /// Every input file (link targets).
    pub sources: &'a SourceMap,
}

impl Registry<'_> {
    /// The automaton, for [`SiteContext`].
    pub fn matcher(&self) -> std::sync::Arc<Matcher> {
        std::sync::Arc::clone(&self.matcher)
    }
}

/// Joins per-article analyses (in article order) into the model: back-links,
/// relations, claim ids, conflicts.
pub fn assemble(
    entities: Vec<Entity>,
    articles: Vec<crate::model::Article>,
    analyses: Vec<ArticleAnalysis>,
    site: &SiteContext<'_>,
    diags: &mut Diagnostics,
) -> Model {
    let t = std::time::Instant::now();
    let index: HashMap<&str, EntityId> =
        entities.iter().enumerate().map(|(i, e)| (e.slug.as_str(), EntityId(i as u32))).collect();
    let relations = resolve_relations(&entities, &index, diags);
    drop(index);
    let mut mentions = Vec::with_capacity(articles.len());
    let mut wikilinks = Vec::with_capacity(articles.len());
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); entities.len()];
    let mut all_claims: Vec<Claim> = Vec::new();
    let mut extracted: Vec<Claim> = Vec::new();
    let mut figures = Vec::with_capacity(articles.len());
    let mut excerpts = Vec::with_capacity(articles.len());
    let mut article_collected = Vec::with_capacity(articles.len());
    let entity_collected: Vec<validate::LinkCollector> =
        entities.par_iter().map(|e| validate::LinkCollector::scan(&e.body)).collect();
    let article_backlinks: Vec<Vec<(EntityId, Backlink)>> = analyses
        .par_iter()
        .enumerate()
        .map(|(i, a)| article_backlinks(&a.scan, ArticleId(i as u32)))
        .collect();
    for ((i, analysis), found_backlinks) in analyses.into_iter().enumerate().zip(article_backlinks)
    {
        let ArticleAnalysis {
            scan,
            claims,
            diags: d,
            excerpt,
            links,
            extracted: found,
            figures: article_figures,
        } = analysis;
        diags.extend(d);
        excerpts.push(excerpt);
        article_collected.push(links);
        for (id, b) in found_backlinks {
            backlinks[id.0 as usize].push(b);
        }
        mentions.push(scan.mentions);
        wikilinks.push(scan.wikilinks);
        let here = |mut c: Claim| {
            c.article = ArticleId(i as u32);
            c
        };
        all_claims.extend(claims.into_iter().map(here));
        if site.config.auto_claims {
            extracted.extend(found.into_iter().map(here));
        }
        figures.push(article_figures);
    }
    crate::diag::trace("assemble: join", t);
    let t = std::time::Instant::now();
    // An extracted claim never takes an id already in use: it gives way silently
    // (ids carry the article slug, so this only happens with odd explicit ids).
    let mut taken: std::collections::HashSet<&str> =
        all_claims.iter().map(|c| c.id.as_str()).collect();
    let keep: Vec<bool> = extracted.iter().map(|c| taken.insert(c.id.as_str())).collect();
    drop(taken);
    all_claims.extend(extracted.into_iter().zip(keep).filter_map(|(c, keep)| keep.then_some(c)));
    claims::check_unique_ids(&all_claims, &articles, &entities, diags);
    // Sorting moves every claim some log n times: sort the ids with their
    // positions instead and move each claim once (same stable order).
    all_claims.sort_by_cached_key(|c| c.id.clone());
    all_claims.dedup_by(|a, b| a.id == b.id);
    crate::diag::trace("assemble: ids", t);
    let t = std::time::Instant::now();
    let conflicts = provenance::without_revisions(
        conflicts::find_conflicts(&all_claims),
        &all_claims,
        &articles,
    );
    report_conflicts(&all_claims, &conflicts, &articles, &entities, diags);
    crate::diag::trace("assemble: conflicts", t);
    let t = std::time::Instant::now();
    let mut model = Model {
        entities,
        articles,
        claims: all_claims,
        mentions,
        wikilinks,
        backlinks,
        relations,
        excerpts,
        conflicts,
        article_links: Vec::new(),
        entity_links: Vec::new(),
        figures,
    };
    let (article_links, entity_links) = validate::check_links(
        &model,
        &article_collected,
        &entity_collected,
        site.matcher,
        site.config,
        site.sources,
        diags,
    );
    model.article_links = article_links;
    model.entity_links = entity_links;
    crate::diag::trace("assemble: links", t);
    model
}

/// The back-links one article gives: one per entity it mentions, in order
/// of first mention.
pub fn article_backlinks(scan: &mentions::Scan, article: ArticleId) -> Vec<(EntityId, Backlink)> {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    let mut order: Vec<EntityId> = Vec::new();
    for m in &scan.mentions {
        let n = counts.entry(m.entity).or_default();
        if *n == 0 {
            order.push(m.entity);
        }
        *n += 1;
    }
    order
        .into_iter()
        .map(|id| {
            let snippet = scan.snippets.get(&id).cloned().unwrap_or_default();
            (id, Backlink { article, snippet, count: counts[&id] })
        })
        .collect()
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

pub(crate) fn report_conflicts(
    claims: &[Claim],
    conflicts: &[(ClaimId, ClaimId)],
    articles: &[crate::model::Article],
    entities: &[Entity],
    diags: &mut Diagnostics,
) {
    // One warning per pair, written in parallel (tens of thousands on a large
    // site), reported in pair order.
    let found: Vec<Diagnostic> = conflicts
        .par_iter()
        .map(|&(a, b)| conflict_warning(claims, (a, b), articles, entities))
        .collect();
    for d in found {
        diags.push(d);
    }
}

/// The warning for one conflicting pair, at the later claim.
fn conflict_warning(
    claims: &[Claim],
    (a, b): (ClaimId, ClaimId),
    articles: &[crate::model::Article],
    entities: &[Entity],
) -> Diagnostic {
    let (x, y) = (&claims[a.0 as usize], &claims[b.0 as usize]);
    let article = &articles[y.article.0 as usize];
    let span = validate::claim_span(y, article, entities);
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
    .with_help("check both sources; mark the reliable one with a qualifier or correct the figure")
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
