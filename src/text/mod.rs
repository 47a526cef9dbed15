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
    let words: Vec<&str> = out.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max_chars {
        return joined;
    }
    let cut: String = joined.chars().take(max_chars).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

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
