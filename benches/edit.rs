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

/// Edits a figure of the article: the first digit of its body becomes
/// another, so its claims, their conflicts and the pages showing them change.
fn change_a_figure(path: &Path, step: usize) {
    let text = std::fs::read_to_string(path).expect("read");
    let body = text[3..].find("+++").map_or(0, |i| i + 6);
    let Some(at) = text[body..].find(|c: char| c.is_ascii_digit()).map(|i| body + i) else {
        return;
    };
    let digit = (text.as_bytes()[at] - b'0' + 1 + (step % 8) as u8) % 10;
    let mut new = text.clone();
    new.replace_range(at..at + 1, &digit.to_string());
    std::fs::write(path, new).expect("write");
}

/// The display name of an entity file (its `name = "..."` line).
fn entity_name(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    text.lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("entity has a name line")
        .to_string()
}

/// Edits that add something with an id to an article (a claim, a heading,
/// a tag), each followed by the edit that takes it out again, timed apart.
struct Additions {
    claim_added: Vec<(Duration, Duration)>,
    claim_removed: Vec<(Duration, Duration)>,
    heading_added: Vec<(Duration, Duration)>,
    heading_removed: Vec<(Duration, Duration)>,
    tag_added: Vec<(Duration, Duration)>,
    tag_removed: Vec<(Duration, Duration)>,
}

/// Times `edit` on `path`, then the edit restoring its text.
fn add_then_remove(
    inc: &mut Incremental,
    path: &Path,
    edit: impl FnOnce(&str) -> String,
    check: impl FnOnce(),
) -> ((Duration, Duration), (Duration, Duration)) {
    let before = std::fs::read_to_string(path).expect("read");
    std::fs::write(path, edit(&before)).expect("write");
    let change = [Change::Content(path.canonicalize().expect("exists"))];
    let added = timed(inc, &change);
    check();
    std::fs::write(path, before).expect("write");
    (added, timed(inc, &change))
}

fn additions(inc: &mut Incremental, root: &Path, articles: &[PathBuf], n: usize) -> Additions {
    let companies = files(&root.join("content/companies"));
    let build = inc.build_dir().to_path_buf();
    let mut out = Additions {
        claim_added: Vec::new(),
        claim_removed: Vec::new(),
        heading_added: Vec::new(),
        heading_removed: Vec::new(),
        tag_added: Vec::new(),
        tag_removed: Vec::new(),
    };
    let step = articles.len() / n + 1;
    for (k, p) in articles.iter().skip(5).step_by(step).enumerate() {
        // Subjects spread over the alphabet, so the new claim lands at
        // different places of the sorted claim list.
        let company = &companies[(k * companies.len() / n + 3) % companies.len()];
        let name = entity_name(company);
        let sentence = format!("\n\n{name} đạt doanh thu {} tỷ USD trong năm 2031.\n", 7 + k);
        let id = format!(
            "{}-revenue-2031-{}",
            company.file_stem().expect("stem").to_string_lossy(),
            p.file_stem().expect("stem").to_string_lossy()
        );
        let page = build.join(format!("claims/{id}.html"));
        let (a, r) = add_then_remove(
            inc,
            p,
            |t| format!("{t}{sentence}"),
            || assert!(page.exists(), "the edit added claim {id}"),
        );
        assert!(!page.exists(), "claim {id} removed again");
        out.claim_added.push(a);
        out.claim_removed.push(r);

        let (a, r) =
            add_then_remove(inc, p, |t| format!("{t}\n\n## Ghi chú {k}\n\nMột đoạn mới.\n"), || {});
        out.heading_added.push(a);
        out.heading_removed.push(r);

        // A tag other articles have (its list gains an article).
        let (a, r) = add_then_remove(
            inc,
            p,
            |t| {
                let tag = ["logistics", "fintech", "5G", "IPO"]
                    .into_iter()
                    .find(|tag| !t.contains(&format!("\"{tag}\"")))
                    .expect("one of four tags is missing");
                t.replacen("tags = [", &format!("tags = [\"{tag}\", "), 1)
            },
            || {},
        );
        out.tag_added.push(a);
        out.tag_removed.push(r);
    }
    out
}

/// `factbook serve` end to end: time from writing an article to the reload
/// event reaching a connected tab, and to the new page text being served.
fn served(root: &Path, articles: &[PathBuf], n: usize) -> Vec<(Duration, Duration)> {
    use std::io::{BufRead, BufReader, Read, Write};
    // FACTBOOK_BENCH_BIN: another build's binary (to compare two builds in one run).
    let bin = std::env::var_os("FACTBOOK_BENCH_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_factbook")), PathBuf::from);
    let mut child = std::process::Command::new(bin)
        .args(["serve", "-p", "0"])
        .arg(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start factbook serve");
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    let url = loop {
        line.clear();
        if out.read_line(&mut line).expect("serve output") == 0 {
            panic!("factbook serve exited");
        }
        if let Some(at) = line.find("http://") {
            break line[at + 7..].split_whitespace().next().unwrap_or_default().to_string();
        }
    };
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let (host, base) = url.split_once('/').expect("url has a path");
    let get = |path: &str| -> String {
        let mut s = std::net::TcpStream::connect(host).expect("connect");
        write!(s, "GET /{base}{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
            .expect("request");
        let mut body = String::new();
        s.read_to_string(&mut body).expect("response");
        body
    };
    let mut events = std::net::TcpStream::connect(host).expect("connect");
    write!(events, "GET /__factbook/events HTTP/1.1\r\nHost: {host}\r\n\r\n").expect("request");
    let mut events = BufReader::new(events);
    let mut times = Vec::new();
    for (k, p) in articles.iter().step_by(articles.len() / n + 1).enumerate() {
        let marker = format!("Served edit {k}");
        let mut text = std::fs::read_to_string(p).expect("read");
        text.push_str(&format!("\n\n{marker}.\n"));
        let t = Instant::now();
        std::fs::write(p, text).expect("write");
        loop {
            line.clear();
            events.read_line(&mut line).expect("event stream");
            if line.starts_with("event: reload") {
                break;
            }
        }
        let reload = t.elapsed();
        let page = format!("articles/{}.html", p.file_stem().expect("stem").to_string_lossy());
        let body = get(&page);
        assert!(body.contains(&marker), "the served page has the edit");
        times.push((reload, t.elapsed()));
        // Let the data files follow before the next save.
        std::thread::sleep(Duration::from_millis(400));
    }
    let _ = child.kill();
    let _ = child.wait();
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
    let opts = BuildOptions {
        root: root.clone(),
        dest_dir: None,
        site_url: None,
        ..BuildOptions::default()
    };

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
    let mut figure_edits = Vec::new();
    for (k, p) in articles.iter().skip(3).step_by(articles.len() / 9 + 1).enumerate() {
        change_a_figure(p, k);
        figure_edits.push(timed(&mut inc, &[Change::Content(p.canonicalize().expect("exists"))]));
    }
    let entity_edits = append_to_each(
        &mut inc,
        &files(&root.join("content/companies")),
        5,
        "\nDescription edit.\n",
    );
    let added = additions(&mut inc, &root, &articles, 7);
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
    report("figure edit ", &figure_edits);
    report("entity description", &entity_edits);
    report("claim added ", &added.claim_added);
    report("claim removed", &added.claim_removed);
    report("heading added", &added.heading_added);
    report("heading removed", &added.heading_removed);
    report("tag added   ", &added.tag_added);
    report("tag removed ", &added.tag_removed);
    report("template edit", &[template_edit]);
    drop(inc);
    let e2e = served(&root, &articles, 7);
    let reload = median(e2e.iter().map(|x| x.0).collect());
    let page = median(e2e.iter().map(|x| x.1).collect());
    println!(
        "factbook serve, article saved -> reload event {:>7.1} ms, -> new page served {:>7.1} ms (median of {})",
        reload.as_secs_f64() * 1e3,
        page.as_secs_f64() * 1e3,
        e2e.len()
    );
    let _ = std::fs::remove_dir_all(&root);
}
