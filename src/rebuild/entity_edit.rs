//! The fast path for an entity description edit: the body of
//! `content/<kind>/<slug>.md` changed and its front matter did not.
//!
//! Everything other pages and the analysis of articles read of an entity
//! comes from its front matter (name, aliases, kind, relations, maker,
//! affiliation, facts: links, cards, graphs, timelines, fiscal years) except
//! its summary, the start of its description, which its kind's list shows.
//! So when the front matter is byte for byte the same, the kept model is
//! patched in place: the entity, its summary and its description's link
//! rewrites; then only its own unit (pages and timeline) and the list page
//! showing it are re-rendered. Its headings and footnotes must stay the
//! same as well, since other bodies' `#fragment` links resolve against them.
//! Anything else returns `None` and takes the general path.
//!
//! Invariant: after `apply` returns `Some`, the kept model, lookups,
//! diagnostics and fingerprints equal what the general path would compute.

use std::path::Path;

use anyhow::Result;

use super::patch::{Touched, fail, rerender};
use super::{Incremental, Written};
use crate::Site;
use crate::analyze::validate::{
    ArticleLinksInput, LinkCollector, PageIndex, check_entity_links, has_internal_links,
};
use crate::diag::Diagnostics;
use crate::model::EntityId;
use crate::render::units::{Target, list_pages};
use crate::source::FileId;

/// Applies an edit of the entity file at `path` to the kept build, if only
/// its description changed; `Ok(None)` when the general path must handle
/// it. Like [`Incremental::apply`], the inner `None` means the edit has errors.
pub(super) fn apply(inc: &mut Incremental, path: &Path) -> Result<Option<(Site, Option<Written>)>> {
    let t = std::time::Instant::now();
    let Some(kept) = &inc.kept else { return Ok(None) };
    let Some(rel) = inc.files.rel_path(path) else { return Ok(None) };
    let Some((old, old_source, old_load_diags)) = inc.files.entity(&rel) else { return Ok(None) };
    if !path.is_file() {
        return Ok(None);
    }
    let old_file = old_source.id;
    let Some(i) = kept.model.entities.iter().position(|e| e.file == old_file) else {
        return Ok(None);
    };
    // The description's wikilinks resolve through the mention automaton,
    // which a good build left in the cache.
    let matcher = match &inc.matcher {
        Some((fp, matcher, _)) if *fp == kept.registry_fp => std::sync::Arc::clone(matcher),
        _ => return Ok(None),
    };
    let Some(old_front) = old_source.text.get(..old.body_offset).map(str::to_string) else {
        return Ok(None);
    };
    let old_load_diags = old_load_diags.clone();
    let old_body_offset = old.body_offset;
    let old_collector = match &kept.entity_collectors {
        Some(all) => all[i].clone(),
        None => LinkCollector::scan(&old.body),
    };
    inc.files.refresh(&[path.to_path_buf()])?;
    let Some((entity, source, load_diags)) = inc.files.entity(&rel) else { return Ok(None) };
    let new_file = source.id;
    let collector = LinkCollector::scan(&entity.body);
    let front_kept = source.text.get(..entity.body_offset) == Some(old_front.as_str());
    // Findings in the old body would have to be recomputed; a good build
    // has none (link checks of descriptions report only errors).
    let in_old_body = kept.diags.iter().any(|d| {
        d.span.as_ref().is_some_and(|s| s.file == old_file && s.range.end > old_body_offset)
    });
    if !front_kept
        || load_diags.has_errors()
        || in_old_body
        || !same_in_new_file(&old_load_diags, load_diags, new_file)
        || collector.headings != old_collector.headings
        || collector.footnotes != old_collector.footnotes
    {
        return Ok(None);
    }
    let checks_links = has_internal_links(&collector) || !collector.wikilinks.is_empty();
    let articles: Option<Vec<&LinkCollector>> = if checks_links {
        let cached = |a: &crate::model::Article| inc.analyses.get(&a.file).map(|(_, x)| &x.links);
        match kept.model.articles.iter().map(cached).collect() {
            Some(all) => Some(all),
            None => return Ok(None),
        }
    } else {
        None
    };
    crate::diag::trace("entity edit: checked", t);

    // From here on the edit is applied; nothing returns `None`.
    let t = std::time::Instant::now();
    let (entity, source) = (entity.clone(), source.clone());
    let kept = inc.kept.as_mut().expect("checked above");
    kept.sources.replace(old_file, source);
    // The front matter is unchanged, so findings located in it (loading,
    // duplicate aliases, relations) stand; they now point into the new file.
    move_file(&mut kept.diags, old_file, new_file);
    if let Some((_, _, found)) = &mut inc.matcher {
        move_file(found, old_file, new_file);
    }
    let super::Kept { model: m, config, sources, diags, look, pages, entity_collectors, .. } = kept;
    m.entities[i] = entity;
    look.entity_summaries[i] = crate::text::plain_text(&m.entities[i].body, 160);
    if let Some(all) = entity_collectors.as_mut() {
        all[i] = collector.clone();
    }
    let mut found = Diagnostics::default();
    let rewrites = match articles {
        Some(articles) => {
            let pages = pages.get_or_insert_with(|| PageIndex::new(m, config, sources));
            let entities = entity_collectors.get_or_insert_with(|| {
                m.entities.iter().map(|e| LinkCollector::scan(&e.body)).collect()
            });
            let site = ArticleLinksInput { pages, articles, entities, config, sources };
            check_entity_links(m, EntityId(i as u32), &site, &matcher, &mut found)
        }
        None => Vec::new(),
    };
    m.entity_links[i].rewrites = rewrites;
    diags.extend(found);
    crate::diag::trace("entity edit: model patched", t);
    if kept.diags.has_errors() {
        return Ok(Some(fail(inc, None)));
    }

    // Not the home page: it shows entities by name and back-link count.
    let targets: Vec<Target> = std::iter::once(Target::Entity(EntityId(i as u32)))
        .chain(list_pages(&kept.families))
        .collect();
    let touched = Touched { entities: [EntityId(i as u32)].into(), ..Touched::default() };
    let mut written = match rerender(inc, targets, &touched, &[])? {
        Ok(w) => w,
        Err(d) => return Ok(Some(fail(inc, Some(d)))),
    };
    written.entity_patched = true;
    let site = inc.kept.as_ref().expect("patched above").site(inc.pages);
    Ok(Some((site, Some(written))))
}

/// Points the findings in file `from` at file `to` (an edited file gets a
/// new id; its unchanged part keeps its offsets).
fn move_file(diags: &mut Diagnostics, from: FileId, to: FileId) {
    let mut moved = Vec::new();
    diags.retain(|d| {
        let here = d.span.as_ref().is_some_and(|s| s.file == from);
        if here {
            moved.push(d.clone());
        }
        !here
    });
    for mut d in moved {
        if let Some(s) = d.span.as_mut() {
            s.file = to;
        }
        diags.push(d);
    }
}

/// Whether loading the new file found what loading the old one did.
fn same_in_new_file(old: &Diagnostics, new: &Diagnostics, file: FileId) -> bool {
    old.iter().count() == new.iter().count()
        && old.iter().zip(new.iter()).all(|(a, b)| {
            let mut a = a.clone();
            if let Some(s) = a.span.as_mut() {
                s.file = file;
            }
            a == *b
        })
}
