//! Knowledge-base views (issue 14): provenance per figure, entity timelines,
//! relation graphs and unlinked mentions, on the `views` fixture: four
//! articles report Acme's 2022 revenue (first, repeat, revision, conflict)
//! across three years.

use crate::harness::{SiteTest, resolve, sel, texts};

fn kb(t: &SiteTest) -> serde_json::Value {
    serde_json::from_str(&t.read("data/kb.json")).expect("kb.json is JSON")
}

#[test]
fn claim_page_lists_reports_in_source_date_order_with_roles() {
    let t = SiteTest::from_dir("views");
    assert!(t.build().written);
    let doc = t.html("claims/acme-revenue-2022-conflict.html");
    // `first` is dated 2023-03-15 on this site but its source published on
    // 2023-01-10, before `repeat` (2023-02-01).
    let roles: Vec<String> = doc
        .select(&sel("section.provenance li.report"))
        .map(|li| li.value().attr("class").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        roles,
        [
            "report role-first conflict",
            "report role-repeat conflict",
            "report role-revision conflict",
            "report role-conflict"
        ],
        "this page is the contradicting report: the three others are flagged against it"
    );
    let iso: Vec<String> = doc
        .select(&sel("section.provenance li.report time"))
        .map(|e| e.value().attr("datetime").unwrap_or_default().to_string())
        .collect();
    assert_eq!(iso, ["2023-01-10", "2023-02-01", "2024-03-01", "2025-04-01"]);
    let summary = texts(&doc, ".provenance-summary").join("");
    assert!(summary.starts_with("First reported by Fortune, "), "{summary}");
    assert!(summary.contains("repeated by Daily Planet"), "{summary}");
    assert!(summary.contains("revised by Reuters"), "{summary}");
    assert!(summary.contains("contradicted by The Wire"), "{summary}");
    // The first report links to its article at the quote, and the page's own
    // report is marked.
    let first_links: Vec<String> = doc
        .select(&sel("section.provenance li.role-first a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(first_links.contains(&"../articles/first.html#claim-acme-revenue-2022-first".into()));
    let current = texts(&doc, "section.provenance li[aria-current] .badge");
    assert_eq!(current, ["contradicts"]);
}

#[test]
fn figures_table_and_data_files_name_the_first_report() {
    let t = SiteTest::from_dir("views");
    assert!(t.build().written);
    let doc = t.html("companies/acme.html");
    let cells = texts(&doc, "table.claims td.first-report");
    // One row for revenue 2022, and Globex's investment in Acme, which shows on the
    // investee's page too (issue 10).
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert_eq!(cells.iter().filter(|c| c.starts_with("Fortune")).count(), 1, "{cells:?}");
    let kb = kb(&t);
    let claims = kb["claims"].as_array().expect("claims");
    let by_id = |id: &str| claims.iter().find(|c| c["id"] == id).expect("claim in kb.json");
    for (id, role) in [
        ("acme-revenue-2022-first", "first"),
        ("acme-revenue-2022-repeat", "repeat"),
        ("acme-revenue-2022-revision", "revision"),
        ("acme-revenue-2022-conflict", "conflict"),
    ] {
        let c = by_id(id);
        assert_eq!(c["provenance"], role, "{id}");
        assert_eq!(c["first_reported"], "2023-01-10", "{id}");
        assert_eq!(c["first_source"], "Fortune", "{id}");
        assert_eq!(c["first_claim"], "acme-revenue-2022-first", "{id}");
    }
    // A figure of its own (another metric and counterparty) is its own first report.
    assert_eq!(by_id("acme-investment-2021")["provenance"], "first");
    let csv = t.read("data/claims.csv");
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.ends_with(",reported,provenance,first_reported,first_source,first_claim"));
    let revision =
        csv.lines().find(|l| l.starts_with("acme-revenue-2022-revision,")).expect("csv row");
    assert!(
        revision.ends_with(",2024-03-01,revision,2023-01-10,Fortune,acme-revenue-2022-first"),
        "{revision}"
    );
}

#[test]
fn timeline_groups_articles_and_figures_by_year_oldest_first() {
    let t = SiteTest::from_dir("views");
    assert!(t.build().written);
    let entity = t.html("companies/acme.html");
    let link: Vec<String> = entity
        .select(&sel(".timeline-link a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(link, ["../companies/acme/timeline.html"]);
    let doc = t.html("companies/acme/timeline.html");
    assert_eq!(texts(&doc, ".timeline-year h2"), ["2023", "2024", "2025"]);
    let items: Vec<String> = doc
        .select(&sel(".timeline > li > a"))
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        items,
        [
            "../../articles/first.html",
            "../../articles/repeat.html",
            "../../articles/revision.html",
            "../../articles/conflict.html",
        ]
    );
    // Figures come with their values; the investment Acme made shows on its
    // timeline although Globex is the subject.
    let figures = texts(&doc, ".timeline-figures li");
    assert!(figures.iter().any(|f| f.contains("$50 million") || f.contains("50")), "{figures:?}");
    assert!(figures.iter().any(|f| f.contains("Globex")), "{figures:?}");
    assert!(t.read("sitemap.xml").contains("companies/acme/timeline.html"));
    let globex = t.html("companies/globex/timeline.html");
    assert_eq!(texts(&globex, ".timeline-year h2"), ["2025"]);
    // Every link on the timeline resolves.
    for a in doc.select(&sel("main a[href]")) {
        let href = a.value().attr("href").unwrap_or_default();
        let path = resolve("companies/acme/timeline.html", href.split('#').next().unwrap_or(""));
        assert!(t.out().join(&path).is_file(), "{href} -> {path}");
    }
}

#[test]
fn timelines_paginate_like_backlinks() {
    let t = SiteTest::from_dir("views");
    for i in 0..55 {
        t.write(
            &format!("content/articles/note-{i:02}.md"),
            &format!(
                "+++\ntitle = \"Note {i}\"\ndate = 2020-01-{:02}\n+++\nAcme did thing {i}.\n",
                i % 28 + 1
            ),
        );
    }
    assert!(t.build().written);
    let first = t.html("companies/acme/timeline.html");
    assert_eq!(first.select(&sel(".timeline > li")).count(), 50);
    let second = t.html("companies/acme/timeline/2.html");
    assert_eq!(second.select(&sel(".timeline > li")).count(), 59 - 50);
    assert!(texts(&second, ".timeline-year h2").contains(&"2025".to_string()));
    let next: Vec<&str> = first
        .select(&sel("nav.pager a[rel=next]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(next, ["../../companies/acme/timeline/2.html"]);
}

/// Checks that every tag of an SVG fragment is closed in order (a small
/// well-formedness test: the graph is generated as text).
fn balanced(svg: &str) -> bool {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { return false };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return false;
            }
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap_or_default().to_string());
        }
    }
    stack.is_empty()
}

#[test]
fn relation_graph_links_every_neighbour_and_is_stable() {
    let t = SiteTest::from_dir("views");
    assert!(t.build().written);
    let page = t.read("companies/acme.html");
    let start = page.find("<svg class=\"graph\"").expect("a graph");
    let end = page[start..].find("</svg>").expect("closed") + start + 6;
    let svg = &page[start..end];
    assert!(balanced(svg), "{svg}");
    let doc = t.html("companies/acme.html");
    assert_eq!(texts(&doc, "svg.graph > title"), ["Relation graph: Acme"]);
    assert_eq!(doc.select(&sel("svg.graph > desc")).count(), 1);
    assert!(doc.select(&sel("figure.graph-figure > figcaption")).next().is_some());
    // Globex (relation), Rocket Skates (product), Wile Coyote (person).
    let hrefs: Vec<String> = doc
        .select(&sel("svg.graph a"))
        .map(|a| a.value().attr("href").unwrap_or_default().to_string())
        .collect();
    assert_eq!(hrefs.len(), 3, "{hrefs:?}");
    for href in &hrefs {
        assert!(t.out().join(resolve("companies/acme.html", href)).is_file(), "{href}");
    }
    // Every neighbour is also in the text list next to the graph.
    let listed = texts(&doc, "dl.relations a");
    for name in ["Globex", "Rocket Skates", "Wile Coyote"] {
        assert!(listed.iter().any(|l| l == name), "{name} in {listed:?}");
    }
    // An entity without relations has no graph.
    let fortune = t.html("publications/fortune.html");
    assert!(fortune.select(&sel("svg.graph")).next().is_none());
    // Rebuilding gives the same bytes.
    let before = t.read("companies/acme.html");
    std::fs::remove_dir_all(t.out()).unwrap();
    assert!(t.build().written);
    assert_eq!(before, t.read("companies/acme.html"));
}

#[test]
fn check_notes_unknown_names_in_two_articles() {
    let t = SiteTest::from_dir("views");
    let notes: Vec<String> =
        t.check().into_iter().filter(|l| l.contains("unlinked-mention")).collect();
    assert_eq!(
        notes,
        [
            "content/articles/repeat.md:15:43: note[unlinked-mention]: \"Quantum Widgets\" appears 2 times in 2 articles but matches no entity",
            "content/articles/repeat.md:15:74: note[unlinked-mention]: \"Zorblax Labs\" appears 2 times in 2 articles but matches no entity",
        ]
    );
    // "Analysts" opens a sentence in two articles and is never reported.
    let site = t.compile();
    // The declared revision warns about nothing; the silent change conflicts
    // with every earlier report.
    let mut conflicts: Vec<String> = site
        .diagnostics
        .iter()
        .filter(|d| d.code == "conflicting-claims")
        .map(|d| d.message.split(" (").next().unwrap_or_default().to_string())
        .collect();
    conflicts.sort();
    assert_eq!(
        conflicts,
        [
            "claim acme-revenue-2022-first",
            "claim acme-revenue-2022-repeat",
            "claim acme-revenue-2022-revision",
        ]
    );
    let help = site
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Zorblax"))
        .and_then(|d| d.help.clone())
        .unwrap_or_default();
    assert!(help.contains("content/articles/repeat.md, content/articles/revision.md"), "{help}");
    assert!(help.contains("+++\nname = \"Zorblax Labs\"\n+++"), "{help}");
    // Notes never fail a build, not even with --deny-warnings.
    assert!(!site.diagnostics.has_errors());
}

#[test]
fn unlinked_mentions_come_as_json_too() {
    let t = SiteTest::from_dir("views");
    let out = assert_cmd::Command::cargo_bin("factbook")
        .unwrap()
        .args(["check", "--message-format", "json"])
        .arg(&t.root)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let notes: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["code"] == "unlinked-mention")
        .collect();
    assert_eq!(notes.len(), 2, "{stdout}");
    assert_eq!(notes[0]["severity"], "note");
    // At the first occurrence in the oldest article.
    assert_eq!(notes[0]["file"], "content/articles/repeat.md");
}
