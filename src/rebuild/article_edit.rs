//! The fast path for the most common edit: one saved article.
//!
//! A save that keeps the article's slug and date leaves every other
//! article's position, URL and anchors alone, so the kept model can be
//! patched in place: re-analyse the article, swap in its mentions,
//! back-links and claims, recompute conflicts and provenance, and
//! re-fingerprint only the units that can read what changed (the article,
//! the entities it mentions or mentioned, its claims and the claims they are
//! compared with, the lists and home).
//!
//! Claims, headings and tags may come and go. Claim ids depend only on the
//! article, so a claim added or removed is spliced into the sorted claim
//! vector and the lookups are re-indexed in one pass (`reindex.rs`); its page
//! is written or deleted. A heading, footnote or claim anchor that goes, a
//! claim page or tag page that goes, may break another body's link: when any
//! other body might link to one, the general path decides (and reports).
//! Claim ids another article also uses, a changed slug or date, a changed
//! registry: the general path too. It is also the oracle: tests compare both
//! against full builds.
//!
//! Invariant: after `apply` returns `Some`, the kept model, lookups,
//! diagnostics and fingerprints equal what the general path would compute.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use rayon::prelude::*;

use super::conflicts;
use super::patch::{Touched, fail, rerender};
use super::reindex::{Places, regroup, splice};
use super::{Incremental, Kept, Written, analysis_key};
use crate::Site;
use crate::analyze::validate::{
    ArticleLinksInput, LinkCollector, PageIndex, article_heading_ids, check_article_links,
    has_internal_links, may_link_to,
};
use crate::analyze::{ArticleAnalysis, Registry, analyze_article, article_backlinks};
use crate::diag::Diagnostics;
use crate::model::{ArticleId, Claim, ClaimId, EntityId, urls};
use crate::render::Renderer;
use crate::render::lists::{CLAIMS_LIST, ClaimKey, ListFamily, ListItem, claim_key};
use crate::render::units::{Target, Unit};

/// Diagnostics of site-wide passes that may point into an article file and
/// that this path does not recompute.
const SITE_WIDE_CODES: &[&str] = &["duplicate-slug", "duplicate-claim-id"];

/// Applies an edit of the article at `path` to the kept build, if the edit
/// keeps the article's slug and date and collides with no other article;
/// `Ok(None)` when the general path must handle it. Like
/// [`Incremental::apply`], the inner `None` means the edit has errors.
pub(super) fn apply(inc: &mut Incremental, path: &Path) -> Result<Option<(Site, Option<Written>)>> {
    let t = std::time::Instant::now();
    let Some(kept) = &inc.kept else { return Ok(None) };
    let Some(rel) = inc.files.rel_path(path) else { return Ok(None) };
    let Some((_, old_source, _)) = inc.files.article(&rel) else { return Ok(None) };
    let old_file = old_source.id;
    if !path.is_file() {
        return Ok(None);
    }
    let Some(id) = kept.model.articles.iter().position(|a| a.file == old_file) else {
        return Ok(None);
    };
    let id = ArticleId(id as u32);
    inc.files.refresh(&[path.to_path_buf()])?;
    let Some((article, source, load_diags)) = inc.files.article(&rel) else { return Ok(None) };
    let old = kept.model.article(id);
    if load_diags.has_errors()
        || article.slug != old.slug
        || article.date != old.date
        || kept.diags.iter().any(|d| {
            d.span.as_ref().is_some_and(|s| s.file == old_file) && SITE_WIDE_CODES.contains(&d.code)
        })
    {
        return Ok(None);
    }
    let (article, source, load_diags) = (article.clone(), source.clone(), load_diags.clone());
    let mut ignored = Diagnostics::default();
    let registry =
        Registry::with_cache(&kept.model.entities, &kept.config, &mut ignored, &mut inc.matcher);
    if registry.fingerprint != kept.registry_fp || registry.ids_fingerprint != kept.ids_fp {
        return Ok(None);
    }
    let analysis = analyze_article(&registry, &article);
    drop(registry);
    let Some((_, old_analysis)) = inc.analyses.get(&old_file) else { return Ok(None) };
    let mut claims: Vec<Claim> = analysis.claims.clone();
    if kept.config.auto_claims {
        claims.extend(analysis.extracted.iter().cloned());
    }
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    for c in &mut claims {
        c.article = id;
    }
    let old_ids: Vec<ClaimId> = kept.look.claims_by_article.get(&id).cloned().unwrap_or_default();
    let Some(plan) = Plan::new(inc, id, &rel, &article, &analysis, old_analysis, &claims, &old_ids)
    else {
        return Ok(None);
    };
    let new_key = analysis_key(&article, kept.ids_fp);
    if plan.linked_from_elsewhere(inc, old_file) {
        return Ok(None);
    }
    crate::diag::trace("edit: analysed", t);

    // From here on the edit is applied; nothing returns `None`.
    let t = std::time::Instant::now();
    let new_file = article.file;
    let kept = inc.kept.as_mut().expect("checked above");
    kept.sources.replace(old_file, source);
    let mut diags = load_diags;
    diags.extend(analysis.diags.clone());

    let m = &mut kept.model;
    let i = id.0 as usize;
    let mut entities: BTreeSet<EntityId> = m.mentions[i].iter().map(|x| x.entity).collect();
    for e in &entities {
        m.backlinks[e.0 as usize].retain(|b| b.article != id);
    }
    for (e, b) in article_backlinks(&analysis.scan, id) {
        let list = &mut m.backlinks[e.0 as usize];
        let at = list.partition_point(|x| x.article < id);
        list.insert(at, b);
        entities.insert(e);
    }
    m.articles[i] = article;
    m.mentions[i] = analysis.scan.mentions.clone();
    m.wikilinks[i] = analysis.scan.wikilinks.clone();
    m.excerpts[i] = analysis.excerpt.clone();
    m.figures[i] = analysis.figures.clone();

    // Every claim the article had leaves its groups, every claim it has
    // joins them: subjects, counterparties and keys before and after.
    let mut subjects: BTreeSet<EntityId> = BTreeSet::new();
    let mut old_keys: Vec<ClaimKey> = Vec::new();
    let mut old_places = Vec::with_capacity(old_ids.len());
    let mut old_groups: HashMap<ClaimKey, u32> = HashMap::new();
    for &c in &old_ids {
        let old = m.claim(c);
        subjects.insert(old.subject);
        // Timelines show a claim on its counterparty's page too.
        subjects.extend(old.counterparty);
        old_keys.push(claim_key(old));
        if let Some(&g) = kept.look.provenance.group_of.get(c.0 as usize) {
            old_groups.insert(claim_key(old), g);
        }
        old_places.push((c, Places::of(old)));
    }
    let mut keys: HashSet<ClaimKey> = old_keys.iter().cloned().collect();
    for c in &claims {
        subjects.insert(c.subject);
        subjects.extend(c.counterparty);
        keys.insert(claim_key(c));
    }
    let (table, new_ids) = if plan.same_ids {
        for (claim, &c) in claims.into_iter().zip(&old_ids) {
            m.claims[c.0 as usize] = claim;
        }
        (None, old_ids.clone())
    } else {
        let (table, added) = splice(&mut m.claims, &old_ids, claims);
        (Some(table), added)
    };
    regroup(&mut kept.look, &kept.model.claims, &old_places, table.as_deref(), &new_ids);
    // Conflict counts before the edit (re-indexed), to find the claims
    // whose rows gain or lose a conflict.
    let counts_before = kept.look.conflict_counts.clone();
    let claims_touched = conflicts::Touched {
        table: table.as_deref(),
        keys: &keys,
        own: &new_ids,
        old_groups: &old_groups,
    };
    conflicts::update(kept, &claims_touched);
    crate::diag::trace("edit: conflicts", t);
    kept.diags.retain(|d| d.span.as_ref().is_none_or(|s| s.file != old_file));
    let m = &mut kept.model;
    m.article_links[i].heading_ids = plan.heading_ids.clone();
    if let Some(pages) = &mut kept.pages {
        for (url, exists) in &plan.pages_changed {
            pages.set_plain_page(url, *exists);
        }
    }

    // Links last: they resolve against the patched model.
    let rewrites = if has_internal_links(&analysis.links) {
        let pages =
            kept.pages.get_or_insert_with(|| PageIndex::new(m, &kept.config, &kept.sources));
        let entity_collectors = kept.entity_collectors.get_or_insert_with(|| {
            m.entities.iter().map(|e| LinkCollector::scan(&e.body)).collect()
        });
        let articles: Vec<&LinkCollector> = m
            .articles
            .iter()
            .map(|a| match inc.analyses.get(&a.file) {
                Some((_, cached)) => &cached.links,
                // The edited article: its new file is not cached yet.
                None => &analysis.links,
            })
            .collect();
        let site = ArticleLinksInput {
            pages,
            articles,
            entities: entity_collectors,
            config: &kept.config,
            sources: &kept.sources,
        };
        check_article_links(m, id, &site, &mut diags)
    } else {
        Vec::new()
    };
    m.article_links[i].rewrites = rewrites;
    kept.diags.extend(diags);
    inc.analyses.remove(&old_file);
    inc.analyses.insert(new_file, (new_key, Arc::new(analysis)));
    crate::diag::trace("edit: model patched", t);
    if kept.diags.has_errors() {
        return Ok(Some(fail(inc, None)));
    }

    let t = std::time::Instant::now();
    let added = if plan.same_ids { &[][..] } else { &new_ids[..] };
    let changed_claims = patch_lookups(kept, id, &counts_before, &new_ids, added);
    let mut gone: Vec<Unit> = plan.removed_claims.iter().map(|c| Unit::Claim(c.clone())).collect();
    if plan.tags_changed {
        // A tag list changed: the lists are described again (ids only);
        // pages no list has any more go.
        let before = list_units(&kept.families);
        kept.families = kept.renderer().list_families();
        let after = list_units(&kept.families);
        gone.extend(before.difference(&after).cloned());
    } else if !plan.same_ids {
        // Claim rows moved: the list of every claim has a new length.
        let n = kept.model.claims.len();
        let before = list_units(&kept.families);
        kept.families.iter_mut().for_each(|f| f.list_all_claims(n));
        let after = list_units(&kept.families);
        gone.extend(before.difference(&after).cloned());
    }
    crate::diag::trace("edit: lists", t);
    let edit = Edit { id, mentioned: &entities, subjects: &subjects, old_keys: &old_keys };
    let targets = candidates(kept, &edit, &changed_claims);
    let touched = Touched {
        claims: changed_claims.iter().copied().collect(),
        articles: HashSet::from([id]),
        entities: entities.iter().chain(&subjects).copied().collect(),
        tags: plan.tags.clone(),
        gaps: gaps(kept, id, &plan),
    };
    crate::diag::trace("edit: lookups patched", t);
    let mut written = match rerender(inc, targets, &touched, &gone)? {
        Ok(w) => w,
        Err(d) => return Ok(Some(fail(inc, Some(d)))),
    };
    written.analysed = 1;
    written.reindexed = !plan.same_ids;
    let site = inc.kept.as_ref().expect("set above").site(inc.pages);
    Ok(Some((site, Some(written))))
}

/// What the checks before patching found out about an edit.
struct Plan {
    /// Names of pages that go (claim ids, tag slugs): links to them break.
    pages: Vec<String>,
    /// Names of the article's page when anchors go: links into them break.
    anchored: Vec<String>,
    /// The article has the same claim ids as before (indexes stay).
    same_ids: bool,
    /// Ids of claims the article no longer has.
    removed_claims: Vec<String>,
    /// The article's heading ids after the edit.
    heading_ids: Vec<String>,
    /// Claim and tag pages that the edit creates (`true`) or removes.
    pages_changed: Vec<(String, bool)>,
    /// The article's tags changed (spelling included: it may name the tag).
    tags_changed: bool,
    /// Slugs of the tags the article has or had.
    tags: HashSet<String>,
}

impl Plan {
    /// `None` when the general path must take the edit: a claim id another
    /// article has or may take back, or a page or anchor going away that
    /// another body may link to.
    #[allow(clippy::too_many_arguments)]
    fn new(
        inc: &Incremental,
        id: ArticleId,
        rel: &str,
        article: &crate::model::Article,
        analysis: &ArticleAnalysis,
        old_analysis: &ArticleAnalysis,
        claims: &[Claim],
        old_ids: &[ClaimId],
    ) -> Option<Plan> {
        let kept = inc.kept.as_ref()?;
        let m = &kept.model;
        let old = m.article(id);
        if claims.windows(2).any(|w| w[0].id == w[1].id) {
            return None; // duplicate ids: the general path reports or drops them
        }
        let old_claims: Vec<&Claim> = old_ids.iter().map(|&c| m.claim(c)).collect();
        let same_ids = claims.len() == old_claims.len()
            && claims.iter().zip(&old_claims).all(|(new, old)| new.id == old.id);
        let old_set: HashSet<&str> = old_claims.iter().map(|c| c.id.as_str()).collect();
        let new_set: HashSet<&str> = claims.iter().map(|c| c.id.as_str()).collect();
        // A new id that another article's claim has: that claim wins or
        // collides, depending on origins and article order.
        let taken = |c: &&Claim| {
            !old_set.contains(c.id.as_str())
                && m.claims.binary_search_by(|x| x.id.cmp(&c.id)).is_ok()
        };
        if claims.iter().any(|c| taken(&c)) {
            return None;
        }
        let removed: Vec<&str> =
            old_claims.iter().map(|c| c.id.as_str()).filter(|c| !new_set.contains(c)).collect();
        // An extracted claim of another article that gave way to a removed
        // id would come back.
        if !removed.is_empty() {
            let auto = kept.config.auto_claims;
            let back = inc.analyses.iter().any(|(file, (_, a))| {
                *file != old.file
                    && a.claims
                        .iter()
                        .chain(a.extracted.iter().filter(|_| auto))
                        .any(|c| removed.contains(&c.id.as_str()))
            });
            if back {
                return None;
            }
        }

        // Anchors of the article page: headings, footnotes, quoted claims.
        let anchors = |headings: &[String], footnotes: &[String], claims: &[&Claim]| {
            let quoted = claims.iter().filter(|c| c.quote_range.is_some());
            headings
                .iter()
                .chain(footnotes)
                .cloned()
                .chain(quoted.map(|c| format!("claim-{}", c.id)))
                .collect::<HashSet<String>>()
        };
        let new_claims: Vec<&Claim> = claims.iter().collect();
        let quoted: Vec<&str> =
            claims.iter().filter(|c| c.quote_range.is_some()).map(|c| c.id.as_str()).collect();
        let heading_ids = article_heading_ids(&analysis.links, &quoted);
        let before = anchors(
            &m.article_links[id.0 as usize].heading_ids,
            &old_analysis.links.footnotes,
            &old_claims,
        );
        let after = anchors(&heading_ids, &analysis.links.footnotes, &new_claims);
        let anchors_lost = !before.is_subset(&after);

        // Claim and tag pages that come or go.
        let mut pages_changed: Vec<(String, bool)> = Vec::new();
        for c in &old_claims {
            if !new_set.contains(c.id.as_str()) {
                pages_changed.push((urls::claim(c), false));
            }
        }
        for c in claims {
            if !old_set.contains(c.id.as_str()) {
                pages_changed.push((urls::claim(c), true));
            }
        }
        let slugs = |tags: &[String]| -> HashSet<String> {
            tags.iter().map(|t| urls::tag_slug(t)).collect()
        };
        let (old_tags, new_tags) = (slugs(&old.tags), slugs(&article.tags));
        let mut removed_tags = Vec::new();
        for s in old_tags.difference(&new_tags) {
            // The tag's page goes when this article was its only one.
            if family(&kept.families, &urls::tag(s)).is_some_and(|f| f.len() <= 1) {
                pages_changed.push((urls::tag(s), false));
                removed_tags.push(s.as_str());
            }
        }
        for s in new_tags.difference(&old_tags) {
            if family(&kept.families, &urls::tag(s)).is_none() {
                pages_changed.push((urls::tag(s), true));
            }
        }

        // Something other bodies may link to goes: a page or an anchor.
        let mut pages: Vec<String> = removed.iter().map(|c| (*c).to_string()).collect();
        pages.extend(removed_tags.iter().map(|t| (*t).to_string()));
        let stem = rel.rsplit('/').next().and_then(|f| f.strip_suffix(".md")).unwrap_or(rel);
        let anchored: Vec<String> =
            if anchors_lost { vec![old.slug.to_string(), stem.to_string()] } else { Vec::new() };
        Some(Plan {
            pages,
            anchored,
            same_ids,
            removed_claims: removed.iter().map(|c| (*c).to_string()).collect(),
            heading_ids,
            pages_changed,
            tags_changed: article.tags != old.tags,
            tags: old_tags.union(&new_tags).cloned().collect(),
        })
    }
}

/// The list pages where the article's removed claims were, and where it
/// was in the lists of tags it lost.
fn gaps(kept: &Kept, id: ArticleId, plan: &Plan) -> HashSet<Unit> {
    let m = &kept.model;
    let mut out = HashSet::new();
    let mut page = |first: &str, item: ListItem<'_>| {
        if let Some(n) = family(&kept.families, first).and_then(|f| f.page_of(item)) {
            out.insert(Unit::List(urls::nth_page(first, n)));
        }
    };
    for c in &plan.removed_claims {
        let at = m.claims.partition_point(|x| x.id.as_str() < c.as_str());
        page(CLAIMS_LIST, ListItem::Claim(ClaimId(at as u32)));
    }
    let now: HashSet<String> = m.article(id).tags.iter().map(|t| urls::tag_slug(t)).collect();
    for slug in plan.tags.difference(&now) {
        page(&urls::tag(slug), ListItem::Article(id));
    }
    out
}

impl Plan {
    /// Whether a body other than the edited article's may link to a page or
    /// an anchor the edit takes away (a superset test: any mention of the
    /// name counts; the general path then checks properly and reports).
    fn linked_from_elsewhere(&self, inc: &mut Incremental, file: crate::source::FileId) -> bool {
        if self.pages.is_empty() && self.anchored.is_empty() {
            return false;
        }
        let Some(kept) = inc.kept.as_mut() else { return true };
        let pages: Vec<&str> = self.pages.iter().map(String::as_str).collect();
        let anchored: Vec<&str> = self.anchored.iter().map(String::as_str).collect();
        let links_in = |c: &LinkCollector| {
            (!pages.is_empty() && may_link_to(c, &pages, false))
                || (!anchored.is_empty() && may_link_to(c, &anchored, true))
        };
        let entities = &kept.model.entities;
        let entity_collectors = kept.entity_collectors.get_or_insert_with(|| {
            entities.par_iter().map(|e| LinkCollector::scan(&e.body)).collect()
        });
        let mut others = kept
            .model
            .articles
            .iter()
            .filter(|a| a.file != file)
            .filter_map(|a| inc.analyses.get(&a.file).map(|(_, x)| &x.links));
        others.any(links_in) || entity_collectors.iter().any(links_in)
    }
}

/// The list family whose first page is `first`.
fn family<'a>(families: &'a [ListFamily], first: &str) -> Option<&'a ListFamily> {
    families.iter().find(|f| f.first == first)
}

/// Every list page, as units.
fn list_units(families: &[ListFamily]) -> HashSet<Unit> {
    families
        .iter()
        .flat_map(|f| (1..=f.pages()).map(|n| Unit::List(urls::nth_page(&f.first, n))))
        .collect()
}

/// Brings the per-item hashes of the lookups in line with the patched
/// model; returns the claims whose rows show something new (the article's
/// own, and those whose conflicts changed: `before` has their counts), as
/// indexes of the patched model.
fn patch_lookups(
    kept: &mut Kept,
    id: ArticleId,
    before: &[u32],
    own: &[ClaimId],
    added: &[ClaimId],
) -> Vec<ClaimId> {
    let (m, look) = (&kept.model, &mut kept.look);
    let mut touched: Vec<ClaimId> = own.to_vec();
    touched.extend(
        (0..m.claims.len())
            .filter(|&c| before.get(c) != look.conflict_counts.get(c))
            .map(|c| ClaimId(c as u32)),
    );
    touched.sort();
    touched.dedup();
    // Hashes computed only now are of the new model: nothing to compare with.
    let fresh = look.claim_hashes.get().is_none();
    let renderer = Renderer::with(m, &kept.config, Cow::Borrowed(&kept.prep), Cow::Borrowed(look));
    renderer.init_hashes();
    let card = renderer.card_hash(id);
    drop(renderer);
    if let Some(cards) = look.card_hashes.get_mut() {
        cards[id.0 as usize] = card;
    }
    let renderer = Renderer::with(m, &kept.config, Cow::Borrowed(&kept.prep), Cow::Borrowed(look));
    let hashes: Vec<u64> = touched.iter().map(|&c| renderer.claim_hash(c)).collect();
    drop(renderer);
    let mut changed = Vec::new();
    if let Some(all) = look.claim_hashes.get_mut() {
        for (&c, h) in touched.iter().zip(hashes) {
            if fresh || all[c.0 as usize] != h || added.contains(&c) {
                all[c.0 as usize] = h;
                changed.push(c);
            }
        }
    }
    changed
}

/// What an edit touched, besides the claims whose rows changed.
struct Edit<'a> {
    id: ArticleId,
    /// Entities the article mentions or mentioned before the edit.
    mentioned: &'a BTreeSet<EntityId>,
    /// Subjects and counterparties of the article's claims, before and after.
    subjects: &'a BTreeSet<EntityId>,
    /// (subject, metric, counterparty, period) keys of its claims before the edit.
    old_keys: &'a [ClaimKey],
}

/// Every unit that may read what the edit changed: a superset of the units
/// whose fingerprint changed (fingerprints then pick the dirty ones).
fn candidates(kept: &Kept, edit: &Edit<'_>, changed_claims: &[ClaimId]) -> Vec<Target> {
    let (m, look) = (&kept.model, &kept.look);
    let mut articles: BTreeSet<ArticleId> = BTreeSet::from([edit.id]);
    let mut entities: BTreeSet<EntityId> = edit.mentioned | edit.subjects;
    let mut claims: BTreeSet<ClaimId> = BTreeSet::new();
    let mut keys: HashSet<ClaimKey> = edit.old_keys.iter().cloned().collect();
    for &c in changed_claims {
        let claim = m.claim(c);
        articles.insert(claim.article);
        entities.insert(claim.subject);
        claims.insert(c);
        keys.insert(claim_key(claim));
    }
    for key in &keys {
        claims.extend(look.claims_by_key.get(key).into_iter().flatten());
    }
    articles
        .into_iter()
        .map(Target::Article)
        .chain(entities.into_iter().map(Target::Entity))
        .chain(claims.into_iter().map(Target::Claim))
        .chain(crate::render::units::list_pages(&kept.families))
        .chain([Target::Home])
        .collect()
}
