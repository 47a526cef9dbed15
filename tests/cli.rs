//! The binary: exit codes and the summary line.

use assert_cmd::Command;

use crate::harness::SiteTest;

fn factbook() -> Command {
    Command::cargo_bin("factbook").expect("binary built")
}

#[test]
fn build_prints_summary_and_exits_zero() {
    let t = SiteTest::from_dir("basic");
    let out = factbook().arg("build").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("built "), "{stdout}");
    assert!(
        stdout.contains("2 articles, 2 companies, 2 products, 1 people, 1 publications"),
        "{stdout}"
    );
    assert!(stdout.contains("2 claims (2 curated, 0 extracted), 0 warnings"), "{stdout}");
}

#[test]
fn content_errors_exit_one_with_location() {
    let t = SiteTest::from_dir("basic");
    t.write("content/products/gadget.md", "+++\nname = \"Gadget\"\nmaker = \"acem\"\n+++\n");
    let out = factbook().arg("build").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("content/products/gadget.md:3:10: error[unknown-entity]: no entity \"acem\""),
        "{stderr}"
    );
    assert!(stderr.contains("help: did you mean \"acme\"?"), "{stderr}");
    assert!(!t.out().exists());
}

#[test]
fn missing_site_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let out = factbook().arg("build").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = factbook().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dest_dir_and_site_url_flags() {
    let t = SiteTest::from_dir("basic");
    let dest = t.root.join("public");
    let out = factbook()
        .arg("build")
        .arg(&t.root)
        .arg("-d")
        .arg(&dest)
        .arg("--site-url")
        .arg("/kb/")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html =
        scraper::Html::parse_document(&std::fs::read_to_string(dest.join("404.html")).unwrap());
    let css = html.select(&crate::harness::sel("link[rel=stylesheet]")).next().unwrap();
    assert_eq!(css.value().attr("href"), Some("/kb/static/style.css"));
}

#[test]
fn check_writes_nothing() {
    let t = SiteTest::from_dir("basic");
    let out = factbook().arg("check").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!t.out().exists());
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new");
    let out = factbook().arg("init").arg(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = factbook().arg("build").arg(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("book/companies/example-co.html").exists());
    let out = factbook().arg("init").arg(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "refuses to overwrite");
}
