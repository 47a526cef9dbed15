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
        stdout.contains("2 articles, 2 companies, 2 products, 1 person, 1 publication"),
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
fn build_prints_the_first_warnings_of_a_kind_and_check_prints_all() {
    let t = SiteTest::from_dir("basic");
    for i in 0..25 {
        t.write(
            &format!("content/articles/extra-{i}.md"),
            "+++\ntitle = \"Extra\"\ndate = 2024-01-01\nfoo = 1\n+++\nText.\n",
        );
    }
    let located = |stderr: &str| {
        stderr.lines().filter(|l| l.contains("warning[unknown-key]: unknown article key")).count()
    };
    let out = factbook().arg("build").arg(&t.root).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(located(&stderr), 20, "{stderr}");
    assert!(
        stderr.contains("warning[unknown-key]: 5 more warnings like these not shown; `factbook check` lists them all"),
        "{stderr}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("25 warnings"));
    let out = factbook().arg("check").arg(&t.root).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(located(&stderr), 25, "{stderr}");
    assert!(!stderr.contains("not shown"), "{stderr}");
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
    // Issue 15: a new site builds without warnings (no relative site-url) and
    // publishes only the claims its author writes, saying so in book.toml.
    let report =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(report.contains(" 0 warnings, 0 errors"), "{report}");
    let toml = std::fs::read_to_string(site.join("book.toml")).unwrap();
    let at = toml.find("\nauto-claims = false\n").expect("auto-claims = false");
    assert!(toml[..at].ends_with("`factbook check` lists the figures either way."), "{toml}");
    let out = factbook().arg("init").arg(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "refuses to overwrite");
}

#[test]
fn check_reports_every_error_and_exits_one() {
    let t = SiteTest::from_dir("basic");
    t.write("content/products/gadget.md", "+++\nname = \"Gadget\"\nmaker = \"acem\"\n+++\n");
    t.write("content/people/joe.md", "+++\nname = \"Joe\"\naffiliation = \"globx\"\n+++\n");
    let out = factbook().arg("check").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("content/products/gadget.md:3:10: error[unknown-entity]"), "{stderr}");
    assert!(stderr.contains("content/people/joe.md:3:16: error[unknown-entity]"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no colour when stderr is not a terminal");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains(": 2 errors, 0 warnings"), "{stdout}");
    assert!(!t.out().exists());
}

#[test]
fn deny_warnings_makes_check_fail_on_warnings() {
    let t = SiteTest::from_dir("basic");
    t.write("content/companies/initech.md", "+++\nname = \"Initech\"\ncolour = { a = 1 }\n+++\n");
    let out = factbook().arg("check").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = factbook().args(["check", "--deny-warnings"]).arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .contains("content/companies/initech.md:3:1: error[ignored-key]: `colour` is a table"),
        "{stderr}"
    );
}

#[test]
fn message_format_json_prints_one_object_per_line() {
    let t = SiteTest::from_dir("basic");
    t.write("content/products/gadget.md", "+++\nname = \"Gadget\"\nmaker = \"acem\"\n+++\n");
    for command in ["check", "build"] {
        let out =
            factbook().args([command, "--message-format", "json"]).arg(&t.root).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<serde_json::Value> =
            stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON object")).collect();
        assert_eq!(
            lines,
            [serde_json::json!({
                "severity": "error",
                "code": "unknown-entity",
                "message": "no entity \"acem\"",
                "file": "content/products/gadget.md",
                "line": 3, "column": 10, "end_line": 3, "end_column": 14,
                "help": "did you mean \"acme\"?",
            })],
            "{command}"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("1 error") && !stderr.contains("1 errors"), "{command}: {stderr}");
    }
    assert!(!t.out().exists());
}

#[test]
fn dest_dir_over_the_sources_is_refused_with_exit_two() {
    let t = SiteTest::from_dir("basic");
    for dest in [t.root.clone(), t.root.join("content"), t.root.join("content/x")] {
        let out = factbook().arg("build").arg(&t.root).arg("-d").arg(&dest).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("error: refusing to build into"), "{stderr}");
    }
    assert!(t.root.join("content/companies/acme.md").exists());
    assert!(!t.root.join("content/x").exists());
}

#[test]
fn only_check_lists_uncovered_figures() {
    let t = SiteTest::from_dir("basic");
    t.write(
        "content/articles/figures.md",
        "+++\ntitle = \"Figures\"\ndate = 2024-05-01\n+++\nAcme paid $5 million and $7 million.\n",
    );
    let out = factbook().arg("build").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let out = factbook().arg("check").arg(&t.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("warning[uncovered-figure]").count(), 2, "{stderr}");
}

/// Issue 15 ("Nothing lost"): every command that writes refuses a folder it
/// did not write, with exit 2 and a message naming the folder and `--force`.
#[test]
fn issue_15_build_serve_and_watch_refuse_a_foreign_dest_dir() {
    let t = SiteTest::from_dir("basic");
    let dest = t.root.join("important");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("file.txt"), "x").unwrap();
    for cmd in [&["build"][..], &["watch"], &["serve", "--port", "0"]] {
        let out = factbook().args(cmd).arg(&t.root).arg("-d").arg(&dest).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&*dest.to_string_lossy()) && stderr.contains("--force"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(dest.join("file.txt")).unwrap(), "x", "{cmd:?}");
    }
    let out = factbook().arg("build").arg(&t.root).arg("-d").arg(&dest).arg("--force").output();
    assert_eq!(out.unwrap().status.code(), Some(0));
    assert!(!dest.join("file.txt").exists());
    assert!(dest.join("index.html").is_file());
}

#[test]
fn build_timings_name_every_stage_and_page_kind() {
    let t = SiteTest::from_dir("basic");
    let out = factbook().arg("build").arg(&t.root).arg("--timings").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let phases: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("timings"))
        .skip(1)
        .filter_map(|l| l.trim_start().split("  ").next())
        .collect();
    for phase in ["load", "analyze: mentions", "analyze: extraction", "render: article.html"] {
        assert!(phases.contains(&phase), "{phase} missing from {stderr}");
    }
    assert!(phases.contains(&"render: claim.html") && phases.contains(&"write (staging)"));
}
