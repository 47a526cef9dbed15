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

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Article, Entity, RESERVED_SLUGS, Slug};
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
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let id = sources.add(path, "book.toml".into(), &String::from_utf8_lossy(&bytes));
            diags.push(not_utf8(sources.get(id), &bytes, e.valid_up_to()));
            return Ok(None);
        }
    };
    let id = sources.add(path, "book.toml".into(), text);
    Ok(Config::parse(sources.get(id), root, diags))
}

/// Loads the whole site at `root`. The inner `Err` holds the sources read so
/// far (book.toml) when book.toml is unusable, so its diagnostics can be shown
/// with their location.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> Result<Result<Loaded, SourceMap>> {
    Ok(SiteFiles::open(root, diags)?.map(|files| files.into_loaded(diags)))
}

/// Loads the site's configuration and entities only (no articles): the registry
/// that `factbook extract` needs to name subjects. `None` when book.toml is unusable.
pub fn load_registry(root: &Path, diags: &mut Diagnostics) -> Result<Option<Loaded>> {
    Ok(SiteFiles::open_filtered(root, diags, false)?.ok().map(|files| files.into_loaded(diags)))
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
    /// Reads book.toml and every content file; the inner `Err` holds
    /// book.toml's source when it has errors (reported in `diags`).
    pub fn open(root: &Path, diags: &mut Diagnostics) -> Result<Result<SiteFiles, SourceMap>> {
        SiteFiles::open_filtered(root, diags, true)
    }

    fn open_filtered(
        root: &Path,
        diags: &mut Diagnostics,
        with_articles: bool,
    ) -> Result<Result<SiteFiles, SourceMap>> {
        let mut sources = SourceMap::default();
        let mut config_diags = Diagnostics::default();
        let config = load_config(root, &mut sources, &mut config_diags)?;
        let book = sources.get(FileId(0)).clone();
        let Some(config) = config else {
            diags.extend(config_diags);
            return Ok(Err(sources));
        };
        let walk_diags = Diagnostics::default();
        let mut found = walk::walk_content(&config)?;
        if !with_articles {
            found.retain(|f| f.role != FileRole::Article);
        }
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
        Ok(Ok(SiteFiles { config, book, config_diags, walk_diags, files, next_id }))
    }

    /// The resolved configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Re-reads the given paths (created, edited or deleted files, or folders).
    /// File ids of unchanged files stay the same.
    pub fn refresh(&mut self, paths: &[std::path::PathBuf]) -> Result<()> {
        for path in paths {
            let Some(rel) = self.rel_path(path) else { continue };
            if path.is_dir() {
                for cf in walk::walk_content(&self.config)? {
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

    /// `path` relative to the site root, `/`-separated; `None` outside it.
    pub fn rel_path(&self, path: &Path) -> Option<String> {
        let root = self.config.root.canonicalize().unwrap_or_else(|_| self.config.root.clone());
        let r = path.strip_prefix(&root).or_else(|_| path.strip_prefix(&self.config.root)).ok()?;
        Some(r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
    }

    /// The published article parsed from `rel_path`, with its source and the
    /// findings of loading it; `None` for other files and drafts.
    pub fn article(&self, rel_path: &str) -> Option<(&Article, &SourceFile, &Diagnostics)> {
        let p = self.files.get(rel_path)?;
        match &p.doc {
            Some(Doc::Article(a)) => Some((a, &p.source, &p.diags)),
            _ => None,
        }
    }

    /// The entity parsed from `rel_path`, with its source and the findings
    /// of loading it; `None` for other files.
    pub fn entity(&self, rel_path: &str) -> Option<(&Entity, &SourceFile, &Diagnostics)> {
        let p = self.files.get(rel_path)?;
        match &p.doc {
            Some(Doc::Entity(e)) => Some((e, &p.source, &p.diags)),
            _ => None,
        }
    }

    fn insert(&mut self, cf: &ContentFile) {
        let id = FileId(self.next_id);
        self.next_id += 1;
        let parsed = parse_file(id, cf, &self.config);
        self.files.insert(cf.rel_path.clone(), parsed);
    }

    /// The site as documents, ready for analysis (clones what it needs).
    pub fn loaded(&self, diags: &mut Diagnostics) -> Loaded {
        self.clone().into_loaded(diags)
    }

    /// [`SiteFiles::loaded`], for a one-off build that keeps no files.
    pub fn into_loaded(self, diags: &mut Diagnostics) -> Loaded {
        let mut sources = SourceMap::default();
        sources.push(self.book);
        diags.extend(self.config_diags);
        diags.extend(self.walk_diags);
        let mut entities = Vec::new();
        let mut articles = Vec::new();
        let mut drafts = 0;
        for p in self.files.into_values() {
            sources.push(p.source);
            diags.extend(p.diags);
            match p.doc {
                Some(Doc::Entity(e)) => entities.push(*e),
                Some(Doc::Article(a)) => articles.push(*a),
                Some(Doc::Draft) => drafts += 1,
                None => {}
            }
        }
        let config = self.config;
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

/// Reads (unless the walk had the bytes) and parses one content file.
fn parse_file(id: FileId, cf: &ContentFile, config: &Config) -> ParsedFile {
    let mut diags = Diagnostics::default();
    let bytes = match cf.read() {
        Ok(bytes) => bytes,
        Err(p) => {
            let file = SourceFile::new(id, cf.abs_path.clone(), cf.rel_path.clone(), "");
            diags.push(Diagnostic {
                severity: p.severity,
                code: p.code,
                span: Some(Span::new(id, 0..0)),
                message: p.message,
                help: Some(p.help),
            });
            return ParsedFile { source: file, doc: None, diags };
        }
    };
    match std::str::from_utf8(&bytes) {
        Ok(raw) => {
            let file = SourceFile::new(id, cf.abs_path.clone(), cf.rel_path.clone(), raw);
            let doc = parse_doc(&file, cf, config, &mut diags);
            ParsedFile { source: file, doc, diags }
        }
        Err(e) => {
            let lossy = String::from_utf8_lossy(&bytes);
            let file = SourceFile::new(id, cf.abs_path.clone(), cf.rel_path.clone(), &lossy);
            diags.push(not_utf8(&file, &bytes, e.valid_up_to()));
            ParsedFile { source: file, doc: None, diags }
        }
    }
}

/// The diagnostic for a file that is not UTF-8, at its first bad byte.
fn not_utf8(file: &SourceFile, bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let prefix = std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or("");
    let at = crate::source::normalize_text(prefix).len().min(file.text.len());
    let bad = bytes.get(valid_up_to).copied().unwrap_or(0);
    let head = bytes.get(..bytes.len().min(8000)).unwrap_or_default();
    let (message, help) = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        (
            "file is UTF-16 text, not UTF-8".to_string(),
            "save the file as UTF-8 (most editors: File > Save with Encoding)",
        )
    } else if head.contains(&0) {
        (
            "file is binary, not UTF-8 Markdown".to_string(),
            "move binary files out of content/ (images belong in static/)",
        )
    } else {
        (
            format!("file is not valid UTF-8 (byte 0x{bad:02x})"),
            "save the file as UTF-8 (most editors: File > Save with Encoding)",
        )
    };
    Diagnostic::error("not-utf8", Some(Span::new(file.id, at..at)), message).with_help(help)
}

fn parse_doc(
    file: &SourceFile,
    cf: &ContentFile,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Doc> {
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(front_matter::SplitError::Missing) => {
            let empty = file.text.trim().is_empty();
            diags.push(
                Diagnostic::error(
                    "missing-front-matter",
                    Some(Span::new(file.id, 0..0)),
                    if empty { "file is empty" } else { "file has no front matter" },
                )
                .with_help(match &cf.role {
                    FileRole::Article => "start the file with a `+++` line, `title = \"...\"`, `date = 2024-01-31` and a closing `+++` line",
                    FileRole::Entity(_) => "start the file with a `+++` line, `name = \"...\"` and a closing `+++` line",
                }),
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
    let slug = file_slug(&mut fields, &cf.stem)?;
    match &cf.role {
        FileRole::Article => {
            match article::parse_article(
                file,
                slug,
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
            entity::parse_entity(file, kind, slug, &mut fields, split.body)
                .map(|e| Doc::Entity(Box::new(e)))
        }
    }
}

/// The page slug: front matter `slug = "..."` if given, else the file stem
/// slugified. Reports slugs that are unusable or reserved.
fn file_slug(fields: &mut front_matter::Fields<'_>, stem: &str) -> Option<Slug> {
    if let Some(explicit) = fields.text("slug") {
        return match Slug::new(&explicit) {
            Some(s) if !RESERVED_SLUGS.contains(&s.as_str()) => Some(s),
            _ => {
                let span = fields.value_span_of("slug");
                let suggestion = crate::model::slugify(&explicit);
                let suggestion =
                    if suggestion.is_empty() || RESERVED_SLUGS.contains(&suggestion.as_str()) {
                        "openai".to_string()
                    } else {
                        suggestion
                    };
                fields.diags.push(
                    Diagnostic::error(
                        "invalid-slug",
                        Some(span),
                        format!("slug {explicit:?} is not usable"),
                    )
                    .with_help(format!(
                        "a slug is lowercase ASCII letters, digits and single hyphens, such as \"{suggestion}\" (`index` and `page` are reserved)"
                    )),
                );
                None
            }
        };
    }
    match Slug::from_text(stem) {
        Some(s) if !RESERVED_SLUGS.contains(&s.as_str()) => Some(s),
        found => {
            let why = match found {
                Some(s) => format!("\"{s}\" is reserved"),
                None => "it has no letters or digits".into(),
            };
            let span = fields.missing_span();
            fields.diags.push(
                Diagnostic::error(
                    "invalid-slug",
                    Some(span),
                    format!("file name \"{stem}\" gives no usable slug: {why}"),
                )
                .with_help("rename the file (e.g. `openai.md`) or set `slug = \"...\"` in its front matter; `index` and `page` are reserved"),
            );
            None
        }
    }
}

fn check_unique_slugs(
    sources: &SourceMap,
    entities: &mut Vec<Entity>,
    articles: &mut Vec<Article>,
    diags: &mut Diagnostics,
) {
    let entity_slugs: Vec<(&Slug, FileId)> = entities.iter().map(|e| (&e.slug, e.file)).collect();
    let dup_entities =
        duplicates(&entity_slugs, sources, "entity slugs are unique across kinds", diags);
    let article_slugs: Vec<(&Slug, FileId)> = articles.iter().map(|a| (&a.slug, a.file)).collect();
    let dup_articles = duplicates(
        &article_slugs,
        sources,
        "article slugs come from file names, whatever subfolder of articles/ they sit in",
        diags,
    );
    for i in dup_entities.into_iter().rev() {
        entities.remove(i);
    }
    for i in dup_articles.into_iter().rev() {
        articles.remove(i);
    }
}

/// Reports every item whose slug an earlier file already has; returns their indexes.
fn duplicates(
    items: &[(&Slug, FileId)],
    sources: &SourceMap,
    rule: &str,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut seen: std::collections::HashMap<&str, FileId> = std::collections::HashMap::new();
    let mut dups = Vec::new();
    for (i, (slug, file)) in items.iter().enumerate() {
        match seen.get(slug.as_str()) {
            Some(&first) => {
                dups.push(i);
                diags.push(
                    Diagnostic::error(
                        "duplicate-slug",
                        Some(Span::new(*file, 0..0)),
                        format!(
                            "slug \"{slug}\" is already used by {}",
                            sources.get(first).rel_path
                        ),
                    )
                    .with_help(format!(
                        "rename one of the two files or set `slug = \"...\"` in this one; {rule}"
                    )),
                );
            }
            None => {
                seen.insert(slug.as_str(), *file);
            }
        }
    }
    dups
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
        body: crate::model::Body::default(),
        body_offset: 0,
        file: FileId(0),
        hash: 0,
        name_span: Span::new(FileId(0), 0..0),
    }
}

/// Reads the site's own `templates/*.html` and `static/**` (theme overrides).
pub fn load_theme(root: &Path) -> Result<crate::model::Theme> {
    let mut theme = crate::model::Theme::default();
    let templates = root.join("templates");
    if templates.is_dir() {
        for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", templates.display()))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html")
            {
                let name = relative_name(&templates, entry.path());
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read {}", entry.path().display()))?;
                let n =
                    u32::try_from(theme.templates.len()).expect("fewer than 2 billion templates");
                let id = FileId(crate::source::THEME_FILE_BASE + n);
                let file = SourceFile::new(
                    id,
                    entry.path().to_path_buf(),
                    format!("templates/{name}"),
                    &text,
                );
                theme.templates.push((name, file));
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn config() -> Config {
        let f = SourceFile::new(
            FileId(0),
            "/s/book.toml".into(),
            "book.toml".into(),
            "[book]\ntitle = \"T\"\n",
        );
        Config::parse(&f, Path::new("/s"), &mut Diagnostics::default()).expect("valid config")
    }

    fn content_file(bytes: Vec<u8>, article: bool) -> ContentFile {
        let (rel_path, role) = if article {
            ("content/articles/a.md".to_string(), FileRole::Article)
        } else {
            ("content/companies/a.md".to_string(), FileRole::Entity("companies".into()))
        };
        ContentFile {
            abs_path: format!("/s/{rel_path}").into(),
            rel_path,
            stem: "a".into(),
            role,
            bytes: Some(bytes),
            problem: None,
        }
    }

    /// Arbitrary bytes, and text shaped like a content file with random lines.
    fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            Just("title = \"A\"".to_string()),
            Just("title: A".to_string()),
            Just("date = 2024-01-31".to_string()),
            Just("date: 2024-02-30".to_string()),
            Just("name = \"Acme\"".to_string()),
            Just("slug = \"../x\"".to_string()),
            Just("tags = [\"a\", 1]".to_string()),
            Just("aliases = [\"A\", { name = \"b\" }, 3]".to_string()),
            Just("relations = [{ type = \"x\" }]".to_string()),
            Just("[[claims]]".to_string()),
            Just("claims:\n  - subject: acme".to_string()),
            Just("subject = \"acme\"\nmetric = \"revenue\"\nvalue = \"1 USD\"".to_string()),
            Just("source = { name = \"S\", published = \"x\" }".to_string()),
            Just("  - x: [".to_string()),
            "\\PC{0,40}",
        ];
        let structured = (
            prop::sample::select(vec!["+++", "---", "+++ ", "", "\u{feff}+++", "\n+++"]),
            prop::collection::vec(line, 0..8),
            prop::sample::select(vec!["+++", "---", "", "+++\r"]),
            "\\PC{0,80}",
        )
            .prop_map(|(open, lines, close, body)| {
                format!("{open}\n{}\n{close}\n{body}", lines.join("\n")).into_bytes()
            });
        prop_oneof![prop::collection::vec(any::<u8>(), 0..300), structured]
    }

    proptest! {
        #[test]
        fn any_bytes_load_as_a_document_or_diagnostics(bytes in file_bytes(), article in any::<bool>()) {
            let ParsedFile { source: file, doc, diags } = parse_file(FileId(0), &content_file(bytes, article), &config());
            prop_assert!(doc.is_some() || diags.has_errors(), "rejected without an error");
            for d in diags.iter() {
                let span = d.span.as_ref().expect("file diagnostics have a span");
                prop_assert!(span.range.start <= span.range.end && span.range.end <= file.text.len());
                let _ = d.render(&SourceMap::with(file.clone()));
            }
        }
    }
}
