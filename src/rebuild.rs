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

use anyhow::Result;
use rayon::prelude::*;

use crate::analyze::{ArticleAnalysis, Registry, analyze_article, assemble, sort_articles};
use crate::diag::Diagnostics;
use crate::load::SiteFiles;
use crate::render::Theme;
use crate::render::units::{Fingerprints, Unit, UnitPages, render_changed, render_data};
use crate::source::FileId;
use crate::write::{Manifest, remove_output, sync_outputs, write_site};
use crate::{BuildOptions, Site, apply_overrides, check_build_dir};

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
}

/// The in-memory build.
pub struct Incremental {
    opts: BuildOptions,
    files: SiteFiles,
    theme: Theme,
    analyses: HashMap<FileId, (u64, std::sync::Arc<ArticleAnalysis>)>,
    fingerprints: Fingerprints,
    unit_paths: HashMap<Unit, Vec<String>>,
    manifest: Manifest,
    build_dir: PathBuf,
    /// The mention automaton, rebuilt only when names or aliases change.
    matcher: crate::analyze::MatcherCache,
    /// The model of the last good rebuild whose data files are not written yet.
    pending_data: Option<(crate::model::Model, crate::config::Config)>,
}

impl Incremental {
    /// Reads the whole site and builds it; content errors are reported in the
    /// returned site (nothing is written then), not as `Err`.
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
            manifest: Manifest::default(),
            build_dir,
            pending_data: None,
            matcher: None,
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

    fn run(&mut self, first: bool) -> Result<(Site, Option<Written>)> {
        let mut diags = Diagnostics::default();
        let t = std::time::Instant::now();
        let mut loaded = self.files.loaded(&mut diags);
        crate::trace("rebuild: loaded", t);
        apply_overrides(&mut loaded.config, &self.opts)?;
        check_build_dir(&loaded.config, &self.opts, &loaded.sources, &mut diags)?;
        sort_articles(&mut loaded.articles);
        let crate::load::Loaded { sources, config, entities, articles, .. } = loaded;
        let t = std::time::Instant::now();
        let registry = Registry::with_cache(&entities, &config, &mut diags, &mut self.matcher);
        crate::trace("rebuild: registry", t);
        let t = std::time::Instant::now();
        let registry_fp = registry.fingerprint;
        let previous = &self.analyses;
        let analysed: Vec<(FileId, u64, std::sync::Arc<ArticleAnalysis>)> = articles
            .par_iter()
            .map(|a| {
                let mut h = DefaultHasher::new();
                (a.hash, registry_fp).hash(&mut h);
                let key = h.finish();
                let analysis = match previous.get(&a.file) {
                    Some((k, cached)) if *k == key => std::sync::Arc::clone(cached),
                    _ => std::sync::Arc::new(analyze_article(&registry, a)),
                };
                (a.file, key, analysis)
            })
            .collect();
        let matcher = registry.matcher();
        drop(registry);
        crate::trace("rebuild: analyses", t);
        let t = std::time::Instant::now();
        let owned: Vec<ArticleAnalysis> =
            analysed.par_iter().map(|(_, _, a)| (**a).clone()).collect();
        self.analyses = analysed.into_iter().map(|(f, k, a)| (f, (k, a))).collect();
        crate::trace("rebuild: clone analyses", t);
        let site =
            crate::analyze::SiteContext { matcher: &matcher, config: &config, sources: &sources };
        let model = assemble(entities, articles, owned, &site, &mut diags);
        crate::trace("rebuild: assemble", t);
        let mut site = Site {
            config: Some(config),
            sources,
            model,
            outputs: None,
            pages: 0,
            diagnostics: diags,
        };
        if site.diagnostics.has_errors() {
            return Ok((site, None));
        }
        let config = site.config.as_ref().expect("set above");
        let t = std::time::Instant::now();
        let Some((fingerprints, mut units)) = render_changed(
            &site.model,
            config,
            &self.theme,
            registry_fp,
            &self.fingerprints,
            &mut site.diagnostics,
        )?
        else {
            return Ok((site, None));
        };
        crate::trace("rebuild: render", t);
        let t = std::time::Instant::now();
        let mut written = Written { units: units.len(), ..Written::default() };
        let whole = first || !self.build_dir.exists();
        if whole {
            // The first build writes everything at once, data files included.
            let Some(data) = render_data(&site.model, config, &self.theme, &mut site.diagnostics)
            else {
                return Ok((site, None));
            };
            units.push(UnitPages { unit: Unit::Data, outputs: data });
        }
        if whole {
            let all: Vec<crate::render::Output> =
                units.iter().flat_map(|u| u.outputs.iter().cloned()).collect();
            write_site(&self.build_dir, &all)?;
            self.manifest = Manifest::of(&all);
            written.written = all.len();
        } else {
            for u in &units {
                let stats = sync_outputs(&self.build_dir, &u.outputs, &mut self.manifest, false)?;
                written.written += stats.written;
                let now: std::collections::HashSet<&str> =
                    u.outputs.iter().map(|o| o.path.as_str()).collect();
                for old in self.unit_paths.get(&u.unit).into_iter().flatten() {
                    if !now.contains(old.as_str()) {
                        remove_output(&self.build_dir, old)?;
                        self.manifest.forget(old);
                        written.removed += 1;
                    }
                }
            }
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
        self.unit_paths.retain(|u, _| fingerprints.contains_key(u) || *u == Unit::Data);
        for u in &units {
            self.unit_paths
                .insert(u.unit.clone(), u.outputs.iter().map(|o| o.path.clone()).collect());
        }
        crate::trace("rebuild: write", t);
        site.pages = self.unit_paths.values().flatten().filter(|p| p.ends_with(".html")).count();
        self.fingerprints = fingerprints;
        if !whole {
            let model = std::mem::take(&mut site.model);
            self.pending_data = Some((model, config.clone()));
        }
        Ok((site, Some(written)))
    }

    /// Writes the data files (kb.json, feed, sitemap ...) of the last good
    /// rebuild; `serve` calls this after telling the browser to reload, since
    /// no page waits for them. Returns the files written or removed.
    pub fn finish(&mut self) -> Result<usize> {
        let Some((model, config)) = self.pending_data.take() else { return Ok(0) };
        let mut diags = Diagnostics::default();
        let Some(outputs) = render_data(&model, &config, &self.theme, &mut diags) else {
            return Ok(0);
        };
        let stats = sync_outputs(&self.build_dir, &outputs, &mut self.manifest, false)?;
        let mut changed = stats.written;
        let now: std::collections::HashSet<&str> =
            outputs.iter().map(|o| o.path.as_str()).collect();
        for old in self.unit_paths.get(&Unit::Data).into_iter().flatten() {
            if !now.contains(old.as_str()) {
                remove_output(&self.build_dir, old)?;
                self.manifest.forget(old);
                changed += 1;
            }
        }
        self.unit_paths.insert(Unit::Data, outputs.iter().map(|o| o.path.clone()).collect());
        Ok(changed)
    }
}
