//! Claims in built sites: extracted claims published with `auto-claims`, anchored
//! in their article, merged into curated ones, conflicting across articles, charted
//! on entity pages and exported to data files.

use std::path::Path;

use factbook::model::Origin;
use scraper::Html;

use crate::harness::{SiteTest, broken_links, copy_tree, links, sel, texts};

fn ids(t: &factbook::Outcome) -> Vec<(String, Origin)> {
    t.site.model.claims.iter().map(|c| (c.id.to_string(), c.origin)).collect()
}

#[test]
fn extracted_claims_are_published_with_auto_claims() {
    let t = SiteTest::from_dir("conflicts");
    let o = t.build();
    assert!(o.written);
    assert_eq!(
        ids(&o),
        [
            ("acme-revenue-2022-results".to_string(), Origin::Extracted),
            ("acme-revenue-2023-results".into(), Origin::Extracted),
            ("acme-revenue-2023-rumour".into(), Origin::Extracted),
            ("acme-revenue-projection-2024-results".into(), Origin::Extracted),
            ("acme-revenue-target-2023-rumour".into(), Origin::Extracted),
        ]
    );
    let c = o.site.model.claims.iter().find(|c| c.id.as_str() == "acme-revenue-2023-results");
    let c = c.expect("claim");
    assert_eq!(c.value_text, "US$10 billion");
    assert_eq!(o.site.model.entity(c.according_to.expect("source")).slug.as_str(), "daily-planet");
    // The figure in code is found nowhere, not even among the candidates.
    assert!(
        o.site.model.figures.iter().flatten().all(|f| f.amount.value.to_string() != "3000000000")
    );
    assert!(o.summary().contains("5 claims (0 curated, 5 extracted)"), "{}", o.summary());
}

#[test]
fn extracted_claims_stay_unpublished_without_auto_claims() {
    let t = SiteTest::from_dir("conflicts");
    t.write(
        "book.toml",
        "[book]\ntitle = \"Conflicting figures\"\nlanguage = \"en\"\n\n[kb]\nauto-claims = false\n",
    );
    let o = t.build();
    assert!(o.site.model.claims.is_empty());
    assert!(o.site.model.conflicts.is_empty());
    assert!(o.site.diagnostics.is_empty(), "{}", o.site.diagnostics.render(&o.site.sources));
    // The figures remain known, for `check`.
    let figures: usize = o.site.model.figures.iter().map(Vec::len).sum();
    assert_eq!(figures, 5);
    assert!(!t.out().join("claims/acme-revenue-2023-results.html").exists());
}

#[test]
fn conflicting_articles_are_flagged_everywhere() {
    let t = SiteTest::from_dir("conflicts");
    let o = t.build();
    // A build warning pointing at the second article's sentence.
    let warnings: Vec<String> = o
        .site
        .diagnostics
        .iter()
        .filter(|d| d.code == "conflicting-claims")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        warnings,
        [
            "claim acme-revenue-2023-rumour (US$14 billion) conflicts with acme-revenue-2023-results (US$10 billion, in article results)"
        ]
    );
    let rendered = o.site.diagnostics.render(&o.site.sources);
    assert!(
        rendered.contains("content/articles/rumour.md:5:1: warning[conflicting-claims]"),
        "{rendered}"
    );
    // Both claim pages carry the conflict badge and list each other among the
    // figure's reports.
    for (page, other) in [
        ("claims/acme-revenue-2023-results.html", "../claims/acme-revenue-2023-rumour.html"),
        ("claims/acme-revenue-2023-rumour.html", "../claims/acme-revenue-2023-results.html"),
    ] {
        let doc = t.html(page);
        assert_eq!(doc.select(&sel("article.claim-page.conflict")).count(), 1, "{page}");
        assert_eq!(doc.select(&sel("header .badge.conflict")).count(), 1, "{page}");
        let same = links(&doc, "ol.reports li.conflict > a:first-of-type");
        assert_eq!(same.iter().map(|(_, h)| h.as_str()).collect::<Vec<_>>(), [other], "{page}");
        assert!(texts(&doc, ".badge.extracted")[0].contains("extracted, unreviewed"));
    }
    // The entity page's table has one row per metric and period, marked, standing
    // for both claims.
    let acme = t.html("companies/acme.html");
    let conflicted: Vec<String> = texts(&acme, "table.claims tr.conflict td:nth-child(2)");
    assert_eq!(conflicted, ["2023"]);
    assert_eq!(acme.select(&sel("table.claims tr.conflict .badge.conflict")).count(), 1);
    assert_eq!(texts(&acme, "table.claims tr.conflict .others"), ["+1"]);
    assert_eq!(
        texts(&acme, "table.claims tbody td:nth-child(2)"),
        ["2022", "2023", "2024", "2023"]
    );
    // Not a conflict: a target and an actual for the same year.
    let kb: serde_json::Value = serde_json::from_str(&t.read("data/kb.json")).expect("JSON");
    assert_eq!(
        kb["conflicts"],
        serde_json::json!([["acme-revenue-2023-results", "acme-revenue-2023-rumour"]])
    );
}

#[test]
fn extracted_sentences_are_anchored_and_highlighted() {
    let t = SiteTest::from_dir("conflicts");
    t.build();
    let article = t.html("articles/results.html");
    assert_eq!(article.select(&sel("mark#claim-acme-revenue-2023-results")).count(), 1);
    // The mark is cut where a mention link starts and ends; together the pieces
    // make the sentence.
    let marked: String = article
        .select(&sel("mark[data-claims~='acme-revenue-2023-results']"))
        .map(|m| m.text().collect::<String>())
        .collect();
    assert_eq!(marked, "Acme reported revenue of $10 billion in 2023, the Daily Planet said.");
    let claim = t.html("claims/acme-revenue-2023-results.html");
    let source = links(&claim, ".quote figcaption a");
    assert_eq!(source[0].1, "../articles/results.html#claim-acme-revenue-2023-results");
    assert_eq!(
        texts(&claim, ".quote blockquote"),
        ["Acme reported revenue of $10 billion in 2023, the Daily Planet said."]
    );
    // The quote spanning a soft line break is one mark per text piece, one anchor.
    assert_eq!(article.select(&sel("#claim-acme-revenue-projection-2024-results")).count(), 1);
    assert!(broken_links(&t.out(), "/").is_empty(), "{:?}", broken_links(&t.out(), "/"));
}

#[test]
fn extracted_claims_are_in_the_data_files_with_their_origin() {
    let t = SiteTest::from_dir("conflicts");
    t.build();
    let kb: serde_json::Value = serde_json::from_str(&t.read("data/kb.json")).expect("JSON");
    let claim = kb["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["id"] == "acme-revenue-2023-rumour")
        .expect("listed");
    assert_eq!(claim["origin"], "extracted");
    assert_eq!(claim["amount"], "14000000000");
    assert_eq!(claim["according_to"], "the-wire");
    assert_eq!(claim["period"], "2023");
    let csv = t.read("data/claims.csv");
    assert!(
        csv.lines().any(|l| l.starts_with(
            "acme-revenue-2023-rumour,extracted,acme,revenue,Doanh thu,Revenue,,2023,"
        )),
        "{csv}"
    );
}

/// The SVG bars of the chart whose title is `title`: (class, title text).
fn bars(doc: &Html, title: &str) -> Vec<(String, String)> {
    let chart = doc
        .select(&sel("svg.chart"))
        .find(|svg| {
            svg.select(&sel("title")).next().map(|t| t.text().collect::<String>())
                == Some(title.to_string())
        })
        .unwrap_or_else(|| panic!("no chart titled {title}"));
    chart
        .select(&sel("g"))
        .filter(|g| g.value().attr("class") != Some("legend"))
        .filter_map(|g| {
            let rect = g.select(&sel("rect")).next()?;
            let label = g.select(&sel("title")).next()?.text().collect::<String>();
            Some((rect.value().attr("class").unwrap_or("").to_string(), label))
        })
        .collect()
}

#[test]
fn entity_chart_sets_targets_beside_actuals() {
    let t = SiteTest::from_dir("conflicts");
    t.build();
    let acme = t.html("companies/acme.html");
    assert_eq!(
        bars(&acme, "Revenue"),
        [
            ("bar actual".to_string(), "2022: US$8 billion (actual)".to_string()),
            ("bar actual".into(), "2023: US$10 billion (actual)".into()),
            ("bar target".into(), "2023: US$11 billion (target)".into()),
            ("bar target".into(), "2024: US$12 billion (target)".into()),
        ]
    );
    // Each bar's height follows its value.
    let heights: Vec<f64> = acme
        .select(&sel("svg.chart g:not(.legend) rect"))
        .filter_map(|r| r.value().attr("height")?.parse().ok())
        .collect();
    assert_eq!(heights.len(), 4);
    assert!(heights.windows(2).all(|w| w[0] < w[1]), "{heights:?}");
    // The table next to the chart says which is which.
    assert_eq!(
        texts(&acme, ".chart-figure tbody td:nth-child(3)"),
        ["actual", "actual", "target", "target"]
    );
}

#[test]
fn sample_openai_chart_shows_2022_actual_and_later_targets() {
    let t = SiteTest::from_files(&[]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &t.root.join("content"));
    std::fs::copy(repo.join("book.toml"), t.root.join("book.toml")).expect("copy");
    let o = t.build();
    // The sample publishes extracted claims next to curated ones, without warnings.
    assert!(o.site.diagnostics.is_empty(), "{}", o.site.diagnostics.render(&o.site.sources));
    let extracted: Vec<&str> = o
        .site
        .model
        .claims
        .iter()
        .filter(|c| c.origin == Origin::Extracted)
        .map(|c| c.id.as_str())
        .collect();
    assert!(
        extracted.contains(&"microsoft-investment-2019-07-nhung-con-so-quanh-chatgpt"),
        "{extracted:?}"
    );
    assert!(
        extracted.contains(&"chatgpt-plus-price-2023-02-nhung-con-so-quanh-chatgpt"),
        "{extracted:?}"
    );
    let openai = t.html("companies/openai.html");
    // Investments are known for a month (2019-07) and a year (2023): no chart
    // compares a month with a year (issue 15), the table lists both.
    assert!(
        !texts(&openai, "figure.chart-figure figcaption").contains(&"Vốn đầu tư".to_string()),
        "{:?}",
        texts(&openai, "figure.chart-figure figcaption")
    );
    let revenue = bars(&openai, "Doanh thu");
    let classes: Vec<(&str, &str)> = revenue
        .iter()
        .map(|(c, label)| (c.as_str(), label.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        classes,
        [("bar actual", "2022"), ("bar target", "2023"), ("bar target", "2024")],
        "{revenue:?}"
    );
    assert!(revenue[0].1.contains("(thực tế)") && revenue[2].1.contains("(mục tiêu)"));
}

#[test]
fn figures_no_claim_covers_are_listed_for_check() {
    let t = SiteTest::from_dir("conflicts");
    t.write(
        "content/articles/market.md",
        "+++\ntitle = \"Market\"\ndate = 2024-03-01\n+++\nThe market grew 5% last year.\n\nAcme lost $2 billion (about €1.8 billion) in 2023.\n",
    );
    let o = t.build();
    let uncovered: Vec<String> = factbook::analyze::extract::uncovered(&o.site.model)
        .into_iter()
        .map(|(a, f)| format!("{}: {}", o.site.model.article(a).slug, f.quote))
        .collect();
    // Every figure with a subject and a metric became a claim; the market's growth did
    // not, and the euro restatement goes with the dollar figure.
    assert_eq!(uncovered, ["market: The market grew 5% last year."]);
    // Without auto-claims nothing covers the extracted figures.
    t.write("book.toml", "[book]\ntitle = \"C\"\nlanguage = \"en\"\n[kb]\nauto-claims = false\n");
    let o = t.build();
    assert_eq!(factbook::analyze::extract::uncovered(&o.site.model).len(), 8);
}
