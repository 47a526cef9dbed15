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

/// Markdown options shared by analysis and rendering, so both see the same events.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
}

/// Plain text of a Markdown snippet (for descriptions and feeds).
pub fn plain_text(md: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for event in pulldown_cmark::Parser::new_ext(md, markdown_options()) {
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
    }
}
