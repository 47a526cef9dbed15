//! The knowledge base as plain data: entities, articles and claims.
//!
//! Built by `load` (entities and articles) and `analyze` (claims, mentions,
//! relations). No I/O and no rendering concerns live here; references between
//! items are index newtypes into the vectors of [`Model`].

mod body;
mod ids;
pub mod urls;

pub use body::Body;
pub use ids::{ArticleId, ClaimId, EntityId, RESERVED_SLUGS, Slug, slugify};

use chrono::NaiveDate;

use crate::diag::Span;
use crate::figures::Amount;
use crate::i18n::Lang;
use crate::source::FileId;

/// A reference to an entity by slug, as written in front matter, not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugRef {
    /// The slug text as written.
    pub slug: String,
    /// Where it was written, for "unknown entity" errors.
    pub span: Span,
}

/// One surface form of an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The text to find in articles.
    pub text: String,
    /// False when the alias opted out of case-sensitive matching.
    pub case_sensitive: bool,
    /// Where the alias was written.
    pub span: Span,
}

/// A typed edge from one entity to another, as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationSpec {
    /// Relation type, kebab-case (`invests-in`).
    pub kind: String,
    /// The other entity.
    pub target: SlugRef,
    /// Free-form start (year or date), shown as written.
    pub since: Option<String>,
}

/// A company, product, person, publication or any declared kind.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Kind folder (`companies`).
    pub kind: String,
    /// File-stem slug, unique within its kind.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Other surface forms (the name itself is not repeated here).
    pub aliases: Vec<Alias>,
    /// Infobox rows in front-matter order (website, founded, extra keys ...).
    pub facts: Vec<(String, String)>,
    /// Products: the company that makes it.
    pub maker: Option<SlugRef>,
    /// People: the organisation they belong to.
    pub affiliation: Option<SlugRef>,
    /// People: their role.
    pub role: Option<String>,
    /// Declared relations.
    pub relations: Vec<RelationSpec>,
    /// Markdown description.
    pub body: Body,
    /// Offset of `body` in the source file.
    pub body_offset: usize,
    /// The source file.
    pub file: FileId,
    /// Hash of the source file's text (what incremental rebuilds compare).
    pub hash: u64,
    /// Span of the `name` value, for duplicate reports.
    pub name_span: Span,
}

/// Where an article's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    /// Publication or outlet name.
    pub name: String,
    /// Link to the original.
    pub url: Option<String>,
    /// Original publication date.
    pub published: Option<NaiveDate>,
}

/// A `[[claims]]` table as written in an article's front matter.
#[derive(Debug, Clone)]
pub struct ClaimSpec {
    /// Explicit id, if given.
    pub id: Option<String>,
    /// Entity the figure is about.
    pub subject: SlugRef,
    /// Metric name (`revenue`).
    pub metric: String,
    /// What the metric covers (`metric-detail = "compute"`).
    pub metric_detail: Option<String>,
    /// Value as written (`"35 triệu USD"` or a number).
    pub value: String,
    /// Currency for bare numbers.
    pub currency: Option<String>,
    /// Qualifier name, if given.
    pub qualifier: Option<String>,
    /// Period (`2022`, `2023-03`, `2023-Q1`, a date).
    pub period: Option<String>,
    /// Second entity (investor, customer ...).
    pub counterparty: Option<SlugRef>,
    /// Publication that states the figure.
    pub according_to: Option<SlugRef>,
    /// Sentence from the body that states it.
    pub quote: Option<String>,
    /// The claim's table in the front matter.
    pub span: Span,
    /// Where each key's value was written, for precise diagnostics.
    pub key_spans: Vec<(&'static str, Span)>,
}

impl ClaimSpec {
    /// Span of one key's value, or of the table header when the key is absent.
    pub fn span_of(&self, key: &str) -> Span {
        self.key_spans
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| self.span.clone(), |(_, s)| s.clone())
    }
}

/// One source article.
#[derive(Debug, Clone)]
pub struct Article {
    /// File-stem slug, unique among articles.
    pub slug: Slug,
    /// Title.
    pub title: String,
    /// Publication date on this site.
    pub date: NaiveDate,
    /// One-paragraph summary.
    pub summary: Option<String>,
    /// Language of the text, when it differs from the site's.
    pub language: Lang,
    /// Authors of this piece.
    pub authors: Vec<String>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Original source.
    pub source: Option<Attribution>,
    /// Curated claims.
    pub claims: Vec<ClaimSpec>,
    /// Markdown body (shared: rebuilds clone articles often).
    pub body: Body,
    /// Offset of `body` in the source file.
    pub body_offset: usize,
    /// The source file.
    pub file: FileId,
    /// Hash of the source file's text (what incremental rebuilds compare).
    pub hash: u64,
}

/// How a claim entered the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Written by an editor in `[[claims]]`.
    Curated,
    /// Found by the analyser, not reviewed.
    Extracted,
}

/// One sourced statement of a figure.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Stable id, also the page name (`claims/<id>.html`).
    pub id: Slug,
    /// Curated or extracted.
    pub origin: Origin,
    /// The entity the figure is about.
    pub subject: EntityId,
    /// Metric name.
    pub metric: String,
    /// What the metric covers ("compute", "R&D"), as the claim says.
    pub metric_detail: Option<String>,
    /// The parsed figure, when the value could be parsed.
    pub amount: Option<Amount>,
    /// The value as written.
    pub value_text: String,
    /// Qualifier name (exact, approximately, target ...).
    pub qualifier: String,
    /// Period, normalised (`2022`, `2023-03`).
    pub period: Option<String>,
    /// Second entity.
    pub counterparty: Option<EntityId>,
    /// Publication that states it.
    pub according_to: Option<EntityId>,
    /// Article that holds it.
    pub article: ArticleId,
    /// Quoted sentence.
    pub quote: Option<String>,
    /// Byte range of the quote in the article body.
    pub quote_range: Option<std::ops::Range<usize>>,
}

/// A mention of an entity in an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Entity mentioned.
    pub entity: EntityId,
    /// Byte range in the article body.
    pub range: std::ops::Range<usize>,
    /// Whether this mention is rendered as a link.
    pub linked: bool,
}

/// A back-link: one article mentioning one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// The mentioning article.
    pub article: ArticleId,
    /// Plain-text context around the first mention.
    pub snippet: String,
    /// How many times the article mentions the entity.
    pub count: usize,
}

/// A resolved relation edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Declaring entity.
    pub from: EntityId,
    /// Relation type.
    pub kind: String,
    /// Other entity.
    pub to: EntityId,
    /// Since, as written.
    pub since: Option<String>,
}

/// What link validation learned about one Markdown body, for the renderer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BodyLinks {
    /// Element ids of the body's headings, in document order.
    pub heading_ids: Vec<String>,
    /// Links whose written `href` must change (a `.md` path, a root-absolute
    /// path, an entity description's wikilink): body offset of the link ->
    /// root-relative target (`companies/openai.html#x`), sorted by offset.
    pub rewrites: Vec<(usize, String)>,
}

/// The whole knowledge base after analysis.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Entities sorted by (kind order, slug).
    pub entities: Vec<Entity>,
    /// Published articles sorted by date (newest first), then slug.
    pub articles: Vec<Article>,
    /// Claims sorted by id.
    pub claims: Vec<Claim>,
    /// Mentions per article (indexed like `articles`), in body order.
    pub mentions: Vec<Vec<Mention>>,
    /// Wikilink targets per article: (body range of the link, entity).
    pub wikilinks: Vec<Vec<(std::ops::Range<usize>, EntityId)>>,
    /// Back-links per entity (indexed like `entities`), newest article first.
    pub backlinks: Vec<Vec<Backlink>>,
    /// Resolved relations, in declaration order.
    pub relations: Vec<Relation>,
    /// Per article (like `articles`): its summary, or the start of its text.
    pub excerpts: Vec<String>,
    /// Claims that conflict, as unordered pairs (lower id first).
    pub conflicts: Vec<(ClaimId, ClaimId)>,
    /// Heading ids and link rewrites per article (indexed like `articles`;
    /// may be empty for a model built by hand).
    pub article_links: Vec<BodyLinks>,
    /// Heading ids and link rewrites per entity description (indexed like `entities`).
    pub entity_links: Vec<BodyLinks>,
    /// Every money or quantity figure found in each article body (indexed like
    /// `articles`), with its inferred fields, whether or not it became a claim;
    /// `check` uses them to find figures no claim covers.
    pub figures: Vec<Vec<Candidate>>,
}

impl Model {
    /// The entity behind an id.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    /// The article behind an id.
    pub fn article(&self, id: ArticleId) -> &Article {
        &self.articles[id.0 as usize]
    }

    /// The claim behind an id.
    pub fn claim(&self, id: ClaimId) -> &Claim {
        &self.claims[id.0 as usize]
    }

    /// Finds an entity by slug in any kind (kind order decides ties).
    pub fn entity_by_slug(&self, slug: &str) -> Option<EntityId> {
        self.entities.iter().position(|e| e.slug.as_str() == slug).map(|i| EntityId(i as u32))
    }
}

/// A figure found in a body with everything inferred about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The figure; its span is a body byte range.
    pub amount: Amount,
    /// The entity the figure is about.
    pub subject: Option<EntityId>,
    /// Metric name (`revenue`, `net-loss`, `revenue-target` ...).
    pub metric: Option<String>,
    /// Period (`2022`, `2023-03`, `2023-Q1`, `2023-03-15`).
    pub period: Option<String>,
    /// Second party (investor, customer ...).
    pub counterparty: Option<EntityId>,
    /// Publication the sentence attributes the figure to.
    pub according_to: Option<EntityId>,
    /// Claim qualifier (`exact`, `approximately`, `more-than`, `target`, `estimate` ...).
    pub qualifier: &'static str,
    /// Body range of the quoted sentence (never crossing Markdown markup).
    pub quote_range: std::ops::Range<usize>,
    /// The quoted sentence, whitespace folded.
    pub quote: String,
    /// The figure restates the one before it in another currency ("10 tỷ USD (khoảng
    /// 235.000 tỷ đồng)"); it carries that figure's fields but makes no claim of its own.
    pub equivalent: bool,
}

impl Candidate {
    /// Whether the figure says enough (a subject and a metric) to be a claim.
    pub fn is_claim(&self) -> bool {
        !self.equivalent && self.subject.is_some() && self.metric.is_some()
    }
}

/// The site's own theme files, read by `load` (overrides of the defaults).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name relative to `templates/` (`entity.html`), each a
    /// source file (ids from [`crate::source::THEME_FILE_BASE`] up) so that
    /// template errors point into it.
    pub templates: Vec<(String, crate::source::SourceFile)>,
    /// Static files by path under `static/` (`style.css`).
    pub static_files: Vec<(String, Vec<u8>)>,
}
