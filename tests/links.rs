//! Every internal link of every page resolves, at `/`, under a sub-path and
//! with an absolute site-url; 404.html alone uses root-absolute links.

use crate::harness::{SiteTest, broken_links, sel};

#[test]
fn no_broken_links_at_root() {
    let t = SiteTest::from_dir("basic");
    t.build_clean();
    assert_eq!(broken_links(&t.out(), "/"), Vec::<String>::new());
}

#[test]
fn no_broken_links_under_a_sub_path() {
    let t = SiteTest::from_dir("basic");
    let o = t.build_with(Some("/sub/"));
    assert!(o.written);
    assert_eq!(broken_links(&t.out(), "/sub/"), Vec::<String>::new());
    let not_found = t.html("404.html");
    let css = not_found.select(&sel("link[rel=stylesheet]")).next().unwrap();
    assert_eq!(css.value().attr("href"), Some("/sub/static/style.css"));
}

#[test]
fn pages_use_relative_links_only() {
    let t = SiteTest::from_dir("basic");
    t.build_with(Some("https://me.github.io/repo/"));
    for (path, bytes) in crate::harness::all_files(&t.out()) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for el in doc.select(&sel("a[href], link[href]:not([rel=canonical]), script[src]")) {
            let href = el.value().attr("href").or_else(|| el.value().attr("src")).unwrap();
            assert!(!href.starts_with('/'), "{path}: root-absolute link {href}");
        }
    }
}

#[test]
fn sample_site_has_no_broken_links_under_a_sub_path() {
    let t = SiteTest::sample();
    let o = t.build_with(Some("/factbook/"));
    assert!(o.written, "{}", o.site.diagnostics.render(&o.site.sources));
    assert_eq!(broken_links(&t.out(), "/factbook/"), Vec::<String>::new());
}
