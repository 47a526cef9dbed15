//! Output paths, root-relative. One place decides the site's URL layout.

use crate::model::{Article, Claim, Entity};

/// `articles/<slug>.html`.
pub fn article(a: &Article) -> String {
    concat(&["articles/", a.slug.as_str(), ".html"])
}

/// `<kind>/<slug>.html`.
pub fn entity(e: &Entity) -> String {
    concat(&[&e.kind, "/", e.slug.as_str(), ".html"])
}

/// `claims/<id>.html`.
pub fn claim(c: &Claim) -> String {
    concat(&["claims/", c.id.as_str(), ".html"])
}

/// Anchor of a claim's quote inside its article page.
pub fn claim_anchor(article_url: &str, c: &Claim) -> String {
    concat(&[article_url, "#claim-", c.id.as_str()])
}

/// `tags/<slug>.html`.
pub fn tag(tag_slug: &str) -> String {
    concat(&["tags/", tag_slug, ".html"])
}

/// The parts joined, in one allocation: pages make hundreds of thousands of
/// URLs, and `format!` took several times as long for each.
fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| s.push_str(p));
    s
}

/// The slug of a tag; tags that slugify to nothing share `tag`.
pub fn tag_slug(tag: &str) -> String {
    let s = crate::model::slugify(tag);
    if s.is_empty() || crate::model::RESERVED_SLUGS.contains(&s.as_str()) {
        format!("tag-{s}").trim_end_matches('-').to_string()
    } else {
        s
    }
}

/// URL of page `n` (1-based) of a paginated list whose first page is `first`:
/// `x/index.html` -> `x/page/2.html`; `x/slug.html` -> `x/slug/2.html`.
pub fn nth_page(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    match first.strip_suffix("/index.html") {
        Some(dir) => format!("{dir}/page/{n}.html"),
        None => format!("{}/{n}.html", first.trim_end_matches(".html")),
    }
}

/// The way from a page back to the site root (`../../` for `a/b/c.html`).
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_urls() {
        assert_eq!(nth_page("companies/index.html", 1), "companies/index.html");
        assert_eq!(nth_page("companies/index.html", 2), "companies/page/2.html");
        assert_eq!(nth_page("companies/microsoft.html", 3), "companies/microsoft/3.html");
        assert_eq!(root_for("companies/microsoft/3.html"), "../../");
        assert_eq!(root_for("index.html"), "");
    }

    #[test]
    fn tag_slugs_avoid_reserved_names() {
        assert_eq!(tag_slug("Điện toán đám mây"), "dien-toan-dam-may");
        assert_eq!(tag_slug("index"), "tag-index");
        assert_eq!(tag_slug("!!"), "tag");
    }
}
