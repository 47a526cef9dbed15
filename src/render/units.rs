//! Render units and their fingerprints: what incremental rebuilds compare.
//!
//! A unit is a group of pages rendered by one function (an article page, an
//! entity page with its back-link pages, a claim page, one page of a list,
//! the home page, and the rest: 404 and static files). Its fingerprint hashes
//! every piece of the model the function reads, so equal fingerprints mean
//! equal bytes. The rest is cheap and always re-rendered; the data files
//! depend on everything and follow the pages (`Incremental::finish`). A full
//! build is the oracle: tests compare incremental output against it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::lists::ListFamily;
use super::{Output, RenderError, Renderer, Theme};
use crate::model::{ArticleId, Claim, ClaimId, EntityId};

/// A group of pages rendered together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `articles/<slug>.html`.
    Article(String),
    /// `<kind>/<slug>.html`, its back-link pages and its timeline pages.
    Entity(String),
    /// `claims/<id>.html`.
    Claim(String),
    /// One page of a paginated list, by its path.
    List(String),
    /// `index.html`.
    Home,
    /// 404 and static files: re-rendered on every rebuild.
    Rest,
    /// kb.json, claims.csv, feed, sitemap ...: depend on everything, so they
    /// are regenerated on every rebuild, after the pages (see `Incremental::finish`).
    Data,
}

/// One rendered unit.
#[derive(Debug)]
pub struct UnitPages {
    /// Which unit.
    pub unit: Unit,
    /// Its outputs.
    pub outputs: Vec<Output>,
}

/// Fingerprints of every unit of a model.
pub type Fingerprints = HashMap<Unit, u64>;

impl Renderer<'_> {
    fn identity(&self, id: EntityId, h: &mut DefaultHasher) {
        self.identity_hashes()[id.0 as usize].hash(h);
    }

    /// Per entity: what links and rows show of it (computed once, kept in the lookups).
    fn identity_hashes(&self) -> &[u64] {
        self.look.identity_hashes.get_or_init(|| {
            self.model
                .entities
                .par_iter()
                .map(|e| {
                    let mut h = DefaultHasher::new();
                    (e.slug.as_str(), &e.kind, &e.name).hash(&mut h);
                    h.finish()
                })
                .collect()
        })
    }

    /// What rows and pages show of a claim.
    fn claim_digest(&self, id: ClaimId, h: &mut DefaultHasher) {
        self.claim_hashes()[id.0 as usize].hash(h);
    }

    /// Per claim: [`Renderer::claim_hash`] (computed once, kept in the lookups).
    fn claim_hashes(&self) -> &[u64] {
        self.look.claim_hashes.get_or_init(|| {
            (0..self.model.claims.len())
                .into_par_iter()
                .map(|i| self.claim_hash(ClaimId(i as u32)))
                .collect()
        })
    }

    pub(crate) fn claim_hash(&self, id: ClaimId) -> u64 {
        let mut h = DefaultHasher::new();
        let c: &Claim = self.model.claim(id);
        // Not the quote's offsets: only the article page shows them, and its
        // fingerprint covers the whole text.
        (c.id.as_str(), c.origin, &c.metric, &c.value_text, &c.qualifier, &c.period, &c.quote)
            .hash(&mut h);
        if let Some(a) = &c.amount {
            (a.value, a.value_max, a.currency, a.unit, a.qualifier).hash(&mut h);
        }
        self.identity(c.subject, &mut h);
        for e in [c.counterparty, c.according_to].into_iter().flatten() {
            self.identity(e, &mut h);
        }
        self.card_digest(c.article, &mut h);
        self.look.conflict_counts[id.0 as usize].hash(&mut h);
        h.finish()
    }

    /// What lists and cards show of an article.
    fn card_digest(&self, id: ArticleId, h: &mut DefaultHasher) {
        self.card_hashes()[id.0 as usize].hash(h);
    }

    /// Per article: [`Renderer::card_hash`] (computed once, kept in the lookups).
    fn card_hashes(&self) -> &[u64] {
        self.look.card_hashes.get_or_init(|| {
            (0..self.model.articles.len())
                .into_par_iter()
                .map(|i| self.card_hash(ArticleId(i as u32)))
                .collect()
        })
    }

    pub(crate) fn card_hash(&self, id: ArticleId) -> u64 {
        let a = self.model.article(id);
        let mut h = DefaultHasher::new();
        (a.slug.as_str(), &a.title, a.date, &self.model.excerpts[id.0 as usize]).hash(&mut h);
        // The published date orders provenance and timelines.
        a.source.as_ref().map(|s| (&s.name, s.published)).hash(&mut h);
        h.finish()
    }

    /// Computes the per-item hashes fingerprints read, if not done yet, so
    /// that a rebuild can patch them in place.
    pub(crate) fn init_hashes(&self) {
        self.identity_hashes();
        self.card_hashes();
        self.claim_hashes();
    }

    /// What page `n` of a list shows: its items, and how many pages there are.
    fn list_page_fingerprint(&self, f: &ListFamily, n: usize) -> u64 {
        use super::lists::ListItems;
        let mut h = DefaultHasher::new();
        (&f.first, &f.title, n, f.pages()).hash(&mut h);
        let range = f.page_range(n);
        match &f.items {
            ListItems::Claims(ids) => ids[range].iter().for_each(|&c| self.claim_digest(c, &mut h)),
            ListItems::Articles(ids) => {
                ids[range].iter().for_each(|&a| self.card_digest(a, &mut h))
            }
            ListItems::Entities(ids) => ids[range].iter().for_each(|&e| {
                self.identity(e, &mut h);
                (self.model.entity(e).hash, self.model.backlinks[e.0 as usize].len()).hash(&mut h);
            }),
            ListItems::Tags(tags) => tags[range].hash(&mut h),
        }
        h.finish()
    }

    fn article_fingerprint(&self, id: ArticleId) -> u64 {
        let mut h = DefaultHasher::new();
        let a = self.model.article(id);
        (a.slug.as_str(), a.hash).hash(&mut h);
        // Rewritten links depend on which other files exist.
        self.model.article_links.get(id.0 as usize).hash(&mut h);
        for m in &self.model.mentions[id.0 as usize] {
            (m.range.start, m.range.end, m.linked).hash(&mut h);
            self.identity(m.entity, &mut h);
        }
        for (r, e) in &self.model.wikilinks[id.0 as usize] {
            r.start.hash(&mut h);
            self.identity(*e, &mut h);
        }
        for &c in self.look.claims_by_article.get(&id).into_iter().flatten() {
            self.claim_digest(c, &mut h);
        }
        h.finish()
    }

    fn entity_fingerprint(&self, id: EntityId, registry: u64) -> u64 {
        let mut h = DefaultHasher::new();
        let e = self.model.entity(id);
        (e.slug.as_str(), e.hash).hash(&mut h);
        if e.body.contains("[[") {
            registry.hash(&mut h); // its wikilinks resolve against every name
        }
        self.model.entity_links.get(id.0 as usize).hash(&mut h);
        for &i in self.look.relations_of.get(&id).into_iter().flatten() {
            let r = &self.model.relations[i];
            (&r.kind, &r.since, r.from == id).hash(&mut h);
            self.identity(r.from, &mut h);
            self.identity(r.to, &mut h);
        }
        for &c in self.look.claims_by_subject.get(&id).into_iter().flatten() {
            self.claim_digest(c, &mut h);
        }
        // Its timeline also lists the claims it is the counterparty of.
        for &c in self.look.claims_by_counterparty.get(&id).into_iter().flatten() {
            self.claim_digest(c, &mut h);
        }
        for b in &self.model.backlinks[id.0 as usize] {
            self.card_digest(b.article, &mut h);
            (&b.snippet, b.count).hash(&mut h);
        }
        h.finish()
    }

    fn claim_fingerprint(&self, id: ClaimId) -> u64 {
        let mut h = DefaultHasher::new();
        self.claim_digest(id, &mut h);
        let c = self.model.claim(id);
        for &o in self.look.claims_by_key.get(&super::lists::claim_key(c)).into_iter().flatten() {
            self.claim_digest(o, &mut h);
        }
        h.finish()
    }

    /// The fingerprint of one unit; `registry` covers everything entities'
    /// wikilinks may resolve to.
    pub(crate) fn fingerprint(
        &self,
        target: Target,
        registry: u64,
        families: &[ListFamily],
    ) -> u64 {
        match target {
            Target::Article(id) => self.article_fingerprint(id),
            Target::Entity(id) => self.entity_fingerprint(id, registry),
            Target::Claim(id) => self.claim_fingerprint(id),
            Target::ListPage(i, n) => self.list_page_fingerprint(&families[i], n),
            Target::Home => {
                let mut h = DefaultHasher::new();
                serde_json::to_vec(&self.home_context()).unwrap_or_default().hash(&mut h);
                h.finish()
            }
            Target::Rest => 0,
        }
    }

    /// The unit a target renders.
    pub(crate) fn unit(&self, target: Target, families: &[ListFamily]) -> Unit {
        let m = self.model;
        match target {
            Target::Article(id) => Unit::Article(m.article(id).slug.to_string()),
            Target::Entity(id) => Unit::Entity(m.entity(id).slug.to_string()),
            Target::Claim(id) => Unit::Claim(m.claim(id).id.to_string()),
            Target::ListPage(i, n) => {
                Unit::List(crate::model::urls::nth_page(&families[i].first, n))
            }
            Target::Home => Unit::Home,
            Target::Rest => Unit::Rest,
        }
    }

    /// Every unit of the model (except the data files).
    fn targets(&self, families: &[ListFamily]) -> Vec<Target> {
        let m = self.model;
        let ids = |n: usize| 0..n as u32;
        ids(m.articles.len())
            .map(|i| Target::Article(ArticleId(i)))
            .chain(ids(m.entities.len()).map(|i| Target::Entity(EntityId(i))))
            .chain(ids(m.claims.len()).map(|i| Target::Claim(ClaimId(i))))
            .chain(list_pages(families))
            .chain([Target::Home, Target::Rest])
            .collect()
    }

    fn render_target(
        &self,
        target: Target,
        families: &[ListFamily],
        theme: &Theme,
    ) -> Result<Vec<Output>, RenderError> {
        let t = RenderError::Template;
        match target {
            Target::Article(id) => {
                Ok(vec![self.article_page(id, self.model.article(id)).map_err(t)?])
            }
            Target::Entity(id) => self.entity_pages(id, self.model.entity(id)).map_err(t),
            Target::Claim(id) => Ok(vec![self.claim_page(id).map_err(t)?]),
            Target::ListPage(i, n) => Ok(vec![self.list_family_page(&families[i], n).map_err(t)?]),
            Target::Home => Ok(vec![self.home().map_err(t)?]),
            Target::Rest => {
                let mut out = vec![self.not_found().map_err(t)?];
                out.extend(super::static_files(theme));
                Ok(out)
            }
        }
    }

    /// Renders `targets` in parallel, in order.
    pub(crate) fn render_targets(
        &self,
        targets: &[(Unit, Target)],
        families: &[ListFamily],
        theme: &Theme,
    ) -> Result<Vec<UnitPages>, RenderError> {
        if std::env::var_os("FACTBOOK_TRACE").is_some() && targets.len() < 100 {
            eprintln!("[trace] rendering {:?}", targets.iter().map(|(u, _)| u).collect::<Vec<_>>());
        }
        targets
            .par_iter()
            .map(|(unit, target)| {
                let outputs = self.render_target(*target, families, theme)?;
                Ok(UnitPages { unit: unit.clone(), outputs })
            })
            .collect()
    }
}

/// Every page of every list family.
pub(crate) fn list_pages(families: &[ListFamily]) -> impl Iterator<Item = Target> + '_ {
    families
        .iter()
        .enumerate()
        .flat_map(|(i, f)| (1..=f.pages()).map(move |n| Target::ListPage(i, n)))
}

/// What a [`Unit`] is in the current model: its unit key resolved to ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Article(ArticleId),
    Entity(EntityId),
    Claim(ClaimId),
    /// Page `.1` (from 1) of list family `.0` (an index into the families).
    ListPage(usize, usize),
    Home,
    Rest,
}

/// Fingerprints every unit and renders those whose fingerprint differs
/// from `previous` (every unit when `previous` is empty), except the data
/// files. Returns the new fingerprints of all units and the rendered units.
pub(crate) fn render_changed(
    renderer: &Renderer<'_>,
    families: &[ListFamily],
    theme: &Theme,
    registry: u64,
    previous: &Fingerprints,
) -> Result<(Fingerprints, Vec<UnitPages>), RenderError> {
    let t = std::time::Instant::now();
    let all: Vec<(Unit, Target, u64)> = renderer
        .targets(families)
        .into_par_iter()
        .map(|t| (renderer.unit(t, families), t, renderer.fingerprint(t, registry, families)))
        .collect();
    crate::diag::trace("render: fingerprints", t);
    let dirty: Vec<(Unit, Target)> = all
        .iter()
        .filter(|(u, _, f)| *u == Unit::Rest || previous.get(u) != Some(f))
        .map(|(u, t, _)| (u.clone(), *t))
        .collect();
    let units = renderer.render_targets(&dirty, families, theme)?;
    let fingerprints = all.into_iter().map(|(u, _, f)| (u, f)).chain([(Unit::Data, 0)]).collect();
    Ok((fingerprints, units))
}
