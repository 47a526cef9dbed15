//! Building fixture sites: mentions, back-links, relations, claims, drafts,
//! templates, determinism and atomic output.

use crate::harness::{SiteTest, all_files, links, sel, texts};

#[test]
fn mentions_link_to_entity_pages() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let doc = t.html("articles/acme-invests.html");
    let mentions = links(&doc, ".body a.mention");
    // First mention per section: "Acme Corp" (alias) in section one, then after
    // the heading Jane Roe, Acme again, Widget and Widget Pro (longest match).
    assert_eq!(
        mentions,
        [
            ("Acme Corp".to_string(), "../companies/acme.html".to_string()),
            ("Globex".into(), "../companies/globex.html".into()),
            ("Daily Planet".into(), "../publications/daily-planet.html".into()),
            ("Jane Roe".into(), "../people/jane-roe.html".into()),
            ("Acme".into(), "../companies/acme.html".into()),
            ("Widget".into(), "../products/widget.html".into()),
            ("Widget Pro".into(), "../products/widget-pro.html".into()),
        ]
    );
    // Never inside code, external links or headings; never inside a longer word.
    assert!(doc.select(&sel("code a, h2 a, a a")).next().is_none());
    assert!(!t.read("articles/acme-invests.html").contains(">Acmeville<"));
}

#[test]
fn wikilinks_resolve_and_keep_their_text() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let doc = t.html("articles/acme-invests.html");
    assert!(
        links(&doc, ".body a")
            .contains(&("the investee".to_string(), "../companies/globex.html".to_string()))
    );
    let entity = t.html("companies/acme.html");
    assert!(
        links(&entity, ".description a")
            .contains(&("Globex".to_string(), "../companies/globex.html".to_string()))
    );
}

#[test]
fn entity_pages_list_backlinks_with_snippets() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let doc = t.html("companies/acme.html");
    let backlinks = links(&doc, ".backlinks > li > a");
    assert_eq!(
        backlinks,
        [
            ("Acme invests in Globex".to_string(), "../articles/acme-invests.html".to_string()),
            ("Reviewing the Widget".into(), "../articles/widget-review.html".into()),
        ]
    );
    let snippets = texts(&doc, ".backlinks .snippet");
    assert_eq!(
        snippets[0],
        "Acme Corp will invest $2 billion in Globex, the Daily Planet reported."
    );
    assert_eq!(snippets[1], "The Widget from Acme is fine.");
    // The draft mentions Acme but is never published.
    assert!(!t.out().join("articles/draft-note.html").exists());
    assert!(!t.read("companies/acme.html").contains("Unpublished"));
}

#[test]
fn relations_show_both_ways() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let rel = |page: &str| -> Vec<(String, Vec<String>)> {
        let doc = t.html(page);
        let dts = texts(&doc, ".relations dt");
        let dds: Vec<Vec<String>> = doc
            .select(&sel(".relations dd"))
            .map(|dd| dd.select(&sel("a")).map(|a| a.text().collect()).collect())
            .collect();
        dts.into_iter().zip(dds).collect()
    };
    let acme = rel("companies/acme.html");
    assert!(
        acme.contains(&("Products".into(), vec!["Widget".into(), "Widget Pro".into()])),
        "{acme:?}"
    );
    assert!(acme.contains(&("Invests in".into(), vec!["Globex".into()])), "{acme:?}");
    assert!(acme.contains(&("Staff".into(), vec!["Jane Roe".into()])), "{acme:?}");
    assert_eq!(rel("companies/globex.html"), [("Investor".to_string(), vec!["Acme".to_string()])]);
    assert_eq!(rel("products/widget.html"), [("Maker".to_string(), vec!["Acme".to_string()])]);
    assert_eq!(rel("people/jane-roe.html"), [("Works for".to_string(), vec!["Acme".to_string()])]);
}

#[test]
fn infobox_shows_aliases_and_free_keys() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let doc = t.html("companies/acme.html");
    let rows: Vec<String> = texts(&doc, ".infobox th");
    assert_eq!(rows, ["Also known as", "Website", "Founded", "CEO"]);
    assert!(
        links(&doc, ".infobox td a")
            .contains(&("https://acme.example".to_string(), "https://acme.example".to_string()))
    );
}

#[test]
fn claims_link_to_their_quote_anchor() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let claim = t.html("claims/acme-investment-2024.html");
    let source = links(&claim, ".quote figcaption a");
    assert_eq!(source[0].1, "../articles/acme-invests.html#claim-acme-investment-2024");
    assert_eq!(texts(&claim, ".quote blockquote"), ["Acme Corp will invest $2 billion in Globex"]);
    let article = t.html("articles/acme-invests.html");
    let mark =
        article.select(&sel("mark#claim-acme-investment-2024")).next().expect("anchored quote");
    assert_eq!(mark.value().attr("data-claims"), Some("acme-investment-2024 acme-revenue-2023"));
    // A second claim on the same sentence gets an anchor of its own.
    assert_eq!(article.select(&sel("#claim-acme-revenue-2023")).count(), 1);
    let listed = links(&article, ".claim-list li > a:first-child");
    assert_eq!(listed.len(), 2);
    // Entity page: claims table.
    let acme = t.html("companies/acme.html");
    assert_eq!(
        texts(&acme, "table.claims tbody tr td:first-child"),
        ["Investmentinvested in Globex", "Revenue"]
    );
}

#[test]
fn tags_kinds_and_home_indexes() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let tags = t.html("tags/index.html");
    assert_eq!(texts(&tags, ".tags li a"), ["#acme", "#Investment", "#review"]);
    let tag = t.html("tags/investment.html");
    assert_eq!(texts(&tag, ".card h2 a"), ["Acme invests in Globex"]);
    let companies = t.html("companies/index.html");
    assert_eq!(texts(&companies, ".entity-list li > a"), ["Acme", "Globex"]);
    let home = t.html("index.html");
    assert_eq!(texts(&home, ".card h3 a"), ["Acme invests in Globex", "Reviewing the Widget"]);
    assert_eq!(t.read("CNAME"), "kb.example.org\n");
    assert!(t.out().join(".nojekyll").exists());
    // No sitemap without an absolute site-url (issue 15).
    assert!(!t.out().join("sitemap.xml").exists());
    for f in [
        "feed.xml",
        "robots.txt",
        "data/kb.json",
        "data/claims.csv",
        "404.html",
        "claims/index.html",
    ] {
        assert!(t.out().join(f).exists(), "{f}");
    }
    let kb: serde_json::Value = serde_json::from_str(&t.read("data/kb.json")).unwrap();
    assert_eq!(kb["entities"].as_array().unwrap().len(), 6);
    assert_eq!(kb["claims"][0]["id"], "acme-investment-2024");
}

#[test]
fn every_page_has_title_description_lang_skip_link_and_jsonld() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    for (path, bytes) in all_files(&t.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        assert_eq!(doc.select(&sel("html[lang=en]")).count(), 1, "{path}");
        assert!(!texts(&doc, "title")[0].is_empty(), "{path}");
        assert_eq!(doc.select(&sel("meta[name=description]")).count(), 1, "{path}");
        assert_eq!(doc.select(&sel("a.skip-link[href='#main']")).count(), 1, "{path}");
        let ld = doc.select(&sel("script[type='application/ld+json']")).next().expect("json-ld");
        let v: serde_json::Value =
            serde_json::from_str(&ld.text().collect::<String>()).expect("valid JSON-LD");
        assert_eq!(v["@context"], "https://schema.org", "{path}");
    }
    let ld = |p: &str| -> String {
        let doc = t.html(p);
        let s = doc
            .select(&sel("script[type='application/ld+json']"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        serde_json::from_str::<serde_json::Value>(&s).unwrap()["@type"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ld("companies/acme.html"), "Organization");
    assert_eq!(ld("products/widget.html"), "Product");
    assert_eq!(ld("people/jane-roe.html"), "Person");
    assert_eq!(ld("articles/acme-invests.html"), "NewsArticle");
    assert_eq!(ld("claims/acme-investment-2024.html"), "Claim");
}

#[test]
fn rebuild_is_byte_identical() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let first = all_files(&t.out());
    t.build_clean();
    assert_eq!(first, all_files(&t.out()));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    let before = all_files(&t.out());
    t.write(
        "content/articles/broken.md",
        "+++\ntitle = \"Broken\"\ndate = \"not a date\"\n+++\nAcme.\n",
    );
    t.write("content/articles/broken2.md", "+++\ntitle = \n+++\n");
    let o = t.build();
    assert!(!o.written);
    let codes: Vec<&str> = o.site.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["invalid-date", "invalid-front-matter"],
        "all errors of a build are reported together"
    );
    assert_eq!(before, all_files(&t.out()));
}

#[test]
fn site_template_overrides_the_default() {
    let t = SiteTest::from_dir("override");
    t.build_clean();
    let doc = t.html("articles/a.html");
    assert_eq!(texts(&doc, "h1.custom-article"), ["Bài A"]);
    // Other pages keep the embedded default theme, in Vietnamese.
    let home = t.html("index.html");
    assert_eq!(texts(&home, "#latest"), ["Bài viết mới nhất"]);
    // Absolute site-url: canonical links.
    let canonical = home.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(canonical.value().attr("href"), Some("https://me.github.io/kb/"));
}

#[test]
fn site_static_file_overrides_and_adds() {
    let t = SiteTest::from_dir("override");
    t.write("static/style.css", "body{}");
    t.write("static/img/logo.svg", "<svg/>");
    t.build_clean();
    assert_eq!(t.read("static/style.css"), "body{}");
    assert_eq!(t.read("static/img/logo.svg"), "<svg/>");
    assert!(t.out().join("static/factbook.js").exists());
}

#[test]
fn long_lists_are_paginated() {
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"Many\"\n"),
        ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\n"),
    ]);
    for i in 0..120 {
        t.write(
            &format!("content/articles/a{i:03}.md"),
            &format!("+++\ntitle = \"A {i}\"\ndate = 2024-01-01\n+++\nAcme news number {i}.\n"),
        );
    }
    t.build_clean();
    let page1 = t.html("companies/acme.html");
    assert_eq!(page1.select(&sel(".backlinks > li")).count(), 50);
    assert_eq!(
        links(&page1, ".pager a[rel=next]"),
        [("Next →".to_string(), "../companies/acme/2.html".to_string())]
    );
    let page3 = t.html("companies/acme/3.html");
    assert_eq!(page3.select(&sel(".backlinks > li")).count(), 20);
    assert_eq!(links(&page3, ".pager a[rel=prev]")[0].1, "../../companies/acme/2.html");
    let articles2 = t.html("articles/page/2.html");
    assert_eq!(articles2.select(&sel(".card")).count(), 50);
    assert!(t.out().join("articles/page/3.html").exists());
    assert!(!t.out().join("articles/page/4.html").exists());
}

#[test]
fn declared_kinds_and_nfd_text() {
    let t = SiteTest::from_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Kinds\"\nlanguage = \"vi\"\n[kb.kinds.funds]\nsingular = \"Quỹ\"\nplural = \"Các quỹ\"\n",
        ),
        // "Quỹ Đầu tư" written decomposed (NFD).
        (
            "content/funds/quy-dau-tu.md",
            "+++\nname = \"Quy\u{303} \u{110}a\u{302}\u{300}u tu\u{31b}\"\n+++\n",
        ),
        (
            "content/articles/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nQuỹ Đầu tư vừa gọi vốn.\n",
        ),
    ]);
    t.build_clean();
    let doc = t.html("articles/a.html");
    assert_eq!(
        links(&doc, "a.mention"),
        [("Quỹ Đầu tư".to_string(), "../funds/quy-dau-tu.html".to_string())]
    );
    assert_eq!(texts(&t.html("funds/index.html"), "h1"), ["Các quỹ"]);
}

#[test]
fn vietnamese_file_names_slugify() {
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"T\"\n"),
        ("content/companies/Trí tuệ Việt.md", "+++\nname = \"Trí tuệ Việt\"\n+++\n"),
        (
            "content/articles/Bài viết đầu.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nTrí tuệ Việt.\n",
        ),
    ]);
    t.build_clean();
    assert!(t.out().join("companies/tri-tue-viet.html").exists());
    assert!(t.out().join("articles/bai-viet-dau.html").exists());
}
