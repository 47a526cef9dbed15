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
mod loose;
mod walk;

use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Article, Entity, Slug};
use crate::source::{FileId, SourceFile, SourceMap};
pub use article::Parsed;
pub use loose::{LooseArticle, find_site_root, guess_language, read_loose_article};
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
    load(root, diags, true)
}

/// Loads the site's configuration and entities only (no articles): the registry
/// that `factbook extract` needs to name subjects.
pub fn load_registry(root: &Path, diags: &mut Diagnostics) -> Result<Option<Loaded>> {
    load(root, diags, false)
}

fn load(root: &Path, diags: &mut Diagnostics, with_articles: bool) -> Result<Option<Loaded>> {
    let mut sources = SourceMap::default();
    let Some(config) = load_config(root, &mut sources, diags)? else { return Ok(None) };
    let mut files = walk::walk_content(&config, diags)?;
    if !with_articles {
        files.retain(|f| f.role != FileRole::Article);
    }
    let base = sources.files().len();
    let parsed: Vec<(SourceFile, Option<Doc>, Diagnostics)> = files
        .par_iter()
        .enumerate()
        .map(|(i, cf)| {
            let id = FileId(u32::try_from(base + i).expect("fewer than 4 billion files"));
            parse_file(id, cf, &config)
        })
        .collect();
    let mut entities = Vec::new();
    let mut articles = Vec::new();
    let mut drafts = 0;
    for (file, doc, d) in parsed {
        sources.push(file);
        diags.extend(d);
        match doc {
            Some(Doc::Entity(e)) => entities.push(*e),
            Some(Doc::Article(a)) => articles.push(*a),
            Some(Doc::Draft) => drafts += 1,
            None => {}
        }
    }
    check_unique_slugs(&sources, &mut entities, &mut articles, diags);
    let kind_pos = |k: &str| config.kinds.iter().position(|x| x.folder == k).unwrap_or(usize::MAX);
    entities.sort_by(|a, b| (kind_pos(&a.kind), &a.slug).cmp(&(kind_pos(&b.kind), &b.slug)));
    articles.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(Some(Loaded { sources, config, entities, articles, drafts }))
}

enum Doc {
    Entity(Box<Entity>),
    Article(Box<Article>),
    Draft,
}

fn parse_file(
    id: FileId,
    cf: &ContentFile,
    config: &Config,
) -> (SourceFile, Option<Doc>, Diagnostics) {
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
        return (file, None, diags);
    }
    let doc = parse_doc(&file, cf, config, &mut diags);
    (file, doc, diags)
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
            .map(|a| crate::model::Alias { text: (*a).into(), case_sensitive: true })
            .collect(),
        facts: Vec::new(),
        maker: None,
        affiliation: None,
        role: None,
        relations: Vec::new(),
        body: String::new(),
        body_offset: 0,
        file: FileId(0),
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
