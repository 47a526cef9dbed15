//! What the site audit of issue 13 found, kept fixed without a browser:
//! plain URLs, every label in the site's language, heading levels that do
//! not skip, template and front-matter type errors located.
//! (The browser half is `tests/browser/audit.test.mjs`.)
//! Issue 13 (the audit) lists what these guard.

use factbook::i18n::{Lang, vocabulary_labels};
use scraper::{ElementRef, Html, Node};

use crate::harness::{SiteTest, all_files};

/// Every HTML page of a finished build, by path.
fn pages(t: &SiteTest) -> Vec<(String, String)> {
    all_files(&t.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("pages are UTF-8")))
        .collect()
}

#[test]
fn issue_13_no_page_entity_escapes_its_urls() {
    let t = SiteTest::sample();
    let o = t.build_with(Some("https://example.github.io/kb/"));
    assert!(o.written);
    let pages = pages(&t);
    assert!(pages.len() > 20);
    for (path, html) in &pages {
        assert!(!html.contains("&#x2F;"), "{path} entity-escapes a slash");
        // Relative links are written as they are.
        if path.starts_with("articles/") && !path.ends_with("index.html") {
            assert!(html.contains("href=\"../companies/"), "{path}");
        }
    }
}

/// Text the theme and the generator wrote on a page: every text node except
/// authors' words (bodies, descriptions, quotes, snippets, summaries, code)
/// and names (links to entities and articles, article titles, sources).
fn generated_text(doc: &Html) -> Vec<String> {
    const AUTHORED: &[&str] =
        &["body", "description", "snippet", "lead", "summary", "meta", "source"];
    let authored = |e: &ElementRef| {
        let v = e.value();
        matches!(v.name(), "blockquote" | "code" | "script" | "style" | "title" | "time")
            || v.classes().any(|c| AUTHORED.contains(&c))
            || (v.name() == "a" && v.attr("href").is_some_and(names_a_page))
            || (v.name() == "h1" && doc_is_article(e))
    };
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        let Node::Text(text) = node.value() else { continue };
        let inside_authored = node.ancestors().filter_map(ElementRef::wrap).any(|e| authored(&e));
        if !inside_authored && !text.trim().is_empty() {
            out.push(text.trim().to_string());
        }
    }
    out
}

/// Links to an entity or an article page carry a name, not a label.
fn names_a_page(href: &str) -> bool {
    let page = href.rsplit('/').next().unwrap_or(href);
    page != "index.html"
        && ["companies/", "products/", "people/", "publications/", "articles/", "http"]
            .iter()
            .any(|p| href.contains(p))
}

fn doc_is_article(h1: &ElementRef) -> bool {
    h1.ancestors().filter_map(ElementRef::wrap).any(|e| e.value().classes().any(|c| c == "article"))
}

/// `label` occurs in `text` as whole words (case-insensitive).
fn has_words(text: &str, label: &str) -> bool {
    let (text, label) = (text.to_lowercase(), label.to_lowercase());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(&label).any(|(i, m)| {
        !word(text[..i].chars().next_back()) && !word(text[i + m.len()..].chars().next())
    })
}

/// Labels of the other language found on the pages of `t`.
fn foreign_labels(t: &SiteTest, other: Lang) -> Vec<String> {
    let labels = vocabulary_labels(other);
    let mut found = Vec::new();
    for (path, html) in pages(t) {
        for text in generated_text(&Html::parse_document(&html)) {
            for label in labels.iter().filter(|l| has_words(&text, l)) {
                found.push(format!("{path}: {label:?} in {text:?}"));
            }
        }
    }
    found
}

#[test]
fn issue_13_vietnamese_pages_show_no_english_label() {
    let t = SiteTest::sample();
    assert!(t.build().written);
    let found = foreign_labels(&t, Lang::En);
    assert!(found.is_empty(), "English labels on Vietnamese pages:\n{}", found.join("\n"));
    // The scan sees the generated text: it finds the site's own labels.
    assert!(foreign_labels(&t, Lang::Vi).len() > 10);
    // The metric that leaked before has its own word now.
    assert!(t.read("index.html").contains("Tăng trưởng người dùng"));
}

/// An English site with claims on many metrics (extracted ones included) and
/// relations of several types.
fn english_site() -> SiteTest {
    let t = SiteTest::from_dir("basic");
    t.write(
        "content/articles/numbers.md",
        "+++\ntitle = \"Widget numbers\"\ndate = 2024-04-01\n\n[[claims]]\nsubject = \"widget\"\nmetric = \"user-growth\"\nvalue = \"40%\"\nperiod = \"2024-03\"\nquote = \"grew its users by 40% in March 2024\"\n\n[[claims]]\nsubject = \"globex\"\nmetric = \"net-loss\"\nvalue = \"$500 million\"\nqualifier = \"more-than\"\nperiod = \"2023\"\nquote = \"lost more than $500 million in 2023\"\n\n[[claims]]\nsubject = \"globex\"\nmetric = \"revenue-target\"\nvalue = \"$1 billion\"\nperiod = \"2025\"\nquote = \"wants $1 billion of revenue in 2025\"\n+++\nThe Widget grew its users by 40% in March 2024. Globex lost more than $500 million in 2023,\nand Globex wants $1 billion of revenue in 2025. Acme had 2,000 employees in 2023.\n",
    );
    t
}

#[test]
fn issue_13_english_pages_show_no_vietnamese_label() {
    let t = english_site();
    let o = t.build();
    assert!(o.written, "{}", o.site.diagnostics.render(&o.site.sources));
    let found = foreign_labels(&t, Lang::Vi);
    assert!(found.is_empty(), "Vietnamese labels on English pages:\n{}", found.join("\n"));
    assert!(foreign_labels(&t, Lang::En).len() > 10);
    let home = t.read("index.html");
    assert!(home.contains("User growth") && home.contains("Revenue target"), "{home}");
    assert!(!home.contains("user growth"));
}

#[test]
fn issue_13_counts_use_the_right_noun_form() {
    let t = english_site();
    let o = t.build();
    // Jane Roe is mentioned in one article only.
    let person = t.read("people/jane-roe.html");
    assert!(person.contains("(1 article)"), "{person}");
    let summary = o.summary();
    assert!(summary.contains("1 person, 1 publication"), "{summary}");
    assert!(!summary.contains("1 articles") && !summary.contains("1 errors"), "{summary}");
}

#[test]
fn issue_13_headings_never_skip_a_level() {
    let t = SiteTest::sample();
    assert!(t.build().written);
    for (path, html) in pages(&t) {
        let doc = Html::parse_document(&html);
        let mut last = 0;
        for h in doc.root_element().descendants().filter_map(ElementRef::wrap) {
            let Some(level) = h.value().name().strip_prefix('h').and_then(|n| n.parse::<u8>().ok())
            else {
                continue;
            };
            assert!(level <= last + 1, "{path}: h{last} is followed by h{level}");
            last = level;
        }
    }
}

#[test]
fn issue_13_chart_data_table_keeps_the_figcaption_last() {
    let t = SiteTest::sample();
    assert!(t.build().written);
    let doc = t.html("companies/openai.html");
    let figures: Vec<ElementRef> =
        doc.select(&crate::harness::sel("figure.chart-figure")).collect();
    assert!(!figures.is_empty(), "OpenAI has a chart");
    for f in figures {
        let children: Vec<&str> =
            f.children().filter_map(ElementRef::wrap).map(|e| e.value().name()).collect();
        let at = children.iter().position(|n| *n == "figcaption").expect("a caption");
        assert!(at == 0 || at == children.len() - 1, "figcaption in the middle: {children:?}");
    }
}

#[test]
fn issue_13_template_typo_is_located_in_the_override() {
    let t = SiteTest::from_dir("override");
    t.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ article.title }</h1>\n{% endblock content %}\n",
    );
    let report = t.check();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].starts_with("templates/article.html:3:22: error[template-error]"),
        "{report:?}"
    );
    let site = t.compile();
    let text = site.diagnostics.render(&site.sources);
    assert!(text.contains("3 | <h1>{{ article.title }</h1>"), "shows the line:\n{text}");
}

#[test]
fn issue_13_unknown_filter_is_found_when_templates_load() {
    let t = SiteTest::from_dir("override");
    // The template is only used for entities, yet its filter is checked.
    t.write(
        "templates/entity.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entity.name | upcase }}</h1>\n{% endblock content %}\n",
    );
    let report = t.check();
    assert_eq!(
        report,
        [
            "templates/entity.html:3:22: error[template-error]: unknown filter `upcase` in template templates/entity.html"
        ]
    );
}

#[test]
fn issue_13_wrong_types_in_front_matter_are_errors_at_the_value() {
    let t = SiteTest::from_dir("basic");
    t.write(
        "content/articles/typed.md",
        "+++\ntitle = 42\ndate = 2024-01-01\nsummary = true\nlanguage = 1\nauthors = [\"A\", 3]\ntags = [\"x\", 2.5]\nsource = { name = 7, url = \"https://a.example\" }\n+++\nBody.\n",
    );
    t.write("content/people/typed.md", "---\nname: 12\nrole: [a]\n---\n");
    let report = t.check();
    let typed: Vec<&String> = report.iter().filter(|l| l.contains("typed.md")).collect();
    assert_eq!(
        typed,
        [
            "content/articles/typed.md:2:9: error[wrong-type]: `title` must be a string, found integer",
            "content/articles/typed.md:4:11: error[wrong-type]: `summary` must be a string, found boolean",
            "content/articles/typed.md:5:12: error[wrong-type]: `language` must be a string, found integer",
            "content/articles/typed.md:6:17: error[wrong-type]: items of `authors` must be strings, found integer",
            "content/articles/typed.md:7:14: error[wrong-type]: items of `tags` must be strings, found float",
            "content/articles/typed.md:8:19: error[wrong-type]: `source.name` must be a string, found integer",
            "content/people/typed.md:2:7: error[wrong-type]: `name` must be a string, found integer",
        ],
        "{report:#?}"
    );
}

/// Counts what a build reports, as the progress bar sees it.
#[derive(Default)]
struct Counted {
    total: std::sync::atomic::AtomicU64,
    advanced: std::sync::atomic::AtomicU64,
    finished: std::sync::atomic::AtomicBool,
}

impl factbook::Progress for Counted {
    fn start(&self, total: u64) {
        self.total.store(total, std::sync::atomic::Ordering::SeqCst);
    }
    fn advance(&self) {
        self.advanced.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    fn finish(&self) {
        self.finished.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[test]
fn build_reports_progress_once_per_file_written() {
    use std::sync::atomic::Ordering::SeqCst;
    let t = SiteTest::from_dir("basic");
    let progress = Counted::default();
    let opts = factbook::BuildOptions { root: t.root.clone(), ..Default::default() };
    let o = factbook::build_site_with(&opts, &progress).expect("no I/O error");
    assert!(o.written);
    // Every file but the marker the staging folder writes itself.
    let files = all_files(&t.out()).keys().filter(|p| *p != factbook::write::MARKER).count() as u64;
    assert_eq!(progress.advanced.load(SeqCst), files);
    let total = progress.total.load(SeqCst);
    assert!(total > 0 && total <= files, "estimate {total} of {files}");
    assert!(progress.finished.load(SeqCst));
}

#[test]
fn build_draws_no_progress_bar_when_stderr_is_not_a_terminal() {
    let t = SiteTest::from_dir("basic");
    let out = assert_cmd::Command::cargo_bin("factbook")
        .expect("binary")
        .arg("build")
        .arg(&t.root)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "a clean build prints only its summary");
}
