//! Incremental rebuilds (serve/watch) must leave the build dir byte-identical
//! to a clean full build, for any sequence of edits.

use std::path::{Path, PathBuf};

use factbook::BuildOptions;
use factbook::rebuild::{Change, Incremental};

use crate::harness::{SiteTest, all_files};

/// Builds from scratch; returns whether it wrote, and its findings.
fn full_build(root: &Path, dest: &Path) -> (bool, Vec<String>) {
    let o = factbook::build_site(&BuildOptions {
        root: root.into(),
        dest_dir: Some(dest.into()),
        site_url: None,
        ..BuildOptions::default()
    })
    .unwrap();
    (o.written, headlines(&o.site))
}

/// Paths whose bytes differ between two build dirs (or exist in one only).
fn differing(inc: &Path, full: &Path) -> Vec<String> {
    let (a, b) = (all_files(inc), all_files(full));
    b.keys()
        .filter(|k| a.get(*k) != b.get(*k))
        .chain(a.keys().filter(|k| !b.contains_key(*k)))
        .cloned()
        .collect()
}

/// Builds the site from scratch next to `inc` and asserts both dirs match.
fn assert_matches_full_build(root: &Path, inc: &Path, what: &str) {
    let full = root.join("full");
    assert!(full_build(root, &full).0, "{what}: the full build failed");
    let diff = differing(inc, &full);
    assert!(diff.is_empty(), "{what}: incremental output differs from a full build in {diff:?}");
}

/// The first line of every finding (`file:line:col: severity[code]: ...`), sorted.
fn headlines(site: &factbook::Site) -> Vec<String> {
    let text = site.diagnostics.render(&site.sources);
    let mut v: Vec<String> = text
        .lines()
        .filter(|l| l.contains(": warning[") || l.contains(": error["))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// A tiny deterministic generator, so failures replay.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// Replaces the line of a front-matter key.
fn replace_line(path: &Path, prefix: &str, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let new: Vec<&str> =
        text.lines().map(|l| if l.starts_with(prefix) { line } else { l }).collect();
    std::fs::write(path, new.join("\n") + "\n").unwrap();
}

/// Byte offset of the body: just after the closing `+++` line.
fn body_start(text: &str) -> usize {
    text[3..].find("+++\n").map_or(0, |i| i + 7)
}

/// One random edit; returns the paths it touched.
fn edit(t: &SiteTest, rng: &mut Lcg, step: usize) -> Vec<PathBuf> {
    let articles = md_files(&t.root.join("content/articles"));
    let entities: Vec<PathBuf> = md_files(&t.root.join("content"))
        .into_iter()
        .filter(|p| !p.starts_with(t.root.join("content/articles")))
        .collect();
    let names =
        ["Microsoft", "OpenAI", "ChatGPT", "Azure", "Sam Altman", "Fortune", "GPT-4", "Copilot"];
    match rng.next(12) {
        0 => {
            // Append a paragraph mentioning an entity to an article.
            let p = &articles[rng.next(articles.len())];
            let mut text = std::fs::read_to_string(p).unwrap();
            text.push_str(&format!(
                "\n\nĐoạn bổ sung {step}: {} được nhắc lại ở đây.\n",
                names[rng.next(names.len())]
            ));
            std::fs::write(p, text).unwrap();
            vec![p.clone()]
        }
        1 => {
            // Change an article's date (reorders every list).
            let p = &articles[rng.next(articles.len())];
            let day = 1 + rng.next(28);
            replace_line(p, "date = ", &format!("date = 2023-05-{day:02}"));
            vec![p.clone()]
        }
        2 => {
            // Add an article.
            let p = t.root.join(format!("content/articles/them-{step}.md"));
            let who = names[rng.next(names.len())];
            std::fs::write(&p, format!("+++\ntitle = \"Bài thêm {step}\"\ndate = 2023-06-{:02}\ntags = [\"thêm\"]\n+++\n{who} và [[openai]] xuất hiện trong bài {step}.\n", 1 + rng.next(28))).unwrap();
            vec![p]
        }
        3 => {
            // Delete an article we added earlier (curated claims stay valid).
            match articles
                .iter()
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("them-"))
            {
                Some(p) => {
                    std::fs::remove_file(p).unwrap();
                    vec![p.clone()]
                }
                None => vec![],
            }
        }
        4 => {
            // Edit an entity's description.
            let p = &entities[rng.next(entities.len())];
            let mut text = std::fs::read_to_string(p).unwrap();
            text.push_str(&format!("\nGhi chú {step}.\n"));
            std::fs::write(p, text).unwrap();
            vec![p.clone()]
        }
        5 => {
            // Rename an entity (changes what mentions link to and every page naming it).
            let p = &entities[rng.next(entities.len())];
            replace_line(p, "name = ", &format!("name = \"Thực thể {step}\""));
            vec![p.clone()]
        }
        7 => {
            // Change one digit of the body (a figure, so claims and conflicts
            // change), where no curated claim quotes the text.
            let unquoted: Vec<&PathBuf> = articles
                .iter()
                .filter(|p| !std::fs::read_to_string(p).unwrap().contains("quote ="))
                .collect();
            let p = unquoted[rng.next(unquoted.len())];
            let text = std::fs::read_to_string(p).unwrap();
            let start = body_start(&text);
            let digits: Vec<usize> = text[start..]
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| start + i)
                .collect();
            if let Some(&at) = digits.get(rng.next(digits.len().max(1))) {
                let d = text.as_bytes()[at] - b'0';
                let mut new = text.clone();
                new.replace_range(at..at + 1, &((d + 1 + rng.next(8) as u8) % 10).to_string());
                std::fs::write(p, new).unwrap();
            }
            vec![p.clone()]
        }
        8 => {
            // Retitle an article (its cards on entity pages and lists change).
            let p = &articles[rng.next(articles.len())];
            replace_line(p, "title = ", &format!("title = \"Tiêu đề {step}\""));
            vec![p.clone()]
        }
        9 => {
            // A new first paragraph (the excerpt and first mentions change).
            let p = &articles[rng.next(articles.len())];
            let text = std::fs::read_to_string(p).unwrap();
            let start = body_start(&text);
            let who = names[rng.next(names.len())];
            let mut new = text.clone();
            new.insert_str(start, &format!("{who} mở đầu đoạn {step}.\n\n"));
            std::fs::write(p, new).unwrap();
            vec![p.clone()]
        }
        10 => {
            // A new figure sentence (a new extracted claim).
            let p = &articles[rng.next(articles.len())];
            let mut text = std::fs::read_to_string(p).unwrap();
            text.push_str(&format!("\nOpenAI đạt doanh thu {} tỷ USD trong năm 2025.\n", 1 + step));
            std::fs::write(p, text).unwrap();
            vec![p.clone()]
        }
        11 => {
            // Internal links (checked and rewritten for this article alone).
            let p = &articles[rng.next(articles.len())];
            let other = articles[rng.next(articles.len())]
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let mut text = std::fs::read_to_string(p).unwrap();
            text.push_str(&format!(
                "\nXem [hồ sơ](../companies/openai.md) và [bài khác]({other}).\n"
            ));
            std::fs::write(p, text).unwrap();
            vec![p.clone()]
        }
        _ => {
            // Add a new company, mentioned by name in a new article.
            let slug = format!("cong-ty-{step}");
            let e = t.root.join(format!("content/companies/{slug}.md"));
            std::fs::write(&e, format!("+++\nname = \"Công ty Số {step}\"\nrelations = [{{ type = \"partner-of\", target = \"openai\" }}]\n+++\nMô tả.\n")).unwrap();
            let a = t.root.join(format!("content/articles/them-{step}.md"));
            std::fs::write(&a, format!("+++\ntitle = \"Tin {step}\"\ndate = 2023-07-01\n+++\nCông ty Số {step} hợp tác với OpenAI.\n")).unwrap();
            vec![e, a]
        }
    }
}

#[test]
fn incremental_rebuilds_match_full_builds() {
    let t = SiteTest::sample();
    let inc_dir = t.root.join("inc");
    let full_dir = t.root.join("full");
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(inc_dir.clone()),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, site, written) = Incremental::start(opts).unwrap();
    assert!(written.is_some(), "{}", site.diagnostics.render(&site.sources));
    assert!(full_build(&t.root, &full_dir).0);
    assert_eq!(all_files(&inc_dir), all_files(&full_dir));
    let mut rng = Lcg(7);
    let mut patched = 0;
    for step in 0..48 {
        let touched = edit(&t, &mut rng, step);
        let changes: Vec<Change> = touched
            .iter()
            .map(|p| Change::Content(p.canonicalize().unwrap_or_else(|_| p.clone())))
            .collect();
        let (site, written) = inc.apply(&changes).unwrap();
        patched += usize::from(written.is_some_and(|w| w.patched));
        inc.finish().unwrap();
        let (ok, findings) = full_build(&t.root, &full_dir);
        assert_eq!(
            written.is_some(),
            ok,
            "step {step}: {}",
            site.diagnostics.render(&site.sources)
        );
        assert_eq!(headlines(&site), findings, "step {step}: findings differ from a full build");
        if ok {
            let diff = differing(&inc_dir, &full_dir);
            assert!(
                diff.is_empty(),
                "step {step}: incremental output differs from a full build in {diff:?}"
            );
        }
    }
    // Both paths were exercised: article edits that move nothing patch the model.
    assert!(patched >= 8, "only {patched} edits took the article fast path");
}

#[test]
fn an_article_edit_rerenders_only_what_it_touches() {
    let t = SiteTest::sample();
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(t.root.join("inc")),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, _, first) = Incremental::start(opts).unwrap();
    let all_units = first.unwrap().units;
    let p = t.root.join("content/articles/tai-chinh-openai-va-tang-truong-chatgpt.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replace("Lượng người dùng đông đảo", "Lượng người dùng rất đông đảo"))
        .unwrap();
    let (_, written) = inc.apply(&[Change::Content(p.canonicalize().unwrap())]).unwrap();
    let w = written.unwrap();
    // The article page alone: the model was patched, no other unit changed.
    assert!(w.patched, "{w:?}");
    assert_eq!((w.units, w.written, w.removed), (1, 1, 0), "{w:?} of {all_units} units");
}

#[test]
fn a_new_alias_reanalyses_only_articles_containing_it() {
    let t = SiteTest::sample();
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(t.root.join("inc")),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, _, first) = Incremental::start(opts).unwrap();
    assert!(first.unwrap().analysed >= 5);
    // "Copilot" gains an alias that only one article uses.
    let article = t.root.join("content/articles/dong-thoi-gian-microsoft-openai.md");
    let mut text = std::fs::read_to_string(&article).unwrap();
    text.push_str("\nTrợ lý Phi Công Số Một cũng được nhắc tới.\n");
    std::fs::write(&article, text).unwrap();
    inc.apply(&[Change::Content(article.canonicalize().unwrap())]).unwrap();
    let entity = t.root.join("content/products/copilot.md");
    replace_line(
        &entity,
        "aliases = ",
        "aliases = [\"Microsoft 365 Copilot\", \"Phi Công Số Một\"]",
    );
    let (site, written) = inc.apply(&[Change::Content(entity.canonicalize().unwrap())]).unwrap();
    let w = written.unwrap_or_else(|| panic!("{}", site.diagnostics.render(&site.sources)));
    assert_eq!(w.analysed, 1, "{w:?}");
    inc.finish().unwrap();
    let html =
        std::fs::read_to_string(t.root.join("inc/articles/dong-thoi-gian-microsoft-openai.html"))
            .unwrap();
    assert!(html.contains("Phi Công Số Một</a>"), "the new alias is linked");
    assert_matches_full_build(&t.root, &t.root.join("inc"), "new alias");
}

#[test]
fn edits_of_paginated_lists_match_full_builds() {
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"Many\"\n[kb]\nauto-claims = true\n"),
        ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\n"),
    ]);
    for i in 0..120 {
        t.write(
            &format!("content/articles/a{i:03}.md"),
            &format!(
                "+++\ntitle = \"A {i}\"\ndate = 2024-01-01\n+++\nAcme reported revenue of {i} million USD in 2023.\n"
            ),
        );
    }
    let inc_dir = t.root.join("inc");
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(inc_dir.clone()),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, _, _) = Incremental::start(opts).unwrap();
    // A retitled card on page 2 of the lists, then a figure on page 3.
    let edits = [
        ("content/articles/a060.md", "title = \"A 60\"", "title = \"Sixty\""),
        ("content/articles/a110.md", "110 million", "111 million"),
    ];
    for (file, from, to) in edits {
        let p = t.root.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace(from, to)).unwrap();
        let (site, written) = inc.apply(&[Change::Content(p.canonicalize().unwrap())]).unwrap();
        let w = written.unwrap_or_else(|| panic!("{}", site.diagnostics.render(&site.sources)));
        assert!(w.patched, "{w:?}");
        // Not whole families: the article, its entity page and one page per list.
        assert!(w.written < 12, "{w:?}");
        inc.finish().unwrap();
        assert_matches_full_build(&t.root, &inc_dir, file);
    }
}

#[test]
fn a_broken_link_in_a_patched_article_fails_and_the_fix_recovers() {
    let t = SiteTest::sample();
    let inc_dir = t.root.join("inc");
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(inc_dir.clone()),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, _, _) = Incremental::start(opts).unwrap();
    let p = t.root.join("content/articles/nhung-con-so-quanh-chatgpt.md");
    let good = std::fs::read_to_string(&p).unwrap();
    let before = all_files(&inc_dir);
    std::fs::write(&p, format!("{good}\nXem [hồ sơ](../companies/khong-co.md).\n")).unwrap();
    let change = [Change::Content(p.canonicalize().unwrap())];
    let (site, written) = inc.apply(&change).unwrap();
    assert!(written.is_none());
    assert!(site.diagnostics.render(&site.sources).contains("error[broken-link]"));
    assert_eq!(all_files(&inc_dir), before, "a failed rebuild writes nothing");
    std::fs::write(&p, format!("{good}\nXem [hồ sơ](../companies/openai.md).\n")).unwrap();
    let (site, written) = inc.apply(&change).unwrap();
    assert!(written.is_some(), "{}", site.diagnostics.render(&site.sources));
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "fixed link");
}
