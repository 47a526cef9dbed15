//! Fixture-site harness: copy a site under `tests/sites/` into a temp dir,
//! build it through the library, and inspect the output as parsed HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use factbook::{BuildOptions, Outcome, Site, build_site, check_site};
use scraper::{Html, Selector};

pub(crate) struct SiteTest {
    _dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
}

impl SiteTest {
    /// A copy of `tests/sites/<name>`.
    pub(crate) fn from_dir(name: &str) -> SiteTest {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_tree(&src, &root);
        SiteTest { _dir: dir, root }
    }

    /// A copy of the repository's own sample site (book.toml + content/).
    pub(crate) fn sample() -> SiteTest {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let t = SiteTest::from_files(&[]);
        copy_tree(&repo.join("content"), &t.root.join("content"));
        std::fs::copy(repo.join("book.toml"), t.root.join("book.toml")).expect("copy book.toml");
        t
    }

    /// A site made of the given files.
    pub(crate) fn from_files(files: &[(&str, &str)]) -> SiteTest {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let t = SiteTest { _dir: dir, root };
        for (path, text) in files {
            t.write(path, text);
        }
        t
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub(crate) fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    /// Loads, analyses, renders in memory and lints, like `factbook check`.
    pub(crate) fn compile(&self) -> Site {
        check_site(&BuildOptions { root: self.root.clone(), ..BuildOptions::default() })
            .expect("no I/O error")
    }

    /// The first line of every diagnostic of `check`, in report order:
    /// `file:line:col: severity[code]: message`.
    pub(crate) fn check(&self) -> Vec<String> {
        let site = self.compile();
        site.diagnostics
            .sorted()
            .into_iter()
            .map(|d| d.render(&site.sources).lines().next().unwrap_or_default().to_string())
            .collect()
    }

    pub(crate) fn build(&self) -> Outcome {
        self.build_with(None)
    }

    pub(crate) fn build_with(&self, site_url: Option<&str>) -> Outcome {
        build_site(&BuildOptions {
            root: self.root.clone(),
            dest_dir: None,
            site_url: site_url.map(str::to_string),
            ..BuildOptions::default()
        })
        .expect("no I/O error")
    }

    /// Builds and asserts there were no diagnostics at all.
    pub(crate) fn build_clean(&self) -> Outcome {
        let o = self.build();
        let rendered = o.site.diagnostics.render(&o.site.sources);
        assert!(o.site.diagnostics.is_empty(), "unexpected diagnostics:\n{rendered}");
        assert!(o.written);
        o
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.root.join("book")
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

pub(crate) fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(src).expect("under src");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, by relative path.
pub(crate) fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel =
                e.path().strip_prefix(dir).expect("under dir").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

/// Texts of the elements matching `selector`.
pub(crate) fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// `(text, href)` of the elements matching `selector`.
pub(crate) fn links(doc: &Html, selector: &str) -> Vec<(String, String)> {
    doc.select(&sel(selector))
        .map(|e| {
            (
                e.text().collect::<String>().trim().to_string(),
                e.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Resolves a relative `href` found on page `from` to an output path.
pub(crate) fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Crawls every HTML page of a build and returns each broken internal link
/// (missing file or missing `#fragment`). `base_path` maps root-absolute
/// links (used only by 404.html) into the output.
pub(crate) fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = all_files(out);
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut docs = Vec::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
            ids.insert(
                path.clone(),
                doc.select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect(),
            );
            docs.push((path.clone(), doc));
        }
    }
    let mut broken = Vec::new();
    for (path, doc) in &docs {
        for el in doc.select(&sel("a[href], link[href], script[src], img[src]")) {
            let target =
                el.value().attr("href").or_else(|| el.value().attr("src")).unwrap_or_default();
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with("data:")
            {
                continue;
            }
            let (file_part, fragment) = match target.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (target, None),
            };
            let resolved = if file_part.is_empty() {
                path.clone()
            } else if let Some(abs) = file_part.strip_prefix('/') {
                match format!("/{abs}").strip_prefix(base_path) {
                    Some(inside) => inside.to_string(),
                    None => {
                        broken.push(format!("{path}: {target} (outside {base_path})"));
                        continue;
                    }
                }
            } else {
                resolve(path, file_part)
            };
            let resolved = if resolved.is_empty() || resolved.ends_with('/') {
                format!("{resolved}index.html")
            } else {
                resolved
            };
            if !files.contains_key(&resolved) {
                broken.push(format!("{path}: {target} -> {resolved} (missing)"));
                continue;
            }
            if let Some(frag) = fragment.filter(|f| !f.is_empty())
                && !ids.get(&resolved).is_some_and(|v| v.iter().any(|i| i == frag))
            {
                broken.push(format!("{path}: {target} (no #{frag} in {resolved})"));
            }
        }
    }
    broken
}
