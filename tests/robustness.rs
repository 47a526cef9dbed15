//! Deliberately broken input: every case is reported at its exact
//! `file:line:col` with a useful message, and nothing panics.

use crate::harness::SiteTest;

const BOOK: (&str, &str) = ("book.toml", "[book]\ntitle = \"T\"\n");
const ACME: (&str, &str) = ("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\nA company.\n");

fn site(files: &[(&str, &str)]) -> SiteTest {
    let t = SiteTest::from_files(&[BOOK, ACME]);
    for (path, text) in files {
        t.write(path, text);
    }
    t
}

fn article(front: &str, body: &str) -> String {
    format!("+++\ntitle = \"A\"\ndate = 2024-01-31\n{front}+++\n{body}")
}

#[test]
fn malformed_toml_front_matter_is_reported_where_the_parser_stopped() {
    let t = site(&[("content/articles/a.md", "+++\ntitle = \ndate = 2024-01-31\n+++\n")]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:2:9: error[invalid-front-matter]: invalid TOML: string values must be quoted, expected literal string"
        ]
    );
}

#[test]
fn malformed_yaml_front_matter_is_reported_where_the_parser_stopped() {
    let t = site(&[
        ("content/articles/a.md", "---\ntitle: [unclosed\ndate: 2024-01-31\n---\n"),
        ("content/articles/b.md", "---\ntitle: B\ndate: 2024-01-31\n  bad: indent\n---\n"),
        ("content/articles/c.md", "---\n- just\n- a list\n---\n"),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:3:5: error[invalid-front-matter]: invalid YAML: did not find expected ',' or ']'",
            "content/articles/b.md:4:6: error[invalid-front-matter]: invalid YAML: mapping values are not allowed in this context",
            "content/articles/c.md:2:1: error[invalid-front-matter]: YAML front matter must be a mapping of keys to values",
        ]
    );
}

#[test]
fn deeply_nested_front_matter_is_an_error_not_a_hang() {
    let deep = "[".repeat(100_000);
    let t = site(&[
        ("content/articles/a.md", &format!("---\ntitle: A\nx: {deep}\n---\n")),
        ("content/articles/b.md", &format!("+++\ntitle = \"B\"\nx = {deep}\n+++\n")),
    ]);
    let start = std::time::Instant::now();
    let found = t.check();
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert_eq!(
        found,
        [
            "content/articles/a.md:3:132: error[invalid-front-matter]: invalid YAML: nested more than 128 levels deep",
            "content/articles/b.md:3:85: error[invalid-front-matter]: invalid TOML: cannot recurse further; max recursion depth met",
        ]
    );
}

#[test]
fn missing_and_unclosed_fences() {
    let t = site(&[
        ("content/articles/no-fence.md", "title = \"A\"\n"),
        ("content/articles/unclosed.md", "\n+++\ntitle = \"A\"\ndate = 2024-01-31\nBody.\n"),
        ("content/articles/unclosed-yaml.md", "---\ntitle: A\n"),
        ("content/companies/fence-only.md", "+++"),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/no-fence.md:1:1: error[missing-front-matter]: file has no front matter",
            "content/articles/unclosed-yaml.md:1:1: error[unclosed-front-matter]: front matter is never closed",
            "content/articles/unclosed.md:2:1: error[unclosed-front-matter]: front matter is never closed",
            "content/companies/fence-only.md:1:1: error[unclosed-front-matter]: front matter is never closed",
        ]
    );
}

#[test]
fn missing_required_keys_point_at_the_front_matter() {
    let t = site(&[
        ("content/articles/a.md", "+++\nsummary = \"s\"\n+++\n"),
        ("content/articles/b.md", "---\ntitle: B\n---\n"),
        ("content/companies/nameless.md", "\n\n+++\nwebsite = \"https://x.example\"\n+++\n"),
        (
            "content/articles/c.md",
            &article("[[claims]]\nsubject = \"acme\"\nvalue = \"1 USD\"\n", "Body.\n"),
        ),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:1:1: error[missing-key]: an article needs `title`",
            "content/articles/a.md:1:1: error[missing-key]: an article needs `date`",
            "content/articles/b.md:1:1: error[missing-key]: an article needs `date`",
            "content/articles/c.md:4:1: error[invalid-claim]: claim is missing metric",
            "content/companies/nameless.md:3:1: error[missing-key]: an entity needs `name`",
        ]
    );
}

#[test]
fn wrong_types_point_at_the_value() {
    let t = site(&[
        (
            "content/articles/a.md",
            &article("tags = 5\ndraft = \"yes\"\nauthors = [1, 2]\nsource = 3\n", "Body.\n"),
        ),
        ("content/companies/b.md", "---\nname: B\naliases: [[x]]\nrelations: 7\n---\n"),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:4:8: error[wrong-type]: `tags` must be a list of strings, found integer",
            "content/articles/a.md:5:9: error[wrong-type]: `draft` must be true or false, found string",
            "content/articles/a.md:6:12: error[wrong-type]: items of `authors` must be strings, found integer",
            "content/articles/a.md:6:15: error[wrong-type]: items of `authors` must be strings, found integer",
            "content/articles/a.md:7:1: error[wrong-type]: `source` must be a table, found integer",
            "content/companies/b.md:3:1: error[wrong-type]: aliases must be strings or tables, found array",
            "content/companies/b.md:4:12: error[wrong-type]: `relations` must be a list of tables, found integer",
        ]
    );
}

#[test]
fn invalid_dates_point_at_the_date() {
    let t = site(&[
        ("content/articles/a.md", "+++\ntitle = \"A\"\ndate = \"2023-02-30\"\n+++\n"),
        ("content/articles/b.md", "+++\ntitle = \"B\"\ndate = 2023-13-01\n+++\n"),
        ("content/articles/c.md", "---\ntitle: C\ndate: 31/01/2024\n---\n"),
        (
            "content/articles/d.md",
            &article("source = { name = \"X\", published = \"yesterday\" }\n", ""),
        ),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:3:9: error[invalid-date]: `date` = \"2023-02-30\" is not a valid date",
            "content/articles/b.md:3:8: error[invalid-front-matter]: invalid TOML: invalid date, expected month between 01 and 12",
            "content/articles/c.md:3:7: error[invalid-date]: `date` = \"31/01/2024\" is not a valid date",
            "content/articles/d.md:4:37: error[invalid-date]: `source.published` is not a valid date",
        ]
    );
}

#[test]
fn non_utf8_files_are_reported_at_the_first_bad_byte() {
    let t = site(&[]);
    t.write_bytes(
        "content/articles/latin1.md",
        b"+++\ntitle = \"A\"\ndate = 2024-01-31\n+++\nCaf\xe9 au lait.\n",
    );
    t.write_bytes("content/articles/utf16.md", &[0xff, 0xfe, b'+', 0, b'+', 0, b'+', 0]);
    t.write_bytes("book.toml", b"[book]\ntitle = \"T\xff\"\n");
    // book.toml is checked first: a broken config stops the build before content.
    assert_eq!(t.check(), ["book.toml:2:11: error[not-utf8]: file is not valid UTF-8 (byte 0xff)"]);
    t.write("book.toml", BOOK.1);
    assert_eq!(
        t.check(),
        [
            "content/articles/latin1.md:5:4: error[not-utf8]: file is not valid UTF-8 (byte 0xe9)",
            "content/articles/utf16.md:1:1: error[not-utf8]: file is UTF-16 text, not UTF-8",
        ]
    );
}

#[test]
fn bom_and_crlf_files_load_with_correct_positions() {
    let t = site(&[]);
    t.write_bytes(
        "content/articles/a.md",
        "\u{feff}+++\r\ntitle = \"A\"\r\ndate = 2024-01-31\r\n\r\n[[claims]]\r\nsubject = \"acm\"\r\nmetric = \"revenue\"\r\nvalue = \"5 USD\"\r\n+++\r\nAcme made money.\r\n"
            .as_bytes(),
    );
    assert_eq!(t.check(), ["content/articles/a.md:6:12: error[unknown-entity]: no entity \"acm\""]);
    t.write_bytes(
        "content/articles/a.md",
        "\u{feff}+++\r\ntitle = \"A\"\r\ndate = 2024-01-31\r\n+++\r\nAcme made\r\nno money.\r\n"
            .as_bytes(),
    );
    let o = t.build_clean();
    assert_eq!(&*o.site.model.articles[0].body, "Acme made\nno money.\n");
    let html = t.read("articles/a.html");
    assert!(html.contains("Acme</a> made\nno money."), "{html}");
}

#[test]
fn nfd_vietnamese_is_normalised_before_positions_are_counted() {
    // "Đầu tư" decomposed: the column counts characters of the NFC text.
    let t = site(&[(
        "content/companies/quy.md",
        "+++\nname = \"Quy\u{303} \u{110}a\u{302}\u{300}u tu\u{31b}\"\nmaker = \"acm\"\n+++\n",
    )]);
    assert_eq!(
        t.check(),
        ["content/companies/quy.md:3:10: error[unknown-entity]: no entity \"acm\""]
    );
    let site = t.compile();
    assert_eq!(site.model.entities[1].name, "Quỹ Đầu tư");
}

#[test]
fn empty_and_blank_files_are_reported() {
    let t = site(&[("content/articles/empty.md", ""), ("content/companies/blank.md", "\n\n   \n")]);
    assert_eq!(
        t.check(),
        [
            "content/articles/empty.md:1:1: error[missing-front-matter]: file is empty",
            "content/companies/blank.md:1:1: error[missing-front-matter]: file is empty",
        ]
    );
}

#[test]
fn binary_files_in_content_are_reported_or_ignored() {
    let t = site(&[]);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..5000u32).map(|i| (i * 7919 % 256) as u8));
    t.write_bytes("content/articles/image.md", &png);
    t.write_bytes("content/companies/logo.png", &png);
    t.write_bytes("content/articles/nul.md", b"+++\ntitle = \"A\0\"\ndate = 2024-01-31\n+++\n");
    assert_eq!(
        t.check(),
        [
            "content/articles/image.md:1:1: error[not-utf8]: file is binary, not UTF-8 Markdown",
            "content/articles/nul.md:2:11: error[invalid-front-matter]: invalid TOML: invalid basic string, expected non-double-quote visible characters, `\\`",
        ]
    );
}

#[test]
fn large_files_build_and_link_every_mention() {
    // About 4 MB of body. Not timed (speed belongs in benches/); a quadratic
    // pass would still show as a test that takes minutes.
    let para = "Acme đầu tư 2 tỷ USD vào [[Acme]] năm 2023, theo *Reuters*. Doanh thu đạt 35 triệu USD.\n\n";
    let paragraphs = 4_000_000 / para.len();
    let body = para.repeat(paragraphs);
    let t = site(&[]);
    // Without auto-claims: 80,000 extracted claim pages would test rendering
    // volume (benches/), not large input files.
    t.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[kb]\nlink-mentions = \"all\"\nauto-claims = false\n",
    );
    t.write("content/articles/big.md", &article("", &body));
    let o = t.build();
    assert!(o.written, "{}", o.site.diagnostics.render(&o.site.sources));
    let html = t.read("articles/big.html");
    // Each paragraph: one mention and one wikilink; plus the chip under
    // "entities mentioned".
    assert_eq!(html.matches("href=\"../companies/acme.html\"").count(), 2 * paragraphs + 1);
}

#[test]
fn very_long_lines_are_excerpted_in_diagnostics() {
    let line = format!("{} [[Acmee]] {}", "word ".repeat(200_000), "tail ".repeat(1000));
    let t = site(&[("content/articles/a.md", &article("", &line))]);
    let site = t.compile();
    let rendered = site.diagnostics.render(&site.sources);
    assert!(
        rendered.starts_with("content/articles/a.md:5:1000002: error[broken-wikilink]: wikilink [[Acmee]] names no entity\n"),
        "{}",
        &rendered[..rendered.len().min(300)]
    );
    assert!(rendered.lines().all(|l| l.chars().count() < 200), "excerpt is cut");
    assert!(rendered.contains("[[Acmee]]"));
}

#[test]
fn deeply_nested_markdown_builds() {
    let body = [
        ">".repeat(10_000) + " deep quote",
        "[".repeat(10_000),
        "]".repeat(10_000),
        "*".repeat(10_000),
        "- ".repeat(5_000) + "item",
        "[a](".repeat(10_000),
        "![a](".repeat(5_000),
        "<div>".repeat(10_000),
        "**a".repeat(10_000),
        "[[".repeat(10_000),
        "`".repeat(10_000),
    ]
    .join("\n\n");
    let t = site(&[("content/articles/a.md", &article("", &body))]);
    let start = std::time::Instant::now();
    let o = t.build();
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert!(o.written, "{}", o.site.diagnostics.render(&o.site.sources));
    assert!(t.read("articles/a.html").contains("deep quote"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_reported_not_followed_forever() {
    let t = site(&[]);
    std::os::unix::fs::symlink("..", t.root.join("content/companies/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", t.root.join("content/companies/gone.md")).unwrap();
    assert_eq!(
        t.check(),
        [
            "content/companies/gone.md:1:1: error[unreadable-file]: cannot read this path (broken symbolic link); it is skipped",
            "content/companies/loop:1:1: warning[unreadable-path]: symbolic link loop skipped",
        ]
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_errors() {
    use std::os::unix::fs::PermissionsExt;
    let t = site(&[("content/companies/secret.md", "+++\nname = \"Secret\"\n+++\n")]);
    let path = t.root.join("content/companies/secret.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!(
            "note: running with privileges that read any file (root?); skipping the unreadable-file check"
        );
        return;
    }
    let found = t.check();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("content/companies/secret.md:1:1: error[unreadable-file]: cannot read this file (Permission denied"),
        "{found:?}"
    );
}

#[test]
fn file_names_with_spaces_and_vietnamese_characters() {
    let t = site(&[
        (
            "content/companies/Công ty Việt.md",
            "+++\nname = \"Công ty Việt\"\nmaker = \"acm\"\n+++\n",
        ),
        ("content/articles/Bài viết số 1.md", &article("", "Công ty Việt và Acme.\n")),
    ]);
    assert_eq!(
        t.check(),
        ["content/companies/Công ty Việt.md:3:10: error[unknown-entity]: no entity \"acm\""]
    );
    t.write("content/companies/Công ty Việt.md", "+++\nname = \"Công ty Việt\"\n+++\n");
    t.build_clean();
    assert!(t.out().join("companies/cong-ty-viet.html").exists());
    let html = t.read("articles/bai-viet-so-1.html");
    assert!(html.contains("href=\"../companies/cong-ty-viet.html\""), "{html}");
}

#[test]
fn slugs_and_ids_that_try_to_escape_are_errors() {
    let t = site(&[
        ("content/companies/a.md", "+++\nname = \"A\"\nslug = \"../../etc\"\n+++\n"),
        ("content/companies/b.md", "+++\nname = \"B\"\nslug = \"/abs\"\n+++\n"),
        ("content/companies/c.md", "+++\nname = \"C\"\nslug = \"c\\u0000d\"\n+++\n"),
        ("content/companies/d.md", "+++\nname = \"D\"\nslug = \"page\"\n+++\n"),
        ("content/companies/index.md", "+++\nname = \"Index\"\n+++\n"),
        ("content/articles/page.md", &article("", "")),
        (
            "content/articles/claims.md",
            &article(
                "[[claims]]\nid = \"../../x\"\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"1 USD\"\n\n[[claims]]\nid = \"index\"\nsubject = \"../acme\"\nmetric = \"revenue\"\nvalue = \"2 USD\"\n",
                "",
            ),
        ),
        ("content/tags/x.md", "+++\nname = \"X\"\n+++\n"),
        ("content/My Stuff/y.md", "+++\nname = \"Y\"\n+++\n"),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/My Stuff/y.md:1:1: error[invalid-kind]: folder \"My Stuff\" cannot be an entity kind; its files are skipped",
            "content/articles/claims.md:5:6: error[invalid-id]: claim id \"../../x\" is not a slug",
            "content/articles/claims.md:11:6: error[invalid-id]: claim id \"index\" is reserved",
            "content/articles/claims.md:12:12: error[unknown-entity]: no entity \"../acme\"",
            "content/articles/page.md:1:1: error[invalid-slug]: file name \"page\" gives no usable slug: \"page\" is reserved",
            "content/companies/a.md:3:8: error[invalid-slug]: slug \"../../etc\" is not usable",
            "content/companies/b.md:3:8: error[invalid-slug]: slug \"/abs\" is not usable",
            "content/companies/c.md:3:8: error[invalid-slug]: slug \"c\\0d\" is not usable",
            "content/companies/d.md:3:8: error[invalid-slug]: slug \"page\" is not usable",
            "content/companies/index.md:1:1: error[invalid-slug]: file name \"index\" gives no usable slug: \"index\" is reserved",
            "content/tags/x.md:1:1: error[invalid-kind]: folder \"tags\" cannot be an entity kind; its files are skipped",
        ]
    );
}

#[test]
fn explicit_slug_names_the_page() {
    let t = site(&[
        (
            "content/companies/acme-corporation.md",
            "+++\nname = \"Acme Corp\"\nslug = \"acme-corp\"\n+++\n",
        ),
        ("content/articles/x.md", &article("slug = \"renamed\"\n", "Acme Corp.\n")),
    ]);
    t.build_clean();
    assert!(t.out().join("companies/acme-corp.html").exists());
    assert!(t.out().join("articles/renamed.html").exists());
}

#[test]
fn two_files_with_the_same_slug_are_reported_with_both_names() {
    let t = site(&[
        ("content/companies/Trí tuệ.md", "+++\nname = \"Trí tuệ\"\n+++\n"),
        ("content/products/tri-tue.md", "+++\nname = \"Tri Tue Pro\"\n+++\n"),
        ("content/articles/2023/report.md", &article("", "")),
        ("content/articles/2024/report.md", &article("", "")),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/2024/report.md:1:1: error[duplicate-slug]: slug \"report\" is already used by content/articles/2023/report.md",
            "content/products/tri-tue.md:1:1: error[duplicate-slug]: slug \"tri-tue\" is already used by content/companies/Trí tuệ.md",
        ]
    );
}

#[test]
fn alias_claimed_twice_is_reported_at_the_second_alias() {
    let t = site(&[(
        "content/companies/other.md",
        "+++\nname = \"Other\"\naliases = [\"Oth\", \"Acme\"]\n+++\n",
    )]);
    assert_eq!(
        t.check(),
        [
            "content/companies/other.md:3:20: warning[duplicate-alias]: \"Acme\" is the name of acme and also an alias of other"
        ]
    );
}

#[test]
fn unknown_slugs_point_at_the_slug_value() {
    let t = site(&[
        ("content/products/p.md", "---\nname: P\nmaker: acmee\n---\n"),
        ("content/people/q.md", "+++\nname = \"Q\"\naffiliation = 'acm'\n+++\n"),
        (
            "content/companies/r.md",
            "+++\nname = \"R\"\n\n[[relations]]\ntype = \"invests-in\"\ntarget = \"acme\"\n\n[[relations]]\ntype = \"partner-of\"\ntarget = \"acm\"\n+++\n",
        ),
        (
            "content/articles/a.md",
            &article(
                "\n[[claims]]\nsubject = \"acme\"\nmetric = \"revenue\"\nvalue = \"1 USD\"\ncounterparty = \"acmi\"\naccording-to = \"reuters\"\n",
                "",
            ),
        ),
        (
            "content/articles/b.md",
            "---\ntitle: B\ndate: 2024-01-31\nclaims:\n  - subject: acme\n    metric: users\n    value: 1 USD\n  - subject: acne\n    metric: revenue\n    value: 2 USD\n---\n",
        ),
    ]);
    assert_eq!(
        t.check(),
        [
            "content/articles/a.md:9:17: error[unknown-entity]: no entity \"acmi\"",
            "content/articles/a.md:10:17: error[unknown-entity]: no entity \"reuters\"",
            "content/articles/b.md:8:14: error[unknown-entity]: no entity \"acne\"",
            "content/companies/r.md:10:11: error[unknown-entity]: no entity \"acm\"",
            "content/people/q.md:3:16: error[unknown-entity]: no entity \"acm\"",
            "content/products/p.md:3:8: error[unknown-entity]: no entity \"acmee\"",
        ]
    );
}

#[test]
fn build_dir_inside_the_sources_is_refused() {
    for (build_dir, at) in
        [(".", "3:13"), ("content/out", "3:13"), ("static", "3:13"), ("..", "3:13")]
    {
        let t = site(&[]);
        t.write(
            "book.toml",
            &format!("[book]\ntitle = \"T\"\n[build]\nbuild-dir = \"{build_dir}\"\n"),
        );
        let found = t.check();
        let at = format!("book.toml:4:{}", &at[2..]);
        assert_eq!(found.len(), 1, "{build_dir}: {found:?}");
        assert!(
            found[0].starts_with(&format!("{at}: error[unsafe-build-dir]: build dir ")),
            "{found:?}"
        );
        let o = t.build();
        assert!(!o.written);
    }
    let t = site(&[]);
    t.write("book.toml", "[book]\ntitle = \"T\"\nsrc = \".\"\n");
    let found = t.check();
    assert!(found[0].starts_with("book.toml:3:7: error[unsafe-build-dir]"), "{found:?}");
}

/// Issue 15 ("Nothing lost"): `build -d` into a folder factbook never wrote
/// used to delete it wholesale.
#[test]
fn issue_15_a_folder_factbook_did_not_write_survives_a_build() {
    let t = site(&[]);
    let foreign = t.root.join("important");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("file.txt"), "x").unwrap();
    let opts = factbook::BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(foreign.clone()),
        ..Default::default()
    };
    let err = factbook::build_site(&opts).unwrap_err().to_string();
    assert!(err.contains("important") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(foreign.join("file.txt")).unwrap(), "x");
    assert!(factbook::rebuild::Incremental::start(opts.clone()).is_err(), "serve/watch too");
    assert_eq!(std::fs::read_to_string(foreign.join("file.txt")).unwrap(), "x");

    // The build dir factbook wrote itself is replaced without asking.
    let book = t.root.join("book");
    assert!(t.build().written);
    assert!(book.join(factbook::write::MARKER).is_file());
    assert!(t.build().written);

    let forced =
        factbook::BuildOptions { foreign_dir: factbook::write::ForeignDir::Replace, ..opts };
    assert!(factbook::build_site(&forced).unwrap().written);
    assert!(!foreign.join("file.txt").exists());
    assert!(foreign.join("index.html").is_file());
}
