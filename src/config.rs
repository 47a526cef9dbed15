//! `book.toml`: parsed into [`RawConfig`] (serde), then resolved into [`Config`].
//!
//! Unknown keys are warnings pointing at their line; wrong types are errors
//! with the position the TOML parser gives. Resolution fills every default, so
//! later stages never see an `Option` that has a documented default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::i18n::Lang;
use crate::source::SourceFile;

/// `book.toml` exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct RawConfig {
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    kb: RawKb,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawBook {
    title: String,
    description: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    language: Option<String>,
    src: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawOutput {
    #[serde(default)]
    html: RawHtml,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawHtml {
    site_url: Option<String>,
    cname: Option<String>,
    allow_raw_html: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawKb {
    auto_claims: Option<bool>,
    link_mentions: Option<String>,
    #[serde(default)]
    kinds: BTreeMap<String, RawKind>,
}

#[derive(Debug, Default, Deserialize)]
struct RawKind {
    singular: Option<String>,
    plural: Option<String>,
}

/// Which mentions of an entity become links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMentions {
    /// The first mention of each entity in each section (between headings).
    First,
    /// Every mention.
    All,
    /// None (mentions still produce back-links).
    None,
}

/// The warning for a site-url that is only a path: the sitemap, robots.txt's
/// `Sitemap:` line and the feed's ids need absolute URLs, so they are left out
/// or written in a relative form (see `render/data.rs`).
pub fn relative_site_url(raw: &str, span: Option<crate::diag::Span>) -> Diagnostic {
    Diagnostic::warning(
        "relative-site-url",
        span,
        format!("site-url \"{raw}\" is not an absolute URL: no sitemap.xml is written and the feed links relatively"),
    )
    .with_help("give the full address, like \"https://me.github.io/my-repo/\"; canonical links, the sitemap and the feed need it")
}

/// Where the site will be hosted, for canonical URLs and the 404 page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    /// Path prefix, always starting and ending with `/` (e.g. `/my-repo/`).
    pub base_path: String,
    /// Full URL with trailing slash when site-url was absolute.
    pub absolute: Option<String>,
}

impl SiteUrl {
    /// Parses `site-url`: a path prefix or an absolute http(s) URL.
    pub fn parse(raw: &str) -> Option<SiteUrl> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://")) {
            let path = rest.find('/').map_or("/", |i| &rest[i..]);
            let host = &rest[..rest.len() - path.len()];
            if host.is_empty() || host.contains(char::is_whitespace) {
                return None;
            }
            let base_path = normalize_base_path(path)?;
            let scheme = &raw[..raw.len() - rest.len()];
            return Some(SiteUrl {
                absolute: Some(format!("{scheme}{host}{base_path}")),
                base_path,
            });
        }
        if raw.contains("://") {
            return None;
        }
        Some(SiteUrl { base_path: normalize_base_path(raw)?, absolute: None })
    }
}

fn normalize_base_path(path: &str) -> Option<String> {
    if path.contains(['"', '<', '>', '\\', ' ', '?', '#']) {
        return None;
    }
    let inner = path.trim_matches('/');
    if inner.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    Some(if inner.is_empty() { "/".to_string() } else { format!("/{inner}/") })
}

/// Labels of one entity kind (a folder under `content/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// Folder name and URL segment, e.g. `companies`.
    pub folder: String,
    /// "Company" / "Công ty".
    pub singular: String,
    /// "Companies" / "Các công ty".
    pub plural: String,
}

/// The resolved configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site root (the folder holding book.toml).
    pub root: PathBuf,
    /// `[book] title`.
    pub title: String,
    /// `[book] description`, empty when unset.
    pub description: String,
    /// `[book] authors`.
    pub authors: Vec<String>,
    /// UI language, date and number formats.
    pub language: Lang,
    /// Absolute content folder.
    pub content_dir: PathBuf,
    /// Absolute output folder.
    pub build_dir: PathBuf,
    /// Where the site is hosted.
    pub site_url: SiteUrl,
    /// Written to `CNAME` when set.
    pub cname: Option<String>,
    /// Whether raw HTML in Markdown passes through.
    pub allow_raw_html: bool,
    /// Publish extracted, unreviewed claims.
    pub auto_claims: bool,
    /// Mention linking policy.
    pub link_mentions: LinkMentions,
    /// Declared entity kinds in a stable order: defaults first, then book.toml's.
    pub kinds: Vec<Kind>,
}

impl Config {
    /// The kind declared for a content folder, if any.
    pub fn kind(&self, folder: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.folder == folder)
    }

    /// Parses and resolves `book.toml`; `None` when it is unusable (errors reported).
    pub fn parse(file: &SourceFile, root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let raw = parse_raw(file, diags)?;
        Some(Config::resolve(raw, file, root, diags))
    }

    fn resolve(raw: RawConfig, file: &SourceFile, root: &Path, diags: &mut Diagnostics) -> Config {
        let span_of = |key: &str| Some(key_span(file, key));
        let language = match raw.book.language.as_deref() {
            None => Lang::En,
            Some(code) => Lang::parse(code).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::warning(
                        "unknown-language",
                        span_of("language"),
                        format!("unsupported language \"{code}\""),
                    )
                    .with_help("use \"vi\" or \"en\"; falling back to \"en\""),
                );
                Lang::En
            }),
        };
        let site_url = match raw.output.html.site_url.as_deref() {
            None => SiteUrl { base_path: "/".into(), absolute: None },
            Some(s) => SiteUrl::parse(s).inspect(|u| {
                if u.absolute.is_none() {
                    diags.push(relative_site_url(s, span_of("site-url")));
                }
            }).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::error("invalid-site-url", span_of("site-url"), format!("invalid site-url \"{s}\""))
                        .with_help("use a path prefix like \"/my-repo/\" or an absolute URL like \"https://me.github.io/my-repo/\""),
                );
                SiteUrl { base_path: "/".into(), absolute: None }
            }),
        };
        let link_mentions = match raw.kb.link_mentions.as_deref() {
            None | Some("first") => LinkMentions::First,
            Some("all") => LinkMentions::All,
            Some("none") => LinkMentions::None,
            Some(other) => {
                diags.push(
                    Diagnostic::error(
                        "invalid-value",
                        span_of("link-mentions"),
                        format!("link-mentions = \"{other}\" is not a policy"),
                    )
                    .with_help("use \"first\", \"all\" or \"none\""),
                );
                LinkMentions::First
            }
        };
        let mut kinds: Vec<Kind> = crate::i18n::DEFAULT_KINDS
            .iter()
            .map(|folder| {
                let (singular, plural) = crate::i18n::kind_labels(folder, language);
                Kind {
                    folder: (*folder).to_string(),
                    singular: singular.into(),
                    plural: plural.into(),
                }
            })
            .collect();
        for (folder, k) in raw.kb.kinds {
            if crate::model::Slug::new(&folder).is_none()
                || folder == "articles"
                || RESERVED_DIRS.contains(&folder.as_str())
            {
                diags.push(
                    Diagnostic::error("invalid-kind", span_of(&format!("kinds.{folder}")), format!("\"{folder}\" cannot be a kind folder"))
                        .with_help("kind folders are lowercase ASCII words other than articles, claims, tags, data"),
                );
                continue;
            }
            let entry = match kinds.iter_mut().find(|x| x.folder == folder) {
                Some(e) => e,
                None => {
                    kinds.push(Kind {
                        folder: folder.clone(),
                        singular: folder.clone(),
                        plural: folder.clone(),
                    });
                    kinds.last_mut().expect("just pushed")
                }
            };
            if let Some(s) = k.singular {
                entry.singular = s;
            }
            if let Some(p) = k.plural {
                entry.plural = p;
            }
        }
        let src = raw.book.src.unwrap_or_else(|| "content".into());
        let build_dir = raw.build.build_dir.unwrap_or_else(|| "book".into());
        Config {
            root: root.to_path_buf(),
            title: raw.book.title,
            description: raw.book.description.unwrap_or_default(),
            authors: raw.book.authors,
            language,
            content_dir: root.join(src),
            build_dir: root.join(build_dir),
            site_url,
            cname: raw.output.html.cname.filter(|c| !c.trim().is_empty()),
            allow_raw_html: raw.output.html.allow_raw_html.unwrap_or(true),
            auto_claims: raw.kb.auto_claims.unwrap_or(true),
            link_mentions,
            kinds,
        }
    }
}

/// Output folders the generator itself uses; no kind may take them.
pub const RESERVED_DIRS: &[&str] = &["articles", "claims", "tags", "data", "static", "search"];

/// The keys a book.toml section knows (mirrors the `Raw*` structs), for
/// "did you mean" on a misspelt one.
fn known_keys(section: &str) -> &'static [&'static str] {
    match section {
        "" => &["book", "build", "output", "kb"],
        "book" => &["title", "description", "authors", "language", "src"],
        "build" => &["build-dir"],
        "output" => &["html"],
        "output.html" => &["site-url", "cname", "allow-raw-html"],
        "kb" => &["auto-claims", "link-mentions", "kinds"],
        s if s.starts_with("kb.kinds.") => &["singular", "plural"],
        _ => &[],
    }
}

fn parse_raw(file: &SourceFile, diags: &mut Diagnostics) -> Option<RawConfig> {
    let de = match toml::Deserializer::parse(&file.text) {
        Ok(de) => de,
        Err(e) => {
            diags.push(toml_error(file, &e));
            return None;
        }
    };
    let mut unknown = Vec::new();
    let result: Result<RawConfig, _> =
        serde_ignored::deserialize(de, |path| unknown.push(path.to_string()));
    match result {
        Ok(raw) => {
            for path in unknown {
                let key = path.rsplit('.').next().unwrap_or(&path).to_string();
                let section = path.rsplit_once('.').map_or("", |(s, _)| s);
                let help = did_you_mean(&key, known_keys(section)).unwrap_or_else(|| {
                    format!(
                        "`{key}` is ignored; check its spelling against README's book.toml keys"
                    )
                });
                diags.push(
                    Diagnostic::warning(
                        "unknown-key",
                        Some(key_span(file, &path)),
                        format!("unknown key `{path}` in book.toml"),
                    )
                    .with_help(help),
                );
            }
            Some(raw)
        }
        Err(e) => {
            diags.push(toml_error(file, &e));
            None
        }
    }
}

/// A TOML parse or type error as a diagnostic at the parser's position.
pub fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let range = e.span().unwrap_or(0..0);
    let message = e.message().trim().to_string();
    let d = Diagnostic::error("invalid-toml", Some(Span::new(file.id, range)), message.clone());
    if message.contains("missing field") {
        d.with_help("add the missing key (a site needs at least `[book]` with `title = \"...\"`)")
    } else {
        d.with_help("see README's book.toml section for the keys and their types")
    }
}

/// Span of the value assigned to a dotted key in book.toml (`build.build-dir`),
/// when the key is written there.
pub fn value_span(file: &SourceFile, dotted: &str) -> Option<Span> {
    let key = key_span(file, dotted);
    if key.range.is_empty() {
        return None;
    }
    let line_end =
        file.text[key.range.end..].find('\n').map_or(file.text.len(), |i| key.range.end + i);
    let rest = &file.text[key.range.end..line_end];
    let value = rest.trim_start().strip_prefix('=')?;
    let trimmed = value.trim();
    let start = line_end - value.trim_start().len();
    Some(Span::new(file.id, start..start + trimmed.len()))
}

/// Best-effort location of a dotted key (`book.titel`, `output.html.cname`):
/// the line where its last segment is assigned, after its table header.
fn key_span(file: &SourceFile, dotted: &str) -> Span {
    let key = dotted.rsplit('.').next().unwrap_or(dotted);
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_key =
            trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                || trimmed
                    .strip_prefix('"')
                    .and_then(|t| t.strip_prefix(key))
                    .is_some_and(|r| r.starts_with('"'));
        let is_table =
            trimmed.starts_with('[') && trimmed.trim_end().trim_end_matches(']').ends_with(key);
        if is_key || is_table {
            return Span::new(file.id, offset + indent..offset + indent + key.len());
        }
        offset += line.len();
    }
    Span::new(file.id, 0..0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, SourceMap};

    fn load(text: &str) -> (Option<Config>, Diagnostics, SourceFile) {
        let file = SourceFile::new(FileId(0), "/s/book.toml".into(), "book.toml".into(), text);
        let mut diags = Diagnostics::default();
        let c = Config::parse(&file, Path::new("/s"), &mut diags);
        (c, diags, file)
    }

    #[test]
    fn defaults_follow_mdbook() {
        let (c, d, _) = load("[book]\ntitle = \"T\"\n");
        let c = c.unwrap();
        assert!(d.is_empty());
        assert_eq!(c.content_dir, Path::new("/s/content"));
        assert_eq!(c.build_dir, Path::new("/s/book"));
        assert_eq!(c.site_url.base_path, "/");
        assert_eq!(c.link_mentions, LinkMentions::First);
        assert!(c.auto_claims && c.allow_raw_html);
        assert_eq!(c.kinds.len(), 4);
    }

    #[test]
    fn unknown_key_warns_with_its_line() {
        let (c, d, file) =
            load("[book]\ntitle = \"T\"\ntitel = \"x\"\n[kb]\nlink-mention = \"all\"\n");
        assert!(c.is_some());
        let rendered: Vec<String> =
            d.iter().map(|d| d.render(&SourceMap::with(file.clone()))).collect();
        assert_eq!(d.iter().count(), 2);
        assert!(
            rendered[0]
                .starts_with("book.toml:3:1: warning[unknown-key]: unknown key `book.titel`"),
            "{}",
            rendered[0]
        );
        assert!(
            rendered[1]
                .starts_with("book.toml:5:1: warning[unknown-key]: unknown key `kb.link-mention`"),
            "{}",
            rendered[1]
        );
    }

    /// Issue 15: book.toml typos get a suggestion, as article keys do.
    #[test]
    fn issue_15_misspelt_book_toml_keys_get_a_suggestion() {
        let (_, d, _) =
            load("[book]\ntitle = \"T\"\nlangauge = \"vi\"\n[output.html]\nsite-ulr = \"/\"\n");
        let helps: Vec<&str> = d.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(helps, ["did you mean \"language\"?", "did you mean \"site-url\"?"]);
    }

    #[test]
    fn wrong_type_is_an_error_at_the_value() {
        let (c, d, file) = load("[book]\ntitle = \"T\"\n[kb]\nauto-claims = \"yes\"\n");
        assert!(c.is_none());
        let r = d.iter().next().unwrap().render(&SourceMap::with(file));
        assert!(r.starts_with("book.toml:4:15: error[invalid-toml]:"), "{r}");
    }

    #[test]
    fn missing_title_is_an_error() {
        let (c, d, _) = load("[book]\nlanguage = \"vi\"\n");
        assert!(c.is_none());
        assert!(d.has_errors());
    }

    #[test]
    fn site_url_forms() {
        assert_eq!(SiteUrl::parse("/my-repo").unwrap().base_path, "/my-repo/");
        let abs = SiteUrl::parse("https://me.github.io/my-repo").unwrap();
        assert_eq!(abs.base_path, "/my-repo/");
        assert_eq!(abs.absolute.as_deref(), Some("https://me.github.io/my-repo/"));
        assert_eq!(SiteUrl::parse("https://kb.example.org").unwrap().base_path, "/");
        assert!(SiteUrl::parse("/../x").is_none());
        assert!(SiteUrl::parse("ftp://x").is_none());
    }

    #[test]
    fn kinds_are_data() {
        let (c, _, _) = load(
            "[book]\ntitle = \"T\"\nlanguage = \"vi\"\n[kb.kinds.funds]\nsingular = \"Quỹ\"\nplural = \"Các quỹ\"\n",
        );
        let c = c.unwrap();
        assert_eq!(c.kind("companies").unwrap().singular, "Công ty");
        assert_eq!(c.kind("funds").unwrap().plural, "Các quỹ");
    }
}
