//! One function per page type: model in, [`Output`]s out.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::format;
use super::lists::{ListFamily, ListItems, by_metric_and_period, claim_key, schema_type};
use super::markdown::{Highlight, Inline, Weave, render_body};
use super::view::*;
use super::{Output, PER_PAGE, RenderError, Renderer, Sink, urls};
use crate::analyze::claims;
use crate::diag::Diagnostic;
use crate::figures;
use crate::i18n::{format_date, iso_date, metric_label, qualifier_label, relation_labels};
use crate::model::{Article, ArticleId, Claim, ClaimId, Entity, EntityId, Origin};

type Rendered = Result<Vec<Output>, Diagnostic>;
type Streamed = Result<(), RenderError>;

/// How many other claims on the same subject, metric and period a claim page lists.
const SAME_CLAIMS_SHOWN: usize = 10;

/// How many key figures the home page shows at least (when there are that many).
const KEY_FIGURES: usize = 12;

/// How many subjects the home page's key figures cover at most (one figure each).
const KEY_SUBJECTS: usize = 24;

impl Renderer<'_> {
    pub(super) fn entity_link(&self, id: EntityId) -> EntityLink<'_> {
        let e = self.model.entity(id);
        let kind_label = self.config.kind(&e.kind).map_or(e.kind.as_str(), |k| &k.singular);
        EntityLink { name: &e.name, url: self.entity_url(id), kind: &e.kind, kind_label }
    }

    /// `<kind>/<slug>.html` of entity `id`.
    pub(super) fn entity_url(&self, id: EntityId) -> &str {
        self.entity_urls[id.0 as usize].get_or_init(|| urls::entity(self.model.entity(id)))
    }

    pub(super) fn article_card(&self, id: ArticleId) -> ArticleCard<'_> {
        let a = self.model.article(id);
        ArticleCard {
            title: &a.title,
            url: urls::article(a),
            date: iso_date(a.date),
            date_display: format_date(a.date, self.lang),
            summary: &self.model.excerpts[id.0 as usize],
            source: a.source.as_ref().map(|s| s.name.as_str()).filter(|s| !s.is_empty()),
        }
    }

    /// The figure as its source states it: hedge words and both ends of a range.
    /// A claim is shown on many pages (its own, its parties', the others on
    /// its figure, lists, timelines), so each is written once per render.
    pub(super) fn claim_value(&self, id: ClaimId) -> &str {
        self.values[id.0 as usize].get_or_init(|| {
            let c = self.model.claim(id);
            match claims::stated_amount(c) {
                Some(a) => format::amount(&a, self.lang),
                None => c.value_text.clone(),
            }
        })
    }

    /// A claim's row on entity `on`'s page: a two-party claim worded from its side.
    pub(super) fn party_row(&self, id: ClaimId, on: EntityId) -> ClaimRow<'_> {
        let mut row = self.claim_row(id);
        let c = self.model.claim(id);
        let on_subject = c.subject == on;
        let other = if on_subject { c.counterparty } else { Some(c.subject) };
        if let Some(other) = other {
            let name = &self.model.entity(other).name;
            row.party = crate::i18n::party_wording(&c.metric, on_subject, name, self.lang)
                .unwrap_or_else(|| {
                    if on_subject {
                        String::new()
                    } else {
                        format!("{} · {name}", row.metric_label)
                    }
                });
        }
        row
    }

    /// The period in words, or empty.
    fn period_label(&self, c: &Claim) -> String {
        c.period.as_deref().map(|p| format::period(p, self.lang)).unwrap_or_default()
    }

    pub(super) fn claim_row(&self, id: ClaimId) -> ClaimRow<'_> {
        let c = self.model.claim(id);
        let article = self.model.article(c.article);
        let article_url = urls::article(article);
        let (origin, origin_label) = match c.origin {
            Origin::Curated => ("curated", self.label("curated")),
            Origin::Extracted => ("extracted", self.label("extracted")),
        };
        ClaimRow {
            id: c.id.as_str(),
            url: urls::claim(c),
            subject: self.entity_link(c.subject),
            metric: &c.metric,
            metric_label: metric_label(&c.metric, self.lang),
            period: c.period.as_deref().unwrap_or_default(),
            period_label: self.period_label(c),
            value: self.claim_value(id),
            number: c.amount.as_ref().map(|a| a.value.normalize().to_string()).unwrap_or_default(),
            number_label: claims::stated_amount(c)
                .map(|a| {
                    let lo = format::number(a.value, self.lang);
                    match a.value_max {
                        Some(hi) => format!("{lo}–{}", format::number(hi, self.lang)),
                        None => lo,
                    }
                })
                .unwrap_or_default(),
            currency: c.amount.as_ref().and_then(|a| a.currency).unwrap_or_default(),
            unit: c.amount.as_ref().map(unit_key).unwrap_or_default(),
            qualifier: &c.qualifier,
            qualifier_label: qualifier_label(&c.qualifier, self.lang),
            is_target: claims::is_forward(c),
            origin,
            origin_label,
            article_title: &article.title,
            // Only a quote found in the body carries the anchor.
            has_anchor: c.quote_range.is_some(),
            article_url: if c.quote_range.is_some() {
                urls::claim_anchor(&article_url, c)
            } else {
                article_url
            },
            according_to: c.according_to.map(|e| self.entity_link(e)),
            conflict: self.look.conflict_counts[id.0 as usize] > 0,
            others: 0,
            counterparty: c.counterparty.map(|e| self.entity_link(e)),
            party: String::new(),
            metric_detail: c.metric_detail.as_deref().unwrap_or_default(),
            first_report: None,
        }
    }

    /// An extracted claim with no curated claim on its subject, metric and
    /// period: published for readers, kept out of search engines and the sitemap.
    pub(super) fn unreviewed(&self, id: ClaimId) -> bool {
        let c = self.model.claim(id);
        c.origin == Origin::Extracted
            && !self
                .look
                .claims_by_key
                .get(&claim_key(c))
                .into_iter()
                .flatten()
                .any(|&o| self.model.claim(o).origin == Origin::Curated)
    }

    fn conflicts_of(&self, id: ClaimId) -> impl Iterator<Item = ClaimId> + '_ {
        self.look.conflicts_by_claim.get(&id).into_iter().flatten().copied()
    }

    pub(super) fn t(&self, key: &str) -> String {
        self.prep.strings.get(key).copied().unwrap_or(key).to_string()
    }

    /// [`Renderer::t`] without the copy, for views that borrow.
    pub(super) fn label(&self, key: &'static str) -> &'static str {
        self.prep.strings.get(key).copied().unwrap_or(key)
    }

    fn jsonld(value: &impl Serialize) -> String {
        serde_json::to_string(value).unwrap_or_default().replace("</", "<\\/")
    }

    pub(super) fn meta(
        &self,
        path: &str,
        kind: &'static str,
        title: &str,
        description: &str,
        jsonld: impl Serialize,
    ) -> PageMeta {
        let canonical = self
            .config
            .site_url
            .absolute
            .as_ref()
            .map(|abs| format!("{abs}{}", path.trim_end_matches("index.html")));
        let description = if description.is_empty() {
            self.config.description.clone()
        } else {
            description.to_string()
        };
        PageMeta {
            title: title.to_string(),
            description,
            canonical,
            jsonld: Self::jsonld(&jsonld),
            path: path.to_string(),
            kind,
            noindex: false,
        }
    }

    pub(super) fn pager(first: &str, current: usize, total: usize) -> Option<Pager> {
        (total > 1).then(|| Pager {
            current,
            total,
            prev: (current > 1).then(|| urls::nth_page(first, current - 1)),
            next: (current < total).then(|| urls::nth_page(first, current + 1)),
            pages: (1..=total)
                .map(|n| PageLink { n, url: urls::nth_page(first, n), current: n == current })
                .collect(),
        })
    }

    /// Renders page `n` (from 1) of a list family of `total` pages.
    fn list_page<T: Serialize>(
        &self,
        f: &ListFamily,
        n: usize,
        total: usize,
        chunk: &[T],
        key: &'static str,
    ) -> Result<Output, Diagnostic> {
        let (first, title) = (f.first.as_str(), f.title.as_str());
        let path = urls::nth_page(first, n);
        let page_title =
            if n == 1 { title.to_string() } else { format!("{title} ({} {n})", self.t("page")) };
        let meta = self.meta(&path, "list", &page_title, "", json!({"@context": "https://schema.org", "@type": "CollectionPage", "name": page_title}));
        let mut ctx = tera::Context::new();
        ctx.insert(key, chunk);
        ctx.insert("heading", title);
        ctx.insert("pager", &Self::pager(first, n, total));
        self.page(f.template, &path, &meta, ctx)
    }

    pub(super) fn articles(&self, sink: &dyn Sink) -> Streamed {
        self.model.articles.par_iter().enumerate().try_for_each(|(i, a)| {
            let page = self.article_page(ArticleId(i as u32), a).map_err(RenderError::Template)?;
            sink.put(page).map_err(RenderError::Io)
        })
    }

    pub(super) fn article_page(&self, id: ArticleId, a: &Article) -> Result<Output, Diagnostic> {
        let path = urls::article(a);
        let root = urls::root_for(&path);
        let mentions = &self.model.mentions[id.0 as usize];
        let wikilink_starts: std::collections::HashSet<usize> =
            self.model.wikilinks[id.0 as usize].iter().map(|(r, _)| r.start).collect();
        let links = mentions
            .iter()
            .filter(|m| m.linked && !wikilink_starts.contains(&m.range.start))
            .map(|m| {
                let e = self.model.entity(m.entity);
                Inline {
                    range: m.range.clone(),
                    href: format!("{root}{}", urls::entity(e)),
                    title: e.name.clone(),
                }
            })
            .collect();
        let wikilinks = self.model.wikilinks[id.0 as usize]
            .iter()
            .map(|(r, e)| (r.start, format!("{root}{}", urls::entity(self.model.entity(*e)))))
            .collect();
        let claim_ids: Vec<ClaimId> =
            self.look.claims_by_article.get(&id).cloned().unwrap_or_default();
        let mut by_range: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for &cid in &claim_ids {
            let c = self.model.claim(cid);
            if let Some(r) = &c.quote_range {
                by_range.entry((r.start, r.end)).or_default().push(c.id.to_string());
            }
        }
        let highlights =
            by_range.into_iter().map(|((s, e), ids)| Highlight { range: s..e, ids }).collect();
        let body_links = self.model.article_links.get(id.0 as usize);
        let weave = Weave {
            links,
            wikilinks,
            highlights,
            allow_raw_html: self.config.allow_raw_html,
            resolve_wikilink: None,
            heading_ids: body_links.map(|b| b.heading_ids.clone()).unwrap_or_default(),
            rewrites: body_links
                .map(|b| b.rewrites.iter().map(|(at, url)| (*at, format!("{root}{url}"))).collect())
                .unwrap_or_default(),
        };
        let body = render_body(&a.body, &weave);
        let mut seen = Vec::new();
        for m in mentions {
            if !seen.contains(&m.entity) {
                seen.push(m.entity);
            }
        }
        let mut entities: Vec<EntityLink> = seen.iter().map(|&e| self.entity_link(e)).collect();
        let kind_pos =
            |k: &str| self.config.kinds.iter().position(|x| x.folder == k).unwrap_or(usize::MAX);
        entities.sort_by(|x, y| (kind_pos(x.kind), x.name).cmp(&(kind_pos(y.kind), y.name)));
        let claims: Vec<ClaimRow> = claim_ids.iter().map(|&c| self.claim_row(c)).collect();
        let tags: Vec<TagLink> = a
            .tags
            .iter()
            .map(|t| TagLink { name: t.clone(), url: urls::tag(&urls::tag_slug(t)), count: 0 })
            .collect();
        let description = self.model.excerpts[id.0 as usize].clone();
        let jsonld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": iso_date(a.date),
            "inLanguage": a.language.code(),
            "author": a.authors.iter().map(|n| json!({"@type": "Person", "name": n})).collect::<Vec<_>>(),
            "isBasedOn": a.source.as_ref().and_then(|s| s.url.clone()),
            "mentions": entities.iter().map(|e| json!({"@type": schema_type(e.kind), "name": e.name})).collect::<Vec<_>>(),
            "keywords": a.tags.join(", "),
        });
        let meta = self.meta(&path, "article", &a.title, &description, jsonld);
        let mut ctx = tera::Context::new();
        ctx.insert("article", &self.article_card(id));
        ctx.insert("lang", a.language.code());
        ctx.insert("authors", &a.authors);
        ctx.insert("tags", &tags);
        ctx.insert(
            "source",
            &a.source.as_ref().map(|s| {
                json!({"name": s.name, "url": s.url, "published": s.published.map(|d| format_date(d, self.lang))})
            }),
        );
        ctx.insert("body", &body);
        ctx.insert("claims", &claims);
        ctx.insert("entities", &entities);
        self.page("article.html", &path, &meta, ctx)
    }

    pub(super) fn entities(&self, sink: &dyn Sink) -> Streamed {
        self.model.entities.par_iter().enumerate().try_for_each(|(i, e)| {
            for page in self.entity_pages(EntityId(i as u32), e).map_err(RenderError::Template)? {
                sink.put(page).map_err(RenderError::Io)?;
            }
            Ok(())
        })
    }

    fn relation_groups<'s>(&'s self, id: EntityId) -> Vec<RelationGroup<'s>> {
        let mut groups: Vec<RelationGroup> = Vec::new();
        let mut push = |label: String, item: RelatedEntity<'s>| match groups
            .iter_mut()
            .find(|g| g.label == label)
        {
            Some(g) => {
                if !g.items.iter().any(|x| x.entity == item.entity) {
                    g.items.push(item)
                }
            }
            None => groups.push(RelationGroup { label, items: vec![item] }),
        };
        for r in
            self.look.relations_of.get(&id).into_iter().flatten().map(|&i| &self.model.relations[i])
        {
            let (forward, inverse) = relation_labels(&r.kind, self.lang);
            if r.from == id {
                push(
                    forward,
                    RelatedEntity { entity: self.entity_link(r.to), since: r.since.as_deref() },
                );
            } else if r.to == id {
                push(
                    inverse,
                    RelatedEntity { entity: self.entity_link(r.from), since: r.since.as_deref() },
                );
            }
        }
        groups
    }

    fn facts(&self, e: &Entity) -> Vec<Fact> {
        e.facts
            .iter()
            .map(|(k, v)| {
                let label = match self.prep.strings.get(k.as_str()) {
                    Some(known) => (*known).to_string(),
                    None => {
                        let other = k.as_str();
                        let words = other.replace(['-', '_'], " ");
                        let mut c = words.chars();
                        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                    }
                };
                let href =
                    (v.starts_with("https://") || v.starts_with("http://")).then(|| v.clone());
                Fact { label, value: v.clone(), href }
            })
            .chain(e.role.iter().map(|r| Fact {
                label: self.t("role"),
                value: r.clone(),
                href: None,
            }))
            .collect()
    }

    pub(super) fn entity_pages(&self, id: EntityId, e: &Entity) -> Rendered {
        let first = urls::entity(e);
        let root = urls::root_for(&first);
        let resolve = |target: &str| {
            self.model
                .entities
                .iter()
                .find(|x| {
                    x.slug.as_str() == target
                        || x.name == target
                        || x.aliases.iter().any(|a| a.text == target)
                })
                .map(|x| format!("{root}{}", urls::entity(x)))
        };
        let body_links = self.model.entity_links.get(id.0 as usize);
        let weave = Weave {
            allow_raw_html: self.config.allow_raw_html,
            resolve_wikilink: Some(&resolve),
            heading_ids: body_links.map(|b| b.heading_ids.clone()).unwrap_or_default(),
            rewrites: body_links
                .map(|b| b.rewrites.iter().map(|(at, url)| (*at, format!("{root}{url}"))).collect())
                .unwrap_or_default(),
            ..Weave::default()
        };
        let description_html = render_body(&e.body, &weave);
        let claim_ids: Vec<ClaimId> =
            self.look.claims_by_subject.get(&id).cloned().unwrap_or_default();
        let mut rows: Vec<ClaimRow> = claim_ids.iter().map(|&c| self.party_row(c, id)).collect();
        rows.sort_by(|a, b| {
            (&a.metric, &a.party, &a.period, &a.id).cmp(&(&b.metric, &b.party, &b.period, &b.id))
        });
        let charts = super::chart::charts(&rows, self.lang);
        let mut table = by_metric_and_period(rows);
        for row in &mut table {
            // Claims are sorted by id.
            let found = self.model.claims.binary_search_by(|c| c.id.as_str().cmp(row.id));
            row.first_report = found.ok().and_then(|i| self.first_report(ClaimId(i as u32)));
        }
        let backlinks: Vec<BacklinkView> = self.model.backlinks[id.0 as usize]
            .iter()
            .map(|b| BacklinkView {
                article: self.article_card(b.article),
                snippet: &b.snippet,
                count: b.count,
            })
            .collect();
        let kind = self.config.kind(&e.kind);
        let kind_label = kind.map_or_else(|| e.kind.clone(), |k| k.singular.clone());
        let kind_plural = kind.map_or_else(|| e.kind.clone(), |k| k.plural.clone());
        let description = {
            let d = self.look.entity_summaries[id.0 as usize].clone();
            if d.is_empty() { format!("{} — {kind_label}", e.name) } else { d }
        };
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": schema_type(&e.kind),
            "name": e.name,
            "description": description,
        });
        if !e.aliases.is_empty() {
            ld["alternateName"] = json!(e.aliases.iter().map(|a| &a.text).collect::<Vec<_>>());
        }
        for (k, v) in &e.facts {
            match k.as_str() {
                "website" => ld["url"] = json!(v),
                "founded" => ld["foundingDate"] = json!(v),
                _ => {}
            }
        }
        let template = if self
            .prep
            .tera
            .get_template_names()
            .any(|n| n == format!("entity-{}.html", e.kind))
        {
            format!("entity-{}.html", e.kind)
        } else {
            "entity.html".to_string()
        };
        let relations = self.relation_groups(id);
        let graph = super::graph::ego_svg(&super::graph::Ego {
            name: e.name.clone(),
            kind: e.kind.clone(),
            title: format!("{}: {}", self.t("relation_graph"), e.name),
            nodes: super::graph::nodes_of(&relations, &root),
        });
        let timeline_url = super::timeline::timeline_path(e);
        let chunks: Vec<&[BacklinkView]> =
            if backlinks.is_empty() { vec![&[]] } else { backlinks.chunks(PER_PAGE).collect() };
        let total = chunks.len();
        let mut out = Vec::with_capacity(total);
        for (i, chunk) in chunks.into_iter().enumerate() {
            let path = urls::nth_page(&first, i + 1);
            let title = if i == 0 {
                e.name.clone()
            } else {
                format!("{} ({} {})", e.name, self.t("page"), i + 1)
            };
            let meta = self.meta(&path, "entity", &title, &description, ld.clone());
            let mut ctx = tera::Context::new();
            ctx.insert("entity", &self.entity_link(id));
            ctx.insert("kind_label", &kind_label);
            ctx.insert("kind_plural", &kind_plural);
            ctx.insert("kind_url", &format!("{}/index.html", e.kind));
            ctx.insert("aliases", &e.aliases.iter().map(|a| &a.text).collect::<Vec<_>>());
            ctx.insert("facts", &self.facts(e));
            ctx.insert("description_html", &description_html);
            ctx.insert("relations", &relations);
            ctx.insert("graph", if i == 0 { &graph } else { &None });
            ctx.insert("timeline_url", &timeline_url);
            // Continuation pages list more back-links only.
            let none: &[ClaimRow] = &[];
            ctx.insert("claims", if i == 0 { &table[..] } else { none });
            ctx.insert("charts", if i == 0 { &charts[..] } else { &[][..] });
            ctx.insert("backlinks", chunk);
            ctx.insert("backlink_total", &backlinks.len());
            ctx.insert("continuation", &(i > 0));
            ctx.insert("pager", &Self::pager(&first, i + 1, total));
            out.push(self.page(&template, &path, &meta, ctx)?);
        }
        out.extend(self.timeline_pages(id, e)?);
        Ok(out)
    }

    pub(super) fn claims(&self, sink: &dyn Sink) -> Streamed {
        (0..self.model.claims.len()).into_par_iter().try_for_each(|i| {
            let page = self.claim_page(ClaimId(i as u32)).map_err(RenderError::Template)?;
            sink.put(page).map_err(RenderError::Io)
        })
    }

    /// "Doanh thu 2022 của OpenAI: khoảng 35 triệu USD" / "OpenAI revenue (2022): about $35 million".
    pub(super) fn statement(&self, id: ClaimId) -> String {
        let c = self.model.claim(id);
        let subject = &self.model.entity(c.subject).name;
        let metric = metric_label(&c.metric, self.lang);
        let value = self.claim_value(id);
        let period = c.period.as_ref().map(|_| self.period_label(c));
        match (self.lang, &period) {
            (crate::i18n::Lang::Vi, Some(p)) => format!("{metric} {p} của {subject}: {value}"),
            (crate::i18n::Lang::Vi, None) => format!("{metric} của {subject}: {value}"),
            (crate::i18n::Lang::En, Some(p)) => {
                format!("{subject} {} ({p}): {value}", metric.to_lowercase())
            }
            (crate::i18n::Lang::En, None) => {
                format!("{subject} {}: {value}", metric.to_lowercase())
            }
        }
    }

    pub(super) fn claim_page(&self, id: ClaimId) -> Result<Output, Diagnostic> {
        let c = self.model.claim(id);
        let path = urls::claim(c);
        let row = self.claim_row(id);
        let statement = self.statement(id);
        // Sorted: a figure reported hundreds of times conflicts with many of
        // its reports, and this is asked once per comparison of the sort.
        let mut conflicting: Vec<ClaimId> = self.conflicts_of(id).collect();
        conflicting.sort_unstable();
        let conflicts = |o: &ClaimId| conflicting.binary_search(o).is_ok();
        // Other claims on the same subject, metric and period with another
        // counterparty (those with this one are the figure's own reports,
        // listed under provenance): conflicts first, then curated ones; a
        // handful (the entity page and the claims index have them all).
        let groups = &self.look.provenance.group_of;
        let same_figure = |o: ClaimId| groups.get(o.0 as usize) == groups.get(id.0 as usize);
        let mut others: Vec<ClaimId> = self
            .look
            .claims_by_key
            .get(&claim_key(c))
            .into_iter()
            .flatten()
            .copied()
            .filter(|&o| o != id && !same_figure(o))
            .collect();
        others
            .sort_by_key(|o| (!conflicts(o), self.model.claim(*o).origin != Origin::Curated, o.0));
        let same_more = others.len().saturating_sub(SAME_CLAIMS_SHOWN);
        let same: Vec<SameClaim> = others
            .iter()
            .take(SAME_CLAIMS_SHOWN)
            .map(|&o| {
                // The few fields the list shows: on a site with tens of thousands
                // of claims, full rows here were a third of the render time.
                let other = self.model.claim(o);
                let article = self.model.article(other.article);
                let article_url = urls::article(article);
                SameClaim {
                    row: SameRow {
                        url: urls::claim(other),
                        value: self.claim_value(o),
                        article_title: &article.title,
                        article_url: if other.quote_range.is_some() {
                            urls::claim_anchor(&article_url, other)
                        } else {
                            article_url
                        },
                    },
                    conflicts: conflicts(&o),
                }
            })
            .collect();
        let article = self.model.article(c.article);
        let thing = |e: EntityId| Thing {
            kind: schema_type(&self.model.entity(e).kind),
            name: &self.model.entity(e).name,
        };
        let jsonld = ClaimLd {
            context: "https://schema.org",
            kind: "Claim",
            about: thing(c.subject),
            appearance: Appearance {
                kind: "NewsArticle",
                date_published: iso_date(article.date),
                headline: &article.title,
            },
            author: c.according_to.map(|p| Thing { kind: "Organization", ..thing(p) }),
            mentions: c.counterparty.map(thing),
            name: match &c.metric_detail {
                Some(d) => format!("{} ({d})", metric_label(&c.metric, self.lang)),
                None => metric_label(&c.metric, self.lang),
            },
            text: &statement,
        };
        let mut meta =
            self.meta(&path, "claim", &statement, c.quote.as_deref().unwrap_or(&statement), jsonld);
        meta.noindex = self.unreviewed(id);
        let mut ctx = tera::Context::new();
        ctx.insert("claim", &row);
        ctx.insert("statement", &statement);
        ctx.insert("quote", &c.quote);
        ctx.insert("counterparty", &c.counterparty.map(|e| self.entity_link(e)));
        ctx.insert("article", &self.article_card(c.article));
        ctx.insert("same", &same);
        ctx.insert("same_more", &same_more);
        ctx.insert("has_conflict", &!conflicting.is_empty());
        ctx.insert("provenance", &self.provenance_view(id));
        self.page("claim.html", &path, &meta, ctx)
    }

    /// Every paginated list: claims, articles, each kind, tags, each tag.
    pub(crate) fn list_families(&self) -> Vec<ListFamily> {
        let m = self.model;
        let mut out = vec![
            ListFamily::new(
                super::lists::CLAIMS_LIST,
                self.t("claims"),
                "claims.html",
                ListItems::Claims((0..m.claims.len() as u32).map(ClaimId).collect()),
            ),
            ListFamily::new(
                "articles/index.html",
                self.t("articles"),
                "list.html",
                ListItems::Articles((0..m.articles.len() as u32).map(ArticleId).collect()),
            ),
        ];
        for kind in &self.config.kinds {
            let ids = (0..m.entities.len() as u32)
                .map(EntityId)
                .filter(|&i| m.entity(i).kind == kind.folder)
                .collect();
            out.push(ListFamily::new(
                &format!("{}/index.html", kind.folder),
                kind.plural.clone(),
                "list.html",
                ListItems::Entities(ids),
            ));
        }
        let tags = self.tag_map();
        let tag_links = tags
            .iter()
            .map(|(slug, (name, ids))| (slug.clone(), name.clone(), ids.len()))
            .collect();
        out.push(ListFamily::new(
            "tags/index.html",
            self.t("tags"),
            "list.html",
            ListItems::Tags(tag_links),
        ));
        for (slug, (name, ids)) in tags {
            out.push(ListFamily::new(
                &urls::tag(&slug),
                format!("{}: {name}", self.t("tag")),
                "list.html",
                ListItems::Articles(ids),
            ));
        }
        out
    }

    /// Renders page `n` (from 1) of a list family.
    pub(crate) fn list_family_page(&self, f: &ListFamily, n: usize) -> Result<Output, Diagnostic> {
        let total = f.pages();
        let range = f.page_range(n);
        match &f.items {
            ListItems::Claims(ids) => {
                let rows: Vec<ClaimRow> = ids[range].iter().map(|&c| self.claim_row(c)).collect();
                self.list_page(f, n, total, &rows, "claims")
            }
            ListItems::Articles(ids) => {
                let cards: Vec<ArticleCard> =
                    ids[range].iter().map(|&a| self.article_card(a)).collect();
                self.list_page(f, n, total, &cards, "articles")
            }
            ListItems::Entities(ids) => {
                let items: Vec<serde_json::Value> = ids[range]
                    .iter()
                    .map(|&i| {
                        let n = self.model.backlinks[i.0 as usize].len();
                        json!({"link": self.entity_link(i), "count": n, "summary": self.look.entity_summaries[i.0 as usize]})
                    })
                    .collect();
                self.list_page(f, n, total, &items, "entities")
            }
            ListItems::Tags(tags) => {
                let links: Vec<TagLink> = tags[range]
                    .iter()
                    .map(|(slug, name, count)| TagLink {
                        name: name.clone(),
                        url: urls::tag(slug),
                        count: *count,
                    })
                    .collect();
                self.list_page(f, n, total, &links, "tags")
            }
        }
    }

    /// Tag slug -> (first spelling, articles newest first).
    pub(super) fn tag_map(&self) -> BTreeMap<String, (String, Vec<ArticleId>)> {
        let mut tags: BTreeMap<String, (String, Vec<ArticleId>)> = BTreeMap::new();
        for (i, a) in self.model.articles.iter().enumerate() {
            for t in &a.tags {
                let entry =
                    tags.entry(urls::tag_slug(t)).or_insert_with(|| (t.clone(), Vec::new()));
                // Articles come in order: a repeat can only be the last one.
                if entry.1.last() != Some(&ArticleId(i as u32)) {
                    entry.1.push(ArticleId(i as u32));
                }
            }
        }
        tags
    }

    pub(super) fn home(&self) -> Result<Output, Diagnostic> {
        let (meta, home) = self.home_context();
        let mut ctx = tera::Context::new();
        ctx.insert("latest", &home.latest);
        ctx.insert("kinds", &home.kinds);
        ctx.insert("figures", &home.figures);
        ctx.insert("article_count", &home.article_count);
        ctx.insert("claim_count", &home.claim_count);
        self.page("index.html", "index.html", &meta, ctx)
    }

    /// Everything the home page shows (also its fingerprint's input).
    pub(super) fn home_context(&self) -> (PageMeta, HomeView<'_>) {
        let latest: Vec<ArticleCard> = (0..self.model.articles.len().min(10))
            .map(|i| self.article_card(ArticleId(i as u32)))
            .collect();
        let kinds: Vec<KindBlock> = self
            .config
            .kinds
            .iter()
            .map(|k| {
                let mut ids: Vec<EntityId> = (0..self.model.entities.len() as u32)
                    .map(EntityId)
                    .filter(|&i| self.model.entity(i).kind == k.folder)
                    .collect();
                let count = ids.len();
                ids.sort_by_key(|&i| std::cmp::Reverse(self.model.backlinks[i.0 as usize].len()));
                KindBlock {
                    kind: k.folder.clone(),
                    label: k.plural.clone(),
                    url: format!("{}/index.html", k.folder),
                    count,
                    items: ids.into_iter().take(12).map(|i| self.entity_link(i)).collect(),
                }
            })
            .filter(|b| b.count > 0)
            .collect();
        let figures: Vec<ClaimRow> =
            self.key_figures().into_iter().map(|c| self.claim_row(c)).collect();
        let jsonld = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": self.config.title,
            "description": self.config.description,
            "inLanguage": self.lang.code(),
        });
        let meta =
            self.meta("index.html", "home", &self.config.title, &self.config.description, jsonld);
        let home = HomeView {
            latest,
            kinds,
            figures,
            article_count: self.model.articles.len(),
            claim_count: self.model.claims.len(),
        };
        (meta, home)
    }

    /// The home page's key figures: one per subject with claims first (curated
    /// before extracted, then the newest), so that every subject is seen, then
    /// more of the same order up to [`KEY_FIGURES`].
    fn key_figures(&self) -> Vec<ClaimId> {
        let m = self.model;
        let key = |c: ClaimId| {
            let x = m.claim(c);
            (x.origin, std::cmp::Reverse(m.article(x.article).date), &x.id)
        };
        let cmp = |a: &ClaimId, b: &ClaimId| key(*a).cmp(&key(*b));
        // Selections rather than a sort of every claim: incremental rebuilds
        // fingerprint the home page on every edit.
        let smallest = |mut v: Vec<ClaimId>, n: usize| {
            if v.len() > n {
                v.select_nth_unstable_by(n, cmp);
                v.truncate(n);
            }
            v.sort_by(cmp);
            v
        };
        let mut first_of: HashMap<EntityId, ClaimId> = HashMap::new();
        for c in (0..m.claims.len() as u32).map(ClaimId) {
            let best = first_of.entry(m.claim(c).subject).or_insert(c);
            if cmp(&c, best).is_lt() {
                *best = c;
            }
        }
        let rest: Vec<ClaimId> = (0..m.claims.len() as u32)
            .map(ClaimId)
            .filter(|c| first_of.get(&m.claim(*c).subject) != Some(c))
            .collect();
        let mut firsts = smallest(first_of.into_values().collect(), KEY_SUBJECTS);
        let more = KEY_FIGURES.saturating_sub(firsts.len());
        firsts.extend(smallest(rest, more));
        firsts
    }

    pub(super) fn not_found(&self) -> Result<Output, Diagnostic> {
        let meta = self.meta("404.html", "404", &self.t("not_found"), "", json!({"@context": "https://schema.org", "@type": "WebPage", "name": self.t("not_found")}));
        // The host serves 404.html at any depth, so links are root-absolute.
        let mut ctx = tera::Context::new();
        ctx.insert("root_override", &self.config.site_url.base_path);
        self.page("404.html", "404.html", &meta, ctx)
    }
}

/// What an amount counts, as a sort group: the currency, else the unit.
fn unit_key(a: &figures::Amount) -> &'static str {
    match (a.currency, a.unit) {
        (Some(c), _) => c,
        (None, Some(figures::Unit::Percent)) => "percent",
        (None, Some(figures::Unit::Multiple)) => "multiple",
        (None, Some(figures::Unit::Count)) => "count",
        (None, Some(figures::Unit::Rank)) => "rank",
        (None, None) => "",
    }
}

/// A claim page's JSON-LD. Typed, as the claim pages are most of a site:
/// fields in the order a `json!` map writes them (sorted), so the output is
/// what it was.
#[derive(Serialize)]
struct ClaimLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Thing<'a>,
    appearance: Appearance<'a>,
    author: Option<Thing<'a>>,
    mentions: Option<Thing<'a>>,
    name: String,
    text: &'a str,
}

/// A schema.org thing known by its name.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    name: &'a str,
}

/// Where a claim appeared.
#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    headline: &'a str,
}

/// Another claim on a claim page's subject, metric and period.
#[derive(Serialize)]
struct SameClaim<'a> {
    row: SameRow<'a>,
    /// Whether it conflicts with the page's claim.
    conflicts: bool,
}

/// What the list of other claims shows of one.
#[derive(Serialize)]
struct SameRow<'a> {
    url: String,
    value: &'a str,
    article_title: &'a str,
    article_url: String,
}
