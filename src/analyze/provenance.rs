//! Provenance per figure: who reported a figure first, and who repeated,
//! revised or contradicted it later.
//!
//! Claims are grouped by (subject, metric, counterparty, period) and each
//! group is put in report order: the source's own date (`source.published`),
//! else the article's date, then claim id. The first report stands; each
//! later one *repeats* it when the values agree within their qualifiers
//! (the interval overlap of [`super::conflicts::agree`]), *revises* it when the
//! values differ and the claim's quote says so ("revised", "điều chỉnh",
//! "nâng dự báo" ...; the revision then becomes the standing figure), and
//! *conflicts* with it otherwise. Values in another currency or unit cannot
//! be compared and are only *also reported*; so are different values of an
//! undated figure, which may speak of different times (the conflict check
//! skips those pairs too, so no page calls them contradictions).
//!
//! Invariant: pure and deterministic; every claim is in exactly one group.

use std::collections::HashMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::conflicts::agree;
use crate::model::{Article, Claim, ClaimId, EntityId};

/// What one report does to the figure of its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The earliest report.
    First,
    /// Agrees with the standing figure.
    Repeat,
    /// States a new figure and says it is a revision.
    Revision,
    /// States a different figure without saying it revises the standing one.
    Conflict,
    /// A value in another currency or unit (or one that did not parse), or
    /// a different value of an undated figure.
    Other,
}

impl Role {
    /// Stable name used in data files and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::First => "first",
            Role::Repeat => "repeat",
            Role::Revision => "revision",
            Role::Conflict => "conflict",
            Role::Other => "other",
        }
    }
}

/// One claim's place in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Report {
    /// The claim.
    pub claim: ClaimId,
    /// When its source reported it.
    pub date: NaiveDate,
    /// What it does to the figure.
    pub role: Role,
}

/// Every group of claims on one figure, in report order.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Groups; each in report order, the first report first.
    pub groups: Vec<Vec<Report>>,
    /// Per claim (indexed like the claims): its group.
    pub group_of: Vec<u32>,
}

impl Provenance {
    /// The reports of the figure `claim` states, first report first.
    pub fn of(&self, claim: ClaimId) -> &[Report] {
        self.group_of
            .get(claim.0 as usize)
            .and_then(|&g| self.groups.get(g as usize))
            .map_or(&[], Vec::as_slice)
    }

    /// The first report of the figure `claim` states.
    pub fn first(&self, claim: ClaimId) -> Option<&Report> {
        self.of(claim).first()
    }

    /// The report of `claim` itself.
    pub fn report(&self, claim: ClaimId) -> Option<&Report> {
        self.of(claim).iter().find(|r| r.claim == claim)
    }
}

/// When an article's source reported what it says: the original
/// publication date, else the article's own date.
pub fn report_date(a: &Article) -> NaiveDate {
    a.source.as_ref().and_then(|s| s.published).unwrap_or(a.date)
}

/// The grouping key: claims sharing it speak of the same figure.
type Key<'a> = (EntityId, &'a str, Option<EntityId>, Option<&'a str>);

/// Drops the conflicting pairs (from [`super::conflicts::find_conflicts`]) in
/// which the later report says it revises the figure: that is a revision, not
/// a contradiction, so neither a warning nor a conflict badge.
pub fn without_revisions(
    conflicts: Vec<(ClaimId, ClaimId)>,
    claims: &[Claim],
    articles: &[Article],
) -> Vec<(ClaimId, ClaimId)> {
    let order = |id: ClaimId| {
        let c = &claims[id.0 as usize];
        (articles.get(c.article.0 as usize).map_or(NaiveDate::MIN, report_date), id)
    };
    let later = |&(a, b): &(ClaimId, ClaimId)| if order(a) < order(b) { b } else { a };
    // A claim conflicts with every other figure of its group, so the same quote
    // comes up once per pair: read each one once, all of them in parallel.
    let mut quoted: Vec<ClaimId> = conflicts.iter().map(later).collect();
    quoted.sort_unstable();
    quoted.dedup();
    let revised: std::collections::HashSet<ClaimId> = quoted
        .into_par_iter()
        .filter(|c| says_revised(claims[c.0 as usize].quote.as_deref().unwrap_or("")))
        .collect();
    conflicts.into_iter().filter(|pair| !revised.contains(&later(pair))).collect()
}

/// Groups and orders every claim (claims point into `articles`).
pub fn provenance(claims: &[Claim], articles: &[Article]) -> Provenance {
    let mut index: HashMap<Key<'_>, u32> = HashMap::new();
    let mut groups: Vec<Vec<Report>> = Vec::new();
    let mut group_of = Vec::with_capacity(claims.len());
    for (i, c) in claims.iter().enumerate() {
        let key = (c.subject, c.metric.as_str(), c.counterparty, c.period.as_deref());
        let next = groups.len() as u32;
        let g = *index.entry(key).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g as usize].push(report(claims, articles, ClaimId(i as u32)));
        group_of.push(g);
    }
    for g in &mut groups {
        label(g, claims);
    }
    Provenance { groups, group_of }
}

/// The reports of one group (the claims of one subject, metric,
/// counterparty and period), ordered and labelled as [`provenance`] does.
/// Rebuilds use it to redo the groups an edit touched.
pub fn group_reports(claims: &[Claim], articles: &[Article], members: &[ClaimId]) -> Vec<Report> {
    let mut group: Vec<Report> = members.iter().map(|&c| report(claims, articles, c)).collect();
    label(&mut group, claims);
    group
}

/// A claim's report before its group is ordered.
fn report(claims: &[Claim], articles: &[Article], claim: ClaimId) -> Report {
    let c = &claims[claim.0 as usize];
    let date = articles.get(c.article.0 as usize).map_or(NaiveDate::MIN, report_date);
    Report { claim, date, role: Role::First }
}

/// Orders one group and gives each report its role.
fn label(group: &mut [Report], claims: &[Claim]) {
    group.sort_by_key(|r| (r.date, r.claim));
    let Some(first) = group.first() else { return };
    let mut standing = &claims[first.claim.0 as usize];
    for r in group.iter_mut().skip(1) {
        let c = &claims[r.claim.0 as usize];
        let same = match agree(c, standing) {
            Some(same) => Some(same),
            None if c.amount.is_none() && standing.amount.is_none() => {
                Some(normalise(&c.value_text) == normalise(&standing.value_text))
            }
            None => None,
        };
        r.role = match same {
            Some(true) => Role::Repeat,
            Some(false) if says_revised(c.quote.as_deref().unwrap_or("")) => {
                standing = c;
                Role::Revision
            }
            Some(false) if c.period.is_none() => Role::Other,
            Some(false) => Role::Conflict,
            None => Role::Other,
        };
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Phrases by which a source says its figure replaces an earlier one (vi, en),
/// matched on whole words of the lowercased quote; kept split into words so a
/// quote is compared word by word without splitting the phrases again.
const REVISION_PHRASES: &[&[&str]] = &[
    &["revised"],
    &["revises"],
    &["revise"],
    &["revision"],
    &["restated"],
    &["updated"],
    &["now", "expects"],
    &["now", "estimates"],
    &["raised", "its", "forecast"],
    &["raised", "its", "estimate"],
    &["raised", "its", "target"],
    &["lowered", "its", "forecast"],
    &["cut", "its", "forecast"],
    &["corrected"],
    &["điều", "chỉnh"],
    &["cập", "nhật"],
    &["sửa", "lại"],
    &["đính", "chính"],
];

/// Vietnamese verbs of raising and lowering: a revision unless they start a
/// compound with another meaning (`nâng cấp` upgrade, `hạ tầng` infrastructure).
const RAISE_LOWER: &[&str] = &["nâng", "hạ"];
const NOT_REVISIONS: &[&str] = &["cấp", "tầng", "cánh", "thủy", "viện", "màn", "nguồn"];

/// Whether a quote says its figure revises an earlier one.
pub fn says_revised(quote: &str) -> bool {
    let lower = quote.to_lowercase();
    let words: Vec<&str> = lower
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).any(|i| {
        REVISION_PHRASES.iter().any(|p| words.get(i..i + p.len()).is_some_and(|w| w == *p))
            || (RAISE_LOWER.contains(&words[i])
                && !words.get(i + 1).is_some_and(|n| NOT_REVISIONS.contains(n)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Amount, Qualifier};
    use crate::model::{ArticleId, Origin, Slug};
    use rust_decimal::Decimal;

    fn claim(article: u32, value: i64, quote: &str) -> Claim {
        Claim {
            id: Slug::new(&format!("c{article}")).unwrap(),
            origin: Origin::Curated,
            subject: EntityId(0),
            metric: "revenue".into(),
            metric_detail: None,
            amount: Some(Amount {
                span: 0..0,
                value: Decimal::from(value),
                value_max: None,
                currency: Some("USD"),
                unit: None,
                qualifier: Qualifier::Exact,
                per: None,
                currency_implied: false,
            }),
            value_text: String::new(),
            qualifier: "approximately".into(),
            period: Some("2022".into()),
            counterparty: None,
            according_to: None,
            article: ArticleId(article),
            quote: Some(quote.into()),
            quote_range: None,
        }
    }

    fn article(day: u32, published: Option<u32>) -> Article {
        let date = |d| NaiveDate::from_ymd_opt(2023, 1, d).unwrap();
        Article {
            slug: Slug::new(&format!("a{day}")).unwrap(),
            title: String::new(),
            date: date(day),
            summary: None,
            language: crate::i18n::Lang::En,
            authors: Vec::new(),
            tags: Vec::new(),
            source: published.map(|p| crate::model::Attribution {
                name: "X".into(),
                url: None,
                published: Some(date(p)),
            }),
            claims: Vec::new(),
            body: "".into(),
            body_offset: 0,
            file: crate::source::FileId(0),
            hash: 0,
        }
    }

    #[test]
    fn reports_are_ordered_by_source_date_and_labelled() {
        // Article 0 is dated last but its source published first.
        let articles =
            [article(20, Some(1)), article(5, None), article(10, None), article(15, None)];
        let claims = [
            claim(0, 35, "about 35"),
            claim(1, 36, "roughly 36"),
            claim(2, 50, "it revised the figure to 50"),
            claim(3, 80, "80, says another"),
        ];
        let p = provenance(&claims, &articles);
        let roles: Vec<(u32, Role)> =
            p.of(ClaimId(3)).iter().map(|r| (r.claim.0, r.role)).collect();
        assert_eq!(
            roles,
            [(0, Role::First), (1, Role::Repeat), (2, Role::Revision), (3, Role::Conflict)]
        );
        assert_eq!(p.first(ClaimId(2)).map(|r| r.claim), Some(ClaimId(0)));
    }

    #[test]
    fn a_declared_revision_is_no_conflict_but_a_later_silent_change_is() {
        let articles = [article(1, None), article(2, None), article(3, None)];
        let claims = [claim(0, 35, "35"), claim(1, 50, "revised to 50"), claim(2, 80, "80")];
        let pairs =
            vec![(ClaimId(0), ClaimId(1)), (ClaimId(0), ClaimId(2)), (ClaimId(1), ClaimId(2))];
        assert_eq!(
            without_revisions(pairs, &claims, &articles),
            [(ClaimId(0), ClaimId(2)), (ClaimId(1), ClaimId(2))]
        );
    }

    #[test]
    fn a_revision_becomes_the_standing_figure() {
        let articles = [article(1, None), article(2, None), article(3, None)];
        let claims = [claim(0, 35, "35"), claim(1, 50, "updated: 50"), claim(2, 50, "50")];
        let p = provenance(&claims, &articles);
        assert_eq!(p.report(ClaimId(2)).map(|r| r.role), Some(Role::Repeat));
    }

    /// An undated total may be of another time: a different value is only
    /// also reported, as `conflicts` does not call it a contradiction either.
    #[test]
    fn different_values_of_an_undated_figure_are_no_contradiction() {
        let articles = [article(1, None), article(2, None)];
        let claims: Vec<Claim> = [claim(0, 35, "35"), claim(1, 50, "50")]
            .into_iter()
            .map(|mut c| {
                c.period = None;
                c
            })
            .collect();
        let p = provenance(&claims, &articles);
        assert_eq!(p.report(ClaimId(1)).map(|r| r.role), Some(Role::Other));
        assert!(crate::analyze::conflicts::find_conflicts(&claims).is_empty());
    }

    #[test]
    fn other_counterparties_are_other_figures() {
        let articles = [article(1, None), article(2, None)];
        let mut b = claim(1, 50, "50");
        b.counterparty = Some(EntityId(3));
        let p = provenance(&[claim(0, 35, "35"), b], &articles);
        assert_eq!(p.groups.len(), 2);
        assert_eq!(p.report(ClaimId(1)).map(|r| r.role), Some(Role::First));
    }

    #[test]
    fn revision_words_in_both_languages() {
        for (quote, revised) in [
            ("Công ty điều chỉnh dự báo doanh thu lên 50 triệu USD", true),
            ("Reuters now expects revenue of $50 million", true),
            ("Hãng nâng dự báo lên 1 tỷ USD", true),
            ("Hãng hạ dự báo xuống 1 tỷ USD", true),
            ("Chi 10 tỷ USD cho hạ tầng đám mây", false),
            ("Bản nâng cấp ra mắt với giá 20 USD", false),
            ("The company earned $35 million", false),
            ("Unrevised figures", false),
        ] {
            assert_eq!(says_revised(quote), revised, "{quote}");
        }
    }
}
