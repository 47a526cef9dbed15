//! Validate: the links inside Markdown bodies, and figures no claim covers.
//!
//! Bodies are walked once (articles during the mention scan, entities here)
//! by a [`LinkCollector`] that records link destinations, wikilinks, headings
//! and footnote labels. [`check_links`] then resolves every internal link:
//! `.md` paths to content files (relative to the linking file, or to
//! `content/` when they start with `/` or `@/`), `.html` paths and folders to
//! pages of the output layout, `#fragments` to heading ids, claim anchors and
//! the theme's own ids. Broken ones are `broken-link` / `broken-anchor`
//! errors; working `.md` and root-absolute links are rewritten to the right
//! relative `.html` URL for the renderer ([`BodyLinks`]).
//!
//! Not checked: external URLs (with a scheme or `//host`), images, and paths
//! to anything other than pages (static files, feeds, data files).
//!
//! Invariant: pure; the heading ids computed here are the ids the renderer
//! writes, so anchors that check clean resolve in the output.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use super::mentions::Matcher;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Span, did_you_mean};
use crate::figures;
use crate::model::{
    Article, ArticleId, BodyLinks, Claim, Entity, EntityId, Model, Origin, slugify,
};
use crate::source::SourceMap;
use crate::text::markdown_options;

/// Ids the default theme gives elements of every page.
const PAGE_IDS: &[&str] = &["main"];
/// Ids the default theme gives elements of article pages.
const ARTICLE_IDS: &[&str] = &["claims-here", "entities-here"];
/// Ids the default theme gives elements of entity pages.
const ENTITY_IDS: &[&str] = &["relations", "figures", "backlinks"];

/// A Markdown link as written in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    /// Body range of the whole link (`[text](dest)`).
    pub range: Range<usize>,
    /// The destination as parsed (`../companies/openai.md#x`).
    pub dest: String,
}

/// Records links, wikilinks, headings and footnote labels from the events of
/// one body, in document order. Feed it every event of a parse that uses
/// [`markdown_options`].
#[derive(Debug, Default, Clone)]
pub struct LinkCollector {
    /// Inline, reference and autolinks (not wikilinks, not images).
    pub links: Vec<RawLink>,
    /// Wikilinks: body range and target as written.
    pub wikilinks: Vec<RawLink>,
    /// Plain text of each heading, in order.
    pub headings: Vec<String>,
    /// Footnote definition labels (the renderer uses them as element ids).
    pub footnotes: Vec<String>,
    in_heading: Option<String>,
}

impl LinkCollector {
    /// Looks at one event.
    pub fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.in_heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                let text = self.in_heading.take().unwrap_or_default();
                self.headings.push(text);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = self.in_heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                self.wikilinks.push(RawLink { range: range.clone(), dest: dest_url.to_string() })
            }
            Event::Start(Tag::Link { dest_url, link_type, .. })
                if !matches!(link_type, LinkType::Email) =>
            {
                self.links.push(RawLink { range: range.clone(), dest: dest_url.to_string() })
            }
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnotes.push(label.to_string()),
            _ => {}
        }
    }

    /// Collects from a body that is not scanned for mentions (entity descriptions).
    pub fn scan(body: &str) -> LinkCollector {
        let mut c = LinkCollector::default();
        let parser = pulldown_cmark::Parser::new_ext(body, markdown_options()).into_offset_iter();
        for (event, range) in pulldown_cmark::utils::TextMergeWithOffset::new(parser) {
            c.event(&event, &range);
        }
        c
    }
}

/// Ids for headings, in order: the slugified text (`section` when empty),
/// with `-1`, `-2` ... appended when taken (by an earlier heading or by an id
/// in `reserved`). Deterministic, so analysis and rendering agree.
pub fn heading_ids(headings: &[String], reserved: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    headings
        .iter()
        .map(|h| {
            let base = slugify(h);
            let base = if base.is_empty() { "section".to_string() } else { base };
            let mut id = base.clone();
            let mut n = 0;
            while used.contains(&id) || reserved(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            used.insert(id.clone());
            id
        })
        .collect()
}

/// One body to check: whose it is and what was collected from it.
pub struct BodyInput<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// Offset of the body in its file.
    pub body_offset: usize,
    /// The body's file.
    pub file: crate::source::FileId,
    /// What the walk found.
    pub collected: &'a LinkCollector,
}

/// What a link can land on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Page {
    Article(ArticleId),
    Entity(EntityId),
    Other,
}

/// The parts each page's anchor set is built from.
struct AnchorSources<'a> {
    claim_ids: HashMap<ArticleId, Vec<&'a str>>,
    articles: Vec<&'a LinkCollector>,
    entities: Vec<&'a LinkCollector>,
    article_links: &'a [BodyLinks],
    entity_links: &'a [BodyLinks],
}

/// Every page of a site by output path and by source path. Depends only on
/// which pages exist, so a rebuild that adds, removes or renames none can
/// keep it.
#[derive(Debug, Clone)]
pub struct PageIndex {
    /// NFC content path relative to the site root (`content/companies/openai.md`) -> page.
    by_source: HashMap<String, (Page, String)>,
    /// Output path -> page.
    pages: HashMap<String, Page>,
    content_prefix: String,
}

impl PageIndex {
    /// Indexes every page of `model`.
    pub fn new(model: &Model, config: &Config, sources: &SourceMap) -> PageIndex {
        let mut by_source = HashMap::new();
        let mut pages = HashMap::new();
        for (i, a) in model.articles.iter().enumerate() {
            let url = crate::model::urls::article(a);
            let page = Page::Article(ArticleId(i as u32));
            by_source.insert(nfc(&sources.get(a.file).rel_path), (page, url.clone()));
            pages.insert(url, page);
        }
        for (i, e) in model.entities.iter().enumerate() {
            let url = crate::model::urls::entity(e);
            let page = Page::Entity(EntityId(i as u32));
            by_source.insert(nfc(&sources.get(e.file).rel_path), (page, url.clone()));
            pages.insert(format!("{}/index.html", e.kind), Page::Other);
            pages.insert(url, page);
        }
        for c in &model.claims {
            pages.insert(crate::model::urls::claim(c), Page::Other);
        }
        for a in &model.articles {
            for t in &a.tags {
                let slug = crate::model::urls::tag_slug(t);
                pages.insert(crate::model::urls::tag(&slug), Page::Other);
            }
        }
        for fixed in [
            "index.html",
            "404.html",
            "articles/index.html",
            "claims/index.html",
            "tags/index.html",
        ] {
            pages.insert(fixed.to_string(), Page::Other);
        }
        let content_prefix = config
            .content_dir
            .strip_prefix(&config.root)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_else(|_| "content".into());
        PageIndex { by_source, pages, content_prefix }
    }

    /// Adds or removes a page without anchors (a claim or tag page) that an
    /// edit created or took away.
    pub fn set_plain_page(&mut self, url: &str, exists: bool) {
        if exists {
            self.pages.insert(url.to_string(), Page::Other);
        } else {
            self.pages.remove(url);
        }
    }
}

/// The site's pages and their anchors, for resolving links.
struct Layout<'a> {
    /// Built on the first link that needs it: a site whose bodies only link
    /// outside never pays for indexing every page.
    index: std::cell::OnceCell<std::borrow::Cow<'a, PageIndex>>,
    /// What the index is built from when none was given.
    pages_of: Option<(&'a Model, &'a Config)>,
    /// What anchors of article and entity pages are made of.
    anchors: AnchorSources<'a>,
    /// Anchor sets built so far (only for pages links point into).
    anchor_cache: std::cell::RefCell<HashMap<Page, std::rc::Rc<HashSet<String>>>>,
    sources: &'a SourceMap,
    base_path: &'a str,
}

/// Whether `id` is taken on a page before its headings get theirs: by the
/// page template (`theme`), a claim anchor (`claim-<id>` for each of `claims`)
/// or a footnote.
fn reserved(theme: &[&str], claims: &[&str], footnotes: &[String], id: &str) -> bool {
    PAGE_IDS.contains(&id)
        || theme.contains(&id)
        || id.strip_prefix("claim-").is_some_and(|c| claims.contains(&c))
        || footnotes.iter().any(|f| f == id)
}

/// Heading ids of an article body, given the ids of its claims whose quote
/// it anchors (they reserve `claim-<id>`).
pub fn article_heading_ids(collected: &LinkCollector, claim_anchors: &[&str]) -> Vec<String> {
    heading_ids(&collected.headings, &|id: &str| {
        reserved(ARTICLE_IDS, claim_anchors, &collected.footnotes, id)
    })
}

/// Checks every internal link of every article and entity body, reports
/// broken ones, and returns per-body heading ids and link rewrites
/// (`(article_links, entity_links)`, indexed like the model's vectors).
pub fn check_links(
    model: &Model,
    articles: &[LinkCollector],
    entities: &[LinkCollector],
    matcher: &Matcher,
    config: &Config,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> (Vec<BodyLinks>, Vec<BodyLinks>) {
    // Anchor sets are built only for pages a link points into (see
    // `Layout::anchors_of`); heading ids check collisions without them, since
    // on a large site building every page's set dominated incremental rebuilds.
    let claim_ids = claim_anchors(model);
    let mut article_links = Vec::with_capacity(model.articles.len());
    for (i, c) in articles.iter().enumerate() {
        let claims = claim_ids.get(&ArticleId(i as u32)).map_or(&[][..], Vec::as_slice);
        let ids = article_heading_ids(c, claims);
        article_links.push(BodyLinks { heading_ids: ids, rewrites: Vec::new() });
    }
    let mut entity_links = Vec::with_capacity(model.entities.len());
    for c in entities {
        let ids = heading_ids(&c.headings, &|id: &str| reserved(ENTITY_IDS, &[], &c.footnotes, id));
        entity_links.push(BodyLinks { heading_ids: ids, rewrites: Vec::new() });
    }
    let anchors = AnchorSources {
        claim_ids,
        articles: articles.iter().collect(),
        entities: entities.iter().collect(),
        article_links: &article_links,
        entity_links: &entity_links,
    };
    let layout = Layout::new(model, config, sources, anchors);
    let mut article_rewrites = Vec::with_capacity(model.articles.len());
    for (i, (a, c)) in model.articles.iter().zip(articles).enumerate() {
        let page = Page::Article(ArticleId(i as u32));
        let input =
            BodyInput { body: &a.body, body_offset: a.body_offset, file: a.file, collected: c };
        article_rewrites.push(layout.check_body(
            &input,
            page,
            &crate::model::urls::article(a),
            diags,
        ));
    }
    let mut entity_rewrites = Vec::with_capacity(model.entities.len());
    for (i, (e, c)) in model.entities.iter().zip(entities).enumerate() {
        let page = Page::Entity(EntityId(i as u32));
        let input =
            BodyInput { body: &e.body, body_offset: e.body_offset, file: e.file, collected: c };
        let mut rewrites = layout.check_body(&input, page, &crate::model::urls::entity(e), diags);
        rewrites.extend(entity_wikilinks(&input, model, matcher, diags));
        rewrites.sort();
        entity_rewrites.push(rewrites);
    }
    drop(layout);
    for (links, rewrites) in article_links.iter_mut().zip(article_rewrites) {
        links.rewrites = rewrites;
    }
    for (links, rewrites) in entity_links.iter_mut().zip(entity_rewrites) {
        links.rewrites = rewrites;
    }
    (article_links, entity_links)
}

/// A body link into a page of the site with a `#fragment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    /// Where the link's destination is written.
    pub span: Span,
    /// The target page's output path (`companies/acme.html`).
    pub url: String,
    /// The fragment, percent-decoded.
    pub fragment: String,
}

/// Every link with a fragment of every article and entity body, resolved to
/// its page (for `check`, which compares them with the ids the rendered pages
/// really have: theme ids depend on the templates and on what each page shows).
pub fn fragment_links(model: &Model, config: &Config, sources: &SourceMap) -> Vec<FragmentLink> {
    let articles: Vec<LinkCollector> =
        model.articles.iter().map(|a| LinkCollector::scan(&a.body)).collect();
    let entities: Vec<LinkCollector> =
        model.entities.iter().map(|e| LinkCollector::scan(&e.body)).collect();
    let anchors = AnchorSources {
        claim_ids: claim_anchors(model),
        articles: articles.iter().collect(),
        entities: entities.iter().collect(),
        article_links: &model.article_links,
        entity_links: &model.entity_links,
    };
    let layout = Layout::new(model, config, sources, anchors);
    let bodies = model
        .articles
        .iter()
        .zip(&articles)
        .enumerate()
        .map(|(i, (a, c))| {
            let page = Page::Article(ArticleId(i as u32));
            (page, crate::model::urls::article(a), &a.body, a.body_offset, a.file, c)
        })
        .chain(model.entities.iter().zip(&entities).enumerate().map(|(i, (e, c))| {
            let page = Page::Entity(EntityId(i as u32));
            (page, crate::model::urls::entity(e), &e.body, e.body_offset, e.file, c)
        }));
    let mut out = Vec::new();
    for (page, url, body, body_offset, file, collected) in bodies {
        let input = BodyInput { body, body_offset, file, collected };
        let source_dir = {
            let rel = &sources.get(file).rel_path;
            rel.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string())
        };
        for link in &collected.links {
            if let Resolved::Page { url, fragment: Some(fragment), .. } =
                layout.resolve(&link.dest, &source_dir, page, &url)
                && !fragment.is_empty()
            {
                out.push(FragmentLink { span: dest_span(&input, link), url, fragment });
            }
        }
    }
    out
}

/// Reports each link whose fragment names no element id of its rendered
/// target page; `page_ids` gives the ids of a rendered page (`None` when the
/// page was not rendered, which is then not judged).
pub fn check_rendered_anchors(
    links: &[FragmentLink],
    page_ids: &dyn Fn(&str) -> Option<std::rc::Rc<HashSet<String>>>,
    diags: &mut Diagnostics,
) {
    for link in links {
        let Some(ids) = page_ids(&link.url) else { continue };
        if ids.contains(&link.fragment) {
            continue;
        }
        let help = did_you_mean(&link.fragment, ids.iter()).unwrap_or_else(|| {
            "link to a heading of the page (its text in lowercase, with hyphens) or to #claim-<id>".into()
        });
        diags.push(
            Diagnostic::error(
                "broken-anchor",
                Some(link.span.clone()),
                format!("{} has no anchor #{}", link.url, link.fragment),
            )
            .with_help(help),
        );
    }
}

/// The element ids of an HTML page (every `id="…"` attribute), read from the
/// bytes the renderer wrote.
pub fn html_ids(html: &[u8]) -> HashSet<String> {
    let text = String::from_utf8_lossy(html);
    let mut ids = HashSet::new();
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("id=") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 3..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let value = &rest[1..];
        if let Some(end) = value.find(quote) {
            let id = value[..end]
                .replace("&quot;", "\"")
                .replace("&#x27;", "'")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            ids.insert(id);
        }
    }
    ids
}

/// Checks the links of article `id` alone, against the pages and anchors
/// of `model` (after an edit that changed no page or anchor other bodies'
/// links resolve to). `articles` and `entities` are indexed like the model's
/// vectors. Returns the article's link rewrites.
pub fn check_article_links(
    model: &Model,
    id: ArticleId,
    site: &ArticleLinksInput<'_>,
    diags: &mut Diagnostics,
) -> Vec<(usize, String)> {
    let collected = site.articles[id.0 as usize];
    let layout = single_body_layout(model, site);
    let a = model.article(id);
    let input = BodyInput { body: &a.body, body_offset: a.body_offset, file: a.file, collected };
    layout.check_body(&input, Page::Article(id), &crate::model::urls::article(a), diags)
}

/// What one body is checked against when only it changed: the site's
/// pages, and the anchors `model` already has.
fn single_body_layout<'a>(model: &'a Model, site: &ArticleLinksInput<'a>) -> Layout<'a> {
    let anchors = AnchorSources {
        claim_ids: claim_anchors(model),
        articles: site.articles.clone(),
        entities: site.entities.iter().collect(),
        article_links: &model.article_links,
        entity_links: &model.entity_links,
    };
    Layout::with(Some(site.pages), site.config, site.sources, anchors)
}

/// Checks the links and wikilinks of entity `id`'s description alone, like
/// [`check_article_links`] (after an edit of the description that changed
/// no heading or footnote). Returns its link rewrites.
pub fn check_entity_links(
    model: &Model,
    id: EntityId,
    site: &ArticleLinksInput<'_>,
    matcher: &Matcher,
    diags: &mut Diagnostics,
) -> Vec<(usize, String)> {
    let collected = &site.entities[id.0 as usize];
    let layout = single_body_layout(model, site);
    let e = model.entity(id);
    let input = BodyInput { body: &e.body, body_offset: e.body_offset, file: e.file, collected };
    let mut rewrites =
        layout.check_body(&input, Page::Entity(id), &crate::model::urls::entity(e), diags);
    rewrites.extend(entity_wikilinks(&input, model, matcher, diags));
    rewrites.sort();
    rewrites
}

/// Whether a link of `collected` may point at one of `needles` (a page path
/// or a part of one; with `fragment`, only links with a `#fragment` count):
/// a superset test on the decoded destinations, for rebuilds that remove a
/// page or an anchor and must know whether any body links to it.
pub fn may_link_to(collected: &LinkCollector, needles: &[&str], fragment: bool) -> bool {
    collected.links.iter().any(|l| {
        let dest = l.dest.trim();
        if dest.starts_with("//") || has_scheme(dest) {
            return false; // external: never one of the site's pages
        }
        let dest = nfc(&percent_decode(dest));
        (!fragment || dest.contains('#')) && needles.iter().any(|n| dest.contains(n))
    })
}

/// What [`check_article_links`] and [`check_entity_links`] resolve one
/// body's links against.
pub struct ArticleLinksInput<'a> {
    /// Every page of the site.
    pub pages: &'a PageIndex,
    /// Link collectors of every article body, indexed like the model's articles.
    pub articles: Vec<&'a LinkCollector>,
    /// Link collectors of every entity description, indexed like the model's entities.
    pub entities: &'a [LinkCollector],
    /// Configuration.
    pub config: &'a Config,
    /// Every input file.
    pub sources: &'a SourceMap,
}

/// True when a body links to something [`check_links`] must resolve
/// (anything but full URLs).
pub fn has_internal_links(collected: &LinkCollector) -> bool {
    collected.links.iter().any(|l| {
        let dest = l.dest.trim();
        !(dest.is_empty() || dest.starts_with("//") || has_scheme(dest))
    })
}

/// Ids of the claims whose quote each article anchors (`#claim-<id>`).
fn claim_anchors(model: &Model) -> HashMap<ArticleId, Vec<&str>> {
    let mut claim_ids: HashMap<ArticleId, Vec<&str>> = HashMap::new();
    for c in &model.claims {
        if c.quote_range.is_some() {
            claim_ids.entry(c.article).or_default().push(c.id.as_str());
        }
    }
    claim_ids
}

/// Wikilinks of an entity description (article wikilinks are checked by the
/// mention scan): resolved to root-relative URLs, broken ones reported.
fn entity_wikilinks(
    input: &BodyInput<'_>,
    model: &Model,
    matcher: &Matcher,
    diags: &mut Diagnostics,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for w in &input.collected.wikilinks {
        match matcher.resolve(&w.dest) {
            Some(id) => out.push((w.range.start, crate::model::urls::entity(model.entity(id)))),
            None => {
                let help = matcher.suggest(&w.dest).unwrap_or_else(|| {
                    "create the entity, or link to an existing name, alias or slug".into()
                });
                let at = input.body_offset;
                diags.push(
                    Diagnostic::error(
                        "broken-wikilink",
                        Some(Span::new(input.file, at + w.range.start..at + w.range.end)),
                        format!("wikilink [[{}]] names no entity", w.dest),
                    )
                    .with_help(help),
                );
            }
        }
    }
    out
}

impl<'a> Layout<'a> {
    fn new(
        model: &'a Model,
        config: &'a Config,
        sources: &'a SourceMap,
        anchors: AnchorSources<'a>,
    ) -> Layout<'a> {
        let mut layout = Layout::with(None, config, sources, anchors);
        layout.pages_of = Some((model, config));
        layout
    }

    fn with(
        index: Option<&'a PageIndex>,
        config: &'a Config,
        sources: &'a SourceMap,
        anchors: AnchorSources<'a>,
    ) -> Layout<'a> {
        Layout {
            index: index.map_or_else(std::cell::OnceCell::new, |i| {
                std::cell::OnceCell::from(std::borrow::Cow::Borrowed(i))
            }),
            pages_of: None,
            anchors,
            anchor_cache: std::cell::RefCell::new(HashMap::new()),
            sources,
            base_path: &config.site_url.base_path,
        }
    }

    fn index(&self) -> &PageIndex {
        self.index.get_or_init(|| {
            let (model, config) =
                self.pages_of.expect("a layout without an index is given what to build it from");
            std::borrow::Cow::Owned(PageIndex::new(model, config, self.sources))
        })
    }

    /// Every id an article or entity page has (theme ids, claim anchors,
    /// footnotes, headings); `None` for other pages.
    fn anchors_of(&self, page: Page) -> Option<std::rc::Rc<HashSet<String>>> {
        if let Some(known) = self.anchor_cache.borrow().get(&page) {
            return Some(std::rc::Rc::clone(known));
        }
        let a = &self.anchors;
        let (theme, claims, collected, links): (&[&str], &[&str], _, _) = match page {
            Page::Article(id) => (
                ARTICLE_IDS,
                a.claim_ids.get(&id).map_or(&[][..], Vec::as_slice),
                *a.articles.get(id.0 as usize)?,
                a.article_links.get(id.0 as usize)?,
            ),
            Page::Entity(id) => (
                ENTITY_IDS,
                &[][..],
                *a.entities.get(id.0 as usize)?,
                a.entity_links.get(id.0 as usize)?,
            ),
            Page::Other => return None,
        };
        let set: HashSet<String> = PAGE_IDS
            .iter()
            .chain(theme)
            .map(|s| (*s).to_string())
            .chain(claims.iter().map(|c| format!("claim-{c}")))
            .chain(collected.footnotes.iter().cloned())
            .chain(links.heading_ids.iter().cloned())
            .collect();
        let set = std::rc::Rc::new(set);
        self.anchor_cache.borrow_mut().insert(page, std::rc::Rc::clone(&set));
        Some(set)
    }

    /// Checks one body's links; returns the rewrites (body offset -> root-relative URL).
    fn check_body(
        &self,
        input: &BodyInput<'_>,
        this: Page,
        this_url: &str,
        diags: &mut Diagnostics,
    ) -> Vec<(usize, String)> {
        let mut rewrites = Vec::new();
        let source_dir = {
            let rel = &self.sources.get(input.file).rel_path;
            rel.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string())
        };
        for link in &input.collected.links {
            // Found only for a finding: most links are fine, and finding the
            // destination in the link's text cost more than checking it.
            let span = || dest_span(input, link);
            match self.resolve(&link.dest, &source_dir, this, this_url) {
                Resolved::External | Resolved::Unchecked => {}
                Resolved::Page { page, url, fragment, rewrite } => {
                    if let Some(frag) = fragment.as_deref().filter(|f| !f.is_empty())
                        && let Some(known) = self.anchors_of(page)
                        && !known.contains(frag)
                    {
                        let help = did_you_mean(frag, known.iter())
                            .unwrap_or_else(|| "link to a heading of the page (its text in lowercase, with hyphens) or to #claim-<id>".into());
                        diags.push(
                            Diagnostic::error(
                                "broken-anchor",
                                Some(span()),
                                format!("{url} has no anchor #{frag}"),
                            )
                            .with_help(help),
                        );
                    }
                    if rewrite {
                        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                        rewrites.push((link.range.start, format!("{url}{frag}")));
                    }
                }
                Resolved::Broken { message, help } => {
                    diags.push(
                        Diagnostic::error("broken-link", Some(span()), message).with_help(help),
                    );
                }
            }
        }
        rewrites
    }

    fn resolve(&self, dest: &str, source_dir: &str, this: Page, this_url: &str) -> Resolved {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
            return Resolved::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let path = percent_decode(path);
        if path.is_empty() {
            return Resolved::Page {
                page: this,
                url: this_url.to_string(),
                fragment,
                rewrite: false,
            };
        }
        if path.ends_with(".md") {
            return self.resolve_source(&path, source_dir, fragment);
        }
        let is_page = path.ends_with(".html") || path.ends_with('/');
        let absolute = path.starts_with('/');
        let joined = if absolute {
            let inside = path.strip_prefix(self.base_path).unwrap_or(&path[1..]);
            normalize(inside)
        } else {
            let dir = this_url.rsplit_once('/').map_or("", |(d, _)| d);
            normalize(&format!("{dir}/{path}"))
        };
        let Some(target) = joined else {
            return Resolved::Broken {
                message: format!("link {dest:?} points outside the site"),
                help: "link to a page of this site, or use a full https:// URL".into(),
            };
        };
        let target = if target.is_empty() || path.ends_with('/') {
            format!("{target}{}index.html", if target.is_empty() { "" } else { "/" })
        } else {
            target
        };
        if !is_page {
            // Static files and the like are not checked, but a page name
            // without `.html` would 404 on a static host.
            if self.index().pages.contains_key(&format!("{target}.html")) {
                return Resolved::Broken {
                    message: format!("link {dest:?} has no .html extension"),
                    help: format!("write \"{}.html\"", path.trim_end_matches('/')),
                };
            }
            return Resolved::Unchecked;
        }
        match self.index().pages.get(&target) {
            // Folder links become explicit `index.html` links: opened from
            // disk (file://) a folder shows a listing, not its index page.
            Some(&page) => Resolved::Page {
                page,
                url: target,
                fragment,
                rewrite: absolute || path.ends_with('/'),
            },
            None => {
                let candidates = self.index().pages.keys().filter(|p| !p.ends_with("index.html"));
                let help = did_you_mean(&target, candidates).unwrap_or_else(|| {
                    "check the path: pages are articles/<slug>.html, <kind>/<slug>.html, claims/<id>.html".into()
                });
                Resolved::Broken {
                    message: format!(
                        "link {dest:?} points to {target}, which is not a page of the site"
                    ),
                    help,
                }
            }
        }
    }

    fn resolve_source(&self, path: &str, source_dir: &str, fragment: Option<String>) -> Resolved {
        let joined =
            if let Some(inside) = path.strip_prefix("@/").or_else(|| path.strip_prefix('/')) {
                normalize(&format!("{}/{inside}", self.index().content_prefix))
            } else {
                normalize(&format!("{source_dir}/{path}"))
            };
        let Some(target) = joined.filter(|t| {
            // `src = "."` makes the whole site root the content folder.
            self.index().content_prefix.is_empty()
                || t.starts_with(&format!("{}/", self.index().content_prefix))
        }) else {
            return Resolved::Broken {
                message: format!("link \"{path}\" points outside content/"),
                help: "link to a Markdown file under content/, relative to this file".into(),
            };
        };
        match self.index().by_source.get(&nfc(&target)) {
            Some((page, url)) => {
                Resolved::Page { page: *page, url: url.clone(), fragment, rewrite: true }
            }
            None => {
                let exists = self.sources.files().any(|f| nfc(&f.rel_path) == nfc(&target));
                if exists {
                    Resolved::Broken {
                        message: format!("link \"{path}\" points to {target}, which is not published"),
                        help: "it is a draft or has errors of its own; publish or fix it, or remove the link".into(),
                    }
                } else {
                    let candidates: Vec<String> =
                        self.index().by_source.keys().map(|k| relative_to(source_dir, k)).collect();
                    let help = did_you_mean(&relative_to(source_dir, &target), candidates)
                        .unwrap_or_else(|| {
                            "paths are relative to this file: from content/articles/ a company is ../companies/<slug>.md".into()
                        });
                    Resolved::Broken {
                        message: format!(
                            "link \"{path}\" points to {target}, which does not exist"
                        ),
                        help,
                    }
                }
            }
        }
    }
}

enum Resolved {
    /// Has a scheme or a host: not ours to check.
    External,
    /// A path to something other than a page (an image, a feed): not checked.
    Unchecked,
    /// A page of the site; `url` is root-relative. `rewrite` when the written
    /// href would not work as is (a `.md` path, a root-absolute path).
    Page { page: Page, url: String, fragment: Option<String>, rewrite: bool },
    /// Points nowhere.
    Broken { message: String, help: String },
}

/// Span of the destination inside the link's text when it can be found
/// (inline links), else of the whole link (reference links).
fn dest_span(input: &BodyInput<'_>, link: &RawLink) -> Span {
    let at = input.body_offset;
    let text = input.body.get(link.range.clone()).unwrap_or_default();
    let found = if link.dest.is_empty() { None } else { text.rfind(link.dest.as_str()) };
    let range = match found {
        Some(i) => link.range.start + i..link.range.start + i + link.dest.len(),
        None => link.range.clone(),
    };
    Span::new(input.file, at + range.start..at + range.end)
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves `.` and `..` segments of a `/`-joined path; `None` when it climbs
/// above its start. Leading and doubled slashes are dropped.
fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// The relative path from folder `from_dir` to `target` (both root-relative).
fn relative_to(from_dir: &str, target: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Warns about every money figure (an amount with a currency) in an article
/// body that lies outside the quote of every claim of that article.
pub fn uncovered_figures(article: &Article, claims: &[&Claim], diags: &mut Diagnostics) {
    let quotes: Vec<&Range<usize>> = claims.iter().filter_map(|c| c.quote_range.as_ref()).collect();
    for amount in figures::find_amounts(&article.body, article.language) {
        if amount.currency.is_none() {
            continue;
        }
        let r = &amount.span;
        if quotes.iter().any(|q| q.start <= r.start && r.end <= q.end) {
            continue;
        }
        let text = article.body.get(r.clone()).unwrap_or_default();
        let at = article.body_offset;
        diags.push(
            Diagnostic::warning(
                "uncovered-figure",
                Some(Span::new(article.file, at + r.start..at + r.end)),
                format!("figure \"{text}\" is not covered by any claim"),
            )
            .with_help("add a [[claims]] entry whose `quote` contains this sentence"),
        );
    }
}

/// Where to report a finding about a claim: its value in the `[[claims]]`
/// table for curated claims, its quote in the body for extracted ones, else
/// the article's first line.
pub fn claim_span(claim: &Claim, article: &Article, entities: &[Entity]) -> Span {
    if claim.origin == Origin::Curated {
        let subject = &entities[claim.subject.0 as usize].slug;
        for spec in &article.claims {
            let same_id = match spec.id.as_deref() {
                Some(id) => id == claim.id.as_str(),
                None => {
                    let period = spec.period.as_deref().and_then(super::claims::normalize_period);
                    spec.subject.slug == subject.as_str()
                        && super::claims::default_id(subject, &spec.metric, period.as_deref(), None)
                            == claim.id
                }
            };
            if same_id {
                return spec.span_of("value");
            }
        }
    }
    match &claim.quote_range {
        Some(r) => {
            Span::new(article.file, article.body_offset + r.start..article.body_offset + r.end)
        }
        None => Span::new(article.file, 0..0),
    }
}

#[cfg(test)]
mod tests;
