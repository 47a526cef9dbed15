//! Text vocabulary shared by analysis and rendering: the Markdown parser options
//! both stages use (so they see the same events), the offset-preserving prose view
//! of a body with its sentence splitting ([`prose`]), and the plain-text summary of a
//! Markdown body.
//!
//! Rules: a leaf module (uses nothing of the crate); every function is pure and
//! never panics on any input.

pub mod fold;
pub mod prose;

pub use self::prose::Format;
use pulldown_cmark::{Event, TagEnd};
use std::ops::Range;

/// Markdown options shared by analysis and rendering, so both see the same events.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
}

/// A Markdown body parsed once, with the body range of every event: an article is
/// read by the mention scan, the prose view and its summary, and parsing it for each
/// of them cost as much as one of those readings.
pub struct Events<'a>(Vec<(Event<'a>, Range<usize>)>);

impl<'a> Events<'a> {
    /// Parses `body` with [`markdown_options`].
    pub fn parse(body: &'a str) -> Events<'a> {
        Events(
            pulldown_cmark::Parser::new_ext(body, markdown_options()).into_offset_iter().collect(),
        )
    }

    /// The events with their ranges, as the parser gives them.
    pub fn iter(&self) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + '_ {
        self.0.iter().cloned()
    }
}

/// Plain text of a Markdown snippet (for descriptions and feeds).
pub fn plain_text(md: &str, max_chars: usize) -> String {
    plain_text_of(pulldown_cmark::Parser::new_ext(md, markdown_options()), max_chars)
}

/// [`plain_text`] of a body already parsed.
pub fn plain_text_of<'a>(events: impl IntoIterator<Item = Event<'a>>, max_chars: usize) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
        if out.len() > max_chars * 4 {
            break;
        }
    }
    let joined = collapse_whitespace(&out);
    if joined.chars().count() <= max_chars {
        return joined;
    }
    let cut: String = joined.chars().take(max_chars).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}…")
}

/// The words of `text` joined by single spaces: what
/// `text.split_whitespace().collect::<Vec<_>>().join(" ")` gives, read by byte
/// (only four lead bytes can start a non-ASCII space), for every summary and quote.
pub fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let space = match bytes[i] {
            b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ' => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        match (space, word) {
            (0, None) => word = Some(i),
            (1.., Some(start)) => {
                push_word(&mut out, text.get(start..i).unwrap_or_default());
                word = None;
            }
            _ => {}
        }
        i += space.max(1);
    }
    if let Some(start) = word {
        push_word(&mut out, text.get(start..).unwrap_or_default());
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_space_outside_ascii_starts_with_a_byte_collapsing_looks_at() {
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let lead = c.to_string().as_bytes()[0];
            assert!(matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapsing_whitespace_joins_the_words(
            text in "([a-zđ.]|\\PC|\\s|\u{85}|\u{a0}|\u{1680}|\u{2002}|\u{2028}|\u{202f}|\u{3000}|\u{2026}|ể){0,40}"
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(collapse_whitespace(&text), words.join(" "));
        }
    }

    #[test]
    fn plain_text_truncates_on_words() {
        assert_eq!(plain_text("**Một** hai ba bốn", 8), "Một hai…");
        let body = "# Tiêu đề\n\n- một `hai`\n- [ba](x)\n\nbốn  năm\nsáu.";
        let parsed = Events::parse(body);
        for max in [3, 8, 200] {
            assert_eq!(plain_text_of(parsed.iter().map(|(e, _)| e), max), plain_text(body, max));
        }
    }
}
