//! Markdown to HTML with the knowledge base woven in: mention links, resolved
//! wikilinks and anchored claim quotes.
//!
//! Uses the same parser options and text merging as `analyze::mentions`, so
//! the body ranges recorded there line up with the events seen here.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::text::markdown_options;

/// Maps a wikilink target to a page URL.
pub type WikilinkResolver<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A link to inject over a body range.
#[derive(Debug, Clone)]
pub struct Inline {
    /// Body byte range the link covers (within one text event).
    pub range: Range<usize>,
    /// Relative URL of the target page.
    pub href: String,
    /// Entity name for the `title` attribute.
    pub title: String,
}

/// A claim quote to highlight.
#[derive(Debug, Clone)]
pub struct Highlight {
    /// Body byte range of the quote.
    pub range: Range<usize>,
    /// Claim ids anchored here (the first carries the element id).
    pub ids: Vec<String>,
}

/// Everything the renderer needs to know about one body.
#[derive(Default)]
pub struct Weave<'a> {
    /// Mention links, sorted by start, non-overlapping.
    pub links: Vec<Inline>,
    /// Wikilinks: link start offset -> URL, sorted by offset.
    pub wikilinks: Vec<(usize, String)>,
    /// Claim quotes, sorted by start.
    pub highlights: Vec<Highlight>,
    /// Whether raw HTML passes through (else it is escaped).
    pub allow_raw_html: bool,
    /// Resolves a wikilink that analysis did not record.
    pub resolve_wikilink: Option<&'a WikilinkResolver<'a>>,
    /// Ids for the body's headings, in document order (from link validation).
    pub heading_ids: Vec<String>,
    /// Links whose href is replaced: link start offset -> URL, sorted by offset.
    pub rewrites: Vec<(usize, String)>,
}

/// The URL recorded for the link starting at `at`, if any (`list` sorted by offset).
fn lookup(list: &[(usize, String)], at: usize) -> Option<&str> {
    let i = list.partition_point(|(start, _)| *start < at);
    list.get(i).filter(|(start, _)| *start == at).map(|(_, url)| url.as_str())
}

/// Renders `body` to HTML.
pub fn render_body(body: &str, weave: &Weave<'_>) -> String {
    let parser = pulldown_cmark::Parser::new_ext(body, markdown_options()).into_offset_iter();
    let merged = pulldown_cmark::utils::TextMergeWithOffset::new(parser);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut blocked = 0usize;
    let mut started_quotes: Vec<bool> = vec![false; weave.highlights.len()];
    let mut headings = weave.heading_ids.iter();
    for (event, range) in merged {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                blocked += 1;
                let id = headings.next().map(|h| CowStr::from(h.clone())).or(id);
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::Start(Tag::Link {
                link_type: link_type @ LinkType::WikiLink { .. },
                dest_url,
                title,
                id,
            }) => {
                blocked += 1;
                let href = lookup(&weave.wikilinks, range.start)
                    .or_else(|| lookup(&weave.rewrites, range.start))
                    .map(str::to_string)
                    .or_else(|| weave.resolve_wikilink.and_then(|f| f(&dest_url)));
                let dest = match href {
                    Some(h) => CowStr::from(h),
                    None => CowStr::from(""),
                };
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                blocked += 1;
                let dest_url = match lookup(&weave.rewrites, range.start) {
                    Some(url) => CowStr::from(url.to_string()),
                    None => dest_url,
                };
                events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(tag @ (Tag::Image { .. } | Tag::CodeBlock(_))) => {
                blocked += 1;
                events.push(Event::Start(tag));
            }
            Event::End(
                end @ (TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock),
            ) => {
                blocked = blocked.saturating_sub(1);
                events.push(Event::End(end));
            }
            Event::Text(text) if body.get(range.clone()) == Some(&*text) => {
                weave_text(
                    &text,
                    range.start,
                    blocked == 0,
                    weave,
                    &mut started_quotes,
                    &mut events,
                );
            }
            Event::Html(html) | Event::InlineHtml(html) if !weave.allow_raw_html => {
                events.push(Event::Text(html))
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// Splits one text event at link and highlight boundaries and emits HTML.
fn weave_text<'e>(
    text: &str,
    base: usize,
    linkable: bool,
    weave: &Weave<'_>,
    started: &mut [bool],
    out: &mut Vec<Event<'e>>,
) {
    let end = base + text.len();
    // `links` is sorted by start: only the few inside this text event are looked at.
    let links: Vec<&Inline> = if linkable {
        let first = weave.links.partition_point(|l| l.range.start < base);
        weave.links[first..]
            .iter()
            .take_while(|l| l.range.start < end)
            .filter(|l| l.range.end <= end)
            .collect()
    } else {
        Vec::new()
    };
    let marks: Vec<(usize, &Highlight)> = weave
        .highlights
        .iter()
        .enumerate()
        .filter(|(_, h)| h.range.start < end && h.range.end > base)
        .collect();
    if links.is_empty() && marks.is_empty() {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return;
    }
    let mut cuts: Vec<usize> = vec![base, end];
    for l in &links {
        cuts.extend([l.range.start, l.range.end]);
    }
    for (_, h) in &marks {
        cuts.extend([h.range.start.max(base), h.range.end.min(end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut html = String::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let Some(piece) = text.get(s - base..e - base) else { continue };
        // Quotes may nest (a repeated sentence widened to be unique takes in
        // the first one): the innermost marks the piece, and every claim
        // whose quote starts here gets its anchor.
        let covering: Vec<&(usize, &Highlight)> =
            marks.iter().filter(|(_, h)| h.range.start <= s && h.range.end >= e).collect();
        let mark = covering.iter().min_by_key(|(_, h)| h.range.len()).copied();
        if let Some(&(chosen, h)) = mark {
            let first = !started[chosen];
            for &&(i, other) in &covering {
                if std::mem::replace(&mut started[i], true) {
                    continue;
                }
                // The marked quote's first claim takes the id of the <mark> itself.
                for id in other.ids.iter().skip(usize::from(i == chosen)) {
                    html.push_str(&format!(
                        "<span class=\"claim-anchor\" id=\"claim-{}\"></span>",
                        escape(id)
                    ));
                }
            }
            html.push_str("<mark class=\"claim-quote\"");
            if first {
                html.push_str(&format!(" id=\"claim-{}\"", escape(&h.ids[0])));
            }
            let ids: Vec<&str> = std::iter::once(h)
                .chain(covering.iter().filter(|(i, _)| *i != chosen).map(|(_, h)| *h))
                .flat_map(|h| h.ids.iter().map(String::as_str))
                .collect();
            html.push_str(&format!(" data-claims=\"{}\">", escape(&ids.join(" "))));
        }
        match links.iter().find(|l| l.range.start <= s && l.range.end >= e) {
            Some(l) => html.push_str(&format!(
                "<a class=\"mention\" href=\"{}\" title=\"{}\">{}</a>",
                escape(&l.href),
                escape(&l.title),
                escape(piece)
            )),
            None => html.push_str(&escape(piece)),
        }
        if mark.is_some() {
            html.push_str("</mark>");
        }
    }
    out.push(Event::InlineHtml(CowStr::from(html)));
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Pushing to a String cannot fail.
    let _ = escape_pieces(s, |piece| {
        out.push_str(piece);
        Ok(())
    });
    out
}

/// [`escape`] into a writer: what templates print goes through here, a
/// million values per 10,000-article build, so runs between the five
/// special characters are copied whole and nothing is allocated.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_pieces(s, |piece| out.write_all(piece.as_bytes()))
}

/// Hands `s` to `push` piece by piece: runs without special characters as
/// they are, each special character as its entity.
fn escape_pieces(
    s: &str,
    mut push: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut copied = 0;
    while let Some(i) = next_special(s.as_bytes(), copied) {
        // The five are ASCII, so `i` is a character boundary.
        push(&s[copied..i])?;
        push(match s.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        copied = i + 1;
    }
    push(&s[copied..])
}

/// Where the next of the five special characters is, from `from` on. Eight
/// bytes are tested at once (most values have none, and a byte loop was 3%
/// of a build): a byte of `x ^ c` is zero where `x` has `c`, and the lowest
/// flagged byte of `(y - 0x01..) & !y & 0x80..` is the first zero byte of `y`.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_bytes = |y: u64| y.wrapping_sub(ONES) & !y & HIGHS;
    let rest = bytes.get(from..)?;
    let mut words = rest.chunks_exact(8);
    let mut at = from;
    for word in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(word);
        let x = u64::from_le_bytes(x);
        let hits = [b'&', b'<', b'>', b'"', b'\'']
            .iter()
            .fold(0, |hits, &c| hits | zero_bytes(x ^ (ONES * u64::from(c))));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words.remainder().iter().position(|&b| SPECIAL[usize::from(b)]).map(|p| at + p)
}

/// The bytes [`escape_to`] replaces, as a table: one load per byte scanned.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_exactly_the_five_characters() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("Trí tuệ"), "Trí tuệ");
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("đ&đ"), "đ&amp;đ");
    }

    proptest::proptest! {
        /// The word-at-a-time search finds what a character-by-character
        /// replacement does, wherever the special characters fall.
        #[test]
        fn escape_agrees_with_replacing_each_character(s in "[a&<>\"'đ ]{0,40}") {
            let expected: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(&escape(&s), &expected);
            let mut bytes = Vec::new();
            escape_to(&s, &mut bytes).unwrap();
            proptest::prop_assert_eq!(bytes, expected.into_bytes());
        }
    }

    #[test]
    fn nested_quotes_each_get_their_anchor() {
        let body = "Lỗ 5 triệu USD. Lỗ 5 triệu USD.\n";
        let weave = Weave {
            highlights: vec![
                Highlight { range: 0..body.len() - 1, ids: vec!["wide".into()] },
                Highlight { range: 0..body.find(". ").unwrap() + 1, ids: vec!["inner".into()] },
            ],
            ..Weave::default()
        };
        let html = render_body(body, &weave);
        assert_eq!(
            html,
            "<p><span class=\"claim-anchor\" id=\"claim-wide\"></span><mark class=\"claim-quote\" id=\"claim-inner\" data-claims=\"inner wide\">Lỗ 5 triệu USD.</mark><mark class=\"claim-quote\" data-claims=\"wide\"> Lỗ 5 triệu USD.</mark></p>\n"
        );
    }

    #[test]
    fn mentions_become_links_and_quotes_marks() {
        let body = "OpenAI thu 35 triệu USD. Hết.\n";
        let weave = Weave {
            links: vec![Inline {
                range: 0..6,
                href: "../companies/openai.html".into(),
                title: "OpenAI".into(),
            }],
            highlights: vec![Highlight {
                range: 0..body.find(" Hết").unwrap(),
                ids: vec!["a".into(), "b".into()],
            }],
            ..Weave::default()
        };
        let html = render_body(body, &weave);
        assert_eq!(
            html,
            "<p><span class=\"claim-anchor\" id=\"claim-b\"></span><mark class=\"claim-quote\" id=\"claim-a\" data-claims=\"a b\"><a class=\"mention\" href=\"../companies/openai.html\" title=\"OpenAI\">OpenAI</a></mark><mark class=\"claim-quote\" data-claims=\"a b\"> thu 35 triệu USD.</mark> Hết.</p>\n"
        );
    }

    #[test]
    fn raw_html_can_be_disabled() {
        let body = "<script>x</script>\n\nHi <b>there</b>\n";
        let html = render_body(body, &Weave { allow_raw_html: false, ..Weave::default() });
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        let html = render_body(body, &Weave { allow_raw_html: true, ..Weave::default() });
        assert!(html.contains("<b>there</b>"));
    }
}
