//! Load: the only stage that reads the input tree.
//!
//! Reads `book.toml`, walks `content/`, normalises every file (NFC, LF) into a
//! [`SourceMap`], and parses front matter into model entities and articles.
//! Content problems become diagnostics; only environment failures (no
//! book.toml, unreadable root) are `Err`. Invariant: file ids follow sorted
//! relative paths, so the same tree always loads the same way.

mod article;
mod entity;
pub mod front_matter;
mod walk;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Article, Entity, Slug};
use crate::source::{FileId, SourceFile, SourceMap};
pub use article::Parsed;
use walk::{ContentFile, FileRole};

/// Everything read from disk, parsed but not yet cross-referenced.
#[derive(Debug)]
pub struct Loaded {
    /// book.toml and every content file, by id.
    pub sources: SourceMap,
    /// Resolved configuration.
    pub config: Config,
    /// Entities in (kind order, slug) order.
    pub entities: Vec<Entity>,
    /// Published articles in slug order.
    pub articles: Vec<Article>,
    /// Number of drafts skipped.
    pub drafts: usize,
}

/// Reads `book.toml` at `root`; `Ok(None)` when it has errors (reported).
pub fn load_config(
    root: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Result<Option<Config>> {
    let path = root.join("book.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let id = sources.add(path, "book.toml".into(), &text);
    Ok(Config::parse(sources.get(id), root, diags))
}

/// Loads the whole site at `root`.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> Result<Option<Loaded>> {
    Ok(SiteFiles::open(root, diags)?.map(|files| files.loaded(diags)))
}

/// One content file, read and parsed.
#[derive(Debug, Clone)]
struct ParsedFile {
    source: SourceFile,
    doc: Option<Doc>,
    diags: Diagnostics,
}

/// Every input file of a site, read and parsed, kept between rebuilds so that
/// an edit re-reads only the files that changed.
#[derive(Debug, Clone)]
pub struct SiteFiles {
    config: Config,
    book: SourceFile,
    config_diags: Diagnostics,
    walk_diags: Diagnostics,
    /// By path relative to the site root.
    files: BTreeMap<String, ParsedFile>,
    next_id: u32,
}

impl SiteFiles {
    /// Reads book.toml and every content file; `Ok(None)` when book.toml has errors.
    pub fn open(root: &Path, diags: &mut Diagnostics) -> Result<Option<SiteFiles>> {
        let mut sources = SourceMap::default();
        let mut config_diags = Diagnostics::default();
        let config = load_config(root, &mut sources, &mut config_diags)?;
        let book = sources.get(FileId(0)).clone();
        let Some(config) = config else {
            diags.extend(config_diags);
            return Ok(None);
        };
        let mut walk_diags = Diagnostics::default();
        let found = walk::walk_content(&config, &mut walk_diags)?;
        let parsed: Vec<ParsedFile> = found
            .par_iter()
            .enumerate()
            .map(|(i, cf)| {
                let id = FileId(u32::try_from(1 + i).expect("fewer than 4 billion files"));
                parse_file(id, cf, &config)
            })
            .collect();
        let next_id = u32::try_from(1 + parsed.len()).expect("fewer than 4 billion files");
        let files = parsed.into_iter().map(|p| (p.source.rel_path.clone(), p)).collect();
        Ok(Some(SiteFiles { config, book, config_diags, walk_diags, files, next_id }))
    }

    /// The resolved configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Re-reads the given paths (created, edited or deleted files, or folders).
    /// File ids of unchanged files stay the same.
    pub fn refresh(&mut self, paths: &[std::path::PathBuf]) -> Result<()> {
        for path in paths {
            let root = self.config.root.canonicalize().unwrap_or_else(|_| self.config.root.clone());
            let rel_of = |p: &Path| -> Option<String> {
                let r =
                    p.strip_prefix(&root).or_else(|_| p.strip_prefix(&self.config.root)).ok()?;
                Some(
                    r.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                )
            };
            let Some(rel) = rel_of(path) else { continue };
            if path.is_dir() {
                let mut ignored = Diagnostics::default();
                for cf in walk::walk_content(&self.config, &mut ignored)? {
                    if cf.rel_path.starts_with(&format!("{rel}/"))
                        && !self.files.contains_key(&cf.rel_path)
                    {
                        self.insert(&cf);
                    }
                }
                continue;
            }
            // A removed file, or a removed folder (everything under it).
            self.files.retain(|k, _| k != &rel && !k.starts_with(&format!("{rel}/")));
            if path.is_file()
                && let Some(cf) = walk::content_file(&self.config, path)?
            {
                self.insert(&cf);
            }
        }
        Ok(())
    }

    fn insert(&mut self, cf: &ContentFile) {
        let id = FileId(self.next_id);
        self.next_id += 1;
        let parsed = parse_file(id, cf, &self.config);
        self.files.insert(cf.rel_path.clone(), parsed);
    }

    /// The site as documents, ready for analysis (clones what it needs).
    pub fn loaded(&self, diags: &mut Diagnostics) -> Loaded {
        let mut sources = SourceMap::default();
        sources.push(self.book.clone());
        diags.extend(self.config_diags.clone());
        diags.extend(self.walk_diags.clone());
        let mut entities = Vec::new();
        let mut articles = Vec::new();
        let mut drafts = 0;
        for p in self.files.values() {
            sources.push(p.source.clone());
            diags.extend(p.diags.clone());
            match &p.doc {
                Some(Doc::Entity(e)) => entities.push((**e).clone()),
                Some(Doc::Article(a)) => articles.push((**a).clone()),
                Some(Doc::Draft) => drafts += 1,
                None => {}
            }
        }
        let config = self.config.clone();
        check_unique_slugs(&sources, &mut entities, &mut articles, diags);
        let kind_pos =
            |k: &str| config.kinds.iter().position(|x| x.folder == k).unwrap_or(usize::MAX);
        entities.sort_by(|a, b| (kind_pos(&a.kind), &a.slug).cmp(&(kind_pos(&b.kind), &b.slug)));
        articles.sort_by(|a, b| a.slug.cmp(&b.slug));
        Loaded { sources, config, entities, articles, drafts }
    }
}

#[derive(Debug, Clone)]
enum Doc {
    Entity(Box<Entity>),
    Article(Box<Article>),
    Draft,
}

fn parse_file(id: FileId, cf: &ContentFile, config: &Config) -> ParsedFile {
    let mut diags = Diagnostics::default();
    let (raw, utf8) = match String::from_utf8(cf.bytes.clone()) {
        Ok(s) => (s, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    };
    let file = SourceFile::new(id, cf.abs_path.clone(), cf.rel_path.clone(), &raw);
    if !utf8 {
        diags.push(
            Diagnostic::error("not-utf8", Some(Span::new(id, 0..0)), "file is not valid UTF-8")
                .with_help("save the file as UTF-8 (most editors: File > Save with Encoding)"),
        );
        return ParsedFile { source: file, doc: None, diags };
    }
    let doc = parse_doc(&file, cf, config, &mut diags);
    ParsedFile { source: file, doc, diags }
}

fn parse_doc(
    file: &SourceFile,
    cf: &ContentFile,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Doc> {
    let stem_slug = match Slug::from_text(&cf.stem) {
        Some(s) if !RESERVED_SLUGS.contains(&s.as_str()) => s,
        _ => {
            diags.push(
                Diagnostic::error("invalid-slug", Some(Span::new(file.id, 0..0)), format!("file name \"{}\" gives no usable slug", cf.stem))
                    .with_help("rename the file to letters and digits, e.g. `openai.md` (`index` and `page` are reserved)"),
            );
            return None;
        }
    };
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(front_matter::SplitError::Missing) => {
            diags.push(
                Diagnostic::error("missing-front-matter", Some(Span::new(file.id, 0..0)), "file has no front matter")
                    .with_help("start the file with a `+++` line, the TOML keys (title, date ...), and a closing `+++` line"),
            );
            return None;
        }
        Err(front_matter::SplitError::Unclosed(format)) => {
            let fence = if format == front_matter::Format::Toml { "+++" } else { "---" };
            let at = file.text.find(fence).unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    "unclosed-front-matter",
                    Some(Span::new(file.id, at..at + 3)),
                    "front matter is never closed",
                )
                .with_help(format!(
                    "add a line with only `{fence}` after the last front-matter key"
                )),
            );
            return None;
        }
    };
    let table = match front_matter::parse_table(file, &split) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut fields = front_matter::Fields::new(&table, file, split.front.clone(), diags);
    match &cf.role {
        FileRole::Article => {
            match article::parse_article(
                file,
                stem_slug,
                &mut fields,
                split.front.clone(),
                split.body.clone(),
                config.language,
            ) {
                Parsed::Article(a) => Some(Doc::Article(a)),
                Parsed::Draft => Some(Doc::Draft),
                Parsed::Invalid => None,
            }
        }
        FileRole::Entity(kind) => {
            if fields.flag("draft") == Some(true) {
                return Some(Doc::Draft);
            }
            entity::parse_entity(file, kind, stem_slug, &mut fields, split.body)
                .map(|e| Doc::Entity(Box::new(e)))
        }
    }
}

/// Slugs the output layout uses for its own pages.
pub const RESERVED_SLUGS: &[&str] = &["index", "page"];

fn check_unique_slugs(
    sources: &SourceMap,
    entities: &mut Vec<Entity>,
    articles: &mut Vec<Article>,
    diags: &mut Diagnostics,
) {
    let mut seen: std::collections::HashMap<&str, FileId> = std::collections::HashMap::new();
    let mut dup_entities = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(&first) = seen.get(e.slug.as_str()) {
            dup_entities.push(i);
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    Some(Span::new(e.file, 0..0)),
                    format!("slug \"{}\" is already used", e.slug),
                )
                .with_help(format!(
                    "rename this file or {}; entity slugs are unique across kinds",
                    sources.get(first).rel_path
                )),
            );
        } else {
            seen.insert(e.slug.as_str(), e.file);
        }
    }
    let mut seen: std::collections::HashMap<&str, FileId> = std::collections::HashMap::new();
    let mut dup_articles = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(&first) = seen.get(a.slug.as_str()) {
            dup_articles.push(i);
            diags.push(
                Diagnostic::error(
                    "duplicate-slug",
                    Some(Span::new(a.file, 0..0)),
                    format!("article slug \"{}\" is already used", a.slug),
                )
                .with_help(format!("rename this file or {}", sources.get(first).rel_path)),
            );
        } else {
            seen.insert(a.slug.as_str(), a.file);
        }
    }
    for i in dup_entities.into_iter().rev() {
        entities.remove(i);
    }
    for i in dup_articles.into_iter().rev() {
        articles.remove(i);
    }
}

/// A minimal entity for unit tests of later stages.
#[cfg(test)]
pub(crate) fn entity_for_test(kind: &str, slug: &str, name: &str, aliases: &[&str]) -> Entity {
    Entity {
        kind: kind.into(),
        slug: Slug::new(slug).expect("test slug is valid"),
        name: name.into(),
        aliases: aliases
            .iter()
            .map(|a| crate::model::Alias {
                text: (*a).into(),
                case_sensitive: true,
                span: Span::new(FileId(0), 0..0),
            })
            .collect(),
        facts: Vec::new(),
        maker: None,
        affiliation: None,
        role: None,
        relations: Vec::new(),
        body: std::sync::Arc::from(""),
        body_offset: 0,
        file: FileId(0),
        hash: 0,
        name_span: Span::new(FileId(0), 0..0),
    }
}

/// Reads the site's own `templates/*.html` and `static/**` (theme overrides).
pub fn load_theme(root: &Path) -> Result<crate::render::Theme> {
    let mut theme = crate::render::Theme::default();
    let templates = root.join("templates");
    if templates.is_dir() {
        for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", templates.display()))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html")
            {
                let name = relative_name(&templates, entry.path());
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                theme.templates.push((name, text));
            }
        }
    }
    let statics = root.join("static");
    if statics.is_dir() {
        for entry in walkdir::WalkDir::new(&statics).follow_links(true).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", statics.display()))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if entry.file_type().is_file() && !hidden {
                let name = relative_name(&statics, entry.path());
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                theme.static_files.push((name, bytes));
            }
        }
    }
    Ok(theme)
}

fn relative_name(base: &Path, path: &Path) -> String {
    let r = path.strip_prefix(base).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
