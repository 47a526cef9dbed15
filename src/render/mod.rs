//! Render: the model becomes every output file, in memory.
//!
//! Invariant: pure. Input is the model, config and theme; output is a list of
//! [`Output`]s with relative paths, sorted, byte-identical for identical input.
//! Every internal link is relative to the page (via `root`), except on
//! `404.html`, which uses the site-url path.

mod chart;
mod data;
mod format;
mod graph;
pub(crate) mod lists;
pub mod markdown;
pub(crate) mod pages;
pub mod provenance;
pub mod search;
pub mod templates;
mod timeline;
pub mod units;
use crate::model::urls;
pub mod view;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::{Lang, ui_strings};
use crate::model::Theme;
use crate::model::{ArticleId, ClaimId, EntityId, Model};
use view::{Link, PageMeta, SiteView};

/// Items per page of any long list.
pub const PER_PAGE: usize = 50;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the build dir, `/`-separated, never escaping it.
    pub path: String,
    /// File contents.
    pub bytes: Vec<u8>,
}

/// Where rendered files go: the staging folder of a build, or memory.
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, output: Output) -> anyhow::Result<()>;

    /// Takes one file that `write` produces. The data files of a large site
    /// are tens of megabytes; a sink that writes to disk streams them there
    /// instead of holding them whole. By default they are collected first.
    fn put_streamed(&self, path: &str, write: Streamer<'_>) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(Output { path: path.to_string(), bytes })
    }
}

/// Writes one file's bytes (see [`Sink::put_streamed`]).
pub type Streamer<'a> = &'a mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// A sink that keeps every output in memory (check, serve, tests).
#[derive(Debug, Default)]
pub struct Collect(std::sync::Mutex<Vec<Output>>);

impl Sink for Collect {
    fn put(&self, output: Output) -> anyhow::Result<()> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(output);
        Ok(())
    }
}

impl Collect {
    /// The outputs, sorted by path.
    pub fn into_sorted(self) -> Vec<Output> {
        let mut v = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed: a content (theme) problem.
    Template(Diagnostic),
    /// The sink could not take a file: an environment problem.
    Io(anyhow::Error),
}

/// Templates, with the values every page shares (`site`, `t`, `lang`) in
/// their global context: set once, never copied per page. Depends on the
/// config, the theme and which kinds have entities, so rebuilds keep it
/// while those are unchanged.
#[derive(Clone)]
pub struct Prepared {
    tera: tera::Tera,
    strings: BTreeMap<&'static str, &'static str>,
    /// The site's templates, to locate errors found while rendering.
    overrides: Vec<(String, crate::source::SourceFile)>,
}

impl Prepared {
    /// Compiles the templates; fails with every problem of a broken template.
    pub fn new(model: &Model, config: &Config, theme: &Theme) -> Result<Prepared, Vec<Diagnostic>> {
        let mut tera = templates::build_tera(&theme.templates)?;
        let lang = config.language;
        let strings = ui_strings(lang);
        let mut nav =
            vec![Link { label: strings["articles"].into(), url: "articles/index.html".into() }];
        for k in &config.kinds {
            if model.entities.iter().any(|e| e.kind == k.folder) {
                nav.push(Link { label: k.plural.clone(), url: format!("{}/index.html", k.folder) });
            }
        }
        nav.push(Link { label: strings["claims"].into(), url: "claims/index.html".into() });
        nav.push(Link { label: strings["tags"].into(), url: "tags/index.html".into() });
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            lang: lang.code(),
            base_path: config.site_url.base_path.clone(),
            nav,
        };
        let shared = tera.global_context();
        shared.insert("site", &site);
        shared.insert("t", &strings);
        // An article in another language overrides it in its own context.
        shared.insert("lang", lang.code());
        Ok(Prepared { tera, strings, overrides: theme.templates.clone() })
    }
}

/// Indexes over a model that pages look things up in. Rebuilds keep them
/// with the model and patch them when one article changes (see
/// `rebuild::article_edit`), so they must stay plain functions of the model.
#[derive(Clone)]
pub struct Lookups {
    pub(crate) claims_by_article: HashMap<ArticleId, Vec<ClaimId>>,
    pub(crate) claims_by_subject: HashMap<EntityId, Vec<ClaimId>>,
    /// Per entity: the start of its description, as plain text.
    pub(crate) entity_summaries: Vec<String>,
    /// Per article: hash of what its cards show (fingerprints only; lazy).
    pub(crate) card_hashes: std::sync::OnceLock<Vec<u64>>,
    /// Per entity: hash of its slug, kind and name (fingerprints only; lazy).
    pub(crate) identity_hashes: std::sync::OnceLock<Vec<u64>>,
    /// Per claim: hash of what its rows and page show (fingerprints only; lazy).
    pub(crate) claim_hashes: std::sync::OnceLock<Vec<u64>>,
    /// Per claim: how many other claims conflict with it.
    pub(crate) conflict_counts: Vec<u32>,
    /// Per entity: indexes into `model.relations` of the edges touching it.
    pub(crate) relations_of: HashMap<EntityId, Vec<usize>>,
    /// Claims by (subject, metric, period), for "other claims on the same ..."
    /// without a scan per claim (quadratic on a subject with thousands).
    pub(crate) claims_by_key: HashMap<lists::ClaimKey, Vec<ClaimId>>,
    /// Conflicting claims of each claim.
    pub(crate) conflicts_by_claim: HashMap<ClaimId, Vec<ClaimId>>,
    /// Claims by counterparty (timelines show them on both parties).
    pub(crate) claims_by_counterparty: HashMap<EntityId, Vec<ClaimId>>,
    /// First report, repeats, revisions and conflicts of every figure.
    pub(crate) provenance: crate::analyze::provenance::Provenance,
}

impl Lookups {
    /// Builds every index of `model`.
    pub fn new(model: &Model) -> Lookups {
        use rayon::prelude::*;
        // Provenance sorts every figure's reports: it runs beside the rest,
        // which would otherwise leave a core idle between analysis and rendering.
        let ((groups, entity_summaries), provenance) = rayon::join(
            || {
                rayon::join(
                    || lists::group_claims(&model.claims),
                    || {
                        model
                            .entities
                            .par_iter()
                            .map(|e| crate::text::plain_text(&e.body, 160))
                            .collect()
                    },
                )
            },
            || crate::analyze::provenance::provenance(&model.claims, &model.articles),
        );
        let mut relations_of: HashMap<EntityId, Vec<usize>> = HashMap::new();
        for (i, r) in model.relations.iter().enumerate() {
            relations_of.entry(r.from).or_default().push(i);
            if r.to != r.from {
                relations_of.entry(r.to).or_default().push(i);
            }
        }
        let mut look = Lookups {
            claims_by_article: groups.by_article,
            claims_by_subject: groups.by_subject,
            entity_summaries,
            card_hashes: std::sync::OnceLock::new(),
            identity_hashes: std::sync::OnceLock::new(),
            claim_hashes: std::sync::OnceLock::new(),
            conflict_counts: Vec::new(),
            relations_of,
            claims_by_key: groups.by_key,
            conflicts_by_claim: HashMap::new(),
            claims_by_counterparty: HashMap::new(),
            provenance,
        };
        look.set_conflicts(model);
        look.set_counterparties(model);
        look
    }

    /// Builds the claims-by-counterparty index.
    fn set_counterparties(&mut self, model: &Model) {
        let mut by_party: HashMap<EntityId, Vec<ClaimId>> = HashMap::new();
        for (i, c) in model.claims.iter().enumerate() {
            if let Some(p) = c.counterparty.filter(|&p| p != c.subject) {
                by_party.entry(p).or_default().push(ClaimId(i as u32));
            }
        }
        self.claims_by_counterparty = by_party;
    }

    /// Recomputes the conflict indexes from `model.conflicts`.
    pub(crate) fn set_conflicts(&mut self, model: &Model) {
        let mut conflict_counts = vec![0u32; model.claims.len()];
        let mut conflicts_by_claim: HashMap<ClaimId, Vec<ClaimId>> = HashMap::new();
        for &(a, b) in &model.conflicts {
            conflict_counts[a.0 as usize] += 1;
            conflict_counts[b.0 as usize] += 1;
            conflicts_by_claim.entry(a).or_default().push(b);
            conflicts_by_claim.entry(b).or_default().push(a);
        }
        self.conflict_counts = conflict_counts;
        self.conflicts_by_claim = conflicts_by_claim;
    }
}

/// Shared state for rendering one site.
pub struct Renderer<'a> {
    model: &'a Model,
    config: &'a Config,
    lang: Lang,
    prep: std::borrow::Cow<'a, Prepared>,
    look: std::borrow::Cow<'a, Lookups>,
    /// Per claim: its value as stated, written on first use.
    values: Vec<std::sync::OnceLock<String>>,
    /// Per entity: its page's URL, written on first use (views borrow it).
    entity_urls: Vec<std::sync::OnceLock<String>>,
    /// Per default template, the largest page it made so far: pages are
    /// rendered into a buffer that size, so they rarely grow and copy.
    sizes: Vec<std::sync::atomic::AtomicUsize>,
}

impl<'a> Renderer<'a> {
    /// Prepares templates and lookups; fails on a broken template.
    pub fn new(
        model: &'a Model,
        config: &'a Config,
        theme: &Theme,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let prep = Prepared::new(model, config, theme)?;
        Ok(Renderer::with(
            model,
            config,
            std::borrow::Cow::Owned(prep),
            std::borrow::Cow::Owned(Lookups::new(model)),
        ))
    }

    /// A renderer over templates and lookups prepared earlier for `model`.
    pub fn with(
        model: &'a Model,
        config: &'a Config,
        prep: std::borrow::Cow<'a, Prepared>,
        look: std::borrow::Cow<'a, Lookups>,
    ) -> Renderer<'a> {
        let values = model.claims.iter().map(|_| std::sync::OnceLock::new()).collect();
        let entity_urls = model.entities.iter().map(|_| std::sync::OnceLock::new()).collect();
        let sizes = templates::DEFAULT_TEMPLATES.iter().map(|_| Default::default()).collect();
        Renderer { model, config, lang: config.language, prep, look, values, entity_urls, sizes }
    }

    /// Renders one template to an output at `path`.
    fn page(
        &self,
        template: &str,
        path: &str,
        meta: &PageMeta,
        mut ctx: tera::Context,
    ) -> Result<Output, Diagnostic> {
        ctx.insert("page", meta);
        let root = match ctx.get("root_override").and_then(|v| v.as_str()) {
            Some(abs) => abs.to_string(),
            None => urls::root_for(path),
        };
        ctx.insert("root", &root);
        let t = crate::timings::enabled().then(std::time::Instant::now);
        use std::sync::atomic::Ordering::Relaxed;
        let size = templates::DEFAULT_TEMPLATES
            .iter()
            .position(|(name, _)| *name == template)
            .and_then(|i| self.sizes.get(i));
        let mut html = Vec::with_capacity(size.map_or(0, |s| s.load(Relaxed)));
        self.prep
            .tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| templates::template_error(&e, &self.prep.overrides))?;
        if let Some(size) = size {
            size.fetch_max(html.len(), Relaxed);
        }
        if let Some(t) = t {
            crate::timings::record(&format!("render: {template}"), t.elapsed());
        }
        Ok(Output { path: path.to_string(), bytes: html })
    }
}

/// Renders the whole site into `sink`; returns the number of HTML pages.
/// Template failures are reported as diagnostics (`Ok(None)`); a sink that
/// cannot take a file is an environment error.
pub fn render_site(
    model: &Model,
    config: &Config,
    theme: &Theme,
    diags: &mut Diagnostics,
    sink: &dyn Sink,
) -> anyhow::Result<Option<usize>> {
    let renderer = match Renderer::new(model, config, theme) {
        Ok(r) => r,
        Err(ds) => {
            ds.into_iter().for_each(|d| diags.push(d));
            return Ok(None);
        }
    };
    let pages = std::sync::atomic::AtomicUsize::new(0);
    let counting = Counting { inner: sink, pages: &pages };
    let sink: &dyn Sink = &counting;
    // The data files and the search index first: they are single long jobs
    // (the index merges every document's words at its end), so started last
    // they left one core idle at the end of the build.
    let (f, (a, (e, (c, i)))) = rayon::join(
        || renderer.fixed(sink),
        || {
            rayon::join(
                || renderer.articles(sink),
                || {
                    rayon::join(
                        || renderer.entities(sink),
                        || rayon::join(|| renderer.claims(sink), || renderer.lists(sink)),
                    )
                },
            )
        },
    );
    for part in [f, a, e, c, i] {
        match part {
            Ok(()) => {}
            Err(RenderError::Template(d)) => {
                diags.push(d);
                return Ok(None);
            }
            Err(RenderError::Io(err)) => return Err(err),
        }
    }
    for o in static_files(theme) {
        sink.put(o)?;
    }
    Ok(Some(pages.into_inner()))
}

/// Counts HTML pages on their way to the real sink.
struct Counting<'a> {
    inner: &'a dyn Sink,
    pages: &'a std::sync::atomic::AtomicUsize,
}

impl Sink for Counting<'_> {
    fn put(&self, output: Output) -> anyhow::Result<()> {
        if output.path.ends_with(".html") {
            self.pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        self.inner.put(output)
    }

    fn put_streamed(&self, path: &str, write: Streamer<'_>) -> anyhow::Result<()> {
        self.inner.put_streamed(path, write)
    }
}

impl Renderer<'_> {
    /// Indexes and home.
    fn lists(&self, sink: &dyn Sink) -> Result<(), RenderError> {
        use rayon::prelude::*;
        // Page by page, each written as it is made: the claims index alone
        // has thousands of pages, too many to hold (or to leave to one thread).
        self.list_families().par_iter().try_for_each(|f| {
            (1..=f.pages()).into_par_iter().try_for_each(|n| {
                let page = self.list_family_page(f, n).map_err(RenderError::Template)?;
                sink.put(page).map_err(RenderError::Io)
            })
        })?;
        sink.put(self.home().map_err(RenderError::Template)?).map_err(RenderError::Io)
    }

    /// What every rebuild rewrites: 404 and data files (written only if
    /// changed). The search files stream into the sink as they are made.
    fn fixed(&self, sink: &dyn Sink) -> Result<(), RenderError> {
        sink.put(self.not_found().map_err(RenderError::Template)?).map_err(RenderError::Io)?;
        let (data, index) =
            rayon::join(|| data::write_data_files(self, sink), || search::write_search(self, sink));
        data.and(index).map_err(RenderError::Io)
    }

    /// kb.json, claims.csv, feed, sitemap, robots.txt, .nojekyll, CNAME,
    /// and the search index (it reads everything, like the data files, so it
    /// is rebuilt with them: last, and after the reload under `serve`).
    /// `None` when `stop` said so before they were all made (`serve` has a
    /// newer edit to rebuild first); `stop` is asked between files and while
    /// the large ones are written.
    pub(crate) fn data_files(&self, stop: &Stop<'_>) -> Option<Vec<Output>> {
        let sink = Stoppable { all: Collect::default(), stop };
        let (data, index) = rayon::join(
            || data::write_data_files(self, &sink),
            || search::write_search(self, &sink),
        );
        // A `Collect` never fails: an error is the stop.
        data.and(index).ok()?;
        Some(sink.all.into_sorted())
    }
}

/// Asked while long work runs: whether to give it up.
pub type Stop<'a> = dyn Fn() -> bool + Sync + 'a;

/// A [`Collect`] that refuses files once `stop` says so, which ends the
/// work that makes them.
struct Stoppable<'a> {
    all: Collect,
    stop: &'a Stop<'a>,
}

/// Why a [`Stoppable`] refused a file. Not `ErrorKind::Interrupted`:
/// `write_all` retries those.
fn stopped() -> std::io::Error {
    std::io::Error::other("stopped for a newer edit")
}

impl Sink for Stoppable<'_> {
    fn put(&self, output: Output) -> anyhow::Result<()> {
        if (self.stop)() {
            return Err(stopped().into());
        }
        self.all.put(output)
    }

    fn put_streamed(&self, path: &str, write: Streamer<'_>) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        write(&mut StopWriter { inner: &mut bytes, stop: self.stop })?;
        self.put(Output { path: path.to_string(), bytes })
    }
}

/// A writer that fails once `stop` says so (kb.json is tens of megabytes).
struct StopWriter<'a, 'b> {
    inner: &'a mut Vec<u8>,
    stop: &'a Stop<'b>,
}

impl std::io::Write for StopWriter<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.stop)() {
            return Err(stopped());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) fn static_files(theme: &Theme) -> Vec<Output> {
    let mut out: Vec<Output> = templates::DEFAULT_STATIC
        .iter()
        .filter(|(path, _)| !theme.static_files.iter().any(|(p, _)| format!("static/{p}") == *path))
        .map(|(path, bytes)| Output { path: (*path).to_string(), bytes: bytes.to_vec() })
        .collect();
    out.extend(
        theme
            .static_files
            .iter()
            .map(|(p, b)| Output { path: format!("static/{p}"), bytes: b.clone() }),
    );
    out
}
