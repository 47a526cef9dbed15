//! Incremental rebuilds (serve/watch) must leave the build dir byte-identical
//! to a clean full build, for any sequence of edits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn rewrite(path: &Path, f: impl FnOnce(&str) -> String) {
    let text = read(path);
    std::fs::write(path, f(&text)).unwrap();
}

/// Byte offset of the body: just after the closing `+++` line.
fn body_start(text: &str) -> usize {
    text[3..].find("+++\n").map_or(0, |i| i + 7)
}

/// Takes out the links edit 20 added (a removal may have broken one).
fn repair(articles: &[PathBuf]) -> Vec<PathBuf> {
    let linked: Vec<&PathBuf> =
        articles.iter().filter(|p| read(p).contains("Xem [liên kết ")).collect();
    for p in &linked {
        rewrite(p, |t| {
            t.lines().filter(|l| !l.starts_with("Xem [liên kết ")).collect::<Vec<_>>().join("\n")
                + "\n"
        });
    }
    linked.into_iter().cloned().collect()
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
    match rng.next(24) {
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
            let stay: Vec<&PathBuf> = articles
                .iter()
                .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("them-"))
                .collect();
            let other =
                stay[rng.next(stay.len())].file_name().unwrap().to_string_lossy().into_owned();
            let mut text = std::fs::read_to_string(p).unwrap();
            text.push_str(&format!(
                "\nXem [hồ sơ](../companies/openai.md) và [bài khác]({other}).\n"
            ));
            std::fs::write(p, text).unwrap();
            vec![p.clone()]
        }
        12 => {
            // Move a source's publication date (provenance order, timelines).
            let p = &articles[rng.next(articles.len())];
            let text = std::fs::read_to_string(p).unwrap();
            let day = 1 + rng.next(28);
            let new = match text.find("published = ") {
                Some(at) => {
                    let mut new = text.clone();
                    let start = at + "published = ".len();
                    new.replace_range(start..start + 10, &format!("2022-12-{day:02}"));
                    new
                }
                None => text,
            };
            std::fs::write(p, new).unwrap();
            vec![p.clone()]
        }
        13 => {
            // Change a curated figure, or add a report of it with a
            // counterparty and a revision word (provenance roles change).
            let p = t.root.join("content/articles/tai-chinh-openai-va-tang-truong-chatgpt.md");
            if rng.next(2) == 0 {
                let text = std::fs::read_to_string(&p).unwrap();
                let v = [35, 36, 50, 80][rng.next(4)];
                let new = text.replacen(
                    "value = \"35 triệu USD\"",
                    &format!("value = \"{v} triệu USD\""),
                    1,
                );
                std::fs::write(&p, new).unwrap();
                vec![p]
            } else {
                let a = t.root.join(format!("content/articles/them-{step}.md"));
                let v = 30 + rng.next(40);
                std::fs::write(&a, format!("+++\ntitle = \"Điều chỉnh {step}\"\ndate = 2023-08-01\n\n[[claims]]\nid = \"openai-revenue-2022-dieu-chinh-{step}\"\nsubject = \"openai\"\nmetric = \"revenue\"\nvalue = \"{v} triệu USD\"\nperiod = \"2022\"\ncounterparty = \"microsoft\"\nquote = \"OpenAI điều chỉnh doanh thu 2022 thành {v} triệu USD\"\n+++\nOpenAI điều chỉnh doanh thu 2022 thành {v} triệu USD.\n")).unwrap();
                vec![a]
            }
        }
        14 => {
            // Rewrite an entity's description (new summary), keeping its
            // front matter; sometimes with a wikilink or a link to an article.
            let p = &entities[rng.next(entities.len())];
            let link = [
                "",
                " Xem [[chatgpt]].",
                " Xem [bài](../articles/tai-chinh-openai-va-tang-truong-chatgpt.md).",
            ][rng.next(3)];
            rewrite(p, |t| format!("{}Mô tả mới {step}.{link}\n", &t[..body_start(t)]));
            vec![p.clone()]
        }
        15 => {
            // Remove a claim: a figure sentence added earlier, else the last
            // curated claim of an article.
            let added = articles.iter().find(|p| read(p).contains("\nOpenAI đạt doanh thu "));
            let curated =
                articles.iter().filter(|p| read(p).contains("[[claims]]")).collect::<Vec<_>>();
            match (added, curated.is_empty()) {
                (Some(p), _) if rng.next(2) == 0 || curated.is_empty() => {
                    rewrite(p, |t| {
                        t.lines()
                            .filter(|l| !l.starts_with("OpenAI đạt doanh thu "))
                            .collect::<Vec<_>>()
                            .join("\n")
                            + "\n"
                    });
                    vec![p.clone()]
                }
                (_, false) => {
                    let p = curated[rng.next(curated.len())];
                    rewrite(p, |t| {
                        let at = t.rfind("[[claims]]").unwrap();
                        let end = at + t[at..].find("\n+++").unwrap() + 1;
                        format!("{}{}", &t[..at], &t[end..])
                    });
                    vec![p.clone()]
                }
                _ => vec![],
            }
        }
        16 => {
            // Add a heading.
            let p = &articles[rng.next(articles.len())];
            rewrite(p, |t| format!("{t}\n## Mục {step}\n\nNội dung mục {step}.\n"));
            vec![p.clone()]
        }
        17 => {
            // Remove a heading line (other articles may link to its anchor).
            let p = &articles[rng.next(articles.len())];
            rewrite(p, |t| match t.find("\n## ") {
                Some(at) => {
                    let end = at + 1 + t[at + 1..].find('\n').unwrap_or(t.len() - at - 1);
                    format!("{}{}", &t[..at], &t[end..])
                }
                None => t.to_string(),
            });
            vec![p.clone()]
        }
        18 => {
            // Tag an article (a new tag, or one other articles have).
            let p = &articles[rng.next(articles.len())];
            let tag = ["thẻ một", "thẻ hai", "openai", "Microsoft"][rng.next(4)];
            rewrite(p, |t| match t.find("tags = [") {
                Some(at) => format!("{}tags = [\"{tag}\", {}", &t[..at], &t[at + 8..]),
                None => t.replacen("\ndate = ", &format!("\ntags = [\"{tag}\"]\ndate = "), 1),
            });
            vec![p.clone()]
        }
        19 => {
            // Untag an article (its first tag; a tag page may go).
            let p = &articles[rng.next(articles.len())];
            rewrite(p, |t| {
                let Some(at) = t.find("tags = [") else { return t.to_string() };
                let start = at + 8;
                let end = start + t[start..].find(']').unwrap();
                let rest = t[start..end].split_once(", ").map_or("", |(_, r)| r);
                format!("{}{rest}{}", &t[..start], &t[end..])
            });
            vec![p.clone()]
        }
        20 => {
            // Link to a claim page, a tag page or a heading of another
            // article (which later edits may remove: the build then fails
            // until `repair` takes the link out).
            let p = &articles[rng.next(articles.len())];
            let dir = ["claims", "tags", "articles"][rng.next(3)];
            let pages: Vec<String> = std::fs::read_dir(t.root.join("full").join(dir))
                .map(|d| {
                    d.filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| n.ends_with(".html") && n != "index.html")
                        .collect()
                })
                .unwrap_or_default();
            if pages.is_empty() {
                return vec![];
            }
            let page = &pages[rng.next(pages.len())];
            let target = if dir == "articles" {
                let html = read(&t.root.join("full/articles").join(page));
                let Some(at) = html.find("<h2 id=\"") else { return vec![] };
                let id = &html[at + 8..];
                let id = &id[..id.find('"').unwrap()];
                format!("{}.md#{id}", page.trim_end_matches(".html"))
            } else {
                format!("../{dir}/{page}")
            };
            rewrite(p, |t| format!("{t}\nXem [liên kết {step}]({target}).\n"));
            vec![p.clone()]
        }
        21 => repair(&articles),
        22 => {
            // A curated claim quoting a new sentence (a claim anchor).
            let p = &articles[rng.next(articles.len())];
            let v = 10 + step;
            rewrite(p, |t| {
                let close = 3 + t[3..].find("\n+++").unwrap() + 1;
                format!(
                    "{}\n[[claims]]\nsubject = \"microsoft\"\nmetric = \"revenue\"\nvalue = \"{v} tỷ USD\"\nperiod = \"{}\"\nquote = \"Microsoft báo doanh thu {v} tỷ USD\"\n{}\nMicrosoft báo doanh thu {v} tỷ USD trong kỳ.\n",
                    &t[..close],
                    1900 + step,
                    &t[close..]
                )
            });
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
    // Apart, so the edits stay those of `rng`.
    let mut stops = Lcg(11);
    let mut stopped = 0;
    let (mut patched, mut reindexed, mut entity) = (0, 0, 0);
    let steps = 72;
    let mut failed = false;
    for step in 0..steps {
        let touched = if failed {
            repair(&md_files(&t.root.join("content/articles")))
        } else {
            edit(&t, &mut rng, step)
        };
        let changes: Vec<Change> = touched
            .iter()
            .map(|p| Change::Content(p.canonicalize().unwrap_or_else(|_| p.clone())))
            .collect();
        let (site, written) = inc.apply(&changes).unwrap();
        // Shown when the test fails: which path each step took.
        eprintln!("step {step}: {touched:?} {written:?}");
        if let Some(w) = written {
            patched += usize::from(w.patched);
            reindexed += usize::from(w.reindexed);
            entity += usize::from(w.entity_patched);
        }
        // Sometimes the next edit comes before the data files and deferred
        // pages are written: it must still see them as behind.
        let (ok, findings) = full_build(&t.root, &full_dir);
        failed = !ok;
        assert_eq!(
            written.is_some(),
            ok,
            "step {step}: {}",
            site.diagnostics.render(&site.sources)
        );
        assert_eq!(headlines(&site), findings, "step {step}: findings differ from a full build");
        if rng.next(4) == 0 && step + 1 < steps {
            continue;
        }
        // Sometimes a newer edit stops `finish` part way (as under
        // `serve`): what it did not write stays behind for the next one.
        if step + 1 < steps && stops.next(3) == 0 {
            let (asked, limit) = (AtomicUsize::new(0), stops.next(60));
            let stop = || asked.fetch_add(1, Ordering::Relaxed) >= limit;
            if inc.finish_unless(&stop).unwrap().is_none() {
                stopped += 1;
                continue;
            }
        }
        inc.finish().unwrap();
        if ok {
            let diff = differing(&inc_dir, &full_dir);
            assert!(
                diff.is_empty(),
                "step {step}: incremental output differs from a full build in {diff:?}"
            );
        }
    }
    // Every path was exercised: article edits patch the model, some of them
    // adding or removing claims; entity descriptions are patched too.
    assert!(patched >= 30, "only {patched} edits took a fast path");
    assert!(reindexed >= 5, "only {reindexed} edits re-indexed claims");
    assert!(entity >= 4, "only {entity} entity edits were patched");
    assert!(stopped >= 3, "only {stopped} calls of finish were stopped");
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
    // A claim whose id sorts first: page 1 of the claim list shows it, page
    // 2 the article's other claim (its card changed: the new sentence is in
    // its excerpt), and page 3 only has its rows moved by one: it waits for
    // `finish`.
    let p = t.root.join("content/articles/a060.md");
    let before = read(&p);
    std::fs::write(&p, format!("{before}Acme posted a net loss of 7 million USD in 2023.\n"))
        .unwrap();
    let change = [Change::Content(p.canonicalize().unwrap())];
    let w = apply_ok(&mut inc, &change);
    assert!(w.patched && w.reindexed, "{w:?}");
    assert_eq!(w.deferred, 1, "{w:?}");
    assert!(w.written < 12, "{w:?}");
    assert!(inc_dir.join("claims/acme-net-loss-2023-a060.html").exists());
    let page3 = read(&inc_dir.join("claims/page/3.html"));
    // The next edit comes before `finish`: the deferred pages stay behind,
    // and the claim going again leaves them as they were.
    std::fs::write(&p, &before).unwrap();
    let w = apply_ok(&mut inc, &change);
    assert!(w.patched && w.reindexed && w.removed == 1, "{w:?}");
    assert!(!inc_dir.join("claims/acme-net-loss-2023-a060.html").exists());
    inc.finish().unwrap();
    assert_eq!(read(&inc_dir.join("claims/page/3.html")), page3);
    assert_matches_full_build(&t.root, &inc_dir, "claim added and removed");
    std::fs::write(&p, format!("{before}Acme posted a net loss of 7 million USD in 2023.\n"))
        .unwrap();
    let w = apply_ok(&mut inc, &change);
    assert_eq!(w.deferred, 1, "{w:?}");
    inc.finish().unwrap();
    assert_ne!(read(&inc_dir.join("claims/page/3.html")), page3, "finish wrote the moved rows");
    assert_matches_full_build(&t.root, &inc_dir, "claim added");
}

/// Applies `changes`, which must build.
fn apply_ok(inc: &mut Incremental, changes: &[Change]) -> factbook::rebuild::Written {
    let (site, written) = inc.apply(changes).unwrap();
    written.unwrap_or_else(|| panic!("{}", site.diagnostics.render(&site.sources)))
}

/// Starts an incremental build of `t` into `<root>/inc`.
fn start(t: &SiteTest) -> Incremental {
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(t.root.join("inc")),
        site_url: None,
        ..BuildOptions::default()
    };
    let (inc, site, written) = Incremental::start(opts).unwrap();
    assert!(written.is_some(), "{}", site.diagnostics.render(&site.sources));
    inc
}

/// Rewrites a file of the site and returns the change to apply.
fn change(t: &SiteTest, rel: &str, f: impl FnOnce(&str) -> String) -> [Change; 1] {
    let p = t.root.join(rel);
    rewrite(&p, f);
    [Change::Content(p.canonicalize().unwrap())]
}

#[test]
fn an_entity_description_edit_patches_its_pages_alone() {
    let t = SiteTest::sample();
    let inc_dir = t.root.join("inc");
    let mut inc = start(&t);
    let openai = "content/companies/openai.md";
    // A new first sentence: its page and its summary on the companies list.
    let c = change(&t, openai, |s| s.replace("Phòng thí nghiệm", "Công ty và phòng thí nghiệm"));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && w.entity_patched && !w.reindexed, "{w:?}");
    assert_eq!(w.analysed, 0, "{w:?}");
    assert_eq!(w.units, 2, "the entity's unit and the list page showing it: {w:?}");
    assert!(read(&inc_dir.join("companies/index.html")).contains("Công ty và phòng thí nghiệm"));
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "description");
    // Links in the description are checked and rewritten for it alone.
    let c = change(&t, openai, |s| {
        format!("{s}\nXem [[ChatGPT]] và [bài](../articles/nhung-con-so-quanh-chatgpt.md).\n")
    });
    let w = apply_ok(&mut inc, &c);
    assert!(w.entity_patched, "{w:?}");
    let html = read(&inc_dir.join("companies/openai.html"));
    assert!(html.contains("href=\"../articles/nhung-con-so-quanh-chatgpt.html\""), "{html}");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "description links");
    // A broken wikilink fails like a full build, and the fix recovers.
    let c = change(&t, openai, |s| s.replace("[[ChatGPT]]", "[[Không Có]]"));
    let (site, written) = inc.apply(&c).unwrap();
    assert!(written.is_none());
    assert!(site.diagnostics.render(&site.sources).contains("error[broken-wikilink]"));
    let c = change(&t, openai, |s| s.replace("[[Không Có]]", "[[ChatGPT]]"));
    apply_ok(&mut inc, &c);
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "fixed wikilink");
    // A front-matter edit (a fact shown in the infobox) is not a description
    // edit: the general path rebuilds the model.
    let c = change(&t, openai, |s| s.replace("founded = 2015", "founded = 2016"));
    let w = apply_ok(&mut inc, &c);
    assert!(!w.entity_patched && !w.patched, "{w:?}");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "fact");
}

#[test]
fn claims_headings_and_tags_added_and_removed_are_patched() {
    let t = SiteTest::sample();
    let inc_dir = t.root.join("inc");
    let mut inc = start(&t);
    let article = "content/articles/nhung-con-so-quanh-chatgpt.md";
    let claim = inc_dir.join("claims/openai-revenue-2031-nhung-con-so-quanh-chatgpt.html");
    let sentence = "\nOpenAI đạt doanh thu 9 tỷ USD trong năm 2031.\n";
    let c = change(&t, article, |s| format!("{s}{sentence}"));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && w.reindexed && w.analysed == 1, "{w:?}");
    assert!(claim.exists(), "the new claim has its page");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "claim added");
    let c = change(&t, article, |s| s.replace(sentence, "\n"));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && w.reindexed && w.removed >= 1, "{w:?}");
    assert!(!claim.exists(), "the claim's page went with it");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "claim removed");
    // A curated claim quoting the text: a new claim anchor on the page.
    let c = change(&t, article, |s| {
        s.replacen(
            "\n+++\n",
            "\n[[claims]]\nid = \"openai-staff-2031\"\nsubject = \"openai\"\nmetric = \"employees\"\nvalue = \"3000\"\nquote = \"OpenAI có 3000 nhân viên\"\n+++\nOpenAI có 3000 nhân viên.\n\n",
            1,
        )
    });
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && w.reindexed, "{w:?}");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "curated claim added");
    let c = change(&t, article, |s| format!("{s}\n## Một mục mới\n\nNội dung.\n"));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && !w.reindexed, "{w:?}");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "heading added");
    let c = change(&t, article, |s| s.replace("\n## Một mục mới\n", "\n"));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched, "{w:?}");
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "heading removed");
    // A tag no other article has: its page comes and goes with it.
    let c = change(&t, article, |s| s.replacen("tags = [", "tags = [\"thẻ riêng\", ", 1));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched, "{w:?}");
    assert!(inc_dir.join("tags/the-rieng.html").exists());
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "tag added");
    let c = change(&t, article, |s| s.replacen("\"thẻ riêng\", ", "", 1));
    let w = apply_ok(&mut inc, &c);
    assert!(w.patched && w.removed >= 1, "{w:?}");
    assert!(!inc_dir.join("tags/the-rieng.html").exists());
    inc.finish().unwrap();
    assert_matches_full_build(&t.root, &inc_dir, "tag removed");
}

/// A claim page or heading another article links to cannot go on the fast
/// path: the general path reports the broken link, like a full build.
#[test]
fn removing_what_another_article_links_to_fails_like_a_full_build() {
    let t = SiteTest::sample();
    let inc_dir = t.root.join("inc");
    let mut inc = start(&t);
    let source = "content/articles/nhung-con-so-quanh-chatgpt.md";
    let linking = "content/articles/dong-thoi-gian-microsoft-openai.md";
    let sentence = "\nOpenAI đạt doanh thu 9 tỷ USD trong năm 2031.\n## Mục đích\n";
    apply_ok(&mut inc, &change(&t, source, |s| format!("{s}{sentence}")));
    let link = "\nXem [số](../claims/openai-revenue-2031-nhung-con-so-quanh-chatgpt.html) và [mục](nhung-con-so-quanh-chatgpt.md#muc-dich).\n";
    apply_ok(&mut inc, &change(&t, linking, |s| format!("{s}{link}")));
    let removals = [
        ("\nOpenAI đạt doanh thu 9 tỷ USD trong năm 2031.", "broken-link"),
        ("\n## Mục đích", "broken-anchor"),
    ];
    for (what, code) in removals {
        let c = change(&t, source, |s| s.replacen(what, "", 1));
        let (site, written) = inc.apply(&c).unwrap();
        assert!(written.is_none(), "{code}");
        assert!(site.diagnostics.render(&site.sources).contains(&format!("error[{code}]")));
        assert!(!full_build(&t.root, &t.root.join("full")).0);
        let c = change(&t, source, |s| format!("{s}{what}\n"));
        apply_ok(&mut inc, &c);
        inc.finish().unwrap();
        assert_matches_full_build(&t.root, &inc_dir, code);
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

/// Provenance, timelines and graphs read other claims, dates and relations:
/// edits of each match a full build (issue 14).
#[test]
fn provenance_timeline_and_graph_edits_match_full_builds() {
    let t = SiteTest::from_dir("views");
    let inc_dir = t.root.join("inc");
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(inc_dir.clone()),
        site_url: None,
        ..BuildOptions::default()
    };
    let (mut inc, _, written) = Incremental::start(opts).unwrap();
    assert!(written.is_some());
    let rewrite = |rel: &str, from: &str, to: &str| {
        let p = t.root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has {from:?}");
        std::fs::write(&p, text.replace(from, to)).unwrap();
        p.canonicalize().unwrap()
    };
    let edits: [(&str, &str, &str, bool); 5] = [
        // The first report's source date moves after every other report.
        ("content/articles/first.md", "published = 2023-01-10", "published = 2025-06-01", true),
        // The conflicting report now says it revises the figure.
        (
            "content/articles/conflict.md",
            "Acme had $80 million",
            "Acme revised to $80 million",
            true,
        ),
        // The investment changes counterparty: Acme's timeline loses it.
        (
            "content/articles/conflict.md",
            "counterparty = \"acme\"",
            "counterparty = \"globex\"",
            true,
        ),
        // A repeated value becomes a conflict.
        ("content/articles/repeat.md", "value = \"$36 million\"", "value = \"$90 million\"", true),
        // A relation goes: the graph loses a node.
        (
            "content/companies/acme.md",
            "relations = [{ type = \"invests-in\", target = \"globex\", since = 2021 }]\n",
            "",
            false,
        ),
    ];
    for (i, (rel, from, to, fast)) in edits.into_iter().enumerate() {
        let p = rewrite(rel, from, to);
        let (_, written) = inc.apply(&[Change::Content(p)]).unwrap();
        let w = written.unwrap_or_else(|| panic!("edit {i} built"));
        if fast {
            assert!(w.patched, "edit {i} took the fast path");
        }
        inc.finish().unwrap();
        assert_matches_full_build(&t.root, &inc_dir, &format!("edit {i} ({rel})"));
    }
    let claim =
        std::fs::read_to_string(inc_dir.join("claims/acme-revenue-2022-first.html")).unwrap();
    assert!(claim.contains("role-revision"), "the conflict became a revision");
}
