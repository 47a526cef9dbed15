//! factbook: a static knowledge-base site generator.
//!
//! The pipeline is `load` → `analyze` (into the `model`) → `render` → `write`;
//! each stage hands its output on as a value and reports content problems as
//! [`diag::Diagnostic`]s. `build_site` runs all of it; `compile_site` stops
//! before writing, and `check_site` adds the lints only `check` runs.

pub mod analyze;
pub mod config;
pub mod diag;
pub mod figures;
pub mod i18n;
pub mod load;
pub mod model;
pub mod rebuild;
pub mod render;
pub mod serve;
pub mod source;
pub mod text;
pub mod timings;
pub mod write;

pub use diag::trace;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::config::{Config, SiteUrl};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::i18n::count_en;
use crate::model::{Model, Origin};
use crate::render::Output;
use crate::source::SourceMap;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (holds book.toml).
    pub root: PathBuf,
    /// Overrides `[build] build-dir` (relative to the current directory).
    pub dest_dir: Option<PathBuf>,
    /// Overrides `[output.html] site-url`.
    pub site_url: Option<String>,
    /// What to do when the build dir exists but factbook did not write it
    /// (`--force` replaces it).
    pub foreign_dir: write::ForeignDir,
}

/// A site built in memory: everything `build` would write, and why not.
#[derive(Debug)]
pub struct Site {
    /// Resolved configuration (None when book.toml was unusable).
    pub config: Option<Config>,
    /// Every input file, for rendering diagnostics.
    pub sources: SourceMap,
    /// The analysed knowledge base.
    pub model: Model,
    /// Rendered files (only from [`compile_site`]); `None` when there were errors.
    pub outputs: Option<Vec<Output>>,
    /// HTML pages rendered; 0 when rendering did not happen.
    pub pages: usize,
    /// Every finding of every stage.
    pub diagnostics: Diagnostics,
}

impl Site {
    /// A site with nothing loaded (book.toml unusable).
    pub fn empty() -> Site {
        Site {
            config: None,
            sources: SourceMap::default(),
            model: Model::default(),
            outputs: None,
            pages: 0,
            diagnostics: Diagnostics::default(),
        }
    }
}

/// Summary of a finished build, for the one-line report.
#[derive(Debug)]
pub struct Outcome {
    /// The site as built (outputs went to disk, not memory).
    pub site: Site,
    /// Whether output was written.
    pub written: bool,
    /// Wall time.
    pub elapsed: Duration,
}

/// Load and analyse; the theme comes along for rendering.
fn analyse_site(opts: &BuildOptions) -> Result<(Site, model::Theme)> {
    let mut diags = Diagnostics::default();
    let t = Instant::now();
    let loaded = load::load_site(&opts.root, &mut diags)?;
    trace("load", t);
    let mut loaded = match loaded {
        Ok(loaded) => loaded,
        Err(sources) => {
            let site = Site { sources, diagnostics: diags, ..Site::empty() };
            return Ok((site, model::Theme::default()));
        }
    };
    apply_overrides(&mut loaded.config, opts, &mut diags)?;
    check_build_dir(&loaded.config, opts, &loaded.sources, &mut diags)?;
    let theme = load::load_theme(&opts.root)?;
    theme_warnings(&theme, &loaded.config, &mut diags);
    let t = Instant::now();
    let (model, mut sources, config) = analyze::analyze(loaded, &mut diags);
    trace("analyze (wall)", t);
    theme.templates.iter().for_each(|(_, f)| sources.push(f.clone()));
    Ok((
        Site { config: Some(config), sources, model, outputs: None, pages: 0, diagnostics: diags },
        theme,
    ))
}

/// Renders `site` into `sink` unless analysis found errors; records the page count.
fn render_into(site: &mut Site, theme: &model::Theme, sink: &dyn render::Sink) -> Result<bool> {
    let Some(config) = &site.config else { return Ok(false) };
    if site.diagnostics.has_errors() {
        return Ok(false);
    }
    let t = Instant::now();
    let rendered = render::render_site(&site.model, config, theme, &mut site.diagnostics, sink)?;
    trace("render+write (wall)", t);
    match rendered {
        Some(pages) if !site.diagnostics.has_errors() => {
            site.pages = pages;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Runs load, analyse and render in memory, writing nothing.
pub fn compile_site(opts: &BuildOptions) -> Result<Site> {
    let (mut site, theme) = analyse_site(opts)?;
    let collect = render::Collect::default();
    if render_into(&mut site, &theme, &collect)? {
        site.outputs = Some(collect.into_sorted());
    }
    Ok(site)
}

/// Builds and, when there are no errors, writes the site: pages stream into a
/// staging folder that replaces the build dir only if everything succeeded.
/// What `factbook check` runs: [`compile_site`] plus the lints that only
/// `check` pays for (money figures no claim covers, names no entity matches).
pub fn check_site(opts: &BuildOptions) -> Result<Site> {
    let mut site = compile_site(opts)?;
    check_rendered_anchors(&mut site);
    analyze::report_uncovered_figures(
        &site.model.articles,
        &site.model.claims,
        &mut site.diagnostics,
    );
    analyze::unlinked::report_unlinked_mentions(
        &site.model.articles,
        &site.model.entities,
        &site.sources,
        &mut site.diagnostics,
    );
    Ok(site)
}

/// Every `#fragment` a body links to must be an id of the rendered page,
/// whatever kind of page it is (theme ids depend on the templates and on what
/// each page shows, so only the output can tell).
fn check_rendered_anchors(site: &mut Site) {
    let (Some(outputs), Some(config)) = (&site.outputs, &site.config) else { return };
    let links = analyze::validate::fragment_links(&site.model, config, &site.sources);
    if links.is_empty() {
        return;
    }
    let wanted: std::collections::HashSet<&str> = links.iter().map(|l| l.url.as_str()).collect();
    let ids: std::collections::HashMap<&str, std::rc::Rc<std::collections::HashSet<String>>> =
        outputs
            .iter()
            .filter(|o| wanted.contains(o.path.as_str()))
            .map(|o| (o.path.as_str(), std::rc::Rc::new(analyze::validate::html_ids(&o.bytes))))
            .collect();
    let page_ids = |url: &str| ids.get(url).cloned();
    analyze::validate::check_rendered_anchors(&links, &page_ids, &mut site.diagnostics);
}

/// Hears how far a build's rendering got, for a progress bar.
pub trait Progress: Sync {
    /// Rendering starts; about `total` files will be written (an estimate:
    /// list pages and data files are not counted ahead).
    fn start(&self, total: u64);
    /// One more file was written.
    fn advance(&self);
    /// Rendering ended (written or not).
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// Passes outputs on and reports each one.
struct Reporting<'a> {
    inner: &'a dyn render::Sink,
    progress: &'a dyn Progress,
}

impl render::Sink for Reporting<'_> {
    fn put(&self, output: Output) -> Result<()> {
        self.inner.put(output)?;
        self.progress.advance();
        Ok(())
    }

    fn put_streamed(&self, path: &str, write: render::Streamer<'_>) -> Result<()> {
        self.inner.put_streamed(path, write)?;
        self.progress.advance();
        Ok(())
    }
}

/// Builds and, when there are no errors, writes the site.
pub fn build_site(opts: &BuildOptions) -> Result<Outcome> {
    build_site_with(opts, &NoProgress)
}

/// [`build_site`], reporting rendering progress to `progress`.
pub fn build_site_with(opts: &BuildOptions, progress: &dyn Progress) -> Result<Outcome> {
    let start = Instant::now();
    let (mut site, theme) = analyse_site(opts)?;
    let written = match site.config.clone() {
        Some(config) if !site.diagnostics.has_errors() => {
            let staging = write::Staging::new(&config.build_dir, opts.foreign_dir)?;
            let m = &site.model;
            progress.start((m.articles.len() + m.entities.len() + m.claims.len()) as u64);
            let sink = Reporting { inner: &staging, progress };
            let rendered = render_into(&mut site, &theme, &sink);
            progress.finish();
            if rendered? {
                staging.commit()?;
                true
            } else {
                staging.discard()?;
                false
            }
        }
        _ => false,
    };
    Ok(Outcome { site, written, elapsed: start.elapsed() })
}

/// What `factbook extract` reads.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The article file (anywhere; front matter optional).
    pub file: PathBuf,
    /// The date relative periods resolve against, overriding the front matter.
    pub date: Option<chrono::NaiveDate>,
    /// The article language, overriding the front matter and the guess.
    pub language: Option<i18n::Lang>,
}

/// The figures of one file and what is needed to print them.
#[derive(Debug)]
pub struct Extraction {
    /// The file as read.
    pub article: load::LooseArticle,
    /// The site the file belongs to (nearest `book.toml` above it).
    pub site_root: Option<PathBuf>,
    /// Language the body was read in.
    pub language: i18n::Lang,
    /// Date relative periods were resolved against.
    pub date: Option<chrono::NaiveDate>,
    /// The site's entities (empty outside a site).
    pub entities: Vec<model::Entity>,
    /// Every figure in the body; spans are body offsets (see [`load::LooseArticle::file_offset`]).
    pub candidates: Vec<model::Candidate>,
    /// Problems met on the way (site files, front matter); none stops extraction.
    pub diagnostics: Diagnostics,
    /// The site files the diagnostics point into.
    pub sources: SourceMap,
}

/// Reads one article file, finds its site for the entity registry, and extracts its
/// figures. Only I/O failures on the file itself are errors.
pub fn extract_file(opts: &ExtractOptions) -> Result<Extraction> {
    let mut diags = Diagnostics::default();
    let article = load::read_loose_article(&opts.file, &mut diags)?;
    let site_root = load::find_site_root(&opts.file);
    let loaded = match &site_root {
        Some(root) => load::load_registry(root, &mut diags).unwrap_or_else(|e| {
            diags.push(Diagnostic::warning(
                "site-unusable",
                None,
                format!("cannot load the site at {}: {e:#}; subjects stay unknown", root.display()),
            ));
            None
        }),
        None => None,
    };
    let (entities, sources) = match loaded {
        Some(l) => (l.entities, l.sources),
        None => (Vec::new(), SourceMap::default()),
    };
    let body = article.text.get(article.body.clone()).unwrap_or("");
    let language = opts.language.or(article.language).unwrap_or_else(|| load::guess_language(body));
    let date = opts.date.or(article.date);
    let matcher = analyze::mentions::Matcher::new(&entities, &mut diags);
    let candidates = analyze::extract::candidates(&analyze::extract::Input {
        body,
        format: article.format,
        lang: language,
        date,
        registry: Some(analyze::extract::Registry { entities: &entities, matcher: &matcher }),
        mentions: None,
    });
    Ok(Extraction {
        article,
        site_root,
        language,
        date,
        entities,
        candidates,
        diagnostics: diags,
        sources,
    })
}

/// Warnings about the site's theme files (templates no page uses).
pub(crate) fn theme_warnings(theme: &model::Theme, config: &Config, diags: &mut Diagnostics) {
    let kinds: Vec<&str> = config.kinds.iter().map(|k| k.folder.as_str()).collect();
    for d in render::templates::unused_overrides(&theme.templates, &kinds) {
        diags.push(d);
    }
}

pub(crate) fn apply_overrides(
    config: &mut Config,
    opts: &BuildOptions,
    diags: &mut Diagnostics,
) -> Result<()> {
    if let Some(dest) = &opts.dest_dir {
        config.build_dir =
            if dest.is_absolute() { dest.clone() } else { std::env::current_dir()?.join(dest) };
    }
    if let Some(url) = &opts.site_url {
        match SiteUrl::parse(url) {
            Some(u) => {
                if u.absolute.is_none() {
                    diags.push(config::relative_site_url(url, None));
                }
                config.site_url = u;
            }
            None => bail!(
                "invalid --site-url {url:?}: use a path prefix like /my-repo/ or an absolute http(s) URL"
            ),
        }
    }
    Ok(())
}

/// The build dir is replaced wholesale, so it must not hold the sources.
/// The build dir is replaced wholesale, so it must not hold the sources:
/// an error diagnostic when book.toml asks for that, a refusal when the
/// command line does.
pub(crate) fn check_build_dir(
    config: &Config,
    opts: &BuildOptions,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Result<()> {
    let Some(why) = unsafe_build_dir(config) else { return Ok(()) };
    if opts.dest_dir.is_some() {
        bail!(
            "refusing to build into {}: it {why}; pick a folder of its own",
            config.build_dir.display()
        );
    }
    let span = sources.files().next().and_then(|f| {
        config::value_span(f, "build.build-dir").or_else(|| config::value_span(f, "book.src"))
    });
    diags.push(
        Diagnostic::error(
            "unsafe-build-dir",
            span,
            format!(
                "build dir {} {why}, and a build replaces it wholesale",
                config.build_dir.display()
            ),
        )
        .with_help("set `[build] build-dir` to a folder of its own, such as \"book\""),
    );
    Ok(())
}

fn unsafe_build_dir(config: &Config) -> Option<&'static str> {
    let norm = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let build = norm(&config.build_dir);
    let root = norm(&config.root);
    if build == root || root.starts_with(&build) {
        return Some("would hold the whole site");
    }
    let sources = [
        (norm(&config.content_dir), "overlaps the content folder"),
        (root.join("templates"), "overlaps the templates folder"),
        (root.join("static"), "overlaps the static folder"),
    ];
    sources
        .into_iter()
        .find(|(dir, _)| dir.starts_with(&build) || build.starts_with(dir))
        .map(|(_, why)| why)
}

impl Outcome {
    /// `build` summary: pages per kind, claims, warnings, time.
    pub fn summary(&self) -> String {
        let site = &self.site;
        let m = &site.model;
        let pages = site.pages;
        let mut kinds: Vec<String> = vec![count_en(m.articles.len(), "article", "articles")];
        if let Some(config) = &site.config {
            for k in &config.kinds {
                let n = m.entities.iter().filter(|e| e.kind == k.folder).count();
                if n > 0 {
                    // The terminal speaks English; a kind of the site's own
                    // is named by its folder.
                    let (one, many) = i18n::kind_labels(&k.folder, i18n::Lang::En);
                    kinds.push(if one.is_empty() {
                        format!("{}: {n}", k.folder)
                    } else {
                        count_en(n, &one.to_lowercase(), &many.to_lowercase())
                    });
                }
            }
        }
        let curated = m.claims.iter().filter(|c| c.origin == Origin::Curated).count();
        let extracted = m.claims.len() - curated;
        format!(
            "{} {} ({}), {} ({curated} curated, {extracted} extracted), {}, {} in {} ms",
            if self.written { "built" } else { "not built:" },
            count_en(pages, "page", "pages"),
            kinds.join(", "),
            count_en(m.claims.len(), "claim", "claims"),
            count_en(site.diagnostics.count(Severity::Warning), "warning", "warnings"),
            count_en(site.diagnostics.count(Severity::Error), "error", "errors"),
            self.elapsed.as_millis()
        )
    }
}
