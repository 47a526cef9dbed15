//! The repository's own sample site (the repo root) builds cleanly and is
//! cross-linked as the README promises.

use crate::harness::{SiteTest, links, sel, texts};

#[test]
fn sample_site_builds_without_errors() {
    let t = SiteTest::sample();
    let o = t.build();
    let errors = o.site.diagnostics.count(factbook::diag::Severity::Error);
    assert_eq!(errors, 0, "{}", o.site.diagnostics.render(&o.site.sources));
    assert!(o.written);
    assert!(o.site.model.articles.len() >= 3);
    assert!(
        o.site.model.claims.iter().filter(|c| c.origin == factbook::model::Origin::Curated).count()
            >= 8
    );
}

#[test]
fn sample_articles_link_companies_and_products() {
    let t = SiteTest::sample();
    t.build();
    let doc = t.html("articles/azure-openai-va-kenh-ban-truc-tiep-cua-openai.html");
    let hrefs: Vec<String> = links(&doc, ".body a.mention").into_iter().map(|(_, h)| h).collect();
    for expected in [
        "../companies/microsoft.html",
        "../companies/openai.html",
        "../products/azure-openai.html",
        "../companies/touchcast.html",
    ] {
        assert!(hrefs.iter().any(|h| h == expected), "missing {expected} in {hrefs:?}");
    }
}

#[test]
fn sample_company_and_product_pages_list_articles_and_claims() {
    let t = SiteTest::sample();
    t.build();
    let openai = t.html("companies/openai.html");
    assert!(openai.select(&sel(".backlinks > li")).count() >= 3);
    let metrics = texts(&openai, "table.claims tbody td:first-child");
    for m in ["Doanh thu", "Lỗ ròng", "Mục tiêu doanh thu"] {
        assert!(metrics.iter().any(|x| x == m), "{m} not in {metrics:?}");
    }
    let chatgpt = t.html("products/chatgpt.html");
    assert!(chatgpt.select(&sel(".backlinks > li")).count() >= 1);
    assert!(chatgpt.select(&sel("table.claims tbody tr")).count() >= 1);
    // The seed's misspelling is an alias of Azure OpenAI.
    let azure = t.html("products/azure-openai.html");
    assert!(texts(&azure, ".infobox td").iter().any(|v| v.contains("Auzre OpenAI")));
}

/// Issue 14's "done when": the sample's key figures name their first report,
/// Microsoft's and OpenAI's pages link a timeline and draw a graph, and
/// `check` lists the names the registry does not know.
#[test]
fn sample_site_shows_provenance_timelines_graphs_and_unlinked_names() {
    let t = SiteTest::sample();
    assert!(t.build().written);
    for (claim, source) in [
        ("claims/openai-revenue-2022.html", "Fortune"),
        ("claims/openai-investment-2023.html", "The Information"),
    ] {
        let doc = t.html(claim);
        let summary = texts(&doc, ".provenance-summary").join("");
        assert!(summary.starts_with("Đưa tin đầu tiên:"), "{claim}: {summary}");
        assert!(summary.contains(source), "{claim}: {summary}");
        assert!(doc.select(&sel(".provenance li.role-first a[href]")).next().is_some());
    }
    for page in ["companies/microsoft.html", "companies/openai.html"] {
        let doc = t.html(page);
        let timeline: Vec<(String, String)> = links(&doc, ".timeline-link a");
        assert_eq!(timeline.len(), 1, "{page}");
        assert!(t.out().join(page.replace(".html", "/timeline.html")).is_file());
        assert!(doc.select(&sel("figure.graph-figure svg.graph a")).count() >= 3, "{page}");
    }
    let notes: Vec<String> =
        t.check().into_iter().filter(|l| l.contains("note[unlinked-mention]")).collect();
    assert!(notes.iter().any(|n| n.contains("\"AGI\"")), "{notes:?}");
}
