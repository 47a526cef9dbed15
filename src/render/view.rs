//! View structs: what templates see. Model types never reach Tera directly,
//! so template variable names are a stable interface of their own.
//!
//! Every `url` here is relative to the site root (`companies/openai.html`);
//! templates prefix it with `root`, the page's way back to the root.
//!
//! Views borrow what the model, the config and the renderer already hold
//! (`'a`): a 10,000-article build makes hundreds of thousands of them, and
//! copying every name and title into each was a large share of rendering.

use serde::Serialize;

/// Site-wide values, the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// `[book] title`.
    pub title: String,
    /// `[book] description`.
    pub description: String,
    /// Language code for `lang`.
    pub lang: &'static str,
    /// Path prefix from site-url (`/my-repo/`).
    pub base_path: String,
    /// Top navigation.
    pub nav: Vec<Link>,
}

/// A plain link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Link text.
    pub label: String,
    /// Root-relative URL.
    pub url: String,
}

/// Per-page metadata used by the base layout.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `<title>` (without the site title).
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Absolute canonical URL when site-url is absolute.
    pub canonical: Option<String>,
    /// JSON-LD, already serialised and safe inside `<script>`.
    pub jsonld: String,
    /// Output path of this page.
    pub path: String,
    /// Page type (`article`, `entity`, `claim`, `list`, `home`, `404`), for CSS.
    pub kind: &'static str,
    /// Whether search engines are asked not to index the page (an extracted
    /// claim no curated claim covers yet: nobody has reviewed it).
    pub noindex: bool,
}

/// A link to an entity with its kind.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct EntityLink<'a> {
    /// Display name.
    pub name: &'a str,
    /// Root-relative URL.
    pub url: &'a str,
    /// Kind folder.
    pub kind: &'a str,
    /// Kind singular label.
    pub kind_label: &'a str,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleCard<'a> {
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// ISO date.
    pub date: String,
    /// Localised date.
    pub date_display: String,
    /// Summary (or the start of the body).
    pub summary: &'a str,
    /// Source name.
    pub source: Option<&'a str>,
}

/// A tag with its page and article count.
#[derive(Debug, Clone, Serialize)]
pub struct TagLink {
    /// Tag as written.
    pub name: String,
    /// Root-relative URL.
    pub url: String,
    /// Articles carrying it.
    pub count: usize,
}

/// A claim as a table row or list item.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow<'a> {
    /// Claim id.
    pub id: &'a str,
    /// Root-relative URL of the claim page.
    pub url: String,
    /// Subject entity.
    pub subject: EntityLink<'a>,
    /// Metric name.
    pub metric: &'a str,
    /// Localised metric label.
    pub metric_label: String,
    /// Period key (`2024-Q3`) or empty.
    pub period: &'a str,
    /// The period in words ("Q3 2024", "quý 3/2024") or empty.
    pub period_label: String,
    /// Human value ("khoảng 35 triệu USD").
    pub value: &'a str,
    /// Exact normalised number, for sorting and data.
    pub number: String,
    /// The exact number grouped for reading ("310,000,000", "9,600,000,000–9,800,000,000").
    pub number_label: String,
    /// ISO currency or empty.
    pub currency: &'static str,
    /// What the number counts, so that a value column sorts like with like:
    /// the currency code, `percent`, `multiple`, `count`, `rank`, or empty.
    pub unit: &'static str,
    /// Qualifier name.
    pub qualifier: &'a str,
    /// Localised qualifier.
    pub qualifier_label: &'a str,
    /// True for targets and estimates (not actuals).
    pub is_target: bool,
    /// `curated` or `extracted`.
    pub origin: &'static str,
    /// Localised origin.
    pub origin_label: &'static str,
    /// Source article title.
    pub article_title: &'a str,
    /// Root-relative URL of the quote anchor in the article (of the article
    /// itself when the claim has no quote in the body).
    pub article_url: String,
    /// Whether the article page has a `#claim-<id>` anchor for this claim.
    pub has_anchor: bool,
    /// Publication that states it.
    pub according_to: Option<EntityLink<'a>>,
    /// Whether another claim conflicts with this one (or, in an entity's table where
    /// one row stands for a subject, metric and period, with any claim of the row).
    pub conflict: bool,
    /// The figure's first report (set in an entity's figures table only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_report: Option<super::provenance::ReportView<'a>>,
    /// Other claims on the same subject, metric and period that this row stands for
    /// (entity tables only; 0 elsewhere).
    pub others: usize,
    /// Second party of a two-party claim.
    pub counterparty: Option<EntityLink<'a>>,
    /// How the claim reads on the page it is shown on ("đã đầu tư vào OpenAI" on the
    /// investor's page, "nhận đầu tư từ Microsoft" on the investee's); empty elsewhere.
    pub party: String,
    /// Metric detail ("compute", "R&D") or empty.
    pub metric_detail: &'a str,
}

/// A back-link: an article mentioning the entity, with context.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkView<'a> {
    /// The article.
    pub article: ArticleCard<'a>,
    /// Context sentence.
    pub snippet: &'a str,
    /// Mentions in that article.
    pub count: usize,
}

/// Relations of one type, one direction.
#[derive(Debug, Clone, Serialize)]
pub struct RelationGroup<'a> {
    /// "Đầu tư vào" / "Nhà đầu tư".
    pub label: String,
    /// The related entities.
    pub items: Vec<RelatedEntity<'a>>,
}

/// One related entity.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedEntity<'a> {
    /// The entity.
    pub entity: EntityLink<'a>,
    /// Since, as written.
    pub since: Option<&'a str>,
}

/// An infobox row.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Localised or raw key.
    pub label: String,
    /// Value text.
    pub value: String,
    /// Set when the value is a web address.
    pub href: Option<String>,
}

/// Pagination controls.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based current page.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// Previous page URL.
    pub prev: Option<String>,
    /// Next page URL.
    pub next: Option<String>,
    /// Every page.
    pub pages: Vec<PageLink>,
}

/// One entry of a pager.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Page number.
    pub n: usize,
    /// Root-relative URL.
    pub url: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// A chart of one metric over periods (inline SVG, rendered in Rust).
#[derive(Debug, Clone, Serialize)]
pub struct ChartView<'a> {
    /// Localised metric label.
    pub title: String,
    /// The SVG markup.
    pub svg: String,
    /// Rows of the data table fallback.
    pub rows: Vec<ClaimRow<'a>>,
}

/// A block of entities of one kind on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct KindBlock<'a> {
    /// Kind folder.
    pub kind: String,
    /// Plural label.
    pub label: String,
    /// Index URL.
    pub url: String,
    /// Entity count.
    pub count: usize,
    /// Entities shown (most mentioned first).
    pub items: Vec<EntityLink<'a>>,
}

/// What the home page shows besides the page meta.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView<'a> {
    /// The newest articles.
    pub latest: Vec<ArticleCard<'a>>,
    /// Entities by kind, most mentioned first.
    pub kinds: Vec<KindBlock<'a>>,
    /// Key figures (see `key_figures`).
    pub figures: Vec<ClaimRow<'a>>,
    /// Articles on the site.
    pub article_count: usize,
    /// Claims on the site.
    pub claim_count: usize,
}
