//! The client-side search index: the model becomes script files under `search/`.
//!
//! Every file is a classic script that hands its data to
//! `window.__fbSearch(name, data)`, so `static/search.js` can load them with
//! `<script>` tags, which work from `file://` as well as over HTTP and under
//! any site-url prefix (every path is relative to the site root). Files:
//!
//! - `search/index.js`: the manifest (shard keys, kind labels, document count);
//! - `search/terms/<key>.js`: the words whose folded form starts with `<key>`,
//!   each with its original spellings and their postings (document, weight);
//! - `search/docs/<n>.js`: what results show of documents `n*8 ..`;
//! - `search/text/<slug>.js`: an article's plain text, for snippets around the hit.
//!
//! Words are folded (lowercase, marks removed, `đ` → `d`) so `dau tu` finds
//! `đầu tư`, and keep their original lowercase spelling so a query typed with
//! tones can rank exact spellings first. A query loads only the shards of its
//! words: shards start as the first two letters of the folded word and split
//! by one more letter while too large. Very common words keep only their
//! best postings ([`MAX_POSTINGS`]), which bounds every shard.
//!
//! Invariant: pure and deterministic, like the rest of `render`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pulldown_cmark::{Event, TagEnd};
use rayon::prelude::*;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::{Output, Renderer};
use crate::i18n::metric_label;
use crate::model::urls;

/// Postings kept per spelling: the heaviest, so names and titles survive.
pub const MAX_POSTINGS: usize = 300;
/// A shard is split by one more letter while its data is larger than this.
pub const SHARD_BYTES: usize = 24 * 1024;
/// Documents per `search/docs/<n>.js` file.
pub const DOC_GROUP: usize = 8;
/// Characters of an article's text kept for snippets.
const TEXT_CHARS: usize = 5000;
/// Characters of a stored snippet (entity description, claim quote).
const SNIPPET_CHARS: usize = 200;

/// Weight of a word in an entity's name or alias. The client treats any
/// weight at or above it as a name match (entities then rank first).
pub const W_NAME: u32 = 100;
/// Weight of a word in an article title.
const W_TITLE: u32 = 40;
/// Weight of a word in a claim's subject, metric, period or value.
const W_CLAIM: u32 = 30;
/// Weight of a word in a summary, tag, source or infobox value.
const W_META: u32 = 15;
/// Weight of a word in body text (plus its count there, up to 8).
const W_BODY: u32 = 2;

/// The folded form of a word: lowercase, combining marks removed, `đ` → `d`
/// (`Đầu` → `dau`). Unicode decomposition does not split `đ`, so it is
/// mapped explicitly. `static/search.js` folds queries the same way.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            out.push(c);
        } else if c == 'đ' {
            out.push('d');
        } else {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// The words of `text`: maximal runs of letters, digits and combining marks
/// (`OpenAI's` → `OpenAI`, `s`; `3.250` → `3`, `250`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    Words { text, at: 0 }
}

fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Latin letters with diacritics, Vietnamese's among them: most of
        // the non-ASCII text indexed, answered without Unicode table lookups.
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => c != '×' && c != '÷',
        '\u{0300}'..='\u{036F}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// The iterator of [`words`]; ASCII bytes are classified without decoding.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut start = None;
        let mut i = self.at;
        while i < bytes.len() {
            let b = bytes[i];
            let (word, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = self.text[i..].chars().next().expect("i is on a char boundary");
                (is_word_char(c), c.len_utf8())
            };
            match (word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    self.at = i + len;
                    return Some(&self.text[s..i]);
                }
                _ => {}
            }
            i += len;
        }
        self.at = bytes.len();
        start.map(|s| &self.text[s..])
    }
}

/// One search result as the client shows it.
struct Doc {
    /// Index into the manifest's kind labels.
    kind: usize,
    title: String,
    url: String,
    snippet: String,
    /// Articles: path of the plain-text file for snippets.
    text: Option<String>,
}

/// One posting: a document, the heaviest field a word is in there, and how
/// often it occurs in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    doc: u32,
    field: u8,
    count: u8,
}

impl Posting {
    /// The weight the client sees.
    fn weight(self) -> u8 {
        (u32::from(self.field) + u32::from(self.count.min(8))).min(255) as u8
    }
}

/// The words of a run of consecutive documents: lowercase spelling ->
/// postings in document order. Documents are indexed in chunks, in
/// parallel, so each chunk allocates a word once, not once per document.
#[derive(Default)]
struct Chunk {
    words: rustc_hash::FxHashMap<Box<str>, Vec<Posting>>,
    buf: String,
}

impl Chunk {
    /// Appends the postings of `later`, whose documents all come after ours.
    fn append(&mut self, later: Chunk) {
        if self.words.is_empty() {
            *self = later;
            return;
        }
        for (w, list) in later.words {
            match self.words.get_mut(&w) {
                Some(all) => all.extend(list),
                None => {
                    self.words.insert(w, list);
                }
            }
        }
    }

    /// Adds the words of `text`, a field of weight `weight` of document
    /// `doc` (documents come in increasing order).
    fn add(&mut self, doc: u32, text: &str, weight: u32) {
        let body = weight == W_BODY;
        for w in words(text) {
            self.buf.clear();
            if w.is_ascii() {
                self.buf.push_str(w);
                self.buf.make_ascii_lowercase();
            } else if !w.chars().any(may_lowercase) {
                // Most words of a body are lower case already: asking is
                // cheaper than mapping every character.
                self.buf.push_str(w);
            } else {
                self.buf.extend(w.chars().flat_map(char::to_lowercase));
            }
            let list = match self.words.get_mut(self.buf.as_str()) {
                Some(l) => l,
                None => self.words.entry(self.buf.as_str().into()).or_default(),
            };
            match list.last_mut() {
                Some(p) if p.doc == doc => {
                    p.field = p.field.max(weight as u8);
                    p.count = p.count.saturating_add(u8::from(body));
                }
                _ => list.push(Posting { doc, field: weight as u8, count: u8::from(body) }),
            }
        }
    }
}

/// Whether lowercasing may change `c`: upper case letters, and the title
/// case ones (ǅ, ᾈ ...), which Unicode does not count as upper case.
fn may_lowercase(c: char) -> bool {
    c.is_uppercase() || matches!(c, '\u{1C5}'..='\u{1F2}' | '\u{1F88}'..='\u{1FFC}')
}

/// Weight of the words of a name: a word that is the whole name weighs most,
/// so `openai` ranks OpenAI above Azure OpenAI.
fn name_weight(name: &str) -> u32 {
    W_NAME + 40 / words(name).count().max(1) as u32
}

/// Markdown to plain text: text and code, blocks separated by newlines.
fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for event in pulldown_cmark::Parser::new_ext(md, crate::text::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The first `max` characters of `text`, cut at a word boundary.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = &text[..end];
            let cut = cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i]);
            format!("{}…", cut.trim_end())
        }
    }
}

/// JSON string literal of `s`.
fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A script that hands `data` (JSON) to the client under `name`.
fn script(name: &str, data: &str) -> Vec<u8> {
    format!("window.__fbSearch({},{data});\n", js_str(name)).into_bytes()
}

/// File name of a shard key: ASCII letters and digits as they are, anything
/// else as hex of its UTF-8 bytes (`search.js` computes the same).
pub fn shard_file(key: &str) -> String {
    if key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        format!("search/terms/t_{key}.js")
    } else {
        let mut s = String::from("search/terms/x_");
        for b in key.bytes() {
            let _ = write!(s, "{b:02x}");
        }
        s.push_str(".js");
        s
    }
}

impl Renderer<'_> {
    /// The search files, sorted by path (the build writes them with the data
    /// files; rebuilds keep them as the data unit's).
    pub fn search_index(&self) -> Vec<Output> {
        let all = super::Collect::default();
        // A `Collect` never fails.
        let _ = write_search(self, &all);
        all.into_sorted()
    }
}

/// Puts the search files of the site into `sink` as they are made, so the
/// articles' texts are not all held at once.
pub(super) fn write_search(r: &Renderer<'_>, sink: &dyn super::Sink) -> anyhow::Result<()> {
    let t = std::time::Instant::now();
    let (docs, words) = collect(r, sink)?;
    crate::diag::trace("search: words", t);
    let t = std::time::Instant::now();
    let terms = merge(words);
    let shards = shard(&terms);
    drop(terms);
    crate::diag::trace("search: shards", t);
    let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
    let kinds = kind_labels(r);
    let manifest = serde_json::json!({
        "version": 1,
        "docs": docs.len(),
        "group": DOC_GROUP,
        "name_weight": W_NAME,
        "kinds": kinds,
        "shards": keys,
    });
    sink.put(Output {
        path: "search/index.js".into(),
        bytes: script("index", &manifest.to_string()),
    })?;
    for (key, body) in &shards {
        let path = shard_file(key);
        let name = path.trim_start_matches("search/").trim_end_matches(".js").to_string();
        sink.put(Output { path, bytes: script(&name, body) })?;
    }
    for (n, group) in docs.chunks(DOC_GROUP).enumerate() {
        let mut body = String::from("[");
        for (i, d) in group.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            let _ = write!(
                body,
                "[{},{},{},{}",
                d.kind,
                js_str(&d.title),
                js_str(&d.url),
                js_str(&d.snippet)
            );
            if let Some(t) = &d.text {
                let _ = write!(body, ",{}", js_str(t));
            }
            body.push(']');
        }
        body.push(']');
        sink.put(Output {
            path: format!("search/docs/{n}.js"),
            bytes: script(&format!("docs/{n}"), &body),
        })?;
    }
    Ok(())
}

/// Kind labels: article, claim, then each entity kind.
fn kind_labels(r: &Renderer<'_>) -> Vec<String> {
    let t = |k: &str| r.prep.strings.get(k).copied().unwrap_or(k).to_string();
    let mut kinds = vec![t("article"), t("claim")];
    kinds.extend(r.config.kinds.iter().map(|k| k.singular.clone()));
    kinds
}

/// A document to index, by its place in the model.
#[derive(Clone, Copy)]
enum Source {
    Entity(usize),
    Article(usize),
    Claim(usize),
}

/// Documents per indexing chunk.
const CHUNK: usize = 512;

/// Every document (entities, articles, claims, in that order) and their
/// words; the articles' text files go to `sink` on the way.
fn collect(r: &Renderer<'_>, sink: &dyn super::Sink) -> anyhow::Result<(Vec<Doc>, Chunk)> {
    let m = r.model;
    let sources: Vec<Source> = (0..m.entities.len())
        .map(Source::Entity)
        .chain((0..m.articles.len()).map(Source::Article))
        .chain((0..m.claims.len()).map(Source::Claim))
        .collect();
    // Chunks are merged as they finish (in document order: rayon's reduce
    // keeps the order of its items), so few word maps are alive at once.
    sources
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, part)| {
            let mut chunk = Chunk::default();
            let mut docs = Vec::with_capacity(part.len());
            for (i, &src) in part.iter().enumerate() {
                let id = (n * CHUNK + i) as u32;
                let (doc, text) = index_doc(r, src, id, &mut chunk);
                if let (Some(path), Some(text)) = (&doc.text, text) {
                    let name = path.trim_start_matches("search/").trim_end_matches(".js");
                    sink.put(Output { path: path.clone(), bytes: script(name, &js_str(&text)) })?;
                }
                docs.push(doc);
            }
            chunk.buf = String::new();
            Ok((docs, chunk))
        })
        .try_reduce(
            || (Vec::new(), Chunk::default()),
            |(mut docs, mut words), (more, next)| {
                docs.extend(more);
                words.append(next);
                Ok((docs, words))
            },
        )
}

/// Adds one document's words to `chunk`; returns what its result shows and,
/// for an article, the text kept for snippets.
fn index_doc(r: &Renderer<'_>, src: Source, id: u32, chunk: &mut Chunk) -> (Doc, Option<String>) {
    let m = r.model;
    match src {
        Source::Entity(i) => {
            let e = &m.entities[i];
            chunk.add(id, &e.name, name_weight(&e.name));
            for a in &e.aliases {
                chunk.add(id, &a.text, name_weight(&a.text));
            }
            for (_, v) in &e.facts {
                chunk.add(id, v, W_META);
            }
            chunk.add(id, &plain_text(&e.body), W_BODY);
            let kind = r.config.kinds.iter().position(|k| k.folder == e.kind).map_or(0, |k| k + 2);
            let doc = Doc {
                kind,
                title: e.name.clone(),
                url: urls::entity(e),
                snippet: r.look.entity_summaries[i].clone(),
                text: None,
            };
            (doc, None)
        }
        Source::Article(i) => {
            let a = &m.articles[i];
            chunk.add(id, &a.title, W_TITLE);
            if let Some(s) = &a.summary {
                chunk.add(id, s, W_META);
            }
            for t in &a.tags {
                chunk.add(id, t, W_META);
            }
            if let Some(s) = &a.source {
                chunk.add(id, &s.name, W_META);
            }
            let text = plain_text(&a.body);
            chunk.add(id, &text, W_BODY);
            let doc = Doc {
                kind: 0,
                title: a.title.clone(),
                url: urls::article(a),
                snippet: m.excerpts[i].clone(),
                text: (!text.is_empty()).then(|| format!("search/text/{}.js", a.slug)),
            };
            (doc, Some(clip(&text, TEXT_CHARS)))
        }
        Source::Claim(i) => {
            let c = &m.claims[i];
            let subject = &m.entity(c.subject).name;
            let metric = metric_label(&c.metric, r.lang);
            let value = r.claim_value(crate::model::ClaimId(i as u32));
            let mut parts = vec![subject.as_str(), metric.as_str()];
            if let Some(p) = &c.period {
                parts.push(p);
            }
            parts.push(value);
            let title = parts.join(" · ");
            chunk.add(id, &title, W_CLAIM);
            chunk.add(id, &c.value_text, W_CLAIM);
            for e in [c.counterparty, c.according_to].into_iter().flatten() {
                chunk.add(id, &m.entity(e).name, W_META);
            }
            let doc = Doc {
                kind: 1,
                title,
                url: urls::claim(c),
                snippet: c.quote.as_deref().map(|q| clip(q, SNIPPET_CHARS)).unwrap_or_default(),
                text: None,
            };
            (doc, None)
        }
    }
}

/// Per folded word: its spellings, each with postings (document, weight)
/// sorted by document, at most [`MAX_POSTINGS`] of the heaviest.
type Terms = BTreeMap<String, BTreeMap<String, Vec<(u32, u8)>>>;

fn merge(words: Chunk) -> Terms {
    let by_spelling = words.words;
    type Folded = (String, String, Vec<(u32, u8)>);
    let folded: Vec<Folded> = by_spelling
        .into_par_iter()
        .map(|(w, list)| {
            let mut postings: Vec<(u32, u8)> = list.iter().map(|p| (p.doc, p.weight())).collect();
            if postings.len() > MAX_POSTINGS {
                postings.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                postings.truncate(MAX_POSTINGS);
                postings.sort_unstable();
            }
            (fold(&w), w.into(), postings)
        })
        .collect();
    let mut terms: Terms = BTreeMap::new();
    for (f, w, p) in folded {
        terms.entry(f).or_default().insert(w, p);
    }
    terms
}

/// One term's entry in a shard: `"dau":{"đầu":[doc,weight,Δdoc,weight,...],...}`.
fn term_json(folded: &str, spellings: &BTreeMap<String, Vec<(u32, u8)>>) -> String {
    let mut s = js_str(folded);
    s.push_str(":{");
    for (i, (w, postings)) in spellings.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&js_str(w));
        s.push_str(":[");
        let mut last = 0;
        for (j, &(doc, weight)) in postings.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            let _ = write!(s, "{},{weight}", doc - last);
            last = doc;
        }
        s.push(']');
    }
    s.push('}');
    s
}

/// Groups terms into shards by prefix: the first two letters, split by one
/// more letter while a shard is larger than [`SHARD_BYTES`]. Returns the
/// shard keys with their JSON, sorted by key. The client finds a word's
/// shard as the longest key that is a prefix of it.
fn shard(terms: &Terms) -> Vec<(String, String)> {
    let entries: Vec<(&str, String)> =
        terms.par_iter().map(|(f, s)| (f.as_str(), term_json(f, s))).collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let key = prefix(entries[start].0, 2);
        let end = start + entries[start..].iter().take_while(|(f, _)| prefix(f, 2) == key).count();
        split(&entries[start..end], key, &mut out);
        start = end;
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn split(entries: &[(&str, String)], key: &str, out: &mut Vec<(String, String)>) {
    let size: usize = entries.iter().map(|(_, j)| j.len() + 1).sum();
    let len = key.chars().count();
    let longer = entries.iter().any(|(f, _)| f.chars().count() > len);
    if size <= SHARD_BYTES || !longer {
        out.push((key.to_string(), join(entries)));
        return;
    }
    // Words equal to the key stay in its shard; the rest go one letter deeper.
    let here: Vec<(&str, String)> = entries.iter().filter(|(f, _)| *f == key).cloned().collect();
    if !here.is_empty() {
        out.push((key.to_string(), join(&here)));
    }
    let rest: Vec<(&str, String)> = entries.iter().filter(|(f, _)| *f != key).cloned().collect();
    let mut start = 0;
    while start < rest.len() {
        let child = prefix(rest[start].0, len + 1);
        let end = start + rest[start..].iter().take_while(|(f, _)| f.starts_with(child)).count();
        split(&rest[start..end], child, out);
        start = end;
    }
}

fn join(entries: &[(&str, String)]) -> String {
    let mut s = String::from("{");
    for (i, (_, j)) in entries.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(j);
    }
    s.push('}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_vietnamese_marks_and_d_stroke() {
        assert_eq!(fold("Đầu tư"), "dau tu");
        assert_eq!(fold("trí tuệ"), "tri tue");
        assert_eq!(fold("ĐƯỜNG"), "duong");
        assert_eq!(fold("dương"), "duong");
        assert_eq!(fold("Nguyễn Thị Đoàn"), "nguyen thi doan");
        assert_eq!(fold("OpenAI"), "openai");
    }

    #[test]
    fn fold_handles_decomposed_input_and_other_latin() {
        // "ệ" as e + circumflex + dot below, as some editors save it.
        assert_eq!(fold("tu\u{0065}\u{0302}\u{0323}"), "tue");
        assert_eq!(fold("Café Zürich"), "cafe zurich");
        assert_eq!(fold("東京"), "東京");
    }

    #[test]
    fn latin_fast_path_agrees_with_unicode() {
        let ranges = ['\u{00C0}'..='\u{024F}', '\u{0300}'..='\u{036F}', '\u{1E00}'..='\u{1EFF}'];
        for c in ranges.into_iter().flatten() {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
        }
    }

    #[test]
    fn lowercasing_changes_only_what_may_lowercase_says() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| !may_lowercase(c)) {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    #[test]
    fn words_split_vietnamese_and_english_text() {
        let w: Vec<&str> = words("OpenAI's 2024 target: 1 tỷ USD (đầu tư, 3.250)").collect();
        assert_eq!(w, ["OpenAI", "s", "2024", "target", "1", "tỷ", "USD", "đầu", "tư", "3", "250"]);
        let decomposed = "tu\u{0065}\u{0302}\u{0323} x";
        assert_eq!(words(decomposed).count(), 2);
    }

    #[test]
    fn a_document_keeps_its_best_field_and_counts_body_hits() {
        let mut c = Chunk::default();
        c.add(0, "OpenAI", W_NAME);
        c.add(0, "openai OpenAI thu", W_BODY);
        c.add(1, "thu", W_BODY);
        let weights = |w: &str| c.words[w].iter().map(|p| (p.doc, p.weight())).collect::<Vec<_>>();
        assert_eq!(weights("openai"), [(0, (W_NAME + 2) as u8)]);
        assert_eq!(weights("thu"), [(0, (W_BODY + 1) as u8), (1, (W_BODY + 1) as u8)]);
    }

    #[test]
    fn merge_groups_spellings_under_the_folded_word_and_caps_postings() {
        let mut first = Chunk::default();
        first.add(0, "Đầu", W_TITLE);
        first.add(0, "dầu", W_BODY);
        first.add(1, "đầu", W_BODY);
        let mut second = Chunk::default();
        for d in 2..(MAX_POSTINGS + 7) as u32 {
            // The first few documents have it only in the body: the lightest.
            second.add(d, "và", if d < 7 { W_BODY } else { W_META });
        }
        first.append(second);
        let terms = merge(first);
        let dau = &terms["dau"];
        assert_eq!(dau["đầu"], [(0, W_TITLE as u8), (1, (W_BODY + 1) as u8)]);
        assert_eq!(dau["dầu"], [(0, (W_BODY + 1) as u8)]);
        let va = &terms["va"]["và"];
        assert_eq!(va.len(), MAX_POSTINGS);
        assert!(va.windows(2).all(|p| p[0].0 < p[1].0), "sorted by document");
        assert!(va.iter().all(|&(_, w)| w == W_META as u8), "the lightest postings were dropped");
    }

    #[test]
    fn a_whole_name_weighs_more_than_a_word_of_a_longer_one() {
        assert!(name_weight("OpenAI") > name_weight("Azure OpenAI"));
        assert!(name_weight("Azure OpenAI") > name_weight("Microsoft Azure OpenAI Service"));
        assert!(
            name_weight(
                "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z A B C D E F G H I J K L M N"
            ) >= W_NAME
        );
        const { assert!(W_NAME > W_TITLE + 8 && W_NAME > W_CLAIM + 8, "a name beats any other field") };
    }

    #[test]
    fn postings_are_delta_encoded() {
        let mut s = BTreeMap::new();
        s.insert("đầu".to_string(), vec![(3, 40), (10, 2)]);
        assert_eq!(term_json("dau", &s), r#""dau":{"đầu":[3,40,7,2]}"#);
    }

    #[test]
    fn large_shards_split_by_one_more_letter() {
        let mut terms: Terms = BTreeMap::new();
        let heavy: Vec<(u32, u8)> = (0..MAX_POSTINGS as u32).map(|d| (d * 1000, 9)).collect();
        let mut list = vec!["th".to_string(), "to".to_string()];
        for child in ["tha", "thi", "thu"] {
            list.extend(["a", "b", "c", "d", "e"].iter().map(|c| format!("{child}{c}")));
        }
        list.push("thanh".into());
        for w in &list {
            let mut s = BTreeMap::new();
            s.insert(w.clone(), heavy.clone());
            terms.insert(w.clone(), s);
        }
        let shards = shard(&terms);
        let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["th", "tha", "thi", "thu", "to"]);
        assert!(shards[1].1.contains("\"thanh\""), "tha holds thanh");
    }

    #[test]
    fn shard_file_names_are_safe() {
        assert_eq!(shard_file("op"), "search/terms/t_op.js");
        assert_eq!(shard_file("đ"), "search/terms/x_c491.js");
    }

    #[test]
    fn plain_text_keeps_blocks_apart() {
        let t = plain_text("# Tiêu đề\n\nMột *hai* `ba`.\n\n- bốn\n- năm\n");
        assert_eq!(t, "Tiêu đề\nMột hai ba.\nbốn\nnăm");
    }
}
