//! Unlinked mentions: names the articles use that the registry does not know.
//!
//! A `check`-only lint. Candidates are runs of capitalised words ("Sam
//! Altman", "Nguyễn Văn An") and product-like tokens (`GPT-4o`, `H100`,
//! `iPhone`) in the prose of article bodies (not code, link targets or front
//! matter). Known names and aliases split a run, so "OpenAI CEO Sam Altman"
//! yields "Sam Altman" only; stop words (function words, month and weekday
//! names, common acronyms, the site's UI words, vi and en) split runs too. A
//! lone ordinary word at the start of a sentence ("Theo", "However") counts only
//! if the same word is also capitalised mid-sentence somewhere. A candidate
//! found in at least two articles becomes one `unlinked-mention` note at its
//! first occurrence, with counts, the files and an entity file to paste.
//!
//! Invariant: pure; output order is deterministic (by name).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::{Article, Entity, slugify};
use crate::source::SourceMap;
use crate::text::markdown_options;

/// Fewest articles a name must appear in to be reported.
pub const MIN_ARTICLES: usize = 2;

/// Words that are never (part of) a candidate, lowercased: function words that
/// start sentences, months, weekdays, units and acronyms, and UI words (vi, en).
const STOP_WORDS: &[&str] = &[
    // English function words and sentence openers.
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "with",
    "from",
    "as",
    "after",
    "before",
    "since",
    "during",
    "while",
    "when",
    "where",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "there",
    "here",
    "however",
    "also",
    "still",
    "yet",
    "meanwhile",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "according",
    "so",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
    "less",
    "one",
    "two",
    "three",
    "first",
    "last",
    "next",
    "new",
    "other",
    "both",
    "each",
    "every",
    "such",
    "what",
    "which",
    "who",
    "why",
    "how",
    "is",
    "are",
    "was",
    "were",
    "be",
    "will",
    "would",
    "can",
    "could",
    "may",
    "mr",
    "mrs",
    "ms",
    "dr",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "chairman",
    "president",
    "founder",
    "inc",
    "corp",
    "ltd",
    "co",
    "llc",
    "plc",
    "group",
    // Months and weekdays.
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "q1",
    "q2",
    "q3",
    "q4",
    "h1",
    "h2",
    "fy",
    // Units, currencies and common acronyms.
    "usd",
    "vnd",
    "eur",
    "gbp",
    "jpy",
    "cny",
    "us",
    "uk",
    "eu",
    "ai",
    "api",
    "ipo",
    "gdp",
    "it",
    "pc",
    "tv",
    "ok",
    "faq",
    "pdf",
    "url",
    "html",
    "sdk",
    "b2b",
    "b2c",
    "m&a",
    "r&d",
    // Vietnamese sentence openers and titles.
    "theo",
    "trong",
    "tuy",
    "nhưng",
    "và",
    "với",
    "khi",
    "sau",
    "trước",
    "năm",
    "tháng",
    "ngày",
    "quý",
    "hiện",
    "đây",
    "đó",
    "điều",
    "những",
    "các",
    "một",
    "hai",
    "ba",
    "cũng",
    "ngoài",
    "bên",
    "tại",
    "từ",
    "cho",
    "vì",
    "nếu",
    "còn",
    "đến",
    "về",
    "do",
    "bởi",
    "để",
    "ông",
    "bà",
    "anh",
    "chị",
    "giám",
    "đốc",
    "chủ",
    "tịch",
    "tổng",
    "công",
    "ty",
    "tập",
    "đoàn",
    "hãng",
    "nhà",
    "người",
    "chúng",
    "tôi",
    "họ",
    "nó",
    "này",
    "kia",
    "thì",
    "là",
    "có",
    "không",
    "đã",
    "đang",
    "sẽ",
    "vẫn",
    "chỉ",
    "rất",
    "nhiều",
    "ít",
    "mới",
    "cùng",
    "thứ",
    "chủ nhật",
    "tỷ",
    "triệu",
    "nghìn",
    "đồng",
    "usd",
    "mỹ",
    "việt",
    "nam",
    // UI words of the site.
    "home",
    "articles",
    "article",
    "figures",
    "figure",
    "tags",
    "tag",
    "source",
    "sources",
    "page",
    "previous",
    "summary",
    "search",
    "chart",
    "data",
    "timeline",
    "provenance",
    "trang",
    "chủ",
    "bài",
    "viết",
    "số",
    "liệu",
    "nguồn",
    "tóm",
    "tắt",
    "tìm",
    "kiếm",
    "biểu",
    "đồ",
    "dữ",
    "dòng",
    "thời",
    "gian",
];

/// Stop words that split a run wherever they stand (titles, months, units,
/// acronyms); the others only drop from its start, since short words like
/// "An" or "Nam" end Vietnamese names.
const HARD_STOP_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "chairman",
    "president",
    "founder",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "usd",
    "vnd",
    "eur",
    "gbp",
    "jpy",
    "cny",
    "ai",
    "api",
    "ipo",
    "gdp",
    "ông",
    "bà",
    "tháng",
    "năm",
    "ngày",
    "quý",
    "tỷ",
    "triệu",
    "nghìn",
    "đồng",
];

/// Common Vietnamese family names: a run starting with one names a person.
const VI_SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "trương", "đinh", "lâm", "mai", "trịnh",
];

/// One word of prose with its body range.
struct Word<'a> {
    text: &'a str,
    range: Range<usize>,
    /// Whether it opens a sentence (or block).
    initial: bool,
    /// Whether only spaces separate it from the previous word.
    joined: bool,
}

/// The prose words of a Markdown body: text outside code, link targets and
/// raw HTML, with body offsets.
fn words(body: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut blocked = 0usize;
    let mut initial = true;
    let parser = pulldown_cmark::Parser::new_ext(body, markdown_options()).into_offset_iter();
    for (event, range) in pulldown_cmark::utils::TextMergeWithOffset::new(parser) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => {
                blocked += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                blocked = blocked.saturating_sub(1)
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_),
            ) => initial = true,
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                // Inline code is not prose, and it ends a run of words.
                initial = false;
                out.push(Word { text: "", range: range.clone(), initial: false, joined: false });
            }
            Event::Text(text) if blocked == 0 => {
                // Only verbatim text maps back to body offsets.
                let Some(src) = body.get(range.clone()).filter(|s| *s == &*text) else {
                    continue;
                };
                split_words(src, range.start, &mut initial, &mut out);
            }
            _ => {}
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits prose into words; `-`, `.`, `+` and `&` stay inside a word when a
/// letter or digit follows (`GPT-4o`, `Node.js`, `AT&T`).
fn split_words<'a>(text: &'a str, offset: usize, initial: &mut bool, out: &mut Vec<Word<'a>>) {
    let mut joined = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if !is_word_char(c) {
            if matches!(c, '.' | '!' | '?' | ':' | ';' | '…') {
                *initial = true;
            }
            if !c.is_whitespace() {
                joined = false;
            }
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
            if is_word_char(c) || (matches!(c, '-' | '.' | '+' | '&' | '\'' | '·') && next_is_word)
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        let word = &text[start..end];
        out.push(Word {
            text: word,
            range: offset + start..offset + end,
            initial: *initial,
            joined: joined && !*initial,
        });
        *initial = false;
        joined = true;
        i = j;
    }
}

/// Product-like: a digit with a letter (`GPT-4o`, `H100`), a capital after a
/// lowercase letter (`iPhone`, `OpenAI`), or two or more capitals (`AWS`).
fn product_like(w: &str) -> bool {
    let has_digit = w.chars().any(|c| c.is_ascii_digit());
    let has_letter = w.chars().any(char::is_alphabetic);
    let inner_cap =
        w.chars().zip(w.chars().skip(1)).any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    let caps = w.chars().filter(|c| c.is_uppercase()).count();
    (has_digit && has_letter && w.chars().next().is_some_and(char::is_alphabetic))
        || inner_cap
        || caps >= 2
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// One candidate occurrence.
struct Found {
    name: String,
    range: Range<usize>,
    /// A lone ordinary word opening a sentence: counts only if the same word is
    /// also found mid-sentence.
    weak: bool,
}

/// Candidates in one body, skipping names in `known` (lowercased forms).
fn candidates(body: &str, known: &HashSet<String>, longest_known: usize) -> Vec<Found> {
    let words = words(body);
    let stop: HashSet<&str> = STOP_WORDS.iter().copied().collect();
    let hard: HashSet<&str> = HARD_STOP_WORDS.iter().copied().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w.text.is_empty() || !(capitalised(w.text) || product_like(w.text)) {
            i += 1;
            continue;
        }
        // A run: capitalised or product-like words joined by spaces only.
        let mut j = i + 1;
        while j < words.len()
            && words[j].joined
            && !words[j].text.is_empty()
            && (capitalised(words[j].text) || product_like(words[j].text))
        {
            j += 1;
        }
        // Split the run at known names (longest first) and stop words.
        let mut k = i;
        let mut piece_start = i;
        let flush = |from: usize, to: usize, out: &mut Vec<Found>| {
            if from >= to {
                return;
            }
            let name = words[from..to].iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
            if known.contains(&name.to_lowercase()) || name.chars().count() < 2 {
                return;
            }
            let single = to - from == 1;
            let weak = single && words[from].initial && !product_like(words[from].text);
            out.push(Found { name, range: words[from].range.start..words[to - 1].range.end, weak });
        };
        while k < j {
            let lower = words[k].text.to_lowercase();
            // Longest known name starting here.
            let mut form = String::new();
            let mut known_len = None;
            for (n, w) in words[k..j.min(k + longest_known)].iter().enumerate() {
                if n > 0 {
                    form.push(' ');
                }
                form.push_str(&w.text.to_lowercase());
                if known.contains(&form) {
                    known_len = Some(n + 1);
                }
            }
            if let Some(n) = known_len {
                flush(piece_start, k, &mut out);
                k += n;
                piece_start = k;
            } else if hard.contains(lower.as_str())
                || (k == piece_start && stop.contains(lower.as_str()))
                || lower.chars().all(|c| c.is_ascii_digit())
            {
                flush(piece_start, k, &mut out);
                k += 1;
                piece_start = k;
            } else {
                k += 1;
            }
        }
        flush(piece_start, j, &mut out);
        i = j;
    }
    out
}

/// Lowercased names, aliases and slugs of every entity.
fn known_forms(entities: &[Entity]) -> HashSet<String> {
    let mut known = HashSet::new();
    for e in entities {
        known.insert(e.name.to_lowercase());
        known.insert(e.slug.as_str().to_lowercase());
        for a in &e.aliases {
            known.insert(a.text.to_lowercase());
        }
    }
    known
}

/// Reports every candidate name found in at least [`MIN_ARTICLES`] articles.
pub fn report_unlinked_mentions(
    articles: &[Article],
    entities: &[Entity],
    sources: &SourceMap,
    diags: &mut Diagnostics,
) {
    let known = known_forms(entities);
    let longest = known.iter().map(|k| k.split(' ').count()).max().unwrap_or(1);
    // name -> (articles, occurrences, first occurrence)
    struct Seen {
        articles: BTreeSet<usize>,
        count: usize,
        strong: bool,
        first: Option<(usize, Range<usize>)>,
    }
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    // Oldest article first (the model lists them newest first), so a note
    // points at where a name first appeared.
    use rayon::prelude::*;
    let found: Vec<Vec<Found>> =
        articles.par_iter().map(|a| candidates(&a.body, &known, longest)).collect();
    for (ai, list) in found.into_iter().enumerate().rev() {
        for f in list {
            let s = seen.entry(f.name).or_insert(Seen {
                articles: BTreeSet::new(),
                count: 0,
                strong: false,
                first: None,
            });
            s.articles.insert(ai);
            s.count += 1;
            // Point at the first occurrence that counts (not a sentence opener).
            if s.first.is_none() || (!f.weak && !s.strong) {
                s.first = Some((ai, f.range));
            }
            s.strong |= !f.weak;
        }
    }
    for (name, s) in seen {
        if !s.strong || s.articles.len() < MIN_ARTICLES {
            continue;
        }
        let Some((ai, range)) = s.first else { continue };
        let a = &articles[ai];
        let span = Span::new(a.file, a.body_offset + range.start..a.body_offset + range.end);
        let mut files: Vec<String> = s
            .articles
            .iter()
            .map(|&i| {
                sources
                    .try_get(articles[i].file)
                    .map_or_else(|| articles[i].slug.to_string(), |f| f.rel_path.to_string())
            })
            .collect();
        files.sort();
        let kind = guess_kind(&name);
        let slug = slugify(&name);
        let help = format!(
            "found in {}; to link it, add content/{kind}/{slug}.md (move it to the right kind \
             folder):\n+++\nname = \"{}\"\n+++\n",
            files.join(", "),
            name.replace('\\', "\\\\").replace('"', "\\\""),
        );
        diags.push(
            Diagnostic::note(
                "unlinked-mention",
                Some(span),
                format!(
                    "\"{name}\" appears {} times in {} articles but matches no entity",
                    s.count,
                    s.articles.len()
                ),
            )
            .with_help(help),
        );
    }
}

/// The kind folder a skeleton suggests: products for product-like tokens,
/// people for Vietnamese full names, companies otherwise.
fn guess_kind(name: &str) -> &'static str {
    let first = name.split(' ').next().unwrap_or("");
    if name.split(' ').any(product_like) && !name.chars().all(|c| !c.is_lowercase()) {
        "products"
    } else if VI_SURNAMES.contains(&first.to_lowercase().as_str()) && name.contains(' ') {
        "people"
    } else {
        "companies"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(body: &str, known: &[&str]) -> Vec<(String, bool)> {
        let known: HashSet<String> = known.iter().map(|k| k.to_lowercase()).collect();
        candidates(body, &known, 3).into_iter().map(|f| (f.name, f.weak)).collect()
    }

    #[test]
    fn runs_split_at_known_names_and_stop_words() {
        assert_eq!(
            names("OpenAI CEO Sam Altman met Nguyễn Văn An.", &["OpenAI"]),
            [("Sam Altman".to_string(), false), ("Nguyễn Văn An".to_string(), false)]
        );
    }

    #[test]
    fn product_tokens_and_sentence_openers() {
        let found =
            names("However, the GPT-4o model beat Claude. Theo Reuters, it grew.", &["Reuters"]);
        assert_eq!(found, [("GPT-4o".to_string(), false), ("Claude".to_string(), false),]);
        // A lone capitalised word opening a sentence is weak.
        assert_eq!(names("Investors cheered.", &[]), [("Investors".to_string(), true)]);
    }

    #[test]
    fn code_and_months_are_not_names() {
        assert!(names("In March, `FooBar` ran.\n\n```\nBazQux\n```\n", &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn candidates_never_panic_and_point_into_the_body(body in "[A-Za-zĐđÀ-ỹ0-9 .,·\\-`*#\n\\[\\]()]{0,200}") {
            let known: HashSet<String> = ["acme".to_string()].into_iter().collect();
            for f in candidates(&body, &known, 2) {
                let text = body.get(f.range.clone());
                proptest::prop_assert!(text.is_some(), "{:?} in {:?}", f.range, body);
            }
        }
    }

    #[test]
    fn skeleton_kinds() {
        assert_eq!(guess_kind("GPT-4o"), "products");
        assert_eq!(guess_kind("Nguyễn Văn An"), "people");
        assert_eq!(guess_kind("Anthropic"), "companies");
    }
}
