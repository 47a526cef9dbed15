//! Machine-readable and host files: `data/kb.json`, `data/claims.csv`,
//! `feed.xml`, `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME`.

use serde_json::json;

use super::markdown::escape;
use super::{Output, Renderer, urls};
use crate::model::{ClaimId, Origin};

/// Every data and host file of the site.
pub(super) fn data_files(r: &Renderer<'_>) -> Vec<Output> {
    let mut out = vec![
        Output { path: "data/kb.json".into(), bytes: kb_json(r) },
        Output { path: "data/claims.csv".into(), bytes: claims_csv(r) },
        Output { path: "feed.xml".into(), bytes: feed(r).into_bytes() },
        Output { path: "sitemap.xml".into(), bytes: sitemap(r).into_bytes() },
        Output { path: "robots.txt".into(), bytes: robots(r).into_bytes() },
        Output { path: ".nojekyll".into(), bytes: Vec::new() },
    ];
    if let Some(cname) = &r.config.cname {
        out.push(Output {
            path: "CNAME".into(),
            bytes: format!("{}\n", cname.trim()).into_bytes(),
        });
    }
    out
}

fn kb_json(r: &Renderer<'_>) -> Vec<u8> {
    let m = r.model;
    let entities: Vec<_> = m
        .entities
        .iter()
        .map(|e| {
            json!({
                "slug": e.slug.as_str(),
                "kind": e.kind,
                "name": e.name,
                "aliases": e.aliases.iter().map(|a| &a.text).collect::<Vec<_>>(),
                "facts": e.facts.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
                "url": urls::entity(e),
            })
        })
        .collect();
    let articles: Vec<_> = m
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut mentioned: Vec<&str> = Vec::new();
            for x in &m.mentions[i] {
                let slug = m.entity(x.entity).slug.as_str();
                if !mentioned.contains(&slug) {
                    mentioned.push(slug);
                }
            }
            json!({
                "slug": a.slug.as_str(),
                "title": a.title,
                "date": a.date.to_string(),
                "language": a.language.code(),
                "authors": a.authors,
                "tags": a.tags,
                "source": a.source.as_ref().map(|s| json!({"name": s.name, "url": s.url, "published": s.published.map(|d| d.to_string())})),
                "url": urls::article(a),
                "mentions": mentioned,
            })
        })
        .collect();
    let claims: Vec<_> = (0..m.claims.len()).map(|i| claim_json(r, ClaimId(i as u32))).collect();
    let relations: Vec<_> = m
        .relations
        .iter()
        .map(|rel| json!({"from": m.entity(rel.from).slug.as_str(), "type": rel.kind, "to": m.entity(rel.to).slug.as_str(), "since": rel.since}))
        .collect();
    let mentions: Vec<_> = m
        .backlinks
        .iter()
        .enumerate()
        .flat_map(|(e, links)| {
            links.iter().map(move |b| json!({"entity": m.entities[e].slug.as_str(), "article": m.article(b.article).slug.as_str(), "count": b.count}))
        })
        .collect();
    let conflicts: Vec<_> = m
        .conflicts
        .iter()
        .map(|&(a, b)| json!([m.claim(a).id.as_str(), m.claim(b).id.as_str()]))
        .collect();
    let doc = json!({
        "title": r.config.title,
        "language": r.lang.code(),
        "entities": entities,
        "articles": articles,
        "claims": claims,
        "relations": relations,
        "mentions": mentions,
        "conflicts": conflicts,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn claim_json(r: &Renderer<'_>, id: ClaimId) -> serde_json::Value {
    let m = r.model;
    let c = m.claim(id);
    json!({
        "id": c.id.as_str(),
        "origin": if c.origin == Origin::Curated { "curated" } else { "extracted" },
        "subject": m.entity(c.subject).slug.as_str(),
        "metric": c.metric,
        "value": c.value_text,
        "amount": c.amount.as_ref().map(|a| a.value.normalize().to_string()),
        "amount_max": c.amount.as_ref().and_then(|a| a.value_max).map(|v| v.normalize().to_string()),
        "currency": c.amount.as_ref().and_then(|a| a.currency),
        "qualifier": c.qualifier,
        "period": c.period,
        "counterparty": c.counterparty.map(|e| m.entity(e).slug.as_str()),
        "according_to": c.according_to.map(|e| m.entity(e).slug.as_str()),
        "article": m.article(c.article).slug.as_str(),
        "quote": c.quote,
        "url": urls::claim(c),
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn claims_csv(r: &Renderer<'_>) -> Vec<u8> {
    let m = r.model;
    let mut out = String::from(
        "id,origin,subject,metric,period,value,amount,amount_max,currency,qualifier,counterparty,according_to,article,quote\n",
    );
    for c in &m.claims {
        let fields = [
            c.id.as_str().to_string(),
            if c.origin == Origin::Curated { "curated" } else { "extracted" }.to_string(),
            m.entity(c.subject).slug.to_string(),
            c.metric.clone(),
            c.period.clone().unwrap_or_default(),
            c.value_text.clone(),
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
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// Absolute URL when known, else a root-absolute path under site-url.
fn full_url(r: &Renderer<'_>, path: &str) -> String {
    match &r.config.site_url.absolute {
        Some(abs) => format!("{abs}{path}"),
        None => format!("{}{path}", r.config.site_url.base_path),
    }
}

fn feed(r: &Renderer<'_>) -> String {
    let m = r.model;
    let updated = m
        .articles
        .iter()
        .map(|a| a.date)
        .max()
        .map_or_else(|| "1970-01-01".to_string(), |d| d.to_string());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n",
        r.lang.code(),
        escape(&r.config.title),
        escape(&full_url(r, "")),
        escape(&full_url(r, "")),
        escape(&full_url(r, "feed.xml")),
    );
    for (i, a) in m.articles.iter().enumerate().take(50) {
        let url = full_url(r, &urls::article(a));
        let summary = r.model.excerpts[i].clone();
        s.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<summary>{}</summary>\n{}</entry>\n",
            escape(&a.title),
            escape(&url),
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
    paths.extend(m.claims.iter().map(urls::claim));
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
    format!("User-agent: *\nAllow: /\nSitemap: {}\n", full_url(r, "sitemap.xml"))
}
