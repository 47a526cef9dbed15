//! The fast path for the most common edit: one saved article.
//!
//! Most saves change an article's text without moving anything: the same
//! slug, date and tags, the same claim ids, headings and footnotes. Then no
//! other page's position, URL or anchor changes, and the kept model can be
//! patched in place: re-analyse the article, swap in its mentions, back-links
//! and claims, recompute conflicts, and re-fingerprint only the units that
//! can read what changed (the article, the entities it mentions or mentioned,
//! its claims and the claims they are compared with, the lists and home).
//! Any edit that moves something returns `None` and takes the general path,
//! which is also the oracle: tests compare both against full builds.
//!
//! Invariant: after `apply` returns `Some`, the kept model, lookups,
//! diagnostics and fingerprints equal what the general path would compute.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use super::{Incremental, Kept, Written, analysis_key};
use crate::Site;
use crate::analyze::validate::{
    ArticleLinksInput, LinkCollector, PageIndex, check_article_links, has_internal_links,
};
use crate::analyze::{Registry, analyze_article, article_backlinks, conflicts, report_conflicts};
use crate::diag::Diagnostics;
use crate::model::{ArticleId, Claim, ClaimId, EntityId};
use crate::render::lists::{ClaimKey, claim_key};
use crate::render::units::{Target, UnitPages};
use crate::render::{RenderError, Renderer};

/// Diagnostics of site-wide passes that may point into an article file and
/// that this path does not recompute.
const SITE_WIDE_CODES: &[&str] = &["duplicate-slug", "duplicate-claim-id"];

/// Applies an edit of the article at `path` to the kept build, if the edit
/// moves nothing; `Ok(None)` when the general path must handle it. Like
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
        || article.tags != old.tags
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
    if analysis.links.headings != old_analysis.links.headings
        || analysis.links.footnotes != old_analysis.links.footnotes
    {
        return Ok(None);
    }
    let mut claims: Vec<Claim> = analysis.claims.clone();
    if kept.config.auto_claims {
        claims.extend(analysis.extracted.iter().cloned());
    }
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    let old_ids: Vec<ClaimId> = kept.look.claims_by_article.get(&id).cloned().unwrap_or_default();
    let same_claims = claims.len() == old_ids.len()
        && claims.iter().zip(&old_ids).all(|(new, &o)| {
            let old = kept.model.claim(o);
            new.id == old.id
                && new.origin == old.origin
                && new.quote_range.is_some() == old.quote_range.is_some()
        });
    if !same_claims {
        return Ok(None);
    }
    crate::diag::trace("edit: analysed", t);

    // From here on the edit is applied; nothing returns `None`.
    let t = std::time::Instant::now();
    let new_key = analysis_key(&article, kept.ids_fp);
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

    let mut keys_moved = false;
    let mut subjects: BTreeSet<EntityId> = BTreeSet::new();
    let mut old_keys = Vec::new();
    for (mut claim, &cid) in claims.into_iter().zip(&old_ids) {
        claim.article = id;
        let old = &m.claims[cid.0 as usize];
        subjects.insert(old.subject);
        subjects.insert(claim.subject);
        if claim_key(old) != claim_key(&claim) {
            keys_moved = true;
            old_keys.push(claim_key(old));
        }
        m.claims[cid.0 as usize] = claim;
    }
    m.conflicts = conflicts::find_conflicts(&m.claims);
    kept.diags.retain(|d| {
        d.code != "conflicting-claims" && d.span.as_ref().is_none_or(|s| s.file != old_file)
    });
    report_conflicts(&m.claims, &m.conflicts, &m.articles, &m.entities, &mut diags);

    // Links last: they resolve against the patched model.
    let rewrites = if has_internal_links(&analysis.links) {
        let (pages, entity_collectors) = kept.links.get_or_insert_with(|| {
            let pages = PageIndex::new(m, &kept.config, &kept.sources);
            (pages, m.entities.iter().map(|e| LinkCollector::scan(&e.body)).collect())
        });
        let articles: Vec<&LinkCollector> = m
            .articles
            .iter()
            .map(|a| match inc.analyses.get(&a.file) {
                Some((_, cached)) => &cached.links,
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
        // Like the general path: report, write nothing, and forget the kept
        // build (the output on disk no longer matches it).
        let site = Site {
            sources: kept.sources.clone(),
            diagnostics: kept.diags.clone(),
            ..Site::empty()
        };
        inc.kept = None;
        return Ok(Some((site, None)));
    }

    let t = std::time::Instant::now();
    let changed_claims = patch_lookups(kept, id, &old_ids, keys_moved);
    let edit = Edit { id, mentioned: &entities, subjects: &subjects, old_keys: &old_keys };
    let targets = candidates(kept, &edit, &changed_claims);
    crate::diag::trace("edit: lookups patched", t);

    let t = std::time::Instant::now();
    let renderer = Renderer::with(
        &kept.model,
        &kept.config,
        Cow::Borrowed(&kept.prep),
        Cow::Borrowed(&kept.look),
    );
    let families = &kept.families;
    let mut dirty = Vec::new();
    for target in targets {
        let unit = renderer.unit(target, families);
        let fp = renderer.fingerprint(target, kept.registry_fp, families);
        if inc.fingerprints.get(&unit) != Some(&fp) {
            inc.fingerprints.insert(unit.clone(), fp);
            dirty.push((unit, target));
        }
    }
    crate::diag::trace("edit: fingerprints", t);
    let t = std::time::Instant::now();
    let units: Vec<UnitPages> = match renderer.render_targets(&dirty, families, &inc.theme) {
        Ok(units) => units,
        Err(RenderError::Io(e)) => return Err(e),
        // Templates rendered this model a moment ago; a failure now is a bug.
        Err(RenderError::Template(d)) => anyhow::bail!("template failed on an edit: {}", d.message),
    };
    drop(renderer);
    crate::diag::trace("edit: rendered", t);
    let t = std::time::Instant::now();
    let mut written = inc.write_units(&units)?;
    crate::diag::trace("edit: written", t);
    inc.data_pending = true;
    written.patched = true;
    written.analysed = 1;
    let site = inc.kept.as_ref().expect("set above").site(inc.pages);
    Ok(Some((site, Some(written))))
}

/// Brings the lookups in line with the patched model; returns the claims
/// whose rows show something new (the article's own, and those whose
/// conflicts changed).
fn patch_lookups(
    kept: &mut Kept,
    id: ArticleId,
    own: &[ClaimId],
    keys_moved: bool,
) -> Vec<ClaimId> {
    let (m, look) = (&kept.model, &mut kept.look);
    if keys_moved {
        // Rare: a curated claim's subject, metric or period was edited.
        look.regroup_claims(m);
    }
    let before = std::mem::take(&mut look.conflict_counts);
    look.set_conflicts(m);
    let mut touched: Vec<ClaimId> = own.to_vec();
    touched.extend(
        (0..m.claims.len())
            .filter(|&c| before.get(c) != look.conflict_counts.get(c))
            .map(|c| ClaimId(c as u32)),
    );
    touched.sort();
    touched.dedup();
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
            if all[c.0 as usize] != h {
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
    /// Subjects of the article's claims, before and after.
    subjects: &'a BTreeSet<EntityId>,
    /// (subject, metric, period) keys its claims left.
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
