//! Lists and groups the pages share: paginated list families (one per kind, tag and
//! the article index), the schema.org type of a kind, and claims grouped by subject,
//! metric and period.
//!
//! Rules: a claim key is (subject, metric, period); rows of one metric and period sort
//! together; a list family's pages are numbered from its first page's URL.

use std::collections::HashMap;

use super::PER_PAGE;
use super::view::ClaimRow;
use crate::model::{ArticleId, Claim, ClaimId, EntityId};

/// First page of the list of every claim.
pub(crate) const CLAIMS_LIST: &str = "claims/index.html";

/// What a paginated list shows, by id.
pub(super) enum ListItems {
    /// Claim rows.
    Claims(Vec<ClaimId>),
    /// Article cards.
    Articles(Vec<ArticleId>),
    /// Entities with their back-link counts.
    Entities(Vec<EntityId>),
    /// Tags: (slug, name, article count).
    Tags(Vec<(String, String, usize)>),
}

/// A paginated list, described before it is rendered, so that incremental
/// rebuilds can compare what it would show (see `units.rs`).
pub(crate) struct ListFamily {
    /// Path of the first page (`articles/index.html`, `tags/ai.html`).
    pub(crate) first: String,
    pub(super) title: String,
    pub(super) template: &'static str,
    pub(super) items: ListItems,
}

impl ListFamily {
    pub(super) fn new(
        first: &str,
        title: String,
        template: &'static str,
        items: ListItems,
    ) -> ListFamily {
        ListFamily { first: first.to_string(), title, template, items }
    }

    /// Number of items.
    pub(crate) fn len(&self) -> usize {
        match &self.items {
            ListItems::Claims(v) => v.len(),
            ListItems::Articles(v) => v.len(),
            ListItems::Entities(v) => v.len(),
            ListItems::Tags(v) => v.len(),
        }
    }

    /// Number of pages (an empty list still has its first page).
    pub(crate) fn pages(&self) -> usize {
        self.len().div_ceil(PER_PAGE).max(1)
    }

    /// Which items page `n` (from 1) shows.
    pub(crate) fn page_range(&self, n: usize) -> std::ops::Range<usize> {
        let start = (n - 1) * PER_PAGE;
        start.min(self.len())..(start + PER_PAGE).min(self.len())
    }

    /// Whether page `n` shows an item `touched` picks (rebuilds write such
    /// pages at once, and pages whose items only moved after the reload).
    pub(crate) fn page_shows(&self, n: usize, touched: &dyn Fn(ListItem<'_>) -> bool) -> bool {
        let range = self.page_range(n);
        match &self.items {
            ListItems::Claims(v) => v[range].iter().any(|&c| touched(ListItem::Claim(c))),
            ListItems::Articles(v) => v[range].iter().any(|&a| touched(ListItem::Article(a))),
            ListItems::Entities(v) => v[range].iter().any(|&e| touched(ListItem::Entity(e))),
            ListItems::Tags(v) => v[range].iter().any(|(slug, ..)| touched(ListItem::Tag(slug))),
        }
    }
}

impl ListFamily {
    /// The page on which `item` is or would be (items are in ascending id
    /// order, tags by slug): where a removed item leaves its gap.
    pub(crate) fn page_of(&self, item: ListItem<'_>) -> Option<usize> {
        let at = match (&self.items, item) {
            (ListItems::Claims(v), ListItem::Claim(c)) => v.partition_point(|&x| x < c),
            (ListItems::Articles(v), ListItem::Article(a)) => v.partition_point(|&x| x < a),
            (ListItems::Entities(v), ListItem::Entity(e)) => v.partition_point(|&x| x < e),
            (ListItems::Tags(v), ListItem::Tag(t)) => v.partition_point(|(s, ..)| s.as_str() < t),
            _ => return None,
        };
        Some((at / PER_PAGE + 1).min(self.pages()))
    }
}

impl ListFamily {
    /// Lists claims `0..n`: the list of every claim after claims were added
    /// or removed (it shows them all in id order, as
    /// `Renderer::list_families` describes it).
    pub(crate) fn list_all_claims(&mut self, n: usize) {
        if let ListItems::Claims(v) = &mut self.items {
            *v = (0..n as u32).map(ClaimId).collect();
        }
    }
}

/// One item of a list, by id (tags by slug).
#[derive(Debug, Clone, Copy)]
pub(crate) enum ListItem<'a> {
    Claim(ClaimId),
    Article(ArticleId),
    Entity(EntityId),
    Tag(&'a str),
}

/// schema.org type for an entity kind.
pub(super) fn schema_type(kind: &str) -> &'static str {
    match kind {
        "companies" => "Organization",
        "products" => "Product",
        "people" => "Person",
        "publications" => "NewsMediaOrganization",
        _ => "Thing",
    }
}

/// Subject, metric, counterparty and period: claims sharing them speak of the same
/// figure (Microsoft's investment in OpenAI is not its investment in another company).
pub(crate) type ClaimKey = (EntityId, String, Option<EntityId>, Option<String>);

/// The key of a claim.
pub(crate) fn claim_key(c: &Claim) -> ClaimKey {
    (c.subject, c.metric.clone(), c.counterparty, c.period.clone())
}

/// One row per metric and period (rows come sorted by metric, period, id): the first
/// curated claim, else the first one, standing for the others; a row is in conflict
/// when any of its claims is.
pub(super) fn by_metric_and_period<'a>(rows: Vec<ClaimRow<'a>>) -> Vec<ClaimRow<'a>> {
    let mut out: Vec<ClaimRow> = Vec::new();
    let mut group: Vec<ClaimRow> = Vec::new();
    let flush = |group: &mut Vec<ClaimRow<'a>>, out: &mut Vec<ClaimRow<'a>>| {
        let conflict = group.iter().any(|r| r.conflict);
        let n = group.len();
        let pick = group.iter().position(|r| r.origin == "curated").unwrap_or(0);
        if pick < n {
            let mut row = group.swap_remove(pick);
            row.conflict = conflict;
            row.others = n - 1;
            out.push(row);
        }
        group.clear();
    };
    for row in rows {
        if group.first().is_some_and(|g| {
            g.metric != row.metric || g.period != row.period || g.party != row.party
        }) {
            flush(&mut group, &mut out);
        }
        group.push(row);
    }
    flush(&mut group, &mut out);
    out
}

/// Claims grouped by article, by subject and by (subject, metric, period),
/// each group in claim order.
pub(super) struct ClaimGroups {
    pub(super) by_article: HashMap<ArticleId, Vec<ClaimId>>,
    pub(super) by_subject: HashMap<EntityId, Vec<ClaimId>>,
    pub(super) by_key: HashMap<ClaimKey, Vec<ClaimId>>,
}

/// Groups claims for the lookups pages use.
pub(super) fn group_claims(claims: &[Claim]) -> ClaimGroups {
    let mut g = ClaimGroups {
        by_article: HashMap::new(),
        by_subject: HashMap::new(),
        by_key: HashMap::new(),
    };
    for (i, c) in claims.iter().enumerate() {
        let id = ClaimId(i as u32);
        g.by_article.entry(c.article).or_default().push(id);
        for e in subject_groups(c) {
            g.by_subject.entry(e).or_default().push(id);
        }
        g.by_key.entry(claim_key(c)).or_default().push(id);
    }
    g
}

/// The entities whose group (`Lookups::claims_by_subject`) lists a claim:
/// its subject, and a two-party claim's counterparty (it shows on the
/// counterparty's page too).
pub(crate) fn subject_groups(c: &Claim) -> impl Iterator<Item = EntityId> + use<> {
    std::iter::once(c.subject).chain(c.counterparty.filter(|&cp| cp != c.subject))
}
