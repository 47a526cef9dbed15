//! Tests of link, anchor and wikilink validation and of uncovered figures.

use super::*;

#[test]
fn heading_ids_are_slugs_deduplicated_and_avoid_reserved_ids() {
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let reserved: HashSet<String> = ["main".to_string()].into();
    assert_eq!(
        heading_ids(
            &h(&["Doanh thu năm 2022", "Main", "Doanh thu năm 2022", "!!", ""]),
            &|id: &str| reserved.contains(id)
        ),
        ["doanh-thu-nam-2022", "main-1", "doanh-thu-nam-2022-1", "section", "section-1"]
    );
}

#[test]
fn paths_normalise_without_escaping() {
    assert_eq!(
        normalize("content/articles/../companies/./x.md").as_deref(),
        Some("content/companies/x.md")
    );
    assert_eq!(normalize("a/../../x"), None);
    assert_eq!(percent_decode("Tr%C3%AD%20tu%E1%BB%87.md"), "Trí tuệ.md");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(relative_to("content/companies", "content/articles/a.md"), "../articles/a.md");
    assert_eq!(relative_to("content/articles", "content/articles/a.md"), "a.md");
    assert!(
        has_scheme("https://x")
            && has_scheme("mailto:a@b")
            && !has_scheme("../a:b.md")
            && !has_scheme("a/b")
    );
}

#[test]
fn collector_sees_links_headings_and_footnotes() {
    let c = LinkCollector::scan(
        "# Tiêu đề `code`\n\n[a](x.md#y) [[Wiki]] <https://e.org> [r][ref] ![i](p.png)\n\n[^n]: note\n\n[ref]: ../r.html\n",
    );
    assert_eq!(c.headings, ["Tiêu đề code"]);
    let dests: Vec<&str> = c.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(dests, ["x.md#y", "https://e.org", "../r.html"]);
    assert_eq!(c.wikilinks[0].dest, "Wiki");
    assert_eq!(c.footnotes, ["n"]);
}
