//! Entity timelines: `<kind>/<slug>/timeline.html` (and `timeline/2.html` ...),
//! every article about the entity and every figure stated about it, oldest
//! first, grouped by year.
//!
//! One item per article: the articles that mention the entity (its back-links)
//! and the articles holding a claim whose subject or counterparty it is; each
//! item lists those claims with their values. Items are dated by report date
//! (`source.published`, else the article date), like provenance. Timeline
//! pages belong to the entity's render unit, whose fingerprint covers its
//! claims (as subject and counterparty) and back-links.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::{Output, PER_PAGE, Renderer, urls};
use crate::analyze::provenance::report_date;
use crate::diag::Diagnostic;
use crate::i18n::{format_date, iso_date};
use crate::model::{ArticleId, ClaimId, Entity, EntityId};

/// One article on a timeline.
#[derive(Debug, Clone, Serialize)]
struct TimelineItem<'a> {
    date: String,
    date_display: String,
    title: &'a str,
    url: String,
    source: Option<&'a str>,
    snippet: &'a str,
    figures: Vec<TimelineFigure>,
}

/// One figure of an item.
#[derive(Debug, Clone, Serialize)]
struct TimelineFigure {
    statement: String,
    url: String,
}

/// The items of one year on one page.
#[derive(Debug, Clone, Serialize)]
struct YearGroup<'a> {
    year: i32,
    items: Vec<TimelineItem<'a>>,
}

/// Path of an entity's first timeline page.
pub(super) fn timeline_path(e: &Entity) -> String {
    format!("{}/{}/timeline.html", e.kind, e.slug)
}

impl Renderer<'_> {
    /// Every page of `id`'s timeline.
    pub(super) fn timeline_pages(
        &self,
        id: EntityId,
        e: &Entity,
    ) -> Result<Vec<Output>, Diagnostic> {
        let m = self.model;
        let mut by_article: BTreeMap<ArticleId, Vec<ClaimId>> = BTreeMap::new();
        for b in &m.backlinks[id.0 as usize] {
            by_article.entry(b.article).or_default();
        }
        let subject = self.look.claims_by_subject.get(&id).into_iter().flatten();
        let party = self.look.claims_by_counterparty.get(&id).into_iter().flatten();
        for &c in subject.chain(party) {
            let list = by_article.entry(m.claim(c).article).or_default();
            if !list.contains(&c) {
                list.push(c);
            }
        }
        let mut articles: Vec<(ArticleId, Vec<ClaimId>)> = by_article.into_iter().collect();
        articles.sort_by(|(a, _), (b, _)| {
            let (x, y) = (m.article(*a), m.article(*b));
            (report_date(x), x.slug.as_str()).cmp(&(report_date(y), y.slug.as_str()))
        });
        let first = timeline_path(e);
        let chunks: Vec<&[(ArticleId, Vec<ClaimId>)]> =
            if articles.is_empty() { vec![&[]] } else { articles.chunks(PER_PAGE).collect() };
        let total = chunks.len();
        let heading = format!("{}: {}", self.t("timeline"), e.name);
        let mut out = Vec::with_capacity(total);
        for (i, chunk) in chunks.into_iter().enumerate() {
            let mut years: Vec<YearGroup> = Vec::new();
            for (a, claims) in chunk {
                let item = self.timeline_item(id, *a, claims);
                let year = chrono::Datelike::year(&report_date(m.article(*a)));
                match years.last_mut() {
                    Some(g) if g.year == year => g.items.push(item),
                    _ => years.push(YearGroup { year, items: vec![item] }),
                }
            }
            let path = urls::nth_page(&first, i + 1);
            let title = if i == 0 {
                heading.clone()
            } else {
                format!("{heading} ({} {})", self.t("page"), i + 1)
            };
            let jsonld = json!({
                "@context": "https://schema.org",
                "@type": "CollectionPage",
                "name": title,
                "about": {"@type": super::lists::schema_type(&e.kind), "name": e.name},
            });
            let meta = self.meta(&path, "timeline", &title, "", jsonld);
            let mut ctx = tera::Context::new();
            ctx.insert("entity", &self.entity_link(id));
            ctx.insert("heading", &heading);
            ctx.insert("years", &years);
            ctx.insert("item_total", &articles.len());
            ctx.insert("pager", &Self::pager(&first, i + 1, total));
            out.push(self.page("timeline.html", &path, &meta, ctx)?);
        }
        Ok(out)
    }

    fn timeline_item(&self, id: EntityId, a: ArticleId, claims: &[ClaimId]) -> TimelineItem<'_> {
        let m = self.model;
        let article = m.article(a);
        let date = report_date(article);
        let snippet = m.backlinks[id.0 as usize]
            .iter()
            .find(|b| b.article == a)
            .map_or("", |b| b.snippet.as_str());
        let mut claims = claims.to_vec();
        claims.sort_by(|&x, &y| {
            let (x, y) = (m.claim(x), m.claim(y));
            (&x.metric, &x.period, x.id.as_str()).cmp(&(&y.metric, &y.period, y.id.as_str()))
        });
        TimelineItem {
            date: iso_date(date),
            date_display: format_date(date, self.lang),
            title: &article.title,
            url: urls::article(article),
            source: article.source.as_ref().map(|s| s.name.as_str()).filter(|s| !s.is_empty()),
            snippet,
            figures: claims
                .iter()
                .map(|&c| TimelineFigure {
                    statement: self.statement(c),
                    url: urls::claim(m.claim(c)),
                })
                .collect(),
        }
    }
}
