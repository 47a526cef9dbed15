//! The search index on a corpus: its size on disk, the time to build it as
//! a share of a full build in the same run (interleaved, medians), and what
//! typical queries download (benches/search.mjs runs the browser's engine in
//! node over the built index).
//!
//! Usage: `FACTBOOK_BENCH_SITE=/dev/shm/c10k cargo bench --bench search`
//! (generate the corpus with ../shared/bench/gen_corpus.py; benches/search.sh
//! does all of it).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factbook::BuildOptions;
use factbook::render::Renderer;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn dir_size(dir: &Path) -> (u64, usize) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(b, n), e| (b + e.metadata().map_or(0, |m| m.len()), n + 1))
}

fn main() {
    let site = PathBuf::from(
        std::env::var("FACTBOOK_BENCH_SITE")
            .unwrap_or_else(|_| "/dev/shm/factbook-bench-10000".into()),
    );
    let tmp =
        PathBuf::from(std::env::var("FACTBOOK_BENCH_TMP").unwrap_or_else(|_| "/dev/shm".into()));
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    let out = tmp.join("factbook-search-bench-out");
    let opts =
        BuildOptions { root: site.clone(), dest_dir: Some(out.clone()), ..BuildOptions::default() };
    let theme = factbook::load::load_theme(&site).expect("theme");
    let (mut builds, mut indexes) = (Vec::new(), Vec::new());
    let mut files = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let t = Instant::now();
        let o = factbook::build_site(&opts).expect("build");
        builds.push(t.elapsed());
        assert!(o.written, "the corpus builds");
        let config = o.site.config.as_ref().expect("config");
        let renderer = Renderer::new(&o.site.model, config, &theme).expect("templates");
        let t = Instant::now();
        let index = renderer.search_index();
        indexes.push(t.elapsed());
        files = index.len();
    }
    let (build, index) = (median(builds), median(indexes));
    let (bytes, on_disk) = dir_size(&out.join("search"));
    let (site_bytes, _) = dir_size(&out);
    println!("corpus: {}", site.display());
    println!("full build: {:.2} s (median of {runs})", build.as_secs_f64());
    println!(
        "search index: {:.2} s = {:.1}% of the full build (built alone, after it)",
        index.as_secs_f64(),
        100.0 * index.as_secs_f64() / build.as_secs_f64()
    );
    println!(
        "search index on disk: {:.1} MB in {on_disk} files ({files} outputs) = {:.1}% of the site's {:.1} MB",
        bytes as f64 / 1e6,
        100.0 * bytes as f64 / site_bytes as f64,
        site_bytes as f64 / 1e6
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/search.mjs");
    let status = std::process::Command::new("node").arg(&script).arg(&out).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("note: node benches/search.mjs failed or node is missing; no query figures");
    }
}
