//! The search index (`search/`) and the header's search box: what the build
//! writes for `static/search.js`, and that `serve` keeps it current. The
//! browser side is tested in `tests/browser/search.test.mjs`.

use std::collections::BTreeMap;

use factbook::BuildOptions;
use factbook::rebuild::{Change, Incremental};
use factbook::render::search::{W_NAME, fold, shard_file};
use serde_json::Value;

use crate::harness::{SiteTest, all_files, sel};

/// The data a search script hands to `window.__fbSearch(name, data)`.
fn script_data(text: &str) -> (String, Value) {
    let inner = text
        .strip_prefix("window.__fbSearch(")
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("not a search script: {text:.80}"));
    let comma = inner.find("\",").expect("name, data") + 1;
    let name: String = serde_json::from_str(&inner[..comma]).unwrap();
    (name, serde_json::from_str(&inner[comma + 1..]).unwrap())
}

/// What one query word finds: the shard the client loads for it (the
/// longest shard key that starts the folded word) and the word's entry.
struct Index {
    manifest: Value,
    files: BTreeMap<String, Vec<u8>>,
}

impl Index {
    fn of(t: &SiteTest) -> Index {
        let files = all_files(&t.out());
        let manifest = script_data(std::str::from_utf8(&files["search/index.js"]).unwrap()).1;
        Index { manifest, files }
    }

    fn data(&self, path: &str) -> Value {
        let bytes = self.files.get(path).unwrap_or_else(|| panic!("no {path}"));
        let (name, data) = script_data(std::str::from_utf8(bytes).unwrap());
        assert_eq!(format!("search/{name}.js"), path, "a script names itself by its path");
        data
    }

    /// Spelling -> (document, weight) postings of a folded word.
    fn word(&self, word: &str) -> BTreeMap<String, Vec<(u64, u64)>> {
        let folded = fold(word);
        let keys: Vec<&str> =
            self.manifest["shards"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        let key = keys
            .iter()
            .filter(|k| folded.starts_with(**k))
            .max_by_key(|k| k.len())
            .unwrap_or_else(|| panic!("no shard for {folded}"));
        let shard = self.data(&shard_file(key));
        let Some(spellings) = shard.get(&folded) else { return BTreeMap::new() };
        spellings
            .as_object()
            .unwrap()
            .iter()
            .map(|(s, p)| {
                let flat: Vec<u64> =
                    p.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
                let mut doc = 0;
                let postings = flat
                    .chunks(2)
                    .map(|c| {
                        doc += c[0];
                        (doc, c[1])
                    })
                    .collect();
                (s.clone(), postings)
            })
            .collect()
    }

    /// `[kind, title, url, snippet, text?]` of a document.
    fn doc(&self, id: u64) -> Value {
        let group = self.manifest["group"].as_u64().unwrap();
        self.data(&format!("search/docs/{}.js", id / group))[(id % group) as usize].clone()
    }

    fn kind(&self, doc: &Value) -> String {
        self.manifest["kinds"][doc[0].as_u64().unwrap() as usize].as_str().unwrap().to_string()
    }
}

#[test]
fn every_page_has_a_labelled_search_box_hidden_without_javascript() {
    let t = SiteTest::from_dir("basic");
    t.build();
    for (page, root) in
        [("index.html", ""), ("articles/widget-review.html", "../"), ("companies/acme.html", "../")]
    {
        let doc = t.html(page);
        let form = doc
            .select(&sel("header .site-search[role=search][hidden]"))
            .next()
            .unwrap_or_else(|| panic!("{page}: no hidden search box in the header"));
        assert_eq!(form.value().attr("data-root"), Some(root), "{page}");
        assert_eq!(
            doc.select(&sel(".site-search input[type=search]#site-search-input")).count(),
            1
        );
        assert_eq!(doc.select(&sel(".site-search label[for=site-search-input]")).count(), 1);
        let scripts: Vec<&str> =
            doc.select(&sel("script[src]")).filter_map(|s| s.value().attr("src")).collect();
        assert!(
            scripts.contains(&format!("{root}static/search.js").as_str()),
            "{page}: {scripts:?}"
        );
    }
    assert!(t.out().join("static/search.js").is_file());
}

#[test]
fn an_entity_name_outweighs_every_other_field() {
    let t = SiteTest::sample();
    t.build();
    let ix = Index::of(&t);
    let openai = &ix.word("openai")["openai"];
    let &(top, weight) = openai.iter().max_by_key(|(_, w)| *w).unwrap();
    let doc = ix.doc(top);
    assert_eq!(doc[2], "companies/openai.html", "{doc}");
    assert_eq!(ix.kind(&doc), "Công ty");
    assert!(weight >= u64::from(W_NAME));
    // Azure OpenAI has the word in its name too, but not as the whole name.
    let azure = openai
        .iter()
        .find(|(d, _)| ix.doc(*d)[2] == "products/azure-openai.html")
        .expect("Azure OpenAI is indexed under openai");
    assert!(W_NAME as u64 <= azure.1 && azure.1 < weight);
}

#[test]
fn vietnamese_words_are_folded_and_keep_their_spellings() {
    let t = SiteTest::sample();
    t.build();
    let ix = Index::of(&t);
    let dau = ix.word("dau");
    assert!(dau.contains_key("đầu"), "{:?}", dau.keys());
    // Tones tell words apart: viện (institute) and viên are one folded word
    // with two spellings, found in different documents.
    let vien = ix.word("viện");
    let docs = |s: &str| vien[s].iter().map(|(d, _)| *d).collect::<Vec<_>>();
    assert_eq!(docs("viện").len(), 1);
    assert_eq!(ix.doc(docs("viện")[0])[2], "publications/mit-technology-review.html");
    assert!(!docs("viên").is_empty() && !docs("viên").contains(&docs("viện")[0]));
}

#[test]
fn a_claim_result_shows_subject_metric_period_and_value() {
    let t = SiteTest::sample();
    t.build();
    let ix = Index::of(&t);
    let target = &ix.word("mục")["mục"];
    let titles: Vec<Value> = target.iter().map(|(d, _)| ix.doc(*d)).collect();
    let claim = titles
        .iter()
        .find(|d| d[1] == "OpenAI · Mục tiêu doanh thu · 2024 · 1 tỷ USD")
        .unwrap_or_else(|| panic!("no claim result in {titles:?}"));
    assert_eq!(ix.kind(claim), "Số liệu");
    assert!(claim[2].as_str().unwrap().starts_with("claims/"));
    assert!(!claim[3].as_str().unwrap().is_empty(), "the quote is the snippet");
    // Articles carry a text file for snippets around the hit.
    let article = (0..ix.manifest["docs"].as_u64().unwrap())
        .map(|d| ix.doc(d))
        .find(|d| d[2] == "articles/nhung-con-so-quanh-chatgpt.html")
        .expect("the article is a search document");
    assert_eq!(ix.kind(&article), "Bài viết");
    let text = ix.data(article[4].as_str().expect("an article has a text file"));
    assert!(text.as_str().unwrap().contains("ChatGPT"), "{text}");
}

#[test]
fn serve_keeps_the_index_current_after_an_edit() {
    let t = SiteTest::from_dir("basic");
    let inc_dir = t.root.join("inc");
    let opts = BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(inc_dir.clone()),
        ..BuildOptions::default()
    };
    let (mut inc, _, first) = Incremental::start(opts).unwrap();
    assert!(first.is_some());
    let p = t.root.join("content/articles/widget-review.md");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\nMột từ mới: Zanzibarđường.\n");
    std::fs::write(&p, text).unwrap();
    let (_, written) = inc.apply(&[Change::Content(p.canonicalize().unwrap())]).unwrap();
    assert!(written.is_some());
    inc.finish().unwrap();
    let shard = std::fs::read_to_string(inc_dir.join(shard_file("za"))).unwrap();
    assert!(shard.contains("\"zanzibarduong\":{\"zanzibarđường\":"), "{shard}");
    // And the incremental index is the full build's, byte for byte.
    let full = t.root.join("full");
    factbook::build_site(&BuildOptions {
        root: t.root.clone(),
        dest_dir: Some(full.clone()),
        ..BuildOptions::default()
    })
    .unwrap();
    let search = |dir: &std::path::Path| {
        all_files(dir).into_iter().filter(|(k, _)| k.starts_with("search/")).collect::<Vec<_>>()
    };
    assert_eq!(search(&inc_dir), search(&full));
}
