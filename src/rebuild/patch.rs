//! How the fast paths end: fingerprint the units an edit may have changed,
//! render the dirty ones, write them, and delete the units it took away.
//!
//! A list page whose fingerprint changed but which shows nothing the edit
//! touched only has other items moved onto it (a claim inserted early in the
//! claim list shifts every later page by one row). A full build writes those
//! pages too, but nobody edits them: they are left for
//! [`super::Incremental::finish`], after the reload, with the data files.
//! Their fingerprints are dropped until then, so any rebuild in between still
//! finds them dirty.

use std::collections::HashSet;

use anyhow::Result;

use super::{Incremental, Written};
use crate::Site;
use crate::diag::Diagnostic;
use crate::model::{ArticleId, ClaimId, EntityId};
use crate::render::lists::ListItem;
use crate::render::units::{Target, Unit, UnitPages, list_pages};
use crate::render::{RenderError, Renderer};

/// What an edit changed, by id: list pages showing one of these are written
/// at once.
#[derive(Debug, Default)]
pub(super) struct Touched {
    /// Claims whose rows changed (added ones included).
    pub(super) claims: HashSet<ClaimId>,
    pub(super) articles: HashSet<ArticleId>,
    pub(super) entities: HashSet<EntityId>,
    /// Tag slugs the edited article has or had.
    pub(super) tags: HashSet<String>,
    /// List pages where a removed item was (they show what moved into its
    /// place).
    pub(super) gaps: HashSet<Unit>,
}

impl Touched {
    fn picks(&self, item: ListItem<'_>) -> bool {
        match item {
            ListItem::Claim(c) => self.claims.contains(&c),
            ListItem::Article(a) => self.articles.contains(&a),
            ListItem::Entity(e) => self.entities.contains(&e),
            ListItem::Tag(t) => self.tags.contains(t),
        }
    }
}

/// Deletes the `gone` units, then renders and writes those of `targets`
/// whose fingerprint changed (deferring list pages that show nothing
/// `touched`). The kept build must be the patched one. The inner `Err` is a
/// template that failed on the new content: nothing was written, and the
/// caller reports it like the general path does.
pub(super) fn rerender(
    inc: &mut Incremental,
    targets: Vec<Target>,
    touched: &Touched,
    gone: &[Unit],
) -> Result<Result<Written, Diagnostic>> {
    let t = std::time::Instant::now();
    let kept = inc.kept.as_ref().expect("rerender runs on a patched build");
    let renderer = kept.renderer();
    let families = &kept.families;
    let mut dirty = Vec::new();
    for target in targets {
        let unit = renderer.unit(target, families);
        let fp = renderer.fingerprint(target, kept.registry_fp, families);
        if inc.fingerprints.get(&unit) == Some(&fp) {
            continue;
        }
        if let Target::ListPage(i, n) = target
            && !touched.gaps.contains(&unit)
            && !families[i].page_shows(n, &|item| touched.picks(item))
        {
            inc.fingerprints.remove(&unit);
            inc.deferred.insert(unit);
            continue;
        }
        inc.deferred.remove(&unit);
        inc.fingerprints.insert(unit.clone(), fp);
        dirty.push((unit, target));
    }
    crate::diag::trace("edit: fingerprints", t);
    if std::env::var_os("FACTBOOK_TRACE").is_some() && !inc.deferred.is_empty() {
        eprintln!("[trace] deferred {:?}", inc.deferred);
    }
    let t = std::time::Instant::now();
    let units = match render(&renderer, &dirty, inc)? {
        Ok(units) => units,
        Err(d) => {
            // Not written: the next rebuild must find these dirty.
            for (unit, _) in &dirty {
                inc.fingerprints.remove(unit);
            }
            return Ok(Err(d));
        }
    };
    drop(renderer);
    crate::diag::trace("edit: rendered", t);
    let t = std::time::Instant::now();
    let mut removed = 0;
    for unit in gone {
        removed += inc.remove_unit(unit)?;
    }
    let mut written = inc.write_units(&units)?;
    crate::diag::trace("edit: written", t);
    written.removed += removed;
    written.deferred = inc.deferred.len();
    inc.data_pending = true;
    written.patched = true;
    Ok(Ok(written))
}

/// Like the general path on errors: report (with `error`, a template that
/// failed), write nothing, and forget the kept build (the files on disk no
/// longer match it).
pub(super) fn fail(inc: &mut Incremental, error: Option<Diagnostic>) -> (Site, Option<Written>) {
    let Some(kept) = inc.kept.take() else { return (Site::empty(), None) };
    let mut diagnostics = kept.diagnostics();
    if let Some(d) = error {
        diagnostics.push(d);
    }
    (Site { sources: kept.sources, diagnostics, ..Site::empty() }, None)
}

/// Renders up to `batch` of the deferred list pages that still exist (the
/// others were deleted as gone units when their list shrank; all of them
/// leave `deferred`) and records their fingerprints.
pub(super) fn render_deferred(inc: &mut Incremental, batch: usize) -> Result<Vec<UnitPages>> {
    let Some(kept) = inc.kept.as_ref() else { return Ok(Vec::new()) };
    let renderer = kept.renderer();
    let families = &kept.families;
    let mut todo = Vec::new();
    let mut rest = std::collections::BTreeSet::new();
    for target in list_pages(families) {
        let unit = renderer.unit(target, families);
        if !inc.deferred.contains(&unit) {
            continue;
        }
        if todo.len() < batch {
            let fp = renderer.fingerprint(target, kept.registry_fp, families);
            inc.fingerprints.insert(unit.clone(), fp);
            todo.push((unit, target));
        } else {
            rest.insert(unit);
        }
    }
    let deferred = std::mem::replace(&mut inc.deferred, rest);
    match render(&renderer, &todo, inc)? {
        Ok(units) => Ok(units),
        Err(_) => {
            // Pages whose rows only moved rendered before with the same
            // templates, so this is unlikely; leave them to the next
            // rebuild, which takes the general path and reports the error.
            drop(renderer);
            for (unit, _) in &todo {
                inc.fingerprints.remove(unit);
            }
            inc.deferred = deferred;
            inc.kept = None;
            Ok(Vec::new())
        }
    }
}

fn render(
    renderer: &Renderer<'_>,
    targets: &[(Unit, Target)],
    inc: &Incremental,
) -> Result<Result<Vec<UnitPages>, Diagnostic>> {
    let families = &inc.kept.as_ref().expect("rendering a kept build").families;
    match renderer.render_targets(targets, families, &inc.theme) {
        Ok(units) => Ok(Ok(units)),
        Err(RenderError::Io(e)) => Err(e),
        Err(RenderError::Template(d)) => Ok(Err(d)),
    }
}
