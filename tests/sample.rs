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
