//! Issue 15: figures shown as their sources state them, checks that catch what
//! is broken, and the smaller defects a new user met (one test per item, named
//! `issue_15_<what>`). <https://github.com/factbook/factbook/issues/15>

use crate::harness::{SiteTest, sel, texts};

fn h1(t: &SiteTest, page: &str) -> String {
    texts(&t.html(page), "h1").join("")
}

#[test]
fn issue_15_ranges_and_qualifiers_are_shown_as_stated() {
    let t = SiteTest::from_dir("figures");
    t.build_clean();
    // A target stated as a range keeps both ends; "about" stays; a claim-level
    // `approximately` hedges an exact value.
    assert_eq!(
        h1(&t, "claims/acme-robotics-revenue-2025.html"),
        "Acme Robotics revenue (2025): US$9.6–9.8 billion"
    );
    assert_eq!(
        h1(&t, "claims/acme-robotics-revenue-2024.html"),
        "Acme Robotics revenue (2024): about US$2.8 billion"
    );
    assert_eq!(
        h1(&t, "claims/beta-labs-revenue-2024.html"),
        "Beta Labs revenue (2024): about US$1.5 billion"
    );
    // The claims index and the entity page's table and chart say the same.
    let index = texts(&t.html("claims/index.html"), "table.claims td[data-unit] a");
    assert!(index.contains(&"US$9.6–9.8 billion".to_string()), "{index:?}");
    assert!(index.contains(&"about US$2.8 billion".to_string()), "{index:?}");
    let entity = t.html("companies/acme-robotics.html");
    let chart_values = texts(&entity, "figure.chart-figure svg text.value");
    assert!(chart_values.contains(&"US$9.6–9.8 billion".to_string()), "{chart_values:?}");
    let table = texts(&entity, "table.claims td[data-unit] a");
    assert!(table.contains(&"US$9.6–9.8 billion".to_string()), "{table:?}");
    // The exact number is grouped, both ends of the range included.
    let exact = texts(&t.html("claims/acme-robotics-revenue-2025.html"), "table.facts data");
    assert!(exact.contains(&"9,600,000,000–9,800,000,000".to_string()), "{exact:?}");
}

#[test]
fn issue_15_entity_charts_compare_like_periods() {
    let t = SiteTest::from_dir("figures");
    t.build_clean();
    let page = t.html("companies/acme-robotics.html");
    assert_eq!(
        texts(&page, "figure.chart-figure figcaption"),
        ["Revenue (by year)", "Revenue (by quarter)"]
    );
    let periods: Vec<Vec<String>> = page
        .select(&sel("figure.chart-figure svg"))
        .map(|svg| svg.select(&sel("text.period")).map(|e| e.text().collect::<String>()).collect())
        .collect();
    assert_eq!(periods, [vec!["2024", "2025"], vec!["Q2 2024", "Q3 2024"]]);
    // Chart ids stay unique on the page.
    let ids: Vec<&str> =
        page.select(&sel("svg.chart title[id]")).filter_map(|e| e.value().attr("id")).collect();
    assert_eq!(ids, ["chart-revenue-years", "chart-revenue-quarters"]);
}

#[test]
fn issue_15_numbers_and_periods_are_written_for_readers() {
    let t = SiteTest::from_dir("figures");
    t.build_clean();
    let claim = t.html("claims/acme-robotics-revenue-2024-q3-quarters.html");
    let facts = texts(&claim, "table.facts td");
    assert!(facts.contains(&"Q3 2024".to_string()), "{facts:?}");
    assert!(facts.iter().any(|f| f.contains("(2,500,000,000 USD)")), "{facts:?}");
    assert!(facts.iter().all(|f| !f.contains("2024-Q3") && !f.contains("2500000000")), "{facts:?}");
    let index = t.html("claims/index.html");
    let periods = texts(&index, "table.claims tbody td:nth-child(3)");
    assert!(periods.contains(&"Q2 2024".to_string()), "{periods:?}");
    // Vietnamese groups with dots and writes quarters its own way.
    t.write("book.toml", "[book]\ntitle = \"Số liệu\"\nlanguage = \"vi\"\n");
    t.build();
    let claim = t.html("claims/acme-robotics-revenue-2024-q3-quarters.html");
    let facts = texts(&claim, "table.facts td");
    assert!(facts.contains(&"quý 3/2024".to_string()), "{facts:?}");
    assert!(facts.iter().any(|f| f.contains("(2.500.000.000 USD)")), "{facts:?}");
}

#[test]
fn issue_15_head_counts_are_digits_not_thousands() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "content/articles/staff.md",
        "+++\ntitle = \"Staff\"\ndate = 2024-11-06\n\n[[claims]]\nsubject = \"beta-labs\"\nmetric = \"employees\"\nvalue = \"1,200 employees\"\nperiod = \"2024\"\n+++\nBeta Labs has 1,200 employees.\n",
    );
    t.build();
    assert_eq!(h1(&t, "claims/beta-labs-employees-2024.html"), "Beta Labs employees (2024): 1,200");
}

#[test]
fn issue_15_data_files_state_figures_as_the_pages_do() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "content/articles/staff.md",
        "+++\ntitle = \"Staff\"\ndate = 2024-11-06\n+++\nBeta Labs employs about 4,950 people.\n",
    );
    t.build();
    let kb: serde_json::Value = serde_json::from_str(&t.read("data/kb.json")).expect("kb.json");
    let claims = kb["claims"].as_array().expect("claims");
    let staff =
        claims.iter().find(|c| c["metric"] == "employees").expect("the extracted head count");
    assert_eq!(staff["value"], "about 4,950");
    let page = h1(&t, staff["url"].as_str().expect("a url"));
    assert!(page.ends_with(": about 4,950"), "{page}");
    let csv = t.read("data/claims.csv");
    let row = csv.lines().find(|l| l.contains(",employees,")).expect("a csv row");
    assert!(row.contains(",about 4,950,") || row.contains(",\"about 4,950\","), "{row}");
}

#[test]
fn issue_15_conflict_badge_names_what_it_conflicts_with() {
    let t = SiteTest::from_dir("conflicts");
    t.build();
    let page = t.html("claims/acme-revenue-2023-results.html");
    // The figure's reports are listed once, under provenance, each that
    // contradicts this one saying so; no second list repeats them.
    let badges = texts(&page, "#provenance ~ ol li .badge.conflict");
    assert_eq!(badges, ["⚠ Conflicts with this figure"]);
    assert!(page.select(&sel("#same")).next().is_none(), "the same reports listed twice");
}

/// Texts of the feed's elements named `tag` (the Atom file read with an HTML
/// parser, which is enough to read element text).
fn feed_texts(t: &SiteTest, selector: &str) -> Vec<String> {
    texts(&scraper::Html::parse_document(&t.read("feed.xml")), selector)
}

fn codes(o: &factbook::Outcome) -> Vec<String> {
    o.site.diagnostics.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn issue_15_relative_site_url_warns_and_writes_a_valid_feed() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "book.toml",
        "[book]\ntitle = \"Figures\"\nlanguage = \"en\"\nauthors = []\n\n[output.html]\nsite-url = \"/\"\n",
    );
    let o = t.build();
    assert_eq!(codes(&o), ["relative-site-url"], "one warning");
    assert!(o.written);
    // No sitemap of relative URLs, no `Sitemap: /sitemap.xml`.
    assert!(!t.out().join("sitemap.xml").exists());
    assert_eq!(t.read("robots.txt"), "User-agent: *\nAllow: /\n");
    // Atom ids are absolute IRIs; links are relative to the feed; the feed has
    // an author even though `authors = []`.
    let ids = feed_texts(&t, "id");
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids.iter().all(|i| i.starts_with("urn:uuid:") && i.len() == 45), "{ids:?}");
    assert_eq!(ids.iter().collect::<std::collections::BTreeSet<_>>().len(), 3, "{ids:?}");
    assert_eq!(feed_texts(&t, "feed > author > name"), ["Figures"]);
    let feed = t.read("feed.xml");
    assert!(feed.contains("<link href=\"articles/quarters.html\"/>"), "{feed}");
    assert!(!feed.contains("<id>/") && !feed.contains("href=\"/"), "{feed}");
    // The same for the Pages workflow's `--site-url /<repo>/`.
    t.write("book.toml", "[book]\ntitle = \"Figures\"\nlanguage = \"en\"\n");
    let o = t.build_with(Some("/figures/"));
    assert_eq!(codes(&o), ["relative-site-url"]);
    assert!(!t.out().join("sitemap.xml").exists());
}

#[test]
fn issue_15_absolute_site_url_gives_sitemap_and_feed_author() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "book.toml",
        "[book]\ntitle = \"Figures\"\nlanguage = \"en\"\n\n[output.html]\nsite-url = \"https://example.org/kb/\"\n",
    );
    t.build_clean();
    assert_eq!(
        t.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/kb/sitemap.xml\n"
    );
    let locs = texts(&scraper::Html::parse_document(&t.read("sitemap.xml")), "loc");
    assert!(locs.iter().all(|l| l.starts_with("https://example.org/kb/")), "{locs:?}");
    assert_eq!(feed_texts(&t, "feed > id"), ["https://example.org/kb/"]);
    assert_eq!(feed_texts(&t, "feed > author > name"), ["Figures"]);
}

#[test]
fn issue_15_unreviewed_claim_pages_are_not_indexed() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "book.toml",
        "[book]\ntitle = \"Figures\"\nlanguage = \"en\"\n\n[output.html]\nsite-url = \"https://example.org/\"\n\n[kb]\nauto-claims = true\n",
    );
    t.build_clean();
    let robots = |page: &str| {
        t.html(page)
            .select(&sel("meta[name=robots]"))
            .filter_map(|m| m.value().attr("content").map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert_eq!(robots("claims/acme-robotics-revenue-2024-q3-quarters.html"), ["noindex"]);
    assert!(robots("claims/acme-robotics-revenue-2025.html").is_empty());
    let sitemap = t.read("sitemap.xml");
    assert!(!sitemap.contains("acme-robotics-revenue-2024-q3-quarters"), "{sitemap}");
    assert!(sitemap.contains("claims/acme-robotics-revenue-2025.html"), "{sitemap}");
    // Once a curated claim covers the figure, the page is indexed.
    t.write(
        "content/articles/review.md",
        "+++\ntitle = \"Reviewed\"\ndate = 2024-11-07\n\n[[claims]]\nsubject = \"acme-robotics\"\nmetric = \"revenue\"\nvalue = \"$2.5 billion\"\nperiod = \"2024-Q3\"\nquote = \"$2.5 billion\"\n+++\nAcme Robotics booked $2.5 billion that quarter.\n",
    );
    t.build();
    assert!(robots("claims/acme-robotics-revenue-2024-q3-quarters.html").is_empty());
}

#[test]
fn issue_15_home_key_figures_cover_every_subject() {
    let t = SiteTest::from_dir("figures");
    t.build_clean();
    let home = t.html("index.html");
    let mut subjects = texts(&home, "#figures ~ .table-wrap tbody td:first-child");
    subjects.sort();
    subjects.dedup();
    // Gamma Works has only an extracted figure; it is a key figure all the same.
    assert_eq!(subjects, ["Acme Robotics", "Beta Labs", "Gamma Works"]);
}

#[test]
fn issue_15_readme_counts_the_sample_articles() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README.md");
    let articles =
        std::fs::read_dir(repo.join("content/articles")).expect("content/articles").count();
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    let said = readme
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[1] == "articles")
        .find_map(|w| words.iter().position(|n| *n == w[0].trim_start_matches('(')))
        .expect("README says how many articles the sample has");
    assert_eq!(said, articles, "README's article count");
}

#[test]
fn issue_15_misnamed_templates_and_metrics_warn() {
    let t = SiteTest::from_dir("override");
    t.write("templates/artcle.html", "{% extends \"base.html\" %}");
    // A partial that another template includes is used, not misnamed.
    t.write("templates/byline.html", "<p>by us</p>");
    t.write(
        "templates/article.html",
        &format!(
            "{}{{% include \"byline.html\" %}}",
            std::fs::read_to_string(t.root.join("templates/article.html")).expect("override")
        ),
    );
    t.write(
        "content/articles/typo.md",
        "+++\ntitle = \"Typo\"\ndate = 2024-01-01\n\n[[claims]]\nsubject = \"acme\"\nmetric = \"fundng\"\nvalue = \"$5 million\"\n\n[[claims]]\nsubject = \"acme\"\nmetric = \"hashrate\"\nvalue = \"5\"\n+++\nAcme.\n",
    );
    let report = t.check();
    let warnings: Vec<&String> = report.iter().filter(|l| l.contains("warning[unknown-")).collect();
    assert_eq!(
        warnings,
        [
            "content/articles/typo.md:7:10: warning[unknown-metric]: unknown metric \"fundng\"",
            "templates/artcle.html:1:1: warning[unknown-template]: templates/artcle.html is not a template factbook renders, and no template uses it",
        ],
        "{report:?}"
    );
    let site = t.compile();
    let helps: Vec<&str> = site
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("unknown-"))
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert!(helps.iter().any(|h| h.starts_with("did you mean \"funding\"?")), "{helps:?}");
    assert!(helps.contains(&"did you mean \"article.html\"?"), "{helps:?}");
}

#[test]
fn issue_15_check_tests_anchors_against_the_rendered_pages() {
    let t = SiteTest::from_dir("figures");
    t.write(
        "content/articles/links.md",
        "+++\ntitle = \"Links\"\ndate = 2024-11-08\n+++\n\
         Reuters has [no figures](../publications/reuters.md#figures) but\n\
         [Acme has](../companies/acme-robotics.md#figures) and the\n\
         [home page](../index.html#bogus) has [a main](../index.html#main);\n\
         [tags](../tags/index.html#nope) and [a claim](../claims/acme-robotics-revenue-2025.html#same).\n",
    );
    let report: Vec<String> =
        t.check().into_iter().filter(|l| l.contains("broken-anchor")).collect();
    assert_eq!(
        report,
        [
            "content/articles/links.md:5:26: error[broken-anchor]: publications/reuters.html has no anchor #figures",
            "content/articles/links.md:7:13: error[broken-anchor]: index.html has no anchor #bogus",
            "content/articles/links.md:8:8: error[broken-anchor]: tags/index.html has no anchor #nope",
            "content/articles/links.md:8:47: error[broken-anchor]: claims/acme-robotics-revenue-2025.html has no anchor #same",
        ]
    );
}

#[test]
fn issue_15_backlink_snippets_are_whole_sentences() {
    let t = SiteTest::from_dir("figures");
    t.build_clean();
    let snippets = texts(&t.html("companies/acme-robotics.html"), "blockquote.snippet");
    assert_eq!(
        snippets,
        [
            "Acme Robotics reported revenue of $2.5 billion in the third quarter of 2024, according to Reuters.",
            "Acme Robotics expects revenue of $9.6 billion to $9.8 billion in 2025.",
        ]
    );
}

#[test]
fn issue_15_extracted_claims_say_who_says_so() {
    let t = SiteTest::from_dir("figures");
    let o = t.build_clean();
    let according = |id: &str| {
        let c = o.site.model.claims.iter().find(|c| c.id.as_str() == id).expect("claim");
        c.according_to.map(|e| o.site.model.entity(e).slug.to_string())
    };
    // Named in the sentence ("according to Reuters"), or the article's source.
    assert_eq!(according("acme-robotics-revenue-2024-q3-quarters").as_deref(), Some("reuters"));
    assert_eq!(according("acme-robotics-revenue-2024-q2-quarters").as_deref(), Some("reuters"));
    let csv = t.read("data/claims.csv");
    let row = csv
        .lines()
        .find(|l| l.starts_with("acme-robotics-revenue-2024-q2-quarters,"))
        .expect("csv row");
    assert!(row.contains(",reuters,quarters,"), "{row}");
    let page = t.html("claims/acme-robotics-revenue-2024-q2-quarters.html");
    let facts = texts(&page, "table.facts tr");
    assert!(
        facts.iter().any(|r| r.starts_with("According to") && r.ends_with("Reuters")),
        "{facts:?}"
    );
}

const TABLE_ARTICLE: &str = "+++\ntitle = \"Acme by the numbers\"\ndate = 2024-05-02\nlanguage = \"en\"\n+++\nGlobex had revenue of $2.5 billion in 2023.\n\n| Year | Globex revenue |\n|---|---|\n| 2022 | $2.1 billion |\n| 2023 | $2.5 billion |\n";

#[test]
fn issue_15_extract_then_paste_checks_clean() {
    let t = SiteTest::from_dir("basic");
    t.write("content/articles/numbers.md", TABLE_ARTICLE);
    let out = assert_cmd::Command::cargo_bin("factbook")
        .expect("binary")
        .arg("extract")
        .arg(t.root.join("content/articles/numbers.md"))
        .output()
        .expect("runs");
    let proposals = String::from_utf8(out.stdout).expect("UTF-8");
    // Every proposed quote occurs once in the article.
    let body = TABLE_ARTICLE.split("+++\n").nth(2).expect("body");
    let folded_body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let quotes: Vec<&str> = proposals
        .lines()
        .filter_map(|l| l.strip_prefix("quote = \"").and_then(|q| q.strip_suffix('"')))
        .collect();
    assert_eq!(quotes.len(), 3, "{proposals}");
    for q in &quotes {
        assert_eq!(folded_body.matches(q).count(), 1, "quote {q:?} is not unique:\n{proposals}");
    }
    // Paste the complete tables into the front matter: check has nothing to say.
    let tables: String = proposals
        .split("\n\n")
        .filter(|b| b.starts_with("[[claims]]\nid = "))
        .map(|b| format!("{}\n", b.trim_end()))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(tables.matches("[[claims]]").count(), 3, "{proposals}");
    t.write(
        "content/articles/numbers.md",
        &TABLE_ARTICLE.replacen(
            "language = \"en\"\n",
            &format!("language = \"en\"\n\n{tables}"),
            1,
        ),
    );
    let report: Vec<String> = t.check().into_iter().filter(|l| l.contains("numbers.md")).collect();
    assert!(report.is_empty(), "{report:#?}\n{tables}");
}
