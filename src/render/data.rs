//! Machine-readable and host files: `data/kb.json`, `data/claims.csv`,
//! `feed.xml`, `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME`.

use std::io::Write as _;

use serde::Serialize;

use super::markdown::escape;
use super::{Output, Renderer, Sink, urls};
use crate::i18n::iso_date;
use crate::model::{ClaimId, Origin};

/// Puts every data and host file of the site into `sink`; the two large
/// ones (kb.json, claims.csv) are streamed.
pub(super) fn write_data_files(r: &Renderer<'_>, sink: &dyn Sink) -> anyhow::Result<()> {
    let t = std::time::Instant::now();
    sink.put_streamed("data/kb.json", &mut |w| kb_json(r, w))?;
    crate::diag::trace("data: kb.json", t);
    sink.put_streamed("data/claims.csv", &mut |w| claims_csv(r, w))?;
    let mut out = vec![
        Output { path: "feed.xml".into(), bytes: feed(r).into_bytes() },
        Output { path: "robots.txt".into(), bytes: robots(r).into_bytes() },
        Output { path: ".nojekyll".into(), bytes: Vec::new() },
    ];
    // A sitemap lists absolute URLs only; without an absolute site-url there
    // is none to write (config warns).
    if r.config.site_url.absolute.is_some() {
        out.push(Output { path: "sitemap.xml".into(), bytes: sitemap(r).into_bytes() });
    }
    if let Some(cname) = &r.config.cname {
        out.push(Output {
            path: "CNAME".into(),
            bytes: format!("{}\n", cname.trim()).into_bytes(),
        });
    }
    out.into_iter().try_for_each(|o| sink.put(o))
}

// kb.json is written from borrowed, typed records: on a 10,000-article site it
// holds hundreds of thousands of values, and a `serde_json::Value` tree of it
// cost more than rendering the article pages.
#[derive(Serialize)]
struct Kb<'a> {
    title: &'a str,
    language: &'a str,
    entities: Vec<KbEntity<'a>>,
    articles: Vec<KbArticle<'a>>,
    claims: Vec<KbClaim<'a>>,
    relations: Vec<KbRelation<'a>>,
    mentions: Vec<KbMention<'a>>,
    conflicts: Vec<[&'a str; 2]>,
}

#[derive(Serialize)]
struct KbEntity<'a> {
    slug: &'a str,
    kind: &'a str,
    name: &'a str,
    aliases: Vec<&'a str>,
    facts: Vec<KbFact<'a>>,
    url: String,
}

#[derive(Serialize)]
struct KbFact<'a> {
    key: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct KbSource<'a> {
    name: &'a str,
    url: Option<&'a str>,
    published: Option<String>,
}

#[derive(Serialize)]
struct KbArticle<'a> {
    slug: &'a str,
    title: &'a str,
    date: String,
    language: &'a str,
    authors: &'a [String],
    tags: &'a [String],
    source: Option<KbSource<'a>>,
    url: String,
    mentions: Vec<&'a str>,
}

#[derive(Serialize)]
struct KbClaim<'a> {
    id: &'a str,
    origin: &'a str,
    subject: &'a str,
    metric: &'a str,
    /// The metric's labels, `{ "vi": ..., "en": ... }`.
    metric_label: serde_json::Value,
    metric_detail: Option<&'a str>,
    value: &'a str,
    amount: Option<String>,
    amount_max: Option<String>,
    currency: Option<&'a str>,
    qualifier: &'a str,
    period: Option<&'a str>,
    counterparty: Option<&'a str>,
    according_to: Option<&'a str>,
    article: &'a str,
    quote: Option<&'a str>,
    url: String,
    /// When this claim's source reported it (`source.published`, else the article date).
    reported: String,
    /// What it does to its figure: first, repeat, revision, conflict, other.
    provenance: &'static str,
    /// Date of the figure's first report.
    first_reported: String,
    /// Who reported the figure first.
    first_source: String,
    /// Id of the figure's first claim.
    first_claim: &'a str,
}

#[derive(Serialize)]
struct KbRelation<'a> {
    from: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    to: &'a str,
    since: Option<&'a str>,
}

#[derive(Serialize)]
struct KbMention<'a> {
    entity: &'a str,
    article: &'a str,
    count: usize,
}

fn kb_json(r: &Renderer<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let m = r.model;
    let slug = |e: crate::model::EntityId| m.entity(e).slug.as_str();
    let entities = m
        .entities
        .iter()
        .map(|e| KbEntity {
            slug: e.slug.as_str(),
            kind: &e.kind,
            name: &e.name,
            aliases: e.aliases.iter().map(|a| a.text.as_str()).collect(),
            facts: e.facts.iter().map(|(k, v)| KbFact { key: k, value: v }).collect(),
            url: urls::entity(e),
        })
        .collect();
    let articles = m
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut mentioned: Vec<&str> = Vec::new();
            for x in &m.mentions[i] {
                let s = slug(x.entity);
                if !mentioned.contains(&s) {
                    mentioned.push(s);
                }
            }
            KbArticle {
                slug: a.slug.as_str(),
                title: &a.title,
                date: iso_date(a.date),
                language: a.language.code(),
                authors: &a.authors,
                tags: &a.tags,
                source: a.source.as_ref().map(|s| KbSource {
                    name: &s.name,
                    url: s.url.as_deref(),
                    published: s.published.map(iso_date),
                }),
                url: urls::article(a),
                mentions: mentioned,
            }
        })
        .collect();
    let claims = m
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (ClaimId(i as u32), r.provenance_fields(ClaimId(i as u32)), c))
        .map(|(id, p, c)| KbClaim {
            reported: p.reported,
            provenance: p.role,
            first_reported: p.first_reported,
            first_source: p.first_source,
            first_claim: p.first_claim,
            id: c.id.as_str(),
            origin: if c.origin == Origin::Curated { "curated" } else { "extracted" },
            subject: slug(c.subject),
            metric: &c.metric,
            metric_label: serde_json::json!({
                "vi": crate::i18n::metric_label(&c.metric, crate::i18n::Lang::Vi),
                "en": crate::i18n::metric_label(&c.metric, crate::i18n::Lang::En),
            }),
            metric_detail: c.metric_detail.as_deref(),
            // What the pages show: the figure as its source states it.
            value: r.claim_value(id),
            amount: c.amount.as_ref().map(|a| a.value.normalize().to_string()),
            amount_max: c
                .amount
                .as_ref()
                .and_then(|a| a.value_max)
                .map(|v| v.normalize().to_string()),
            currency: c.amount.as_ref().and_then(|a| a.currency),
            qualifier: &c.qualifier,
            period: c.period.as_deref(),
            counterparty: c.counterparty.map(slug),
            according_to: c.according_to.map(slug),
            article: m.article(c.article).slug.as_str(),
            quote: c.quote.as_deref(),
            url: urls::claim(c),
        })
        .collect();
    let relations = m
        .relations
        .iter()
        .map(|rel| KbRelation {
            from: slug(rel.from),
            kind: &rel.kind,
            to: slug(rel.to),
            since: rel.since.as_deref(),
        })
        .collect();
    let mentions = m
        .backlinks
        .iter()
        .enumerate()
        .flat_map(|(e, links)| {
            links.iter().map(move |b| KbMention {
                entity: m.entities[e].slug.as_str(),
                article: m.article(b.article).slug.as_str(),
                count: b.count,
            })
        })
        .collect();
    let conflicts = m
        .conflicts
        .iter()
        .map(|&(a, b)| [m.claim(a).id.as_str(), m.claim(b).id.as_str()])
        .collect();
    let doc = Kb {
        title: &r.config.title,
        language: r.lang.code(),
        entities,
        articles,
        claims,
        relations,
        mentions,
        conflicts,
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut w, &doc)?;
    w.write_all(b"\n")?;
    w.flush()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn claims_csv(r: &Renderer<'_>, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let m = r.model;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    w.write_all(
        b"id,origin,subject,metric,metric_label_vi,metric_label_en,metric_detail,period,value,amount,amount_max,currency,qualifier,counterparty,according_to,article,quote,reported,provenance,first_reported,first_source,first_claim\n",
    )?;
    for (i, c) in m.claims.iter().enumerate() {
        let p = r.provenance_fields(ClaimId(i as u32));
        let fields = [
            c.id.as_str().to_string(),
            if c.origin == Origin::Curated { "curated" } else { "extracted" }.to_string(),
            m.entity(c.subject).slug.to_string(),
            c.metric.clone(),
            crate::i18n::metric_label(&c.metric, crate::i18n::Lang::Vi),
            crate::i18n::metric_label(&c.metric, crate::i18n::Lang::En),
            c.metric_detail.clone().unwrap_or_default(),
            c.period.clone().unwrap_or_default(),
            r.claim_value(ClaimId(i as u32)).to_string(),
            c.amount.as_ref().map(|a| a.value.normalize().to_string()).unwrap_or_default(),
            c.amount
                .as_ref()
                .and_then(|a| a.value_max)
                .map(|v| v.normalize().to_string())
                .unwrap_or_default(),
            c.amount.as_ref().and_then(|a| a.currency).unwrap_or_default().to_string(),
            c.qualifier.clone(),
            c.counterparty.map(|e| m.entity(e).slug.to_string()).unwrap_or_default(),
            c.according_to.map(|e| m.entity(e).slug.to_string()).unwrap_or_default(),
            m.article(c.article).slug.to_string(),
            c.quote.clone().unwrap_or_default(),
            p.reported,
            p.role.to_string(),
            p.first_reported,
            p.first_source,
            p.first_claim.to_string(),
        ];
        let row = fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
        w.write_all(row.as_bytes())?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Absolute URL when known, else a path relative to the site root (where
/// `feed.xml` lives, so feed readers resolve it against the feed's address).
fn full_url(r: &Renderer<'_>, path: &str) -> String {
    match &r.config.site_url.absolute {
        Some(abs) => format!("{abs}{path}"),
        None if path.is_empty() => "./".to_string(),
        None => path.to_string(),
    }
}

/// An Atom id: the absolute URL when known, else a name-based `urn:uuid:`
/// (stable for the same site title and path), since Atom ids must be
/// absolute IRIs.
fn atom_id(r: &Renderer<'_>, path: &str) -> String {
    match &r.config.site_url.absolute {
        Some(abs) => format!("{abs}{path}"),
        None => name_uuid(&format!("{}\n{path}", r.config.title)),
    }
}

/// A version-5-shaped UUID from a 128-bit FNV-1a hash of `name` (stable
/// across builds and Rust versions, unlike `DefaultHasher`).
fn name_uuid(name: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    let mut bytes = h.to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn feed(r: &Renderer<'_>) -> String {
    let m = r.model;
    let updated = m
        .articles
        .iter()
        .map(|a| a.date)
        .max()
        .map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    // Atom wants an author for every entry: the feed's stands in for entries
    // without one, and falls back to the site's title.
    let authors: Vec<&str> = if r.config.authors.is_empty() {
        vec![r.config.title.as_str()]
    } else {
        r.config.authors.iter().map(String::as_str).collect()
    };
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n{}",
        r.lang.code(),
        escape(&r.config.title),
        escape(&atom_id(r, "")),
        escape(&full_url(r, "")),
        escape(&full_url(r, "feed.xml")),
        authors
            .iter()
            .map(|n| format!("<author><name>{}</name></author>\n", escape(n)))
            .collect::<String>(),
    );
    for (i, a) in m.articles.iter().enumerate().take(50) {
        let path = urls::article(a);
        let url = full_url(r, &path);
        let summary = r.model.excerpts[i].clone();
        s.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<summary>{}</summary>\n{}</entry>\n",
            escape(&a.title),
            escape(&atom_id(r, &path)),
            escape(&url),
            a.date,
            escape(&summary),
            a.authors.iter().map(|n| format!("<author><name>{}</name></author>\n", escape(n))).collect::<String>(),
        ));
    }
    s.push_str("</feed>\n");
    s
}

fn sitemap(r: &Renderer<'_>) -> String {
    let m = r.model;
    let mut paths = vec![
        "".to_string(),
        "articles/index.html".into(),
        "claims/index.html".into(),
        "tags/index.html".into(),
    ];
    paths.extend(r.config.kinds.iter().map(|k| format!("{}/index.html", k.folder)));
    paths.extend(m.articles.iter().map(urls::article));
    paths.extend(m.entities.iter().map(urls::entity));
    paths.extend(m.entities.iter().map(super::timeline::timeline_path));
    paths.extend(
        m.claims
            .iter()
            .enumerate()
            .filter(|&(i, _)| !r.unreviewed(crate::model::ClaimId(i as u32)))
            .map(|(_, c)| urls::claim(c)),
    );
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        s.push_str(&format!("<url><loc>{}</loc></url>\n", escape(&full_url(r, &p))));
    }
    s.push_str("</urlset>\n");
    s
}

fn robots(r: &Renderer<'_>) -> String {
    match &r.config.site_url.absolute {
        Some(abs) => format!("User-agent: *\nAllow: /\nSitemap: {abs}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
