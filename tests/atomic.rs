//! Atomic output: a build killed while writing leaves the previous site
//! intact (byte for byte), the next build succeeds, and nothing outside the
//! build dir and its staging sibling is ever written.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{SiteTest, all_files};

/// Every file under `dir` except the build dir and its siblings.
fn sources_snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    all_files(dir)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("site/book/") && !path.starts_with("site/.book."))
        .collect()
}

fn big_site(articles: usize) -> SiteTest {
    let t = SiteTest::from_files(&[
        ("book.toml", "[book]\ntitle = \"Big\"\n"),
        ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\nA company.\n"),
        ("content/companies/globex.md", "+++\nname = \"Globex\"\n+++\nAnother.\n"),
    ]);
    for i in 0..articles {
        let claim = if i % 20 == 0 {
            format!(
                "[[claims]]\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"${i} million\"\nperiod = \"{}\"\nquote = \"Acme made ${i} million\"\n",
                1000 + i
            )
        } else {
            String::new()
        };
        t.write(
            &format!("content/articles/a{i:05}.md"),
            &format!(
                "+++\ntitle = \"Article {i}\"\ndate = 2024-01-{:02}\ntags = [\"t{}\"]\n{claim}+++\nAcme made ${i} million, Globex said. See [[Globex]].\n",
                i % 28 + 1,
                i % 7,
            ),
        );
    }
    t
}

#[test]
fn killed_build_leaves_the_previous_site_intact_and_the_next_build_succeeds() {
    let t = big_site(3000);
    let parent = t.root.parent().expect("site has a parent").to_path_buf();
    let first = t.build();
    assert!(first.written, "{}", first.site.diagnostics.render(&first.site.sources));
    let before = all_files(&t.out());
    let sources = sources_snapshot(&parent);

    // Change the site so that a completed build would differ.
    t.write("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\nA changed company.\n");
    let sources_changed = sources_snapshot(&parent);
    let staging = parent.join("site/.book.factbook-staging");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("factbook"))
        .arg("build")
        .arg(&t.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn factbook");
    let start = Instant::now();
    while !staging.exists() {
        assert!(child.try_wait().expect("poll").is_none(), "the build ended before writing");
        assert!(start.elapsed() < Duration::from_secs(120), "staging never appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    let finished_first = child.try_wait().expect("poll").is_some();
    child.kill().expect("kill the build");
    child.wait().expect("reap the build");
    assert!(!finished_first, "the build finished before it could be killed; use more articles");
    assert!(staging.exists(), "the kill interrupted the writing of the staging folder");

    // The previous site is complete and unchanged. (A kill between the two
    // renames of the swap would leave it under its `old` name; the next build
    // puts it back.)
    let old = parent.join("site/.book.factbook-old");
    let survivor = if t.out().exists() { t.out() } else { old };
    assert_eq!(all_files(&survivor).len(), before.len());
    assert!(all_files(&survivor) == before, "previous output was modified");
    assert_eq!(sources_snapshot(&parent), sources_changed, "sources were touched");

    // The next build succeeds, clears the staging folder and publishes the change.
    let out = Command::new(assert_cmd::cargo::cargo_bin("factbook"))
        .arg("build")
        .arg(&t.root)
        .output()
        .expect("run factbook");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!staging.exists());
    assert!(!parent.join("site/.book.factbook-old").exists());
    assert!(t.read("companies/acme.html").contains("A changed company."));
    // The same pages (the search index's word shards follow the words, so
    // the changed text may add or drop one).
    let pages = |files: std::collections::BTreeMap<String, Vec<u8>>| {
        files.into_keys().filter(|p| !p.starts_with("search/terms/")).collect::<Vec<_>>()
    };
    assert_eq!(pages(all_files(&t.out())), pages(before));
    assert_ne!(sources, sources_changed);
    assert_eq!(sources_snapshot(&parent), sources_changed, "sources were touched");
}

#[test]
fn builds_write_only_the_build_dir() {
    let t = SiteTest::from_dir("basic");
    let parent = t.root.parent().expect("site has a parent").to_path_buf();
    let sources = sources_snapshot(&parent);
    t.build_clean();
    t.write("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\nChanged.\n");
    let changed = sources_snapshot(&parent);
    t.build_clean();
    assert_eq!(sources_snapshot(&parent), changed);
    let entries: Vec<String> = std::fs::read_dir(&t.root)
        .expect("list site")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book") || n == "book")
        .collect();
    assert_eq!(entries, ["book"], "no staging or old folder is left behind");
    assert_ne!(sources, changed);
}
