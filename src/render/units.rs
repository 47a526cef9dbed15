//! Render units and their fingerprints: what incremental rebuilds compare.
//!
//! A unit is a group of pages rendered by one function (an article page, an
//! entity page with its back-link pages, a claim page, or the rest: indexes,
//! home, data files, static files). Its fingerprint hashes every piece of the
//! model the function reads, so equal fingerprints mean equal bytes. The
//! rest is cheap relative to its inputs' spread and is always re-rendered.
//! A full build is the oracle: tests compare incremental output against it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::{Output, RenderError, Renderer, Theme};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::{ArticleId, Claim, ClaimId, EntityId, Model};

/// A group of pages rendered together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// `articles/<slug>.html`.
    Article(String),
    /// `<kind>/<slug>.html` and its back-link pages.
    Entity(String),
    /// `claims/<id>.html`.
    Claim(String),
    /// A paginated list, by the path of its first page.
    List(String),
    /// `index.html`.
    Home,
    /// 404 and static files: re-rendered on every rebuild.
    Rest,
    /// kb.json, claims.csv, feed, sitemap ...: depend on everything, so they
    /// are regenerated on every rebuild, after the pages (see `render_data`).
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
        let all = self.identity_hashes.get_or_init(|| {
            self.model
                .entities
                .par_iter()
                .map(|e| {
                    let mut h = DefaultHasher::new();
                    (e.slug.as_str(), &e.kind, &e.name).hash(&mut h);
                    h.finish()
                })
                .collect()
        });
        all[id.0 as usize].hash(h);
    }

    /// What rows and pages show of a claim (computed once per rebuild).
    fn claim_digest(&self, id: ClaimId, h: &mut DefaultHasher) {
        let all = self.claim_hashes.get_or_init(|| {
            (0..self.model.claims.len())
                .into_par_iter()
                .map(|i| self.claim_hash(ClaimId(i as u32)))
                .collect()
        });
        all[id.0 as usize].hash(h);
    }

    fn claim_hash(&self, id: ClaimId) -> u64 {
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
        self.conflict_counts[id.0 as usize].hash(&mut h);
        h.finish()
    }

    /// What lists and cards show of an article.
    fn card_digest(&self, id: ArticleId, h: &mut DefaultHasher) {
        let all = self.card_hashes.get_or_init(|| {
            (0..self.model.articles.len())
                .into_par_iter()
                .map(|i| {
                    let a = &self.model.articles[i];
                    let mut h = DefaultHasher::new();
                    (a.slug.as_str(), &a.title, a.date, &self.model.excerpts[i]).hash(&mut h);
                    a.source.as_ref().map(|s| &s.name).hash(&mut h);
                    h.finish()
                })
                .collect()
        });
        all[id.0 as usize].hash(h);
    }

    fn family_fingerprint(&self, f: &super::pages::ListFamily) -> u64 {
        use super::pages::ListItems;
        let mut h = DefaultHasher::new();
        (&f.first, &f.title).hash(&mut h);
        match &f.items {
            ListItems::Claims(ids) => ids.iter().for_each(|&c| self.claim_digest(c, &mut h)),
            ListItems::Articles(ids) => ids.iter().for_each(|&a| self.card_digest(a, &mut h)),
            ListItems::Entities(ids) => ids.iter().for_each(|&e| {
                self.identity(e, &mut h);
                (self.model.entity(e).hash, self.model.backlinks[e.0 as usize].len()).hash(&mut h);
            }),
            ListItems::Tags(tags) => tags.hash(&mut h),
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
        for &c in self.claims_by_article.get(&id).into_iter().flatten() {
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
        for &i in self.relations_of.get(&id).into_iter().flatten() {
            let r = &self.model.relations[i];
            (&r.kind, &r.since, r.from == id).hash(&mut h);
            self.identity(r.from, &mut h);
            self.identity(r.to, &mut h);
        }
        for &c in self.claims_by_subject.get(&id).into_iter().flatten() {
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
        for &o in self.claims_by_key.get(&super::pages::claim_key(c)).into_iter().flatten() {
            self.claim_digest(o, &mut h);
        }
        h.finish()
    }

    /// Fingerprints of every unit; `registry` covers everything entities'
    /// wikilinks may resolve to.
    fn fingerprints(&self, registry: u64, families: &[super::pages::ListFamily]) -> Fingerprints {
        let m = self.model;
        let articles: Vec<(Unit, u64)> = (0..m.articles.len())
            .into_par_iter()
            .map(|i| {
                (
                    Unit::Article(m.articles[i].slug.to_string()),
                    self.article_fingerprint(ArticleId(i as u32)),
                )
            })
            .collect();
        let entities: Vec<(Unit, u64)> = (0..m.entities.len())
            .into_par_iter()
            .map(|i| {
                (
                    Unit::Entity(m.entities[i].slug.to_string()),
                    self.entity_fingerprint(EntityId(i as u32), registry),
                )
            })
            .collect();
        let claims: Vec<(Unit, u64)> = (0..m.claims.len())
            .into_par_iter()
            .map(|i| {
                (Unit::Claim(m.claims[i].id.to_string()), self.claim_fingerprint(ClaimId(i as u32)))
            })
            .collect();
        let home = {
            let mut h = DefaultHasher::new();
            let (meta, ctx) = self.home_context();
            (serde_json::to_vec(&meta).unwrap_or_default(), ctx.into_json().to_string())
                .hash(&mut h);
            h.finish()
        };
        articles
            .into_iter()
            .chain(entities)
            .chain(claims)
            .chain(
                families
                    .par_iter()
                    .map(|f| (Unit::List(f.first.clone()), self.family_fingerprint(f)))
                    .collect::<Vec<_>>(),
            )
            .chain([(Unit::Home, home), (Unit::Rest, 0), (Unit::Data, 0)])
            .collect()
    }

    fn render_unit(&self, unit: &Unit, index: &UnitIndex) -> Result<Vec<Output>, RenderError> {
        let t = RenderError::Template;
        match unit {
            Unit::Article(slug) => {
                let id = index.articles[slug.as_str()];
                Ok(vec![self.article_page(id, self.model.article(id)).map_err(t)?])
            }
            Unit::Entity(slug) => {
                let id = index.entities[slug.as_str()];
                self.entity_pages(id, self.model.entity(id)).map_err(t)
            }
            Unit::Claim(cid) => Ok(vec![self.claim_page(index.claims[cid.as_str()]).map_err(t)?]),
            Unit::List(first) => match index.families.iter().find(|f| &f.first == first) {
                Some(f) => self.list_family(f).map_err(t),
                None => Ok(Vec::new()),
            },
            Unit::Home => Ok(vec![self.home().map_err(t)?]),
            Unit::Rest => {
                let mut out = vec![self.not_found().map_err(t)?];
                out.extend(super::static_files(index.theme));
                Ok(out)
            }
            Unit::Data => Ok(self.data_files()),
        }
    }
}

struct UnitIndex<'a> {
    articles: HashMap<&'a str, ArticleId>,
    entities: HashMap<&'a str, EntityId>,
    claims: HashMap<&'a str, ClaimId>,
    families: Vec<super::pages::ListFamily>,
    theme: &'a Theme,
}

/// The data files of a model (the [`Unit::Data`] unit, which
/// [`render_changed`] leaves out so that pages reach the browser first).
pub fn render_data(
    model: &Model,
    config: &Config,
    theme: &Theme,
    diags: &mut Diagnostics,
) -> Option<Vec<Output>> {
    match Renderer::new(model, config, theme) {
        Ok(r) => Some(r.data_files()),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Renders the units whose fingerprint differs from `previous` (every unit
/// when `previous` is empty), except the data files. Returns the new fingerprints of all units and
/// the rendered units; `Ok(None)` when a template failed (reported).
pub fn render_changed(
    model: &Model,
    config: &Config,
    theme: &Theme,
    registry: u64,
    previous: &Fingerprints,
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<(Fingerprints, Vec<UnitPages>)>> {
    let t = std::time::Instant::now();
    let renderer = match Renderer::new(model, config, theme) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return Ok(None);
        }
    };
    crate::trace("render: renderer", t);
    let t = std::time::Instant::now();
    let families = renderer.list_families();
    let fingerprints = renderer.fingerprints(registry, &families);
    crate::trace("render: fingerprints", t);
    let index = UnitIndex {
        articles: model
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), ArticleId(i as u32)))
            .collect(),
        entities: model
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.as_str(), EntityId(i as u32)))
            .collect(),
        claims: model
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), ClaimId(i as u32)))
            .collect(),
        families,
        theme,
    };
    let mut dirty: Vec<&Unit> = fingerprints
        .iter()
        .filter(|(u, f)| **u == Unit::Rest || (**u != Unit::Data && previous.get(*u) != Some(*f)))
        .map(|(u, _)| u)
        .collect();
    dirty.sort();
    if std::env::var_os("FACTBOOK_TRACE").is_some() {
        eprintln!("[trace] dirty units: {dirty:?}");
    }
    let rendered: Vec<Result<UnitPages, RenderError>> = dirty
        .par_iter()
        .map(|u| {
            renderer.render_unit(u, &index).map(|outputs| UnitPages { unit: (*u).clone(), outputs })
        })
        .collect();
    let mut units = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(u) => units.push(u),
            Err(RenderError::Template(d)) => {
                diags.push(d);
                return Ok(None);
            }
            Err(RenderError::Io(e)) => return Err(e),
        }
    }
    Ok(Some((fingerprints, units)))
}
