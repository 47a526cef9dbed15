//! `factbook check`: every finding of a broken site reported at once, in
//! rustc style; links between content files rendered as working `.html` links.

use crate::harness::{SiteTest, broken_links, links};

/// The full report for `tests/sites/broken-links`, golden-tested: broken
/// links, anchors and wikilinks in article and entity bodies, unknown
/// relation targets, quotes not found, duplicate claim ids and aliases,
/// conflicting claims and uncovered figures.
#[test]
fn broken_links_site_reports_every_finding() {
    let t = SiteTest::from_dir("broken-links");
    let site = t.compile();
    assert!(site.outputs.is_none());
    insta::assert_snapshot!(site.diagnostics.render(&site.sources));
}

#[test]
fn build_of_a_broken_site_writes_nothing() {
    let t = SiteTest::from_dir("broken-links");
    let o = t.build();
    assert!(!o.written);
    assert!(!t.out().exists());
    // `build` skips the uncovered-figure lint that `check` runs.
    assert_eq!(o.site.diagnostics.count(factbook::diag::Severity::Error), 11);
    assert_eq!(o.site.diagnostics.count(factbook::diag::Severity::Warning), 2);
}

fn linked_site() -> SiteTest {
    SiteTest::from_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Links\"\n[output.html]\nsite-url = \"https://example.org/kb/\"\n",
        ),
        (
            "content/companies/acme.md",
            "+++\nname = \"Acme\"\n+++\n## History\n\nSee [the report](../articles/2024/report.md#revenue), [[Globex]] and [figures](/claims/index.html).\n",
        ),
        (
            "content/companies/globex.md",
            "+++\nname = \"Globex\"\n+++\nAlso [Acme](@/companies/acme.md#history).\n",
        ),
        (
            "content/articles/2024/report.md",
            "+++\ntitle = \"Report\"\ndate = 2024-03-01\n\n[[claims]]\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"$2 billion\"\nperiod = \"2023\"\nquote = \"Acme made $2 billion\"\n+++\n## Revenue\n\nAcme made $2 billion. [Globex](../../companies/globex.md),\n[claim](#claim-acme-revenue-2023), [home](/kb/index.html), [up](#revenue),\n[again](report.md#revenue-1).\n\n## Revenue\n",
        ),
    ])
}

#[test]
fn links_to_markdown_files_render_as_links_to_their_pages() {
    let t = linked_site();
    t.build_clean();
    let article = t.html("articles/report.html");
    let hrefs: Vec<String> = links(&article, ".body a").into_iter().map(|(_, h)| h).collect();
    assert_eq!(
        hrefs,
        [
            "../companies/acme.html",
            "../companies/globex.html",
            "#claim-acme-revenue-2023",
            "../index.html",
            "#revenue",
            "../articles/report.html#revenue-1",
        ]
    );
    let ids: Vec<String> = article
        .select(&crate::harness::sel(".body h2"))
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["revenue", "revenue-1"]);
    let acme = t.html("companies/acme.html");
    assert_eq!(
        links(&acme, ".description a"),
        [
            ("the report".to_string(), "../articles/report.html#revenue".to_string()),
            ("Globex".into(), "../companies/globex.html".into()),
            ("figures".into(), "../claims/index.html".into()),
        ]
    );
    let globex = t.html("companies/globex.html");
    assert_eq!(links(&globex, ".description a")[0].1, "../companies/acme.html#history");
    assert_eq!(broken_links(&t.out(), "/kb/"), Vec::<String>::new());
}

#[test]
fn check_is_clean_on_the_sample_site() {
    let t = SiteTest::from_files(&[]);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::harness::copy_tree(&repo.join("content"), &t.root.join("content"));
    std::fs::copy(repo.join("book.toml"), t.root.join("book.toml")).unwrap();
    let site = t.compile();
    // Clean but for the notes naming what the registry could add (issue 14).
    let findings: Vec<_> =
        site.diagnostics.iter().filter(|d| d.code != "unlinked-mention").collect();
    assert!(findings.is_empty(), "{}", site.diagnostics.render(&site.sources));
    assert!(site.diagnostics.iter().all(|d| d.severity == factbook::diag::Severity::Note));
}

#[test]
fn uncovered_figures_are_warnings_outside_claim_quotes_only() {
    let t = SiteTest::from_files(&[
        // Published extracted claims cover their figures too; without them,
        // only the curated quote does.
        ("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"vi\"\n[kb]\nauto-claims = false\n"),
        ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\n"),
        (
            "content/articles/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-31\n[[claims]]\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"35 triệu USD\"\nquote = \"Acme thu 35 triệu USD\"\n+++\nAcme thu 35 triệu USD năm 2022, lỗ hơn 500 triệu đô la Mỹ, có 13 triệu người dùng và tăng 100%.\n",
        ),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:10:36: warning[uncovered-figure]: figure \"hơn 500 triệu đô la Mỹ\" is not covered by any claim"
        ]
    );
}

#[test]
fn links_to_files_with_spaces_and_vietnamese_names_resolve() {
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"T\"\n"),
        ("content/companies/Trí tuệ Việt.md", "+++\nname = \"Trí tuệ Việt\"\n+++\n## Lịch sử\n"),
        (
            "content/articles/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-31\n+++\n[one](<../companies/Trí tuệ Việt.md#lich-su>) and [two](../companies/Tr%C3%AD%20tu%E1%BB%87%20Vi%E1%BB%87t.md).\n",
        ),
    ]);
    t.build_clean();
    let hrefs: Vec<String> =
        links(&t.html("articles/a.html"), ".body a").into_iter().map(|(_, h)| h).collect();
    assert_eq!(hrefs, ["../companies/tri-tue-viet.html#lich-su", "../companies/tri-tue-viet.html"]);
}

#[test]
fn conflicting_claims_name_the_other_article_and_point_at_the_value() {
    let claim = |id: &str, value: &str| {
        format!(
            "+++\ntitle = \"A\"\ndate = 2024-01-31\n\n[[claims]]\nid = \"{id}\"\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"{value}\"\nperiod = \"2023\"\n+++\nBody.\n"
        )
    };
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"T\"\n"),
        ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\n"),
        ("content/articles/first.md", &claim("acme-revenue-2023-first", "$2 billion")),
        ("content/articles/second.md", &claim("acme-revenue-2023-second", "$5 billion")),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/second.md:9:9: warning[conflicting-claims]: claim acme-revenue-2023-second ($5 billion) conflicts with acme-revenue-2023-first ($2 billion, in article first)"
        ]
    );
}
