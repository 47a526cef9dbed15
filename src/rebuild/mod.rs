//! Rebuild: a build kept in memory between edits, for `serve` and `watch`.
//!
//! Three caches make an edit cost what it touches: parsed files (only changed
//! files are re-read), per-article analyses (reused while the article's text
//! and the entity registry are unchanged), and render-unit fingerprints (only
//! units whose inputs changed are re-rendered). Only files whose bytes changed
//! are written. Invariant: the build dir ends up byte-identical to what a
//! clean full build writes; tests check this for sequences of random edits.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

mod article_edit;
mod conflicts;
mod entity_edit;
mod patch;
mod reindex;

use anyhow::Result;
use rayon::prelude::*;

use std::borrow::Cow;
use std::sync::Arc;

use crate::analyze::{ArticleAnalysis, Registry, analyze_article, assemble, sort_articles};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load::SiteFiles;
use crate::model::Model;
use crate::model::Theme;
use crate::render::lists::ListFamily;
use crate::render::units::{Fingerprints, Unit, UnitPages, render_changed};
use crate::render::{Lookups, Prepared, RenderError, Renderer, Stop};
use crate::source::{FileId, SourceMap};
use crate::write::{Manifest, remove_output, sync_outputs, write_site};
use crate::{BuildOptions, Site, apply_overrides, check_build_dir};

/// Deferred list pages rendered between two looks at `finish_unless`'s
/// `stop` (a claim added early in the claim list defers ~850 pages at 10k
/// articles, about a second of rendering).
const DEFERRED_BATCH: usize = 64;

/// What kind of input changed; decides how much to redo.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `book.toml`: everything is reloaded.
    Config,
    /// A theme template: every page is re-rendered.
    Template(PathBuf),
    /// A static file (a CSS-only change can swap stylesheets without reload).
    Static(PathBuf),
    /// An article or entity file (created, edited or deleted), or a folder.
    Content(PathBuf),
}

/// Counts of one rebuild.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files created or rewritten.
    pub written: usize,
    /// Files deleted.
    pub removed: usize,
    /// Render units re-rendered.
    pub units: usize,
    /// Articles analysed again (the others' analyses were reused).
    pub analysed: usize,
    /// The edit was applied to the kept model (one article or one entity
    /// description), rather than by rebuilding the model from every file.
    pub patched: bool,
    /// The patched article gained or lost claims: the claim vector was
    /// spliced and the lookups re-indexed, rather than rebuilt.
    pub reindexed: bool,
    /// The patch was of an entity description (the entity's pages, the list
    /// page showing its summary).
    pub entity_patched: bool,
    /// List pages whose items only moved (a claim inserted earlier in the
    /// claim list, an article earlier in a tag's list): written by
    /// [`Incremental::finish`], after the reload, like the data files.
    pub deferred: usize,
}

/// The in-memory build.
pub struct Incremental {
    opts: BuildOptions,
    files: SiteFiles,
    theme: Theme,
    analyses: HashMap<FileId, (u64, Arc<ArticleAnalysis>)>,
    fingerprints: Fingerprints,
    unit_paths: HashMap<Unit, Vec<String>>,
    /// HTML pages in the build dir.
    pages: usize,
    manifest: Manifest,
    build_dir: PathBuf,
    /// The mention automaton, rebuilt only when names or aliases change.
    matcher: crate::analyze::MatcherCache,
    /// The last good build, which an article edit can patch; `None` after a
    /// failed rebuild (the files then no longer match it).
    kept: Option<Kept>,
    /// The data files are behind the pages and need `finish`.
    data_pending: bool,
    /// List pages left for `finish` (see [`Written::deferred`]); their
    /// fingerprints are not in `fingerprints`, so any later comparison
    /// finds them dirty.
    deferred: std::collections::BTreeSet<Unit>,
}

/// The model of the last good build and what rendering it needs.
struct Kept {
    model: Model,
    config: Config,
    sources: SourceMap,
    /// Findings, except those about conflicting claims.
    diags: Diagnostics,
    /// One `conflicting-claims` warning per pair of `model.conflicts`, in
    /// the same order (kept apart so an edit redoes only its claims' pairs).
    conflict_diags: Vec<Arc<crate::diag::Diagnostic>>,
    prep: Prepared,
    look: Lookups,
    families: Vec<ListFamily>,
    registry_fp: u64,
    ids_fp: u64,
    /// Every page, for checking one body's links; built on first need and
    /// patched when an edit adds or removes a claim or tag page.
    pages: Option<crate::analyze::validate::PageIndex>,
    /// Link collectors of the entity descriptions (indexed like the
    /// entities), built on first need.
    entity_collectors: Option<Vec<crate::analyze::validate::LinkCollector>>,
}

impl Incremental {
    /// Reads the whole site and builds it; content errors are reported in the
    /// returned site (nothing is written then), not as `Err`. The returned
    /// site's model is left empty: the build keeps it.
    pub fn start(opts: BuildOptions) -> Result<(Incremental, Site, Option<Written>)> {
        let mut diags = Diagnostics::default();
        let files = match SiteFiles::open(&opts.root, &mut diags)? {
            Ok(files) => files,
            Err(sources) => anyhow::bail!("book.toml has errors:\n{}", diags.render(&sources)),
        };
        let theme = crate::load::load_theme(&opts.root)?;
        let mut build_dir = files.config().build_dir.clone();
        if let Some(dest) = &opts.dest_dir {
            build_dir =
                if dest.is_absolute() { dest.clone() } else { std::env::current_dir()?.join(dest) };
        }
        let mut inc = Incremental {
            opts,
            files,
            theme,
            analyses: HashMap::new(),
            fingerprints: Fingerprints::new(),
            unit_paths: HashMap::new(),
            pages: 0,
            manifest: Manifest::default(),
            build_dir,
            matcher: None,
            kept: None,
            data_pending: false,
            deferred: Default::default(),
        };
        let (site, written) = inc.run(true)?;
        Ok((inc, site, written))
    }

    /// The folder being written.
    pub fn build_dir(&self) -> &Path {
        &self.build_dir
    }

    /// Applies a batch of changes. `Ok((site, None))` when the site has errors
    /// (the previous output stays as it was).
    pub fn apply(&mut self, changes: &[Change]) -> Result<(Site, Option<Written>)> {
        if let [Change::Content(path)] = changes {
            if let Some(done) = article_edit::apply(self, path)? {
                return Ok(done);
            }
            if let Some(done) = entity_edit::apply(self, path)? {
                return Ok(done);
            }
        }
        self.kept = None;
        let mut content = Vec::new();
        let mut theme_changed = false;
        for change in changes {
            match change {
                Change::Config => {
                    let mut diags = Diagnostics::default();
                    match SiteFiles::open(&self.opts.root, &mut diags)? {
                        Ok(files) => self.files = files,
                        Err(sources) => {
                            let site = Site { sources, diagnostics: diags, ..Site::empty() };
                            return Ok((site, None));
                        }
                    }
                    self.analyses.clear();
                    self.fingerprints.clear();
                    theme_changed = true;
                }
                Change::Template(_) => {
                    theme_changed = true;
                    self.fingerprints.clear();
                }
                Change::Static(_) => theme_changed = true,
                Change::Content(p) => content.push(p.clone()),
            }
        }
        if theme_changed {
            self.theme = crate::load::load_theme(&self.opts.root)?;
        }
        self.files.refresh(&content)?;
        self.run(false)
    }

    /// Rebuilds the model from the files (reusing cached analyses) and
    /// renders the units whose fingerprint changed.
    fn run(&mut self, first: bool) -> Result<(Site, Option<Written>)> {
        self.kept = None;
        let mut diags = Diagnostics::default();
        let t = std::time::Instant::now();
        let mut loaded = self.files.loaded(&mut diags);
        crate::diag::trace("rebuild: loaded", t);
        apply_overrides(&mut loaded.config, &self.opts, &mut diags)?;
        check_build_dir(&loaded.config, &self.opts, &loaded.sources, &mut diags)?;
        crate::theme_warnings(&self.theme, &loaded.config, &mut diags);
        sort_articles(&mut loaded.articles);
        let crate::load::Loaded { mut sources, config, entities, articles, .. } = loaded;
        self.theme.templates.iter().for_each(|(_, f)| sources.push(f.clone()));
        let t = std::time::Instant::now();
        let old_matcher = self.matcher.as_ref().map(|(_, m, _)| Arc::clone(m));
        let registry = Registry::with_cache(&entities, &config, &mut diags, &mut self.matcher);
        let registry_fp = registry.fingerprint;
        let touched = old_matcher
            .map(|old| registry.matcher().changed_forms(&old))
            .filter(|forms| !forms.is_empty())
            .map(|forms| ChangedForms::new(&forms));
        let previous = &self.analyses;
        let fresh = std::sync::atomic::AtomicUsize::new(0);
        let analysed: Vec<(FileId, u64, Arc<ArticleAnalysis>)> = articles
            .par_iter()
            .map(|a| {
                let key = analysis_key(a, registry.ids_fingerprint);
                let analysis = match previous.get(&a.file) {
                    Some((k, cached))
                        if *k == key && !touched.as_ref().is_some_and(|t| t.affect(a, cached)) =>
                    {
                        Arc::clone(cached)
                    }
                    _ => {
                        fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Arc::new(analyze_article(&registry, a))
                    }
                };
                (a.file, key, analysis)
            })
            .collect();
        let matcher = registry.matcher();
        let ids_fp = registry.ids_fingerprint;
        drop(registry);
        crate::diag::trace("rebuild: analyses", t);
        let t = std::time::Instant::now();
        let owned: Vec<ArticleAnalysis> =
            analysed.par_iter().map(|(_, _, a)| (**a).clone()).collect();
        self.analyses = analysed.into_iter().map(|(f, k, a)| (f, (k, a))).collect();
        let site =
            crate::analyze::SiteContext { matcher: &matcher, config: &config, sources: &sources };
        let model = assemble(entities, articles, owned, &site, &mut diags);
        crate::diag::trace("rebuild: assemble", t);
        let failed = |sources, diagnostics| {
            Ok((Site { config: None, sources, diagnostics, ..Site::empty() }, None))
        };
        if diags.has_errors() {
            return failed(sources, diags);
        }
        let t = std::time::Instant::now();
        let prep = match Prepared::new(&model, &config, &self.theme) {
            Ok(prep) => prep,
            Err(ds) => {
                ds.into_iter().for_each(|d| diags.push(d));
                return failed(sources, diags);
            }
        };
        let look = Lookups::new(&model);
        let renderer = Renderer::with(&model, &config, Cow::Borrowed(&prep), Cow::Borrowed(&look));
        crate::diag::trace("rebuild: renderer", t);
        let t = std::time::Instant::now();
        let families = renderer.list_families();
        let (fingerprints, mut units) = match render_changed(
            &renderer,
            &families,
            &self.theme,
            registry_fp,
            &self.fingerprints,
        ) {
            Ok(done) => done,
            Err(RenderError::Template(d)) => {
                diags.push(d);
                return failed(sources, diags);
            }
            Err(RenderError::Io(e)) => return Err(e),
        };
        crate::diag::trace("rebuild: render", t);
        let t = std::time::Instant::now();
        let whole = first || !self.build_dir.exists();
        if whole {
            // The first build writes everything at once, data files included.
            let outputs = renderer.data_files(&|| false).expect("never stopped");
            units.push(UnitPages { unit: Unit::Data, outputs });
        }
        drop(renderer);
        let mut written = Written { units: units.len(), ..Written::default() };
        let fresh = fresh.into_inner();
        if whole {
            let all: Vec<crate::render::Output> =
                units.iter().flat_map(|u| u.outputs.iter().cloned()).collect();
            write_site(&self.build_dir, &all, self.opts.foreign_dir)?;
            self.manifest = Manifest::of(&all);
            written.written = all.len();
        } else {
            written = self.write_units(&units)?;
            for (unit, paths) in &self.unit_paths {
                if !fingerprints.contains_key(unit) {
                    for p in paths {
                        remove_output(&self.build_dir, p)?;
                        self.manifest.forget(p);
                        written.removed += 1;
                    }
                }
            }
        }
        self.unit_paths.retain(|u, _| fingerprints.contains_key(u));
        if whole {
            for u in &units {
                self.unit_paths.insert(u.unit.clone(), paths_of(u));
            }
        }
        crate::diag::trace("rebuild: write", t);
        self.pages = self.unit_paths.values().flatten().filter(|p| is_page(p)).count();
        self.fingerprints = fingerprints;
        // Deferred pages had no fingerprint, so they were rendered above.
        self.deferred.clear();
        self.data_pending = !whole;
        written.analysed = fresh;
        let conflict_diags = diags.extract(|d| d.code == conflicts::CODE);
        debug_assert_eq!(conflict_diags.len(), model.conflicts.len(), "one warning per pair");
        let kept = Kept {
            model,
            config,
            sources,
            diags,
            conflict_diags,
            prep,
            look,
            families,
            registry_fp,
            ids_fp,
            pages: None,
            entity_collectors: None,
        };
        let site = kept.site(self.pages);
        self.kept = Some(kept);
        Ok((site, Some(written)))
    }

    /// Writes rendered units (only files whose bytes changed), deletes the
    /// files a unit no longer has, and records each unit's files and the
    /// page count.
    fn write_units(&mut self, units: &[UnitPages]) -> Result<Written> {
        let mut written = Written { units: units.len(), ..Written::default() };
        for u in units {
            let stats = sync_outputs(&self.build_dir, &u.outputs, &mut self.manifest, false)?;
            written.written += stats.written;
            let now = paths_of(u);
            let old = self.unit_paths.insert(u.unit.clone(), now.clone()).unwrap_or_default();
            // A set: the data unit has a file per article (search texts),
            // and a scan per old path made its write quadratic.
            let kept: std::collections::HashSet<&str> = now.iter().map(String::as_str).collect();
            for path in &old {
                if !kept.contains(path.as_str()) {
                    remove_output(&self.build_dir, path)?;
                    self.manifest.forget(path);
                    written.removed += 1;
                }
            }
            let pages = |paths: &[String]| paths.iter().filter(|p| is_page(p)).count();
            self.pages = (self.pages + pages(&now)).saturating_sub(pages(&old));
        }
        Ok(written)
    }

    /// Writes the deferred list pages and the data files (kb.json, feed,
    /// sitemap ...) of the last good rebuild; `serve` calls this after
    /// telling the browser to reload, since the pages being edited do not
    /// wait for them. Returns the files written or removed.
    pub fn finish(&mut self) -> Result<usize> {
        Ok(self.finish_unless(&|| false)?.expect("never stopped"))
    }

    /// Like [`Incremental::finish`], but gives up when `stop` says so (a
    /// newer edit is waiting): `Ok(None)`, and what was not written stays
    /// behind for the next call. Deferred pages go in batches, the data
    /// files all together once they are all made.
    pub fn finish_unless(&mut self, stop: &Stop<'_>) -> Result<Option<usize>> {
        if self.kept.is_none() {
            // A failed rebuild: the next good one renders what is deferred.
            self.data_pending = false;
            return Ok(Some(0));
        }
        let mut done = 0;
        // A page that fails to render drops the kept build (the next
        // rebuild takes the general path and reports it).
        while !self.deferred.is_empty() && self.kept.is_some() {
            if stop() {
                return Ok(None);
            }
            let units = patch::render_deferred(self, DEFERRED_BATCH)?;
            let w = self.write_units(&units)?;
            done += w.written + w.removed;
        }
        let Some(kept) = &self.kept else { return Ok(Some(done)) };
        if !self.data_pending {
            return Ok(Some(done));
        }
        let renderer = kept.renderer();
        let Some(outputs) = renderer.data_files(stop) else { return Ok(None) };
        drop(renderer);
        let w = self.write_units(&[UnitPages { unit: Unit::Data, outputs }])?;
        self.data_pending = false;
        Ok(Some(done + w.written + w.removed))
    }

    /// Deletes a unit's files and forgets it (a claim or list page an edit
    /// took away); returns how many files went.
    fn remove_unit(&mut self, unit: &Unit) -> Result<usize> {
        self.fingerprints.remove(unit);
        self.deferred.remove(unit);
        let paths = self.unit_paths.remove(unit).unwrap_or_default();
        for p in &paths {
            remove_output(&self.build_dir, p)?;
            self.manifest.forget(p);
            if is_page(p) {
                self.pages = self.pages.saturating_sub(1);
            }
        }
        Ok(paths.len())
    }
}

impl Kept {
    /// A renderer over the kept model, templates and lookups.
    fn renderer(&self) -> Renderer<'_> {
        Renderer::with(
            &self.model,
            &self.config,
            Cow::Borrowed(&self.prep),
            Cow::Borrowed(&self.look),
        )
    }

    /// What a rebuild reports: the config, sources and findings (the model
    /// stays here).
    fn site(&self, pages: usize) -> Site {
        Site {
            config: Some(self.config.clone()),
            sources: self.sources.clone(),
            model: Model::default(),
            outputs: None,
            pages,
            diagnostics: self.diagnostics(),
        }
    }

    /// Every finding, conflicts included.
    fn diagnostics(&self) -> Diagnostics {
        let mut all = self.diags.clone();
        self.conflict_diags.iter().for_each(|d| all.push_shared(Arc::clone(d)));
        all
    }
}

fn paths_of(unit: &UnitPages) -> Vec<String> {
    unit.outputs.iter().map(|o| o.path.clone()).collect()
}

/// Names and aliases that a registry edit added, dropped or gave to another
/// entity. Only articles whose text contains one, or whose wikilinks may
/// resolve through one (wikilinks also match case- and slug-insensitively),
/// need analysing again.
struct ChangedForms {
    exact: std::collections::HashSet<String>,
    lower: std::collections::HashSet<String>,
    /// Finds any form in a body (a superset of whole-word mentions).
    ac: Option<aho_corasick::AhoCorasick>,
}

impl ChangedForms {
    fn new(forms: &[String]) -> ChangedForms {
        ChangedForms {
            exact: forms.iter().cloned().collect(),
            lower: forms.iter().map(|f| f.to_lowercase()).collect(),
            ac: aho_corasick::AhoCorasick::new(forms).ok(),
        }
    }

    fn affect(&self, article: &crate::model::Article, cached: &ArticleAnalysis) -> bool {
        let Some(ac) = &self.ac else { return true };
        let names = |t: &str| {
            let t = t.trim();
            self.exact.contains(t)
                || self.lower.contains(&t.to_lowercase())
                || self.exact.contains(crate::model::slugify(t).as_str())
        };
        ac.is_match(&*article.body)
            || cached.links.wikilinks.iter().any(|w| names(&w.dest))
            // Extracted claims fall back on the entity the source names.
            || article.source.as_ref().is_some_and(|s| names(&s.name))
    }
}

/// When a cached analysis of `article` is still valid.
fn analysis_key(article: &crate::model::Article, registry_fp: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (article.hash, registry_fp).hash(&mut h);
    h.finish()
}

fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}
