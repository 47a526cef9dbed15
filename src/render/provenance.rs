//! What claim pages and figures tables show of a figure's provenance: the
//! first report, then repeats, revisions and conflicts in date order.
//!
//! The grouping and the roles come from `analyze::provenance` (kept in the
//! lookups); this module only turns them into view structs and sentences.
//! A claim page reads every claim of its (subject, metric, period) group, which
//! its fingerprint already covers (see `units.rs`).

use serde::Serialize;

use super::{Renderer, urls};
use crate::analyze::provenance::{Report, Role};
use crate::i18n::{format_date, iso_date};
use crate::model::ClaimId;

/// How many reports a claim page lists (the rest are counted).
const REPORTS_SHOWN: usize = 25;

/// One report of a figure.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView<'a> {
    /// `first`, `repeat`, `revision`, `conflict` or `other`.
    pub role: &'static str,
    /// Localised role.
    pub role_label: &'static str,
    /// Who reported it: the claim's publication, else the article's source,
    /// else the article's title.
    pub publication: &'a str,
    /// Root-relative URL of the publication's entity page, when it has one.
    pub publication_url: Option<&'a str>,
    /// ISO date of the report.
    pub date: String,
    /// Localised date.
    pub date_display: String,
    /// Title of the article on this site.
    pub article_title: &'a str,
    /// Root-relative URL of the article (at the quote when it is anchored).
    pub article_url: String,
    /// Root-relative URL of the claim page.
    pub claim_url: String,
    /// The value in words.
    pub value: &'a str,
    /// Whether this is the claim whose page shows the list.
    pub current: bool,
    /// Whether it conflicts with that claim (the pairs `check` reports).
    pub conflicts: bool,
}

/// The provenance block of a claim page.
#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceView<'a> {
    /// One sentence: "First reported by Fortune, 10/01/2023; repeated by 3; ...".
    pub summary: String,
    /// Reports in date order, the first report first (at most [`REPORTS_SHOWN`]).
    pub reports: Vec<ReportView<'a>>,
    /// Reports not listed.
    pub more: usize,
}

/// A claim's provenance as flat fields, for kb.json and claims.csv.
pub(super) struct Fields<'a> {
    pub(super) reported: String,
    pub(super) role: &'static str,
    pub(super) first_reported: String,
    pub(super) first_source: String,
    pub(super) first_claim: &'a str,
}

impl<'a> Renderer<'a> {
    /// The flat provenance fields of `id`.
    pub(super) fn provenance_fields(&self, id: ClaimId) -> Fields<'a> {
        let p = &self.look.provenance;
        let model: &'a crate::model::Model = self.model;
        let own = p.report(id);
        let first = p.first(id);
        Fields {
            reported: own.map(|r| iso_date(r.date)).unwrap_or_default(),
            role: own.map_or("first", |r| r.role.as_str()),
            first_reported: first.map(|r| iso_date(r.date)).unwrap_or_default(),
            first_source: first
                .map(|r| self.publication(r.claim).0.to_string())
                .unwrap_or_default(),
            first_claim: first.map_or("", |r| model.claim(r.claim).id.as_str()),
        }
    }
}

impl Renderer<'_> {
    /// Who reported a claim, and its publication's page if it has one.
    fn publication(&self, id: ClaimId) -> (&str, Option<&str>) {
        let m = self.model;
        let c = m.claim(id);
        let article = m.article(c.article);
        match c.according_to {
            Some(p) => (&m.entity(p).name, Some(self.entity_url(p))),
            None => match article.source.as_ref().filter(|s| !s.name.is_empty()) {
                Some(s) => (&s.name, None),
                None => (&article.title, None),
            },
        }
    }

    fn report_view(&self, r: &Report, current: ClaimId) -> ReportView<'_> {
        let m = self.model;
        let c = m.claim(r.claim);
        let article = m.article(c.article);
        let (publication, publication_url) = self.publication(r.claim);
        let article_url = urls::article(article);
        ReportView {
            role: r.role.as_str(),
            role_label: self.label(match r.role {
                Role::First => "role_first",
                Role::Repeat => "role_repeat",
                Role::Revision => "role_revision",
                Role::Conflict => "role_conflict",
                Role::Other => "role_other",
            }),
            publication,
            publication_url,
            date: iso_date(r.date),
            date_display: format_date(r.date, self.lang),
            article_title: &article.title,
            article_url: if c.quote_range.is_some() {
                urls::claim_anchor(&article_url, c)
            } else {
                article_url
            },
            claim_url: urls::claim(c),
            value: self.claim_value(r.claim),
            current: r.claim == current,
            conflicts: self
                .look
                .conflicts_by_claim
                .get(&current)
                .is_some_and(|c| c.contains(&r.claim)),
        }
    }

    /// The first report of the figure `id` states.
    pub(super) fn first_report(&self, id: ClaimId) -> Option<ReportView<'_>> {
        self.look.provenance.first(id).map(|r| self.report_view(r, id))
    }

    /// The provenance block of `id`'s claim page.
    pub(super) fn provenance_view(&self, id: ClaimId) -> Option<ProvenanceView<'_>> {
        let reports = self.look.provenance.of(id);
        let first = self.report_view(reports.first()?, id);
        let count = |role: Role| reports.iter().filter(|r| r.role == role).count();
        let last = |role: Role| reports.iter().rev().find(|r| r.role == role);
        let mut parts = vec![format!(
            "{} {}, {}",
            self.t("first_reported_by"),
            first.publication,
            first.date_display
        )];
        for (role, key) in [
            (Role::Repeat, "repeated_by"),
            (Role::Revision, "revised_by"),
            (Role::Conflict, "contradicted_by"),
            (Role::Other, "also_reported_by"),
        ] {
            match count(role) {
                0 => {}
                1 => {
                    let r = self.report_view(last(role).expect("counted one"), id);
                    parts.push(format!("{} {}, {}", self.t(key), r.publication, r.date_display));
                }
                n => parts.push(format!("{} {n}", self.t(key))),
            }
        }
        Some(ProvenanceView {
            summary: parts.join("; "),
            reports: reports.iter().take(REPORTS_SHOWN).map(|r| self.report_view(r, id)).collect(),
            more: reports.len().saturating_sub(REPORTS_SHOWN),
        })
    }
}
