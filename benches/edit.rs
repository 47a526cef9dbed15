//! Edit-to-output latency of the incremental rebuild (what `serve` does after
//! a save), next to a full build in the same run.
//!
//! Usage: `FACTBOOK_BENCH_SITE=/dev/shm/c10k cargo bench --bench edit`
//! (generate the corpus with ../shared/bench/gen_corpus.py; benches/run.sh
//! does all of it). The site is copied to a temp dir first; it is not changed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factbook::BuildOptions;
use factbook::rebuild::{Change, Incremental};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk");
        let target = dst.join(entry.path().strip_prefix(src).expect("under src"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").path()).collect();
    v.sort();
    v
}

/// Time until the pages are written (when `serve` tells the browser to
/// reload), and until the data files follow.
fn timed(inc: &mut Incremental, changes: &[Change]) -> (Duration, Duration) {
    let t = Instant::now();
    let (site, written) = inc.apply(changes).expect("rebuild");
    assert!(written.is_some(), "{}", site.diagnostics.render(&site.sources));
    let pages = t.elapsed();
    inc.finish().expect("data files");
    (pages, t.elapsed())
}

/// Appends `suffix` to about `n` files spread over `paths`, timing the rebuild after each.
fn append_to_each(
    inc: &mut Incremental,
    paths: &[PathBuf],
    n: usize,
    suffix: &str,
) -> Vec<(Duration, Duration)> {
    let mut times = Vec::new();
    for p in paths.iter().step_by(paths.len() / n + 1) {
        let mut text = std::fs::read_to_string(p).expect("read");
        text.push_str(suffix);
        std::fs::write(p, text).expect("write");
        times.push(timed(inc, &[Change::Content(p.canonicalize().expect("exists"))]));
    }
    times
}

fn main() {
    let Some(src) = std::env::var_os("FACTBOOK_BENCH_SITE") else {
        eprintln!("set FACTBOOK_BENCH_SITE to a generated corpus (see benches/run.sh)");
        return;
    };
    let tmp = std::env::var_os("FACTBOOK_BENCH_TMP").map_or_else(std::env::temp_dir, PathBuf::from);
    let root = tmp.join(format!("factbook-edit-bench-{}", std::process::id()));
    copy_tree(Path::new(&src), &root);
    let opts = BuildOptions { root: root.clone(), dest_dir: None, site_url: None };

    let t = Instant::now();
    let full = factbook::build_site(&opts).expect("full build");
    assert!(full.written);
    let full_time = t.elapsed();

    let t = Instant::now();
    let (mut inc, _, _) = Incremental::start(opts).expect("start");
    let start_time = t.elapsed();

    let articles = files(&root.join("content/articles"));
    let article_edits =
        append_to_each(&mut inc, &articles, 9, "\n\nEdited paragraph for the benchmark.\n");
    let entity_edits = append_to_each(
        &mut inc,
        &files(&root.join("content/companies")),
        5,
        "\nDescription edit.\n",
    );
    let template = root.join("templates/claim.html");
    std::fs::create_dir_all(template.parent().expect("has parent")).expect("mkdir");
    std::fs::write(
        &template,
        factbook::render::templates::DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == "claim.html")
            .expect("claim template")
            .1
            .replace("<h1>", "<h1 class=\"edited\">"),
    )
    .expect("write");
    let template_edit = timed(&mut inc, &[Change::Template(template)]);

    println!("site: {} articles", articles.len());
    println!("full build (build_site):          {:>8.1} ms", full_time.as_secs_f64() * 1e3);
    println!("serve start (Incremental::start): {:>8.1} ms", start_time.as_secs_f64() * 1e3);
    let report = |what: &str, v: &[(Duration, Duration)]| {
        let pages = median(v.iter().map(|x| x.0).collect());
        let all = median(v.iter().map(|x| x.1).collect());
        println!(
            "{what}, median of {}: pages written {:>7.1} ms ({:.2}% of full build), data files done {:>7.1} ms",
            v.len(),
            pages.as_secs_f64() * 1e3,
            100.0 * pages.as_secs_f64() / full_time.as_secs_f64(),
            all.as_secs_f64() * 1e3
        );
    };
    report("article edit", &article_edits);
    report("entity edit ", &entity_edits);
    report("template edit", &[template_edit]);
    let _ = std::fs::remove_dir_all(&root);
}
